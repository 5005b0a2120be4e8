// replica_exchange on every port: the verbs, the ladder, the deterministic even/odd rounds,
// bad input, checkpoints (round trip with the same bits, the layout pinned to its version,
// forged fields refused) and golden hashes of exchange trajectories.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>

#include <langevin/checkpoint.hpp>
#include <langevin/dynamics/replica_exchange.hpp>
#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/random/pcg32.hpp>

#include "checkpoint_forge.hpp"
#include "langevin_test.hpp"

namespace {

using langevin::status;

struct double_well {
  template <class Real>
  Real operator()(const std::array<Real, 1>& x, std::array<Real, 1>& g) const {
    const Real s = x[0] * x[0] - Real(1);
    g[0] = Real(4) * x[0] * s;
    return s * s;
  }
};

struct tilted_well_2d {
  template <class Real>
  Real operator()(const std::array<Real, 2>& x, std::array<Real, 2>& g) const {
    const Real s = x[0] * x[0] - Real(1);
    g[0] = Real(4) * x[0] * s + Real(0.2) + Real(0.5) * x[1];
    g[1] = Real(2) * x[1] + Real(0.5) * x[0];
    return s * s + Real(0.2) * x[0] + x[1] * x[1] + Real(0.5) * x[0] * x[1];
  }
};

using lm_exchange = langevin::replica_exchange<langevin::leimkuhler_matthews<float, 1>, 4>;
using em_exchange = langevin::replica_exchange<langevin::euler_maruyama<double, 2>, 3>;
using baoab_exchange = langevin::replica_exchange<langevin::baoab<double, 2>, 4>;

struct fnv1a {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  template <class T>
  void add(const T& value) {
    unsigned char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    for (const unsigned char b : bytes) {
      hash ^= b;
      hash *= 0x100000001b3ull;
    }
  }
};

lm_exchange::options_type lm_options() {
  lm_exchange::options_type o;
  o.stepper.time_step = 0.02f;
  o.lowest_temperature = 0.1f;
  o.highest_temperature = 2.0f;
  o.swap_interval = 3u;
  return o;
}

template <class Exchange, class Problem>
std::uint64_t trajectory_hash(Exchange& pt, const Problem& problem, langevin::pcg32& rng, int steps) {
  fnv1a h;
  for (int k = 0; k < steps; ++k) {
    const auto r = pt.step(problem, rng);
    h.add(static_cast<int>(r.status));
    h.add(r.value);
    for (std::size_t level = 0; level < Exchange::replica_count; ++level) h.add(pt.current(level));
    h.add(static_cast<std::uint32_t>(pt.replica_at(0u)));  // size_t differs between ports
  }
  h.add(pt.round_trips());
  for (std::size_t k = 0; k + 1u < Exchange::replica_count; ++k) h.add(pt.swaps_accepted(k));
  return h.hash;
}

std::uint64_t lm_hash() {
  static lm_exchange pt;
  pt = lm_exchange{};
  langevin::pcg32 rng{5u, 6u};
  if (pt.init(lm_options()) != status::ok || pt.place({1.0f}) != status::ok) return 0u;
  return trajectory_hash(pt, double_well{}, rng, 300);
}

std::uint64_t baoab_hash() {
  static baoab_exchange pt;
  pt = baoab_exchange{};
  baoab_exchange::options_type o;
  o.stepper.time_step = 0.05;
  o.lowest_temperature = 0.2;
  o.highest_temperature = 3.0;
  o.swap_interval = 2u;
  langevin::pcg32 rng{7u, 8u};
  if (pt.init(o) != status::ok || pt.place({-1.0, 0.5}) != status::ok) return 0u;
  return trajectory_hash(pt, tilted_well_2d{}, rng, 200);
}

// A never-initialised, an initialised and a running exchange, for the forged blobs.
const lm_exchange& fresh() {
  static lm_exchange object;
  return object;
}
const lm_exchange& running() {
  static lm_exchange object;
  static bool ready = false;
  if (!ready) {
    langevin::pcg32 rng{1u, 2u};
    ready = object.init(lm_options()) == status::ok && object.place({1.0f}) == status::ok &&
            object.run(double_well{}, rng, 50u).status == status::ok;
  }
  return object;
}

template <class V>
bool refused(const lm_exchange& source, std::size_t offset, V value) {
  static lm_exchange target;
  target = running();
  auto blob = langevin_test::blob_of(source);
  langevin_test::forge<lm_exchange>(blob, offset, value);
  return langevin_test::refused_unchanged(blob, target);
}
template <class V>
bool accepted(const lm_exchange& source, std::size_t offset, V value) {
  static lm_exchange target;
  auto blob = langevin_test::blob_of(source);
  langevin_test::forge<lm_exchange>(blob, offset, value);
  return langevin::restore_checkpoint(target, blob.data(), blob.size()) == status::ok;
}

// Payload offsets of lm_exchange (R = 4, float): core, ladder, levels, labels, attempts,
// accepts, replicas.
using core_type = langevin::detail::exchange_core<float>;
constexpr std::size_t ladder_at = sizeof(core_type);
constexpr std::size_t levels_at = ladder_at + 4u * sizeof(float);
constexpr std::size_t labels_at = levels_at + 4u;
constexpr std::size_t attempts_at = labels_at + 4u;
constexpr std::size_t accepts_at = attempts_at + 3u * 8u;
constexpr std::size_t replicas_at = accepts_at + 3u * 8u;
constexpr std::size_t replica_size = langevin::checkpoint_access::payload_size<langevin::leimkuhler_matthews<float, 1>>();

// The bowl |x|^2 that counts its calls and returns NaN at call number `bad` (1-based; 0:
// never), to fail a level's step or a round's energy at a chosen point.
struct failing_bowl {
  mutable unsigned calls = 0u;
  unsigned bad = 0u;
  template <class Real, std::size_t N>
  Real operator()(const std::array<Real, N>& x, std::array<Real, N>& g) const {
    ++calls;
    Real e = Real(0);
    for (std::size_t i = 0; i < N; ++i) {
      g[i] = Real(2) * x[i];
      e += x[i] * x[i];
    }
    return calls == bad ? std::numeric_limits<Real>::quiet_NaN() : e;
  }
};

// True if run(count) from `start` gives what `count` calls of step() from `start` give
// (stopping after the first that is not ok): the same result, problem calls, state (the
// checkpoint blob) and generator.
template <class Exchange>
bool run_is_repeated_step(const Exchange& start, std::uint64_t count, unsigned bad) {
  using real_type = typename Exchange::real_type;
  static Exchange by_run;  // static: an exchange is large for a Cortex-M stack
  static Exchange by_step;
  by_run = start;
  by_step = start;
  langevin::pcg32 a{11u, 12u};
  langevin::pcg32 b{11u, 12u};
  const failing_bowl run_problem{0u, bad};
  const failing_bowl step_problem{0u, bad};
  const langevin::run_result<real_type> ran = by_run.run(run_problem, a, count);
  langevin::step_result<real_type> last{status::ok, std::numeric_limits<real_type>::quiet_NaN()};
  std::uint64_t steps = 0u;
  while (last.status == status::ok && steps < count) {
    last = by_step.step(step_problem, b);
    ++steps;
  }
  return ran.status == last.status && ran.steps == steps &&
         std::memcmp(&ran.value, &last.value, sizeof(real_type)) == 0 && run_problem.calls == step_problem.calls &&
         langevin_test::blob_of(by_run) == langevin_test::blob_of(by_step) && a == b;
}

}  // namespace

