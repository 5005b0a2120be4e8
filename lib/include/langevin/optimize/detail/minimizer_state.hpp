/// \file
/// The state of the global minimizer: its scalars (settings, progress, the quench's), the
/// replica records, and minimizer_view, the pointers to a minimizer's arrays that the
/// size-erased algorithm (minimizer_core.hpp, minimize_quench.hpp) works on.
#ifndef LANGEVIN_OPTIMIZE_DETAIL_MINIMIZER_STATE_HPP
#define LANGEVIN_OPTIMIZE_DETAIL_MINIMIZER_STATE_HPP

#include <array>
#include <cstddef>
#include <cstdint>

#include "../../config.hpp"
#include "../../random/pcg32.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {
namespace detail {

/// The scalars of one quench. Its lowest point so far (always evaluated and finite) is
/// (x, energy, gradient) in the arrays; `trial` is the next point to evaluate.
template <class Real>
struct quench_core {
  Real energy = Real(0);
  Real trial_decrease = Real(0);  ///< gradient . (x - trial) >= 0: the first-order energy drop
  Real step = Real(0);            ///< trial = clamp(x + step * direction)
  Real h0 = Real(0);              ///< scale of the initial inverse Hessian (s . y / y . y)
  Real inverse_curvature = Real(0);  ///< s . s / s . y of the last kept step: 1 / curvature along it
  Real last_drop = Real(0);       ///< energy drop of the last accepted step
  Real tolerance = Real(0);       ///< relative energy tolerance of the stopping rule
  Real pair_sy = Real(0);         ///< scratch of accept(): s . y of the step just accepted
  Real pair_yy = Real(0);         ///< scratch of accept(): y . y of the step just accepted
  Real stage_energy = Real(0);    ///< energy where the current stage began; = energy once converged
  std::uint64_t calls = 0u;       ///< trials evaluated (accepted or not); at most 2 max_steps
  std::uint32_t stored = 0u;      ///< curvature pairs held (<= m)
  std::uint32_t newest = 0u;      ///< index of the newest pair (< m)
  std::uint32_t steps = 0u;       ///< accepted steps
  std::uint32_t max_steps = 0u;
  std::uint32_t backtracks = 0u;  ///< consecutive rejected trials of the current step
  /// The one coordinate the first stage moves (the others held: quench::relax_alone); any
  /// value >= n once every coordinate moves.
  std::uint32_t single = 0u;
};

/// What point() is for.
namespace minimizer_phase {
constexpr std::uint8_t idle = 0u;      ///< before init()
constexpr std::uint8_t seed = 1u;      ///< a random start point of a replica (request)
constexpr std::uint8_t jump = 2u;      ///< a proposed jump (request)
constexpr std::uint8_t quench = 3u;    ///< a trial of the running quench (quench trial)
constexpr std::uint8_t finished = 4u;  ///< the run has ended
}  // namespace minimizer_phase

/// Why a run ended (minimize_result::reason): values of stop_reason.
namespace minimizer_stop {
constexpr std::uint8_t running = 0u;
constexpr std::uint8_t budget_spent = 1u;
constexpr std::uint8_t target_reached = 2u;
constexpr std::uint8_t no_improvement = 3u;
}  // namespace minimizer_stop

/// What the running quench is for.
namespace quench_purpose {
constexpr std::uint8_t seed = 0u;    ///< the first basin bottom of a replica
constexpr std::uint8_t jump = 1u;    ///< the basin bottom a jump landed in
constexpr std::uint8_t polish = 2u;  ///< the final quench of the best point
}  // namespace quench_purpose

/// The settings a run keeps from its options (fixed from init() on).
template <class Real>
struct minimizer_settings {
  std::uint64_t max_calls = 0u;
  std::uint64_t explore_calls = 0u;  ///< proposals start only while calls < explore_calls
  std::uint64_t max_stall_calls = 0u;  ///< exploration ends after this many calls without a new best (0: never)
  Real target = Real(0);
  Real tolerance = Real(0);
  Real quench_fraction = Real(0);
  Real explorer_temperature = Real(0);
  Real ladder_ratio = Real(0);
  Real widest = Real(0);      ///< the box's largest width
  Real resolution = Real(0);  ///< the shortest step that resolves curvature (quench::resolution_of)
  std::uint32_t quench_max_steps = 0u;
  std::uint32_t reseed_patience = 0u;
  std::uint32_t ground_share = 0u;
};

/// The run's counters and position in the state machine.
template <class Real>
struct minimizer_progress {
  pcg32 rng{};
  std::uint64_t calls = 0u;
  std::uint64_t gap_count = 0u;       ///< basin changes behind gap_mean
  std::uint64_t sweeps = 0u;
  std::uint64_t proposal_start = 0u;  ///< calls when the running proposal started
  std::uint64_t last_improvement = 0u;  ///< calls when best_energy last dropped
  Real gap_mean = Real(0);            ///< running mean |dE| between neighbouring minima
  Real best_energy = Real(0);
  Real draw = Real(0);                ///< scratch of propose(): a draw or the spread of the running move
  Real told_energy = Real(0);         ///< scratch of tell(): the energy it was given
  std::uint32_t active = 0u;          ///< replica of the running seed / proposal
  std::uint32_t slot = 0u;            ///< position in the current sweep
  std::uint8_t phase = minimizer_phase::idle;
  std::uint8_t purpose = quench_purpose::seed;
  std::uint8_t kind = 0u;             ///< move kind of the running proposal: 0 one coordinate, 1 all
  std::uint8_t warm_start = 0u;       ///< the next point is the one place() gave (cleared by the first tell)
  std::uint8_t told_finite = 0u;      ///< scratch of tell(): its energy and gradient are finite
  std::uint8_t stop = minimizer_stop::running;  ///< why the run ended (minimizer_stop)
  std::uint8_t stalled = 0u;          ///< exploration ended by max_stall_calls (the polish may still run)
  /// A call on a face of the box was not finite: every point asked for from then on is kept
  /// off the faces (held in what was the struct's padding byte, so the layout is unchanged).
  std::uint8_t avoid_faces = 0u;
};

/// All the scalars of a minimizer.
template <class Real>
struct minimizer_core {
  minimizer_settings<Real> settings{};
  minimizer_progress<Real> progress{};
  quench_core<Real> quench{};
};

/// One replica's scalars: its basin bottom's energy and the adaptive parameters of its two
/// move kinds (0: one coordinate, 1: all coordinates). Its point and gradient live in the
/// minimizer's replica arrays.
template <class Real>
struct replica_record {
  Real energy = Real(0);
  Real inverse_curvature = Real(0);  ///< 1 / curvature of its well (from the last quench)
  std::array<Real, 2> jump{};        ///< jump scale per kind, fraction of the box width
  std::array<Real, 2> threshold{};   ///< pre-screen threshold per kind (energy units)
  std::array<Real, 2> gain{};        ///< recent improvements per kind (decaying count)
  std::array<Real, 2> cost{};        ///< recent calls per kind (decaying count)
  Real own_best = Real(0);           ///< lowest energy since the last (re)seed
  std::uint64_t own_stall = 0u;      ///< proposals since own_best last dropped
  std::uint8_t seeded = 0u;          ///< 0 until the replica holds a quenched state
};

/// A minimizer's scalars and arrays, as the class passes them for each call: the replica
/// records, the two points a problem call evaluates (request, and the quench's trial) and
/// one block of reals laid out as: lower, upper, width, best_x, best_gradient (n each); the
/// replicas' points, then their gradients (replica_count n each); the quench's point,
/// gradient and direction (n each), its m curvature pairs of position differences s, then
/// of gradient differences y (m n each), rho = 1 / s.y and the two-loop recursion's
/// coefficients alpha (m each, scratch between calls).
template <class Real>
struct minimizer_view {
  minimizer_core<Real>& core;
  replica_record<Real>* replicas;
  Real* arrays;
  Real* request;
  Real* trial;
  Real* told_gradient;  ///< the gradient tell() was given (copied into the class's scratch)
  std::size_t n;
  std::uint32_t replica_count;
  std::uint32_t memory;

