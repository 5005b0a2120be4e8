/// \file
/// Replica exchange (parallel tempering): R copies of one of the library's Langevin
/// steppers run at the temperatures of a ladder T_0 < T_1 < ... < T_{R-1} (geometric by
/// default), and neighbours on the ladder exchange temperatures by the Metropolis rule.
///
/// Why: at a low temperature a single chain crosses a barrier of height dE about once per
/// exp(dE / T) time units (Kramers), so it can stay in one well for the whole run. The hot
/// replicas cross freely, and the exchanges carry their configurations down the ladder,
/// so the coldest replica samples exp(-E / T_0) across all wells.
///
/// The exchange move. Replicas with configurations x_a at temperature T_k and x_b at
/// T_{k+1} swap temperatures with probability
///     min(1, exp((1/T_k - 1/T_{k+1}) (E(x_a) - E(x_b)))),
/// which keeps the product law prod_k exp(-E(x at level k) / T_k) stationary (detailed
/// balance of the swap; the stepper's moves keep each factor). Rounds are deterministic:
/// every `swap_interval` steps, alternately the even pairs (0,1), (2,3), ... and the odd
/// pairs (1,2), (3,4), ... (the deterministic even/odd scheme, whose replicas travel the
/// ladder ballistically rather than diffusively). The underdamped stepper's momenta are
/// rescaled by sqrt(T_new / T_old) on an exchange, which keeps their Maxwell law, so the
/// rule needs only potential energies.
///
/// Readings: the swap acceptance of each neighbour pair, and round trips: a replica's
/// journey from the bottom of the ladder (T_0) to the top (T_{R-1}) and back, the
/// measure of how fast information crosses the ladder.
///
/// Verbs as the steppers': init(options) (or init(options, ladder)), place(x), step(problem,
/// rng), run(problem, rng, count), current(), and checkpoints through checkpoint.hpp (family
/// 0x0050). step() runs all R replicas in one call; step_level() and end_step() are its
/// pieces, for firmware that wants each call's stack bounded by one stepper step. The
/// exchange logic is written once per scalar type over a run-time replica count
/// (detail::exchange_*), its state and run()'s control flow once per (scalar type, R)
/// (detail::exchange_levels); replica_exchange<Stepper, R> owns the replicas and does only
/// the work that calls the stepper or the problem.
#ifndef LANGEVIN_DYNAMICS_REPLICA_EXCHANGE_HPP
#define LANGEVIN_DYNAMICS_REPLICA_EXCHANGE_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "../config.hpp"
#include "../checkpoint.hpp"
#include "../detail/checkpoint_io.hpp"
#include "../detail/phase.hpp"
#include "../field.hpp"
#include "../math.hpp"
#include "../problem.hpp"
#include "../random/uniform.hpp"
#include "../status.hpp"
#include "overdamped.hpp"
#include "underdamped.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

/// What replica_exchange needs to know about a stepper. Defined for euler_maruyama,
/// leimkuhler_matthews and baoab.
template <class Stepper>
struct replica_stepper_traits;

template <class Real, std::size_t N>
struct replica_stepper_traits<euler_maruyama<Real, N>> {
  static constexpr bool has_momentum = false;
  /// Leading payload bytes of a saved stepper that hold its options (time step, friction).
  static constexpr std::size_t options_bytes = offsetof(detail::overdamped_core<Real>, steps);
  static status place(euler_maruyama<Real, N>& s, const std::array<Real, N>& x) noexcept { return s.place(x); }
};

template <class Real, std::size_t N>
struct replica_stepper_traits<leimkuhler_matthews<Real, N>> {
  static constexpr bool has_momentum = false;
  static constexpr std::size_t options_bytes = offsetof(detail::overdamped_core<Real>, steps);
  static status place(leimkuhler_matthews<Real, N>& s, const std::array<Real, N>& x) noexcept { return s.place(x); }
};

template <class Real, std::size_t N>
struct replica_stepper_traits<baoab<Real, N>> {
  /// Momenta are rescaled on an exchange.
  static constexpr bool has_momentum = true;
  /// Time step, mass, friction and the two O-step constants.
  static constexpr std::size_t options_bytes = offsetof(detail::baoab_core<Real>, energy);
  /// At rest: zero momentum.
  static status place(baoab<Real, N>& s, const std::array<Real, N>& x) noexcept { return s.place(x, {}); }
  /// Momentum times `factor` (its force is evaluated again by the next step). False, and
  /// nothing changes, if a product overflows.
  [[gnu::noinline]] static bool rescale_momentum(baoab<Real, N>& s, Real factor) noexcept {
    std::array<Real, N> p = s.momentum();
    for (Real& value : p) value *= factor;
    const std::array<Real, N> q = s.current();
    return s.place(q, p) == status::ok;
  }
};

/// Parameters of replica_exchange. An aggregate; the defaults are valid.
template <class Real, class StepperOptions = overdamped_options<Real>>
struct replica_exchange_options {
  /// Every replica's stepper options (overdamped_options or underdamped_options).
  StepperOptions stepper{};
  /// T_0, the coldest temperature (the one sampled for the caller), energy units: finite, > 0,
  /// with 1 / T_0 finite.
  Real lowest_temperature = Real(1);
  /// T_{R-1}, the hottest: finite, > lowest_temperature, with T_{R-1} / T_0 finite (a
  /// wider ladder than the format's range has no finite geometric levels; a ladder given to
  /// init() may still span it). The default ladder is geometric:
  /// T_k = T_0 (T_{R-1} / T_0)^(k / (R - 1)).
  Real highest_temperature = Real(10);
  /// Steps between exchange rounds, >= 1 (and < 2^32). Each round costs one problem call per
  /// replica in its pairs.
  std::uint32_t swap_interval = 10u;

