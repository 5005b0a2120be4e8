/// \file
/// Simulated annealing for value-only problems on a box: random-walk proposals (Gaussian,
/// or heavy-tailed Cauchy for long jumps), Metropolis acceptance at the scheduled
/// temperature, and a proposal width that adapts toward a target acceptance rate.
///
/// Physics: a Metropolis chain at temperature T has the Boltzmann law exp(-f / T) / Z on
/// the box as its stationary distribution; lowering T concentrates it on the global
/// minimum (slowly enough: Hajek's T_n = c / log(n + n0)). The proposal is symmetric
/// (a symmetric displacement folded back into the box by reflection at the faces), so the
/// Metropolis rule min(1, exp(-(f' - f) / T)) needs no Hastings correction.
///
/// Verbs (as every stateful object of the library): init(box, options) (no call of the
/// problem), place(x0) (optional start point), step(f) (exactly one call of f, or none when
/// it refuses), run(f, max_steps), current() / best() and their values, checkpoints through
/// checkpoint.hpp. The initial uniform samples are the first steps, then the chain.
///
/// Budget, box and status conventions are those of `langevin::minimize`: the budget counts
/// calls of the problem (every call, including the initial ones), the problem is never
/// called outside the box, bad input returns a status and does no work, and non-finite
/// values are survived (treated as +infinity: the move is rejected) and never reported
/// as the best.
///
/// The arithmetic is written once per scalar type (detail::annealer_*, over a run-time
/// dimension); simulated_annealer<Real, N> only owns the arrays and calls the problem.
#ifndef LANGEVIN_OPTIMIZE_SIMULATED_ANNEALING_HPP
#define LANGEVIN_OPTIMIZE_SIMULATED_ANNEALING_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "../box.hpp"
#include "../config.hpp"
#include "../detail/checkpoint_io.hpp"
#include "../detail/phase.hpp"
#include "../field.hpp"
#include "../math.hpp"
#include "../problem.hpp"
#include "../random/normal.hpp"
#include "../random/pcg32.hpp"
#include "../random/uniform.hpp"
#include "../schedule.hpp"
#include "../status.hpp"
#include "minimize.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

/// Shape of the proposal displacement of each coordinate (scale s times the box side).
enum class proposal_kind : unsigned char {
  gaussian,  ///< s * side * z, z ~ N(0, 1).
  cauchy,    ///< s * side * z1 / z2 (standard Cauchy), clamped to +-2 sides: occasional long jumps.
};

/// How the temperature T_n of proposal n (0, 1, ...) is chosen.
enum class cooling : unsigned char {
  /// Geometric cooling fitted to the budget: T_n = T0 * r^n with T0 the standard deviation
  /// of f over the initial values (its natural energy scale; 1 if they do not spread) and r
  /// such that r^m = `final_temperature_fraction` for the m calls of the budget left after
  /// the initial values: the chain's proposals run at n = 0 .. m - 1, so the last one is at
  /// T0 * fraction^((m - 1) / m), within a factor fraction^(1 / m) of T0 * fraction (0.986
  /// for fraction 1e-6 and m = 1000; a single proposal runs at T0). For large m the ratio
  /// holds for a block of steps (schedule::geometric's `steps`: ceil(m / 2^20) in float,
  /// ceil(m / 2^32) in double, for m above 2^20 or 2^32) so that rounding it keeps r^m
  /// within a factor e^(2^-5) (float; e^(2^-22) in double) of the fraction; a ratio per step
  /// would be 6.6 times off at m = 10^8 in float and would not cool at all at m = 10^9.
  /// Needs the geometric schedule family compiled in (LANGEVIN_SCHEDULE_KINDS, config.hpp).
  automatic,
  /// T_n = `temperature(n)`, absolute, in the units of f.
  scheduled,
};

namespace detail {

/// Largest Cauchy displacement, in box sides: a ratio of two normals has no mean, and a
/// jump longer than two sides would only be folded back by several reflections.
constexpr int annealer_cauchy_limit_sides = 2;
/// Reflections at the faces tried before a proposal is clamped into the box (a
/// displacement of at most two sides needs at most two).
constexpr int annealer_max_reflections = 4;

// The rules of simulated_annealing_options::validate(), in groups that a saved checkpoint
// is also checked with (detail::annealer_saved_*).

template <class Real>
field annealing_cooling_mode_check(cooling mode, Real final_fraction) noexcept {
  if (mode == cooling::automatic) {
    if (!schedule<Real>::compiled_in(schedule_kind::geometric)) return field::temperature_mode;
    if (!(final_fraction > Real(0) && final_fraction <= Real(1))) return field::final_temperature_fraction;
    return field::none;
  }
  return mode == cooling::scheduled ? field::none : field::temperature_mode;
}

/// T_0 of scheduled cooling is finite and >= 0 (the schedules of decreasing families are
/// then finite for every n).
template <class Real>
bool annealing_first_temperature_valid(Real first) noexcept {
  return first >= Real(0) && math::is_finite(first);
}

/// The schedule of scheduled cooling: valid, with T_0 finite and >= 0.
template <class Real>
field annealing_temperature_check(const schedule<Real>& temperature) noexcept {
  if (temperature.validate() != status::ok) return field::temperature;
  return annealing_first_temperature_valid(temperature(0u)) ? field::none : field::temperature;
}

template <class Real>
field annealing_proposal_check(proposal_kind proposal, Real initial_step, Real min_step, Real max_step) noexcept {
  if (proposal != proposal_kind::gaussian && proposal != proposal_kind::cauchy) return field::proposal;
  if (!(min_step > Real(0))) return field::min_step;
  if (!(max_step >= min_step) || !math::is_finite(max_step)) return field::max_step;
  if (!(initial_step >= min_step && initial_step <= max_step)) return field::initial_step;
  return field::none;
}

template <class Real>
field annealing_adaptation_check(Real target_acceptance, Real adaptation_rate) noexcept {
  if (!(target_acceptance > Real(0) && target_acceptance < Real(1))) return field::target_acceptance;
  if (!(adaptation_rate >= Real(0) && adaptation_rate < Real(1))) return field::adaptation_rate;
  return field::none;
}

}  // namespace detail

/// Configuration of simulated annealing. An aggregate; every field has a default, and the
/// defaults are valid where the geometric schedule family is compiled in (the default,
/// automatic cooling, needs it; without it validate() names temperature_mode).
template <class Real>
struct simulated_annealing_options {
  /// Budget in calls of the problem, >= 1; initial samples and the start point included.
  std::uint64_t max_calls = 10000u;
  /// Seed and stream of the pcg32 that draws samples, proposals and acceptances (any values).
  std::uint64_t seed = 0u;
  std::uint64_t stream = 0u;
  /// `run` and `simulated_annealing` stop once the chain has started and a value <=
  /// target_value has been evaluated. Not NaN; -infinity (the default) never stops early.
  Real target_value = -std::numeric_limits<Real>::infinity();
  /// Uniform samples of the box evaluated first (capped by the budget): the best one is the
  /// start point when place() gave none, and their spread sets T0 under automatic cooling.
  /// 0 is allowed only with a start point given by place() (else step() refuses).
  std::uint32_t initial_samples = 20u;
  /// automatic or scheduled (see cooling).
  cooling temperature_mode = cooling::automatic;
  /// Under automatic cooling: T at the end of the budget over T0, in (0, 1].
  Real final_temperature_fraction = static_cast<Real>(1e-6);
  /// Under scheduled cooling: T_n, valid (schedule::validate()), with T_0 finite and >= 0
  /// (0 means greedy descent: only downhill and level moves).
  schedule<Real> temperature = schedule<Real>::constant(static_cast<Real>(1));
  /// gaussian or cauchy (see proposal_kind).
  proposal_kind proposal = proposal_kind::cauchy;
  /// Initial proposal scale s, as a fraction of each box side; in [min_step, max_step].
  Real initial_step = static_cast<Real>(0.1);
  /// Bounds of the adapted scale: 0 < min_step <= max_step, max_step finite.
  Real min_step = static_cast<Real>(1e-6);
  Real max_step = static_cast<Real>(1);
  /// Acceptance rate the scale adapts toward, in (0, 1).
  Real target_acceptance = static_cast<Real>(0.2);
  /// Adaptation gain g in [0, 1): after an acceptance s *= 1 + g (1 - target), after a
  /// rejection s *= 1 - g target, so log s drifts by about g (rate - target) per proposal.
  /// 0 keeps s fixed.
  Real adaptation_rate = static_cast<Real>(0.02);