TEST_CASE("replica exchange: init builds the geometric ladder, options are validated, nothing changes on failure",
          "[replica_exchange]") {
  lm_exchange pt;
  CHECK_FALSE(pt.initialized());
  langevin::pcg32 rng{1u, 1u};
  CHECK(pt.step(double_well{}, rng).status == status::invalid_argument);  // before init
  REQUIRE(pt.init(lm_options()) == status::ok);
  CHECK(pt.temperature(0u) == 0.1f);
  CHECK(pt.temperature(3u) == 2.0f);
  // T_k = 0.1 * 20^(k/3): ratio 20^(1/3) = 2.714 between neighbours.
  CHECK((pt.temperature(1u) > 0.2714f && pt.temperature(1u) < 0.2715f));
  CHECK((pt.temperature(2u) > 0.7368f && pt.temperature(2u) < 0.7369f));
  CHECK(pt.options().swap_interval == 3u);
  CHECK(pt.options().stepper.time_step == 0.02f);
  for (std::size_t k = 0; k < 4u; ++k) CHECK(pt.replica_at(k) == k);

  unsigned char before[sizeof(pt)];
  std::memcpy(before, &pt, sizeof(pt));
  auto bad = lm_options();
  bad.lowest_temperature = 0.0f;
  CHECK(bad.validate() == langevin::field::lowest_temperature);
  CHECK(pt.init(bad) == status::invalid_argument);
  bad = lm_options();
  bad.highest_temperature = 0.1f;
  CHECK(bad.validate() == langevin::field::highest_temperature);
  bad = lm_options();
  bad.swap_interval = 0u;
  CHECK(bad.validate() == langevin::field::swap_interval);
  bad = lm_options();
  bad.stepper.time_step = -1.0f;
  CHECK(bad.validate() == langevin::field::time_step);
  CHECK(pt.init(bad) == status::invalid_argument);
  CHECK(pt.init(lm_options(), {0.1f, 0.3f, 0.3f, 1.0f}) == status::invalid_argument);  // not increasing
  CHECK(pt.init(lm_options(), {0.1f, 0.3f, std::numeric_limits<float>::infinity(), 1.0f}) == status::invalid_argument);
  CHECK(pt.place({std::numeric_limits<float>::quiet_NaN()}) == status::invalid_argument);
  CHECK(std::memcmp(before, &pt, sizeof(pt)) == 0);
  // A ladder of the caller's.
  REQUIRE(pt.init(lm_options(), {0.1f, 0.2f, 0.5f, 1.0f}) == status::ok);
  CHECK(pt.temperature(2u) == 0.5f);
  CHECK(pt.options().highest_temperature == 1.0f);
  // Default options initialise and step.
  langevin::replica_exchange<langevin::euler_maruyama<float, 1>, 2> simple;
  REQUIRE(simple.init({}) == status::ok);
  CHECK(simple.run(double_well{}, rng, 25u).status == status::ok);
  CHECK(simple.swap_rounds() == 2u);
  CHECK(simple.swap_attempts(0u) == 1u);  // rounds alternate: even pairs, then odd (none for R = 2)
}