  /// field::none if valid, else the first wrong field: the stepper's own (time_step,
  /// friction, mass), lowest_temperature, highest_temperature, swap_interval.
  field validate() const noexcept {
    const field wrong = stepper.validate();
    if (wrong != field::none) return wrong;
    if (!(math::is_finite(lowest_temperature) && lowest_temperature > Real(0) &&
          math::is_finite(Real(1) / lowest_temperature))) {
      return field::lowest_temperature;
    }
    if (!(math::is_finite(highest_temperature) && highest_temperature > lowest_temperature &&
          math::is_finite(highest_temperature / lowest_temperature))) {
      return field::highest_temperature;
    }
    if (swap_interval == 0u) return field::swap_interval;
    return field::none;
  }
};

namespace detail {

/// The scalars of a replica exchange. Every byte is a field; the defaults are those of an
/// object never initialised.
template <class Real>
struct exchange_core {
  std::uint64_t steps = 0u;        ///< steps since init() / place()
  std::uint64_t rounds = 0u;       ///< exchange rounds since init() / place(); even: even pairs next
  std::uint64_t round_trips = 0u;  ///< bottom -> top -> bottom journeys completed since init() / place()
  Real lowest = Real(0);           ///< T_0 (0 until init())
  Real highest = Real(0);          ///< T_{R-1}
  std::uint32_t swap_interval = 10u;
  std::uint8_t initialized = 0u;
  std::uint8_t reserved[3] = {};
};
static_assert(sizeof(exchange_core<float>) == 40u && sizeof(exchange_core<double>) == 48u,
              "exchange_core has no padding");

/// A replica's last visit to an end of the ladder (for round trips).
enum : std::uint8_t {
  exchange_label_none = 0u,        ///< neither end visited yet
  exchange_label_up = 1u,          ///< the bottom, last
  exchange_label_down = 2u,        ///< the top, last, after the bottom: its return completes a round trip
  exchange_label_down_first = 3u,  ///< the top, without the bottom before
};

/// The arrays of a replica exchange over `replicas` levels (size-erased).
template <class Real>
struct exchange_arrays {
  Real* temperatures;           ///< T_k by level, increasing
  std::uint8_t* replica_at;     ///< replica_at[k]: the replica at level k (a permutation)
  std::uint8_t* labels;         ///< by replica
  std::uint64_t* attempts;      ///< by pair (k, k + 1), replicas - 1 of them
  std::uint64_t* accepts;
  const Real* energies;         ///< by replica: E at its position (this round's pairs)
  std::uint8_t* swapped;        ///< by pair: exchanged in this round
  std::size_t replicas;
};

/// True if `t`, the temperature above `below` (0 for the lowest), can be a level: finite,
/// above `below`, and with 1 / t finite (the exchange rule uses 1 / T_k - 1 / T_{k+1}; an
/// infinite reciprocal turns it into NaN, and the pair would never exchange).
template <class Real>
bool exchange_level_valid(Real t, Real below) noexcept {
  return math::is_finite(t) && t > below && math::is_finite(Real(1) / t);
}

/// True if `ladder` holds `replicas` levels: each exchange_level_valid above the one before
/// (finite, > 0, strictly increasing, finite reciprocals).
template <class Real>
bool exchange_ladder_valid(const Real* ladder, std::size_t replicas) noexcept {
  Real below = Real(0);
  for (std::size_t k = 0; k < replicas; ++k) {
    if (!exchange_level_valid(ladder[k], below)) return false;
    below = ladder[k];
  }
  return true;
}

/// Level k of the geometric ladder T_0 (T_{R-1} / T_0)^(k / (R - 1)), exact at both ends
/// (options' validate() makes T_{R-1} / T_0 finite).
template <class Real>
Real exchange_geometric_level(Real lowest, Real highest, std::size_t k, std::size_t replicas) noexcept {
  if (k == 0u) return lowest;
  if (k + 1u == replicas) return highest;
  return lowest * math::pow(highest / lowest, static_cast<Real>(k) / static_cast<Real>(replicas - 1u));
}

/// The geometric ladder into `temperatures` if its levels strictly increase (rounding can
/// make neighbours equal when the ends are a few ulps apart); false, writing nothing, if
/// not. Valid options make every level finite with a finite reciprocal (each lies between
/// T_0 and T_{R-1}). Work: 2 (R - 2) pow calls.
template <class Real>
[[gnu::noinline]] bool exchange_geometric_ladder(Real* temperatures, std::size_t replicas, Real lowest,
                                                 Real highest) noexcept {
  Real below = lowest;
  for (std::size_t k = 1; k < replicas; ++k) {
    const Real t = exchange_geometric_level(lowest, highest, k, replicas);
    if (!(t > below)) return false;
    below = t;
  }
  for (std::size_t k = 0; k < replicas; ++k) temperatures[k] = exchange_geometric_level(lowest, highest, k, replicas);
  return true;
}

/// Counters to 0, replica k at level k, the bottom replica labelled up and the top one
/// down_first.
template <class Real>
[[gnu::noinline]] void exchange_restart(exchange_core<Real>& core, const exchange_arrays<Real>& a) noexcept {
  core.steps = 0u;
  core.rounds = 0u;
  core.round_trips = 0u;
  for (std::size_t k = 0; k < a.replicas; ++k) {
    a.replica_at[k] = static_cast<std::uint8_t>(k);
    a.labels[k] = exchange_label_none;
  }
  for (std::size_t k = 0; k + 1u < a.replicas; ++k) {
    a.attempts[k] = 0u;
    a.accepts[k] = 0u;
  }
  a.labels[0] = exchange_label_up;
  a.labels[a.replicas - 1u] = exchange_label_down_first;
}

/// init(): the ladder (`ladder`, valid, or the geometric one if null), the interval, and a
/// restart; false, changing nothing, if the geometric ladder has invalid levels.
template <class Real>
[[gnu::noinline]] bool exchange_start(exchange_core<Real>& core, const exchange_arrays<Real>& a, const Real* ladder,
                                      Real lowest, Real highest, std::uint32_t swap_interval) noexcept {
  if (ladder != nullptr) {
    for (std::size_t k = 0; k < a.replicas; ++k) a.temperatures[k] = ladder[k];
  } else if (!exchange_geometric_ladder(a.temperatures, a.replicas, lowest, highest)) {
    return false;
  }
  core.lowest = a.temperatures[0];
  core.highest = a.temperatures[a.replicas - 1u];
  core.swap_interval = swap_interval;
  core.initialized = 1u;
  exchange_restart(core, a);
  return true;
}

/// Counts a step; true if an exchange round is due after it (every swap_interval-th step).
/// The count stops at 2^64 - 1, with no more rounds (only a forged checkpoint gets there:
/// a wrapped count would make a state whose checkpoint the class refuses).
template <class Real>
[[gnu::noinline]] bool exchange_count_step(exchange_core<Real>& core) noexcept {
  if (core.steps == std::numeric_limits<std::uint64_t>::max()) return false;
  ++core.steps;
  return core.steps % core.swap_interval == 0u;
}

/// First level of the pairs of the next round: 0 (even pairs) or 1 (odd pairs).
template <class Real>
std::size_t exchange_parity(const exchange_core<Real>& core) noexcept {
  return static_cast<std::size_t>(core.rounds & 1u);
}

/// One round: each pair (k, k + 1) of this round's parity, with the energies of its two
/// replicas in a.energies, exchanges by the Metropolis rule (a uniform draw only when the
/// acceptance is below 1); then the ends of the ladder update the labels and count round
/// trips. a.swapped[k] says which pairs exchanged.
template <class Real, class Rng>
[[gnu::noinline]] void exchange_round(exchange_core<Real>& core, const exchange_arrays<Real>& a, Rng& rng) noexcept {
  for (std::size_t k = 0; k + 1u < a.replicas; ++k) a.swapped[k] = 0u;
  for (std::size_t k = exchange_parity(core); k + 1u < a.replicas; k += 2u) {
    const std::uint8_t lower = a.replica_at[k];
    const std::uint8_t upper = a.replica_at[k + 1u];
    const Real log_acceptance = (Real(1) / a.temperatures[k] - Real(1) / a.temperatures[k + 1u]) *
                                (a.energies[lower] - a.energies[upper]);
    ++a.attempts[k];
    const bool accept = log_acceptance >= Real(0) || uniform<Real>(rng) < math::exp(log_acceptance);
    if (!accept) continue;
    a.replica_at[k] = upper;
    a.replica_at[k + 1u] = lower;
    a.swapped[k] = 1u;
    ++a.accepts[k];
  }
  ++core.rounds;
  std::uint8_t& bottom = a.labels[a.replica_at[0]];
  if (bottom == exchange_label_down) ++core.round_trips;
  bottom = exchange_label_up;
  std::uint8_t& top = a.labels[a.replica_at[a.replicas - 1u]];
  if (top == exchange_label_up) top = exchange_label_down;
  if (top == exchange_label_none) top = exchange_label_down_first;
}

/// The factors of a momentum sent up and down between two levels: sqrt(T_high / T_low) and
/// its reciprocal.
template <class Real>
struct exchange_factors {
  Real up;
  Real down;
};
/// The factors between levels `low` < `high` (out of line: the square root is emulated on
/// some cores). Where the ratio overflows (an explicit ladder may span more than the
/// format's range), quotients of square roots, finite for any valid ladder (its levels'
/// reciprocals are finite); elsewhere from the ratio, as always.
template <class Real>
[[gnu::noinline]] exchange_factors<Real> exchange_rescale_factors(Real low, Real high) noexcept {
  const Real ratio = high / low;
  if (LANGEVIN_LIKELY(math::is_finite(ratio))) {
    const Real up = math::sqrt(ratio);
    return {up, Real(1) / up};
  }
  const Real root_low = math::sqrt(low);
  const Real root_high = math::sqrt(high);
  return {root_high / root_low, root_low / root_high};
}

/// Attempts of pair k after `rounds` rounds: rounds of its parity, ceil(rounds / 2) for
/// even k and floor(rounds / 2) for odd k (without overflow at rounds = 2^64 - 1).
inline std::uint64_t exchange_expected_attempts(std::uint64_t rounds, std::size_t k) noexcept {
  if (k % 2u != 0u) return rounds / 2u;
  return rounds == std::numeric_limits<std::uint64_t>::max() ? rounds / 2u + 1u : (rounds + 1u) / 2u;
}

/// The saved scalars and arrays of a replica exchange over `replicas` levels, from the
/// payload's start (the steppers are checked apart): reserved bytes 0, a flag 0 or 1; never initialised: the start values
/// and all arrays zero; else an interval >= 1, at most steps / interval rounds and no more
/// round trips than rounds, a ladder of finite positive increasing temperatures from
/// `lowest` to `highest`, a permutation of levels, labels 0..3 with the bottom replica up
/// and the top one down or down_first, and per pair exactly the attempts of its parity with
/// at most as many accepts.
template <class Real>
[[gnu::noinline]] bool saved_exchange_valid(checkpoint_reader in, std::size_t replicas) noexcept {
  const auto core = in.get<exchange_core<Real>>();
  const checkpoint_reader temperatures = in.take<Real>(replicas);
  const checkpoint_reader replica_at = in.take<std::uint8_t>(replicas);
  const checkpoint_reader labels = in.take<std::uint8_t>(replicas);
  const checkpoint_reader attempts = in.take<std::uint64_t>(replicas - 1u);
  const checkpoint_reader accepts = in.take<std::uint64_t>(replicas - 1u);
  for (const std::uint8_t byte : core.reserved) {
    if (byte != 0u) return false;
  }
  if (core.initialized > 1u) return false;
  if (core.initialized == 0u) {
    if (core.steps != 0u || core.rounds != 0u || core.round_trips != 0u || !math::same(core.lowest, Real(0)) ||
        !math::same(core.highest, Real(0)) || core.swap_interval != exchange_core<Real>{}.swap_interval) {
      return false;
    }
    for (std::size_t k = 0; k < replicas; ++k) {
      if (!math::same(temperatures.at<Real>(k), Real(0)) || replica_at.at<std::uint8_t>(k) != 0u ||
          labels.at<std::uint8_t>(k) != 0u) {
        return false;
      }
    }
    for (std::size_t k = 0; k + 1u < replicas; ++k) {
      if (attempts.at<std::uint64_t>(k) != 0u || accepts.at<std::uint64_t>(k) != 0u) return false;
    }
    return true;
  }
  if (core.swap_interval == 0u || core.rounds > core.steps / core.swap_interval || core.round_trips > core.rounds) {
    return false;
  }
  Real previous = Real(0);
  for (std::size_t k = 0; k < replicas; ++k) {
    const Real t = temperatures.at<Real>(k);
    if (!exchange_level_valid(t, previous)) return false;
    previous = t;
  }
  if (!math::same(temperatures.at<Real>(0), core.lowest) || !math::same(temperatures.at<Real>(replicas - 1u), core.highest)) return false;
  std::uint32_t seen[8] = {};  // replicas <= 255
  for (std::size_t k = 0; k < replicas; ++k) {
    const std::uint8_t r = replica_at.at<std::uint8_t>(k);
    if (r >= replicas || (seen[r / 32u] & (1u << (r % 32u))) != 0u) return false;
    seen[r / 32u] |= 1u << (r % 32u);
    if (labels.at<std::uint8_t>(k) > exchange_label_down_first) return false;
  }
  if (labels.at<std::uint8_t>(replica_at.at<std::uint8_t>(0)) != exchange_label_up) return false;
  const std::uint8_t top = labels.at<std::uint8_t>(replica_at.at<std::uint8_t>(replicas - 1u));
  if (top != exchange_label_down && top != exchange_label_down_first) return false;
  for (std::size_t k = 0; k + 1u < replicas; ++k) {
    const std::uint64_t tried = attempts.at<std::uint64_t>(k);
    if (tried != exchange_expected_attempts(core.rounds, k) || accepts.at<std::uint64_t>(k) > tried) return false;
  }
  return true;
}

/// What run() asks its sized class to do next (exchange_levels::advance()): the work that
/// calls the stepper or the problem. exchange_levels does the rest.
enum class exchange_task : std::uint8_t {
  step_level,       ///< the replica at progress.level steps at T_level; its result into progress.stepped
  evaluate_energy,  ///< E of the replica at progress.level into the round's energies
  rescale_momenta,  ///< after a round, the exchanged replicas' momenta (steppers that have them)
  finished,         ///< the run is over: its result is progress.run
};

/// Where a run is between two tasks.
enum class exchange_stage : std::uint8_t {
  between_steps,  ///< the next task starts a step (or ends the run)
  levels,         ///< a step_level task was asked for
  energies,       ///< an evaluate_energy task was asked for
  momenta,        ///< the rescale_momenta task was asked for
};

/// The progress of run() (exchange_levels::start_run(), advance()).
template <class Real>
struct exchange_progress {
  run_result<Real> run;       ///< the run so far, counted as run_steps() counts it
  std::uint64_t count;        ///< steps asked for
  std::size_t level;          ///< the level of the task asked for
  step_result<Real> stepped;  ///< the result of the last step_level task
  status outcome;             ///< this step's first failed level (or momentum rescaling), ok if none
  exchange_stage stage;       ///< which task was asked for
  Real coldest;               ///< the value of this step's level 0
};

/// The part of a replica exchange over R levels that does not depend on the stepper: the
/// scalars, the ladder, the level permutation, the labels, the pair counters and the
/// scratch of a round. Its functions depend on (Real, R) only, so every stepper and every
/// size N of one scalar type share one copy; they build the size-erased view (arrays()) per
/// call and run the exchange_* functions above, written once per scalar type. Holds no
/// pointer: the sized class derives from it and stays trivially copyable.
template <class Real, std::size_t R>
class exchange_levels {
 protected:
  /// init()'s part here: false (no change) unless options.validate() is field::none, else
  /// exchange_start() over these arrays with `ladder` (or the geometric one if null).
  template <class Options>
  [[gnu::noinline]] bool start_levels(const Options& options, const Real* ladder) noexcept {
    if (options.validate() != field::none) return false;
    return exchange_start(core_, arrays(), ladder, options.lowest_temperature, options.highest_temperature,
                          options.swap_interval);
  }

