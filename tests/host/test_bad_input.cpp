// Bad input, table driven: every public entry point gets NaN, +-Inf, zero, negative, tiny
// and huge values for each parameter (and null or short buffers, out-of-range sizes and
// enumerators), and must answer with its documented status or documented value, leave its
// objects unchanged when it refuses, and never run into undefined behaviour (this file
// runs under ASan + UBSan in the host-sanitize preset).
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <langevin/checkpoint.hpp>
#include <langevin/langevin.hpp>
#include <langevin/math.hpp>
#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/optimize/dataset.hpp>
#include <langevin/optimize/minimize.hpp>

#include "langevin_test.hpp"

namespace {

/// One row of the bad-value table.
template <class Real>
struct bad_value {
  const char* name;
  Real value;
};

/// The values every real parameter is fed.
template <class Real>
std::vector<bad_value<Real>> bad_reals() {
  using limits = std::numeric_limits<Real>;
  return {{"NaN", limits::quiet_NaN()},
          {"-NaN", -limits::quiet_NaN()},
          {"+Inf", limits::infinity()},
          {"-Inf", -limits::infinity()},
          {"+0", Real(0)},
          {"-0", -Real(0)},
          {"-1", Real(-1)},
          {"smallest subnormal", limits::denorm_min()},
          {"-smallest subnormal", -limits::denorm_min()},
          {"largest finite", limits::max()},
          {"most negative finite", limits::lowest()}};
}

template <class Real>
bool finite(Real x) {
  return std::isfinite(x);
}

template <class Real>
const char* real_name() {
  return sizeof(Real) == 4 ? "float" : "double";
}

}  // namespace

// --- random -----------------------------------------------------------------------------------

TEST_CASE("bad input: pcg32 rejects an even increment and bounded(0) draws nothing", "[bad_input][pcg32]") {
  langevin::pcg32 g{1u, 2u};
  const langevin::pcg32 before = g;
  for (std::uint64_t increment : {0ull, 2ull, 0xFFFFFFFFFFFFFFFEull}) {
    CAPTURE(increment);
    CHECK(g.set_state({123u, increment}) == langevin::status::invalid_argument);
    CHECK(g == before);
  }
  CHECK(g.bounded(0u) == 0u);
  CHECK(g == before);
  g.advance(0u);
  g.backstep(0u);
  CHECK(g == before);
}

TEMPLATE_TEST_CASE("bad input: uniform(g, lower, upper) with bad bounds", "[bad_input][uniform]", float, double) {
  using Real = TestType;
  for (const auto& lower : bad_reals<Real>()) {
    for (const auto& upper : bad_reals<Real>()) {
      CAPTURE(real_name<Real>(), lower.name, upper.name);
      langevin::pcg32 g{5u, 6u};
      langevin::pcg32 reference = g;
      const Real r = langevin::uniform(g, lower.value, upper.value);
      static_cast<void>(langevin::uniform<Real>(reference));
      CHECK(g == reference);  // the same draws whatever the bounds
      const Real width = upper.value - lower.value;
      // Documented: lower + (upper - lower) * u, u in [0, 1). Finite bounds with a finite
      // width give a finite value in the closed interval; non-finite ones do not crash.
      if (finite(lower.value) && finite(upper.value) && finite(width)) {
        CHECK(finite(r));
        CHECK(r >= std::fmin(lower.value, upper.value));
        CHECK(r <= std::fmax(lower.value, upper.value));
      }
      if (std::isnan(lower.value) || std::isnan(upper.value)) CHECK(std::isnan(r));
    }
  }
}

TEMPLATE_TEST_CASE("bad input: normal(g, mean, sigma) with bad parameters", "[bad_input][normal]", float, double) {
  using Real = TestType;
  for (const auto& mean : bad_reals<Real>()) {
    for (const auto& sigma : bad_reals<Real>()) {
      CAPTURE(real_name<Real>(), mean.name, sigma.name);
      langevin::pcg32 g{11u, 12u};
      langevin::pcg32 reference = g;
      const Real r = langevin::normal(g, mean.value, sigma.value);
      const Real z = langevin::normal<Real>(reference);
      CHECK(g == reference);
      // Documented: mean + sigma * z with the same draws as normal<Real>(g).
      const Real expected = mean.value + sigma.value * z;
      CHECK((std::isnan(expected) ? std::isnan(r) : r == expected));
    }
  }
}

TEMPLATE_TEST_CASE("bad input: normal_bounded with 0 and huge round budgets", "[bad_input][normal]", float, double) {
  using Real = TestType;
  for (std::uint32_t rounds : {0u, 1u, 0xFFFFFFFFu}) {
    CAPTURE(rounds);
    langevin::pcg32 g{13u, 14u};
    bool all_finite = true;
    for (int i = 0; i < 2000; ++i) all_finite = all_finite && finite(langevin::normal_bounded<Real>(g, rounds));
    CHECK(all_finite);
  }
  langevin::pcg32 zero{15u, 16u};
  langevin::pcg32 one = zero;
  CHECK(langevin::normal_bounded<Real>(zero, 0u) == langevin::normal_bounded<Real>(one, 1u));  // 0 counts as 1
  CHECK(zero == one);
}

