/// \file
/// Uniform real numbers from random bits: the same bits give the same value on every port
/// (an integer conversion and a multiplication by a power of two, both exact).
///
/// Generators: any UniformRandomBitGenerator whose outputs are full 32-bit or full 64-bit
/// words (min() == 0 and max() == 2^32 - 1 or 2^64 - 1), e.g. langevin::pcg32,
/// std::mt19937, std::mt19937_64. Generator outputs consumed per value:
///   uniform<float>, uniform_open<float>:   1 (any generator);
///   uniform<double>, uniform_open<double>: 2 from a 32-bit generator, 1 from a 64-bit one.
/// With a 32-bit generator, a double takes the first output as the upper 32 bits and the
/// second as the lower 32 bits of a 64-bit word; a 64-bit generator's float uses the upper
/// half of its output. Only the top bits of the word are used (24 for float, 53 for double).
#ifndef LANGEVIN_RANDOM_UNIFORM_HPP
#define LANGEVIN_RANDOM_UNIFORM_HPP

#include <cstdint>
#include <type_traits>

#include "../config.hpp"
#include "../math.hpp"
#include "detail/random_bits.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

namespace detail {
template <class Real>
constexpr bool is_supported_real = std::is_same<Real, float>::value || std::is_same<Real, double>::value;

/// k / 2^24 for 0 <= k < 2^24 (exact in float), from the bits: where float arithmetic is
/// emulated in software (LANGEVIN_SOFT_FLOAT) this replaces the conversion and
/// multiplication helpers, with the same result. Out of line: a few bytes of frame of its
/// own instead of in every step that draws (Thumb-1 stack budget).
[[gnu::noinline]] inline float fraction_of_2_24(std::uint32_t k) noexcept {
  if (k == 0u) return 0.0f;
  const auto leading = static_cast<std::uint32_t>(__builtin_clz(k)) - 8u;  // 0 to 23
  // k << leading has its leading bit at bit 23, and k / 2^24 = 2^-(1 + leading) times
  // (k << leading) / 2^23: exponent field 126 - leading, to which the leading bit adds one.
  return math::float_from_bits(((125u - leading) << 23u) + (k << leading));
}

/// k / 2^24 as the float product (hardware float) or from the bits (emulated float).
inline float scaled_by_2_minus_24(std::uint32_t k) noexcept {
  if constexpr (LANGEVIN_SOFT_FLOAT != 0) {
    return fraction_of_2_24(k);
  } else {
    return static_cast<float>(static_cast<std::int32_t>(k)) * 0x1p-24f;
  }
}
}  // namespace detail

/// Uniform on [0, 1): one of 2^24 (float) or 2^53 (double) equally likely values k / 2^24
/// resp. k / 2^53, so every value is exact and 1 is never returned. Draws: see the file
/// comment (float: 1; double: 2 from a 32-bit generator, 1 from a 64-bit one).
template <class Real, class Generator>
constexpr Real uniform(Generator& g) noexcept(noexcept(g())) {
  static_assert(detail::is_supported_real<Real>, "uniform<Real>: Real must be float or double");
  if constexpr (std::is_same<Real, float>::value) {
    return detail::scaled_by_2_minus_24(detail::random_bits_32(g) >> 8u);
  } else {
    const std::uint64_t top53 = detail::random_bits_64(g) >> 11u;
    return static_cast<double>(static_cast<std::int64_t>(top53)) * 0x1p-53;
  }
}

/// Uniform on the open interval (0, 1), for code that takes logarithms: one of 2^23 (float)
/// or 2^52 (double) equally likely midpoints (k + 1/2) / 2^23 resp. (k + 1/2) / 2^52, all
/// exact. Smallest value 2^-24 (float) / 2^-53 (double), largest 1 minus that; the set is
/// symmetric under u -> 1 - u. Draws: as uniform<Real>.
template <class Real, class Generator>
constexpr Real uniform_open(Generator& g) noexcept(noexcept(g())) {
  static_assert(detail::is_supported_real<Real>, "uniform_open<Real>: Real must be float or double");
  if constexpr (std::is_same<Real, float>::value) {
    return detail::scaled_by_2_minus_24(((detail::random_bits_32(g) >> 9u) << 1u) | 1u);  // odd, < 2^24
  } else {
    const std::uint64_t odd = ((detail::random_bits_64(g) >> 12u) << 1u) | 1u;  // < 2^53
    return static_cast<double>(static_cast<std::int64_t>(odd)) * 0x1p-53;
  }
}

/// Uniform on [lower, upper): lower + (upper - lower) * uniform<Real>(g). Rounding can make
/// the result equal `upper` when the interval is wide compared with its ulp; callers that
/// need a strict bound must clamp. `lower > upper` mirrors the interval; non-finite bounds
/// give non-finite results. Draws: as uniform<Real>.
template <class Real, class Generator>
constexpr Real uniform(Generator& g, Real lower, Real upper) noexcept(noexcept(g())) {
  return lower + (upper - lower) * uniform<Real>(g);
}

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
