/// \file
/// The quench of the global minimizer: a zero-temperature descent to the bottom of the
/// current basin by projected limited-memory BFGS with a monotone Armijo backtracking line
/// search, written in reverse communication (the owner evaluates the trial point and
/// reports the energy and gradient there), so the minimizer can advance one problem call
/// at a time. Written once per scalar type over the minimizer's arrays (minimizer_view: a
/// run-time dimension n and memory m of curvature pairs).
///
/// Stack: each loop over the coordinates is a phase of its own (detail/phase.hpp) taking
/// only the view's address and a scalar or two, so where Real arithmetic is emulated in
/// software the drivers keep small frames and only one loop's frame is on the stack.
#ifndef LANGEVIN_OPTIMIZE_DETAIL_MINIMIZE_QUENCH_HPP
#define LANGEVIN_OPTIMIZE_DETAIL_MINIMIZE_QUENCH_HPP

#include <cstddef>
#include <cstdint>
#include <limits>

#include "../../config.hpp"
#include "../../detail/phase.hpp"
#include "../../math.hpp"
#include "minimizer_state.hpp"

// The quench's shared loops stay scalar where GCC would vectorise them for the M-profile
// vector extension (MVE, e.g. Cortex-M55 at -O3): with n a run-time count and a few
// coordinates per call, the vector loop only adds alias checks and a frame on the
// minimizer's deepest stack path (stack_usage). Elsewhere nothing changes.
#if defined(__ARM_FEATURE_MVE) && defined(__GNUC__) && !defined(__clang__)
#define LANGEVIN_QUENCH_SCALAR_LOOPS [[gnu::optimize("no-tree-vectorize")]]
#else
#define LANGEVIN_QUENCH_SCALAR_LOOPS
#endif

