/// \file
/// The global minimizer's algorithm, written once per scalar type over a run-time
/// dimension n, replica count and quench memory (see optimize/minimize.hpp for the method
/// and the public class, which owns the arrays and passes them here as a minimizer_view).
#ifndef LANGEVIN_OPTIMIZE_DETAIL_MINIMIZER_CORE_HPP
#define LANGEVIN_OPTIMIZE_DETAIL_MINIMIZER_CORE_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "../../config.hpp"
#include "../../detail/checkpoint_io.hpp"
#include "../../detail/finite_tally.hpp"
#include "../../detail/phase.hpp"
#include "../../field.hpp"
#include "../../math.hpp"
#include "../../random/detail/local_draws.hpp"
#include "../../random/normal.hpp"
#include "../../random/pcg32.hpp"
#include "../../random/uniform.hpp"
#include "minimize_quench.hpp"
#include "minimizer_state.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

/// Options of the global minimizer, in the scalar type of the problem (minimize_options<float>
/// for a float box, so a float program does no double arithmetic). Every field has a
/// default; only `max_calls` usually needs setting. validate() names the first field out of
/// its range; minimizer::init() refuses exactly those options.
template <class Real = double>
struct minimize_options {
  /// Budget: calls of the problem (each returns E and grad E), >= 1. Never exceeded.
  std::uint64_t max_calls = 10000u;
  /// Seed of the random stream (any value). Same seed, same problem, same result bits.
  std::uint64_t seed = 0u;
  /// Stop as soon as a point with E <= target_value has been evaluated (default: never;
  /// +infinity stops at the first point with a finite E and gradient). Not NaN.
  Real target_value = -std::numeric_limits<Real>::infinity();
  /// Early stop: once this many calls have passed without a new lowest energy, the
  /// exploration ends and the final quench polishes the best point (then the run ends with
  /// reason no_improvement). 0 (the default) never stops early.
  std::uint64_t max_stall_calls = 0u;
  /// Share of max_calls reserved for the final quench of the best point, in [0, 1). When
  /// nonzero the reserve is at least 10 + 2 N calls and at most max_calls / 2.
  Real polish_fraction = Real(0.02);
  /// Relative energy tolerance of a quench, in [0, 1]: it stops when the harmonic estimate
  /// of the energy still to gain, and the last drop, fall below tolerance * (1 + |E|).
  Real quench_tolerance = Real(1e-9);
  /// Accepted line-search steps per quench (per stage of the ground replica's descent), >= 1
  /// (the final polish is unlimited).
  std::uint32_t quench_max_steps = 60u;
  /// Initial jump scale as a fraction of the box width, in (0, 1]; adapted during the run.
  Real initial_jump = Real(0.1);
  /// Target fraction of jumps that pass the harmonic pre-screen and are quenched, in
  /// (0, 1]; 1 quenches every jump.
  Real quench_fraction = Real(0.5);
  /// Temperature of the first explorer replica in units of the running mean energy
  /// difference between neighbouring minima, finite and > 0.
  Real explorer_temperature = Real(0.1);
  /// Temperature ratio between successive explorer replicas, finite and >= 1.
  Real ladder_ratio = Real(3);
  /// An explorer that has not lowered its own energy for reseed_patience * N proposals is
  /// reseeded from a uniform random point; 0 never reseeds.
  std::uint32_t reseed_patience = 20u;
  /// Proposals of the ground (T = 0) replica per proposal of each explorer, in
  /// [1, largest_ground_share].
  std::uint32_t ground_share = 2u;
  /// 2^32 - 2^16: a sweep's Replicas - 1 + ground_share proposals (Replicas <= 2^16 - 1)
  /// then fit its 32-bit count.
  static constexpr std::uint32_t largest_ground_share = 0xFFFF0000u;

  /// field::none if every field is in its range, else the first that is not.
  field validate() const noexcept {
    if (max_calls == 0u) return field::max_calls;
    if (math::is_nan(target_value)) return field::target_value;
    if (!(polish_fraction >= Real(0) && polish_fraction < Real(1))) return field::polish_fraction;
    if (!(quench_tolerance >= Real(0) && quench_tolerance <= Real(1))) return field::quench_tolerance;
    if (quench_max_steps == 0u) return field::quench_max_steps;
    if (!(initial_jump > Real(0) && initial_jump <= Real(1))) return field::initial_jump;
    if (!(quench_fraction > Real(0) && quench_fraction <= Real(1))) return field::quench_fraction;
    if (!(math::is_finite(explorer_temperature) && explorer_temperature > Real(0))) return field::explorer_temperature;
    if (!(math::is_finite(ladder_ratio) && ladder_ratio >= Real(1))) return field::ladder_ratio;
    if (ground_share == 0u || ground_share > largest_ground_share) return field::ground_share;
    return field::none;
  }
};

namespace detail {

/// The minimizer's operations (see optimize/minimize.hpp for the method).
template <class Real>
struct minimizer_ops {
  using view_type = minimizer_view<Real>;
  using quench_type = detail::quench<Real>;