// Ladders at the edges of the format. A geometric ladder wider than the format's range
// (T_{R-1} / T_0 overflows) had infinite middle levels: init() said ok, every step failed
// and the state's own checkpoint was refused. It is refused by validate() now; such a
// ladder given explicitly works. Ends a few ulps apart round neighbours equal: refused, as
// the same ladder given by the caller is. A temperature whose reciprocal is infinite turned
// the exchange rule into NaN (the pair never exchanged): refused.
TEST_CASE("replica exchange: ladders at the edges of the format are built right or refused", "[replica_exchange]") {
  using wide_exchange = langevin::replica_exchange<langevin::euler_maruyama<float, 1>, 4>;
  langevin::replica_exchange_options<float> options;
  options.lowest_temperature = 1e-18f;
  options.highest_temperature = 1e18f;
  wide_exchange wide;
  REQUIRE(wide.init(options) == status::ok);
  CHECK(wide.temperature(0u) == 1e-18f);
  CHECK(wide.temperature(3u) == 1e18f);
  CHECK((wide.temperature(1u) > 0.9999e-6f && wide.temperature(1u) < 1.0001e-6f));  // 1e-18 * 1e36^(1/3)
  CHECK((wide.temperature(2u) > 0.9999e6f && wide.temperature(2u) < 1.0001e6f));
  options.lowest_temperature = 1e-30f;
  options.highest_temperature = 1e30f;
  CHECK(options.validate() == langevin::field::highest_temperature);  // 1e60 overflows float
  options.lowest_temperature = 1.0f;
  options.highest_temperature = 2.0f;
  REQUIRE(wide.init(options, {1e-30f, 1e-10f, 1e10f, 1e30f}) == status::ok);
  REQUIRE(wide.place({0.5f}) == status::ok);
  langevin::pcg32 rng{7u, 8u};
  const auto flat = [](const std::array<float, 1>&, std::array<float, 1>& g) {
    g[0] = 0.0f;
    return 0.0f;
  };
  CHECK(wide.run(flat, rng, 40u).status == status::ok);
  CHECK(wide.swap_attempts(0u) > 0u);
  CHECK(wide.swaps_accepted(0u) == wide.swap_attempts(0u));  // no energy difference: every pair exchanges
  const auto saved = langevin_test::blob_of(wide);
  wide_exchange restored;
  CHECK(langevin::restore_checkpoint(restored, saved.data(), saved.size()) == status::ok);

  unsigned char before[sizeof(wide)];
  std::memcpy(before, &wide, sizeof(wide));
  options.highest_temperature = 1.0f + std::numeric_limits<float>::epsilon();  // one ulp above
  REQUIRE(options.validate() == langevin::field::none);
  CHECK(wide.init(options) == status::invalid_argument);
  options.lowest_temperature = std::numeric_limits<float>::denorm_min();
  options.highest_temperature = 1.0f;
  CHECK(options.validate() == langevin::field::lowest_temperature);  // 1 / T_0 overflows
  CHECK(wide.init(options) == status::invalid_argument);
  options.lowest_temperature = 1.0f;
  options.highest_temperature = 2.0f;
  const float tiny = std::numeric_limits<float>::denorm_min();
  CHECK(wide.init(options, {tiny, 2.0f * tiny, 1.0f, 2.0f}) == status::invalid_argument);
  CHECK(std::memcmp(before, &wide, sizeof(wide)) == 0);
}

