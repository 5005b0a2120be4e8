/// \file
/// Internal: 32 or 64 random bits from any UniformRandomBitGenerator whose outputs are all
/// 32-bit or all 64-bit values (min() == 0, max() == 2^32 - 1 or 2^64 - 1).
#ifndef LANGEVIN_RANDOM_DETAIL_RANDOM_BITS_HPP
#define LANGEVIN_RANDOM_DETAIL_RANDOM_BITS_HPP

#include <cstdint>
#include <type_traits>

#include "../../config.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {
namespace detail {

/// Word size of a generator: 32 or 64 (a compile-time error for anything else).
template <class Generator>
struct generator_word {
  using result_type = typename Generator::result_type;
  static_assert(std::is_integral<result_type>::value && std::is_unsigned<result_type>::value,
                "the generator must return an unsigned integer type");
  static_assert((Generator::min)() == 0u, "the generator's min() must be 0");
  static constexpr bool is_32 = static_cast<std::uint64_t>((Generator::max)()) == 0xFFFFFFFFu;
  static constexpr bool is_64 = static_cast<std::uint64_t>((Generator::max)()) == ~std::uint64_t{0};
  static_assert(is_32 || is_64, "the generator's max() must be 2^32 - 1 or 2^64 - 1");
  static constexpr int bits = is_32 ? 32 : 64;
};

/// 32 random bits: one call (a 64-bit generator gives its upper half).
template <class Generator>
constexpr std::uint32_t random_bits_32(Generator& g) noexcept(noexcept(g())) {
  if constexpr (generator_word<Generator>::is_32) {
    return static_cast<std::uint32_t>(g());
  } else {
    return static_cast<std::uint32_t>(static_cast<std::uint64_t>(g()) >> 32u);
  }
}

/// 64 random bits: one call of a 64-bit generator, or two calls of a 32-bit one (the
/// first call gives the upper half).
template <class Generator>
constexpr std::uint64_t random_bits_64(Generator& g) noexcept(noexcept(g())) {
  if constexpr (generator_word<Generator>::is_32) {
    const auto high = static_cast<std::uint64_t>(static_cast<std::uint32_t>(g()));
    const auto low = static_cast<std::uint64_t>(static_cast<std::uint32_t>(g()));
    return (high << 32u) | low;
  } else {
    return static_cast<std::uint64_t>(g());
  }
}

/// Outputs of `Generator` one random_bits_64 consumes: 2 or 1.
template <class Generator>
constexpr int calls_per_64_bits = generator_word<Generator>::is_32 ? 2 : 1;

}  // namespace detail
}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