  /// Random stream of the run: pcg32{options.seed, rng_stream}.
  static constexpr std::uint64_t rng_stream = 0x6d696e696d697a65ull;  // "minimize"
  /// Jump-scale adaptation: x exp(0.07) when a quench returns to the same basin, x
  /// exp(-0.03) when it reaches a new one; balances at 30% returns.
  static constexpr Real jump_grow = Real(1.0725081812542165);
  static constexpr Real jump_shrink = Real(0.9704455335485082);
  /// Bounds of the adapted jump scale (fractions of the box width).
  static constexpr Real smallest_jump = Real(1e-6);
  static constexpr Real largest_jump = Real(1);
  /// Decay of each replica's gain and cost counts per proposal.
  static constexpr Real kind_memory = Real(0.995);
  /// Prior of the per-kind success rate (gain + 0.5) / (cost + 10).
  static constexpr Real prior_gain = Real(0.5);
  static constexpr Real prior_cost = Real(10);
  /// Bounds of the share of one-coordinate moves.
  static constexpr Real smallest_share = Real(0.1);
  static constexpr Real largest_share = Real(0.9);
  /// Gain of the pre-screen threshold's adaptation, in units of the energy scale.
  static constexpr Real threshold_rate = Real(0.05);
  /// A quench "moved" (reached another basin) if a coordinate changed by more than this
  /// fraction of the box width.
  static constexpr Real basin_resolution = Real(1e-4);
  /// Weight floor of the running mean energy gap (a window of about 50 basin changes).
  static constexpr Real gap_weight_floor = Real(0.02);
  /// Relative drop that counts as lowering an explorer's own best energy.
  static constexpr Real own_best_margin = Real(1e-9);
  /// Smallest |n| of the Cauchy-tailed factor 1 / |n| (bounds a jump at 2^20 scales).
  static constexpr Real heavy_tail_floor = Real(1.0 / 1048576.0);
  /// First step of a quench without curvature: this fraction of the box diagonal.
  static constexpr Real first_step_fraction = Real(0.01);
  /// Relative tolerance of the final polish, in ulps of 1.
  static constexpr Real polish_ulps = Real(4);

  /// What tell() runs after a handler: each handler returns what comes next instead of
  /// calling it, so tell() runs them one after another and the stack holds one handler's
  /// frame at a time.
  enum next_action : std::uint8_t {
    next_none,
    next_quench_accept,       ///< quench accept(), then its next step unless it ended
    next_quench_accept_last,  ///< quench accept(); the quench then ends
    next_quench_step,         ///< the quench's next step
    next_quench_end,          ///< on_quench_end()
    next_schedule,            ///< schedule()
    next_propose,             ///< propose(active)
    next_polish_step,         ///< the final polish's first step
  };

  // --- setup -------------------------------------------------------------------------

  /// Starts a run; the caller then runs schedule() (the first seed).
  [[gnu::noinline]] static void init(const view_type& v, const minimize_options<Real>& options) noexcept {
    minimizer_core<Real>& c = v.core;
    c = minimizer_core<Real>{};
    store_settings(c.settings, options, v.n);
    c.progress.rng = pcg32{options.seed, rng_stream};
    c.progress.best_energy = infinity();
    Real largest = Real(0);
    for (std::size_t i = 0; i < v.n; ++i) {
      const Real lo = v.lower()[i];
      const Real hi = v.upper()[i];
      const Real w = hi - lo;
      v.width()[i] = w;
      c.settings.widest = w > c.settings.widest ? w : c.settings.widest;
      const Real farthest = math::abs(lo) > math::abs(hi) ? math::abs(lo) : math::abs(hi);
      largest = farthest > largest ? farthest : largest;
    }
    c.settings.resolution = quench_type::resolution_at(largest);
    // Everything after the box and its widths is zero (gradients, the quench), then the
    // points start at the box's midpoint.
    const std::size_t after_widths = 3u * v.n;
    zero(v.best_x(), view_type::block_size(v.n, v.replica_count, v.memory) - after_widths);
    zero(v.trial, v.n);
    for (std::uint32_t r = 0; r < v.replica_count; ++r) {
      replica_record<Real>& rep = v.replicas[r];
      rep = replica_record<Real>{};
      rep.energy = infinity();
      rep.jump = {options.initial_jump, options.initial_jump};
      rep.own_best = infinity();
      midpoint(v, v.replica_x(r));
    }
    midpoint(v, v.best_x());
    midpoint(v, v.request);
    c.progress.phase = minimizer_phase::seed;
  }

  static status place(const view_type& v, const Real* x) noexcept {
    minimizer_progress<Real>& p = v.core.progress;
    if (p.phase != minimizer_phase::seed || p.calls != 0u || p.active != 0u) return status::invalid_argument;
    for (std::size_t i = 0; i < v.n; ++i) v.request[i] = x[i];
    p.warm_start = 1u;
    return status::ok;
  }

  /// What result() reports about the best point, from the block (minimizer_view's layout,
  /// dimension n): per coordinate -1 at its lower bound, +1 at its upper, 0 inside, into
  /// `at_bound`; the norm of the projected gradient (the components that do not push against
  /// an active bound) into `projected_gradient_norm`. Returns ok, or non_finite (nothing
  /// written) if no finite point was evaluated.
  [[gnu::noinline]] static status describe_best(const Real* arrays, std::size_t n, std::int8_t* at_bound,
                                                Real& projected_gradient_norm, const minimizer_core<Real>& c) noexcept {
    if (!math::is_finite(c.progress.best_energy)) return status::non_finite;
    const Real* lower = arrays;
    const Real* upper = arrays + n;
    const Real* best = arrays + 3u * n;
    const Real* gradient = arrays + 4u * n;
    Real squares = Real(0);
    Real largest = Real(0);
    for (std::size_t i = 0; i < n; ++i) {
      const Real g = gradient[i];
      at_bound[i] = best[i] <= lower[i] ? std::int8_t{-1} : (best[i] >= upper[i] ? std::int8_t{1} : std::int8_t{0});
      const bool held = (at_bound[i] < 0 && g > Real(0)) || (at_bound[i] > 0 && g < Real(0));
      squares += held ? Real(0) : g * g;
      if (!held && math::abs(g) > largest) largest = math::abs(g);
    }
    projected_gradient_norm = math::sqrt(squares);
    if (!math::is_finite(squares)) {  // the squares overflow a finite gradient: scaled by its largest component
      Real scaled = Real(0);
      for (std::size_t i = 0; i < n; ++i) {
        const bool held = (at_bound[i] < 0 && gradient[i] > Real(0)) || (at_bound[i] > 0 && gradient[i] < Real(0));
        const Real ratio = held ? Real(0) : gradient[i] / largest;
        scaled += ratio * ratio;
      }
      projected_gradient_norm = largest * math::sqrt(scaled);
    }
    return status::ok;
  }

