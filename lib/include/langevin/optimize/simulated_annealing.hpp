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
/// Budget, box and status conventions are those of `langevin::minimize`: the budget counts
/// calls of the problem (every call, including the initial ones), the problem is never
/// called outside the box, bad input returns a status and does no work, and non-finite
/// values are survived (treated as +infinity: the move is rejected) and never reported
/// as the best.
#ifndef LANGEVIN_OPTIMIZE_SIMULATED_ANNEALING_HPP
#define LANGEVIN_OPTIMIZE_SIMULATED_ANNEALING_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "../box.hpp"
#include "../detail/state_checks.hpp"
#include "../math.hpp"
#include "../problem.hpp"
#include "../random/normal.hpp"
#include "../random/pcg32.hpp"
#include "../random/uniform.hpp"
#include "../schedule.hpp"
#include "../status.hpp"
#include "minimize.hpp"

namespace langevin {

/// Shape of the proposal displacement of each coordinate (scale s times the box side).
enum class proposal_kind : unsigned char {
  gaussian,  ///< s * side * z, z ~ N(0, 1).
  cauchy,    ///< s * side * z1 / z2 (standard Cauchy), clamped to +-2 sides: occasional long jumps.
};

/// How the temperature T_n of proposal n (0, 1, ...) is chosen.
enum class cooling : unsigned char {
  /// Geometric cooling fitted to the budget: T_n = T0 * r^n with T0 the standard deviation
  /// of f over the initial uniform samples (its natural energy scale) and r such that T
  /// reaches T0 * `final_temperature_fraction` at the last call of the budget. Needs the
  /// geometric schedule family compiled in (LANGEVIN_SCHEDULE_KINDS, config.hpp).
  automatic,
  /// T_n = `temperature(n)`, absolute, in the units of f.
  scheduled,
};

/// Configuration of simulated annealing. An aggregate; every field has a default.
template <class Real>
struct simulated_annealing_options {
  /// Budget in calls of the problem, >= 1; initial samples included.
  std::uint64_t max_calls = 10000u;
  /// Seed and stream of the pcg32 that draws start points, proposals and acceptances.
  std::uint64_t seed = 0u;
  std::uint64_t stream = 0u;
  /// `run` and `simulated_annealing` stop as soon as a value <= target_value has been
  /// evaluated (default: never).
  Real target_value = -std::numeric_limits<Real>::infinity();
  /// Uniform samples of the box evaluated first (capped by the budget): the best one is the
  /// start point when none is given, and their spread sets T0 under automatic cooling.
  std::uint32_t initial_samples = 20u;
  cooling temperature_mode = cooling::automatic;
  /// Under automatic cooling: T at the end of the budget over T0, in (0, 1].
  Real final_temperature_fraction = static_cast<Real>(1e-6);
  /// Under scheduled cooling: T_n >= 0 (0 means greedy descent: only downhill moves).
  schedule<Real> temperature = schedule<Real>::constant(static_cast<Real>(1));
  proposal_kind proposal = proposal_kind::cauchy;
  /// Initial proposal scale s, as a fraction of each box side; in [min_step, max_step].
  Real initial_step = static_cast<Real>(0.1);
  /// Bounds of the adapted scale, 0 < min_step <= max_step.
  Real min_step = static_cast<Real>(1e-6);
  Real max_step = static_cast<Real>(1);
  /// Acceptance rate the scale adapts toward, in (0, 1).
  Real target_acceptance = static_cast<Real>(0.2);
  /// Adaptation gain g in [0, 1): after an acceptance s *= 1 + g (1 - target), after a
  /// rejection s *= 1 - g target, so log s drifts by about g (rate - target) per proposal.
  /// 0 keeps s fixed.
  Real adaptation_rate = static_cast<Real>(0.02);
};

/// Step-at-a-time simulated annealing in N dimensions. Trivially copyable (checkpointable
/// by copying bytes); no heap. The problem is any callable
/// `Real f(const std::array<Real, N>& x)` (const-callable), passed to every call.
template <class Real, std::size_t N>
class simulated_annealer {
  static_assert(std::is_floating_point<Real>::value, "Real is float or double");
  static_assert(N > 0, "at least one dimension");

 public:
  using vector_type = std::array<Real, N>;
  using options_type = simulated_annealing_options<Real>;

  /// Validates, evaluates `initial_samples` uniform points of the box (fewer if the budget
  /// is smaller) and starts from the best of them. Returns invalid_argument (a bound not
  /// finite, lower > upper, max_calls = 0, initial_samples = 0, an option out of its
  /// documented range) before any call, or non_finite if no initial sample had a finite
  /// value (those calls are spent; the annealer is left uninitialized).
  template <class Problem>
  status init(Problem&& f, const box<Real, N>& bounds, const options_type& options) noexcept {
    return start(f, bounds, options, nullptr);
  }

