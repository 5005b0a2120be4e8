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
/// call recently. The last `polish_fraction` of the budget quenches the best point found
/// to full precision.
///
/// Reverse communication: `minimizer` asks for one problem call at a time (`point()`,
/// then `tell(E, grad E)`), so firmware can interleave it with other work, evaluate the
/// problem asynchronously (e.g. a measurement) and checkpoint it between calls: its whole
/// state is trivially copyable. `minimize()` runs it to the end. Same inputs give the same
/// bits on every port (langevin::pcg32, normal, uniform, math; fixed summation order).
#ifndef LANGEVIN_OPTIMIZE_MINIMIZE_HPP
#define LANGEVIN_OPTIMIZE_MINIMIZE_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "../box.hpp"
#include "../math.hpp"
#include "../problem.hpp"
#include "../random/normal.hpp"
#include "../random/pcg32.hpp"
#include "../random/uniform.hpp"
#include "../status.hpp"
#include "detail/minimize_quench.hpp"

namespace langevin {

/// Options of the global minimizer. Every field has a default; only `max_calls` usually
/// needs setting. Ranges are checked by minimizer::init (invalid_argument otherwise).
struct minimize_options {
  /// Budget: calls of the problem (each returns E and grad E), >= 1. Never exceeded.
  std::uint64_t max_calls = 10000u;
  /// Seed of the random stream (any value). Same seed, same problem, same result bits.
  std::uint64_t seed = 0u;
  /// Stop as soon as a point with E <= target_value has been evaluated (default: never).
  double target_value = -std::numeric_limits<double>::infinity();
  /// Share of max_calls reserved for the final quench of the best point, in [0, 1). When
  /// nonzero the reserve is at least 10 + 2 N calls and at most max_calls / 2.
  double polish_fraction = 0.02;
  /// Relative energy tolerance of a quench, in [0, 1]: it stops when the harmonic estimate
  /// of the energy still to gain, and the last drop, fall below tolerance * (1 + |E|).
  double quench_tolerance = 1e-9;
  /// Accepted line-search steps per quench, >= 1 (the final polish is unlimited).
  std::uint32_t quench_max_steps = 60u;
  /// Initial jump scale as a fraction of the box width, in (0, 1]; adapted during the run.
  double initial_jump = 0.1;
  /// Target fraction of jumps that pass the harmonic pre-screen and are quenched, in
  /// (0, 1]; 1 quenches every jump.
  double quench_fraction = 0.5;
  /// Temperature of the first explorer replica in units of the running mean energy
  /// difference between neighbouring minima, > 0.
  double explorer_temperature = 0.1;
  /// Temperature ratio between successive explorer replicas, >= 1.
  double ladder_ratio = 3.0;
  /// An explorer that has not lowered its own energy for reseed_patience * N proposals is
  /// reseeded from a uniform random point; 0 never reseeds.
  std::uint32_t reseed_patience = 20u;
  /// Proposals of the ground (T = 0) replica per proposal of each explorer, >= 1.
  std::uint32_t ground_share = 2u;
};

/// What minimize() returns: the lowest point evaluated, its energy, the calls spent and a
/// status: ok; invalid_argument (bad box or options, calls = 0, no work, value NaN);
/// non_finite (the problem never returned a finite energy and gradient; value = +inf).
template <class Real, std::size_t N>
struct minimize_result {
  std::array<Real, N> x;
  Real value;
  std::uint64_t calls;
  langevin::status status;
};

/// The global minimizer as a state machine that needs one problem call at a time.
///   minimizer<double, 10> m;
///   m.init(bounds, options);
///   while (!m.done()) { g = ...; m.tell(E(m.point(), g), g); }   // or m.step(problem)
///   auto r = m.result();
/// `Replicas` (>= 1): replica 0 is the ground replica, the others explorers; 1 gives
/// greedy basin hopping. `Memory` (>= 1): curvature pairs of the L-BFGS quench.
/// Memory use: about (Replicas * (2 N + 16) + (5 + 2 Memory) N + 6 N + 2 Memory) reals plus
/// counters: sizeof(minimizer<double, 2>) is 816 bytes, sizeof(minimizer<float, 2>) 488.
template <class Real, std::size_t N, std::size_t Replicas = 2, std::size_t Memory = 3>
class minimizer {
 public:
  static_assert(std::is_same<Real, float>::value || std::is_same<Real, double>::value,
                "minimizer<Real, ...>: Real must be float or double");
  static_assert(N > 0, "minimizer: N must be at least 1");
  static_assert(Replicas > 0, "minimizer: at least one replica");
  static_assert(Memory > 0, "minimizer: Memory must be at least 1");

  using point_type = std::array<Real, N>;