  /// Reals in the block for dimension n, `replicas` replicas and quench memory `memory`.
  static constexpr std::size_t block_size(std::size_t n, std::size_t replicas, std::size_t memory) noexcept {
    return (8u + 2u * replicas + 2u * memory) * n + 2u * memory;
  }
  Real* lower() const noexcept { return arrays; }
  Real* upper() const noexcept { return arrays + n; }
  Real* width() const noexcept { return arrays + 2u * n; }
  Real* best_x() const noexcept { return arrays + 3u * n; }
  Real* best_gradient() const noexcept { return arrays + 4u * n; }
  Real* replica_x(std::uint32_t r) const noexcept { return arrays + (5u + r) * n; }
  Real* replica_gradient(std::uint32_t r) const noexcept { return arrays + (5u + replica_count + r) * n; }
  Real* quench_x() const noexcept { return arrays + (5u + 2u * replica_count) * n; }
  Real* quench_gradient() const noexcept { return quench_x() + n; }
  Real* quench_direction() const noexcept { return quench_x() + 2u * n; }
  Real* quench_s(std::uint32_t k) const noexcept { return quench_x() + (3u + k) * n; }
  Real* quench_y(std::uint32_t k) const noexcept { return quench_x() + (3u + memory + k) * n; }
  Real* quench_rho() const noexcept { return quench_x() + (3u + 2u * memory) * n; }
  Real* quench_alpha() const noexcept { return quench_rho() + memory; }
};

}  // namespace detail
}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
