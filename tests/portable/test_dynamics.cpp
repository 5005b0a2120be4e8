// Steppers, schedules and Brownian paths: contracts that hold on every port (statuses,
// untouched state on bad input, exact deterministic cases). The statistical physics is in
// tests/host/test_dynamics_physics.cpp.
#include <array>
#include <cstdint>
#include <limits>

#include <langevin/dynamics/brownian.hpp>
#include <langevin/dynamics/overdamped.hpp>
#include <langevin/dynamics/underdamped.hpp>
#include <langevin/random/pcg32.hpp>
#include <langevin/schedule.hpp>

#include "langevin_test.hpp"

namespace {

using langevin::status;

template <class Real, std::size_t N>
struct bowl {  // E = k |x|^2 / 2
  Real k = Real(1);
  Real operator()(const std::array<Real, N>& x, std::array<Real, N>& g) const {
    Real e = Real(0);
    for (std::size_t i = 0; i < N; ++i) {
      g[i] = k * x[i];
      e += Real(0.5) * k * x[i] * x[i];
    }
    return e;
  }
};

// Returns NaN energy, or an infinite gradient component, everywhere.
template <class Real, std::size_t N>
struct poisoned {
  bool nan_energy;
  Real operator()(const std::array<Real, N>&, std::array<Real, N>& g) const {
    g.fill(Real(0));
    if (nan_energy) return std::numeric_limits<Real>::quiet_NaN();
    g[N - 1] = std::numeric_limits<Real>::infinity();
    return Real(1);
  }
};

template <class Real, std::size_t N>
bool same(const std::array<Real, N>& a, const std::array<Real, N>& b) {
  for (std::size_t i = 0; i < N; ++i) {
    if (!(a[i] == b[i])) return false;
  }
  return true;
}

template <class Stepper>
void check_overdamped_contract() {
  using position = std::array<float, 3>;
  using options = langevin::overdamped_options<float>;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  langevin::pcg32 rng{1u, 2u};
  Stepper s;
  CHECK(s.step(bowl<float, 3>{}, 1.0f, rng).status == status::invalid_argument);  // not initialised
  CHECK(s.init(options{0.0f}) == status::invalid_argument);
  CHECK(s.init(options{-0.1f}) == status::invalid_argument);
  CHECK(s.init(options{nan}) == status::invalid_argument);
  CHECK(s.init(options{inf}) == status::invalid_argument);
  CHECK(s.init(options{0.1f, 0.0f}) == status::invalid_argument);
  CHECK(s.init(options{0.1f, -1.0f}) == status::invalid_argument);
  CHECK(s.init(options{0.1f, 2.0f}) == status::ok);
  CHECK(s.init(options{nan, 1.0f}) == status::invalid_argument);
  CHECK(s.options().time_step == 0.1f);  // a rejected init keeps the previous values
  CHECK(s.options().friction == 2.0f);

  const position start{1.0f, -2.0f, 0.5f};
  REQUIRE(s.place(start) == status::ok);
  CHECK(s.place({nan, 0.0f, 0.0f}) == status::invalid_argument);
  CHECK(same(s.current(), start));

  const langevin::pcg32 rng_before = rng;
  CHECK(s.step(bowl<float, 3>{}, -1.0f, rng).status == status::invalid_argument);
  CHECK(s.step(bowl<float, 3>{}, nan, rng).status == status::invalid_argument);
  CHECK(s.step(bowl<float, 3>{}, inf, rng).status == status::invalid_argument);
  CHECK(rng == rng_before);
  CHECK(s.step(poisoned<float, 3>{true}, 1.0f, rng).status == status::non_finite);
  CHECK(s.step(poisoned<float, 3>{false}, 1.0f, rng).status == status::non_finite);
  CHECK(same(s.current(), start));
  CHECK(s.steps() == 0u);

  // At T = 0 a step is exactly gradient descent with rate h / gamma (0.1 / 2 = 0.05).
  const auto result = s.step(bowl<float, 3>{}, 0.0f, rng);
  CHECK(result.status == status::ok);
  CHECK(result.value == 0.5f * (1.0f + 4.0f + 0.25f));
  for (std::size_t i = 0; i < 3; ++i) CHECK(s.current()[i] == start[i] - 0.05f * start[i]);
  CHECK(s.steps() == 1u);

  // A step that would overflow the position is rejected and leaves it untouched.
  REQUIRE(s.place({3e38f, 0.0f, 0.0f}) == status::ok);
  struct steep {
    float operator()(const position&, position& g) const {
      g = {-3e38f, 0.0f, 0.0f};
      return 0.0f;
    }
  };
  REQUIRE(s.init(options{1.0f, 0.5f}) == status::ok);
  CHECK(s.step(steep{}, 0.0f, rng).status == status::non_finite);
  CHECK(s.current()[0] == 3e38f);
}

}  // namespace

