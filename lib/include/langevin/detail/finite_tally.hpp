/// \file
/// Whether every value a loop computed is finite, tallied at the cost of one addition per
/// value (or a few integer operations that vectorise) where Real is hardware arithmetic.
#ifndef LANGEVIN_DETAIL_FINITE_TALLY_HPP
#define LANGEVIN_DETAIL_FINITE_TALLY_HPP

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "../config.hpp"
#include "../math.hpp"
#include "phase.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {
namespace detail {

/// True if the n values at `values` are all finite (one test per value).
template <class Real>
bool every_finite(const Real* values, std::size_t n) noexcept {
  bool finite = true;
  for (std::size_t i = 0; i < n; ++i) finite &= math::is_finite(values[i]);
  return finite;
}

/// How a finite_tally reaches its verdict. Every method gives the exact verdict; they
/// differ only in cost.
enum class tally_method : unsigned char {
  /// The values' sum: one floating-point addition per value (a sum with a non-finite term
  /// is not finite, and a sum of finite terms is finite unless it overflows, so only a
  /// non-finite sum needs the test value by value). Cheapest on a scalar FPU (Cortex-M,
  /// where it is one instruction per value).
  sum,
  /// The OR over the values of (exponent field + 1), in integers: the carry reaches the
  /// sign bit exactly for an all-ones exponent (an infinity or a NaN). Three integer
  /// operations per value, with no chain of floating-point additions: a loop that keeps the
  /// values' sum must add them one by one in order (the compiler may not reassociate), a
  /// dependency chain of one addition latency per value that holds back the loop even when
  /// it is vectorised. On x86-64 (g++ 12 -O3) the float steps at N = 256 and 4096 take
  /// 5-20% less time per coordinate this way (bench_dynamics).
  exponent_bits,
  /// The exact test per value, where Real is emulated in software (an addition is a
  /// library call).
  per_value,
};

/// The method for Real on this target: per_value where Real is emulated in software,
/// exponent_bits on x86-64 (out-of-order cores with vector units, where it was measured),
/// the sum elsewhere. Fixed by the target alone, so every translation unit of a program
/// makes the same choice.
template <class Real>
constexpr tally_method default_tally_method = soft_arithmetic<Real> ? tally_method::per_value
#if defined(__x86_64__)
                                                                    : tally_method::exponent_bits;
#else
                                                                    : tally_method::sum;
#endif

/// Tally of the values a loop computes, answering "were they all finite?" afterwards
/// (see tally_method). The values themselves are never changed: same results, only a
/// cheaper verdict.
template <class Real, tally_method Method = default_tally_method<Real>>
class finite_tally;

template <class Real>
class finite_tally<Real, tally_method::sum> {
 public:
  [[gnu::always_inline]] void add(Real value) noexcept { sum_ += value; }

  /// True if every added value is finite; `values` (n of them) are the added values, read
  /// only if the sum is not finite.
  bool all_finite(const Real* values, std::size_t n) const noexcept {
    return LANGEVIN_LIKELY(math::is_finite(sum_)) || every_finite(values, n);
  }

 private:
  Real sum_ = Real(0);
};

template <class Real>
class finite_tally<Real, tally_method::exponent_bits> {
  using bits_type = std::conditional_t<sizeof(Real) == 8u, std::uint64_t, std::uint32_t>;
  static_assert(sizeof(Real) == sizeof(bits_type), "IEEE binary32 or binary64");
  static constexpr bits_type sign = bits_type{1} << (8u * sizeof(Real) - 1u);
  static constexpr unsigned significand_bits = sizeof(Real) == 8u ? 52u : 23u;
  static constexpr bits_type exponent_one = bits_type{1} << significand_bits;
  static constexpr bits_type exponent = sign - exponent_one;

 public:
  [[gnu::always_inline]] void add(Real value) noexcept {
    carries_ |= (math::to_bits(value) & exponent) + exponent_one;
  }

  /// True if every added value is finite (the arguments are not read).
  bool all_finite(const Real*, std::size_t) const noexcept { return (carries_ & sign) == 0u; }

 private:
  bits_type carries_ = 0u;
};

template <class Real>
class finite_tally<Real, tally_method::per_value> {
 public:
  [[gnu::always_inline]] void add(Real value) noexcept { all_ &= math::is_finite(value) ? 1u : 0u; }
  bool all_finite(const Real*, std::size_t) const noexcept { return all_ != 0u; }

 private:
  unsigned all_ = 1u;
};

}  // namespace detail
}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
