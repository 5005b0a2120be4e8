/// \file
/// The quench of the global minimizer: a zero-temperature descent to the bottom of the
/// current basin by projected limited-memory BFGS with a monotone Armijo backtracking line
/// search, written in reverse communication (the owner evaluates `trial` and reports the
/// energy and gradient there), so the minimizer can advance one problem call at a time.
#ifndef LANGEVIN_OPTIMIZE_DETAIL_MINIMIZE_QUENCH_HPP
#define LANGEVIN_OPTIMIZE_DETAIL_MINIMIZE_QUENCH_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "../../math.hpp"

namespace langevin {
namespace detail {

/// State of one quench; trivially copyable. `x, energy, gradient` is the lowest point of
/// the descent so far (always evaluated and finite); `trial` is the next point to evaluate.
template <class Real, std::size_t N, std::size_t Memory>
struct quench_state {
  static_assert(Memory > 0, "the quench needs at least one curvature pair");

  std::array<Real, N> x{};
  std::array<Real, N> gradient{};
  Real energy{};
  std::array<Real, N> direction{};
  std::array<Real, N> trial{};
  Real trial_decrease{};       ///< gradient . (x - trial) >= 0: the first-order energy drop.
  Real step{};                 ///< trial = clamp(x + step * direction)
  std::array<std::array<Real, N>, Memory> s{};  ///< position differences of accepted steps
  std::array<std::array<Real, N>, Memory> y{};  ///< gradient differences of accepted steps
  std::array<Real, Memory> rho{};               ///< 1 / (s . y)
  std::uint32_t stored{};      ///< curvature pairs in s, y (<= Memory)
  std::uint32_t newest{};      ///< index of the newest pair
  Real h0{};                 ///< scale of the initial inverse Hessian (s . y / y . y)
  Real inverse_curvature{};    ///< s . s / s . y of the last step: 1 / (curvature along it)
  Real last_drop{};            ///< energy drop of the last accepted step
  std::uint32_t steps{};       ///< accepted steps
  std::uint32_t max_steps{};
  std::uint32_t backtracks{};  ///< consecutive rejected trials of the current step
  std::uint64_t calls{};       ///< trials evaluated (accepted or not); at most 2 max_steps
  Real tolerance{};            ///< relative energy tolerance of the stopping rule
  /// Scratch of the two-loop recursion (its first-loop coefficients), kept here rather
  /// than on the stack; meaningless between calls.
  std::array<Real, Memory> alpha{};
};

template <class Real>
inline Real clamp_to(Real v, Real lo, Real hi) noexcept {
  return v > hi ? hi : (v >= lo ? v : lo);
}

/// Energy still to be gained in the harmonic approximation of the basin:
/// (1/2) g . (x - clamp(x - a g)) with a = 1 / curvature. For an unconstrained quadratic
/// well with curvature 1/a this is exactly E(x) - E(bottom).
template <class Real, std::size_t N>
inline Real harmonic_gap(const std::array<Real, N>& x, const std::array<Real, N>& g, Real inverse_curvature,
                         const std::array<Real, N>& lower, const std::array<Real, N>& upper) noexcept {
  Real sum = Real(0);
  for (std::size_t i = 0; i < N; ++i) {
    const Real moved = x[i] - clamp_to(x[i] - inverse_curvature * g[i], lower[i], upper[i]);
    sum += g[i] * moved;
  }
  return Real(0.5) * sum;
}

template <class Real, std::size_t N, std::size_t Memory>
class quench {
 public:
  using state_type = quench_state<Real, N, Memory>;

  /// Starts a descent from the evaluated point (x, energy, gradient), energy finite.
  /// Returns true if q.trial must be evaluated next, false if x is already a minimum.
  static bool begin(state_type& q, const std::array<Real, N>& x, Real energy, const std::array<Real, N>& gradient,
                    Real inverse_curvature, Real tolerance, std::uint32_t max_steps, const std::array<Real, N>& lower,
                    const std::array<Real, N>& upper) noexcept {
    start(q, x, energy, gradient, inverse_curvature, tolerance, max_steps);
    return next_step(q, lower, upper);
  }

  /// begin() without its first step: the caller runs next_step() next.
  static void start(state_type& q, const std::array<Real, N>& x, Real energy, const std::array<Real, N>& gradient,
                    Real inverse_curvature, Real tolerance, std::uint32_t max_steps) noexcept {
    q.x = x;
    q.energy = energy;
    q.gradient = gradient;
    q.stored = 0u;
    q.newest = 0u;
    q.h0 = inverse_curvature;
    q.inverse_curvature = inverse_curvature;
    q.last_drop = std::numeric_limits<Real>::infinity();
    q.steps = 0u;
    q.max_steps = max_steps;
    q.backtracks = 0u;
    q.calls = 0u;
    q.tolerance = tolerance;
  }