  /// place(): exchange_restart() over these arrays.
  [[gnu::noinline]] void restart_levels() noexcept { exchange_restart(core_, arrays()); }

  /// A run of `count` steps, before its first task.
  [[gnu::noinline]] static exchange_progress<Real> start_run(std::uint64_t count) noexcept {
    return {{status::ok, 0u, std::numeric_limits<Real>::quiet_NaN()}, count, 0u, {status::ok, Real(0)},
            status::ok, exchange_stage::between_steps, Real(0)};
  }

  /// run()'s control flow, one copy for every stepper and size N: takes the result of the
  /// task last asked for (in `p`) and returns the next one. The operations and their order
  /// are those of step() repeated by run_steps(): levels 0..R-1, then the step counted and,
  /// when due, the round (the energies of its pairs level by level, the finite check, the
  /// Metropolis decisions, the momenta).
  template <class Rng>
  [[gnu::noinline]] exchange_task advance(exchange_progress<Real>& p, Rng& rng) noexcept {
    switch (p.stage) {
      case exchange_stage::levels:
        return after_level(p, rng);
      case exchange_stage::energies:
        ++p.level;
        return next_energy(p, rng);
      case exchange_stage::momenta:
        return end_run_step(p, status::ok);
      case exchange_stage::between_steps:
        break;
    }
    return start_run_step(p);
  }