  static bool done(const minimizer_core<Real>& c) noexcept {
    return c.progress.phase == minimizer_phase::idle || c.progress.phase == minimizer_phase::finished;
  }

  // --- one call ------------------------------------------------------------------------

  /// Takes E at point() (grad E is in v.told_gradient; the caller checked !done()) and runs the handler of the
  /// current phase; the caller then runs finish_call() with the result, so that the
  /// transitions run in frames right below the caller's, not below this one's.
  [[gnu::always_inline]] static next_action tell(const view_type& v, Real energy) noexcept {
    minimizer_core<Real>& c = v.core;
    ++c.progress.calls;
    c.progress.warm_start = 0u;  // the point place() gave is being told: it is used up
    finite_tally<Real> tally;
    for (std::size_t i = 0; i < v.n; ++i) tally.add(v.told_gradient[i]);
    const bool finite = math::is_finite(energy) && tally.all_finite(v.told_gradient, v.n);
    c.progress.told_energy = energy;
    c.progress.told_finite = finite ? 1u : 0u;
    if (!finite && c.progress.avoid_faces == 0u) notice_singular_face(v);
    if (finite && energy < c.progress.best_energy) record_best(v);
    if (c.progress.best_energy <= c.settings.target) {
      finish(v, minimizer_stop::target_reached);
      return next_none;
    }
    next_action next = next_none;
    switch (c.progress.phase) {
      case minimizer_phase::seed:
        next = on_seed(v);
        break;
      case minimizer_phase::jump:
        next = on_jump(v);
        break;
      default:
        next = on_quench_trial(v);
        break;
    }
    if (next == next_quench_accept || next == next_quench_accept_last) {
      next = on_quench_accept(v, next == next_quench_accept_last);
    }
    return next;
  }

  /// init() and its transitions, as one phase (a type shared by every size of the class).
  /// Checks the box [lower, upper] (as box::validate) and the options, then starts the run;
  /// invalid_argument, nothing changed, for a bad box or options. One phase, a type shared by
  /// every size of the class.
  struct init_phase {
    status operator()(const view_type* v, const Real* lower, const Real* upper,
                      const minimize_options<Real>* options) const noexcept {
      for (std::size_t i = 0; i < v->n; ++i) {
        if (!(math::is_finite(lower[i]) && math::is_finite(upper[i]) && lower[i] <= upper[i] &&
              math::is_finite(upper[i] - lower[i]))) {
          return status::invalid_argument;
        }
      }
      if (options->validate() != field::none) return status::invalid_argument;
      copy(v->lower(), lower, v->n);
      copy(v->upper(), upper, v->n);
      minimizer_ops::init(*v, *options);
      // Nothing is seeded yet: the schedule can only ask for the ground replica's seed.
      static_cast<void>(schedule(*v));
      return status::ok;
    }
  };
  /// tell() and its transitions, as one phase (a type shared by every size of the class):
  /// invalid_argument once done(); else the gradient is copied into the told gradient (unless
  /// it is already there) and the call is told.
  struct tell_phase {
    status operator()(const view_type* v, Real energy, const Real* gradient) const noexcept {
      if (done(v->core)) return status::invalid_argument;
      if (gradient != v->told_gradient) copy(v->told_gradient, gradient, v->n);
      finish_call(*v, minimizer_ops::tell(*v, energy));
      return status::ok;
    }
  };

  /// The end of init() and tell(), in the caller's frame: the transitions that need no
  /// call, one after another, starting at `next` (each a function of its own, so only one
  /// of their frames is on the stack at a time); then the run ends once the budget is spent.
  /// A quench that ends (or whose first step cannot move) may go on in another stage
  /// (descent_goes_on) before its end is handled.
  [[gnu::always_inline]] static void finish_call(const view_type& v, next_action next) noexcept {
    if (next == next_quench_step) next = on_quench_step(v);
    if (next == next_quench_end && descent_goes_on(v)) {
      // A one-coordinate stage that could not move ends in the jump phase: the next stage
      // moves every coordinate, not that one alone again.
      v.core.progress.phase = minimizer_phase::quench;
      next = on_quench_step(v);
    }
    if (next == next_quench_end) next = on_quench_end(v);
    if (next == next_schedule) next = schedule(v);
    if (next == next_propose) propose(v, v.core.progress.active);
    if (next == next_polish_step) on_polish_step(v);
    if (v.core.progress.calls >= v.core.settings.max_calls && v.core.progress.phase != minimizer_phase::finished) {
      finish(v, minimizer_stop::budget_spent);
    }
    if (v.core.progress.avoid_faces != 0u && v.core.progress.phase != minimizer_phase::finished) keep_off_faces(v);
  }

 private:
  static Real infinity() noexcept { return std::numeric_limits<Real>::infinity(); }
  static Real largest_real() noexcept { return std::numeric_limits<Real>::max(); }

  static void zero(Real* values, std::size_t n) noexcept {
    for (std::size_t i = 0; i < n; ++i) values[i] = Real(0);
  }

  static void copy(Real* to, const Real* from, std::size_t n) noexcept { copy_values(to, from, n); }

  [[gnu::noinline]] static void swap_values(Real* a, Real* b, std::size_t n) noexcept {
    for (std::size_t i = 0; i < n; ++i) {
      const Real t = a[i];
      a[i] = b[i];
      b[i] = t;
    }
  }

  static void midpoint(const view_type& v, Real* out) noexcept {
    for (std::size_t i = 0; i < v.n; ++i) out[i] = v.lower()[i] + Real(0.5) * v.width()[i];
  }