TEST_CASE("replica exchange: rounds every swap_interval steps alternate even and odd pairs", "[replica_exchange]") {
  lm_exchange pt;
  REQUIRE(pt.init(lm_options()) == status::ok);
  REQUIRE(pt.place({1.0f}) == status::ok);
  langevin::pcg32 rng{3u, 4u};
  REQUIRE(pt.run(double_well{}, rng, 30u).status == status::ok);
  CHECK(pt.steps() == 30u);
  CHECK(pt.swap_rounds() == 10u);
  CHECK(pt.swap_attempts(0u) == 5u);  // even rounds: pairs (0,1), (2,3)
  CHECK(pt.swap_attempts(1u) == 5u);  // odd rounds: pair (1,2)
  CHECK(pt.swap_attempts(2u) == 5u);
  bool permutation = true;
  unsigned seen = 0u;
  for (std::size_t k = 0; k < 4u; ++k) seen |= 1u << pt.replica_at(k);
  permutation = seen == 0xFu;
  CHECK(permutation);
  for (std::size_t k = 0; k < 3u; ++k) CHECK(pt.swaps_accepted(k) <= pt.swap_attempts(k));
  // place() restarts the exchange.
  REQUIRE(pt.place({-1.0f}) == status::ok);
  CHECK(pt.steps() == 0u);
  CHECK(pt.swap_attempts(0u) == 0u);
  CHECK(pt.current()[0] == -1.0f);
  CHECK(pt.replica_at(3u) == 3u);
}

TEST_CASE("replica exchange: run(count) is step() repeated, bit for bit", "[replica_exchange]") {
  static lm_exchange lm;
  lm = lm_exchange{};
  CHECK(run_is_repeated_step(lm, 3u, 0u));  // never initialised: one refused step
  REQUIRE(lm.init(lm_options()) == status::ok);
  REQUIRE(lm.place({1.0f}) == status::ok);
  for (const std::uint64_t count : {0u, 1u, 2u, 3u, 7u, 40u}) CHECK(run_is_repeated_step(lm, count, 0u));
  // swap_interval 3, one problem call per level: a level of step 1 fails (call 2), then a
  // round's energy (calls 13..16 are step 3's round of even pairs).
  CHECK(run_is_repeated_step(lm, 10u, 2u));
  CHECK(run_is_repeated_step(lm, 10u, 15u));
  // Momenta rescaled after the rounds.
  static baoab_exchange baoab;
  baoab = baoab_exchange{};
  baoab_exchange::options_type o;
  o.swap_interval = 2u;
  o.highest_temperature = 30.0;
  REQUIRE(baoab.init(o) == status::ok);
  REQUIRE(baoab.place({-1.0, 0.5}) == status::ok);
  CHECK(run_is_repeated_step(baoab, 25u, 0u));
  CHECK(run_is_repeated_step(baoab, 25u, 14u));
}