  /// One replica: a basin bottom, its energy and gradient, and the adaptive parameters of
  /// its two move kinds (0: one coordinate, 1: all coordinates).
  struct replica_state {
    point_type x{};
    point_type gradient{};
    Real energy{};
    Real inverse_curvature{};      ///< 1 / curvature of its well (from the last quench)
    std::array<Real, 2> jump{};    ///< jump scale per kind, fraction of the box width
    std::array<Real, 2> threshold{};  ///< pre-screen threshold per kind (energy units)
    std::array<Real, 2> gain{};    ///< recent improvements per kind (decaying count)
    std::array<Real, 2> cost{};    ///< recent calls per kind (decaying count)
    Real own_best{};               ///< lowest energy since the last (re)seed
    std::uint64_t own_stall{};     ///< proposals since own_best last dropped
    std::uint8_t seeded{};         ///< 0 until the replica holds a quenched state
  };

  /// The complete state; trivially copyable (checkpoint by copying it).
  struct state_type {
    point_type lower{};
    point_type upper{};
    point_type width{};
    std::uint64_t max_calls{};
    std::uint64_t explore_calls{};  ///< proposals start only while calls < explore_calls
    Real target{};
    Real tolerance{};
    Real quench_fraction{};
    Real explorer_temperature{};
    Real ladder_ratio{};
    std::uint32_t quench_max_steps{};
    std::uint32_t reseed_patience{};
    std::uint32_t ground_share{};
    pcg32 rng = pcg32{};
    std::uint64_t calls{};
    std::array<replica_state, Replicas> replicas{};
    Real gap_mean{};                ///< running mean |dE| between neighbouring minima
    std::uint64_t gap_count{};
    point_type best_x{};
    point_type best_gradient{};
    Real best_energy{};
    std::uint8_t phase{};           ///< what point() is for (see phase_*)
    std::uint8_t purpose{};         ///< what the running quench is for
    std::uint8_t kind{};            ///< move kind of the running proposal
    std::uint32_t active{};         ///< replica of the running seed / proposal
    std::uint32_t slot{};           ///< position in the current sweep
    std::uint64_t sweeps{};
    std::uint64_t proposal_start{}; ///< calls when the running proposal started
    point_type request{};           ///< point to evaluate in phases seed and jump
    detail::quench_state<Real, N, Memory> quench{};
  };

  /// Validates `bounds` (box::validate) and `options` (ranges in minimize_options), then
  /// starts a run: the first point() is ready. On invalid_argument nothing changes.
  status init(const box<Real, N>& bounds, const minimize_options& options) noexcept {
    if (bounds.validate() != status::ok || !valid(options)) return status::invalid_argument;
    state_type& s = s_;
    s.lower = bounds.lower;
    s.upper = bounds.upper;
    for (std::size_t i = 0; i < N; ++i) s.width[i] = bounds.upper[i] - bounds.lower[i];
    s.max_calls = options.max_calls;
    std::uint64_t reserve = 0u;
    if (options.polish_fraction > 0.0) {
      reserve = static_cast<std::uint64_t>(options.polish_fraction * static_cast<double>(options.max_calls));
      const std::uint64_t floor = 10u + 2u * static_cast<std::uint64_t>(N);
      if (reserve < floor) reserve = floor;
      if (reserve > options.max_calls / 2u) reserve = options.max_calls / 2u;
    }
    s.explore_calls = options.max_calls - reserve;
    s.target = to_real(options.target_value);
    s.tolerance = static_cast<Real>(options.quench_tolerance);
    s.quench_fraction = static_cast<Real>(options.quench_fraction);
    s.explorer_temperature = static_cast<Real>(options.explorer_temperature);
    s.ladder_ratio = static_cast<Real>(options.ladder_ratio);
    s.quench_max_steps = options.quench_max_steps;
    s.reseed_patience = options.reseed_patience;
    s.ground_share = options.ground_share;
    s.rng = pcg32{options.seed, rng_stream};
    s.calls = 0u;
    const Real jump0 = static_cast<Real>(options.initial_jump);
    for (replica_state& r : s.replicas) {
      r.x = midpoint();
      r.gradient = point_type{};
      r.energy = infinity();
      r.inverse_curvature = Real(0);
      r.jump = {jump0, jump0};
      r.threshold = {Real(0), Real(0)};
      r.gain = {Real(0), Real(0)};
      r.cost = {Real(0), Real(0)};
      r.own_best = infinity();
      r.own_stall = 0u;
      r.seeded = 0u;
    }
    s.gap_mean = Real(0);
    s.gap_count = 0u;
    s.best_x = midpoint();
    s.best_gradient = point_type{};
    s.best_energy = infinity();
    s.purpose = purpose_seed;
    s.kind = 0u;
    s.active = 0u;
    s.slot = 0u;
    s.sweeps = 0u;
    s.proposal_start = 0u;
    s.request = midpoint();
    s.quench = detail::quench_state<Real, N, Memory>{};
    s.phase = phase_seed;
    schedule();
    return status::ok;
  }