  /// v (>= 0, < 2^64) truncated to an integer count. For float, in two 32-bit halves: the
  /// compiler's float-to-uint64 conversion is a libgcc routine that computes in double on
  /// Cortex-M, which a float program must not link. Both halves are exact (a float above 2^32
  /// is a multiple of 2^9), so the value equals the direct conversion's.
  static std::uint64_t truncate_to_count(Real v) noexcept {
    if constexpr (std::is_same<Real, float>::value) {
      const auto high = static_cast<std::uint32_t>(v * 0x1p-32f);
      const auto low = static_cast<std::uint32_t>(v - static_cast<float>(high) * 0x1p32f);
      return (static_cast<std::uint64_t>(high) << 32u) | low;
    } else {
      return static_cast<std::uint64_t>(v);
    }
  }

  /// The budget split: the polish reserve is polish_fraction of the budget, at least
  /// 10 + 2 n calls and at most half of it.
  static void store_settings(minimizer_settings<Real>& s, const minimize_options<Real>& o, std::size_t n) noexcept {
    s.max_calls = o.max_calls;
    std::uint64_t reserve = 0u;
    if (o.polish_fraction > Real(0)) {
      reserve = truncate_to_count(o.polish_fraction * math::from_count<Real>(o.max_calls));
      const std::uint64_t dimension = n;
      const std::uint64_t floor = 10u + 2u * dimension;
      if (reserve < floor) reserve = floor;
      if (reserve > o.max_calls / 2u) reserve = o.max_calls / 2u;
    }
    s.explore_calls = o.max_calls - reserve;
    s.max_stall_calls = o.max_stall_calls;
    // The best energy starts at +inf: a target of +inf is kept as the largest finite value,
    // which the first finite energy reaches (and +inf, before any, does not).
    s.target = o.target_value > std::numeric_limits<Real>::max() ? std::numeric_limits<Real>::max() : o.target_value;
    s.tolerance = o.quench_tolerance;
    s.quench_fraction = o.quench_fraction;
    s.explorer_temperature = o.explorer_temperature;
    s.ladder_ratio = o.ladder_ratio;
    s.quench_max_steps = o.quench_max_steps;
    s.reseed_patience = o.reseed_patience;
    s.ground_share = o.ground_share;
  }

  static const Real* point(const view_type& v) noexcept {
    return v.core.progress.phase == minimizer_phase::quench ? v.trial : v.request;
  }

  /// Fraction of a coordinate's width by which keep_off_faces() moves a point off a face
  /// (at least the box's resolution, at most half the width).
  static constexpr Real face_inset = Real(0x1p-30);

  /// A call that was not finite: if its point has a coordinate on a face of the box, the
  /// problem is taken to be singular there (as |x|^p with p < 1, or log x, at x = 0) and the
  /// faces are avoided for the rest of the run. Problems that are finite on the faces never
  /// set it, so their runs are unchanged.
  [[gnu::noinline]] static void notice_singular_face(const view_type& v) noexcept {
    const Real* x = point(v);
    bool on_face = false;
    for (std::size_t i = 0; i < v.n; ++i) on_face = on_face || x[i] <= v.lower()[i] || x[i] >= v.upper()[i];
    if (on_face) v.core.progress.avoid_faces = 1u;
  }

  /// Moves each coordinate of the next point that lies on a face of the box inside by
  /// max(face_inset w, resolution), at most w / 2 (w its width; none for w = 0): the problem
  /// is singular on some face (notice_singular_face), and a clipped jump or line-search trial
  /// lands exactly there again and again (6% of the calls of Deb 3 before). Work O(n).
  [[gnu::noinline]] static void keep_off_faces(const view_type& v) noexcept {
    Real* x = v.core.progress.phase == minimizer_phase::quench ? v.trial : v.request;
    const Real resolution = v.core.settings.resolution;
    for (std::size_t i = 0; i < v.n; ++i) {
      const Real lo = v.lower()[i];
      const Real hi = v.upper()[i];
      if (x[i] > lo && x[i] < hi) continue;
      const Real width = v.width()[i];
      Real inset = face_inset * width;
      if (inset < resolution) inset = resolution;
      if (inset > Real(0.5) * width) inset = Real(0.5) * width;
      x[i] = clamp_to(x[i] <= lo ? lo + inset : hi - inset, lo, hi);
    }
  }

  [[gnu::noinline]] static void record_best(const view_type& v) noexcept {
    copy(v.best_x(), point(v), v.n);
    v.core.progress.best_energy = v.core.progress.told_energy;
    v.core.progress.last_improvement = v.core.progress.calls;
    copy(v.best_gradient(), v.told_gradient, v.n);
  }

  /// Runs the transitions that need no call, one after another, starting at `next`.
  /// Ends the run for `reason` (minimizer_stop); a run whose exploration was ended by the
  /// stall rule ends with no_improvement unless it reached the target.
  static void finish(const view_type& v, std::uint8_t reason) noexcept {
    minimizer_progress<Real>& p = v.core.progress;
    p.phase = minimizer_phase::finished;
    p.stop = p.stalled != 0u && reason != minimizer_stop::target_reached ? minimizer_stop::no_improvement : reason;
  }

  /// Temperature of replica r: 0 for the ground replica, t1 ratio^(r-1) <dE> otherwise.
  static Real temperature(const minimizer_core<Real>& c, std::uint32_t r) noexcept {
    if (r == 0u) return Real(0);
    Real t = c.settings.explorer_temperature * energy_scale(c);
    for (std::uint32_t k = 1; k < r; ++k) t *= c.settings.ladder_ratio;
    return t;
  }

  static Real energy_scale(const minimizer_core<Real>& c) noexcept {
    return c.progress.gap_count > 0u ? c.progress.gap_mean : Real(1);
  }

  /// The Cauchy-tailed factor 1 / |z| of a normal draw z, |z| floored at heavy_tail_floor.
  static Real heavy_tail_of(Real z) noexcept {
    const Real a = math::abs(z);
    return Real(1) / (a > heavy_tail_floor ? a : heavy_tail_floor);
  }