  /// As above, but the chain starts from `x0` (inside the box, else invalid_argument; its
  /// call comes first and must be finite, else non_finite). The initial samples (0 allowed)
  /// then only calibrate T0 and may improve the best-so-far.
  template <class Problem>
  status init(Problem&& f, const box<Real, N>& bounds, const options_type& options, const vector_type& x0) noexcept {
    return start(f, bounds, options, &x0);
  }

  /// One proposal and one call of f at the temperature T_n of proposal n = proposals().
  /// Returns {status, value of f at the proposal}:
  ///  - ok: the proposal was accepted or rejected by the Metropolis rule (a downhill or
  ///    level move is always accepted; uphill by delta with probability exp(-delta / T));
  ///  - non_finite: f was NaN or infinite there; rejected, the call is spent;
  ///  - budget_exhausted: no call left, nothing done (value: the current one);
  ///  - invalid_argument: not initialized (value NaN).
  /// Work: one call of f, N or 2N normal draws and at most one uniform and one exp.
  template <class Problem>
  step_result<Real> step(Problem&& f) noexcept {
    if (!initialized_) return {status::invalid_argument, std::numeric_limits<Real>::quiet_NaN()};
    if (calls_ >= options_.max_calls) return {status::budget_exhausted, value_};
#if LANGEVIN_SOFT_DOUBLE
    if constexpr (detail::soft_double<Real>) {
      // Software double (math.hpp): the schedule, the proposal and the Metropolis test each
      // out of line, so each runs below this small frame, not below the others'. The same
      // draws and the same arithmetic in the same order as below.
      const Real temperature = temperature_out_of_line(proposals_);
      vector_type candidate;
      propose_out_of_line(candidate);
      const Real value = f(static_cast<const vector_type&>(candidate));
      return conclude_out_of_line(candidate, value, temperature);
    }
#endif
    const Real temperature = temperature_at(proposals_);
    vector_type candidate;
    for (std::size_t i = 0; i < N; ++i) candidate[i] = propose(i);
    const Real value = f(static_cast<const vector_type&>(candidate));
    ++calls_;
    ++proposals_;
    if (!math::is_finite(value)) {
      adapt(false);
      return {status::non_finite, value};
    }
    bool accept = value <= value_;
    if (!accept && temperature > Real(0)) {
      accept = uniform<Real>(generator_) < math::exp(-(value - value_) / temperature);
    }
    adapt(accept);
    if (accept) {
      ++accepted_;
      x_ = candidate;
      value_ = value;
      if (value < best_value_) {
        best_value_ = value;
        best_ = candidate;
      }
    }
    return {status::ok, value};
  }

  /// Steps until the budget is spent or the best value is <= `options.target_value`;
  /// returns ok, or invalid_argument if not initialized.
  template <class Problem>
  status run(Problem&& f) noexcept {
    if (!initialized_) return status::invalid_argument;
    while (!(best_value_ <= options_.target_value) && step(f).status != status::budget_exhausted) {
    }
    return status::ok;
  }

  /// Best point so far, its value, the calls spent and status ok (as `minimize`).
  minimize_result<Real, N> result() const noexcept {
    minimize_result<Real, N> out{};
    out.x = best_;
    out.value = best_value_;
    out.calls = calls_;
    out.status = initialized_ ? status::ok : status::invalid_argument;
    return out;
  }

  /// Current state of the chain and its value.
  const vector_type& current() const noexcept { return x_; }
  Real current_value() const noexcept { return value_; }
  /// Best point seen and its value (always finite once initialized).
  const vector_type& best() const noexcept { return best_; }
  Real best_value() const noexcept { return best_value_; }
  /// Calls of f so far (initial samples included) and proposals made by `step`.
  std::uint64_t calls() const noexcept { return calls_; }
  std::uint64_t proposals() const noexcept { return proposals_; }
  /// Accepted proposals so far.
  std::uint64_t accepted() const noexcept { return accepted_; }
  /// Temperature of the next proposal.
  Real temperature() const noexcept { return temperature_at(proposals_); }
  /// T0 under automatic cooling (the measured energy scale); 1 under scheduled cooling.
  Real temperature_scale() const noexcept { return scale_; }
  /// Current proposal scale s (fraction of each box side).
  Real step_size() const noexcept { return step_; }
  const options_type& options() const noexcept { return options_; }
  bool initialized() const noexcept { return initialized_; }