TEMPLATE_TEST_CASE("bad input: normal_fill with a null buffer draws nothing", "[bad_input][normal]", float, double) {
  using Real = TestType;
  langevin::pcg32 g{17u, 18u};
  const langevin::pcg32 before = g;
  for (std::size_t count : {std::size_t{1}, std::size_t{1000}, std::numeric_limits<std::size_t>::max()}) {
    CAPTURE(count);
    CHECK(langevin::normal_fill<Real>(g, static_cast<Real*>(nullptr), count) == langevin::status::invalid_argument);
    CHECK(g == before);
  }
  CHECK(langevin::normal_fill<Real>(g, static_cast<Real*>(nullptr), 0u) == langevin::status::ok);
  CHECK(langevin::normal_fill<Real>(g, langevin::span<Real>{}) == langevin::status::ok);
  CHECK(g == before);
}

TEST_CASE("bad input: shuffle with a null buffer or an impossible count", "[bad_input][shuffle]") {
  langevin::pcg32 g{19u, 20u};
  const langevin::pcg32 before = g;
  CHECK(langevin::shuffle(g, static_cast<int*>(nullptr), 5u) == langevin::status::invalid_argument);
  CHECK(g == before);
  int one[1] = {42};
  CHECK(langevin::shuffle(g, one, 1u) == langevin::status::ok);
  CHECK(langevin::shuffle(g, static_cast<int*>(nullptr), 0u) == langevin::status::ok);
  CHECK(g == before);
  CHECK(one[0] == 42);
  if (sizeof(std::size_t) > 4) {
    // count >= 2^32 is refused before the buffer is touched (a 1-element buffer suffices).
    const auto huge = static_cast<std::size_t>(std::uint64_t{1} << 32u);
    CHECK(langevin::shuffle(g, one, huge) == langevin::status::invalid_argument);
    CHECK(g == before);
    CHECK(one[0] == 42);
  }
}

// --- math ---------------------------------------------------------------------------------------

TEMPLATE_TEST_CASE("bad input: math::exp and math::log at special values", "[bad_input][math]", float, double) {
  using Real = TestType;
  using limits = std::numeric_limits<Real>;
  for (const auto& x : bad_reals<Real>()) {
    CAPTURE(real_name<Real>(), x.name);
    const Real e = langevin::math::exp(x.value);
    const Real l = langevin::math::log(x.value);
    if (std::isnan(x.value)) {
      CHECK(std::isnan(e));
      CHECK(std::isnan(l));
      continue;
    }
    CHECK_FALSE(std::isnan(e));
    CHECK(e >= Real(0));
    if (x.value == limits::infinity()) CHECK(e == limits::infinity());
    if (x.value == -limits::infinity()) CHECK(e == Real(0));
    if (x.value == limits::max()) CHECK(e == limits::infinity());
    if (x.value == limits::lowest()) CHECK(e == Real(0));
    if (x.value == Real(0)) {
      CHECK(e == Real(1));
      CHECK(l == -limits::infinity());  // log(+-0) = -inf
    }
    if (x.value < Real(0)) CHECK(std::isnan(l));
    if (x.value > Real(0)) CHECK_FALSE(std::isnan(l));
    if (x.value == limits::infinity()) CHECK(l == limits::infinity());
  }
}

// --- data set -------------------------------------------------------------------------------------

TEST_CASE("bad input: batch_sampler::init refuses impossible sizes and modes, unchanged", "[bad_input][dataset]") {
  struct row {
    const char* name;
    std::size_t count;
    std::size_t batch;
    langevin::sampling mode;
    langevin::status expected;
  };
  const auto without = langevin::sampling::without_replacement;
  const auto with = langevin::sampling::with_replacement;
  const auto in_order = langevin::sampling::in_order;
  std::vector<row> rows = {
      {"N = 0", 0u, 1u, with, langevin::status::invalid_argument},
      {"B = 0", 10u, 0u, with, langevin::status::invalid_argument},
      {"B > N", 10u, 11u, in_order, langevin::status::invalid_argument},
      {"B huge", 10u, std::numeric_limits<std::size_t>::max(), with, langevin::status::invalid_argument},
      {"mode not an enumerator", 10u, 2u, static_cast<langevin::sampling>(3), langevin::status::invalid_argument},
      {"mode 255", 10u, 2u, static_cast<langevin::sampling>(255), langevin::status::invalid_argument},
      {"N > capacity without replacement", 65u, 2u, without, langevin::status::buffer_too_small},
  };
  if (sizeof(std::size_t) > 4) {
    rows.push_back({"N = 2^32", static_cast<std::size_t>(std::uint64_t{1} << 32u), 1u, with,
                    langevin::status::invalid_argument});
  }
  for (const row& r : rows) {
    CAPTURE(r.name);
    langevin::batch_sampler<64> sampler;
    REQUIRE(sampler.init(7u, 3u, without) == langevin::status::ok);
    langevin::batch_sampler<64> before = sampler;
    CHECK(sampler.init(r.count, r.batch, r.mode) == r.expected);
    CHECK(sampler.sample_count() == before.sample_count());
    CHECK(sampler.batch_size() == before.batch_size());
    CHECK(sampler.mode() == before.mode());
    CHECK(sampler.position() == before.position());
    CHECK(sampler.epochs() == before.epochs());
    const auto order = sampler.order();
    const auto order_before = before.order();
    REQUIRE(order.size() == order_before.size());
    for (std::size_t i = 0; i < order.size(); ++i) CHECK(order[i] == order_before[i]);
  }
}