TEST_CASE("replica exchange: a non-finite energy is reported, the failed replica keeps its state",
          "[replica_exchange]") {
  struct cliff {
    float operator()(const std::array<float, 1>& x, std::array<float, 1>& g) const {
      g[0] = 1.0f;
      return x[0] > 5.0f ? std::numeric_limits<float>::infinity() : x[0];
    }
  };
  langevin::replica_exchange<langevin::euler_maruyama<float, 1>, 2> pt;
  REQUIRE(pt.init({}) == status::ok);
  REQUIRE(pt.place({6.0f}) == status::ok);
  langevin::pcg32 rng{1u, 1u};
  const auto r = pt.step(cliff{}, rng);
  CHECK(r.status == status::non_finite);
  CHECK(pt.current()[0] == 6.0f);
  CHECK(pt.steps() == 1u);
}

TEST_CASE("replica exchange: a momentum whose rescaling overflows is reported, the state stays finite",
          "[replica_exchange]") {
  // A constant force of 3e38 (energy 0, so every exchange is accepted) and no friction: the
  // momenta grow by 3e36 a step, and the one sent up multiplies by sqrt(100 / 1) = 10
  // (exact in float), which overflows once it passes 3.4e37, well within 60 steps.
  struct push {
    float operator()(const std::array<float, 1>&, std::array<float, 1>& g) const {
      g[0] = -3.0e38f;
      return 0.0f;
    }
  };
  using exchange = langevin::replica_exchange<langevin::baoab<float, 1>, 2>;
  exchange pt;
  exchange::options_type o;
  o.stepper.friction = 0.0f;
  o.lowest_temperature = 1.0f;
  o.highest_temperature = 100.0f;
  o.swap_interval = 1u;
  REQUIRE(pt.init(o) == status::ok);
  REQUIRE(pt.place({0.0f}) == status::ok);
  langevin::pcg32 rng{3u, 5u};
  bool overflow_reported = false;
  std::uint64_t steps_taken = 0u;
  for (int k = 0; k < 60 && !overflow_reported; ++k) {
    ++steps_taken;
    REQUIRE(pt.step_level(push{}, 0u, rng).status == status::ok);
    REQUIRE(pt.step_level(push{}, 1u, rng).status == status::ok);
    const std::size_t bottom = pt.replica_at(0u);
    const float bottom_momentum = pt.replica(0u).momentum()[0];
    const float top_momentum = pt.replica(1u).momentum()[0];
    const std::uint64_t accepted = pt.swaps_accepted(0u);
    const status ended = pt.end_step(push{}, rng);
    if (pt.swaps_accepted(0u) == accepted) {
      CHECK(ended == status::ok);
      continue;
    }
    REQUIRE(pt.replica_at(1u) == bottom);
    CHECK(pt.replica(0u).momentum()[0] == top_momentum * (1.0f / 10.0f));
    if (ended == status::ok) {
      CHECK(pt.replica(1u).momentum()[0] == bottom_momentum * 10.0f);
    } else {
      CHECK(ended == status::non_finite);
      CHECK(langevin::math::is_finite(bottom_momentum * 10.0f) == false);
      CHECK(pt.replica(1u).momentum()[0] == bottom_momentum);
      overflow_reported = true;
    }
  }
  CHECK(overflow_reported);
  CHECK(langevin::math::is_finite(pt.replica(0u).momentum()[0]));
  CHECK(langevin::math::is_finite(pt.replica(1u).momentum()[0]));
  // run() stops at the same step with the same status.
  exchange again;
  REQUIRE(again.init(o) == status::ok);
  REQUIRE(again.place({0.0f}) == status::ok);
  langevin::pcg32 same_rng{3u, 5u};
  const auto ran = again.run(push{}, same_rng, 60u);
  CHECK(ran.status == status::non_finite);
  CHECK(ran.steps == steps_taken);
  CHECK(again.replica(1u).momentum()[0] == pt.replica(1u).momentum()[0]);
}