  /// field::none if the options are valid, else the first wrong field, in declaration order
  /// except that the step bounds come before initial_step: max_calls (0), target_value
  /// (NaN), temperature_mode (not a cooling, or automatic without the geometric family),
  /// final_temperature_fraction (automatic: outside (0, 1]), temperature (scheduled: invalid,
  /// or T_0 negative or not finite), proposal (not a proposal_kind), min_step, max_step,
  /// initial_step, target_acceptance, adaptation_rate (outside their ranges above).
  field validate() const noexcept {
    if (max_calls == 0u) return field::max_calls;
    if (math::is_nan(target_value)) return field::target_value;
    field wrong = detail::annealing_cooling_mode_check(temperature_mode, final_temperature_fraction);
    if (wrong == field::none && temperature_mode == cooling::scheduled) {
      wrong = detail::annealing_temperature_check(temperature);
    }
    if (wrong == field::none) wrong = detail::annealing_proposal_check(proposal, initial_step, min_step, max_step);
    if (wrong == field::none) wrong = detail::annealing_adaptation_check(target_acceptance, adaptation_rate);
    return wrong;
  }
};

namespace detail {

/// Where an annealer is in its run (annealer_core::phase).
enum annealer_phase : std::uint8_t {
  annealer_idle = 0u,      ///< never initialised: step() refuses
  annealer_sampling = 1u,  ///< the start point's call, then the initial samples
  annealer_chain = 2u,     ///< the Metropolis chain
  annealer_no_start = 3u,  ///< no finite start (the start point or every sample was not finite)
};

/// The scalars of a simulated annealer, its options included; its arrays (box, current,
/// best and candidate points) belong to the sized class and are passed to the functions
/// below with the dimension n. The members' values at construction are the
/// never-initialised state.
template <class Real>
struct annealer_core {
  simulated_annealing_options<Real> options{};                  ///< as given to init()
  schedule<Real> cooling = schedule<Real>::constant(Real(0));  ///< T_n of proposal n, set when the chain starts
  pcg32 generator{};                                          ///< samples, proposals and acceptances
  Real value = std::numeric_limits<Real>::infinity();          ///< f at the current point (+inf until known)
  Real best_value = std::numeric_limits<Real>::infinity();     ///< lowest finite f evaluated (+inf if none)
  Real scale = Real(1);    ///< T0 under automatic cooling (the spread of the initial values), else 1
  Real step = Real(0);     ///< proposal scale s, a fraction of each box side (initial_step after init)
  Real mean = Real(0);     ///< Welford: mean of the finite initial values
  Real squares = Real(0);  ///< Welford: sum of their squared deviations from the mean
  std::uint64_t calls = 0u;           ///< calls of the problem since init()
  std::uint64_t proposals = 0u;       ///< steps of the chain
  std::uint64_t accepted = 0u;        ///< accepted proposals
  std::uint64_t finite_samples = 0u;  ///< finite initial values (the start point's included)
  std::uint8_t phase = annealer_idle;  ///< an annealer_phase
  std::uint8_t placed = 0u;            ///< place() gave the start point (the current point)
};

/// Scratch of a step in the sized class (not saved): the temperature of its proposal and
/// the value of f it evaluated, handed to annealer_tell() by reference, so that the step's
/// own frame keeps no real across its calls.
template <class Real>
struct annealer_step_values {
  Real temperature;
  Real value;
};

/// What a step evaluates (the result of annealer_draw()).
enum annealer_action : std::uint8_t {
  annealer_evaluate_candidate = 0u,  ///< a sample or a proposal, in the candidate point
  annealer_evaluate_current = 1u,    ///< the placed start point
  annealer_refuse = 2u,              ///< nothing to evaluate: see annealer_refusal()
};

/// Resets `core` for a run with valid `options` (the caller validated them). The arrays
/// are the caller's to clear.
template <class Real>
void annealer_init(annealer_core<Real>& core, const simulated_annealing_options<Real>& options) noexcept {
  constexpr Real infinity = std::numeric_limits<Real>::infinity();
  core.options = options;
  core.cooling = schedule<Real>::constant(Real(0));
  core.generator = pcg32{options.seed, options.stream};
  core.value = infinity;
  core.best_value = infinity;
  core.scale = Real(1);
  core.step = options.initial_step;
  core.mean = Real(0);
  core.squares = Real(0);
  core.calls = 0u;
  core.proposals = 0u;
  core.accepted = 0u;
  core.finite_samples = 0u;
  core.phase = annealer_sampling;
  core.placed = 0u;
}

/// init() after the box was found valid: validates the options, then resets `core` and
/// clears the current and best points (n reals each). On invalid options nothing changes.
template <class Real>
[[gnu::noinline]] status annealer_start(annealer_core<Real>& core, const simulated_annealing_options<Real>& options,
                                        Real* current, Real* best, std::size_t n) noexcept {
  if (options.validate() != field::none) return status::invalid_argument;
  annealer_init(core, options);
  for (std::size_t i = 0; i < n; ++i) {
    current[i] = Real(0);
    best[i] = Real(0);
  }
  return status::ok;
}

/// Calls of the problem before the chain starts: the start point's, then the initial
/// samples, within the budget.
inline std::uint64_t annealer_initial_calls(std::uint64_t max_calls, std::uint32_t initial_samples,
                                            std::uint8_t placed) noexcept {
  const std::uint64_t planned = std::uint64_t{initial_samples} + placed;
  return planned < max_calls ? planned : max_calls;
}

/// T0 of automatic cooling: the standard deviation of the finite initial values (Welford's
/// accumulators), or 1 where it is zero or not finite.
template <class Real>
Real annealer_energy_scale(std::uint64_t finite_samples, Real squares) noexcept {
  const Real variance = finite_samples > 1u ? squares / math::from_count<Real>(finite_samples - 1u) : Real(0);
  return variance > Real(0) && math::is_finite(variance) ? math::sqrt(variance) : Real(1);
}

/// Steps per ratio of automatic cooling over `remaining` proposals: 1 up to 2^20 (float) or
/// 2^32 (double) proposals, else ceil(remaining / 2^20) or ceil(remaining / 2^32). The
/// ratio then applies at most 2^20 (2^32) times, so its rounding (half an ulp, 2^-25 in
/// float near 1) changes the last temperature by at most a factor e^(2^20 2^-25) = e^(2^-5)
/// in float (e^(2^-22) in double). Budgets up to 2^20 keep a ratio per step, whose schedule
/// costs no division.
template <class Real>
constexpr std::uint64_t annealer_cooling_steps(std::uint64_t remaining) noexcept {
  constexpr unsigned blocks_log2 = sizeof(Real) == sizeof(float) ? 20u : 32u;
  return remaining == 0u ? 1u : ((remaining - 1u) >> blocks_log2) + 1u;
}

/// Ratio r of automatic (geometric) cooling per annealer_cooling_steps(remaining) = s
/// steps, so that T0 r^(remaining / s) = T0 final_fraction: the logarithm and the
/// exponential as two phases, one after the other.
template <class Real>
Real annealer_cooling_ratio(Real final_fraction, std::uint64_t remaining) noexcept {
  if (remaining == 0u) return Real(1);
  const std::uint64_t steps = annealer_cooling_steps<Real>(remaining);
  const Real log_fraction = run_phase<Real>([](Real fraction) { return math::log(fraction); }, final_fraction);
  return run_phase<Real>(
      [](Real log_value, std::uint64_t count, std::uint64_t per_ratio) {
        const Real blocks = per_ratio == 1u ? math::from_count<Real>(count)
                                            : math::from_count<Real>(count) / math::from_count<Real>(per_ratio);
        return math::exp(log_value / blocks);
      },
      log_fraction, remaining, steps);
}

/// Automatic cooling from T0 = scale over `remaining` proposals: T0 r^(n / s) with the
/// ratio and steps above, which reaches T0 final_fraction at n = remaining.
template <class Real>
schedule<Real> annealer_automatic_cooling(Real scale, Real final_fraction, std::uint64_t remaining) noexcept {
  const Real ratio = annealer_cooling_ratio(final_fraction, remaining);
  return schedule<Real>::geometric(scale, ratio, Real(0), annealer_cooling_steps<Real>(remaining));
}

/// Temperature of proposal `n`: the schedule's value, or 0 where it is negative or not
/// finite (greedy descent).
template <class Real>
Real annealer_temperature(const schedule<Real>& cooling, std::uint64_t n) noexcept {
  const Real t = cooling(n);
  return t > Real(0) && math::is_finite(t) ? t : Real(0);
}

/// The temperature of the proposal the next step makes (0 when it makes none). The first
/// thing a step does, in a frame of its own, so that the schedule's frames never sit under
/// the others'.
template <class Real>
[[gnu::noinline]] Real annealer_next_temperature(const annealer_core<Real>& core) noexcept {
  if (core.phase != annealer_chain || core.calls >= core.options.max_calls) return Real(0);
  return annealer_temperature(core.cooling, core.proposals);
}

/// Puts the start point x0 (inside [lower, upper]) as the current point; only after init()
/// and before the first step.
template <class Real>
status annealer_place(annealer_core<Real>& core, const Real* lower, const Real* upper, const Real* x0, Real* current,
                      std::size_t n) noexcept {
  if (core.phase != annealer_sampling || core.calls != 0u) return status::invalid_argument;
  bool inside = true;
  for (std::size_t i = 0; i < n; ++i) inside = inside && lower[i] <= x0[i] && x0[i] <= upper[i];
  if (!inside) return status::invalid_argument;
  for (std::size_t i = 0; i < n; ++i) current[i] = x0[i];
  core.placed = 1u;
  return status::ok;
}

/// The draws of an initial sample: n uniform numbers into the candidate.
template <class Real>
[[gnu::noinline]] annealer_action annealer_draw_sample(pcg32& generator, Real* candidate, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) candidate[i] = uniform<Real>(generator);
  return annealer_evaluate_candidate;
}