// --- checkpoint -------------------------------------------------------------------------------------

TEST_CASE("bad input: checkpoint save into null or short buffers, restore from null or short blobs",
          "[bad_input][checkpoint]") {
  langevin::pcg32 g{21u, 22u};
  const langevin::pcg32 before = g;
  unsigned char buffer[64] = {};
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, langevin::checkpoint_size<langevin::pcg32> - 1u}) {
    CAPTURE(size);
    CHECK(langevin::save_checkpoint(g, buffer, size) == langevin::status::buffer_too_small);
    CHECK(langevin::restore_checkpoint(g, buffer, size) == langevin::status::corrupt_data);
    CHECK(g == before);
  }
  CHECK(langevin::save_checkpoint(g, static_cast<unsigned char*>(nullptr), 64u) == langevin::status::buffer_too_small);
  CHECK(langevin::restore_checkpoint(g, static_cast<const unsigned char*>(nullptr), 64u) ==
        langevin::status::corrupt_data);
  // A buffer of all zeros, of all 0xFF (erased flash) and a blob of another kind.
  std::memset(buffer, 0, sizeof buffer);
  CHECK(langevin::restore_checkpoint(g, buffer, sizeof buffer) == langevin::status::corrupt_data);
  std::memset(buffer, 0xFF, sizeof buffer);
  CHECK(langevin::restore_checkpoint(g, buffer, sizeof buffer) == langevin::status::corrupt_data);
  CHECK(g == before);
}

// --- problems that misbehave ----------------------------------------------------------------------

namespace {

/// A bowl whose energy or one gradient element is replaced by `bad` (the table value).
template <class Real, std::size_t N>
struct broken_problem {
  enum class part { energy, gradient } which;
  Real bad;
  mutable int calls = 0;
  Real operator()(const std::array<Real, N>& x, std::array<Real, N>& g) const {
    ++calls;
    Real e = Real(0);
    for (std::size_t i = 0; i < N; ++i) {
      g[i] = Real(2) * x[i];
      e += x[i] * x[i];
    }
    if (which == part::energy) return bad;
    g[N - 1] = bad;
    return e;
  }
};

template <class Real, std::size_t N>
bool all_finite(const std::array<Real, N>& v) {
  for (Real x : v) {
    if (!std::isfinite(x)) return false;
  }
  return true;
}

template <class Real>
std::vector<bad_value<Real>> non_finite_reals() {
  using limits = std::numeric_limits<Real>;
  return {{"NaN", limits::quiet_NaN()}, {"+Inf", limits::infinity()}, {"-Inf", -limits::infinity()}};
}

}  // namespace

// --- dynamics ---------------------------------------------------------------------------------------

TEMPLATE_TEST_CASE("bad input: stepper init() refuses bad time step, friction and mass, unchanged",
                   "[bad_input][dynamics]", float, double) {
  using Real = TestType;
  using overdamped = langevin::overdamped_options<Real>;
  using underdamped = langevin::underdamped_options<Real>;
  for (const auto& bad : bad_reals<Real>()) {
    CAPTURE(real_name<Real>(), bad.name);
    const bool positive_finite = finite(bad.value) && bad.value > Real(0);
    langevin::euler_maruyama<Real, 2> em;
    REQUIRE(em.init(overdamped{Real(0.01), Real(2)}) == langevin::status::ok);
    const overdamped bad_h{bad.value, Real(2)};
    const overdamped bad_gamma{Real(0.01), bad.value};
    const langevin::status h_status = em.init(bad_h);
    const langevin::status gamma_status = em.init(bad_gamma);
    if (!positive_finite) {
      CHECK(h_status == langevin::status::invalid_argument);
      CHECK(gamma_status == langevin::status::invalid_argument);
      CHECK(bad_h.validate() == langevin::field::time_step);
      CHECK(bad_gamma.validate() == langevin::field::friction);
      CHECK(em.options().time_step == Real(0.01));
      CHECK(em.options().friction == Real(2));
    } else {
      // init() refuses exactly what validate() names (h / gamma may overflow).
      CHECK((h_status == langevin::status::ok) == (bad_h.validate() == langevin::field::none));
      CHECK((gamma_status == langevin::status::ok) == (bad_gamma.validate() == langevin::field::none));
    }
    langevin::baoab<Real, 2> integrator;
    REQUIRE(integrator.init(underdamped{Real(0.01), Real(1), Real(1)}) == langevin::status::ok);
    const bool non_negative_finite = finite(bad.value) && bad.value >= Real(0);
    if (!positive_finite) {
      CHECK(integrator.init(underdamped{bad.value, Real(1), Real(1)}) == langevin::status::invalid_argument);
      CHECK(integrator.init(underdamped{Real(0.01), bad.value, Real(1)}) == langevin::status::invalid_argument);
      CHECK(underdamped{bad.value, Real(1), Real(1)}.validate() == langevin::field::time_step);
      CHECK(underdamped{Real(0.01), bad.value, Real(1)}.validate() == langevin::field::mass);
    }
    if (!non_negative_finite) {
      CHECK(integrator.init(underdamped{Real(0.01), Real(1), bad.value}) == langevin::status::invalid_argument);
      CHECK(underdamped{Real(0.01), Real(1), bad.value}.validate() == langevin::field::friction);
    }
    CHECK(integrator.options().time_step == Real(0.01));
    CHECK(integrator.options().mass == Real(1));
    CHECK(integrator.options().friction == Real(1));
  }
}