TEST_CASE("replica exchange: a ladder wider than the format's range rescales momenta by quotients of roots",
          "[replica_exchange]") {
  // T_1 / T_0 = 1e40 overflows in float, but sqrt(T_1) / sqrt(T_0) = 1e20 does not: the
  // momenta of an exchange on a flat potential (always accepted) are scaled by it.
  struct flat {
    float operator()(const std::array<float, 1>&, std::array<float, 1>& g) const {
      g[0] = 0.0f;
      return 0.0f;
    }
  };
  using exchange = langevin::replica_exchange<langevin::baoab<float, 1>, 2>;
  exchange pt;
  exchange::options_type o;
  o.swap_interval = 1u;
  REQUIRE(pt.init(o, {1e-20f, 1e20f}) == status::ok);
  REQUIRE(pt.place({0.0f}) == status::ok);
  langevin::pcg32 rng{1u, 2u};
  REQUIRE(pt.step_level(flat{}, 0u, rng).status == status::ok);
  REQUIRE(pt.step_level(flat{}, 1u, rng).status == status::ok);
  const float cold = pt.replica(0u).momentum()[0];
  const float hot = pt.replica(1u).momentum()[0];
  REQUIRE(cold != 0.0f);
  REQUIRE(hot != 0.0f);
  CHECK(pt.end_step(flat{}, rng) == status::ok);
  REQUIRE(pt.swaps_accepted(0u) == 1u);
  const float up = langevin::math::sqrt(1e20f) / langevin::math::sqrt(1e-20f);
  const float down = langevin::math::sqrt(1e-20f) / langevin::math::sqrt(1e20f);
  CHECK(pt.replica(1u).momentum()[0] == cold * up);
  CHECK(pt.replica(0u).momentum()[0] == hot * down);
  CHECK(pt.replica(0u).momentum()[0] != 0.0f);
}

TEST_CASE("replica exchange: step_level before init is refused with a NaN value, as step() is",
          "[replica_exchange]") {
  lm_exchange pt;
  langevin::pcg32 rng{1u, 2u};
  const auto level = pt.step_level(double_well{}, 0u, rng);
  CHECK(level.status == status::invalid_argument);
  CHECK(langevin::math::is_nan(level.value));
  const auto stepped = pt.step(double_well{}, rng);
  CHECK(stepped.status == status::invalid_argument);
  CHECK(langevin::math::is_nan(stepped.value));
}

TEST_CASE("replica exchange: counters at 2^64 - 1 stay in states the checkpoint accepts", "[replica_exchange]") {
  constexpr std::uint64_t most = std::numeric_limits<std::uint64_t>::max();
  // ceil(rounds / 2) for even pairs, floor for odd ones, also at the largest count.
  CHECK(langevin::detail::exchange_expected_attempts(most, 0u) == (most >> 1u) + 1u);
  CHECK(langevin::detail::exchange_expected_attempts(most, 1u) == most >> 1u);
  CHECK(langevin::detail::exchange_expected_attempts(6u, 0u) == 3u);
  CHECK(langevin::detail::exchange_expected_attempts(7u, 2u) == 4u);
  // A state at the largest step count (forged) steps without wrapping: no more rounds, and
  // its own checkpoint restores.
  static lm_exchange target;
  auto blob = langevin_test::blob_of(running());
  langevin_test::forge<lm_exchange>(blob, offsetof(core_type, steps), most);
  REQUIRE(langevin::restore_checkpoint(target, blob) == status::ok);
  const std::uint64_t rounds = target.swap_rounds();
  langevin::pcg32 rng{3u, 4u};
  for (int k = 0; k < 5; ++k) CHECK(target.step(double_well{}, rng).status == status::ok);
  CHECK(target.steps() == most);
  CHECK(target.swap_rounds() == rounds);
  static lm_exchange again;
  const auto saved = langevin_test::blob_of(target);
  CHECK(langevin::restore_checkpoint(again, saved) == status::ok);
}