  /// True once the run has ended (budget spent, target reached or final quench
  /// converged), and before a successful init().
  bool done() const noexcept { return s_.phase == phase_idle || s_.phase == phase_finished; }

  /// The point whose energy and gradient tell() expects next (inside the box).
  const point_type& point() const noexcept { return s_.phase == phase_quench ? s_.quench.trial : s_.request; }

  /// Reports E and grad E at point(). Non-finite values are allowed (that point is
  /// treated as infinitely high). Returns invalid_argument (and does nothing) if done().
  status tell(Real energy, const point_type& gradient) noexcept {
    if (done()) return status::invalid_argument;
    state_type& s = s_;
    ++s.calls;
    const bool finite = math::is_finite(energy) && detail::all_finite(gradient);
    if (finite && energy < s.best_energy) {
      s.best_x = point();
      s.best_energy = energy;
      s.best_gradient = gradient;
    }
    if (s.best_energy <= s.target) {
      s.phase = phase_finished;
      return status::ok;
    }
    // The handlers return what comes next instead of calling it, so the transitions
    // (handler, then quench end, then scheduling the next point) run one after another
    // from here rather than nested: the stack holds one handler's frame at a time.
    next_action next = next_none;
    switch (s.phase) {
      case phase_seed:
        next = on_seed(energy, gradient, finite);
        break;
      case phase_jump:
        next = on_jump(energy, gradient, finite);
        break;
      default:
        next = on_quench_tell(energy, gradient, finite);
        break;
    }
#if LANGEVIN_SOFT_DOUBLE
    if constexpr (detail::soft_double<Real>) {
      // The quench's pieces one after another (see on_quench_accept()).
      if (next == next_quench_accept || next == next_quench_accept_last) {
        next = on_quench_accept(energy, gradient, next == next_quench_accept_last);
      }
      if (next == next_quench_step) next = on_quench_step();
      if (next == next_quench_end) next = on_quench_end();
      if (next == next_schedule) next = schedule_out_of_line();
      if (next == next_propose) propose_out_of_line(s.active);
      if (next == next_polish_step) on_polish_step();
      if (s.calls >= s.max_calls) s.phase = phase_finished;
      return status::ok;
    }
#endif
    if (next == next_quench_end) next = on_quench_end();
    if (next == next_schedule) schedule();
    if (s.calls >= s.max_calls) s.phase = phase_finished;
    return status::ok;
  }

  /// One problem call: tell(problem(point(), g), g). Returns tell()'s status.
  template <class Problem>
  status step(const Problem& problem) noexcept {
    static_assert(is_gradient_problem_v<Problem, Real, N>,
                  "minimizer::step: problem must be callable as Real(const std::array<Real, N>&, "
                  "std::array<Real, N>&)");
    if (done()) return status::invalid_argument;
    point_type gradient{};
    const Real energy = problem(point(), gradient);
    return tell(energy, gradient);
  }

  /// Calls step(problem) until done() or `max_steps` calls; returns the first status
  /// other than ok, or ok.
  template <class Problem>
  status run(const Problem& problem, std::uint64_t max_steps = ~std::uint64_t{0}) noexcept {
    for (std::uint64_t i = 0; i < max_steps && !done(); ++i) {
      const status st = step(problem);
      if (st != status::ok) return st;
    }
    return status::ok;
  }

  /// Problem calls so far.
  std::uint64_t calls() const noexcept { return s_.calls; }

  /// The lowest point evaluated so far (see minimize_result for the status).
  minimize_result<Real, N> result() const noexcept {
    if (s_.phase == phase_idle) return {point_type{}, std::numeric_limits<Real>::quiet_NaN(), 0u, status::invalid_argument};
    const bool found = math::is_finite(s_.best_energy);
    return {s_.best_x, s_.best_energy, s_.calls, found ? status::ok : status::non_finite};
  }