TEMPLATE_TEST_CASE("bad input: steppers refuse non-finite positions and bad temperatures, unchanged",
                   "[bad_input][dynamics]", float, double) {
  using Real = TestType;
  const broken_problem<Real, 2> fine{broken_problem<Real, 2>::part::energy, Real(1)};
  for (const auto& bad : bad_reals<Real>()) {
    CAPTURE(real_name<Real>(), bad.name);
    langevin::euler_maruyama<Real, 2> em;
    langevin::leimkuhler_matthews<Real, 2> lm;
    langevin::baoab<Real, 2> integrator;
    REQUIRE(em.init({Real(0.01)}) == langevin::status::ok);
    REQUIRE(lm.init({Real(0.01)}) == langevin::status::ok);
    REQUIRE(integrator.init({Real(0.01)}) == langevin::status::ok);
    REQUIRE(em.place({Real(1), Real(-1)}) == langevin::status::ok);
    REQUIRE(lm.place({Real(1), Real(-1)}) == langevin::status::ok);
    REQUIRE(integrator.place({Real(1), Real(-1)}, {Real(0), Real(0)}) == langevin::status::ok);
    const std::array<Real, 2> bad_point{Real(0), bad.value};
    if (!finite(bad.value)) {
      CHECK(em.place(bad_point) == langevin::status::invalid_argument);
      CHECK(lm.place(bad_point) == langevin::status::invalid_argument);
      CHECK(integrator.place(bad_point, {}) == langevin::status::invalid_argument);
      CHECK(integrator.place({}, bad_point) == langevin::status::invalid_argument);
      CHECK(em.current() == std::array<Real, 2>{Real(1), Real(-1)});
      CHECK(lm.current() == std::array<Real, 2>{Real(1), Real(-1)});
      CHECK(integrator.current() == std::array<Real, 2>{Real(1), Real(-1)});
      CHECK(integrator.momentum() == std::array<Real, 2>{Real(0), Real(0)});
    }
    // Temperature: T >= 0 and finite; otherwise invalid_argument, no problem call, no draw.
    const bool valid_temperature = finite(bad.value) && bad.value >= Real(0);
    langevin::pcg32 g{1u, 2u};
    const langevin::pcg32 g_before = g;
    fine.calls = 0;
    const auto r1 = em.step(fine, bad.value, g);
    const auto r2 = lm.step(fine, bad.value, g);
    const auto r3 = integrator.step(fine, bad.value, g);
    if (!valid_temperature) {
      CHECK(r1.status == langevin::status::invalid_argument);
      CHECK(r2.status == langevin::status::invalid_argument);
      CHECK(r3.status == langevin::status::invalid_argument);
      CHECK(fine.calls == 0);
      CHECK(g == g_before);
      CHECK(em.steps() == 0u);
      CHECK(integrator.steps() == 0u);
    }
    CHECK(all_finite(em.current()));
    CHECK(all_finite(lm.current()));
    CHECK(all_finite(integrator.current()));
    CHECK(all_finite(integrator.momentum()));
  }
}

TEMPLATE_TEST_CASE("bad input: problems returning NaN/Inf energy or gradient give non_finite, state unchanged",
                   "[bad_input][dynamics]", float, double) {
  using Real = TestType;
  using problem = broken_problem<Real, 2>;
  for (const auto part : {problem::part::energy, problem::part::gradient}) {
    for (const auto& bad : non_finite_reals<Real>()) {
      CAPTURE(real_name<Real>(), part == problem::part::energy ? "energy" : "gradient", bad.name);
      const problem p{part, bad.value};
      langevin::euler_maruyama<Real, 2> em;
      langevin::leimkuhler_matthews<Real, 2> lm;
      langevin::baoab<Real, 2> integrator;
      REQUIRE(em.init({Real(0.01)}) == langevin::status::ok);
      REQUIRE(lm.init({Real(0.01)}) == langevin::status::ok);
      REQUIRE(integrator.init({Real(0.01)}) == langevin::status::ok);
      const std::array<Real, 2> start{Real(0.5), Real(-0.25)};
      REQUIRE(em.place(start) == langevin::status::ok);
      REQUIRE(lm.place(start) == langevin::status::ok);
      REQUIRE(integrator.place(start, start) == langevin::status::ok);
      langevin::pcg32 g{3u, 4u};
      for (int k = 0; k < 3; ++k) {
        CHECK(em.step(p, Real(1), g).status == langevin::status::non_finite);
        CHECK(lm.step(p, Real(1), g).status == langevin::status::non_finite);
        CHECK(integrator.step(p, Real(1), g).status == langevin::status::non_finite);
      }
      CHECK(em.current() == start);
      CHECK(lm.current() == start);
      CHECK(integrator.current() == start);
      CHECK(integrator.momentum() == start);
      CHECK(em.steps() == 0u);
      CHECK(lm.steps() == 0u);
      CHECK(integrator.steps() == 0u);
    }
  }
}