  /// The saved state is the whole object: box, options, cooling schedule, generator,
  /// chain and counters (trivially copyable, no pointers). See checkpoint.hpp for saving
  /// it as a blob.
  using state_type = simulated_annealer;

  /// The state, for checkpoints.
  const state_type& state() const noexcept { return *this; }

  /// Restores a state saved by state(). Returns invalid_argument, changing nothing, if it
  /// holds values no simulated_annealer can have: non-finite points; before a successful
  /// init, proposals, acceptances or a best value; once initialized, options or a box
  /// init() would refuse, a cooling schedule that does not match them, points outside the
  /// box, non-finite values or a best value above the current one, counters out of order
  /// (accepted <= proposals < calls <= max_calls: init spends at least one call), a
  /// proposal scale outside [min_step, max_step], an even generator increment, or a
  /// corrupt flag.
  status set_state(const state_type& saved) noexcept {
    if (!saved.holds_reachable_state()) return status::invalid_argument;
    *this = saved;
    return status::ok;
  }

 private:
  bool holds_reachable_state() const noexcept {
    if (!detail::holds_bool(initialized_) || !detail::all_finite(x_) || !detail::all_finite(best_)) return false;
    if (!initialized_) {
      // Never initialized, or an init() whose samples were all non-finite: no proposal yet,
      // no best value, the current value at its default (0) or reset (+infinity).
      const Real infinity = std::numeric_limits<Real>::infinity();
      return proposals_ == 0u && accepted_ == 0u && best_value_ == infinity &&
             (value_ == static_cast<Real>(0) || value_ == infinity);
    }
    if (check(bounds_, options_) != status::ok || (generator_.state().increment & 1u) == 0u) return false;
    if (!bounds_.contains(x_) || !bounds_.contains(best_)) return false;
    if (!math::is_finite(value_) || !math::is_finite(best_value_) || !(best_value_ <= value_)) return false;
    if (!(accepted_ <= proposals_ && proposals_ < calls_ && calls_ <= options_.max_calls)) return false;
    if (!(step_ >= options_.min_step && step_ <= options_.max_step)) return false;
    if (!math::is_finite(scale_) || !(scale_ > static_cast<Real>(0))) return false;
    if (cooling_.validate() != status::ok) return false;
    if (options_.temperature_mode == cooling::automatic) {
      return cooling_.kind == schedule_kind::geometric && cooling_.a == scale_ && cooling_.floor == static_cast<Real>(0);
    }
    const schedule<Real>& given = options_.temperature;
    return scale_ == static_cast<Real>(1) && cooling_.kind == given.kind && cooling_.a == given.a &&
           cooling_.b == given.b && cooling_.k == given.k && cooling_.period == given.period &&
           cooling_.floor == given.floor;
  }

  static bool in_unit_interval_open(Real v) noexcept { return v > static_cast<Real>(0) && v < static_cast<Real>(1); }

  static status check(const box<Real, N>& bounds, const options_type& o) noexcept {
    if (bounds.validate() != status::ok || o.max_calls == 0u) return status::invalid_argument;
    if (o.temperature_mode != cooling::automatic && o.temperature_mode != cooling::scheduled) {
      return status::invalid_argument;
    }
    if (o.proposal != proposal_kind::gaussian && o.proposal != proposal_kind::cauchy) return status::invalid_argument;
    if (o.temperature_mode == cooling::automatic &&
        !(o.final_temperature_fraction > static_cast<Real>(0) && o.final_temperature_fraction <= static_cast<Real>(1) &&
          schedule<Real>::compiled_in(schedule_kind::geometric))) {
      return status::invalid_argument;
    }
    if (o.temperature_mode == cooling::scheduled) {
      if (o.temperature.validate() != status::ok) return status::invalid_argument;
      const Real t0 = o.temperature(0u);
      if (!(t0 >= static_cast<Real>(0)) || !math::is_finite(t0)) return status::invalid_argument;
    }
    if (!(o.min_step > static_cast<Real>(0)) || !(o.min_step <= o.max_step) || !math::is_finite(o.max_step) ||
        !(o.initial_step >= o.min_step) || !(o.initial_step <= o.max_step)) {
      return status::invalid_argument;
    }
    if (!in_unit_interval_open(o.target_acceptance)) return status::invalid_argument;
    if (!(o.adaptation_rate >= static_cast<Real>(0)) || !(o.adaptation_rate < static_cast<Real>(1))) {
      return status::invalid_argument;
    }
    return status::ok;
  }