TEST_CASE("Euler-Maruyama: statuses, untouched state on bad input, T = 0 is gradient descent", "[dynamics]") {
  check_overdamped_contract<langevin::euler_maruyama<float, 3>>();
}

TEST_CASE("Leimkuhler-Matthews: statuses, untouched state on bad input, T = 0 is gradient descent", "[dynamics]") {
  check_overdamped_contract<langevin::leimkuhler_matthews<float, 3>>();
}

TEST_CASE("BAOAB: statuses, untouched state, and energy conservation without friction", "[dynamics]") {
  using vec = std::array<double, 2>;
  langevin::pcg32 rng{3u, 4u};
  using options = langevin::underdamped_options<double>;
  langevin::baoab<double, 2> b;
  CHECK(b.step(bowl<double, 2>{}, 1.0, rng).status == status::invalid_argument);
  CHECK(b.init(options{0.0}) == status::invalid_argument);
  CHECK(b.init(options{0.1, 0.0}) == status::invalid_argument);
  CHECK(b.init(options{0.1, 1.0, -1.0}) == status::invalid_argument);
  REQUIRE(b.init(options{0.01, 1.0, 0.0}) == status::ok);  // no friction: velocity Verlet
  REQUIRE(b.place({1.0, 0.0}, {0.0, 1.0}) == status::ok);
  CHECK(b.place({1.0, std::numeric_limits<double>::infinity()}, {}) == status::invalid_argument);
  CHECK(b.step(poisoned<double, 2>{true}, 0.0, rng).status == status::non_finite);
  CHECK(b.current()[0] == 1.0);
  CHECK(b.momentum()[1] == 1.0);
  // Velocity Verlet on a harmonic oscillator conserves a shadow energy: the true energy
  // oscillates by O(h^2) = 1e-4 relative and does not drift.
  const double initial = 1.0;  // E = (q^2 + p^2) / 2 summed over the two coordinates
  double worst = 0.0;
  for (int n = 0; n < 2000; ++n) {
    const auto r = b.step(bowl<double, 2>{}, 0.0, rng);
    REQUIRE(r.status == status::ok);
    const double total = r.value + b.kinetic_energy();
    const double deviation = total > initial ? total - initial : initial - total;
    worst = deviation > worst ? deviation : worst;
  }
  CHECK(worst < 1e-4);
  CHECK(b.steps() == 2000u);

  // With friction the O-step damps: at T = 0 the momentum decays by exp(-gamma h / m).
  REQUIRE(b.init(options{0.1, 2.0, 4.0}) == status::ok);
  REQUIRE(b.place(vec{0.0, 0.0}, vec{1.0, -1.0}) == status::ok);
  struct flat {
    double operator()(const vec&, vec& g) const {
      g = {0.0, 0.0};
      return 0.0;
    }
  };
  REQUIRE(b.step(flat{}, 0.0, rng).status == status::ok);
  const double decay = b.momentum()[0];
  CHECK(decay > 0.8187307);  // exp(-0.2) = 0.818730753...
  CHECK(decay < 0.8187308);
}

// The steps tally their results' finiteness by summing them where arithmetic is in hardware
// on most targets (detail::finite_tally): finite values whose sum overflows must still be
// accepted.
TEST_CASE("Steps accept finite results whose sum overflows", "[dynamics]") {
  struct flat3 {
    float operator()(const std::array<float, 3>&, std::array<float, 3>& g) const {
      g.fill(0.0f);
      return 0.0f;
    }
  };
  struct flat2 {
    double operator()(const std::array<double, 2>&, std::array<double, 2>& g) const {
      g.fill(0.0);
      return 0.0;
    }
  };
  langevin::pcg32 rng{5u, 6u};
  const std::array<float, 3> far{3e38f, 3e38f, -1.0f};  // 3e38 + 3e38 overflows float
  langevin::euler_maruyama<float, 3> em;
  REQUIRE(em.init({0.1f}) == status::ok);
  REQUIRE(em.place(far) == status::ok);
  CHECK(em.step(flat3{}, 0.0f, rng).status == status::ok);
  CHECK(same(em.current(), far));
  langevin::leimkuhler_matthews<float, 3> lm;
  REQUIRE(lm.init({0.1f}) == status::ok);
  REQUIRE(lm.place(far) == status::ok);
  CHECK(lm.step(flat3{}, 0.0f, rng).status == status::ok);
  CHECK(same(lm.current(), far));
  langevin::baoab<float, 3> bf;
  REQUIRE(bf.init({0.1f, 1.0f, 1.0f}) == status::ok);
  REQUIRE(bf.place(far, {}) == status::ok);
  CHECK(bf.step(flat3{}, 0.0f, rng).status == status::ok);
  CHECK(same(bf.current(), far));
  const std::array<double, 2> far_double{1e308, 1e308};
  langevin::baoab<double, 2> bd;
  REQUIRE(bd.init({0.1, 1.0, 1.0}) == status::ok);
  REQUIRE(bd.place(far_double, {}) == status::ok);
  CHECK(bd.step(flat2{}, 0.0, rng).status == status::ok);
  CHECK(same(bd.current(), far_double));
}