TEMPLATE_TEST_CASE("bad input: a step that would overflow the position is refused, state unchanged",
                   "[bad_input][dynamics]", float, double) {
  using Real = TestType;
  using problem = broken_problem<Real, 2>;
  const problem steep{problem::part::gradient, -std::numeric_limits<Real>::max()};
  langevin::euler_maruyama<Real, 2> em;
  langevin::baoab<Real, 2> integrator;
  REQUIRE(em.init({Real(1000)}) == langevin::status::ok);
  REQUIRE(integrator.init({Real(1000)}) == langevin::status::ok);
  const std::array<Real, 2> start{Real(1), Real(1)};
  REQUIRE(em.place(start) == langevin::status::ok);
  REQUIRE(integrator.place(start, start) == langevin::status::ok);
  langevin::pcg32 g{5u, 6u};
  CHECK(em.step(steep, Real(0), g).status == langevin::status::non_finite);
  CHECK(integrator.step(steep, Real(0), g).status == langevin::status::non_finite);
  CHECK(em.current() == start);
  CHECK(integrator.current() == start);
  CHECK(integrator.momentum() == start);
}

TEMPLATE_TEST_CASE("bad input: brownian_step / brownian_path refuse bad D and dt, untouched", "[bad_input][dynamics]",
                   float, double) {
  using Real = TestType;
  for (const auto& bad : bad_reals<Real>()) {
    CAPTURE(real_name<Real>(), bad.name);
    const std::array<Real, 2> start{Real(1), Real(2)};
    std::array<Real, 2> x = start;
    langevin::pcg32 g{7u, 8u};
    const langevin::pcg32 g_before = g;
    const bool good_d = finite(bad.value) && bad.value >= Real(0);
    const bool good_dt = finite(bad.value) && bad.value > Real(0);
    const langevin::status d_status = langevin::brownian_step(x, bad.value, Real(0.01), g);
    if (!good_d) {
      CHECK(d_status == langevin::status::invalid_argument);
      CHECK(x == start);
      CHECK(g == g_before);
    } else if (d_status == langevin::status::invalid_argument) {
      // Accepted D, but 2 D dt overflows (D near the largest finite value): refused whole.
      CHECK(x == start);
      CHECK(g == g_before);
    } else {
      CHECK((d_status == langevin::status::ok || d_status == langevin::status::non_finite));
      CHECK(all_finite(x));
    }
    x = start;
    g = g_before;
    if (!good_dt) {
      CHECK(langevin::brownian_step(x, Real(1), bad.value, g) == langevin::status::invalid_argument);
      CHECK(x == start);
      std::array<Real, 2> path[4] = {start, start, start, start};
      CHECK(langevin::brownian_path(langevin::span<std::array<Real, 2>>{path}, Real(1), bad.value, g) ==
            langevin::status::invalid_argument);
      CHECK(path[3] == start);
      CHECK(g == g_before);
    }
  }
}