  /// value reflected once at the violated bound of coordinate i; a uniform point of the
  /// interval if still outside.
  static Real into_box(const view_type& v, Real value, std::size_t i) noexcept {
    const Real lo = v.lower()[i];
    const Real hi = v.upper()[i];
    if (value < lo) value = lo + (lo - value);
    if (value > hi) value = hi - (value - hi);
    if (!(value >= lo && value <= hi)) value = lo + v.width()[i] * uniform<Real>(v.core.progress.rng);
    return value > hi ? hi : value;
  }

  /// A first step length without curvature information: first_step_fraction of the box
  /// diagonal along the gradient.
  static Real initial_inverse_curvature(const view_type& v, const Real* gradient) noexcept {
    const Real ww = dot(v.width(), v.width(), v.n);
    const Real gg = dot(gradient, gradient, v.n);
    if (!(gg > Real(0)) || !math::is_finite(gg) || !(ww > Real(0))) return Real(1);
    const Real a = first_step_fraction * math::sqrt(ww / gg);
    return math::is_finite(a) && a > Real(0) ? a : Real(1);
  }

  // --- handlers: each returns what comes next ----------------------------------------

  /// A replica's start point was evaluated: quench it.
  [[gnu::noinline]] static next_action on_seed(const view_type& v) noexcept {
    minimizer_core<Real>& c = v.core;
    if (c.progress.told_finite == 0u) return next_schedule;
    const Real* gradient = v.told_gradient;
    const replica_record<Real>& rep = v.replicas[c.progress.active];
    const Real curvature = rep.inverse_curvature > Real(0) ? rep.inverse_curvature : initial_inverse_curvature(v, gradient);
    c.progress.purpose = quench_purpose::seed;
    quench_type::start(v, v.request, c.progress.told_energy, gradient, curvature, c.settings.tolerance,
                       c.settings.quench_max_steps);
    return next_quench_step;
  }

  /// A jump was evaluated: screen it by the harmonic prediction of its basin bottom, and
  /// quench it if it passes.
  [[gnu::noinline]] static next_action on_jump(const view_type& v) noexcept {
    minimizer_core<Real>& c = v.core;
    replica_record<Real>& rep = v.replicas[c.progress.active];
    const std::uint8_t kind = c.progress.kind;
    const Real energy = c.progress.told_energy;
    const Real* gradient = v.told_gradient;
    if (c.progress.told_finite == 0u) {
      rep.cost[kind] += Real(1);
      return next_schedule;
    }
    if (c.settings.quench_fraction < Real(1)) {
      const Real predicted = energy - harmonic_gap(v, v.request, gradient, rep.inverse_curvature);
      const bool go = predicted - rep.energy < rep.threshold[kind];
      const Real rate = threshold_rate * energy_scale(c);
      Real& threshold = rep.threshold[kind];
      threshold += go ? -rate * (Real(1) - c.settings.quench_fraction) : rate * c.settings.quench_fraction;
      // Energies near the largest finite value can push it past: keep it finite (it must
      // be able to come back, and a saved state holds finite thresholds only).
      if (!math::is_finite(threshold)) threshold = threshold > Real(0) ? largest_real() : -largest_real();
      if (!go) {
        rep.cost[kind] += Real(1);
        return next_schedule;
      }
    }
    c.progress.purpose = quench_purpose::jump;
    quench_type::start(v, v.request, energy, gradient, rep.inverse_curvature, c.settings.tolerance,
                       c.settings.quench_max_steps);
    return next_quench_step;
  }

  /// After a one-coordinate jump (its quench started at the landing, no step yet): if the
  /// replica's gradient in the coordinates that did not move (those it holds at a bound left
  /// out) outweighs the moved coordinate's gradient at the landing, the quench first relaxes
  /// the moved coordinate alone (quench::relax_alone). The replica sat at a basin bottom, so
  /// a large gradient there means kinks (a non-smooth minimum, a piecewise-linear
  /// landscape), where a descent of every coordinate stalls after a step; at a smooth bottom
  /// it is near zero and the quench is as before. A moved coordinate without a gradient, or
  /// held at a bound, is not relaxed alone; if the stage cannot move at all, finish_call()
  /// releases it and every coordinate moves.
  [[gnu::noinline]] static void relax_moved_coordinate_alone(const view_type& v) noexcept {
    const Real* before = v.replica_x(v.core.progress.active);
    const Real* gradient_before = v.replica_gradient(v.core.progress.active);
    const Real* landing = v.quench_x();
    const Real* gradient = v.quench_gradient();
    std::uint32_t moved = quench_type::all_coordinates;
    Real own = Real(0);
    Real others = Real(0);
    for (std::size_t i = 0; i < v.n; ++i) {
      if (!math::same(landing[i], before[i])) {
        moved = quench_type::pinned(v, i) ? quench_type::all_coordinates : static_cast<std::uint32_t>(i);
        own = gradient[i] * gradient[i];
      } else if (!quench_type::held_at_bound(v, before[i], gradient_before[i], i)) {
        others += gradient_before[i] * gradient_before[i];
      }
    }
    if (moved < v.n && own > Real(0) && others > own) quench_type::relax_alone(v, moved);
  }

  /// A quench trial was evaluated.
  [[gnu::noinline]] static next_action on_quench_trial(const view_type& v) noexcept {
    switch (quench_type::verdict(v, v.core.progress.told_energy, v.core.progress.told_finite != 0u)) {
      case quench_type::verdict_trial:
        return next_none;
      case quench_type::verdict_accept:
        return next_quench_accept;
      case quench_type::verdict_accept_last:
        return next_quench_accept_last;
      case quench_type::verdict_end:
        break;
    }
    return next_quench_end;
  }

  [[gnu::noinline]] static next_action on_quench_accept(const view_type& v, bool last) noexcept {
    const bool ended = quench_type::accept(v, v.core.progress.told_energy, v.told_gradient);
    return ended || last ? next_quench_end : next_quench_step;
  }

