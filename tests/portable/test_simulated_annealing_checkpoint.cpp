// Checkpoints of simulated_annealer, on every port: one forged payload field per validation
// rule (the blob's CRC made valid again, so only the class's own validation stands between
// the bytes and the object), in each phase of a run (never initialised, initial samples with
// and without a placed start point, no finite start, the chain under automatic and scheduled
// cooling), in float and double; a forge of an unchecked or legitimately different value is
// accepted, which shows that each offset names the field it means. The layout of the
// payload is pinned to its version.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

#include <langevin/checkpoint.hpp>
#include <langevin/optimize/simulated_annealing.hpp>

#include "checkpoint_forge.hpp"
#include "langevin_test.hpp"

namespace {

using langevin::status;

template <class Real>
struct bumpy {
  Real operator()(const std::array<Real, 2>& x) const noexcept {
    return x[0] * x[0] + x[1] * x[1] + Real(0.3) * (x[0] * x[1] - x[0]) + Real(0.25) * (x[0] * x[0] * x[1]);
  }
};

// NaN for x[0] > 0.
template <class Real>
struct half_nan {
  Real operator()(const std::array<Real, 2>& x) const noexcept {
    return x[0] > Real(0) ? std::numeric_limits<Real>::quiet_NaN() : x[0] * x[0] + x[1] * x[1];
  }
};

template <class Real>
using annealer = langevin::simulated_annealer<Real, 2>;
template <class Real>
using core_type = langevin::detail::annealer_core<Real>;
template <class Real>
using options_type = langevin::simulated_annealing_options<Real>;

// Byte offsets of the payload's parts: the core (the options inside it), then four arrays
// of 2 reals.
template <class Real>
constexpr std::size_t options_at = offsetof(core_type<Real>, options);
template <class Real>
constexpr std::size_t lower_at = sizeof(core_type<Real>);
template <class Real>
constexpr std::size_t upper_at = lower_at<Real> + 2u * sizeof(Real);
template <class Real>
constexpr std::size_t current_at = upper_at<Real> + 2u * sizeof(Real);
template <class Real>
constexpr std::size_t best_at = current_at<Real> + 2u * sizeof(Real);

#define CORE_AT(field) offsetof(core_type<Real>, field)
#define OPTION_AT(field) (options_at<Real> + offsetof(options_type<Real>, field))

template <class Real>
options_type<Real> options_for(std::uint64_t seed, bool scheduled) {
  options_type<Real> o;
  o.max_calls = 200u;
  o.initial_samples = 10u;
  o.seed = seed;
  o.stream = 3u;
  if (scheduled) {
    o.temperature_mode = langevin::cooling::scheduled;
    o.temperature = langevin::schedule<Real>::logarithmic(Real(0.5), Real(2));
  }
  return o;
}

template <class Real>
const langevin::box<Real, 2> bounds{{Real(-2), Real(-2)}, {Real(2), Real(2)}};

enum class phase { idle, sampling, placed_unevaluated, placed_sampling, no_start, automatic_chain, scheduled_chain };

// An annealer in the given phase of a run (one object per phase).
template <class Real>
const annealer<Real>& source(phase p) {
  static annealer<Real> objects[7];
  annealer<Real>& a = objects[static_cast<int>(p)];
  a = annealer<Real>{};
  if (p == phase::idle) return a;
  const bool ok = a.init(bounds<Real>, options_for<Real>(7u, p == phase::scheduled_chain)) == status::ok;
  CHECK(ok);
  int steps = 0;
  switch (p) {
    case phase::sampling: steps = 4; break;
    case phase::placed_unevaluated: CHECK(a.place({Real(-0.5), Real(0.5)}) == status::ok); break;
    case phase::placed_sampling:
      CHECK(a.place({Real(-0.5), Real(0.5)}) == status::ok);
      steps = 3;
      break;
    case phase::no_start:
      CHECK(a.place({Real(1), Real(0)}) == status::ok);
      CHECK(a.step(half_nan<Real>{}).status == status::non_finite);
      break;
    default: steps = 25; break;  // 10 samples, 15 proposals
  }
  for (int i = 0; i < steps; ++i) static_cast<void>(a.step(bumpy<Real>{}));
  return a;
}

// The scratch blob and target every helper below uses: one per scalar type, not one per
// helper and field type, which would not fit the 16 KiB Cortex-M0.
template <class Real>
langevin::checkpoint_blob<annealer<Real>>& scratch_blob() {
  static langevin::checkpoint_blob<annealer<Real>> blob;
  return blob;
}
template <class Real>
annealer<Real>& scratch_target() {
  static annealer<Real> target;
  return target;
}

// The blob of `object` with the bytes of `value` at payload offset `offset`, restored into a
// fresh annealer: true if refused (the target unchanged), or (accept = true) if restored and
// the restored annealer steps with a finite state.
template <class Real, class V>
bool verdict(const annealer<Real>& object, std::size_t offset, const V& value, bool accept) {
  langevin::checkpoint_blob<annealer<Real>>& blob = scratch_blob<Real>();
  annealer<Real>& target = scratch_target<Real>();
  langevin::save_checkpoint(object, blob);
  langevin_test::forge<annealer<Real>>(blob, offset, value);
  target = annealer<Real>{};
  if (!accept) return langevin_test::refused_unchanged(blob, target);
  if (langevin::restore_checkpoint(target, blob.data(), blob.size()) != status::ok) return false;
  for (int i = 0; i < 5; ++i) static_cast<void>(target.step(bumpy<Real>{}));
  const bool in_box = !target.initialized() || bounds<Real>.contains(target.best()) || target.sampling();
  return in_box && !langevin::math::is_nan(target.current_value());
}

template <class Real, class V>
bool refused(const annealer<Real>& object, std::size_t offset, const V& value) {
  return verdict(object, offset, value, false);
}

// As refused() and accepted(), with two fields forged.
template <class Real, class V>
bool pair_verdict(const annealer<Real>& object, std::size_t offset, const V& value, std::size_t second_offset,
                  const V& second_value, bool accept) {
  langevin::checkpoint_blob<annealer<Real>>& blob = scratch_blob<Real>();
  annealer<Real>& target = scratch_target<Real>();
  langevin::save_checkpoint(object, blob);
  langevin_test::forge<annealer<Real>>(blob, offset, value);
  langevin_test::forge<annealer<Real>>(blob, second_offset, second_value);
  target = annealer<Real>{};
  if (!accept) return langevin_test::refused_unchanged(blob, target);
  if (langevin::restore_checkpoint(target, blob.data(), blob.size()) != status::ok) return false;
  for (int i = 0; i < 5; ++i) static_cast<void>(target.step(bumpy<Real>{}));
  const bool in_box = !target.initialized() || bounds<Real>.contains(target.best()) || target.sampling();
  return in_box && !langevin::math::is_nan(target.current_value());
}
template <class Real, class V>
bool refused(const annealer<Real>& object, std::size_t offset, const V& value, std::size_t second_offset,
             const V& second_value) {
  return pair_verdict(object, offset, value, second_offset, second_value, false);
}
template <class Real, class V>
bool accepted_pair(const annealer<Real>& object, std::size_t offset, const V& value, std::size_t second_offset,
                   const V& second_value) {
  return pair_verdict(object, offset, value, second_offset, second_value, true);
}
template <class Real, class V>
bool accepted(const annealer<Real>& object, std::size_t offset, const V& value) {
  return verdict(object, offset, value, true);
}

template <class V, class Real>
V saved(const annealer<Real>& object, std::size_t offset) {
  langevin::checkpoint_blob<annealer<Real>>& blob = scratch_blob<Real>();
  langevin::save_checkpoint(object, blob);
  return langevin_test::payload_value<V, annealer<Real>>(blob, offset);
}

template <class Real>
Real next_up(Real x) {
  using bits_type = std::conditional_t<sizeof(Real) == 8u, std::uint64_t, std::uint32_t>;
  bits_type bits;
  std::memcpy(&bits, &x, sizeof bits);
  ++bits;
  std::memcpy(&x, &bits, sizeof bits);
  return x;
}

template <class Real>
void check_flags_options_box_and_points() {
  const annealer<Real>& chain = source<Real>(phase::automatic_chain);
  const std::uint8_t chain_phase = langevin::detail::annealer_chain;
  CHECK(accepted(chain, CORE_AT(phase), chain_phase));  // the unchanged byte: the forge is sound
  CHECK(refused(chain, CORE_AT(phase), std::uint8_t{4u}));
  CHECK(refused(chain, CORE_AT(placed), std::uint8_t{2u}));
  // The generator must be on the options' stream (its increment is derived from it).
  CHECK(refused(chain, CORE_AT(generator), langevin::pcg32{7u, 4u}));
  CHECK(accepted(chain, CORE_AT(generator), langevin::pcg32{99u, 3u}));
  // Options init() would refuse, one per group of checks.
  CHECK(refused(chain, OPTION_AT(max_calls), std::uint64_t{0u}));
  CHECK(refused(chain, OPTION_AT(target_value), std::numeric_limits<Real>::quiet_NaN()));
  CHECK(refused(chain, OPTION_AT(temperature_mode), std::uint8_t{2u}));
  CHECK(refused(chain, OPTION_AT(final_temperature_fraction), Real(0)));
  CHECK(refused(chain, OPTION_AT(proposal), std::uint8_t{2u}));
  CHECK(refused(chain, OPTION_AT(min_step), Real(0)));
  CHECK(refused(chain, OPTION_AT(max_step), std::numeric_limits<Real>::infinity()));
  CHECK(refused(chain, OPTION_AT(initial_step), Real(2)));
  CHECK(refused(chain, OPTION_AT(target_acceptance), Real(1)));
  CHECK(refused(chain, OPTION_AT(adaptation_rate), Real(-0.5)));
  CHECK(accepted(chain, OPTION_AT(seed), std::uint64_t{12345u}));  // any seed is valid once running
  CHECK(accepted(chain, OPTION_AT(target_value), Real(-100)));
  const annealer<Real>& scheduled = source<Real>(phase::scheduled_chain);
  CHECK(refused(scheduled, OPTION_AT(temperature) + offsetof(langevin::schedule<Real>, kind), std::uint8_t{9u}));
  CHECK(refused(scheduled, OPTION_AT(temperature) + offsetof(langevin::schedule<Real>, b), Real(1)));
  // The box: lower <= upper, finite bounds and sides.
  CHECK(refused(chain, lower_at<Real>, Real(3)));
  CHECK(refused(chain, upper_at<Real> + sizeof(Real), std::numeric_limits<Real>::quiet_NaN()));
  const Real largest = std::numeric_limits<Real>::max();
  CHECK(refused(chain, lower_at<Real>, -largest, upper_at<Real>, largest));  // the side overflows
  CHECK(accepted(chain, upper_at<Real>, largest));
  // Points inside the box (and current, best finite).
  CHECK(refused(chain, current_at<Real>, Real(2.5)));
  CHECK(refused(chain, current_at<Real> + sizeof(Real), std::numeric_limits<Real>::quiet_NaN()));
  CHECK(refused(chain, best_at<Real>, Real(-2.5)));
  CHECK(accepted(chain, lower_at<Real>, Real(-3)));  // a larger box still holds both points
}

template <class Real>
void check_chain_rules() {
  const annealer<Real>& chain = source<Real>(phase::automatic_chain);
  const auto calls = saved<std::uint64_t>(chain, CORE_AT(calls));
  const auto proposals = saved<std::uint64_t>(chain, CORE_AT(proposals));
  const auto accepted_count = saved<std::uint64_t>(chain, CORE_AT(accepted));
  CHECK(calls == 25u);
  CHECK(proposals == 15u);
  // Counters: calls = initial calls + proposals, accepted <= proposals, within the budget.
  CHECK(refused(chain, CORE_AT(calls), calls + 1u));
  CHECK(refused(chain, CORE_AT(proposals), proposals + 1u));
  CHECK(refused(chain, CORE_AT(accepted), proposals + 1u));
  CHECK(accepted(chain, CORE_AT(accepted), accepted_count == 0u ? std::uint64_t{1u} : accepted_count - 1u));
  CHECK(refused(chain, OPTION_AT(max_calls), calls - 1u));
  CHECK(refused(chain, OPTION_AT(initial_samples), std::uint32_t{11u}));  // the chain started after 10
  CHECK(refused(chain, CORE_AT(finite_samples), std::uint64_t{0u}));
  CHECK(refused(chain, CORE_AT(finite_samples), std::uint64_t{11u}));
  // Values: finite, the best not above the current one.
  const Real value = saved<Real>(chain, CORE_AT(value));
  const Real best = saved<Real>(chain, CORE_AT(best_value));
  CHECK(refused(chain, CORE_AT(value), std::numeric_limits<Real>::quiet_NaN()));
  CHECK(refused(chain, CORE_AT(value), best - Real(1)));
  CHECK(refused(chain, CORE_AT(best_value), value + Real(1)));
  CHECK(refused(chain, CORE_AT(best_value), std::numeric_limits<Real>::infinity()));
  CHECK(accepted(chain, CORE_AT(value), value + Real(1)));
  // The proposal scale within [min_step, max_step].
  CHECK(refused(chain, CORE_AT(step), Real(1e-7)));
  CHECK(refused(chain, CORE_AT(step), Real(1.5)));
  CHECK(accepted(chain, CORE_AT(step), Real(1)));
  // Automatic cooling: T0 is the spread of the initial values (Welford's sum), and the
  // schedule is geometric from T0 with the ratio that the budget and the final fraction give.
  // The scale is stored twice (the schedule's start and on its own): each is checked.
  const Real scale = saved<Real>(chain, CORE_AT(scale));
  CHECK(scale != Real(1));
  CHECK(refused(chain, CORE_AT(scale), Real(2) * scale));
  CHECK(refused(chain, CORE_AT(cooling) + offsetof(langevin::schedule<Real>, a), Real(2) * scale));
  const Real ratio = saved<Real>(chain, CORE_AT(cooling) + offsetof(langevin::schedule<Real>, k));
  CHECK(refused(chain, CORE_AT(cooling) + offsetof(langevin::schedule<Real>, k), next_up(ratio)));
  CHECK(refused(chain, CORE_AT(cooling) + offsetof(langevin::schedule<Real>, kind),
                static_cast<std::uint8_t>(langevin::schedule_kind::constant)));
  CHECK(refused(chain, CORE_AT(cooling) + offsetof(langevin::schedule<Real>, floor), Real(0.5)));
  const Real squares = saved<Real>(chain, CORE_AT(squares));
  CHECK(refused(chain, CORE_AT(squares), Real(4) * squares));
  CHECK(refused(chain, CORE_AT(squares), Real(-1)));  // T0 would then be 1
  CHECK(refused(chain, OPTION_AT(final_temperature_fraction), Real(0.5)));
  CHECK(accepted(chain, CORE_AT(mean), Real(123)));  // the mean no longer matters once the chain runs
  // Scheduled cooling: the options' schedule itself, and a scale of 1.
  const annealer<Real>& scheduled = source<Real>(phase::scheduled_chain);
  CHECK(refused(scheduled, CORE_AT(scale), Real(2)));
  CHECK(refused(scheduled, CORE_AT(cooling) + offsetof(langevin::schedule<Real>, a), Real(0.25)));
  CHECK(refused(scheduled, OPTION_AT(temperature) + offsetof(langevin::schedule<Real>, a), Real(0.25)));
  CHECK(accepted(scheduled, CORE_AT(squares), Real(1)));  // T0 is not measured under scheduled cooling
  CHECK(refused(scheduled, CORE_AT(finite_samples), std::uint64_t{11u}));  // more than the initial calls
  CHECK(accepted(scheduled, CORE_AT(finite_samples), std::uint64_t{10u}));
  // The options' schedule itself (and the chain's copy of it): valid parameters. A finite
  // T_0 is not checked on restore (it would evaluate the schedule: too deep a stack for
  // double on soft-float cores): a huge a (logarithmic: a / log(n + b) overflows at n = 0)
  // restores, and the chain then runs greedy, with finite state.
  const std::size_t option_a = OPTION_AT(temperature) + offsetof(langevin::schedule<Real>, a);
  const std::size_t option_b = OPTION_AT(temperature) + offsetof(langevin::schedule<Real>, b);
  const std::size_t cooling_a = CORE_AT(cooling) + offsetof(langevin::schedule<Real>, a);
  const std::size_t cooling_b = CORE_AT(cooling) + offsetof(langevin::schedule<Real>, b);
  CHECK(refused(scheduled, option_b, Real(1), cooling_b, Real(1)));  // b > 1 for logarithmic
  const std::size_t option_floor = OPTION_AT(temperature) + offsetof(langevin::schedule<Real>, floor);
  const std::size_t cooling_floor = CORE_AT(cooling) + offsetof(langevin::schedule<Real>, floor);
  CHECK(refused(scheduled, option_floor, Real(-1), cooling_floor, Real(-1)));  // floor >= 0 (T_0 still finite)
  const Real huge = std::numeric_limits<Real>::max();
  CHECK(accepted_pair(scheduled, option_a, huge, cooling_a, huge));
  CHECK(accepted_pair(scheduled, option_a, Real(0.75), cooling_a, Real(0.75)));
}

template <class Real>
void check_sampling_rules() {
  const Real infinity = std::numeric_limits<Real>::infinity();
  const annealer<Real>& sampling = source<Real>(phase::sampling);
  CHECK(saved<std::uint64_t>(sampling, CORE_AT(calls)) == 4u);
  CHECK(accepted(sampling, CORE_AT(calls), std::uint64_t{9u}));  // still before the last sample
  CHECK(refused(sampling, CORE_AT(calls), std::uint64_t{10u}));  // the chain would have started
  CHECK(refused(sampling, CORE_AT(proposals), std::uint64_t{1u}));
  CHECK(refused(sampling, CORE_AT(phase), std::uint8_t{4u}));
  CHECK(refused(sampling, CORE_AT(placed), std::uint8_t{2u}));
  CHECK(refused(sampling, CORE_AT(scale), Real(2)));
  CHECK(refused(sampling, CORE_AT(step), Real(0.2)));  // the scale adapts only in the chain
  CHECK(refused(sampling, CORE_AT(cooling) + offsetof(langevin::schedule<Real>, a), Real(1)));
  CHECK(refused(sampling, CORE_AT(value), Real(1)));  // no current value before the chain
  CHECK(refused(sampling, current_at<Real>, Real(1)));  // nor a current point
  CHECK(refused(sampling, CORE_AT(finite_samples), std::uint64_t{5u}));  // more than the calls
  // Welford's sum overflows on huge values (to +inf, or -inf after a mean of +-inf): accepted.
  CHECK(accepted(sampling, CORE_AT(squares), infinity));
  CHECK(accepted(sampling, CORE_AT(squares), -infinity));
  CHECK(accepted(sampling, CORE_AT(finite_samples), std::uint64_t{1u}));
  {
    // Finite samples were seen, so there is a finite best value (even with the best point
    // forged to zero, as if none had been found).
    static langevin::checkpoint_blob<annealer<Real>> blob;
    static annealer<Real> target;
    langevin::save_checkpoint(sampling, blob);
    langevin_test::forge<annealer<Real>>(blob, CORE_AT(best_value), infinity);
    langevin_test::forge<annealer<Real>>(blob, best_at<Real>, std::array<Real, 2>{});
    target = annealer<Real>{};
    CHECK(langevin_test::refused_unchanged(blob, target));
  }
  // Nothing finite yet: mean and sum zero, no best value or point.
  const annealer<Real>& fresh = source<Real>(phase::placed_unevaluated);
  CHECK(refused(fresh, CORE_AT(best_value), Real(1)));
  CHECK(refused(fresh, CORE_AT(mean), Real(1)));
  CHECK(refused(fresh, best_at<Real>, Real(1)));
  CHECK(refused(fresh, CORE_AT(value), Real(1)));  // the placed point is not evaluated yet
  CHECK(refused(fresh, current_at<Real>, Real(3)));  // outside the box
  CHECK(accepted(fresh, current_at<Real>, Real(1.5)));
  CHECK(refused(fresh, CORE_AT(placed), std::uint8_t{0u}));  // then the current point must be zero
  // The placed point evaluated: its value is finite and not below the best.
  const annealer<Real>& placed = source<Real>(phase::placed_sampling);
  CHECK(refused(placed, CORE_AT(value), infinity));
  CHECK(refused(placed, CORE_AT(best_value), saved<Real>(placed, CORE_AT(value)) + Real(1)));
  CHECK(refused(placed, CORE_AT(finite_samples), std::uint64_t{0u}));
  // No finite start: one call at the placed point, nothing finite.
  const annealer<Real>& stuck = source<Real>(phase::no_start);
  CHECK(accepted(stuck, CORE_AT(calls), std::uint64_t{1u}));
  CHECK(refused(stuck, CORE_AT(calls), std::uint64_t{2u}));
  CHECK(refused(stuck, CORE_AT(finite_samples), std::uint64_t{1u}));
  CHECK(refused(stuck, CORE_AT(value), Real(1)));
  CHECK(refused(stuck, CORE_AT(placed), std::uint8_t{0u}));  // without a placed point: after all 10 samples
}

template <class Real>
void check_idle_rules() {
  const annealer<Real>& idle = source<Real>(phase::idle);
  CHECK(accepted(idle, CORE_AT(calls), std::uint64_t{0u}));
  CHECK(refused(idle, CORE_AT(calls), std::uint64_t{1u}));
  CHECK(refused(idle, CORE_AT(value), Real(0)));
  CHECK(refused(idle, CORE_AT(step), Real(0.1)));
  CHECK(refused(idle, CORE_AT(generator), langevin::pcg32{1u, 1u}));
  CHECK(refused(idle, CORE_AT(cooling) + offsetof(langevin::schedule<Real>, a), Real(1)));
  CHECK(refused(idle, OPTION_AT(seed), std::uint64_t{1u}));  // options other than the defaults
  CHECK(refused(idle, OPTION_AT(temperature) + offsetof(langevin::schedule<Real>, a), Real(2)));
  CHECK(refused(idle, upper_at<Real>, Real(1)));  // a box
  CHECK(refused(idle, best_at<Real> + sizeof(Real), Real(1)));
  CHECK(refused(idle, CORE_AT(placed), std::uint8_t{1u}));
}

}  // namespace

