/// \file
/// Global minimization on a box: replica-exchange basin hopping with heavy-tailed jumps,
/// harmonic pre-screening and zero-temperature (L-BFGS) quenches.
///
/// The physics. Annealed Langevin dynamics, x' = x - h grad E + sqrt(2 T h) xi, samples
/// exp(-E/T)/Z, but the time to cross a barrier of height B grows like exp(B/T) (Kramers),
/// so a run that cools below the barrier scale freezes in whatever well it is in. Three
/// ideas from the physics of glasses and clusters remove that wall:
///  1. Inherent structures (Stillinger-Weber): map every x to the bottom of its basin by a
///     quench (T = 0 overdamped dynamics, here accelerated by L-BFGS). The landscape of
///     basin bottoms has no barriers inside a basin, so a Monte Carlo walk on it at
///     temperature T only pays the energy differences between minima (basin hopping,
///     Li-Scheraga / Wales-Doye).
///  2. Levy flights: moves from a replica's minimum are Cauchy distributed (heavy tails, as
///     in the generalized visiting distribution of dual annealing), either along one
///     coordinate or isotropically; their scale adapts so that about 70% of the quenches
///     reach a new basin. The Metropolis rule min(1, exp(-dE/T)) accepts or rejects the
///     quenched energy.
///  3. Replica exchange (parallel tempering): a ground replica at T = 0 (greedy) and
///     explorers at T_r = t1 ratio^(r-1) <dE>, where <dE> is the running mean energy
///     difference between neighbouring minima, swap states with the usual probability
///     min(1, exp((E_i - E_j)(1/T_i - 1/T_j))). The top explorer is in contact with an
///     infinite-temperature reservoir: when it has not lowered its own energy for
///     `reseed_patience * N` proposals it is replaced by a fresh random state. This is what
///     crosses between funnels (e.g. the two of Lunacek's bi-Rastrigin).
/// A quench costs several calls, so before quenching a jump the minimizer predicts the
/// energy of the basin bottom it landed in from the harmonic approximation,
///     E_bottom ~ E(y) - (1/2) g . (y - clamp(y - g / k)),  k = curvature of the current well,
/// and quenches only if that prediction beats the replica's energy by less than a
/// threshold adapted so that `quench_fraction` of the jumps are quenched. The
/// move kind (one coordinate or all) is chosen by the improvements each kind bought per
/// call recently. A quench stops after `quench_max_steps` accepted steps, except the ground
/// replica's: while exploring, its descent goes on in further stages of `quench_max_steps`
/// steps (keeping its curvature pairs) as long as it has not converged and each stage gains
/// more than `quench_tolerance` (1 + |E|), so an ill-conditioned valley or a kinked one is
/// descended to its bottom while a stalled descent still gives way to jumps. Within a
/// quench, a full step that saw next to no curvature grows the step scales (the flank of a
/// kink, whose gradient jump had collapsed them). After a one-coordinate jump from a
/// kinked bottom (the replica's gradient in the coordinates that did not move outweighs the
/// moved one's; at a smooth bottom it is near zero), the quench first moves that coordinate
/// alone, then every coordinate: at kinks a descent of all coordinates at once stalls. In
/// an all-coordinates jump, coordinates that share a value and an interval at the
/// replica's bottom (within 1e-4 of the width, not on a face) take one displacement, so a block of equal
/// coordinates, the kind of minimum a landscape symmetric under exchanging coordinates
/// has, moves along its diagonal. The last `polish_fraction` of the budget quenches the
/// best point found to full precision.
///
/// Reverse communication: `minimizer` asks for one problem call at a time (`point()`,
/// then `tell(E, grad E)`), so firmware can interleave it with other work, evaluate the
/// problem asynchronously (e.g. a measurement) and checkpoint it between calls.
/// `minimize()` runs it to the end. Same inputs give the same bits on every port
/// (langevin::pcg32, normal, uniform, math; fixed summation order).
///
/// Code size: the algorithm is written once per scalar type over a run-time dimension,
/// replica count and memory (namespace detail); `minimizer<Real, N, Replicas, Memory>`
/// only owns the arrays, so each further N costs a few hundred bytes of flash.
#ifndef LANGEVIN_OPTIMIZE_MINIMIZE_HPP
#define LANGEVIN_OPTIMIZE_MINIMIZE_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "../box.hpp"
#include "../config.hpp"
#include "../detail/checkpoint_io.hpp"
#include "../detail/narrow.hpp"
#include "../detail/phase.hpp"
#include "../field.hpp"
#include "../math.hpp"
#include "../problem.hpp"
#include "../status.hpp"
#include "detail/minimizer_core.hpp"
#include "detail/minimizer_state_checks.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