  /// The quench's next step. The first step of a one-coordinate jump's quench (the phase is
  /// still jump) may first be made to move that coordinate alone.
  [[gnu::noinline]] static next_action on_quench_step(const view_type& v) noexcept {
    const minimizer_progress<Real>& p = v.core.progress;
    if (p.phase == minimizer_phase::jump && p.kind == 0u) relax_moved_coordinate_alone(v);
    if (!quench_type::next_step(v)) return next_quench_end;
    v.core.progress.phase = minimizer_phase::quench;
    return next_none;
  }

  /// A quench ended: the final polish ends the run; a seed becomes the replica's state; a
  /// jump's basin bottom is judged (judge_jump).
  [[gnu::noinline]] static next_action on_quench_end(const view_type& v) noexcept {
    const minimizer_core<Real>& c = v.core;
    if (c.progress.purpose == quench_purpose::polish) {
      finish(v, minimizer_stop::budget_spent);
      return next_none;
    }
    if (c.progress.purpose == quench_purpose::seed) {
      seed_replica(v, c.progress.active);
    } else {
      judge_jump(v, c.progress.active);
    }
    return next_schedule;
  }

  /// Called when a quench stops: true if it starts another stage, and the quench's next step
  /// follows. That is every coordinate after a one-coordinate first stage (quench::release),
  /// or the ground replica's (r = 0, T = 0) seed, or its jump ending level with or below its
  /// state, stopped before it converged during exploration (quench::extend). An
  /// ill-conditioned or kinked valley then gets the descent it needs instead of a jump away
  /// from it. Explorers never extend (their quenches screen moves), nor does the final
  /// polish (it has no step limit).
  [[gnu::noinline]] static bool descent_goes_on(const view_type& v) noexcept {
    if (quench_type::release(v)) return true;
    const minimizer_core<Real>& c = v.core;
    const std::uint8_t purpose = c.progress.purpose;
    const bool ground = c.progress.active == 0u && purpose != quench_purpose::polish &&
                        (purpose == quench_purpose::seed || c.quench.energy <= v.replicas[0].energy);
    return ground && c.progress.calls < c.settings.explore_calls && quench_type::extend(v);
  }

  /// Replica r takes its first basin bottom (or a fresh one after a reseed).
  static void seed_replica(const view_type& v, std::uint32_t r) noexcept {
    adopt_quench_result(v, r);
    replica_record<Real>& rep = v.replicas[r];
    rep.own_best = v.core.quench.energy;
    rep.own_stall = 0u;
    rep.seeded = 1u;
  }

  /// The basin bottom a jump of replica r reached: the move kind is charged its calls and
  /// credited a new, lower basin; the jump scale adapts (shrinks after a new basin, grows
  /// after a return to the same one); the Metropolis rule at the replica's temperature
  /// decides whether the replica moves there.
  static void judge_jump(const view_type& v, std::uint32_t r) noexcept {
    minimizer_core<Real>& c = v.core;
    replica_record<Real>& rep = v.replicas[r];
    const std::uint8_t kind = c.progress.kind;
    rep.cost[kind] += math::from_count<Real>(c.progress.calls - c.progress.proposal_start);
    const Real change = c.quench.energy - rep.energy;
    Real& jump = rep.jump[kind];
    if (reached_new_basin(v, r)) {
      record_gap(c, change);
      if (change < Real(0)) rep.gain[kind] += Real(1);
      jump *= jump_shrink;
    } else {
      jump *= jump_grow;
    }
    jump = jump > largest_jump ? largest_jump : (jump < smallest_jump ? smallest_jump : jump);
    // After record_gap: the temperature is scaled by the mean gap it updates.
    if (!metropolis_accepts(c, r, change)) return;
    if (c.quench.energy < rep.own_best - own_best_margin * (Real(1) + math::abs(rep.own_best))) {
      rep.own_best = c.quench.energy;
      rep.own_stall = 0u;
    }
    adopt_quench_result(v, r);
  }

  /// True if the quench ended in another basin than replica r's: a coordinate moved by more
  /// than basin_resolution of the box width.
  static bool reached_new_basin(const view_type& v, std::uint32_t r) noexcept {
    const Real* x = v.replica_x(r);
    const Real* bottom = v.quench_x();
    bool moved = false;
    for (std::size_t i = 0; i < v.n; ++i) moved = moved || math::abs(bottom[i] - x[i]) > basin_resolution * v.width()[i];
    return moved;
  }

  /// The Metropolis rule for an energy change at replica r's temperature: downhill and level
  /// moves always; uphill with probability exp(-change / T) (one uniform draw), never at T = 0.
  static bool metropolis_accepts(minimizer_core<Real>& c, std::uint32_t r, Real change) noexcept {
    if (change <= Real(0)) return true;
    const Real t = temperature(c, r);
    return t > Real(0) && uniform<Real>(c.progress.rng) < math::exp(-change / t);
  }

  /// Adds |change| to the running mean energy gap, unless it overflowed (two finite
  /// energies of opposite sign near the largest value): the mean, and the temperatures and
  /// thresholds scaled by it, stay finite.
  static void record_gap(minimizer_core<Real>& c, Real change) noexcept {
    if (!math::is_finite(change)) return;
    ++c.progress.gap_count;
    const Real fresh = Real(1) / math::from_count<Real>(c.progress.gap_count);
    const Real weight = fresh > gap_weight_floor ? fresh : gap_weight_floor;
    c.progress.gap_mean += weight * (math::abs(change) - c.progress.gap_mean);
  }

  /// Replica r takes the quench's basin bottom.
  static void adopt_quench_result(const view_type& v, std::uint32_t r) noexcept {
    copy(v.replica_x(r), v.quench_x(), v.n);
    copy(v.replica_gradient(r), v.quench_gradient(), v.n);
    v.replicas[r].energy = v.core.quench.energy;
    v.replicas[r].inverse_curvature = v.core.quench.inverse_curvature;
  }