  template <class Problem>
  status start(Problem& f, const box<Real, N>& bounds, const options_type& options, const vector_type* x0) noexcept {
    static_assert(std::is_invocable_r<Real, Problem&, const vector_type&>::value,
                  "Problem must be callable as Real(const std::array<Real,N>&)");
    const status verdict = check(bounds, options);
    if (verdict != status::ok) return verdict;
    if (x0 == nullptr && options.initial_samples == 0u) return status::invalid_argument;
    if (x0 != nullptr && !bounds.contains(*x0)) return status::invalid_argument;
    initialized_ = false;
    bounds_ = bounds;
    options_ = options;
    generator_ = pcg32{options.seed, options.stream};
    calls_ = 0u;
    proposals_ = 0u;
    accepted_ = 0u;
    step_ = options.initial_step;
    best_value_ = std::numeric_limits<Real>::infinity();
    value_ = best_value_;

    // Welford's running mean and variance of the finite initial values.
    std::uint64_t finite_count = 0u;
    Real mean = static_cast<Real>(0);
    Real squares = static_cast<Real>(0);
    auto record = [&](const vector_type& x, Real value) noexcept {
      if (!math::is_finite(value)) return;
      ++finite_count;
      const Real delta = value - mean;
      mean += delta / static_cast<Real>(finite_count);
      squares += delta * (value - mean);
      if (value < best_value_) {
        best_value_ = value;
        best_ = x;
      }
    };
    Real start_value = best_value_;
    if (x0 != nullptr) {
      start_value = f(*x0);
      ++calls_;
      record(*x0, start_value);
      if (!math::is_finite(start_value)) return status::non_finite;
    }
    const std::uint64_t initial_calls = std::uint64_t{options.initial_samples} + (x0 != nullptr ? 1u : 0u);
    while (calls_ < options.max_calls && calls_ < initial_calls) {
      vector_type x;
      for (std::size_t i = 0; i < N; ++i) {
        const Real u = uniform<Real>(generator_);
        const Real side = bounds.upper[i] - bounds.lower[i];
        Real coordinate = bounds.lower[i] + side * u;
        if (coordinate > bounds.upper[i]) coordinate = bounds.upper[i];
        x[i] = coordinate;
      }
      const Real value = f(static_cast<const vector_type&>(x));
      ++calls_;
      record(x, value);
    }
    if (finite_count == 0u) return status::non_finite;
    if (x0 != nullptr) {
      x_ = *x0;
      value_ = start_value;
    } else {
      x_ = best_;
      value_ = best_value_;
    }

    scale_ = static_cast<Real>(1);
    if (options.temperature_mode == cooling::automatic) {
      const Real variance = finite_count > 1u ? squares / static_cast<Real>(finite_count - 1u) : static_cast<Real>(0);
      if (variance > static_cast<Real>(0) && math::is_finite(variance)) scale_ = math::sqrt(variance);
      const std::uint64_t remaining = options.max_calls - calls_;
      const Real ratio =
          remaining > 0u ? math::exp(math::log(options.final_temperature_fraction) / static_cast<Real>(remaining))
                         : static_cast<Real>(1);
      cooling_ = schedule<Real>::geometric(scale_, ratio);
    } else {
      cooling_ = options.temperature;
    }
    initialized_ = true;
    return status::ok;
  }

  Real temperature_at(std::uint64_t n) const noexcept {
    const Real t = cooling_(n);
    return t > static_cast<Real>(0) && math::is_finite(t) ? t : static_cast<Real>(0);
  }

  Real propose(std::size_t i) noexcept {
    const Real side = bounds_.upper[i] - bounds_.lower[i];
    Real z = normal<Real>(generator_);
    if (options_.proposal == proposal_kind::cauchy) {
      Real denominator = normal<Real>(generator_);
      const Real two = static_cast<Real>(2);
      if (denominator == static_cast<Real>(0)) denominator = std::numeric_limits<Real>::min();
      z = z / denominator;
      const Real limit = two / step_;
      if (z > limit) z = limit;
      if (z < -limit) z = -limit;
    }
    return reflect(x_[i] + step_ * side * z, bounds_.lower[i], bounds_.upper[i]);
  }

#if LANGEVIN_SOFT_DOUBLE
  // The pieces of step() on software-double targets (see step()); the same arithmetic as
  // step(), propose() and the Metropolis test there (keep them in step; the golden hashes
  // on the Cortex-M ports pin it).
  [[gnu::noinline]] Real temperature_out_of_line(std::uint64_t n) const noexcept { return temperature_at(n); }