  /// The whole state, for checkpoints.
  const state_type& state() const noexcept { return s_; }
  /// Restores a state saved by state(). Returns invalid_argument (nothing changes) if the
  /// state is inconsistent: an invalid box or width, a phase, purpose, move kind, replica
  /// index or curvature-pair count out of range, more calls than the budget, or (once
  /// initialised) a zero budget, step limit or ground share.
  status set_state(const state_type& state) noexcept {
    const box<Real, N> bounds{state.lower, state.upper};
    bool consistent = bounds.validate() == status::ok;
    for (std::size_t i = 0; i < N; ++i) consistent = consistent && state.width[i] == state.upper[i] - state.lower[i];
    for (const replica_state& r : state.replicas) consistent = consistent && r.seeded <= 1u;
    consistent = consistent && state.phase <= phase_finished && state.purpose <= purpose_polish && state.kind <= 1u &&
                 state.active < Replicas && state.quench.stored <= Memory && state.quench.newest < Memory &&
                 state.calls <= state.max_calls && state.explore_calls <= state.max_calls;
    if (state.phase != phase_idle) {
      consistent = consistent && state.max_calls > 0u && state.quench_max_steps > 0u && state.ground_share > 0u;
    }
    if (!consistent) return status::invalid_argument;
    s_ = state;
    return status::ok;
  }

 private:
  static constexpr std::uint8_t phase_idle = 0u;
  static constexpr std::uint8_t phase_seed = 1u;
  static constexpr std::uint8_t phase_jump = 2u;
  static constexpr std::uint8_t phase_quench = 3u;
  static constexpr std::uint8_t phase_finished = 4u;
  static constexpr std::uint8_t purpose_seed = 0u;
  static constexpr std::uint8_t purpose_jump = 1u;
  static constexpr std::uint8_t purpose_polish = 2u;
  /// What tell() runs after a handler: nothing, on_quench_end() (which returns what comes
  /// after it), or schedule().
  enum next_action : std::uint8_t {
    next_none,
    next_quench_end,
    next_schedule,
#if LANGEVIN_SOFT_DOUBLE
    next_quench_accept,       ///< soft double: on_quench_accept(), then next_step() unless it ends
    next_quench_accept_last,  ///< soft double: on_quench_accept(), then the quench ends
    next_quench_step,         ///< soft double: on_quench_step()
    next_propose,             ///< soft double: propose_out_of_line(s.active)
    next_polish_step,         ///< soft double: on_polish_step()
#endif
  };

  static constexpr std::uint64_t rng_stream = 0x6d696e696d697a65ull;  // "minimize"
  /// Jump-scale adaptation: x exp(0.07) when a quench returns to the same basin, x
  /// exp(-0.03) when it reaches a new one; balances at 30% returns.
  static constexpr Real jump_grow = Real(1.0725081812542165);
  static constexpr Real jump_shrink = Real(0.9704455335485082);
  static constexpr Real kind_memory = Real(0.995);  // decay of gain/cost per proposal

  static Real infinity() noexcept { return std::numeric_limits<Real>::infinity(); }

  static Real to_real(double v) noexcept {
    if (v <= -static_cast<double>(std::numeric_limits<Real>::max())) return -infinity();
    if (v >= static_cast<double>(std::numeric_limits<Real>::max())) return infinity();
    return static_cast<Real>(v);
  }

  static bool valid(const minimize_options& o) noexcept {
    const bool fractions = o.polish_fraction >= 0.0 && o.polish_fraction < 1.0 && o.quench_tolerance >= 0.0 &&
                           o.quench_tolerance <= 1.0 && o.initial_jump > 0.0 && o.initial_jump <= 1.0 &&
                           o.quench_fraction > 0.0 && o.quench_fraction <= 1.0;
    const bool ladder = math::is_finite(o.explorer_temperature) && o.explorer_temperature > 0.0 &&
                        math::is_finite(o.ladder_ratio) && o.ladder_ratio >= 1.0;
    const bool counts = o.max_calls > 0u && o.quench_max_steps > 0u && o.ground_share > 0u;
    return fractions && ladder && counts && !math::is_nan(o.target_value);
  }

  point_type midpoint() const noexcept {
    point_type m{};
    for (std::size_t i = 0; i < N; ++i) m[i] = s_.lower[i] + Real(0.5) * s_.width[i];
    return m;
  }

  /// Temperature of replica r: 0 for the ground replica, t1 ratio^(r-1) <dE> otherwise.
  Real temperature(std::size_t r) const noexcept {
    if (r == 0u) return Real(0);
    Real t = s_.explorer_temperature * energy_scale();
    for (std::size_t k = 1; k < r; ++k) t *= s_.ladder_ratio;
    return t;
  }

  Real energy_scale() const noexcept { return s_.gap_count > 0u ? s_.gap_mean : Real(1); }

  /// Cauchy-tailed factor 1 / |n|, n ~ N(0, 1), |n| floored at 2^-20.
  Real heavy_tail() noexcept {
    const Real n = math::abs(normal<Real>(s_.rng));
    const Real floor = Real(1.0 / 1048576.0);
    return Real(1) / (n > floor ? n : floor);
  }