  /// Chooses the next evaluation (or ends the run), stepping through the transitions that
  /// need no call: the polish once the exploration budget is spent, a seed for a replica
  /// without a state, the end of a sweep, or the next proposal of the sweep.
  [[gnu::noinline]] static next_action schedule(const view_type& v) noexcept {
    minimizer_core<Real>& c = v.core;
    for (;;) {
      if (c.progress.calls >= c.settings.max_calls) {
        finish(v, minimizer_stop::budget_spent);
        return next_none;
      }
      const bool stalled = c.settings.max_stall_calls > 0u &&
                           c.progress.calls - c.progress.last_improvement >= c.settings.max_stall_calls;
      if ((c.progress.calls >= c.settings.explore_calls || stalled) && math::is_finite(c.progress.best_energy)) {
        if (c.progress.calls < c.settings.explore_calls) c.progress.stalled = 1u;
        start_polish(v);
        return next_polish_step;
      }
      for (std::uint32_t r = 0; r < v.replica_count; ++r) {
        if (v.replicas[r].seeded == 0u) {
          request_seed(v, r);
          return next_none;
        }
      }
      const std::uint32_t slots = v.replica_count - 1u + c.settings.ground_share;  // < 2^32 (largest_ground_share)
      if (c.progress.slot >= slots) {
        end_sweep(v);
        c.progress.slot = 0u;
        continue;
      }
      c.progress.active = c.progress.slot < v.replica_count ? c.progress.slot : 0u;
      ++c.progress.slot;
      return next_propose;
    }
  }

  /// The next point is a start point for replica r, uniform in the box. (A warm start from
  /// place() overwrites the first one, which init() requests, before it is evaluated.)
  [[gnu::noinline]] static void request_seed(const view_type& v, std::uint32_t r) noexcept {
    minimizer_progress<Real>& p = v.core.progress;
    p.active = r;
    p.phase = minimizer_phase::seed;
    for (std::size_t i = 0; i < v.n; ++i) v.request[i] = into_box(v, v.lower()[i] + v.width()[i] * uniform<Real>(p.rng), i);
  }

  [[gnu::noinline]] static void start_polish(const view_type& v) noexcept {
    minimizer_core<Real>& c = v.core;
    Real curvature = v.replicas[0].inverse_curvature;
    if (!(curvature > Real(0))) curvature = initial_inverse_curvature(v, v.best_gradient());
    const Real tolerance = polish_ulps * std::numeric_limits<Real>::epsilon();
    quench_type::start(v, v.best_x(), c.progress.best_energy, v.best_gradient(), curvature, tolerance,
                       ~std::uint32_t{0});
  }

  [[gnu::noinline]] static void on_polish_step(const view_type& v) noexcept {
    if (!quench_type::next_step(v)) return finish(v, minimizer_stop::budget_spent);
    v.core.progress.purpose = quench_purpose::polish;
    v.core.progress.phase = minimizer_phase::quench;
  }

  /// Draws a jump from replica r's basin bottom into request: first the move kind, then
  /// the displacement. Inline in finish_call(), so the normal draws are made in the caller's
  /// frame, and the arithmetic in functions of its own: the sampler's frames and the
  /// arithmetic's never nest.
  [[gnu::always_inline]] static void propose(const view_type& v, std::uint32_t r) noexcept {
    if constexpr (soft_arithmetic<Real> && !normal_out_of_line<Real>) {
      // normal<Real> is inline here: its ziggurat gets a frame of its own.
      run_out_of_line([](const view_type* w, std::uint32_t replica) { draw_proposal(*w, replica); }, &v, r);
    } else {
      draw_proposal(v, r);
    }
  }

  [[gnu::always_inline]] static void draw_proposal(const view_type& v, std::uint32_t r) noexcept {
    minimizer_progress<Real>& p = v.core.progress;
    choose_move_kind(v, r);
    if (p.kind == 0u) {
      const std::size_t i = p.rng.bounded(static_cast<std::uint32_t>(v.n));
      draw_normal(p.rng, v.request + i);
      draw_normal(p.rng, &p.draw);
      move_one_coordinate(v, i);
    } else {
      draw_normal(p.rng, &p.draw);
      set_jump_spread(v);
      for (std::size_t i = 0; i < v.n; ++i) {
        draw_normal(p.rng, v.request + i);
        move_coordinate(v, i);
      }
    }
    p.phase = minimizer_phase::jump;
  }

  /// One normal draw into *out, made from the proposal's frame: the sampler always in a
  /// frame of its own where Real is hardware arithmetic (else GCC may inline it into the
  /// proposal and its locals then sit under the whole of tell()); for float that is the
  /// steps' own draw loop (draw_normals_locally) one draw per pass, so a program with both
  /// holds one copy where the steps draw one per pass too (-Os, see
  /// LANGEVIN_DRAWS_PER_PASS); where Real is emulated, as arranged by propose().
  [[gnu::always_inline]] static void draw_normal(pcg32& rng, Real* out) noexcept {
    if constexpr (soft_arithmetic<Real>) {
      draw_normals(rng, out, 1u);
    } else if constexpr (std::is_same<Real, float>::value) {
      draw_normals_locally<Real, pcg32, 1u>(rng, out, 1u);
    } else {
      draw_normals_out_of_line(rng, out, 1u);
    }
  }