  /// One past the last level in this round's pairs: the levels [exchange_parity(),
  /// round_end()) are those whose replicas need an energy (every level of a pair, in order).
  [[gnu::noinline]] std::size_t round_end() const noexcept {
    const std::size_t first = exchange_parity(core_);
    return first + ((R - first) & ~std::size_t{1});
  }

  /// True if the energies of the replicas at the levels of this round's pairs are finite.
  [[gnu::noinline]] bool round_energies_finite() const noexcept {
    bool finite = true;
    for (std::size_t level = exchange_parity(core_); level < round_end(); ++level) {
      finite &= math::is_finite(energies_[replica_at_[level]]);
    }
    return finite;
  }

  /// The next step of a run: finished once a step failed or `count` were taken; one failed
  /// step (invalid_argument, value NaN) before init(); else its level 0.
  exchange_task start_run_step(exchange_progress<Real>& p) noexcept {
    if (!(p.run.status == status::ok && p.run.steps < p.count)) return exchange_task::finished;
    if (core_.initialized == 0u) {
      ++p.run.steps;
      p.run.status = status::invalid_argument;
      p.run.value = std::numeric_limits<Real>::quiet_NaN();
      return exchange_task::finished;
    }
    p.stage = exchange_stage::levels;
    p.level = 0u;
    p.outcome = status::ok;
    return exchange_task::step_level;
  }