/// The draws of a proposal into the candidate: n normal numbers (gaussian) or n ratios of
/// two (cauchy; a zero denominator becomes the smallest normal number).
template <class Real>
[[gnu::noinline]] annealer_action annealer_draw_proposal(pcg32& generator, bool cauchy, Real* candidate,
                                                         std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    Real z = normal<Real>(generator);
    if (cauchy) {
      Real denominator = normal<Real>(generator);
      if (math::same(denominator, Real(0))) denominator = std::numeric_limits<Real>::min();
      z = z / denominator;
    }
    candidate[i] = z;
  }
  return annealer_evaluate_candidate;
}

/// Decides what the next step evaluates and makes its draws into the candidate (the draws
/// by a tail call, so that this frame is gone while they run).
template <class Real>
[[gnu::noinline]] annealer_action annealer_draw(annealer_core<Real>& core, Real* candidate, std::size_t n) noexcept {
  if (core.phase == annealer_sampling) {
    if (core.placed != 0u && core.calls == 0u) return annealer_evaluate_current;
    if (core.placed == 0u && core.options.initial_samples == 0u) return annealer_refuse;
    return annealer_draw_sample(core.generator, candidate, n);
  }
  if (core.phase != annealer_chain || core.calls >= core.options.max_calls) return annealer_refuse;
  return annealer_draw_proposal(core.generator, core.options.proposal == proposal_kind::cauchy, candidate, n);
}

/// Folds y back into [lower, upper] by reflection at the faces (a symmetric move stays
/// symmetric), then clamps what several reflections did not bring back.
template <class Real>
Real annealer_reflect(Real y, Real lower, Real upper) noexcept {
  for (int bounce = 0; bounce < annealer_max_reflections && (y < lower || y > upper); ++bounce) {
    y = y < lower ? lower + (lower - y) : upper - (y - upper);
  }
  if (y < lower) y = lower;
  if (y > upper) y = upper;
  return y;
}

/// Turns the draws in the candidate into the point to evaluate: an initial sample
/// lower + side * u (at most upper), or a proposal: the current point moved by
/// s * side * z, z clamped to +-annealer_cauchy_limit_sides / s for cauchy proposals,
/// reflected into the box.
template <class Real>
[[gnu::noinline]] void annealer_position(const annealer_core<Real>& core, const Real* lower, const Real* upper,
                                         const Real* current, Real* candidate, std::size_t n) noexcept {
  if (core.phase == annealer_sampling) {
    for (std::size_t i = 0; i < n; ++i) {
      const Real side = upper[i] - lower[i];
      const Real coordinate = lower[i] + side * candidate[i];
      candidate[i] = coordinate > upper[i] ? upper[i] : coordinate;
    }
    return;
  }
  const bool cauchy = core.options.proposal == proposal_kind::cauchy;
  const Real limit = static_cast<Real>(annealer_cauchy_limit_sides) / core.step;
  for (std::size_t i = 0; i < n; ++i) {
    const Real side = upper[i] - lower[i];
    Real z = candidate[i];
    if (cauchy) {
      if (z > limit) z = limit;
      if (z < -limit) z = -limit;
    }
    candidate[i] = annealer_reflect(current[i] + core.step * side * z, lower[i], upper[i]);
  }
}

/// What a step that annealer_draw() refused returns: budget_exhausted with the current
/// value, non_finite with +inf when there is no finite start, else invalid_argument with
/// NaN (not initialised, or no start point).
template <class Real>
[[gnu::noinline]] step_result<Real> annealer_refusal(const annealer_core<Real>& core) noexcept {
  if (core.phase == annealer_chain) return {status::budget_exhausted, core.value};
  if (core.phase == annealer_no_start) return {status::non_finite, std::numeric_limits<Real>::infinity()};
  return {status::invalid_argument, std::numeric_limits<Real>::quiet_NaN()};
}

/// Welford's update of the initial values' mean and spread, and the best point, with the
/// value f(x) of an initial call (non-finite values are left out).
template <class Real>
void annealer_record(annealer_core<Real>& core, const Real* x, Real* best, std::size_t n, Real value) noexcept {
  if (!math::is_finite(value)) return;
  ++core.finite_samples;
  run_phase<Real>([&] {
    const Real delta = value - core.mean;
    core.mean += delta / math::from_count<Real>(core.finite_samples);
    core.squares += delta * (value - core.mean);
  });
  if (value < core.best_value) {
    core.best_value = value;
    for (std::size_t i = 0; i < n; ++i) best[i] = x[i];
  }
}

