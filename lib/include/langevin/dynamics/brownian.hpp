/// \file
/// Brownian motion: the Langevin equation with no potential. A free particle with
/// friction gamma at temperature T diffuses with D = T / gamma (Einstein), and its mean
/// squared displacement after time t in d dimensions is 2 d D t.
#ifndef LANGEVIN_DYNAMICS_BROWNIAN_HPP
#define LANGEVIN_DYNAMICS_BROWNIAN_HPP

#include <array>
#include <cstddef>
#include <limits>

#include "../config.hpp"
#include "../math.hpp"
#include "../problem.hpp"
#include "../random/normal.hpp"
#include "../span.hpp"
#include "../status.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

/// Einstein's relation: diffusion constant D = T / gamma (length^2 / time) of a particle
/// with friction gamma > 0 at temperature T >= 0.
template <class Real>
constexpr Real diffusion_constant(Real temperature, Real friction) noexcept {
  return temperature / friction;
}

/// Expected squared displacement 2 d D t of free Brownian motion in `dimensions`
/// dimensions after time t.
template <class Real>
constexpr Real einstein_mean_squared_displacement(std::size_t dimensions, Real diffusion, Real time) noexcept {
  return Real(2) * static_cast<Real>(dimensions) * diffusion * time;
}

namespace detail {
/// D >= 0 and dt > 0 finite, and the variance 2 (D dt) finite and, for D > 0, D dt at
/// least the smallest normal number (below it the increment would lose precision or
/// vanish).
template <class Real>
bool valid_diffusion(Real diffusion, Real time_step) noexcept {
  if (!(math::is_finite(diffusion) && math::is_finite(time_step) && diffusion >= Real(0) && time_step > Real(0))) {
    return false;
  }
  const Real spread = diffusion * time_step;
  return math::is_finite(Real(2) * spread) &&
         (!(diffusion > Real(0)) || spread >= std::numeric_limits<Real>::min());
}

/// sqrt(2 D dt), as sqrt(2 (D dt)): the same value as (2 D) dt wherever neither overflows.
template <class Real>
Real diffusion_scale(Real diffusion, Real time_step) noexcept {
  return math::sqrt(Real(2) * (diffusion * time_step));
}
}  // namespace detail

/// Moves `x` by one Brownian increment sqrt(2 D dt) xi, xi ~ N(0, I): D >= 0 in
/// length^2/time, dt > 0 in time. Draws Dim normals. Returns invalid_argument (x and rng
/// unchanged) for out-of-range or non-finite parameters, including a variance 2 D dt that
/// overflows or, for D > 0, a D dt below the smallest normal number (FLT_MIN, DBL_MIN);
/// non_finite (x unchanged) if the new position would overflow.
template <class Real, std::size_t Dim, class Rng>
status brownian_step(std::array<Real, Dim>& x, Real diffusion, Real time_step, Rng& rng) noexcept {
  if (!detail::valid_diffusion(diffusion, time_step)) return status::invalid_argument;
  const Real scale = detail::diffusion_scale(diffusion, time_step);
  std::array<Real, Dim> next{};
  for (std::size_t i = 0; i < Dim; ++i) next[i] = x[i] + scale * normal<Real>(rng);
  if (!detail::all_finite(next)) return status::non_finite;
  x = next;
  return status::ok;
}

/// Fills `path` with a Brownian path from the origin: path[0] = 0 and
/// path[k] = path[k-1] + sqrt(2 D dt) xi_k, the cumulative sums of Gaussian jumps.
/// The buffer holds path.size() points (the caller's memory; steps = size - 1), and
/// draws Dim * (size - 1) normals. Returns invalid_argument (buffer and rng untouched)
/// for bad parameters (as brownian_step's); an empty span is a valid no-op.
template <class Real, std::size_t Dim, class Rng>
status brownian_path(span<std::array<Real, Dim>> path, Real diffusion, Real time_step, Rng& rng) noexcept {
  if (!detail::valid_diffusion(diffusion, time_step)) return status::invalid_argument;
  if (path.size() == 0) return status::ok;
  const Real scale = detail::diffusion_scale(diffusion, time_step);
  path[0].fill(Real(0));
  for (std::size_t k = 1; k < path.size(); ++k) {
    for (std::size_t i = 0; i < Dim; ++i) path[k][i] = path[k - 1][i] + scale * normal<Real>(rng);
  }
  return status::ok;
}

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