// The overdamped noise amplitude sqrt(2 T h / gamma) is formed as (T h / gamma) 2: with 2 T
// first, the largest temperature overflowed although T h / gamma is modest, and the step
// was refused as non-finite.
TEST_CASE("Overdamped steps at the largest temperature with a tiny time step", "[dynamics]") {
  struct flat1 {
    float operator()(const std::array<float, 1>&, std::array<float, 1>& g) const {
      g[0] = 0.0f;
      return 0.0f;
    }
  };
  langevin::pcg32 rng{9u, 10u};
  const float hottest = std::numeric_limits<float>::max();
  langevin::euler_maruyama<float, 1> em;
  REQUIRE(em.init({1e-30f}) == status::ok);  // T h / gamma = 3.4e8: noise about 2.6e4
  REQUIRE(em.place({0.0f}) == status::ok);
  CHECK(em.step(flat1{}, hottest, rng).status == status::ok);
  CHECK(langevin::math::is_finite(em.current()[0]));
  CHECK(em.current()[0] != 0.0f);
  langevin::leimkuhler_matthews<float, 1> lm;
  REQUIRE(lm.init({1e-30f}) == status::ok);
  REQUIRE(lm.place({0.0f}) == status::ok);
  CHECK(lm.step(flat1{}, hottest, rng).status == status::ok);
  CHECK(langevin::math::is_finite(lm.current()[0]));
}

// Every tally method (detail::tally_method) gives the exact verdict, for float and double,
// on every port: finite extremes pass (the largest finite values, whose sum overflows;
// subnormals; -0), and one infinity or NaN of any sign or payload at any position fails.
template <class Real, langevin::detail::tally_method Method>
void check_tally_method() {
  using limits = std::numeric_limits<Real>;
  const Real finite[] = {limits::max(), limits::max(), -limits::max(), limits::denorm_min(),
                         -limits::min(), Real(-0.0), Real(1), limits::lowest()};
  constexpr std::size_t n = sizeof(finite) / sizeof(finite[0]);
  langevin::detail::finite_tally<Real, Method> all;
  for (const Real v : finite) all.add(v);
  CHECK(all.all_finite(finite, n));
  const Real nonfinite[] = {limits::infinity(), -limits::infinity(), limits::quiet_NaN(), -limits::quiet_NaN(),
                            limits::signaling_NaN()};
  for (const Real bad : nonfinite) {
    for (std::size_t at = 0; at < n; ++at) {
      Real values[n];
      for (std::size_t i = 0; i < n; ++i) values[i] = i == at ? bad : finite[i];
      langevin::detail::finite_tally<Real, Method> tally;
      for (const Real v : values) tally.add(v);
      CHECK_FALSE(tally.all_finite(values, n));
    }
  }
}

TEST_CASE("Every finite-tally method gives the exact verdict", "[dynamics]") {
  using langevin::detail::tally_method;
  check_tally_method<float, tally_method::sum>();
  check_tally_method<float, tally_method::exponent_bits>();
  check_tally_method<float, tally_method::per_value>();
  check_tally_method<double, tally_method::sum>();
  check_tally_method<double, tally_method::exponent_bits>();
  check_tally_method<double, tally_method::per_value>();
}