  /// v reflected once at the violated bound; a uniform point of [lo, hi] if still outside.
  Real into_box(Real v, std::size_t i) noexcept {
    const Real lo = s_.lower[i];
    const Real hi = s_.upper[i];
    if (v < lo) v = lo + (lo - v);
    if (v > hi) v = hi - (v - hi);
    if (!(v >= lo && v <= hi)) v = lo + s_.width[i] * uniform<Real>(s_.rng);
    return v > hi ? hi : v;
  }

  /// A first step length: 1% of the box diagonal along the gradient.
  Real initial_inverse_curvature(const point_type& gradient) const noexcept {
    Real ww = Real(0);
    Real gg = Real(0);
    for (std::size_t i = 0; i < N; ++i) {
      ww += s_.width[i] * s_.width[i];
      gg += gradient[i] * gradient[i];
    }
    if (!(gg > Real(0)) || !math::is_finite(gg) || !(ww > Real(0))) return Real(1);
    const Real a = Real(0.01) * math::sqrt(ww / gg);
    return math::is_finite(a) && a > Real(0) ? a : Real(1);
  }

  void finish() noexcept { s_.phase = phase_finished; }

  /// Prepares the next evaluation (or ends the run), stepping through transitions that
  /// need no call.
  void schedule() noexcept {
    state_type& s = s_;
    for (;;) {
      if (s.calls >= s.max_calls) return finish();
      if (s.calls >= s.explore_calls && math::is_finite(s.best_energy)) return begin_polish();
      for (std::size_t r = 0; r < Replicas; ++r) {
        if (s.replicas[r].seeded == 0u) {
          s.active = static_cast<std::uint32_t>(r);
          for (std::size_t i = 0; i < N; ++i) s.request[i] = into_box(s.lower[i] + s.width[i] * uniform<Real>(s.rng), i);
          s.phase = phase_seed;
          return;
        }
      }
      const std::uint32_t slots = static_cast<std::uint32_t>(Replicas - 1u) + s.ground_share;
      if (s.slot >= slots) {
        end_sweep();
        s.slot = 0u;
        continue;
      }
      const std::uint32_t r = s.slot < Replicas ? s.slot : 0u;
      ++s.slot;
      propose(r);
      return;
    }
  }

#if LANGEVIN_SOFT_DOUBLE
  /// Soft double: schedule(), leaving its proposal (propose_out_of_line(s.active)) or the
  /// first step of the polish (on_polish_step()) to tell(), which runs it after this frame
  /// is gone. The same transitions in the same order.
  [[gnu::noinline]] next_action schedule_out_of_line() noexcept {
    state_type& s = s_;
    for (;;) {
      if (s.calls >= s.max_calls) {
        finish();
        return next_none;
      }
      if (s.calls >= s.explore_calls && math::is_finite(s.best_energy)) {
        Real curvature = s.replicas[0].inverse_curvature;
        if (!(curvature > Real(0))) curvature = initial_inverse_curvature(s.best_gradient);
        const Real tolerance = Real(4) * std::numeric_limits<Real>::epsilon();
        detail::quench<Real, N, Memory>::start(s.quench, s.best_x, s.best_energy, s.best_gradient, curvature, tolerance,
                                               ~std::uint32_t{0});
        return next_polish_step;
      }
      for (std::size_t r = 0; r < Replicas; ++r) {
        if (s.replicas[r].seeded == 0u) {
          s.active = static_cast<std::uint32_t>(r);
          for (std::size_t i = 0; i < N; ++i) s.request[i] = into_box(s.lower[i] + s.width[i] * uniform<Real>(s.rng), i);
          s.phase = phase_seed;
          return next_none;
        }
      }
      const std::uint32_t slots = static_cast<std::uint32_t>(Replicas - 1u) + s.ground_share;
      if (s.slot >= slots) {
        end_sweep();
        s.slot = 0u;
        continue;
      }
      s.active = s.slot < Replicas ? s.slot : 0u;  // propose_kind() sets it to the same
      ++s.slot;
      return next_propose;
    }
  }

  /// Soft double: the rest of begin_polish() after schedule_out_of_line() started it.
  [[gnu::noinline]] void on_polish_step() noexcept {
    state_type& s = s_;
    if (!detail::quench<Real, N, Memory>::step(s.quench, s.lower, s.upper)) return finish();
    s.purpose = purpose_polish;
    s.phase = phase_quench;
  }
#endif

  void begin_polish() noexcept {
    state_type& s = s_;
    Real curvature = s.replicas[0].inverse_curvature;
    if (!(curvature > Real(0))) curvature = initial_inverse_curvature(s.best_gradient);
    const Real tolerance = Real(4) * std::numeric_limits<Real>::epsilon();
    if (!detail::quench<Real, N, Memory>::begin(s.quench, s.best_x, s.best_energy, s.best_gradient, curvature, tolerance,
                                                ~std::uint32_t{0}, s.lower, s.upper)) {
      return finish();
    }
    s.purpose = purpose_polish;
    s.phase = phase_quench;
  }