  /// After a level's step: its value (level 0) and status kept; the next level, or the step
  /// counted and, if a round is due, its first energy.
  template <class Rng>
  exchange_task after_level(exchange_progress<Real>& p, Rng& rng) noexcept {
    if (p.level == 0u) p.coldest = p.stepped.value;
    if (p.outcome == status::ok) p.outcome = p.stepped.status;
    if (++p.level < R) return exchange_task::step_level;
    if (!exchange_count_step(core_)) return end_run_step(p, status::ok);
    p.stage = exchange_stage::energies;
    p.level = exchange_parity(core_);
    return next_energy(p, rng);
  }

  /// The energy at p.level if the round needs it, else the round: non_finite (skipped)
  /// unless its energies are finite, else the Metropolis decisions and the momenta.
  template <class Rng>
  exchange_task next_energy(exchange_progress<Real>& p, Rng& rng) noexcept {
    if (p.level < round_end()) return exchange_task::evaluate_energy;
    if (!round_energies_finite()) return end_run_step(p, status::non_finite);
    exchange_round(core_, arrays(), rng);
    p.stage = exchange_stage::momenta;
    return exchange_task::rescale_momenta;
  }

  /// A step of the run ends with end_step()'s status `ended`: counted, with step()'s result.
  exchange_task end_run_step(exchange_progress<Real>& p, status ended) noexcept {
    ++p.run.steps;
    p.run.value = p.coldest;
    p.run.status = p.outcome != status::ok ? p.outcome : ended;
    return start_run_step(p);
  }

  /// The size-erased view of these arrays (out of line: built by one copy of the code, in
  /// the caller's frame).
  [[gnu::noinline]] exchange_arrays<Real> arrays() noexcept {
    return {temperatures_.data(), replica_at_.data(), labels_.data(), attempts_.data(), accepts_.data(),
            energies_.data(), swapped_.data(), R};
  }

  exchange_core<Real> core_{};
  std::array<Real, R> temperatures_{};
  std::array<std::uint8_t, R> replica_at_{};
  std::array<std::uint8_t, R> labels_{};
  std::array<std::uint64_t, R - 1u> attempts_{};
  std::array<std::uint64_t, R - 1u> accepts_{};
  // Scratch of a round, not saved.
  std::array<Real, R> energies_{};
  std::array<std::uint8_t, R - 1u> swapped_{};
};

}  // namespace detail