TEMPLATE_TEST_CASE("bad input: schedules with bad parameters fail validate(), run() refuses them",
                   "[bad_input][schedule]", float, double) {
  using Real = TestType;
  using schedule = langevin::schedule<Real>;
  for (const auto& bad : bad_reals<Real>()) {
    CAPTURE(real_name<Real>(), bad.name);
    const bool finite_non_negative = finite(bad.value) && bad.value >= Real(0);
    const bool finite_positive = finite(bad.value) && bad.value > Real(0);
    const struct {
      const char* name;
      schedule s;
      bool valid;
    } rows[] = {
        {"constant(v)", schedule::constant(bad.value), finite_non_negative},
        {"logarithmic(c, 2)", schedule::logarithmic(bad.value, Real(2)), finite_positive},
        {"logarithmic(1, n0)", schedule::logarithmic(Real(1), bad.value), finite(bad.value) && bad.value > Real(1)},
        {"geometric(t0, 0.9)", schedule::geometric(bad.value, Real(0.9)), finite_positive},
        {"geometric(1, ratio)", schedule::geometric(Real(1), bad.value),
         finite_positive && bad.value <= Real(1)},
        {"inverse_time(1, offset)", schedule::inverse_time(Real(1), bad.value), finite_positive},
        {"polynomial(1, 1, k)", schedule::polynomial(Real(1), Real(1), bad.value), finite_non_negative},
        {"cosine(1, low, 10)", schedule::cosine(Real(1), bad.value, 10u),
         finite_non_negative && bad.value <= Real(1)},
        {"linear(start, 0, 10)", schedule::linear(bad.value, Real(0), 10u), finite_non_negative},
        {"geometric(1, 0.9, floor)", schedule::geometric(Real(1), Real(0.9), bad.value), finite_non_negative},
    };
    for (const auto& row : rows) {
      CAPTURE(row.name);
      CHECK((row.s.validate() == langevin::status::ok) == row.valid);
      static_cast<void>(row.s(0u));  // any value, never UB
      static_cast<void>(row.s(~std::uint64_t{0}));
      if (!row.valid) {
        langevin::baoab<Real, 2> integrator;
        REQUIRE(integrator.init({Real(0.01)}) == langevin::status::ok);
        REQUIRE(integrator.place({Real(1), Real(1)}, {}) == langevin::status::ok);
        langevin::pcg32 g{9u, 10u};
        const langevin::pcg32 g_before = g;
        const broken_problem<Real, 2> fine{broken_problem<Real, 2>::part::energy, Real(1)};
        const auto run = integrator.run(fine, row.s, g, 10u);
        CHECK(run.status == langevin::status::invalid_argument);
        CHECK(run.steps == 0u);
        CHECK(fine.calls == 0);
        CHECK(g == g_before);
        CHECK(integrator.steps() == 0u);
      }
    }
  }
}

// --- annealing SGD ------------------------------------------------------------------------------------

namespace {

struct pair_sample {
  float x;
  float y;
};

/// Least squares y ~ a x + b, or a loss / gradient element replaced by `bad`.
struct sgd_model {
  int broken = 0;  // 0 none, 1 loss, 2 gradient
  float bad = 0.0f;
  float operator()(const std::array<float, 2>& theta, const pair_sample& s, std::array<float, 2>& g) const {
    const float r = theta[0] * s.x + theta[1] - s.y;
    g[0] = r * s.x;
    g[1] = broken == 2 ? bad : r;
    return broken == 1 ? bad : 0.5f * r * r;
  }
};

}  // namespace

TEST_CASE("bad input: annealing_sgd::init refuses every bad option, unchanged", "[bad_input][annealing_sgd]") {
  using options_t = langevin::annealing_sgd_options<float>;
  using schedule = langevin::schedule<float>;
  for (const auto& bad : bad_reals<float>()) {
    CAPTURE(bad.name);
    const bool in_unit = finite(bad.value) && bad.value >= 0.0f && bad.value < 1.0f;
    const bool non_negative = finite(bad.value) && bad.value >= 0.0f;
    const bool positive = finite(bad.value) && bad.value > 0.0f;
    struct row {
      const char* name;
      options_t options;
      langevin::field wrong;
      bool valid;
    };
    options_t base;
    base.batch_size = 2u;
    std::vector<row> rows;
    {
      options_t o = base;
      o.momentum = bad.value;
      rows.push_back({"momentum", o, langevin::field::momentum, in_unit});
    }
    {
      options_t o = base;
      o.max_gradient_norm = bad.value;
      rows.push_back({"max_gradient_norm", o, langevin::field::max_gradient_norm, non_negative});
    }
    {
      options_t o = base;
      o.learning_rate = schedule::constant(bad.value);
      rows.push_back({"learning rate", o, langevin::field::learning_rate, positive});
    }
    {
      options_t o = base;
      o.temperature = schedule::constant(bad.value);
      rows.push_back({"temperature", o, langevin::field::temperature, non_negative});
    }
    for (const row& r : rows) {
      CAPTURE(r.name);
      langevin::annealing_sgd<float, 2, 8> sgd;
      const langevin::status s = sgd.init(4u, r.options);
      CHECK((s == langevin::status::ok) == r.valid);
      CHECK(r.options.validate(4u) == (r.valid ? langevin::field::none : r.wrong));
      if (!r.valid) {
        CHECK(s == langevin::status::invalid_argument);
        CHECK_FALSE(sgd.initialized());
      }
    }
    langevin::annealing_sgd<float, 2, 8> placed;
    const langevin::status s = placed.place({bad.value, 0.0f});
    CHECK((s == langevin::status::ok) == finite(bad.value));
    if (!finite(bad.value)) CHECK(placed.current() == (std::array<float, 2>{}));
  }
  options_t o;
  langevin::annealing_sgd<float, 2, 8> sgd;
  o.batch_size = 0u;
  CHECK(sgd.init(4u, o) == langevin::status::invalid_argument);
  o.batch_size = 5u;
  CHECK(sgd.init(4u, o) == langevin::status::invalid_argument);
  CHECK(o.validate(4u) == langevin::field::batch_size);
  o.batch_size = 1u;
  CHECK(sgd.init(0u, o) == langevin::status::invalid_argument);
  CHECK(o.validate(0u) == langevin::field::sample_count);
  if (sizeof(std::size_t) > 4) {
    const auto too_many = static_cast<std::size_t>(std::uint64_t{1} << 32u);
    CHECK(sgd.init(too_many, o) == langevin::status::invalid_argument);
    CHECK(o.validate(too_many) == langevin::field::sample_count);
  }
  CHECK(sgd.init(9u, o) == langevin::status::ok);  // with replacement (the default) needs no buffer
  sgd = langevin::annealing_sgd<float, 2, 8>{};
  o.batches = langevin::sampling::without_replacement;
  CHECK(sgd.init(9u, o) == langevin::status::buffer_too_small);
  CHECK(o.validate(9u) == langevin::field::none);
  o.batches = langevin::sampling::with_replacement;
  o.objective = static_cast<langevin::objective_scale>(7);
  CHECK(sgd.init(4u, o) == langevin::status::invalid_argument);
  CHECK(o.validate() == langevin::field::objective);
  o.objective = langevin::objective_scale::mean;
  o.batches = static_cast<langevin::sampling>(9);
  CHECK(sgd.init(4u, o) == langevin::status::invalid_argument);
  CHECK(o.validate() == langevin::field::batches);
  CHECK_FALSE(sgd.initialized());
}