/// After the last initial call: the chain starts from the placed point, else from the best
/// sample, with the cooling schedule of the options; or there is no finite start. Nothing
/// otherwise. In its own frame (T0 and the cooling ratio need sqrt, log and exp).
template <class Real>
[[gnu::noinline]] void annealer_start_chain(annealer_core<Real>& core, Real* current, const Real* best,
                                            std::size_t n) noexcept {
  if (core.phase != annealer_sampling ||
      core.calls < annealer_initial_calls(core.options.max_calls, core.options.initial_samples, core.placed)) {
    return;
  }
  if (core.finite_samples == 0u) {
    core.phase = annealer_no_start;
    return;
  }
  if (core.placed == 0u) {
    for (std::size_t i = 0; i < n; ++i) current[i] = best[i];
    core.value = core.best_value;
  }
  if (core.options.temperature_mode == cooling::automatic) {
    core.scale = run_phase<Real>([&] { return annealer_energy_scale(core.finite_samples, core.squares); });
    core.cooling = annealer_automatic_cooling(core.scale, core.options.final_temperature_fraction,
                                              core.options.max_calls - core.calls);
  } else {
    core.cooling = core.options.temperature;
  }
  core.phase = annealer_chain;
}

/// The rest of an initial step once f has been evaluated: at the placed start point (the
/// first call after place()) or at the sample in the candidate.
template <class Real>
status annealer_tell_initial(annealer_core<Real>& core, Real* current, Real* best, const Real* candidate,
                             std::size_t n, Real value) noexcept {
  const bool at_current = core.placed != 0u && core.calls == 0u;
  ++core.calls;
  const bool finite = math::is_finite(value);
  annealer_record(core, at_current ? current : candidate, best, n, value);
  if (at_current) {
    if (!finite) {
      core.phase = annealer_no_start;
      return status::non_finite;
    }
    core.value = value;
  }
  return finite ? status::ok : status::non_finite;
}

/// Multiplies the proposal scale by the adaptation factor of an acceptance or a rejection
/// and keeps it within [min_step, max_step].
template <class Real>
void annealer_adapt(annealer_core<Real>& core, bool accepted) noexcept {
  const simulated_annealing_options<Real>& o = core.options;
  if (!(o.adaptation_rate > Real(0))) return;
  run_phase<Real>([&] {
    const Real gain = o.adaptation_rate;
    const Real target = o.target_acceptance;
    core.step *= accepted ? Real(1) + gain * (Real(1) - target) : Real(1) - gain * target;
    if (core.step < o.min_step) core.step = o.min_step;
    if (core.step > o.max_step) core.step = o.max_step;
  });
}

/// The rest of a step of the chain once f has been evaluated at the proposal in the
/// candidate: the Metropolis test at `temperature` (that of the proposal's index), the
/// adaptation of the scale, and the move.
template <class Real>
status annealer_tell_chain(annealer_core<Real>& core, Real* current, Real* best, const Real* candidate, std::size_t n,
                           Real value, Real temperature) noexcept {
  ++core.calls;
  ++core.proposals;
  if (!math::is_finite(value)) {
    annealer_adapt(core, false);
    return status::non_finite;
  }
  bool accept = value <= core.value;
  if (!accept && temperature > Real(0)) {
    const Real u = uniform<Real>(core.generator);
    accept = run_phase<Real>([&] { return u < math::exp(-(value - core.value) / temperature); });
  }
  annealer_adapt(core, accept);
  if (accept) {
    ++core.accepted;
    for (std::size_t i = 0; i < n; ++i) current[i] = candidate[i];
    core.value = value;
    if (value < core.best_value) {
      core.best_value = value;
      for (std::size_t i = 0; i < n; ++i) best[i] = candidate[i];
    }
  }
  return status::ok;
}

/// The rest of any step once f has been evaluated where annealer_draw() asked; returns the
/// step's status.
template <class Real>
[[gnu::noinline]] status annealer_tell(annealer_core<Real>& core, Real* current, Real* best, const Real* candidate,
                                       std::size_t n, const annealer_step_values<Real>& step) noexcept {
  if (core.phase == annealer_chain) {
    return annealer_tell_chain(core, current, best, candidate, n, step.value, step.temperature);
  }
  return annealer_tell_initial(core, current, best, candidate, n, step.value);
}

/// True when run() stops before another step: no step can do work (not initialised, no
/// finite start, budget spent) or the chain has reached the target value.
template <class Real>
[[gnu::noinline]] bool annealer_run_over(const annealer_core<Real>& core) noexcept {
  if (core.phase == annealer_idle || core.phase == annealer_no_start) return true;
  return core.phase == annealer_chain &&
         (core.calls >= core.options.max_calls || core.best_value <= core.options.target_value);
}

/// run()'s status before its first step: invalid_argument before init(), non_finite if no
/// start is possible (no finite initial value), else ok.
template <class Real>
[[gnu::noinline]] status annealer_run_start_status(const annealer_core<Real>& core) noexcept {
  if (core.phase == annealer_idle) return status::invalid_argument;
  return core.phase == annealer_no_start ? status::non_finite : status::ok;
}

/// run()'s status after a step whose status is `last`: `last` if it is invalid_argument or
/// if no start is possible any more, else ok (run on).
template <class Real>
[[gnu::noinline]] status annealer_run_step_status(const annealer_core<Real>& core, status last) noexcept {
  return last == status::invalid_argument || core.phase == annealer_no_start ? last : status::ok;
}

// --- checkpoint validation ---------------------------------------------------------------------
// The payload (the core, then the box's lower and upper corners, the current and the best
// point, n reals each) is read where it lies, one field at a time: no copy of the core or
// the options. Each group of rules is a function of its own, so that their frames never
// pile up: restoring stays within the step budget for every N.

/// The value of type T at byte `offset` of `part`.
template <class T>
T annealer_saved(const checkpoint_reader& part, std::size_t offset) noexcept {
  return part.take_at<unsigned char>(offset).at<T>(0u);
}

/// The saved options, and array `which` (0 lower, 1 upper, 2 current, 3 best).
template <class Real>
checkpoint_reader annealer_saved_options(const checkpoint_reader& in) noexcept {
  return in.take_at<unsigned char>(offsetof(annealer_core<Real>, options));
}
template <class Real>
checkpoint_reader annealer_saved_array(const checkpoint_reader& in, std::size_t n, std::size_t which) noexcept {
  return in.take_at<unsigned char>(sizeof(annealer_core<Real>)).take_at<Real>(which * n);
}

/// The schedule saved at `at` has exactly the fields of `expected`.
template <class Real>
[[gnu::noinline]] bool annealer_saved_schedule_is(const checkpoint_reader& at, const schedule<Real>& expected) noexcept {
  using S = schedule<Real>;
  return annealer_saved<schedule_kind>(at, offsetof(S, kind)) == expected.kind &&
         math::same(annealer_saved<Real>(at, offsetof(S, a)), expected.a) && math::same(annealer_saved<Real>(at, offsetof(S, b)), expected.b) &&
         math::same(annealer_saved<Real>(at, offsetof(S, k)), expected.k) &&
         annealer_saved<std::uint64_t>(at, offsetof(S, period)) == expected.period &&
         math::same(annealer_saved<Real>(at, offsetof(S, floor)), expected.floor);
}

