/// \file
/// Narrowing of sizes to the 32-bit counters the library keeps.
#ifndef LANGEVIN_DETAIL_NARROW_HPP
#define LANGEVIN_DETAIL_NARROW_HPP

#include <cstddef>
#include <cstdint>

#include "../config.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {
namespace detail {

/// The low 32 bits of `value`; callers have checked that it is below 2^32. A mask, not a
/// cast: on 32-bit Linux std::size_t and std::uint32_t are the same type, and a user's
/// -Wuseless-cast would flag the cast there.
constexpr std::uint32_t low_32_bits(std::size_t value) noexcept { return value & 0xFFFFFFFFu; }

}  // namespace detail
}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
