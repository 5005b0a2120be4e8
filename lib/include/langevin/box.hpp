/// \file
/// An axis-aligned box  lower[i] <= x[i] <= upper[i]: the search domain of the global
/// minimizer (optimize/minimize.hpp).
#ifndef LANGEVIN_BOX_HPP
#define LANGEVIN_BOX_HPP

#include <array>
#include <cstddef>

#include "config.hpp"
#include "math.hpp"
#include "status.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {
namespace detail {

/// box::validate() over n coordinates: one copy per scalar type, whatever the dimensions.
template <class Real>
[[gnu::noinline]] status box_validate(const Real* lower, const Real* upper, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    if (!(math::is_finite(lower[i]) && math::is_finite(upper[i]) && lower[i] <= upper[i])) {
      return status::invalid_argument;
    }
    if (!math::is_finite(upper[i] - lower[i])) return status::invalid_argument;
  }
  return status::ok;
}

}  // namespace detail

/// Closed box [lower[0], upper[0]] x ... x [lower[N-1], upper[N-1]] in the units of x.
/// An aggregate: `langevin::box<double, 2> bounds{{-5.0, -5.0}, {5.0, 5.0}};`.
/// A valid box has finite bounds, lower[i] <= upper[i] and a finite width upper[i] -
/// lower[i] in every coordinate (a zero width pins that coordinate).
template <class Real, std::size_t N>
struct box {
  static_assert(N > 0, "a box needs at least one coordinate");

  std::array<Real, N> lower;  ///< Lower corner.
  std::array<Real, N> upper;  ///< Upper corner.

  /// ok for a valid box (see above), invalid_argument otherwise (also for NaN bounds).
  status validate() const noexcept { return detail::box_validate(lower.data(), upper.data(), N); }

  /// True if every coordinate of `x` lies in its closed interval (false for NaN).
  bool contains(const std::array<Real, N>& x) const noexcept {
    bool inside = true;
    for (std::size_t i = 0; i < N; ++i) inside = inside && lower[i] <= x[i] && x[i] <= upper[i];
    return inside;
  }

  /// The nearest point of the box to `x` (coordinate-wise clamp; a NaN coordinate maps to
  /// the lower bound).
  std::array<Real, N> clamp(const std::array<Real, N>& x) const noexcept {
    std::array<Real, N> y{};
    for (std::size_t i = 0; i < N; ++i) {
      const Real v = x[i];
      y[i] = v > upper[i] ? upper[i] : (v >= lower[i] ? v : lower[i]);
    }
    return y;
  }
};

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