  /// Reports E and grad E at q.trial (`finite` false if either is NaN or infinite).
  /// Returns true if q.trial must be evaluated next, false when the descent has ended
  /// (q.x, q.energy, q.gradient hold its lowest point).
  static bool tell(state_type& q, Real energy, const std::array<Real, N>& gradient, bool finite,
                   const std::array<Real, N>& lower, const std::array<Real, N>& upper) noexcept {
    const bool out_of_calls = ++q.calls >= 2u * static_cast<std::uint64_t>(q.max_steps);
    if (finite && energy <= q.energy - armijo * q.trial_decrease) {
      // accept_step() returns before next_step() runs: their frames are not nested.
      if (accept_step(q, energy, gradient, lower, upper) || out_of_calls) return false;
      return next_step(q, lower, upper);
    }
    if (++q.backtracks > max_backtracks || out_of_calls) return false;
    q.step *= backtrack_factor;
    return place_trial(q, lower, upper) && q.trial_decrease > Real(0);
  }

#if LANGEVIN_SOFT_DOUBLE
  /// What verdict() leaves to the caller.
  enum verdict_type : std::uint8_t {
    verdict_trial,        ///< q.trial must be evaluated next
    verdict_end,          ///< the descent has ended
    verdict_accept,       ///< run accept(), then (unless it returns true) next_step()
    verdict_accept_last,  ///< run accept(); the descent then ends
  };

  /// tell() in pieces, for stack depth where arithmetic is emulated in software: the same
  /// operations in the same order, but accept_step() and next_step() are left to the
  /// caller, which runs them one after another instead of nested.
  static verdict_type verdict(state_type& q, Real energy, bool finite, const std::array<Real, N>& lower,
                              const std::array<Real, N>& upper) noexcept {
    const bool out_of_calls = ++q.calls >= 2u * static_cast<std::uint64_t>(q.max_steps);
    if (finite && energy <= q.energy - armijo * q.trial_decrease) return out_of_calls ? verdict_accept_last : verdict_accept;
    if (++q.backtracks > max_backtracks || out_of_calls) return verdict_end;
    q.step *= backtrack_factor;
    return place_trial(q, lower, upper) && q.trial_decrease > Real(0) ? verdict_trial : verdict_end;
  }

  /// accept_step() for verdict()'s caller.
  static bool accept(state_type& q, Real energy, const std::array<Real, N>& gradient, const std::array<Real, N>& lower,
                     const std::array<Real, N>& upper) noexcept {
    return accept_step(q, energy, gradient, lower, upper);
  }

  /// next_step() for the callers of start() and verdict().
  [[gnu::noinline]] static bool step(state_type& q, const std::array<Real, N>& lower,
                                     const std::array<Real, N>& upper) noexcept {
    return next_step(q, lower, upper);
  }
#endif

 private:
  static constexpr Real armijo = Real(1e-4);
  static constexpr Real backtrack_factor = Real(0.25);
  static constexpr std::uint32_t max_backtracks = 30u;

  /// Moves q to its accepted trial (energy and gradient there), keeps the curvature pair
  /// if it is resolved, and returns true if the descent has converged or used its steps.
  /// Out of line so that its difference vectors are not on the stack below next_step().
  [[gnu::noinline]] static bool accept_step(state_type& q, Real energy, const std::array<Real, N>& gradient,
                                            const std::array<Real, N>& lower,
                                            const std::array<Real, N>& upper) noexcept {
    Real ss = Real(0);
    Real sy = Real(0);
    Real yy = Real(0);
    Real longest = Real(0);
    std::array<Real, N> ds{};
    std::array<Real, N> dy{};
    for (std::size_t i = 0; i < N; ++i) {
      ds[i] = q.trial[i] - q.x[i];
      dy[i] = gradient[i] - q.gradient[i];
      ss += ds[i] * ds[i];
      sy += ds[i] * dy[i];
      yy += dy[i] * dy[i];
      const Real moved = math::abs(ds[i]);
      longest = moved > longest ? moved : longest;
    }
    q.last_drop = q.energy - energy;
    q.x = q.trial;
    q.energy = energy;
    q.gradient = gradient;
    ++q.steps;
    // A curvature pair is kept only if the step is resolved: longer than 32 ulps of the
    // box's largest coordinate. Shorter steps (rounding-level, e.g. at the end of a float
    // quench) give gradient differences made of rounding noise and a meaningless s.y.
    if (sy > Real(0) && math::is_finite(sy) && math::is_finite(yy) && yy > Real(0) &&
        longest > resolution(lower, upper)) {
      q.newest = q.stored == 0u ? 0u : (q.newest + 1u) % static_cast<std::uint32_t>(Memory);
      q.s[q.newest] = ds;
      q.y[q.newest] = dy;
      q.rho[q.newest] = Real(1) / sy;
      if (q.stored < Memory) ++q.stored;
      q.h0 = limit(sy / yy);
      q.inverse_curvature = limit(ss / sy);
    }
    return converged(q, lower, upper) || q.steps >= q.max_steps;
  }

  static Real resolution(const std::array<Real, N>& lower, const std::array<Real, N>& upper) noexcept {
    Real largest = Real(0);
    for (std::size_t i = 0; i < N; ++i) {
      const Real a = math::abs(lower[i]) > math::abs(upper[i]) ? math::abs(lower[i]) : math::abs(upper[i]);
      largest = a > largest ? a : largest;
    }
    return Real(32) * std::numeric_limits<Real>::epsilon() * largest;
  }