TEST_CASE("bad input: annealing_sgd::step with wrong data or a NaN/Inf model", "[bad_input][annealing_sgd]") {
  pair_sample data[4] = {{0.0f, 1.0f}, {1.0f, 2.0f}, {2.0f, 3.0f}, {3.0f, 4.0f}};
  langevin::annealing_sgd_options<float> o;
  o.batch_size = 2u;
  o.batches = langevin::sampling::without_replacement;
  langevin::annealing_sgd<float, 2, 8> sgd;
  // Not initialized: invalid_argument, the model is never called.
  CHECK(sgd.step(sgd_model{}, langevin::span<const pair_sample>{data, 4u}).status == langevin::status::invalid_argument);
  REQUIRE(sgd.init(4u, o) == langevin::status::ok);
  REQUIRE(sgd.place({0.5f, 0.5f}) == langevin::status::ok);
  CHECK(sgd.step(sgd_model{}, langevin::span<const pair_sample>{data, 3u}).status == langevin::status::invalid_argument);
  CHECK(sgd.step(sgd_model{}, langevin::span<const pair_sample>{}).status == langevin::status::invalid_argument);
  CHECK(sgd.steps() == 0u);
  for (int part = 1; part <= 2; ++part) {
    for (const auto& bad : non_finite_reals<float>()) {
      CAPTURE(part, bad.name);
      const auto before = sgd.current();
      const auto velocity_before = sgd.velocity();
      const auto rejected_before = sgd.rejected_steps();
      const auto r = sgd.step(sgd_model{part, bad.value}, langevin::span<const pair_sample>{data, 4u});
      CHECK(r.status == langevin::status::non_finite);
      CHECK(sgd.current() == before);
      CHECK(sgd.velocity() == velocity_before);
      CHECK(sgd.rejected_steps() == rejected_before + 1u);
    }
  }
  // A finite but huge gradient that would overflow the parameters is rejected as well.
  const auto before = sgd.current();
  const auto r = sgd.step(sgd_model{2, std::numeric_limits<float>::max()}, langevin::span<const pair_sample>{data, 4u});
  if (r.status != langevin::status::ok) CHECK(sgd.current() == before);
  CHECK(all_finite(sgd.current()));
}

// --- minimize ---------------------------------------------------------------------------------------------