TEST_CASE("simulated_annealer checkpoint layout is version 1's", "[checkpoint][annealing]") {
  using langevin::detail::checkpoint_header_size;
  using langevin::detail::checkpoint_crc_size;
  // Change these only together with the layout version in simulated_annealing.hpp.
  CHECK(sizeof(core_type<float>) == 208u);
  CHECK(sizeof(core_type<double>) == 296u);
  CHECK(offsetof(core_type<float>, options) == 0u);
  CHECK(offsetof(core_type<float>, cooling) == 96u);
  CHECK(offsetof(core_type<float>, generator) == 128u);
  CHECK(offsetof(core_type<float>, value) == 144u);
  CHECK(offsetof(core_type<double>, calls) == 256u);
  CHECK(offsetof(core_type<double>, phase) == 288u);
  CHECK(sizeof(options_type<float>) == 96u);
  CHECK(sizeof(options_type<double>) == 144u);
  CHECK(offsetof(options_type<double>, temperature) == 48u);
  CHECK(offsetof(options_type<double>, adaptation_rate) == 136u);
  CHECK(langevin::checkpoint_size<annealer<float>> == checkpoint_header_size + 208u + 32u + checkpoint_crc_size);
  CHECK(langevin::checkpoint_size<annealer<double>> == checkpoint_header_size + 296u + 64u + checkpoint_crc_size);
  CHECK(langevin::checkpoint_access::identity<annealer<float>>().kind == 0x1040u);
  CHECK(langevin::checkpoint_access::identity<annealer<double>>().kind == 0x2040u);
  CHECK(langevin::checkpoint_access::identity<annealer<float>>().version == 1u);
  CHECK(langevin::checkpoint_access::identity<annealer<float>>().shape !=
        langevin::checkpoint_access::identity<langevin::simulated_annealer<float, 3>>().shape);
}