/// Why a minimizer run ended.
enum class stop_reason : unsigned char {
  running = 0,     ///< the run has not ended (or never started)
  budget_spent,    ///< the exploration used its share of max_calls, then the final quench polished the best point
  target_reached,  ///< a point with E <= target_value was evaluated
  no_improvement,  ///< max_stall_calls passed without a new best; the best point was then polished
};

/// What minimize() returns: the lowest point evaluated, its energy, the calls spent and a
/// status: ok; invalid_argument (bad box or options, calls = 0, no work, value NaN);
/// non_finite (the problem never returned a finite energy and gradient; value = +inf). Then
/// what tells whether x is a minimum: the norm of the projected gradient at x (the gradient
/// with the components that push against an active bound removed; near 0 at a stationary
/// point of the box), which coordinates sit on a bound, and why the run ended.
template <class Real, std::size_t N>
struct minimize_result {
  std::array<Real, N> x{};
  Real value = std::numeric_limits<Real>::quiet_NaN();
  std::uint64_t calls = 0u;
  langevin::status status = langevin::status::invalid_argument;
  /// Norm of the projected gradient at x, in energy / length units (NaN without a point).
  Real projected_gradient_norm = std::numeric_limits<Real>::quiet_NaN();
  /// Per coordinate: -1 if x[i] is at its lower bound, +1 at its upper bound, 0 inside.
  std::array<std::int8_t, N> at_bound{};
  stop_reason reason = stop_reason::running;
};

/// The global minimizer as a state machine that needs one problem call at a time.
///   minimizer<double, 10> m;
///   m.init(bounds, options);
///   while (!m.done()) { g = ...; m.tell(E(m.point(), g), g); }   // or m.step(problem)
///   auto r = m.result();
/// `Replicas` (>= 1): replica 0 is the ground replica, the others explorers; 1 gives
/// greedy basin hopping. `Memory` (>= 1): curvature pairs of the L-BFGS quench.
/// Memory use: (11 + 2 Replicas + 2 Memory) N + 2 Memory reals, Replicas replica records
/// (11 reals and a counter each) and about 60 bytes of counters and settings; see
/// sizeof() for the exact figure.
template <class Real, std::size_t N, std::size_t Replicas = 2, std::size_t Memory = 3>
class minimizer {
 public:
  static_assert(std::is_same<Real, float>::value || std::is_same<Real, double>::value,
                "minimizer<Real, ...>: Real must be float or double");
  static_assert(N > 0 && N <= 0xFFFFFFFFu, "minimizer: N must be at least 1");
  static_assert(Replicas > 0 && Replicas <= 0xFFFFu, "minimizer: at least one replica");
  static_assert(Memory > 0 && Memory <= 0xFFFFu, "minimizer: Memory must be at least 1");

  using real_type = Real;
  using point_type = std::array<Real, N>;
  using options_type = minimize_options<Real>;

  /// Validates `bounds` (box::validate) and `options` (minimize_options::validate), then
  /// starts a run: the first point() is ready (a uniform random point of the box, where the
  /// ground replica's first quench starts; see place()). On invalid_argument nothing changes.
  status init(const box<Real, N>& bounds, const options_type& options) noexcept {
    const detail::minimizer_view<Real> v = view();
    return detail::run_out_of_line(typename detail::minimizer_ops<Real>::init_phase{}, &v, bounds.lower.data(),
                                   bounds.upper.data(), &options);
  }