  /// Draws a jump from replica r's basin bottom into s.request.
  void propose(std::uint32_t r) noexcept {
    state_type& s = s_;
    replica_state& p = s.replicas[r];
    for (std::size_t k = 0; k < 2u; ++k) {
      p.gain[k] *= kind_memory;
      p.cost[k] *= kind_memory;
    }
    ++p.own_stall;
    s.proposal_start = s.calls;
    s.active = r;
    const Real rate_single = (p.gain[0] + Real(0.5)) / (p.cost[0] + Real(10));
    const Real rate_all = (p.gain[1] + Real(0.5)) / (p.cost[1] + Real(10));
    Real share = rate_single / (rate_single + rate_all);
    share = share < Real(0.1) ? Real(0.1) : (share > Real(0.9) ? Real(0.9) : share);
    s.kind = uniform<Real>(s.rng) < share ? 0u : 1u;
    s.request = p.x;
    if (s.kind == 0u) {
      const std::size_t i = s.rng.bounded(static_cast<std::uint32_t>(N));
      const Real z = normal<Real>(s.rng) * heavy_tail();
      s.request[i] = into_box(p.x[i] + p.jump[0] * s.width[i] * z, i);
    } else {
      const Real spread = heavy_tail() / math::sqrt(static_cast<Real>(N));
      for (std::size_t i = 0; i < N; ++i) {
        s.request[i] = into_box(p.x[i] + p.jump[1] * s.width[i] * spread * normal<Real>(s.rng), i);
      }
    }
    s.phase = phase_jump;
  }

  [[gnu::noinline]] next_action on_quench_tell(Real energy, const point_type& gradient, bool finite) noexcept {
    state_type& s = s_;
#if LANGEVIN_SOFT_DOUBLE
    if constexpr (detail::soft_double<Real>) {
      using quench = detail::quench<Real, N, Memory>;
      switch (quench::verdict(s.quench, energy, finite, s.lower, s.upper)) {
        case quench::verdict_trial:
          return next_none;
        case quench::verdict_accept:
          return next_quench_accept;
        case quench::verdict_accept_last:
          return next_quench_accept_last;
        default:
          return next_quench_end;
      }
    }
#endif
    return detail::quench<Real, N, Memory>::tell(s.quench, energy, gradient, finite, s.lower, s.upper) ? next_none
                                                                                                      : next_quench_end;
  }

#if LANGEVIN_SOFT_DOUBLE
  /// Soft double: the accepted trial of the quench (quench::tell() in pieces, run from
  /// tell() one after another so that their frames are not nested).
  [[gnu::noinline]] next_action on_quench_accept(Real energy, const point_type& gradient, bool last) noexcept {
    state_type& s = s_;
    const bool ended = detail::quench<Real, N, Memory>::accept(s.quench, energy, gradient, s.lower, s.upper);
    return ended || last ? next_quench_end : next_quench_step;
  }

  /// Soft double: the next step of the quench (after start() or on_quench_accept()).
  [[gnu::noinline]] next_action on_quench_step() noexcept {
    state_type& s = s_;
    if (!detail::quench<Real, N, Memory>::step(s.quench, s.lower, s.upper)) return next_quench_end;
    s.phase = phase_quench;
    return next_none;
  }

  /// Soft double: propose() with each normal draw made from a small frame and the
  /// arithmetic out of line (the same draws, operations and values in the same order).
  [[gnu::noinline]] void propose_out_of_line(std::uint32_t r) noexcept {
    state_type& s = s_;
    propose_kind(r);
    if (s.kind == 0u) {
      const std::size_t i = s.rng.bounded(static_cast<std::uint32_t>(N));
      const Real z = normal<Real>(s.rng);
      const Real n = normal<Real>(s.rng);
      propose_single(i, z, n);
    } else {
      const Real spread = propose_spread(normal<Real>(s.rng));
      for (std::size_t i = 0; i < N; ++i) {
        const Real z = normal<Real>(s.rng);
        propose_coordinate(i, spread, z);
      }
    }
    s.phase = phase_jump;
  }

  /// propose() up to its move kind (and its uniform draw).
  [[gnu::noinline]] void propose_kind(std::uint32_t r) noexcept {
    state_type& s = s_;
    replica_state& p = s.replicas[r];
    for (std::size_t k = 0; k < 2u; ++k) {
      p.gain[k] *= kind_memory;
      p.cost[k] *= kind_memory;
    }
    ++p.own_stall;
    s.proposal_start = s.calls;
    s.active = r;
    const Real rate_single = (p.gain[0] + Real(0.5)) / (p.cost[0] + Real(10));
    const Real rate_all = (p.gain[1] + Real(0.5)) / (p.cost[1] + Real(10));
    Real share = rate_single / (rate_single + rate_all);
    share = share < Real(0.1) ? Real(0.1) : (share > Real(0.9) ? Real(0.9) : share);
    s.kind = uniform<Real>(s.rng) < share ? 0u : 1u;
    s.request = p.x;
  }