TEST_CASE("simulated_annealer checkpoints of every phase restore and continue bit for bit", "[checkpoint][annealing]") {
  const phase phases[] = {phase::idle,     phase::sampling,        phase::placed_unevaluated, phase::placed_sampling,
                          phase::no_start, phase::automatic_chain, phase::scheduled_chain};
  static annealer<double> running;
  static annealer<double> restored;
  static langevin::checkpoint_blob<annealer<double>> blob;
  for (const phase p : phases) {
    running = source<double>(p);
    langevin::save_checkpoint(running, blob);
    restored = annealer<double>{};
    REQUIRE(langevin::restore_checkpoint(restored, blob.data(), blob.size()) == status::ok);
    const bool stuck = p == phase::no_start;
    bool same = true;
    for (int i = 0; i < 30; ++i) {
      const auto a = stuck ? running.step(half_nan<double>{}) : running.step(bumpy<double>{});
      const auto b = stuck ? restored.step(half_nan<double>{}) : restored.step(bumpy<double>{});
      same = same && a.status == b.status && std::memcmp(&a.value, &b.value, sizeof a.value) == 0 &&
             std::memcmp(running.current().data(), restored.current().data(), 2u * sizeof(double)) == 0;
    }
    CHECK(same);
    CHECK(running.calls() == restored.calls());
  }
}