/// Replica exchange over R replicas of `Stepper` (euler_maruyama<Real, N>,
/// leimkuhler_matthews<Real, N> or baoab<Real, N>), 2 <= R <= 255.
///
/// State: the R steppers, the ladder (R Reals), the level permutation and round-trip labels
/// (R bytes each), per-pair attempts and accepts (2 (R - 1) 64-bit counters) and 40-48 bytes
/// of scalars; scratch of R energies, R - 1 swap flags and one gradient. Trivially copyable,
/// no heap, no pointers. Usage:
///   replica_exchange<leimkuhler_matthews<float, 1>, 8> pt;
///   replica_exchange_options<float> o;  o.lowest_temperature = 0.1f;  o.highest_temperature = 2.0f;
///   pt.init(o);  pt.place({1.0f});
///   pt.run(problem, rng, 100000);   // pt.current(): the coldest replica
///
/// Work per step: R stepper steps (R problem calls, R N normal draws; a stepper's first
/// step after place() costs what it documents: Leimkuhler-Matthews 2N draws, baoab two
/// problem calls); every swap_interval steps a round of floor(R / 2) or floor((R - 1) / 2)
/// exchange attempts, each one exp, at most one uniform draw and one problem call per
/// replica in them (baoab: an exchanged replica's momentum is rescaled through its
/// place(), so its next step evaluates its force again and its own steps() restarts at 0).
/// Stack (Cortex-M4/M3, -O3, 2 coordinates, R = 4): step_level() 120-256 B, one stepper
/// step plus 8-56 B (264 B over double Leimkuhler-Matthews replicas on the M3, whose own
/// step takes 256 B there), end_step() 104-216 B, step() 248-328 B; restore 208-240 B.
template <class Stepper, std::size_t R>
class replica_exchange : private detail::exchange_levels<typename Stepper::real_type, R> {
  static_assert(R >= 2u && R <= 255u, "2 to 255 replicas");
  using traits = replica_stepper_traits<Stepper>;
  using levels = detail::exchange_levels<typename Stepper::real_type, R>;
  using levels::core_;
  using levels::temperatures_;
  using levels::replica_at_;
  using levels::labels_;
  using levels::attempts_;
  using levels::accepts_;
  using levels::energies_;
  using levels::swapped_;

 public:
  using stepper_type = Stepper;
  using real_type = typename Stepper::real_type;
  using point_type = typename Stepper::point_type;
  using options_type = replica_exchange_options<real_type, typename Stepper::options_type>;
  static constexpr std::size_t replica_count = R;
  using ladder_type = std::array<real_type, R>;

  /// Initialises every replica's stepper with options.stepper, builds the geometric ladder
  /// from lowest_temperature to highest_temperature, puts replica k at level k and zeroes
  /// the counters. The replicas' positions are kept (place() sets them). invalid_argument,
  /// changing nothing, unless options.validate() is field::none and every level is valid
  /// (finite, strictly increasing, with a finite reciprocal: between two temperatures a few
  /// ulps apart rounding can make neighbours equal). Work: O(R) pow calls.
  status init(const options_type& options) noexcept { return start(options, nullptr); }

  /// As init(options), with the ladder `temperatures` (finite, > 0, strictly increasing,
  /// each 1 / T_k finite) instead of the geometric one; options.lowest/highest_temperature
  /// are not used but must still be valid. invalid_argument (no change) for a bad ladder.
  status init(const options_type& options, const ladder_type& temperatures) noexcept {
    if (!detail::exchange_ladder_valid(temperatures.data(), R)) return status::invalid_argument;
    return start(options, temperatures.data());
  }

  /// Places every replica at `x` (at rest for baoab) and, once initialised, restarts the
  /// exchange: replica k at level k, counters zero. invalid_argument (no change) unless
  /// every element of x is finite.
  status place(const point_type& x) noexcept {
    for (const real_type value : x) {
      if (!math::is_finite(value)) return status::invalid_argument;
    }
    for (Stepper& replica : replicas_) static_cast<void>(traits::place(replica, x));
    if (core_.initialized != 0u) this->restart_levels();
    return status::ok;
  }

  /// One step: each replica takes one stepper step at its level's temperature (levels in
  /// order 0..R-1, all drawing from `rng`), then end_step(): every swap_interval-th step an
  /// exchange round. Returns {ok, value of the coldest replica's step} (the energy that
  /// stepper reports: at its starting point for the overdamped steppers, at the new point
  /// for baoab); {invalid_argument, NaN} before init() (no work); {non_finite, ...} if a
  /// replica's step failed (that replica is unchanged, the others have stepped, the step
  /// counts) or an energy of the round was not finite (the round is skipped). The same as
  /// step_level(problem, k, rng) for k = 0..R-1, then end_step(problem, rng).
  template <class Problem, class Rng>
  step_result<real_type> step(const Problem& problem, Rng& rng) noexcept {
    if (core_.initialized == 0u) return {status::invalid_argument, std::numeric_limits<real_type>::quiet_NaN()};
    const step_result<real_type> coldest = step_replica(problem, 0u, rng);
    status outcome = coldest.status;
    for (std::size_t level = 1; level < R; ++level) {
      const status stepped = step_replica(problem, level, rng).status;
      if (outcome == status::ok) outcome = stepped;
    }
    const status ended = end_initialized_step(problem, rng);
    return {outcome != status::ok ? outcome : ended, coldest.value};
  }

  /// The replica at `level` takes one stepper step at T_level: step() in pieces, for a
  /// caller that wants each call's stack bounded by one stepper step (the replica's own
  /// step; see the stepper). Returns that step's result; {invalid_argument, NaN} before
  /// init() or for level >= R. Call it for every level, then end_step(), to make one step.
  template <class Problem, class Rng>
  step_result<real_type> step_level(const Problem& problem, std::size_t level, Rng& rng) noexcept {
    if (__builtin_expect(core_.initialized == 0u || level >= R, 0)) return refused();
    return step_replica(problem, level, rng);
  }