namespace langevin {
inline namespace LANGEVIN_ABI {
namespace detail {

template <class Real>
inline Real clamp_to(Real v, Real lo, Real hi) noexcept {
  return v > hi ? hi : (v >= lo ? v : lo);
}

/// a . b over n coordinates, summed in coordinate order. Out of line: one copy for the
/// minimizer's callers.
template <class Real>
LANGEVIN_QUENCH_SCALAR_LOOPS [[gnu::noinline]] Real dot(const Real* a, const Real* b, std::size_t n) noexcept {
  Real sum = Real(0);
  for (std::size_t i = 0; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

/// y += factor x over n coordinates (y[i] + (factor x[i]); with factor = -a the same bits as
/// y[i] - a x[i]).
template <class Real>
LANGEVIN_QUENCH_SCALAR_LOOPS [[gnu::noinline]] void add_scaled(Real* y, Real factor, const Real* x,
                                                               std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) y[i] += factor * x[i];
}

/// r += factor x over n coordinates, then next . r with the updated r, summed in
/// coordinate order: one pass for an update of the two-loop recursion and the product the
/// next update needs (the same bits as the update's pass followed by dot(next, r)).
template <class Real>
LANGEVIN_QUENCH_SCALAR_LOOPS [[gnu::noinline]] Real add_scaled_then_dot(Real* r, Real factor, const Real* x,
                                                                        const Real* next, std::size_t n) noexcept {
  Real sum = Real(0);
  for (std::size_t i = 0; i < n; ++i) {
    const Real updated = r[i] + factor * x[i];
    r[i] = updated;
    sum += next[i] * updated;
  }
  return sum;
}

/// to[i] = from[i] for i < n. Out of line: one copy for the minimizer and its quench.
template <class Real>
[[gnu::noinline]] void copy_values(Real* to, const Real* from, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) to[i] = from[i];
}

/// Energy still to be gained in the harmonic approximation of the basin:
/// (1/2) g . (x - clamp(x - a g)) with a = 1 / curvature, clamped to the box of `v`. For an
/// unconstrained quadratic well with curvature 1/a this is exactly E(x) - E(bottom).
template <class Real>
Real harmonic_gap(const minimizer_view<Real>& v, const Real* x, const Real* g, Real inverse_curvature) noexcept {
  Real sum = Real(0);
  for (std::size_t i = 0; i < v.n; ++i) {
    const Real moved = x[i] - clamp_to(x[i] - inverse_curvature * g[i], v.lower()[i], v.upper()[i]);
    sum += g[i] * moved;
  }
  return Real(0.5) * sum;
}

/// The quench's operations on the quench state of a minimizer_view. A quench runs start(),
/// then next_step(); after each evaluation of the trial the owner calls verdict() and, as it
/// says, accept() and next_step(): separate functions, so the owner can run them one after
/// another (their frames never nested).
template <class Real>
struct quench {
  using view_type = minimizer_view<Real>;

  /// Sufficient decrease of the Armijo rule: accept E(trial) <= E - armijo * trial_decrease.
  static constexpr Real armijo = Real(1e-4);
  /// Step shrink factor after a rejected trial.
  static constexpr Real backtrack_factor = Real(0.25);
  /// Rejected trials of one step before the descent gives up.
  static constexpr std::uint32_t max_backtracks = 30u;
  /// Bounds of the inverse-Hessian scale and of the inverse curvature.
  static constexpr Real smallest_scale = Real(1e-12);
  static constexpr Real largest_scale = Real(1e12);
  /// A full first step (step 1, no backtrack) whose energy drop is at least this share of
  /// its linear prediction g . (x - trial) saw next to no curvature: on a quadratic a step of
  /// t times the Newton step keeps 1 - t/2 of the prediction, so the share >= 0.95 means
  /// t <= 0.1. Such a step grows the scales by linear_growth (8 t <= 0.8: never past a
  /// quadratic's bottom). On the flank of a kink the share is 1, and the step grows 8x per
  /// step until the kink or curvature shows.
  static constexpr Real linear_share = Real(0.95);
  static constexpr Real linear_growth = Real(8);
  /// quench_core::single when every coordinate moves.
  static constexpr std::uint32_t all_coordinates = ~std::uint32_t{0};
  /// A step resolves curvature only if longer than this many ulps of the box's largest
  /// coordinate: shorter steps give gradient differences made of rounding noise.
  static constexpr Real resolved_ulps = Real(32);

  /// What the owner does after a trial was evaluated.
  enum verdict_type : std::uint8_t {
    verdict_trial,        ///< evaluate the trial (a shorter step) next
    verdict_end,          ///< the descent has ended
    verdict_accept,       ///< run accept(), then (unless it returns true) next_step()
    verdict_accept_last,  ///< run accept(); the descent then ends
  };

  /// The shortest step that resolves curvature in a box whose largest coordinate (in
  /// absolute value) is `largest`: resolved_ulps ulps of it.
  static Real resolution_at(Real largest) noexcept {
    return resolved_ulps * std::numeric_limits<Real>::epsilon() * largest;
  }

  /// Starts a descent from the evaluated point (x, energy, gradient), energy finite, with
  /// every coordinate free (see relax_alone); the owner runs next_step() next.
  static void start(const view_type& v, const Real* x, Real energy, const Real* gradient, Real inverse_curvature,
                    Real tolerance, std::uint32_t max_steps) noexcept {
    copy_values(v.quench_x(), x, v.n);
    copy_values(v.quench_gradient(), gradient, v.n);
    quench_core<Real>& q = v.core.quench;
    q.energy = energy;
    q.stage_energy = energy;
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
    q.single = all_coordinates;
  }

  /// Makes the first stage of the descent just started move coordinate i (< n) alone, the
  /// others held where they are; release() ends that stage. After a one-coordinate jump
  /// from a replica whose gradient in the other coordinates outweighs the moved one's (they
  /// sit at kinks, where a descent of all coordinates stalls), this relaxes the coordinate
  /// that moved.
  static void relax_alone(const view_type& v, std::uint32_t i) noexcept { v.core.quench.single = i; }

  /// Ends a one-coordinate first stage (relax_alone) once it has stopped. True if every
  /// coordinate then goes on in a stage of its own (fresh step and trial counts, curvature
  /// pairs kept; the owner runs next_step() next); false if there was no such stage, or the
  /// point has converged in every coordinate as well (the descent ends).
  [[gnu::noinline]] static bool release(const view_type& v) noexcept {
    quench_core<Real>& q = v.core.quench;
    if (q.single >= v.n) return false;
    q.single = all_coordinates;
    if (converged(v)) return false;
    q.stage_energy = q.energy;
    q.steps = 0u;
    q.calls = 0u;
    return true;
  }

  /// Judges E at the trial (`finite` false if E or its gradient is NaN or infinite).
  static verdict_type verdict(const view_type& v, Real energy, bool finite) noexcept {
    quench_core<Real>& q = v.core.quench;
    const bool out_of_calls = ++q.calls >= 2u * static_cast<std::uint64_t>(q.max_steps);
    if (finite && energy <= q.energy - armijo * q.trial_decrease) return out_of_calls ? verdict_accept_last : verdict_accept;
    if (++q.backtracks > max_backtracks || out_of_calls) return verdict_end;
    q.step *= backtrack_factor;
    return place_trial(v) && q.trial_decrease > Real(0) ? verdict_trial : verdict_end;
  }

  /// Moves to the accepted trial (energy and gradient there), keeps the curvature pair if
  /// the step resolves it, grows the scales after a linear step (grow_after_linear_step),
  /// and returns true if the descent has converged or used its steps. A linear step never
  /// counts as converged: its harmonic gap rests on a curvature the step did not see.
  static bool accept(const view_type& v, Real energy, const Real* gradient) noexcept {
    if (curvature_pair_resolved(v, gradient)) {
      keep_curvature_pair_and_move(v, gradient);
    } else {
      run_phase<Real>(
          [](const view_type* w, const Real* g) {
            copy_values(w->quench_x(), w->trial, w->n);
            copy_values(w->quench_gradient(), g, w->n);
          },
          &v, gradient);
    }
    run_phase<Real>(
        [](const view_type* w, Real e) {
          quench_core<Real>& q = w->core.quench;
          q.last_drop = q.energy - e;
          q.energy = e;
          ++q.steps;
        },
        &v, energy);
    // Out of line on hardware arithmetic: the growth's registers stay out of the frame
    // that holds the accept path.
    return run_shared<Real>(
        [](const view_type* w) {
          quench_core<Real>& q = w->core.quench;
          if (grow_after_linear_step(*w) || !converged(*w)) return q.steps >= q.max_steps;
          q.stage_energy = q.energy;  // nothing left to gain: extend() ends it
          return true;
        },
        &v);
  }

  /// Chooses the next direction by the two-loop recursion on the free coordinates (those
  /// not held at a bound by the gradient), falling back to steepest descent when the result
  /// is not a descent direction, and places its first trial. Returns true if the trial must
  /// be evaluated next, false if the descent cannot move (x is a minimum to working
  /// precision). The recursion's vector lives in the quench direction (which it becomes)
  /// and its coefficients in alpha: no array on the stack.
  static bool next_step(const view_type& v) noexcept {
    quench_core<Real>& q = v.core.quench;
    for (;;) {
      const bool descends = direction_descends(v);
      // Without curvature pairs the direction is steepest descent, tried whatever its slope.
      if ((descends || q.stored == 0u) && first_trial(v)) return true;
      if (q.stored == 0u) return false;
      q.stored = 0u;
    }
  }

  /// The direction of the next step into the quench direction: the two-loop recursion over
  /// the stored pairs (without pairs: steepest descent, -h0 g), with the coordinates held at
  /// a bound zeroed. True if it descends (negative slope). A pass over the coordinates
  /// ends one update of the recursion and computes the next one's dot product, so m pairs
  /// take 2m + 2 passes (4m + 3 one operation at a time), with the same values.
  static bool direction_descends(const view_type& v) noexcept {
    const quench_core<Real>& q = v.core.quench;
    const std::uint32_t stored = q.stored;
    // pair(k): the k-th newest pair's slot.
    const auto pair = [&v, &q](std::uint32_t k) { return (q.newest + v.memory - k) % v.memory; };
    // Each pass out of line everywhere: the driver keeps only indices and beta.
    const bool any_pinned = run_out_of_line(
        [](const view_type* w, std::uint32_t stored_pairs, std::uint32_t newest) {
          Real* r = w->quench_direction();
          const Real* g = w->quench_gradient();
          const Real* s = w->quench_s(newest);
          bool pinned_any = false;
          Real sum = Real(0);
          for (std::size_t i = 0; i < w->n; ++i) {
            const bool held = pinned(*w, i);
            pinned_any = pinned_any || held;
            const Real value = held ? Real(0) : g[i];
            r[i] = value;
            sum += s[i] * value;
          }
          if (stored_pairs > 0u) w->quench_alpha()[newest] = w->quench_rho()[newest] * sum;
          return pinned_any;
        },
        &v, stored, pair(0u));
    if (stored > 0u) {
      for (std::uint32_t k = 1u; k < stored; ++k) {
        run_out_of_line(
            [](const view_type* w, std::uint32_t j, std::uint32_t next) {
              const Real sum = add_scaled_then_dot(w->quench_direction(), -w->quench_alpha()[j], w->quench_y(j),
                                                   w->quench_s(next), w->n);
              w->quench_alpha()[next] = w->quench_rho()[next] * sum;
            },
            &v, pair(k - 1u), pair(k));
      }
      const std::uint32_t oldest = pair(stored - 1u);
      Real beta = run_out_of_line(
          [](const view_type* w, std::uint32_t j) {
            Real* r = w->quench_direction();
            const Real* y = w->quench_y(j);
            const Real factor = -w->quench_alpha()[j];
            const Real h0 = w->core.quench.h0;
            Real sum = Real(0);
            for (std::size_t i = 0; i < w->n; ++i) {
              const Real scaled = (r[i] + factor * y[i]) * h0;
              r[i] = scaled;
              sum += y[i] * scaled;
            }
            return w->quench_rho()[j] * sum;
          },
          &v, oldest);
      for (std::uint32_t k = stored - 1u; k > 0u; --k) {
        beta = run_out_of_line(
            [](const view_type* w, std::uint32_t j, std::uint32_t next, Real previous_beta) {
              const Real sum = add_scaled_then_dot(w->quench_direction(), w->quench_alpha()[j] - previous_beta,
                                                   w->quench_s(j), w->quench_y(next), w->n);
              return w->quench_rho()[next] * sum;
            },
            &v, pair(k), pair(k - 1u), beta);
      }
      run_out_of_line(
          [](const view_type* w, Real newest_beta) {
            const std::uint32_t j = w->core.quench.newest;
            add_scaled(w->quench_direction(), w->quench_alpha()[j] - newest_beta, w->quench_s(j), w->n);
          },
          &v, beta);
    } else {
      run_out_of_line(
          [](const view_type* w) {
            Real* r = w->quench_direction();
            const Real h0 = w->core.quench.h0;
            for (std::size_t i = 0; i < w->n; ++i) r[i] *= h0;
          },
          &v);
    }
    return run_out_of_line(
        [](const view_type* w, bool pinned_any) {
          Real* direction = w->quench_direction();
          const Real* g = w->quench_gradient();
          Real slope = Real(0);
          for (std::size_t i = 0; i < w->n; ++i) {
            direction[i] = pinned_any && pinned(*w, i) ? Real(0) : -direction[i];  // in place: r is the direction
            slope += g[i] * direction[i];
          }
          return slope < Real(0);
        },
        &v, any_pinned);
  }

  /// Starts another stage of a descent that stopped before it converged (it used its steps
  /// or trials, or a line search gave up), if the stage gained more than
  /// tolerance * (1 + |E|): a slow descent goes on, a stalled one ends. True if it goes on
  /// (fresh step and trial counts, the curvature pairs kept); the owner runs next_step()
  /// next. (A converged descent has stage_energy = energy: accept() sets it.)
  static bool extend(const view_type& v) noexcept {
    quench_core<Real>& q = v.core.quench;
    if (!(q.stage_energy - q.energy > q.tolerance * (Real(1) + math::abs(q.energy)))) return false;
    q.stage_energy = q.energy;
    q.steps = 0u;
    q.calls = 0u;
    return true;
  }

  /// True if the descent has converged: the harmonic estimate of the energy still to gain,
  /// and the last drop, are below tolerance * (1 + |E|). During a relax_alone stage the
  /// last drop alone decides (the estimate counts the held coordinates too).
  static bool converged(const view_type& v) noexcept {
    return run_phase<Real>(
        [](const view_type* w) {
          const quench_core<Real>& q = w->core.quench;
          const Real scale = q.tolerance * (Real(1) + math::abs(q.energy));
          if (!(q.last_drop < Real(10) * scale)) return false;  // the estimate's pass only if it decides
          if (q.single < w->n) return true;
          return harmonic_gap(*w, w->quench_x(), w->quench_gradient(), q.inverse_curvature) < scale;
        },
        &v);
  }

  /// True if coordinate i at x, with gradient component g there, is held at a bound of the
  /// box by the gradient (a descent would push it outside).
  static bool held_at_bound(const view_type& v, Real x, Real g, std::size_t i) noexcept {
    return (x <= v.lower()[i] && g > Real(0)) || (x >= v.upper()[i] && g < Real(0));
  }

  /// True if coordinate i does not move in the next step: held at a bound by the gradient,
  /// or held by a relax_alone stage of another coordinate.
  static bool pinned(const view_type& v, std::size_t i) noexcept {
    const std::uint32_t single = v.core.quench.single;
    return held_at_bound(v, v.quench_x()[i], v.quench_gradient()[i], i) || (single < v.n && i != single);
  }

 private:
  /// True if the step to the accepted trial (whose gradient is `gradient`) is a curvature
  /// pair worth keeping: resolved (longer than the box's resolution), with positive, finite
  /// s.y and y.y. One pass gives s.y, y.y and the longest move (each sum kept in its own
  /// accumulator, in coordinate order); s.y and y.y stay in the quench state.
  static bool curvature_pair_resolved(const view_type& v, const Real* gradient) noexcept {
    return run_phase<Real>(
        [](const view_type* w, const Real* g) {
          Real sy = Real(0);
          Real yy = Real(0);
          Real longest = Real(0);
          const Real* position = w->quench_x();
          const Real* previous_gradient = w->quench_gradient();
          for (std::size_t i = 0; i < w->n; ++i) {
            const Real s = w->trial[i] - position[i];
            const Real dy = g[i] - previous_gradient[i];
            sy += s * dy;
            yy += dy * dy;
            const Real moved = math::abs(s);
            longest = moved > longest ? moved : longest;
          }
          w->core.quench.pair_sy = sy;
          w->core.quench.pair_yy = yy;
          if (!(sy > Real(0) && math::is_finite(sy) && math::is_finite(yy) && yy > Real(0))) return false;
          return longest > w->core.settings.resolution;
        },
        &v, gradient);
  }

  /// Stores the step to the accepted trial as the newest curvature pair (the oldest goes
  /// once all m are in use), sets the initial inverse-Hessian scale and the inverse
  /// curvature from it, and moves the quench's point and gradient to the trial's: one pass.
  static void keep_curvature_pair_and_move(const view_type& v, const Real* gradient) noexcept {
    run_phase<Real>(
        [](const view_type* w, const Real* g) {
          quench_core<Real>& q = w->core.quench;
          q.newest = q.stored == 0u ? 0u : (q.newest + 1u) % w->memory;
          Real* s = w->quench_s(q.newest);
          Real* y = w->quench_y(q.newest);
          Real ss = Real(0);
          Real* position = w->quench_x();
          Real* previous_gradient = w->quench_gradient();
          for (std::size_t i = 0; i < w->n; ++i) {
            const Real to = w->trial[i];
            const Real step = to - position[i];
            s[i] = step;
            y[i] = g[i] - previous_gradient[i];
            ss += step * step;
            position[i] = to;
            previous_gradient[i] = g[i];
          }
          w->quench_rho()[q.newest] = Real(1) / q.pair_sy;
          if (q.stored < w->memory) ++q.stored;
          q.h0 = limit(q.pair_sy / q.pair_yy);
          q.inverse_curvature = limit(ss / q.pair_sy);
        },
        &v, gradient);
  }

  /// After the move to an accepted trial (its drop in last_drop): if it was a full first
  /// step that kept linear_share of its linear prediction, the initial inverse-Hessian scale
  /// and the inverse curvature grow by linear_growth (up to largest_scale); true if so.
  /// Without it a descent along a kink's flank, or a linear piece, keeps the tiny scales
  /// that the kink's gradient jump gave, and stalls there as if converged. Runs in
  /// accept()'s last phase, after the move.
  static bool grow_after_linear_step(const view_type& v) noexcept {
    quench_core<Real>& q = v.core.quench;
    const bool full_step = q.backtracks == 0u && !(q.step < Real(1));
    if (!full_step || !(q.last_drop >= linear_share * q.trial_decrease)) return false;
    const Real h0 = q.h0 * linear_growth;  // growth only: the lower bound still holds
    const Real curvature = q.inverse_curvature * linear_growth;
    q.h0 = h0 > largest_scale ? largest_scale : h0;
    q.inverse_curvature = curvature > largest_scale ? largest_scale : curvature;
    return true;
  }

  [[gnu::noinline]] static Real limit(Real value) noexcept {
    return value < smallest_scale ? smallest_scale : (value > largest_scale ? largest_scale : value);
  }

  /// The first trial along a new direction: a step of 1, capped so that it is no longer
  /// than the box's largest width (a longer step would only be clamped and backtracked).
  static bool first_trial(const view_type& v) noexcept {
    run_phase<Real>(
        [](const view_type* w) {
          Real longest = Real(0);
          const Real* direction = w->quench_direction();
          for (std::size_t i = 0; i < w->n; ++i) {
            const Real d = math::abs(direction[i]);
            longest = d > longest ? d : longest;
          }
          const Real widest = w->core.settings.widest;
          w->core.quench.step = longest > widest ? widest / longest : Real(1);
        },
        &v);
    v.core.quench.backtracks = 0u;
    return place_trial(v) && v.core.quench.trial_decrease > Real(0);
  }

  /// trial = clamp(x + step * direction); false if it equals x (nothing left to try).
  static bool place_trial(const view_type& v) noexcept {
    return run_phase<Real>(
        [](const view_type* w) {
          const Real step = w->core.quench.step;
          Real decrease = Real(0);
          bool moves = false;
          const Real* position = w->quench_x();
          const Real* direction = w->quench_direction();
          const Real* gradient = w->quench_gradient();
          for (std::size_t i = 0; i < w->n; ++i) {
            const Real x = position[i];
            w->trial[i] = clamp_to(x + step * direction[i], w->lower()[i], w->upper()[i]);
            decrease += gradient[i] * (x - w->trial[i]);
            moves = moves || !math::same(w->trial[i], x);
          }
          w->core.quench.trial_decrease = decrease;
          return moves && math::is_finite(decrease);
        },
        &v);
  }
};

}  // namespace detail
}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