  /// heavy_tail() of the normal draw n.
  static Real heavy_tail_of(Real n) noexcept {
    const Real a = math::abs(n);
    const Real floor = Real(1.0 / 1048576.0);
    return Real(1) / (a > floor ? a : floor);
  }

  /// The one-coordinate move of propose(): z its normal draw, n heavy_tail()'s.
  [[gnu::noinline]] void propose_single(std::size_t i, Real z, Real n) noexcept {
    state_type& s = s_;
    const replica_state& p = s.replicas[s.active];
    const Real scaled = z * heavy_tail_of(n);
    s.request[i] = into_box(p.x[i] + p.jump[0] * s.width[i] * scaled, i);
  }

  /// The spread of the all-coordinates move from heavy_tail()'s normal draw n.
  [[gnu::noinline]] static Real propose_spread(Real n) noexcept {
    return heavy_tail_of(n) / math::sqrt(static_cast<Real>(N));
  }

  /// Coordinate i of the all-coordinates move, z its normal draw.
  [[gnu::noinline]] void propose_coordinate(std::size_t i, Real spread, Real z) noexcept {
    state_type& s = s_;
    const replica_state& p = s.replicas[s.active];
    s.request[i] = into_box(p.x[i] + p.jump[1] * s.width[i] * spread * z, i);
  }
#endif

  [[gnu::noinline]] next_action on_seed(Real energy, const point_type& gradient, bool finite) noexcept {
    state_type& s = s_;
    if (!finite) return next_schedule;
    const replica_state& p = s.replicas[s.active];
    const Real curvature = p.inverse_curvature > Real(0) ? p.inverse_curvature : initial_inverse_curvature(gradient);
    s.purpose = purpose_seed;
#if LANGEVIN_SOFT_DOUBLE
    if constexpr (detail::soft_double<Real>) {
      detail::quench<Real, N, Memory>::start(s.quench, s.request, energy, gradient, curvature, s.tolerance,
                                             s.quench_max_steps);
      return next_quench_step;
    }
#endif
    if (detail::quench<Real, N, Memory>::begin(s.quench, s.request, energy, gradient, curvature, s.tolerance,
                                               s.quench_max_steps, s.lower, s.upper)) {
      s.phase = phase_quench;
      return next_none;
    }
    return next_quench_end;
  }

  [[gnu::noinline]] next_action on_jump(Real energy, const point_type& gradient, bool finite) noexcept {
    state_type& s = s_;
    replica_state& p = s.replicas[s.active];
    if (!finite) {
      p.cost[s.kind] += Real(1);
      return next_schedule;
    }
    if (s.quench_fraction < Real(1)) {
      const Real predicted =
          energy - detail::harmonic_gap(s.request, gradient, p.inverse_curvature, s.lower, s.upper);
      const bool go = predicted - p.energy < p.threshold[s.kind];
      const Real rate = Real(0.05) * energy_scale();
      p.threshold[s.kind] += go ? -rate * (Real(1) - s.quench_fraction) : rate * s.quench_fraction;
      if (!go) {
        p.cost[s.kind] += Real(1);
        return next_schedule;
      }
    }
    s.purpose = purpose_jump;
#if LANGEVIN_SOFT_DOUBLE
    if constexpr (detail::soft_double<Real>) {
      detail::quench<Real, N, Memory>::start(s.quench, s.request, energy, gradient, p.inverse_curvature, s.tolerance,
                                             s.quench_max_steps);
      return next_quench_step;
    }
#endif
    if (detail::quench<Real, N, Memory>::begin(s.quench, s.request, energy, gradient, p.inverse_curvature, s.tolerance,
                                               s.quench_max_steps, s.lower, s.upper)) {
      s.phase = phase_quench;
      return next_none;
    }
    return next_quench_end;
  }