  /// Ends a step: counts it and, every swap_interval-th step, runs an exchange round: the
  /// energies of the replicas in this round's pairs (one problem call each), then the
  /// Metropolis decisions (and, for baoab, the momentum rescaling). ok; invalid_argument
  /// before init() (no change); non_finite if an energy was not finite (the round is
  /// skipped, the step counted) or, for baoab, if an exchanged momentum times
  /// sqrt(T_new / T_old) overflows (the exchange stands; that replica keeps its momentum).
  template <class Problem, class Rng>
  status end_step(const Problem& problem, Rng& rng) noexcept {
    if (core_.initialized == 0u) return status::invalid_argument;
    return end_initialized_step(problem, rng);
  }

  /// Runs `count` steps; stops after the first step that is not ok. Returns {status of the
  /// last step (ok if all were), steps attempted, its value (NaN if none)}: step() repeated,
  /// with the same operations in the same order, but with the control flow in
  /// exchange_levels::advance() (one copy per scalar type and R, shared by every stepper and
  /// size N); this function only does the tasks that call the stepper or the problem.
  template <class Problem, class Rng>
  run_result<real_type> run(const Problem& problem, Rng& rng, std::uint64_t count) noexcept {
    detail::exchange_progress<real_type> progress = levels::start_run(count);
    for (;;) {
      switch (this->advance(progress, rng)) {
        case detail::exchange_task::step_level:
          progress.stepped = step_replica(problem, progress.level, rng);
          break;
        case detail::exchange_task::evaluate_energy:
          evaluate_energy(problem, progress.level);
          break;
        case detail::exchange_task::rescale_momenta:
          if constexpr (traits::has_momentum) {
            // step() reports the first failed level, else the round's status: the same here.
            const status rescaled = rescale_swapped();
            if (progress.outcome == status::ok) progress.outcome = rescaled;
          }
          break;
        case detail::exchange_task::finished:
          return progress.run;
      }
    }
  }

  /// The coldest replica's position (the sample of exp(-E / T_0)).
  const point_type& current() const noexcept { return replicas_[replica_at_[0]].current(); }
  /// The position of the replica at `level` (< R; level 0 if larger).
  const point_type& current(std::size_t level) const noexcept { return at_level(level).current(); }
  /// The stepper at `level` (< R; level 0 if larger).
  const Stepper& replica(std::size_t level) const noexcept { return at_level(level); }
  /// T_level (0 before init(); level < R).
  real_type temperature(std::size_t level) const noexcept { return level < R ? temperatures_[level] : real_type(0); }
  /// The ladder.
  const ladder_type& temperatures() const noexcept { return temperatures_; }
  /// Which replica (0..R-1) is at `level` now.
  std::size_t replica_at(std::size_t level) const noexcept { return level < R ? replica_at_[level] : 0u; }
  /// Exchanges attempted and accepted between levels k and k + 1 (k < R - 1) since init() /
  /// place(), and their ratio (NaN before the first attempt).
  std::uint64_t swap_attempts(std::size_t k) const noexcept { return k + 1u < R ? attempts_[k] : 0u; }
  std::uint64_t swaps_accepted(std::size_t k) const noexcept { return k + 1u < R ? accepts_[k] : 0u; }
  real_type swap_acceptance(std::size_t k) const noexcept {
    if (swap_attempts(k) == 0u) return std::numeric_limits<real_type>::quiet_NaN();
    return static_cast<real_type>(accepts_[k]) / static_cast<real_type>(attempts_[k]);
  }
  /// Completed round trips (bottom -> top -> bottom of the ladder, counted when a replica
  /// arrives back at the bottom) since init() / place().
  std::uint64_t round_trips() const noexcept { return core_.round_trips; }
  /// Steps and exchange rounds since init() / place().
  std::uint64_t steps() const noexcept { return core_.steps; }
  std::uint64_t swap_rounds() const noexcept { return core_.rounds; }
  /// The options given to init() (the stepper's from replica 0; the default options before).
  /// After init(options, ladder), the lowest and highest temperatures are the ladder's ends,
  /// which validate() refuses for a ladder wider than a geometric one may be.
  options_type options() const noexcept {
    options_type o;
    if (core_.initialized == 0u) return o;
    o.stepper = replicas_[0].options();
    o.lowest_temperature = core_.lowest;
    o.highest_temperature = core_.highest;
    o.swap_interval = core_.swap_interval;
    return o;
  }
  /// True after a successful init().
  bool initialized() const noexcept { return core_.initialized != 0u; }

 private:
  status start(const options_type& options, const real_type* ladder) noexcept {
    if (!this->start_levels(options, ladder)) return status::invalid_argument;
    for (Stepper& replica : replicas_) static_cast<void>(replica.init(options.stepper));
    return status::ok;
  }

  /// The replica at `level` (< R) takes one stepper step at T_level.
  template <class Problem, class Rng>
  step_result<real_type> step_replica(const Problem& problem, std::size_t level, Rng& rng) noexcept {
    return replicas_[replica_at_[level]].step(problem, temperatures_[level], rng);
  }

  /// end_step() once initialised: counts the step and runs the round if one is due.
  template <class Problem, class Rng>
  status end_initialized_step(const Problem& problem, Rng& rng) noexcept {
    if (!detail::exchange_count_step(core_)) return status::ok;
    if (!evaluate_round_energies(problem)) return status::non_finite;
    detail::exchange_round(core_, this->arrays(), rng);
    if constexpr (traits::has_momentum) return rescale_swapped();
    return status::ok;
  }

  [[gnu::noinline, gnu::cold]] static step_result<real_type> refused() noexcept {
    return {status::invalid_argument, std::numeric_limits<real_type>::quiet_NaN()};
  }

  const Stepper& at_level(std::size_t level) const noexcept { return replicas_[replica_at_[level < R ? level : 0u]]; }