  /// Caps the first trial of a step at the box's largest width (a longer step would only
  /// be clamped and backtracked).
  static void cap_step(state_type& q, const std::array<Real, N>& lower, const std::array<Real, N>& upper) noexcept {
    Real widest = Real(0);
    Real longest = Real(0);
    for (std::size_t i = 0; i < N; ++i) {
      const Real w = upper[i] - lower[i];
      widest = w > widest ? w : widest;
      const Real d = math::abs(q.direction[i]);
      longest = d > longest ? d : longest;
    }
    q.step = longest > widest ? widest / longest : Real(1);
  }

  static Real limit(Real a) noexcept {
    const Real lo = Real(1e-12);
    const Real hi = Real(1e12);
    return a < lo ? lo : (a > hi ? hi : a);
  }

  static bool pinned(const state_type& q, std::size_t i, const std::array<Real, N>& lower,
                     const std::array<Real, N>& upper) noexcept {
    return (q.x[i] <= lower[i] && q.gradient[i] > Real(0)) || (q.x[i] >= upper[i] && q.gradient[i] < Real(0));
  }

  /// Stop when the harmonic estimate of the energy still to gain, and the last drop, are
  /// below tolerance * (1 + |E|).
  static bool converged(const state_type& q, const std::array<Real, N>& lower,
                        const std::array<Real, N>& upper) noexcept {
    const Real scale = q.tolerance * (Real(1) + math::abs(q.energy));
    const Real gap = harmonic_gap(q.x, q.gradient, q.inverse_curvature, lower, upper);
    return gap < scale && q.last_drop < Real(10) * scale;
  }

  /// Two-loop recursion on the free coordinates (those not held at a bound by the
  /// gradient); falls back to steepest descent when the result is not a descent direction.
  /// The recursion's vector r lives in q.direction (which it becomes) and its
  /// coefficients in q.alpha, so that they are not on the stack.
  static bool next_step(state_type& q, const std::array<Real, N>& lower, const std::array<Real, N>& upper) noexcept {
    std::array<Real, N>& r = q.direction;
    for (std::size_t i = 0; i < N; ++i) r[i] = pinned(q, i, lower, upper) ? Real(0) : q.gradient[i];
    std::array<Real, Memory>& alpha = q.alpha;
    for (std::uint32_t k = 0; k < q.stored; ++k) {
      const std::size_t j = (q.newest + static_cast<std::uint32_t>(Memory) - k) % Memory;
      Real dot = Real(0);
      for (std::size_t i = 0; i < N; ++i) dot += q.s[j][i] * r[i];
      alpha[j] = q.rho[j] * dot;
      for (std::size_t i = 0; i < N; ++i) r[i] -= alpha[j] * q.y[j][i];
    }
    for (std::size_t i = 0; i < N; ++i) r[i] *= q.h0;
    for (std::uint32_t k = q.stored; k-- > 0u;) {
      const std::size_t j = (q.newest + static_cast<std::uint32_t>(Memory) - k) % Memory;
      Real dot = Real(0);
      for (std::size_t i = 0; i < N; ++i) dot += q.y[j][i] * r[i];
      const Real beta = q.rho[j] * dot;
      for (std::size_t i = 0; i < N; ++i) r[i] += (alpha[j] - beta) * q.s[j][i];
    }
    Real slope = Real(0);
    for (std::size_t i = 0; i < N; ++i) {
      q.direction[i] = pinned(q, i, lower, upper) ? Real(0) : -r[i];  // in place: r is q.direction
      slope += q.gradient[i] * q.direction[i];
    }
    cap_step(q, lower, upper);
    q.backtracks = 0u;
    if (slope < Real(0) && place_trial(q, lower, upper) && q.trial_decrease > Real(0)) return true;
    q.stored = 0u;
    return steepest(q, lower, upper);
  }

  static bool steepest(state_type& q, const std::array<Real, N>& lower, const std::array<Real, N>& upper) noexcept {
    for (std::size_t i = 0; i < N; ++i) {
      q.direction[i] = pinned(q, i, lower, upper) ? Real(0) : -q.h0 * q.gradient[i];
    }
    cap_step(q, lower, upper);
    q.backtracks = 0u;
    return place_trial(q, lower, upper) && q.trial_decrease > Real(0);
  }

  /// trial = clamp(x + step * direction); false if it equals x (nothing left to try).
  static bool place_trial(state_type& q, const std::array<Real, N>& lower, const std::array<Real, N>& upper) noexcept {
    Real decrease = Real(0);
    bool moves = false;
    for (std::size_t i = 0; i < N; ++i) {
      q.trial[i] = clamp_to(q.x[i] + q.step * q.direction[i], lower[i], upper[i]);
      decrease += q.gradient[i] * (q.x[i] - q.trial[i]);
      moves = moves || q.trial[i] != q.x[i];
    }
    q.trial_decrease = decrease;
    return moves && math::is_finite(decrease);
  }
};

}  // namespace detail
}  // namespace langevin

#endif