TEST_CASE("Schedules: closed forms, floors and validation", "[schedule]") {
  using S = langevin::schedule<double>;
  CHECK(S::constant(0.5)(0) == 0.5);
  CHECK(S::constant(0.5)(1000000u) == 0.5);
  const S hajek = S::logarithmic(2.0, 3.0);
  CHECK(hajek.validate() == status::ok);
  const double h0 = hajek(0);  // 2 / log(3) = 1.8204784532536746
  CHECK(h0 > 1.8204784532536);
  CHECK(h0 < 1.8204784532537);
  CHECK(hajek(10) < hajek(9));
  const S geometric = S::geometric(4.0, 0.5, 0.25);
  CHECK(geometric(0) == 4.0);
  const double g1 = geometric(1);
  CHECK(g1 > 2.0 - 1e-14);
  CHECK(g1 < 2.0 + 1e-14);
  CHECK(geometric(100) == 0.25);  // the floor
  const S per_ten = S::geometric(4.0, 0.5, 0.0, 10u);  // 4 * 0.5^(n / 10), smoothly
  REQUIRE(per_ten.validate() == status::ok);
  CHECK(per_ten(0) == 4.0);
  CHECK((per_ten(10) > 2.0 - 1e-14 && per_ten(10) < 2.0 + 1e-14));
  CHECK((per_ten(5) > 2.8284271247461 && per_ten(5) < 2.8284271247462));  // 4 / sqrt(2)
  CHECK((per_ten(30) > 0.5 - 1e-14 && per_ten(30) < 0.5 + 1e-14));
  CHECK(S::geometric(1.0, 0.5, 0.0, 0u).validate() == status::invalid_argument);
  CHECK(S::inverse_time(1.0, 4.0)(6) == 0.1);
  const double p = S::polynomial(1.0, 4.0, 0.5)(5);  // 9^-0.5 = 1/3
  CHECK(p > 1.0 / 3.0 - 1e-15);
  CHECK(p < 1.0 / 3.0 + 1e-15);
  const S cyclical = S::cosine(1.0, 0.0, 4);
  CHECK(cyclical(0) == 1.0);
  CHECK(cyclical(2) < 0.5 + 1e-15);
  CHECK(cyclical(2) > 0.5 - 1e-15);
  CHECK(cyclical(4) == 1.0);  // restarts
  const S line = S::linear(1.0, 0.5, 10);
  CHECK(line(5) == 0.75);
  CHECK(line(10) == 0.5);
  CHECK(line(1000) == 0.5);

  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(S::logarithmic(2.0, 1.0).validate() == status::invalid_argument);  // log(0 + 1) = 0
  CHECK(S::logarithmic(-2.0, 3.0).validate() == status::invalid_argument);
  CHECK(S::geometric(1.0, 1.5).validate() == status::invalid_argument);
  CHECK(S::geometric(1.0, 0.0).validate() == status::invalid_argument);
  CHECK(S::inverse_time(1.0, 0.0).validate() == status::invalid_argument);
  CHECK(S::polynomial(1.0, 1.0, -0.5).validate() == status::invalid_argument);
  // A valid cosine schedule above half the largest float: (a - b)(1 + cos) overflowed.
  const auto huge_cosine = langevin::schedule<float>::cosine(2e38f, 0.0f, 10);
  REQUIRE(huge_cosine.validate() == status::ok);
  CHECK(huge_cosine(0) == 2e38f);
  CHECK(huge_cosine(10) == 2e38f);
  CHECK((huge_cosine(5) > 0.99e38f && huge_cosine(5) < 1.01e38f));
  CHECK(S::cosine(0.0, 1.0, 4).validate() == status::invalid_argument);
  CHECK(S::cosine(1.0, 0.0, 0).validate() == status::invalid_argument);
  CHECK(S::linear(1.0, 0.0, 0).validate() == status::invalid_argument);
  CHECK(S::constant(nan).validate() == status::invalid_argument);
  CHECK(S::constant(1.0).validate() == status::ok);
  CHECK(S::geometric(1.0, 0.5, -1.0).validate() == status::invalid_argument);

  // A kind byte outside the enumerators (a corrupt or forged checkpoint) is refused and
  // evaluates without undefined behaviour (checked by the sanitizer preset).
  for (const unsigned byte : {7u, 31u, 32u, 33u, 64u, 255u}) {
    S unknown = S::constant(1.0);
    unknown.kind = static_cast<langevin::schedule_kind>(byte);
    CHECK(unknown.validate() == status::invalid_argument);
    CHECK_FALSE(S::compiled_in(unknown.kind));
    static_cast<void>(unknown(3u));
  }
  static_assert(!S::compiled_in(static_cast<langevin::schedule_kind>(200)), "unknown kinds are never compiled in");

  const langevin::schedule<float> f = langevin::schedule<float>::geometric(1.0f, 0.9f);
  CHECK(f.validate() == status::ok);
  CHECK(f(1) > 0.8999999f);
  CHECK(f(1) < 0.9000001f);
}