  /// Warm start: the ground replica's first quench starts from `x` (inside the box and
  /// finite, else invalid_argument) instead of a random point. Only right after init()
  /// (before the first tell()), else invalid_argument; nothing changes on failure.
  status place(const point_type& x) noexcept {
    if (!bounds().contains(x)) return status::invalid_argument;
    return detail::minimizer_ops<Real>::place(view(), x.data());
  }

  /// True once the run has ended (budget spent, target reached or final quench
  /// converged), and before a successful init().
  bool done() const noexcept { return detail::minimizer_ops<Real>::done(core_); }

  /// The point whose energy and gradient tell() expects next (inside the box).
  const point_type& point() const noexcept {
    return core_.progress.phase == detail::minimizer_phase::quench ? quench_trial_ : request_;
  }

  /// Reports E and grad E at point(). Non-finite values are allowed (that point is
  /// treated as infinitely high). Returns invalid_argument (and does nothing) if done().
  /// Work: O(N Memory) for a quench step, O(N Replicas) at the end of a sweep, and N normal
  /// draws and at most N (N - 1) / 2 comparisons when it draws an all-coordinates jump.
  status tell(Real energy, const point_type& gradient) noexcept {
    const detail::minimizer_view<Real> v = view();
    return detail::run_shared<Real>(typename detail::minimizer_ops<Real>::tell_phase{}, &v, energy, gradient.data());
  }

  /// One problem call: tell(problem(point(), g), g). Returns {tell()'s status, E there};
  /// {invalid_argument, NaN} without a call once done().
  template <class Problem>
  step_result<Real> step(const Problem& problem) noexcept {
    static_assert(is_gradient_problem_v<Problem, Real, N>,
                  "minimizer::step: problem must be callable as Real(const std::array<Real, N>&, "
                  "std::array<Real, N>&) const");
    if (done()) return {status::invalid_argument, std::numeric_limits<Real>::quiet_NaN()};
    const Real energy = detail::run_phase<Real>(
        [](const Problem* p, const point_type* x, point_type* g) { return (*p)(*x, *g); }, &problem, &point(),
        &gradient_scratch_);
    return {tell(energy, gradient_scratch_), energy};
  }

  /// Steps (one problem call each) until done() or `max_steps` steps; stops at the first
  /// status other than ok. Before init(): {invalid_argument, 0 steps}.
  template <class Problem>
  run_result<Real> run(const Problem& problem, std::uint64_t max_steps = ~std::uint64_t{0}) noexcept {
    return detail::run_steps<Real>(
        core_.progress.phase == detail::minimizer_phase::idle ? status::invalid_argument : status::ok,
        [&] { return step(problem); }, [&](std::uint64_t steps) { return steps < max_steps && !done(); });
  }

  /// Problem calls so far (each step() is one).
  std::uint64_t steps() const noexcept { return core_.progress.calls; }
  /// Problem calls so far (the same as steps(): the budget's unit).
  std::uint64_t calls() const noexcept { return core_.progress.calls; }
  /// The lowest point evaluated so far (the box's midpoint before the first finite call).
  point_type best() const noexcept { return copy_point(3u); }
  /// Its energy (+infinity before the first finite call).
  Real best_value() const noexcept { return core_.progress.best_energy; }
  /// The options given to init(), as far as the run keeps them.
  const detail::minimizer_settings<Real>& settings() const noexcept { return core_.settings; }

  /// The lowest point evaluated so far (see minimize_result for the status).
  minimize_result<Real, N> result() const noexcept {
    minimize_result<Real, N> out{};
    if (core_.progress.phase == detail::minimizer_phase::idle) return out;
    out.x = best();
    out.value = core_.progress.best_energy;
    out.calls = core_.progress.calls;
    out.reason = static_cast<stop_reason>(core_.progress.stop);
    out.status = detail::minimizer_ops<Real>::describe_best(arrays_.data(), N, out.at_bound.data(),
                                                            out.projected_gradient_norm, core_);
    return out;
  }