  /// E at the position of each replica in this round's pairs, level by level (one problem
  /// call each, a phase of its own). False if one is not finite.
  template <class Problem>
  [[gnu::noinline]] bool evaluate_round_energies(const Problem& problem) noexcept {
    const std::size_t end = this->round_end();
    for (std::size_t level = detail::exchange_parity(core_); level < end; ++level) evaluate_energy(problem, level);
    return this->round_energies_finite();
  }

  /// E at the position of the replica at `level`, into energies_ (one problem call, a phase
  /// of its own).
  template <class Problem>
  void evaluate_energy(const Problem& problem, std::size_t level) noexcept {
    const std::uint8_t r = replica_at_[level];
    energies_[r] = detail::run_phase<real_type>(
        [](const Problem* p, const point_type* x, point_type* g) { return (*p)(*x, *g); }, &problem,
        &replicas_[r].current(), &gradient_);
  }

  /// After a round: the momenta of exchanged replicas times sqrt(T_new / T_old). Out of
  /// line, so that its frame is not part of end_step()'s. ok, or non_finite if a product
  /// overflowed (that replica keeps its momentum; the others are rescaled). The factors:
  /// detail::exchange_rescale_factors().
  [[gnu::noinline]] status rescale_swapped() noexcept {
    bool rescaled = true;
    for (std::size_t k = 0; k + 1u < R; ++k) {
      if (swapped_[k] == 0u) continue;
      const detail::exchange_factors<real_type> f = detail::exchange_rescale_factors(temperatures_[k], temperatures_[k + 1u]);
      rescaled &= traits::rescale_momentum(replicas_[replica_at_[k]], f.down);  // came down from k + 1
      rescaled &= traits::rescale_momentum(replicas_[replica_at_[k + 1u]], f.up);  // went up from k
    }
    return rescaled ? status::ok : status::non_finite;
  }

  friend struct checkpoint_access;
  static constexpr checkpoint_identity stepper_id = checkpoint_access::identity<Stepper>();
  static constexpr std::size_t stepper_payload = checkpoint_access::payload_size<Stepper>();
  static constexpr checkpoint_identity checkpoint_id{detail::checkpoint_kind<real_type>(0x0050u), 1u,
                                                     detail::checkpoint_shape(R, stepper_id.kind, stepper_id.version,
                                                                              stepper_id.shape)};
  static constexpr std::size_t checkpoint_payload_size =
      sizeof(detail::exchange_core<real_type>) + sizeof(ladder_type) + 2u * R + 2u * (R - 1u) * sizeof(std::uint64_t) +
      R * stepper_payload;
  /// Payload: core, ladder, level permutation, labels, attempts, accepts, then each
  /// replica's own payload in replica order.
  void checkpoint_save(detail::checkpoint_writer& out) const noexcept {
    out.put(core_);
    out.put(temperatures_);
    out.put(replica_at_);
    out.put(labels_);
    out.put(attempts_);
    out.put(accepts_);
    for (const Stepper& replica : replicas_) checkpoint_access::save(replica, out);
  }
  /// saved_exchange_valid(); every replica valid by its own rules; once initialised, every
  /// replica initialised (time step > 0) with the options of replica 0; before, none
  /// initialised.
  /// Payload offset of the first replica.
  static constexpr std::size_t replicas_offset = sizeof(detail::exchange_core<real_type>) + sizeof(ladder_type) +
                                                 2u * R + 2u * (R - 1u) * sizeof(std::uint64_t);
  static bool checkpoint_valid(detail::checkpoint_reader in) noexcept {
    return detail::saved_exchange_valid<real_type>(in, R) && replicas_valid(in);
  }
  /// Every replica valid by its own rules; initialised (time step > 0) exactly when the
  /// exchange is; the same options as replica 0.
  [[gnu::noinline]] static bool replicas_valid(detail::checkpoint_reader payload) noexcept {
    const bool initialized = payload.take_at<unsigned char>(offsetof(detail::exchange_core<real_type>, initialized))
                                 .at<std::uint8_t>(0u) != 0u;
    detail::checkpoint_reader in = payload.take_at<unsigned char>(replicas_offset);
    const detail::checkpoint_reader first = in;
    for (std::size_t r = 0; r < R; ++r) {
      const detail::checkpoint_reader replica = in.take<unsigned char>(stepper_payload);
      if (!replica_valid(replica)) return false;
      if ((replica.at<real_type>(0u) > real_type(0)) != initialized) return false;  // the time step
      for (std::size_t i = 0; i < traits::options_bytes; ++i) {
        if (replica.at<unsigned char>(i) != first.at<unsigned char>(i)) return false;
      }
    }
    return true;
  }
  /// One replica's own validation, in its own frame.
  [[gnu::noinline]] static bool replica_valid(detail::checkpoint_reader replica) noexcept {
    return checkpoint_access::valid<Stepper>(replica);
  }
  void checkpoint_load(detail::checkpoint_reader in) noexcept {
    in.get_to(core_);
    in.get_to(temperatures_);
    in.get_to(replica_at_);
    in.get_to(labels_);
    in.get_to(attempts_);
    in.get_to(accepts_);
    for (Stepper& replica : replicas_) {
      checkpoint_access::load(replica, in);
      in.skip(stepper_payload);
    }
  }

  // Default-initialised, not `{}`: the overdamped steppers are aggregates whose base has a
  // protected constructor, which list-initialisation cannot reach (their members have
  // default initialisers, so the state is the same).
  std::array<Stepper, R> replicas_;
  // Scratch of end_step(), not saved.
  point_type gradient_{};
};

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