  /// candidate[i] = propose(i) for every i: the draws (and the cauchy ratio) of each
  /// coordinate here, the rest in propose_from_out_of_line, so the draws run below a small
  /// frame.
  [[gnu::noinline]] void propose_out_of_line(vector_type& candidate) noexcept {
    for (std::size_t i = 0; i < N; ++i) {
      Real z = normal<Real>(generator_);
      if (options_.proposal == proposal_kind::cauchy) {
        Real denominator = normal<Real>(generator_);
        if (denominator == static_cast<Real>(0)) denominator = std::numeric_limits<Real>::min();
        z = z / denominator;
      }
      candidate[i] = propose_from_out_of_line(i, z);
    }
  }

  /// The rest of propose(i) from z (for cauchy proposals, the ratio of the two draws).
  [[gnu::noinline]] Real propose_from_out_of_line(std::size_t i, Real z) noexcept {
    const Real side = bounds_.upper[i] - bounds_.lower[i];
    if (options_.proposal == proposal_kind::cauchy) {
      const Real two = static_cast<Real>(2);
      const Real limit = two / step_;
      if (z > limit) z = limit;
      if (z < -limit) z = -limit;
    }
    return reflect(x_[i] + step_ * side * z, bounds_.lower[i], bounds_.upper[i]);
  }

  /// The rest of step() once f has been called at `candidate`.
  [[gnu::noinline]] step_result<Real> conclude_out_of_line(const vector_type& candidate, Real value,
                                                           Real temperature) noexcept {
    ++calls_;
    ++proposals_;
    if (!math::is_finite(value)) {
      adapt(false);
      return {status::non_finite, value};
    }
    bool accept = value <= value_;
    if (!accept && temperature > Real(0)) {
      accept = uniform<Real>(generator_) < math::exp(-(value - value_) / temperature);
    }
    adapt(accept);
    if (accept) {
      ++accepted_;
      x_ = candidate;
      value_ = value;
      if (value < best_value_) {
        best_value_ = value;
        best_ = candidate;
      }
    }
    return {status::ok, value};
  }
#endif

  static Real reflect(Real y, Real lower, Real upper) noexcept {
    for (int bounce = 0; bounce < 4 && (y < lower || y > upper); ++bounce) {
      y = y < lower ? lower + (lower - y) : upper - (y - upper);
    }
    if (y < lower) y = lower;
    if (y > upper) y = upper;
    return y;
  }

  void adapt(bool accepted) noexcept {
    const Real gain = options_.adaptation_rate;
    if (!(gain > static_cast<Real>(0))) return;
    const Real target = options_.target_acceptance;
    step_ *= accepted ? static_cast<Real>(1) + gain * (static_cast<Real>(1) - target) : static_cast<Real>(1) - gain * target;
    if (step_ < options_.min_step) step_ = options_.min_step;
    if (step_ > options_.max_step) step_ = options_.max_step;
  }

  box<Real, N> bounds_{};
  options_type options_{};
  schedule<Real> cooling_ = schedule<Real>::constant(static_cast<Real>(0));
  pcg32 generator_{};
  vector_type x_{};
  vector_type best_{};
  Real value_ = static_cast<Real>(0);
  Real best_value_ = std::numeric_limits<Real>::infinity();
  Real scale_ = static_cast<Real>(1);
  Real step_ = static_cast<Real>(0.1);
  std::uint64_t calls_ = 0u;
  std::uint64_t proposals_ = 0u;
  std::uint64_t accepted_ = 0u;
  bool initialized_ = false;
};

/// Simulated annealing of `f` on `bounds`: runs `simulated_annealer` until
/// `options.max_calls` calls are spent (or a value <= `options.target_value` is found) and
/// returns, as `minimize` does, the lowest point evaluated with status ok; or
/// {x = 0, value NaN, calls 0, invalid_argument} for bad input (no call made); or
/// {x = 0, value +infinity, calls spent, non_finite} if no initial sample was finite.
template <class Real, std::size_t N, class Problem>
minimize_result<Real, N> simulated_annealing(Problem&& f, const box<Real, N>& bounds,
                                             const simulated_annealing_options<Real>& options) noexcept {
  simulated_annealer<Real, N> annealer;
  const status verdict = annealer.init(f, bounds, options);
  if (verdict != status::ok) {
    const Real value = verdict == status::non_finite ? std::numeric_limits<Real>::infinity()
                                                     : std::numeric_limits<Real>::quiet_NaN();
    return {std::array<Real, N>{}, value, annealer.calls(), verdict};
  }
  annealer.run(f);
  return annealer.result();
}

}  // namespace langevin

#endif