  [[gnu::noinline]] next_action on_quench_end() noexcept {
    state_type& s = s_;
    const auto& q = s.quench;
    if (s.purpose == purpose_polish) {
      finish();
      return next_none;
    }
    replica_state& p = s.replicas[s.active];
    if (s.purpose == purpose_seed) {
      p.x = q.x;
      p.gradient = q.gradient;
      p.energy = q.energy;
      p.inverse_curvature = q.inverse_curvature;
      p.own_best = q.energy;
      p.own_stall = 0u;
      p.seeded = 1u;
      return next_schedule;
    }
    p.cost[s.kind] += static_cast<Real>(s.calls - s.proposal_start);
    const Real change = q.energy - p.energy;
    bool moved = false;
    for (std::size_t i = 0; i < N; ++i) moved = moved || math::abs(q.x[i] - p.x[i]) > Real(1e-4) * s.width[i];
    if (moved) {
      ++s.gap_count;
      const Real fresh = Real(1) / static_cast<Real>(s.gap_count);
      const Real weight = fresh > Real(0.02) ? fresh : Real(0.02);
      s.gap_mean += weight * (math::abs(change) - s.gap_mean);
    }
    bool accept = change <= Real(0);
    if (!accept) {
      const Real t = temperature(s.active);
      accept = t > Real(0) && uniform<Real>(s.rng) < math::exp(-change / t);
    }
    if (moved && change < Real(0)) p.gain[s.kind] += Real(1);
    Real& jump = p.jump[s.kind];
    jump *= moved ? jump_shrink : jump_grow;
    jump = jump > Real(1) ? Real(1) : (jump < Real(1e-6) ? Real(1e-6) : jump);
    if (accept) {
      if (q.energy < p.own_best - Real(1e-9) * (Real(1) + math::abs(p.own_best))) {
        p.own_best = q.energy;
        p.own_stall = 0u;
      }
      p.x = q.x;
      p.gradient = q.gradient;
      p.energy = q.energy;
      p.inverse_curvature = q.inverse_curvature;
    }
    return next_schedule;
  }

  /// Replica exchange between neighbours of the ladder (even pairs, then odd pairs on
  /// alternate sweeps) and reseeding of the highest stalled explorer.
  void end_sweep() noexcept {
    state_type& s = s_;
    ++s.sweeps;
    for (std::size_t r = s.sweeps % 2u; r + 1u < Replicas; r += 2u) {
      replica_state& cold = s.replicas[r];
      replica_state& hot = s.replicas[r + 1u];
      bool swap = hot.energy < cold.energy;
      const Real t_cold = temperature(r);
      if (!swap && t_cold > Real(0)) {
        const Real t_hot = temperature(r + 1u);
        const Real exponent = (cold.energy - hot.energy) * (Real(1) / t_cold - Real(1) / t_hot);
        swap = uniform<Real>(s.rng) < math::exp(exponent);
      }
      if (swap) {
        swap_states(cold, hot);
      }
    }
    if (s.reseed_patience == 0u) return;
    for (std::size_t r = Replicas; r-- > 1u;) {
      replica_state& p = s.replicas[r];
      if (p.own_stall > static_cast<std::uint64_t>(s.reseed_patience) * static_cast<std::uint64_t>(N)) {
        p.seeded = 0u;
        p.own_stall = 0u;
        p.own_best = infinity();
        return;
      }
    }
  }

  static void swap_states(replica_state& a, replica_state& b) noexcept {
    const point_type x = a.x;
    const point_type g = a.gradient;
    const Real e = a.energy;
    const Real c = a.inverse_curvature;
    a.x = b.x;
    a.gradient = b.gradient;
    a.energy = b.energy;
    a.inverse_curvature = b.inverse_curvature;
    b.x = x;
    b.gradient = g;
    b.energy = e;
    b.inverse_curvature = c;
  }

  state_type s_{};
};

/// Global minimum of `problem` on `bounds` within options.max_calls problem calls (see the
/// file comment for the method). `problem` is any callable
///   Real operator()(const std::array<Real, N>& x, std::array<Real, N>& grad) const
/// returning E(x) and writing grad E(x); it may return NaN or infinity anywhere (such
/// points are never reported) but must not throw (minimize is noexcept). Only points
/// inside `bounds` are evaluated. Bad input
/// returns invalid_argument with calls = 0 and no call made. No heap: the minimizer lives
/// on the stack (see minimizer for its size). `Replicas` and `Memory` as in minimizer.
template <std::size_t Replicas = 2, std::size_t Memory = 3, class Problem, class Real, std::size_t N>
minimize_result<Real, N> minimize(const Problem& problem, const box<Real, N>& bounds,
                                  const minimize_options& options) noexcept {
  static_assert(is_gradient_problem_v<Problem, Real, N>,
                "minimize: problem must be callable as Real(const std::array<Real, N>&, std::array<Real, N>&)");
  minimizer<Real, N, Replicas, Memory> engine;
  if (engine.init(bounds, options) != status::ok) {
    return {std::array<Real, N>{}, std::numeric_limits<Real>::quiet_NaN(), 0u, status::invalid_argument};
  }
  engine.run(problem);
  return engine.result();
}

}  // namespace langevin

#endif