TEST_CASE("replica exchange checkpoints: layout pinned to version 1, a restored run continues with the same bits",
          "[replica_exchange][checkpoint]") {
  constexpr auto id = langevin::checkpoint_access::identity<lm_exchange>();
  CHECK(id.kind == 0x1050u);
  CHECK(id.version == 1u);
  CHECK(langevin::checkpoint_access::identity<em_exchange>().kind == 0x2050u);
  // The family is its own: distinct from every other class's.
  CHECK(id.kind != langevin::checkpoint_access::identity<langevin::leimkuhler_matthews<float, 1>>().kind);
  CHECK(id.kind != langevin::checkpoint_access::identity<langevin::annealing_sgd<float, 1>>().kind);
  CHECK(id.kind != langevin::checkpoint_access::identity<langevin::batch_sampler<0>>().kind);
  CHECK(sizeof(core_type) == 40u);
  CHECK(sizeof(langevin::detail::exchange_core<double>) == 48u);
  CHECK(offsetof(core_type, steps) == 0u);
  CHECK(offsetof(core_type, rounds) == 8u);
  CHECK(offsetof(core_type, round_trips) == 16u);
  CHECK(offsetof(core_type, lowest) == 24u);
  CHECK(offsetof(core_type, highest) == 28u);
  CHECK(offsetof(core_type, swap_interval) == 32u);
  CHECK(offsetof(core_type, initialized) == 36u);
  CHECK(offsetof(core_type, reserved) == 37u);
  CHECK(replicas_at == 112u);
  CHECK(langevin::checkpoint_access::payload_size<lm_exchange>() == replicas_at + 4u * replica_size);

  static lm_exchange original;
  static lm_exchange restored;
  original = running();
  const auto blob = langevin_test::blob_of(original);
  REQUIRE(langevin::restore_checkpoint(restored, blob.data(), blob.size()) == status::ok);
  langevin::pcg32 a{9u, 9u};
  langevin::pcg32 b{9u, 9u};
  CHECK(trajectory_hash(original, double_well{}, a, 60) == trajectory_hash(restored, double_well{}, b, 60));
  // A never-initialised exchange round-trips too.
  const auto empty = langevin_test::blob_of(fresh());
  CHECK(langevin::restore_checkpoint(restored, empty.data(), empty.size()) == status::ok);
  CHECK_FALSE(restored.initialized());
}

TEST_CASE("replica exchange forged blobs are refused and leave the target unchanged", "[replica_exchange][checkpoint]") {
  REQUIRE(running().swap_rounds() == 16u);
  CHECK(accepted(running(), offsetof(core_type, initialized), std::uint8_t{1u}));
  CHECK(accepted(fresh(), offsetof(core_type, initialized), std::uint8_t{0u}));
  // Scalars.
  CHECK(refused(running(), offsetof(core_type, initialized), std::uint8_t{2u}));
  CHECK(refused(running(), offsetof(core_type, reserved), std::uint8_t{1u}));
  CHECK(refused(running(), offsetof(core_type, swap_interval), std::uint32_t{0u}));
  CHECK(refused(running(), offsetof(core_type, rounds), std::uint64_t{17u}));  // more than steps / interval
  CHECK(refused(running(), offsetof(core_type, round_trips), std::uint64_t{17u}));
  CHECK(refused(running(), offsetof(core_type, lowest), 0.2f));  // not the ladder's end
  // The ladder: positive, finite, increasing.
  CHECK(refused(running(), ladder_at + 4u, 0.05f));
  CHECK(refused(running(), ladder_at + 8u, std::numeric_limits<float>::quiet_NaN()));
  CHECK(accepted(running(), ladder_at + 4u, 0.3f));
  // The level permutation and the labels.
  CHECK(refused(running(), levels_at, std::uint8_t{4u}));
  CHECK(refused(running(), levels_at + 1u, static_cast<std::uint8_t>(running().replica_at(0u))));  // a repeat
  CHECK(refused(running(), labels_at + running().replica_at(0u), std::uint8_t{0u}));  // the bottom replica is "up"
  CHECK(refused(running(), labels_at, std::uint8_t{4u}));
  // Attempts are fixed by the rounds; accepts at most attempts.
  CHECK(refused(running(), attempts_at, std::uint64_t{9u}));
  CHECK(refused(running(), accepts_at + 8u, std::uint64_t{9u}));
  // The replicas: each valid by its own rules, with the same options, initialised together.
  CHECK(refused(running(), replicas_at + replica_size, 0.03f));  // replica 1's time step
  CHECK(refused(running(), replicas_at + 2u * replica_size, 0.0f));
  CHECK(refused(fresh(), replicas_at, 0.02f));
  // Never initialised: start values.
  CHECK(refused(fresh(), offsetof(core_type, steps), std::uint64_t{1u}));
  CHECK(refused(fresh(), ladder_at, 0.1f));
  CHECK(refused(fresh(), offsetof(core_type, swap_interval), std::uint32_t{3u}));
}

TEST_CASE("replica exchange trajectories have the same bits on every port", "[replica_exchange][golden]") {
  // Recorded on x86-64 (g++ 12, -ffp-contract=off).
  CHECK(lm_hash() == 0x89d3b1c7f74e4ae8ull);
  CHECK(baoab_hash() == 0xae5cd34988477bdcull);
}
