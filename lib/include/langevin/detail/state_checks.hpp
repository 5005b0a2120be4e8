/// \file
/// Checks that `set_state()` implementations apply to a state whose bytes came from outside
/// (a checkpoint blob), before any of its values is used.
#ifndef LANGEVIN_DETAIL_STATE_CHECKS_HPP
#define LANGEVIN_DETAIL_STATE_CHECKS_HPP

#include <cstring>

#include "../config.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {
namespace detail {

/// True if the bytes of `flag` are those of false or true. A bool whose byte holds any
/// other value must not be read as a bool (undefined behaviour), so restored flags are
/// inspected through their object representation first.
inline bool holds_bool(const bool& flag) noexcept {
  unsigned char byte = 0u;
  static_assert(sizeof(bool) == 1u, "bool is one byte on every supported target");
  std::memcpy(&byte, &flag, 1u);
  return byte <= 1u;
}

/// True if `value` is 0 or 1 (the index of the current half of a double buffer).
inline bool is_buffer_index(unsigned value) noexcept { return value <= 1u; }

}  // namespace detail
}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
