/// \file
/// Whether every value a loop computed is finite, tallied at the cost of one addition per
/// value where Real is hardware arithmetic.
#ifndef LANGEVIN_DETAIL_FINITE_TALLY_HPP
#define LANGEVIN_DETAIL_FINITE_TALLY_HPP

#include <cstddef>

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

/// Tally of the values a loop computes, answering "were they all finite?" afterwards.
/// Where Real is hardware arithmetic it keeps their sum (one addition per value, against an
/// integer test per value): a sum with a non-finite term is not finite (an infinity or a
/// NaN propagates, and inf + -inf is NaN), and a sum of finite terms is finite unless it
/// overflows, so only a non-finite sum needs the test value by value. Where Real is emulated
/// in software (an addition is a library call) it keeps the test per value. The values
/// themselves are never changed: same results, only a cheaper verdict.
template <class Real, bool software = soft_arithmetic<Real>>
class finite_tally {
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

/// The tally where Real is emulated in software: the test per value (all_finite's arguments
/// unused).
template <class Real>
class finite_tally<Real, true> {
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