/// The two saved schedules are equal, field by field.
template <class Real>
[[gnu::noinline]] bool annealer_saved_schedules_equal(const checkpoint_reader& x, const checkpoint_reader& y) noexcept {
  using S = schedule<Real>;
  return annealer_saved<schedule_kind>(x, offsetof(S, kind)) == annealer_saved<schedule_kind>(y, offsetof(S, kind)) &&
         math::same(annealer_saved<Real>(x, offsetof(S, a)), annealer_saved<Real>(y, offsetof(S, a))) &&
         math::same(annealer_saved<Real>(x, offsetof(S, b)), annealer_saved<Real>(y, offsetof(S, b))) &&
         math::same(annealer_saved<Real>(x, offsetof(S, k)), annealer_saved<Real>(y, offsetof(S, k))) &&
         annealer_saved<std::uint64_t>(x, offsetof(S, period)) == annealer_saved<std::uint64_t>(y, offsetof(S, period)) &&
         math::same(annealer_saved<Real>(x, offsetof(S, floor)), annealer_saved<Real>(y, offsetof(S, floor)));
}

/// The saved options' schedule passes schedule::validate() (the first half of
/// annealing_temperature_check()).
template <class Real>
[[gnu::noinline]] bool annealer_saved_temperature_valid(const checkpoint_reader& in) noexcept {
  const checkpoint_reader o = annealer_saved_options<Real>(in);
  return annealer_saved<schedule<Real>>(o, offsetof(simulated_annealing_options<Real>, temperature)).validate() ==
         status::ok;
}

/// The other rules of validate(), on the saved options.
template <class Real>
[[gnu::noinline]] bool annealer_saved_options_valid(const checkpoint_reader& in) noexcept {
  using options = simulated_annealing_options<Real>;
  const checkpoint_reader o = annealer_saved_options<Real>(in);
  return annealer_saved<std::uint64_t>(o, offsetof(options, max_calls)) != 0u &&
         !math::is_nan(annealer_saved<Real>(o, offsetof(options, target_value))) &&
         annealing_cooling_mode_check(annealer_saved<cooling>(o, offsetof(options, temperature_mode)),
                                      annealer_saved<Real>(o, offsetof(options, final_temperature_fraction))) ==
             field::none &&
         annealing_proposal_check(annealer_saved<proposal_kind>(o, offsetof(options, proposal)),
                                  annealer_saved<Real>(o, offsetof(options, initial_step)),
                                  annealer_saved<Real>(o, offsetof(options, min_step)),
                                  annealer_saved<Real>(o, offsetof(options, max_step))) == field::none &&
         annealing_adaptation_check(annealer_saved<Real>(o, offsetof(options, target_acceptance)),
                                    annealer_saved<Real>(o, offsetof(options, adaptation_rate))) == field::none;
}

/// A valid box: finite bounds, lower <= upper and a finite side in every coordinate (as
/// box::validate()).
template <class Real>
[[gnu::noinline]] bool annealer_saved_box_valid(const checkpoint_reader& in, std::size_t n) noexcept {
  const checkpoint_reader lower = annealer_saved_array<Real>(in, n, 0u);
  const checkpoint_reader upper = annealer_saved_array<Real>(in, n, 1u);
  bool valid = true;
  for (std::size_t i = 0; i < n; ++i) {
    const Real low = lower.at<Real>(i);
    const Real high = upper.at<Real>(i);
    valid = valid && math::is_finite(low) && math::is_finite(high) && low <= high && math::is_finite(high - low);
  }
  return valid;
}

/// Array `which` (2 current, 3 best) lies inside the saved box (`inside`), or holds nothing
/// yet: all zero.
template <class Real>
[[gnu::noinline]] bool annealer_saved_point_valid(const checkpoint_reader& in, std::size_t n, std::size_t which,
                                                  bool inside) noexcept {
  const checkpoint_reader lower = annealer_saved_array<Real>(in, n, 0u);
  const checkpoint_reader upper = annealer_saved_array<Real>(in, n, 1u);
  const checkpoint_reader x = annealer_saved_array<Real>(in, n, which);
  bool valid = true;
  for (std::size_t i = 0; i < n; ++i) {
    const Real v = x.at<Real>(i);
    valid = valid && (inside ? lower.at<Real>(i) <= v && v <= upper.at<Real>(i) : math::same(v, Real(0)));
  }
  return valid;
}

/// The Welford accumulators and the best value agree with `finite_samples`: nothing yet
/// (mean and sum 0, best +inf) or a finite best value. Once values are in, the mean and the
/// sum may hold anything a run can give them: on huge values they overflow to +-inf or NaN.
template <class Real>
bool annealer_saved_welford_valid(const checkpoint_reader& c) noexcept {
  using core = annealer_core<Real>;
  const Real best_value = annealer_saved<Real>(c, offsetof(core, best_value));
  const Real squares = annealer_saved<Real>(c, offsetof(core, squares));
  if (annealer_saved<std::uint64_t>(c, offsetof(core, finite_samples)) == 0u) {
    return math::same(annealer_saved<Real>(c, offsetof(core, mean)), Real(0)) && math::same(squares, Real(0)) &&
           math::same(best_value, std::numeric_limits<Real>::infinity());
  }
  return math::is_finite(best_value);
}

/// Before the chain starts (sampling, or no finite start): the start values of the chain's
/// scalars, and counters and values in step with the initial calls made.
template <class Real>
[[gnu::noinline]] bool annealer_saved_initial_valid(const checkpoint_reader& c, std::uint64_t initial_calls) noexcept {
  using core = annealer_core<Real>;
  using options = simulated_annealing_options<Real>;
  const checkpoint_reader o = annealer_saved_options<Real>(c);
  const std::uint8_t phase = annealer_saved<std::uint8_t>(c, offsetof(core, phase));
  const bool placed = annealer_saved<std::uint8_t>(c, offsetof(core, placed)) != 0u;
  const std::uint64_t calls = annealer_saved<std::uint64_t>(c, offsetof(core, calls));
  const std::uint64_t finite_samples = annealer_saved<std::uint64_t>(c, offsetof(core, finite_samples));
  const Real value = annealer_saved<Real>(c, offsetof(core, value));
  if (!math::same(annealer_saved<Real>(c, offsetof(core, scale)), Real(1)) ||
      !math::same(annealer_saved<Real>(c, offsetof(core, step)), annealer_saved<Real>(o, offsetof(options, initial_step))) ||
      annealer_saved<std::uint64_t>(c, offsetof(core, proposals)) != 0u || finite_samples > calls) {
    return false;
  }
  if (phase == annealer_no_start) {
    return calls >= 1u && calls == (placed ? 1u : initial_calls) && finite_samples == 0u &&
           math::same(value, std::numeric_limits<Real>::infinity());
  }
  if (calls != 0u && calls >= initial_calls) return false;
  if (placed && calls > 0u) {
    return finite_samples >= 1u && math::is_finite(value) &&
           annealer_saved<Real>(c, offsetof(core, best_value)) <= value;
  }
  return math::same(value, std::numeric_limits<Real>::infinity());
}

