// Defaults work: every stateful object of the library, with its default template arguments
// and default-constructed options, initialises and steps (issue 12). A default that fails
// validation, or a default template argument that cannot be instantiated, fails here.
#include <array>
#include <cstdint>
#include <type_traits>

#include <langevin/box.hpp>
#include <langevin/dynamics/overdamped.hpp>
#include <langevin/dynamics/underdamped.hpp>
#include <langevin/field.hpp>
#include <langevin/math.hpp>
#include <langevin/optimize/minimize.hpp>
#include <langevin/random/pcg32.hpp>
#include <langevin/schedule.hpp>

#include "langevin_test.hpp"

namespace {

using langevin::status;

template <class Real>
struct bowl {
  Real operator()(const std::array<Real, 2>& x, std::array<Real, 2>& g) const noexcept {
    g = {Real(2) * (x[0] - Real(0.5)), Real(2) * (x[1] + Real(0.25))};
    return (x[0] - Real(0.5)) * (x[0] - Real(0.5)) + (x[1] + Real(0.25)) * (x[1] + Real(0.25));
  }
};

template <class Real>
bool finite(const std::array<Real, 2>& x) {
  return langevin::math::is_finite(x[0]) && langevin::math::is_finite(x[1]);
}

/// A stepper with default options: init, a step at T = 1 from its start position (zero,
/// before any place()), a place() and a run of 50 steps along a schedule.
template <class Stepper>
bool stepper_defaults_work() {
  using Real = typename Stepper::real_type;
  static Stepper s;
  s = Stepper();
  const typename Stepper::options_type defaults{};
  if (defaults.validate() != langevin::field::none || s.init(defaults) != status::ok) return false;
  langevin::pcg32 rng;
  const auto first = s.step(bowl<Real>{}, Real(1), rng);
  if (first.status != status::ok || !langevin::math::is_finite(first.value) || !finite(s.current())) return false;
  if (s.steps() != 1u) return false;
  const auto run = s.run(bowl<Real>{}, langevin::schedule<Real>::geometric(Real(1), Real(0.9)), rng, 50u);
  return run.status == status::ok && run.steps == 50u && s.steps() == 51u && finite(s.current());
}

}  // namespace

TEST_CASE("defaults: every stepper initialises with default options and steps", "[defaults][dynamics]") {
  CHECK(stepper_defaults_work<langevin::euler_maruyama<float, 2>>());
  CHECK(stepper_defaults_work<langevin::euler_maruyama<double, 2>>());
  CHECK(stepper_defaults_work<langevin::leimkuhler_matthews<float, 2>>());
  CHECK(stepper_defaults_work<langevin::leimkuhler_matthews<double, 2>>());
  CHECK(stepper_defaults_work<langevin::baoab<float, 2>>());
  CHECK(stepper_defaults_work<langevin::baoab<double, 2>>());
}

TEST_CASE("defaults: the minimizer with default replicas, memory and options initialises and steps",
          "[defaults][minimize]") {
  // minimize_options without arguments is minimize_options<double> (the default argument).
  const langevin::minimize_options defaults{};
  static_assert(std::is_same<decltype(defaults), const langevin::minimize_options<double>>::value,
                "minimize_options defaults to double");
  CHECK(defaults.validate() == langevin::field::none);
  CHECK(langevin::minimize_options<float>{}.validate() == langevin::field::none);

  static langevin::minimizer<double, 2> engine;  // Replicas = 2, Memory = 3
  const langevin::box<double, 2> bounds{{-1.0, -1.0}, {1.0, 1.0}};
  REQUIRE(engine.init(bounds, defaults) == status::ok);
  const auto first = engine.step(bowl<double>{});
  CHECK(first.status == status::ok);
  CHECK(langevin::math::is_finite(first.value));
  const auto run = engine.run(bowl<double>{}, 300u);
  CHECK(run.status == status::ok);
  CHECK(run.steps == 300u);
  CHECK(engine.calls() == 301u);
  CHECK(engine.best_value() < 1e-6);

  // The same in float, through minimize() with default options ({} takes the box's type).
  static langevin::minimizer<float, 2> single;
  const langevin::box<float, 2> float_bounds{{-1.0f, -1.0f}, {1.0f, 1.0f}};
  REQUIRE(single.init(float_bounds, {}) == status::ok);
  CHECK(single.step(bowl<float>{}).status == status::ok);
  const auto r = langevin::minimize(bowl<float>{}, float_bounds, {});
  CHECK(r.status == status::ok);
  CHECK(r.calls <= langevin::minimize_options<float>{}.max_calls);
  CHECK(langevin::math::abs(r.x[0] - 0.5f) < 1e-3f);
}

// simulated_annealer, annealing_sgd and batch_sampler with their defaults: their test cases
// go here (branches wt/sa and wt/sgd).