TEST_CASE("simulated_annealer forged checkpoints: flags, options, box and points (float, double)",
          "[checkpoint][annealing]") {
  check_flags_options_box_and_points<float>();
  check_flags_options_box_and_points<double>();
}

TEST_CASE("simulated_annealer forged checkpoints: counters, values and cooling of the chain (float, double)",
          "[checkpoint][annealing]") {
  check_chain_rules<float>();
  check_chain_rules<double>();
}

TEST_CASE("simulated_annealer forged checkpoints: the initial calls and a missing start (float, double)",
          "[checkpoint][annealing]") {
  check_sampling_rules<float>();
  check_sampling_rules<double>();
}

TEST_CASE("simulated_annealer forged checkpoints: a never-initialised annealer holds its start values",
          "[checkpoint][annealing]") {
  check_idle_rules<float>();
  check_idle_rules<double>();
}

TEST_CASE("simulated_annealer whose initial values overflow Welford's sums saves and restores (fuzz finding)",
          "[checkpoint][annealing]") {
  // In float, a start point worth +3e38 and then a sample worth -3e38: their difference
  // overflows, the running mean becomes -inf and the sum of squares -inf. A real run
  // reaches this state (found by the fuzz target), so its blob must restore.
  struct extremes {
    float operator()(const std::array<float, 2>& x) const noexcept { return x[0] > 0.0f ? 3e38f : -3e38f; }
  };
  static annealer<float> a;
  static annealer<float> restored;
  a = annealer<float>{};
  options_type<float> o = options_for<float>(2u, false);
  o.initial_samples = 1u;
  REQUIRE(a.init(bounds<float>, o) == status::ok);
  REQUIRE(a.place({1.0f, 0.0f}) == status::ok);
  REQUIRE(a.step(extremes{}).value == 3e38f);
  REQUIRE(a.step(extremes{}).value == -3e38f);  // the sample of seed 2 has x[0] <= 0
  CHECK_FALSE(a.sampling());
  CHECK(saved<float>(a, offsetof(core_type<float>, squares)) == -std::numeric_limits<float>::infinity());
  static langevin::checkpoint_blob<annealer<float>> blob;
  langevin::save_checkpoint(a, blob);
  restored = annealer<float>{};
  CHECK(langevin::restore_checkpoint(restored, blob.data(), blob.size()) == status::ok);
  CHECK(restored.calls() == 2u);
}