/// The chain: as many proposals as calls after the initial ones, a finite current value
/// not below the best, and a scale within its bounds.
template <class Real>
[[gnu::noinline]] bool annealer_saved_chain_valid(const checkpoint_reader& c, std::uint64_t initial_calls) noexcept {
  using core = annealer_core<Real>;
  using options = simulated_annealing_options<Real>;
  const checkpoint_reader o = annealer_saved_options<Real>(c);
  const std::uint64_t max_calls = annealer_saved<std::uint64_t>(o, offsetof(options, max_calls));
  const std::uint64_t proposals = annealer_saved<std::uint64_t>(c, offsetof(core, proposals));
  if (proposals > max_calls - initial_calls ||
      annealer_saved<std::uint64_t>(c, offsetof(core, calls)) != initial_calls + proposals ||
      annealer_saved<std::uint64_t>(c, offsetof(core, finite_samples)) > initial_calls) {
    return false;
  }
  const Real value = annealer_saved<Real>(c, offsetof(core, value));
  const Real step = annealer_saved<Real>(c, offsetof(core, step));
  return math::is_finite(value) && annealer_saved<Real>(c, offsetof(core, best_value)) <= value &&
         step >= annealer_saved<Real>(o, offsetof(options, min_step)) &&
         step <= annealer_saved<Real>(o, offsetof(options, max_step));
}

/// The geometric schedule automatic cooling builds from T0 = `scale` and `ratio`.
template <class Real>
[[gnu::noinline]] bool annealer_saved_geometric_is(const checkpoint_reader& c, Real scale, Real ratio,
                                                 std::uint64_t steps) noexcept {
  return annealer_saved_schedule_is(c.take_at<unsigned char>(offsetof(annealer_core<Real>, cooling)),
                                    schedule<Real>::geometric(scale, ratio, Real(0), steps));
}

/// The chain's cooling schedule and T0 are those its start computed: the options' schedule
/// and 1 under scheduled cooling; under automatic cooling, T0 from the saved initial values
/// (Welford's sum) and the geometric schedule from T0, the final fraction and the proposals
/// the budget leaves after the initial calls.
template <class Real>
[[gnu::noinline]] bool annealer_saved_cooling_valid(const checkpoint_reader& c) noexcept {
  using core = annealer_core<Real>;
  using options = simulated_annealing_options<Real>;
  const checkpoint_reader o = annealer_saved_options<Real>(c);
  const Real scale = annealer_saved<Real>(c, offsetof(core, scale));
  if (annealer_saved<cooling>(o, offsetof(options, temperature_mode)) == cooling::scheduled) {
    return math::same(scale, Real(1)) && annealer_saved_schedules_equal<Real>(c.take_at<unsigned char>(offsetof(core, cooling)),
                                                                    o.take_at<unsigned char>(offsetof(options, temperature)));
  }
  const std::uint64_t finite_samples = annealer_saved<std::uint64_t>(c, offsetof(core, finite_samples));
  const Real squares = annealer_saved<Real>(c, offsetof(core, squares));
  const auto same_scale = [](Real saved, std::uint64_t count, Real sum) { return math::same(saved, annealer_energy_scale(count, sum)); };
  if (!run_phase<Real>(same_scale, scale, finite_samples, squares)) return false;
  const std::uint64_t max_calls = annealer_saved<std::uint64_t>(o, offsetof(options, max_calls));
  const std::uint64_t initial_calls =
      annealer_initial_calls(max_calls, annealer_saved<std::uint32_t>(o, offsetof(options, initial_samples)),
                             annealer_saved<std::uint8_t>(c, offsetof(core, placed)));
  const Real ratio =
      annealer_cooling_ratio(annealer_saved<Real>(o, offsetof(options, final_temperature_fraction)), max_calls - initial_calls);
  return annealer_saved_geometric_is<Real>(c, scale, ratio, annealer_cooling_steps<Real>(max_calls - initial_calls));
}

/// The scalars of a saved initialised annealer: the rules of its phase (which also keep
/// calls <= max_calls), plus accepted <= proposals, the Welford rules and the generator on
/// the options' stream.
template <class Real>
[[gnu::noinline]] bool annealer_saved_core_valid(const checkpoint_reader& c) noexcept {
  using core = annealer_core<Real>;
  using options = simulated_annealing_options<Real>;
  const checkpoint_reader o = annealer_saved_options<Real>(c);
  const std::uint64_t stream = annealer_saved<std::uint64_t>(o, offsetof(options, stream));
  if (annealer_saved<pcg32>(c, offsetof(core, generator)).state().increment != ((stream << 1u) | 1u)) return false;
  if (annealer_saved<std::uint64_t>(c, offsetof(core, accepted)) > annealer_saved<std::uint64_t>(c, offsetof(core, proposals)) ||
      !annealer_saved_welford_valid<Real>(c)) {
    return false;
  }
  const std::uint64_t initial_calls =
      annealer_initial_calls(annealer_saved<std::uint64_t>(o, offsetof(options, max_calls)),
                             annealer_saved<std::uint32_t>(o, offsetof(options, initial_samples)),
                             annealer_saved<std::uint8_t>(c, offsetof(core, placed)));
  if (annealer_saved<std::uint8_t>(c, offsetof(core, phase)) == annealer_chain) {
    return annealer_saved_chain_valid<Real>(c, initial_calls);
  }
  return annealer_saved_initial_valid<Real>(c, initial_calls);
}

/// Never initialised: every scalar at its value in a default-constructed annealer_core
/// (the cooling schedule is checked by annealer_saved_cooling_unset(), the options by
/// annealer_saved_options_default()) and a zero box, current and best point.
template <class Real>
[[gnu::noinline]] bool annealer_saved_idle_valid(const checkpoint_reader& c, std::size_t n) noexcept {
  using core = annealer_core<Real>;
  static constexpr core start{};
  bool zero = true;
  const checkpoint_reader arrays = annealer_saved_array<Real>(c, n, 0u);
  for (std::size_t i = 0; i < 4u * n; ++i) zero = zero && math::same(arrays.at<Real>(i), Real(0));
  return zero && annealer_saved<pcg32>(c, offsetof(core, generator)) == start.generator &&
         math::same(annealer_saved<Real>(c, offsetof(core, value)), start.value) &&
         math::same(annealer_saved<Real>(c, offsetof(core, best_value)), start.best_value) &&
         math::same(annealer_saved<Real>(c, offsetof(core, scale)), start.scale) &&
         math::same(annealer_saved<Real>(c, offsetof(core, step)), start.step) &&
         math::same(annealer_saved<Real>(c, offsetof(core, mean)), start.mean) &&
         math::same(annealer_saved<Real>(c, offsetof(core, squares)), start.squares) &&
         annealer_saved<std::uint64_t>(c, offsetof(core, calls)) == start.calls &&
         annealer_saved<std::uint64_t>(c, offsetof(core, proposals)) == start.proposals &&
         annealer_saved<std::uint64_t>(c, offsetof(core, accepted)) == start.accepted &&
         annealer_saved<std::uint64_t>(c, offsetof(core, finite_samples)) == start.finite_samples &&
         annealer_saved<std::uint8_t>(c, offsetof(core, placed)) == start.placed;
}