 private:
  friend struct checkpoint_access;
  using replica_records = std::array<detail::replica_record<Real>, Replicas>;
  using block = std::array<Real, detail::minimizer_view<Real>::block_size(N, Replicas, Memory)>;

  box<Real, N> bounds() const noexcept { return {copy_point(0u), copy_point(1u)}; }

  /// The n-vector number `index` of the block (0 lower, 1 upper, 3 best).
  point_type copy_point(std::size_t index) const noexcept {
    point_type p{};
    for (std::size_t i = 0; i < N; ++i) p[i] = arrays_[index * N + i];
    return p;
  }

  detail::minimizer_view<Real> view() noexcept {
    return {core_,
            replicas_.data(),
            arrays_.data(),
            request_.data(),
            quench_trial_.data(),
            gradient_scratch_.data(),
            N,
            detail::low_32_bits(Replicas),
            detail::low_32_bits(Memory)};
  }

  // Checkpoint: family 0x0010; payload = the scalars (settings, progress, quench), the
  // replica records, then every array in member order.
  static constexpr checkpoint_identity checkpoint_id{detail::checkpoint_kind<Real>(0x0010u), 3u,
                                                     detail::checkpoint_shape(N, Replicas, Memory)};
  static constexpr std::size_t checkpoint_payload_size =
      sizeof(detail::minimizer_core<Real>) + sizeof(replica_records) + 2u * sizeof(point_type) + sizeof(block);
  void checkpoint_save(detail::checkpoint_writer& out) const noexcept {
    out.put(core_);
    out.put(replicas_);
    out.put(request_);
    out.put(quench_trial_);
    out.put(arrays_);
  }
  static bool checkpoint_valid(detail::checkpoint_reader in) noexcept {
    return detail::minimizer_saved_state_valid<Real>(in, N, detail::low_32_bits(Replicas), detail::low_32_bits(Memory));
  }
  void checkpoint_load(detail::checkpoint_reader in) noexcept {
    in.get_to(core_);
    in.get_to(replicas_);
    in.get_to(request_);
    in.get_to(quench_trial_);
    in.get_to(arrays_);
  }

  detail::minimizer_core<Real> core_{};
  replica_records replicas_{};
  point_type request_{};       ///< the point to evaluate in the seed and jump phases
  point_type quench_trial_{};  ///< the point to evaluate while a quench runs
  block arrays_{};             ///< box, best point, replicas and quench (minimizer_view's layout)
  point_type gradient_scratch_{};  ///< the gradient of the call being told (not saved)
};

/// Global minimum of `problem` on `bounds` within options.max_calls problem calls (see the
/// file comment for the method). `problem` is any callable
///   Real operator()(const std::array<Real, N>& x, std::array<Real, N>& grad) const
/// returning E(x) and writing grad E(x); it may return NaN or infinity anywhere (such
/// points are never reported) but must not throw (minimize is noexcept). Only points
/// inside `bounds` are evaluated. Bad input returns invalid_argument with calls = 0 and no
/// call made. No heap: the minimizer lives on the stack (see minimizer for its size).
/// `Replicas` and `Memory` as in minimizer. The options' scalar type is the box's:
/// minimize_options<float> for a float box (so a float program does no double arithmetic).
template <std::size_t Replicas = 2, std::size_t Memory = 3, class Problem, class Real, std::size_t N>
minimize_result<Real, N> minimize(const Problem& problem, const box<Real, N>& bounds,
                                  const minimize_options<Real>& options) noexcept {
  static_assert(is_gradient_problem_v<Problem, Real, N>,
                "minimize: problem must be callable as Real(const std::array<Real, N>&, std::array<Real, N>&)");
  minimizer<Real, N, Replicas, Memory> engine;
  if (engine.init(bounds, options) != status::ok) return engine.result();
  static_cast<void>(engine.run(problem));
  return engine.result();
}

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