TEST_CASE("run drives a stepper along a schedule and resumes where it stopped", "[dynamics][schedule]") {
  langevin::pcg32 rng_a{5u, 6u};
  langevin::pcg32 rng_b = rng_a;
  const auto cooling = langevin::schedule<float>::logarithmic(1.0f, 2.0f);
  langevin::euler_maruyama<float, 4> straight;
  REQUIRE(straight.init({0.01f}) == status::ok);
  REQUIRE(straight.place({1.0f, 2.0f, 3.0f, 4.0f}) == status::ok);
  langevin::euler_maruyama<float, 4> resumed = straight;
  const auto whole = straight.run(bowl<float, 4>{}, cooling, rng_a, 100);
  REQUIRE(whole.status == status::ok);
  CHECK(whole.steps == 100u);
  const auto first = resumed.run(bowl<float, 4>{}, cooling, rng_b, 60);
  REQUIRE(first.status == status::ok);
  CHECK(first.steps == 60u);
  const langevin::euler_maruyama<float, 4> saved = resumed;  // a checkpoint is a copy
  langevin::euler_maruyama<float, 4> restored = saved;
  const auto rest = restored.run(bowl<float, 4>{}, cooling, rng_b, 40);
  REQUIRE(rest.status == status::ok);
  CHECK(rest.value == whole.value);  // the energy the last step evaluated
  CHECK(restored.steps() == 100u);
  CHECK(same(restored.current(), straight.current()));
  const auto bad_schedule = restored.run(bowl<float, 4>{}, langevin::schedule<float>::geometric(1.0f, 2.0f), rng_b, 1);
  CHECK(bad_schedule.status == status::invalid_argument);
  CHECK(bad_schedule.steps == 0u);  // no work
  CHECK(restored.steps() == 100u);
  // The first step fails: run stops there (one step attempted, none taken).
  const auto poisoned_run = restored.run(poisoned<float, 4>{true}, cooling, rng_b, 5);
  CHECK(poisoned_run.status == status::non_finite);
  CHECK(poisoned_run.steps == 1u);
  CHECK(restored.steps() == 100u);
  CHECK(same(restored.current(), straight.current()));
}

TEST_CASE("Brownian paths start at the origin and reject bad parameters", "[dynamics][brownian]") {
  langevin::pcg32 rng{42u, 54u};
  std::array<std::array<float, 2>, 11> path{};
  path[0] = {5.0f, 5.0f};
  CHECK(langevin::brownian_path(langevin::span<std::array<float, 2>>(path), -1.0f, 0.1f, rng) == status::invalid_argument);
  CHECK(langevin::brownian_path(langevin::span<std::array<float, 2>>(path), 1.0f, 0.0f, rng) == status::invalid_argument);
  CHECK(path[0][0] == 5.0f);
  REQUIRE(langevin::brownian_path(langevin::span<std::array<float, 2>>(path), 0.5f, 0.1f, rng) == status::ok);
  CHECK(path[0][0] == 0.0f);
  CHECK(path[0][1] == 0.0f);
  CHECK(path[10][0] != 0.0f);
  CHECK(langevin::diffusion_constant(2.0f, 4.0f) == 0.5f);
  CHECK(langevin::einstein_mean_squared_displacement(3u, 0.5f, 2.0f) == 6.0f);
  std::array<double, 3> x{1.0, 2.0, 3.0};
  CHECK(langevin::brownian_step(x, 0.0, 1.0, rng) == status::ok);  // D = 0 does not move
  CHECK(x[2] == 3.0);
  // 2 D overflows but the variance 2 D dt = 6e8 does not: a valid step of spread sqrt(6e8).
  std::array<float, 1> far{0.0f};
  CHECK(langevin::brownian_step(far, 3e38f, 1e-30f, rng) == status::ok);
  CHECK(far[0] != 0.0f);
  CHECK((far[0] > -2e5f && far[0] < 2e5f));  // |xi| < 8 for any draw of the ziggurat here
  // D dt below the smallest normal float: refused rather than a step that does not move.
  const langevin::pcg32 before = rng;
  std::array<float, 1> tiny{1.0f};
  CHECK(langevin::brownian_step(tiny, 1e-30f, 1e-20f, rng) == status::invalid_argument);
  CHECK(langevin::brownian_path(langevin::span<std::array<float, 2>>(path), 1e-30f, 1e-20f, rng) ==
        status::invalid_argument);
  CHECK(tiny[0] == 1.0f);
  CHECK(rng == before);
  CHECK(langevin::brownian_step(tiny, 2e-19f, 1e-19f, rng) == status::ok);  // D dt = 2e-38 >= FLT_MIN
  // The variance itself overflowing is still refused.
  CHECK(langevin::brownian_step(tiny, 3e38f, 1.0f, rng) == status::invalid_argument);
}