  /// The move kind of replica r's next proposal, drawn with the share of one-coordinate
  /// moves that their recent gain per call earns (clamped to [0.1, 0.9]); request starts
  /// at the replica's basin bottom.
  [[gnu::noinline]] static void choose_move_kind(const view_type& v, std::uint32_t r) noexcept {
    minimizer_progress<Real>& p = v.core.progress;
    replica_record<Real>& rep = v.replicas[r];
    for (std::size_t k = 0; k < 2u; ++k) {
      rep.gain[k] *= kind_memory;
      rep.cost[k] *= kind_memory;
    }
    ++rep.own_stall;
    p.proposal_start = p.calls;
    p.active = r;
    const Real rate_single = (rep.gain[0] + prior_gain) / (rep.cost[0] + prior_cost);
    const Real rate_all = (rep.gain[1] + prior_gain) / (rep.cost[1] + prior_cost);
    Real share = rate_single / (rate_single + rate_all);
    share = share < smallest_share ? smallest_share : (share > largest_share ? largest_share : share);
    p.kind = uniform<Real>(p.rng) < share ? 0u : 1u;
    copy(v.request, v.replica_x(r), v.n);
  }

  /// The spread of the all-coordinates move from its heavy tail's normal draw (in draw).
  [[gnu::noinline]] static void set_jump_spread(const view_type& v) noexcept {
    Real& draw = v.core.progress.draw;
    draw = heavy_tail_of(draw) / math::sqrt(static_cast<Real>(v.n));
  }

  /// The one-coordinate move along i: its normal draw is in request[i], the draw of its
  /// heavy tail in progress.draw.
  [[gnu::noinline]] static void move_one_coordinate(const view_type& v, std::size_t i) noexcept {
    const std::uint32_t r = v.core.progress.active;
    const Real scaled = v.request[i] * heavy_tail_of(v.core.progress.draw);
    v.request[i] = into_box(v, v.replica_x(r)[i] + v.replicas[r].jump[0] * v.width()[i] * scaled, i);
  }

  /// Coordinate i of the all-coordinates move: its normal draw is in request[i], the
  /// move's spread in progress.draw. A coordinate that shares its value and its interval
  /// with an earlier one at the basin bottom (first_equal_coordinate) takes that one's
  /// displacement instead, so a block of equal coordinates moves as one: on a landscape
  /// symmetric under exchanging coordinates the minima have such blocks, and the way out of
  /// one is along them (Whitley's minima, Alpine 2's pairs). Its normal draw is still made,
  /// so a bottom without equal coordinates gives the same draws and the same jump as before.
  [[gnu::noinline]] static void move_coordinate(const view_type& v, std::size_t i) noexcept {
    const std::uint32_t r = v.core.progress.active;
    const Real* x = v.replica_x(r);
    const std::size_t j = first_equal_coordinate(v, x, i);
    const Real move =
        j < i ? v.request[j] - x[j] : v.replicas[r].jump[1] * v.width()[i] * v.core.progress.draw * v.request[i];
    v.request[i] = into_box(v, x[i] + move, i);
  }

  /// The first coordinate j < i with the same interval as i, inside it (not on a face), and
  /// with |x[j] - x[i]| <= basin_resolution of the width (the minimizer's resolution for
  /// telling basin bottoms apart); i if there is none or if x[i] is on a face of the box.
  /// Coordinates held at a bound share the bound, not a symmetry, and a symmetry under
  /// exchanging coordinates needs equal intervals. Work: at most i comparisons.
  static std::size_t first_equal_coordinate(const view_type& v, const Real* x, std::size_t i) noexcept {
    const Real lo = v.lower()[i];
    const Real hi = v.upper()[i];
    if (x[i] <= lo || x[i] >= hi) return i;
    const Real tolerance = basin_resolution * v.width()[i];
    for (std::size_t j = 0; j < i; ++j) {
      if (math::abs(x[i] - x[j]) <= tolerance && math::same(v.lower()[j], lo) && math::same(v.upper()[j], hi) &&
          x[j] > lo && x[j] < hi) {
        return j;
      }
    }
    return i;
  }

  /// Replica exchange between neighbours of the ladder (even pairs, then odd pairs on
  /// alternate sweeps) and reseeding of the highest stalled explorer.
  [[gnu::noinline]] static void end_sweep(const view_type& v) noexcept {
    minimizer_core<Real>& c = v.core;
    ++c.progress.sweeps;
    for (std::uint32_t r = static_cast<std::uint32_t>(c.progress.sweeps % 2u); r + 1u < v.replica_count; r += 2u) {
      const replica_record<Real>& cold = v.replicas[r];
      const replica_record<Real>& hot = v.replicas[r + 1u];
      bool exchange = hot.energy < cold.energy;
      const Real t_cold = temperature(c, r);
      if (!exchange && t_cold > Real(0)) {
        const Real t_hot = temperature(c, r + 1u);
        const Real exponent = (cold.energy - hot.energy) * (Real(1) / t_cold - Real(1) / t_hot);
        exchange = uniform<Real>(c.progress.rng) < math::exp(exponent);
      }
      if (exchange) exchange_states(v, r, r + 1u);
    }
    if (c.settings.reseed_patience == 0u) return;
    const std::uint64_t patience = static_cast<std::uint64_t>(c.settings.reseed_patience) * v.n;
    for (std::uint32_t r = v.replica_count; r-- > 1u;) {
      replica_record<Real>& rep = v.replicas[r];
      if (rep.own_stall > patience) {
        rep.seeded = 0u;
        rep.own_stall = 0u;
        rep.own_best = infinity();
        return;
      }
    }
  }

  /// Replicas a and b exchange their basin bottoms (point, gradient, energy, curvature);
  /// each keeps its move statistics.
  static void exchange_states(const view_type& v, std::uint32_t a, std::uint32_t b) noexcept {
    swap_values(v.replica_x(a), v.replica_x(b), v.n);
    swap_values(v.replica_gradient(a), v.replica_gradient(b), v.n);
    replica_record<Real>& ra = v.replicas[a];
    replica_record<Real>& rb = v.replicas[b];
    const Real energy = ra.energy;
    ra.energy = rb.energy;
    rb.energy = energy;
    const Real curvature = ra.inverse_curvature;
    ra.inverse_curvature = rb.inverse_curvature;
    rb.inverse_curvature = curvature;
  }
};

}  // namespace detail
}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