TEMPLATE_TEST_CASE("bad input: minimize refuses bad boxes and options before any call", "[bad_input][minimize]",
                   float, double) {
  using Real = TestType;
  struct counting_bowl {
    int* calls;
    Real operator()(const std::array<Real, 2>& x, std::array<Real, 2>& g) const {
      ++*calls;
      g = {Real(2) * x[0], Real(2) * x[1]};
      return x[0] * x[0] + x[1] * x[1];
    }
  };
  int calls = 0;
  const counting_bowl problem{&calls};
  langevin::minimize_options<Real> good;
  good.max_calls = 50u;
  for (const auto& bad : bad_reals<Real>()) {
    CAPTURE(real_name<Real>(), bad.name);
    const langevin::box<Real, 2> boxes[] = {
        {{bad.value, Real(-1)}, {Real(1), Real(1)}},
        {{Real(-1), Real(-1)}, {bad.value, Real(1)}},
    };
    for (const auto& b : boxes) {
      const bool valid = b.validate() == langevin::status::ok;
      calls = 0;
      const auto r = langevin::minimize(problem, b, good);
      if (!valid) {
        CHECK(r.status == langevin::status::invalid_argument);
        CHECK(r.calls == 0u);
        CHECK(calls == 0);
      } else {
        CHECK(r.calls <= good.max_calls);
      }
    }
  }
  const langevin::box<Real, 2> unit{{Real(-1), Real(-1)}, {Real(1), Real(1)}};
  const Real nan = std::numeric_limits<Real>::quiet_NaN();
  const Real inf = std::numeric_limits<Real>::infinity();
  struct row {
    const char* name;
    langevin::minimize_options<Real> options;
    langevin::field wrong;
  };
  std::vector<row> rows;
  auto with = [&](const char* name, langevin::field wrong, auto change) {
    langevin::minimize_options<Real> o = good;
    change(o);
    rows.push_back({name, o, wrong});
  };
  using langevin::field;
  with("max_calls 0", field::max_calls, [](auto& o) { o.max_calls = 0u; });
  with("polish_fraction NaN", field::polish_fraction, [&](auto& o) { o.polish_fraction = nan; });
  with("polish_fraction 1", field::polish_fraction, [](auto& o) { o.polish_fraction = Real(1); });
  with("polish_fraction -0.1", field::polish_fraction, [](auto& o) { o.polish_fraction = Real(-0.1); });
  with("quench_tolerance NaN", field::quench_tolerance, [&](auto& o) { o.quench_tolerance = nan; });
  with("quench_tolerance 2", field::quench_tolerance, [](auto& o) { o.quench_tolerance = Real(2); });
  with("quench_max_steps 0", field::quench_max_steps, [](auto& o) { o.quench_max_steps = 0u; });
  with("initial_jump 0", field::initial_jump, [](auto& o) { o.initial_jump = Real(0); });
  with("initial_jump Inf", field::initial_jump, [&](auto& o) { o.initial_jump = inf; });
  with("quench_fraction 0", field::quench_fraction, [](auto& o) { o.quench_fraction = Real(0); });
  with("explorer_temperature -1", field::explorer_temperature, [](auto& o) { o.explorer_temperature = Real(-1); });
  with("explorer_temperature Inf", field::explorer_temperature, [&](auto& o) { o.explorer_temperature = inf; });
  with("ladder_ratio 0.5", field::ladder_ratio, [](auto& o) { o.ladder_ratio = Real(0.5); });
  with("ladder_ratio NaN", field::ladder_ratio, [&](auto& o) { o.ladder_ratio = nan; });
  with("ground_share 0", field::ground_share, [](auto& o) { o.ground_share = 0u; });
  with("target_value NaN", field::target_value, [&](auto& o) { o.target_value = nan; });
  CHECK(good.validate() == field::none);
  for (const row& r : rows) {
    CAPTURE(real_name<Real>(), r.name);
    CHECK(r.options.validate() == r.wrong);
    calls = 0;
    const auto result = langevin::minimize(problem, unit, r.options);
    CHECK(result.status == langevin::status::invalid_argument);
    CHECK(result.calls == 0u);
    CHECK(calls == 0);
    // The minimizer refuses them in init() and stays as it was (here: never initialised).
    langevin::minimizer<Real, 2> engine;
    CHECK(engine.init(unit, r.options) == langevin::status::invalid_argument);
    CHECK(engine.done());
    CHECK(engine.calls() == 0u);
  }
}

TEMPLATE_TEST_CASE("bad input: minimizer place() refuses points that are not finite or not in the box, unchanged",
                   "[bad_input][minimize]", float, double) {
  using Real = TestType;
  using engine_type = langevin::minimizer<Real, 2>;
  const langevin::box<Real, 2> unit{{Real(-1), Real(-1)}, {Real(1), Real(1)}};
  langevin::minimize_options<Real> o;
  o.max_calls = 100u;
  for (const auto& bad : bad_reals<Real>()) {
    for (std::size_t coordinate = 0; coordinate < 2u; ++coordinate) {
      CAPTURE(real_name<Real>(), bad.name, coordinate);
      static engine_type engine;
      REQUIRE(engine.init(unit, o) == langevin::status::ok);
      std::array<Real, 2> x{Real(0.5), Real(-0.5)};
      x[coordinate] = bad.value;
      const bool inside = unit.contains(x);
      static langevin::checkpoint_blob<engine_type> before;
      static langevin::checkpoint_blob<engine_type> after;
      langevin::save_checkpoint(engine, before);
      const langevin::status placed = engine.place(x);
      langevin::save_checkpoint(engine, after);
      if (inside) {
        CHECK(placed == langevin::status::ok);
        CHECK(engine.point() == x);
      } else {
        CHECK(placed == langevin::status::invalid_argument);
        CHECK(before == after);
      }
    }
  }
}

TEMPLATE_TEST_CASE("bad input: minimize on a problem that is NaN or Inf everywhere", "[bad_input][minimize]", float,
                   double) {
  using Real = TestType;
  using problem = broken_problem<Real, 2>;
  const langevin::box<Real, 2> unit{{Real(-1), Real(-1)}, {Real(1), Real(1)}};
  langevin::minimize_options<Real> o;
  o.max_calls = 200u;
  for (const auto part : {problem::part::energy, problem::part::gradient}) {
    for (const auto& bad : non_finite_reals<Real>()) {
      CAPTURE(real_name<Real>(), bad.name);
      const auto r = langevin::minimize(problem{part, bad.value}, unit, o);
      CHECK(r.status == langevin::status::non_finite);
      CHECK(r.calls <= o.max_calls);
      CHECK(r.calls > 0u);
      CHECK(unit.contains(r.x));
    }
  }
}