/// The saved options are the defaults, field by field (a never-initialised annealer's).
template <class Real>
[[gnu::noinline]] bool annealer_saved_options_default(const checkpoint_reader& c) noexcept {
  using options = simulated_annealing_options<Real>;
  static constexpr options defaults{};
  const checkpoint_reader o = annealer_saved_options<Real>(c);
  return annealer_saved_schedule_is(o.take_at<unsigned char>(offsetof(options, temperature)), defaults.temperature) &&
         annealer_saved<std::uint64_t>(o, offsetof(options, max_calls)) == defaults.max_calls &&
         annealer_saved<std::uint64_t>(o, offsetof(options, seed)) == defaults.seed &&
         annealer_saved<std::uint64_t>(o, offsetof(options, stream)) == defaults.stream &&
         math::same(annealer_saved<Real>(o, offsetof(options, target_value)), defaults.target_value) &&
         annealer_saved<std::uint32_t>(o, offsetof(options, initial_samples)) == defaults.initial_samples &&
         annealer_saved<cooling>(o, offsetof(options, temperature_mode)) == defaults.temperature_mode &&
         math::same(annealer_saved<Real>(o, offsetof(options, final_temperature_fraction)), defaults.final_temperature_fraction) &&
         annealer_saved<proposal_kind>(o, offsetof(options, proposal)) == defaults.proposal &&
         math::same(annealer_saved<Real>(o, offsetof(options, initial_step)), defaults.initial_step) &&
         math::same(annealer_saved<Real>(o, offsetof(options, min_step)), defaults.min_step) &&
         math::same(annealer_saved<Real>(o, offsetof(options, max_step)), defaults.max_step) &&
         math::same(annealer_saved<Real>(o, offsetof(options, target_acceptance)), defaults.target_acceptance) &&
         math::same(annealer_saved<Real>(o, offsetof(options, adaptation_rate)), defaults.adaptation_rate);
}

/// The saved cooling schedule is that of a chain that has not started (as at construction
/// and after init()): constant 0.
template <class Real>
[[gnu::noinline]] bool annealer_saved_cooling_unset(const checkpoint_reader& in) noexcept {
  static constexpr annealer_core<Real> start{};
  return annealer_saved_schedule_is(in.take_at<unsigned char>(offsetof(annealer_core<Real>, cooling)), start.cooling);
}

/// Checks a saved payload (n coordinates): accepts exactly the states an annealer can
/// reach, but for one rule of validate() it leaves out (see the end).
template <class Real>
bool annealer_payload_valid(const checkpoint_reader& in, std::size_t n) noexcept {
  using core = annealer_core<Real>;
  const std::uint8_t phase = annealer_saved<std::uint8_t>(in, offsetof(core, phase));
  if (phase > annealer_no_start || annealer_saved<std::uint8_t>(in, offsetof(core, placed)) > 1u) return false;
  if (phase != annealer_chain && !annealer_saved_cooling_unset<Real>(in)) return false;
  if (phase == annealer_idle) return annealer_saved_idle_valid<Real>(in, n) && annealer_saved_options_default<Real>(in);
  if (!annealer_saved_options_valid<Real>(in) || !annealer_saved_box_valid<Real>(in, n) ||
      !annealer_saved_core_valid<Real>(in) || (phase == annealer_chain && !annealer_saved_cooling_valid<Real>(in))) {
    return false;
  }
  const bool placed_or_running = annealer_saved<std::uint8_t>(in, offsetof(core, placed)) != 0u || phase == annealer_chain;
  const bool found = math::is_finite(annealer_saved<Real>(in, offsetof(core, best_value)));
  if (!annealer_saved_point_valid<Real>(in, n, 2u, placed_or_running) ||
      !annealer_saved_point_valid<Real>(in, n, 3u, found)) {
    return false;
  }
  const cooling mode = annealer_saved<cooling>(annealer_saved_options<Real>(in),
                                               offsetof(simulated_annealing_options<Real>, temperature_mode));
  if (mode != cooling::scheduled) return true;
  // validate()'s remaining rule, a finite T_0 >= 0, evaluates the schedule; restore does not
  // (a double schedule's pow alone would take the stack past the 256 B budget). A forged
  // schedule with valid parameters but a bad T_n is harmless: step() treats a T_n that is not
  // finite and positive as 0 (greedy), as it does for a schedule that leaves its range.
  return annealer_saved_temperature_valid<Real>(in);
}

}  // namespace detail

/// Step-at-a-time simulated annealing in N dimensions.
///
/// State: the options, the box, the current, best and candidate points (5N reals) and a few
/// scalars (the candidate and two of the scalars are scratch of step(), not part of the
/// saved state); trivially copyable, no heap, no pointer. The problem is any const-callable
/// `Real f(const std::array<Real, N>& x)`, passed to every step. Usage:
///   simulated_annealer<float, 2> annealer;
///   annealer.init(bounds, options);          // no call of f
///   annealer.place({0.5f, 0.5f});            // optional start point
///   annealer.run(f);                         // or step(f) one call at a time
///   auto r = annealer.result();
/// The first steps evaluate the start point (if placed) and `options.initial_samples`
/// uniform points of the box (fewer if the budget is smaller); the chain then starts from
/// the placed point, or else from the best sample. Until init() succeeds, step() refuses.
template <class Real, std::size_t N>
class simulated_annealer {
  static_assert(std::is_floating_point<Real>::value, "Real is float or double");
  static_assert(N > 0, "at least one dimension");

 public:
  using real_type = Real;
  using point_type = std::array<Real, N>;
  using options_type = simulated_annealing_options<Real>;

  /// Starts a run on `bounds` (valid: box::validate()) with `options` (valid:
  /// options.validate() is field::none): resets the counters, the chain and the generator
  /// (seeded with options.seed, options.stream). No call of the problem. Returns
  /// invalid_argument, changing nothing, if either is invalid. Work: O(N).
  status init(const box<Real, N>& bounds, const options_type& options) noexcept {
    if (bounds.validate() != status::ok) return status::invalid_argument;
    const status started = detail::annealer_start(core_, options, current_.data(), best_.data(), N);
    if (started == status::ok) bounds_ = bounds;
    return started;
  }

  /// Makes `x0` the start point of the chain: the next step evaluates it (its call is the
  /// first of the budget; a non-finite value there ends the run, see step()), and the
  /// initial samples (0 allowed) then only calibrate T0 and may improve the best point.
  /// Returns invalid_argument, changing nothing, if x0 is outside the box or not finite
  /// (field::point), or if the annealer is not initialised or has already stepped since
  /// init(). Work: O(N).
  status place(const point_type& x0) noexcept {
    return detail::annealer_place(core_, bounds_.lower.data(), bounds_.upper.data(), x0.data(), current_.data(), N);
  }

  /// One call of f, then returns {status, value of f where it was called}:
  ///  - the start point's call (if placed), then each initial sample: ok, or non_finite if f
  ///    was NaN or infinite there (the call is spent). After the last initial call the
  ///    chain starts; a non-finite start point, or initial samples none of which was
  ///    finite, leave no start: that step returns non_finite and the run is over.
  ///  - a proposal of the chain at temperature T_n, n = proposals(): ok once the Metropolis
  ///    rule has accepted or rejected it (a downhill or level move is always accepted,
  ///    uphill by delta with probability exp(-delta / T)); non_finite if f was NaN or
  ///    infinite there (rejected, the call is spent).
  /// Without a call: budget_exhausted once the budget is spent (value: the current one);
  /// non_finite when there is no finite start (value +inf); invalid_argument before init(),
  /// or when there is no start point (initial_samples = 0 and nothing placed) (value NaN).
  /// Work: one call of f; N uniform draws (a sample) or N or 2N normal draws, one
  /// evaluation of the cooling schedule and at most one uniform draw and one exp (a
  /// proposal); O(N).
  template <class Problem>
  step_result<Real> step(const Problem& f) noexcept {
    static_assert(is_value_problem_v<Problem, Real, N>,
                  "Problem must be callable as Real(const std::array<Real,N>&) const");
    // The phases run one after another from here, each in its own frame (the temperature,
    // the draws, the arithmetic of the point, the problem, the verdict, the start of the
    // chain after the last initial call), so that the deep ones (the schedule, the normal
    // sampler, log and exp) never sit under another's frame.
    scratch_.temperature = detail::annealer_next_temperature(core_);
    const detail::annealer_action action = detail::annealer_draw(core_, candidate_.data(), N);
    if (action == detail::annealer_refuse) return detail::annealer_refusal(core_);
    const bool at_current = action == detail::annealer_evaluate_current;
    if (!at_current) {
      detail::annealer_position(core_, bounds_.lower.data(), bounds_.upper.data(), current_.data(), candidate_.data(), N);
    }
    scratch_.value = f(at_current ? current_ : candidate_);
    const status told = detail::annealer_tell(core_, current_.data(), best_.data(), candidate_.data(), N, scratch_);
    detail::annealer_start_chain(core_, current_.data(), best_.data(), N);
    return {told, scratch_.value};
  }

  /// Steps until the budget is spent, the chain has evaluated a value <= options.target_value
  /// (checked from the first proposal on: the initial calls always all run), or `max_steps`
  /// steps. Non-finite values of f are survived. Returns {status, steps taken, value of the
  /// last step (NaN if none)}: status ok, or the step's status that ended the run early:
  /// invalid_argument (not initialised, or no start point) or non_finite (no finite start).
  template <class Problem>
  run_result<Real> run(const Problem& f, std::uint64_t max_steps = ~std::uint64_t{0}) noexcept {
    return detail::run_steps<Real>(
        detail::annealer_run_start_status(core_),
        [&] {
          const step_result<Real> r = step(f);
          return step_result<Real>{detail::annealer_run_step_status(core_, r.status), r.value};
        },
        [&](std::uint64_t steps) { return steps < max_steps && !detail::annealer_run_over(core_); });
  }

  /// The lowest point evaluated so far, its value and the calls spent (as `minimize`):
  /// status ok; non_finite while no finite value has been seen (x = 0, value +inf);
  /// invalid_argument before init() (x = 0, value NaN, calls 0).
  minimize_result<Real, N> result() const noexcept {
    if (core_.phase == detail::annealer_idle) {
      return {point_type{}, std::numeric_limits<Real>::quiet_NaN(), 0u, status::invalid_argument};
    }
    return {best_, core_.best_value, core_.calls, math::is_finite(core_.best_value) ? status::ok : status::non_finite};
  }

  /// The chain's current point: the placed start point, or all zero until the chain starts;
  /// always inside the box once set.
  const point_type& current() const noexcept { return current_; }
  /// f at current(); +infinity until evaluated.
  Real current_value() const noexcept { return core_.value; }
  /// The lowest point evaluated (all zero while none was finite) and its value (+infinity
  /// then; always finite once the chain has started).
  const point_type& best() const noexcept { return best_; }
  Real best_value() const noexcept { return core_.best_value; }
  /// Calls of f since init() (the initial ones included).
  std::uint64_t calls() const noexcept { return core_.calls; }
  /// Steps that called f since init(): each step makes exactly one call, so calls().
  std::uint64_t steps() const noexcept { return core_.calls; }
  /// Proposals of the chain so far, and how many were accepted.
  std::uint64_t proposals() const noexcept { return core_.proposals; }
  std::uint64_t accepted() const noexcept { return core_.accepted; }
  /// Temperature of the next proposal (0 before the chain starts).
  Real temperature() const noexcept { return detail::annealer_temperature(core_.cooling, core_.proposals); }
  /// T0 under automatic cooling (the measured energy scale) once the chain has started; 1
  /// otherwise.
  Real temperature_scale() const noexcept { return core_.scale; }
  /// Current proposal scale s (fraction of each box side).
  Real step_size() const noexcept { return core_.step; }
  /// The options and the box given to init() (defaults and a zero box before).
  const options_type& options() const noexcept { return core_.options; }
  const box<Real, N>& bounds() const noexcept { return bounds_; }
  /// init() has succeeded.
  bool initialized() const noexcept { return core_.phase != detail::annealer_idle; }
  /// The next step evaluates the start point or an initial sample (the chain has not started).
  bool sampling() const noexcept { return core_.phase == detail::annealer_sampling; }
  /// No step can do more work: not initialised, no start point (initial_samples = 0 and
  /// nothing placed: false again after place()), no finite start, or the budget is spent.
  bool done() const noexcept {
    return core_.phase == detail::annealer_idle || core_.phase == detail::annealer_no_start ||
           (core_.phase == detail::annealer_sampling && core_.placed == 0u && core_.options.initial_samples == 0u) ||
           (core_.phase == detail::annealer_chain && core_.calls >= core_.options.max_calls);
  }

 private:
  friend struct checkpoint_access;
  static constexpr checkpoint_identity checkpoint_id{detail::checkpoint_kind<Real>(0x0040u), 1u,
                                                     detail::checkpoint_shape(N)};
  /// Payload: the core (options included), the box's lower and upper corners, the current
  /// and the best point. The candidate and the step's scratch values are not saved.
  static constexpr std::size_t checkpoint_payload_size = sizeof(detail::annealer_core<Real>) + 4u * sizeof(point_type);
  void checkpoint_save(detail::checkpoint_writer& out) const noexcept {
    out.put(core_);
    out.put(bounds_.lower);
    out.put(bounds_.upper);
    out.put(current_);
    out.put(best_);
  }
  /// Accepts exactly the states an annealer can reach (see detail::annealer_payload_valid),
  /// with one exception: under scheduled cooling the saved schedule must pass
  /// schedule::validate(), but its T_0 is not evaluated (a double schedule's pow would take
  /// restore past its stack budget), so a forged schedule whose T_0 is not finite is
  /// restored, and options().validate() then names temperature. It is harmless: a step
  /// runs any T_n that is not finite and positive as 0 (greedy). The rules: a
  /// never-initialised one holds its start values; otherwise valid options and box,
  /// counters in step with the phase (calls = initial calls + proposals in the chain,
  /// accepted <= proposals, calls <= max_calls), the generator on the options' stream,
  /// finite values with best <= current, points inside the box (or zero while unset), a
  /// proposal scale within its bounds, and the cooling schedule and T0 that the options
  /// and the saved initial values give.
  static bool checkpoint_valid(detail::checkpoint_reader in) noexcept {
    return detail::annealer_payload_valid<Real>(in, N);
  }
  void checkpoint_load(detail::checkpoint_reader in) noexcept {
    in.get_to(core_);
    in.get_to(bounds_.lower);
    in.get_to(bounds_.upper);
    in.get_to(current_);
    in.get_to(best_);
  }

  detail::annealer_core<Real> core_{};
  box<Real, N> bounds_{};
  point_type current_{};
  point_type best_{};
  point_type candidate_{};
  detail::annealer_step_values<Real> scratch_{};  ///< scratch of step() (not saved)
};

/// Simulated annealing of `f` on `bounds`: runs a `simulated_annealer` until
/// `options.max_calls` calls are spent (or the chain finds a value <= `options.target_value`)
/// and returns, as `minimize` does, the lowest point evaluated with status ok; or
/// {x = 0, value NaN, calls 0, invalid_argument} for bad input, including initial_samples =
/// 0 (there is no start point; no call made); or {x = 0, value +infinity, calls spent,
/// non_finite} if no initial sample was finite.
template <class Real, std::size_t N, class Problem>
minimize_result<Real, N> simulated_annealing(const Problem& f, const box<Real, N>& bounds,
                                             const simulated_annealing_options<Real>& options) noexcept {
  simulated_annealer<Real, N> annealer;
  if (annealer.init(bounds, options) != status::ok || annealer.run(f).status == status::invalid_argument) {
    return {std::array<Real, N>{}, std::numeric_limits<Real>::quiet_NaN(), 0u, status::invalid_argument};
  }
  return annealer.result();
}

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
