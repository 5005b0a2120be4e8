// Built once per LANGEVIN_SCHEDULE_KINDS mask (tests/CMakeLists.txt) and run on every
// port: the families in the mask validate and evaluate as usual, the others are refused by
// validate(), by the optimizers and by the steppers' run(), and evaluate to NaN. Exits 0 and prints
// "schedule kinds: all checks passed" on success; prints each failed check otherwise.
#include <array>
#include <cstdint>

#include <langevin/dynamics/overdamped.hpp>
#include <langevin/math.hpp>
#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/optimize/simulated_annealing.hpp>
#include <langevin/random/pcg32.hpp>
#include <langevin/schedule.hpp>

#include "port.hpp"
#include "print.hpp"

namespace {

int failures = 0;

void expect(bool condition, const char* what) {
  if (condition) return;
  ++failures;
  langevin_port::text<160> t;
  t << "schedule kinds: FAILED " << what << '\n';
  langevin_port::write(t);
}

constexpr bool in_mask(unsigned bit) { return (static_cast<unsigned>(LANGEVIN_SCHEDULE_KINDS) & bit) != 0u; }

using sched = langevin::schedule<float>;

// A family in the mask validates and gives a finite value; one left out is refused and
// gives NaN. Constant is always in.
void check_family(const sched& s, unsigned bit, const char* name) {
  const bool expected_in = bit == LANGEVIN_SCHEDULE_CONSTANT || in_mask(bit);
  const bool valid = s.validate() == langevin::status::ok;
  const float value = s(5u);
  langevin_port::text<96> t;
  t << name << (expected_in ? " compiled in" : " left out");
  expect(valid == expected_in, t.c_str());
  expect(expected_in ? langevin::math::is_finite(value) : langevin::math::is_nan(value), t.c_str());
}

struct bowl {
  float operator()(const std::array<float, 1>& x, std::array<float, 1>& g) const noexcept {
    g[0] = x[0];
    return 0.5f * x[0] * x[0];
  }
};

struct line_model {
  float operator()(const std::array<float, 1>& theta, const float& y, std::array<float, 1>& g) const noexcept {
    const float r = theta[0] - y;
    g[0] = r;
    return 0.5f * r * r;
  }
};

}  // namespace

int main() {
  check_family(sched::constant(0.5f), LANGEVIN_SCHEDULE_CONSTANT, "constant");
  check_family(sched::logarithmic(1.0f, 2.0f), LANGEVIN_SCHEDULE_LOGARITHMIC, "logarithmic");
  check_family(sched::geometric(1.0f, 0.9f), LANGEVIN_SCHEDULE_GEOMETRIC, "geometric");
  check_family(sched::inverse_time(1.0f, 4.0f), LANGEVIN_SCHEDULE_INVERSE_TIME, "inverse_time");
  check_family(sched::polynomial(1.0f, 4.0f, 0.6f), LANGEVIN_SCHEDULE_POLYNOMIAL, "polynomial");
  check_family(sched::cosine(1.0f, 0.1f, 7u), LANGEVIN_SCHEDULE_COSINE, "cosine");
  check_family(sched::linear(1.0f, 0.1f, 7u), LANGEVIN_SCHEDULE_LINEAR, "linear");
  expect(sched::inverse_time(2.0f, 4.0f)(0u) == 0.5f || !in_mask(LANGEVIN_SCHEDULE_INVERSE_TIME),
         "inverse_time(2, 4)(0) == 0.5");

  // Optimizers and run() refuse a schedule of a family left out (and accept the others).
  const sched polynomial = sched::polynomial(0.1f, 4.0f, 0.6f);
  const bool polynomial_in = in_mask(LANGEVIN_SCHEDULE_POLYNOMIAL);
  static const float ys[4] = {1.0f, 2.0f, 3.0f, 4.0f};
  langevin::annealing_sgd<float, 1> sgd;
  langevin::annealing_sgd_options<float> o;
  o.batches = langevin::sampling::with_replacement;
  o.learning_rate = polynomial;
  const langevin::status sgd_status = sgd.init(4u, o);
  expect(sgd_status == (polynomial_in ? langevin::status::ok : langevin::status::invalid_argument),
         "annealing_sgd with a polynomial learning rate");
  if (sgd_status == langevin::status::ok) {
    expect(sgd.run(line_model{}, ys, 10u).status == langevin::status::ok, "annealing_sgd runs");
  }

  langevin::euler_maruyama<float, 1> walker;
  langevin::pcg32 rng{1u, 2u};
  expect(walker.init({0.1f}) == langevin::status::ok, "euler_maruyama init");
  expect(walker.place({1.0f}) == langevin::status::ok, "euler_maruyama place");
  const bool cosine_in = in_mask(LANGEVIN_SCHEDULE_COSINE);
  const auto run = walker.run(bowl{}, sched::cosine(1.0f, 0.0f, 5u), rng, 10u);
  expect(run.status == (cosine_in ? langevin::status::ok : langevin::status::invalid_argument),
         "euler_maruyama run with a cosine temperature");
  expect(run.steps == (cosine_in ? 10u : 0u), "euler_maruyama run: steps taken");

  // Simulated annealing's automatic cooling is geometric.
  langevin::simulated_annealer<float, 1> annealer;
  const langevin::box<float, 1> bounds{{-1.0f}, {1.0f}};
  langevin::simulated_annealing_options<float> sa;
  sa.max_calls = 50u;
  auto f = [](const std::array<float, 1>& x) { return x[0] * x[0]; };
  const bool geometric_in = in_mask(LANGEVIN_SCHEDULE_GEOMETRIC);
  expect(annealer.init(bounds, sa) == (geometric_in ? langevin::status::ok : langevin::status::invalid_argument),
         "simulated annealing with automatic (geometric) cooling");
  expect(sa.validate() == (geometric_in ? langevin::field::none : langevin::field::temperature_mode),
         "simulated annealing options name the cooling mode");
  if (geometric_in) expect(annealer.run(f).status == langevin::status::ok, "simulated annealing runs");
  sa.temperature_mode = langevin::cooling::scheduled;
  sa.temperature = sched::constant(0.1f);
  expect(annealer.init(bounds, sa) == langevin::status::ok, "simulated annealing with a constant temperature");
  expect(annealer.run(f).status == langevin::status::ok, "simulated annealing runs at a constant temperature");

  langevin_port::text<96> t;
  t << "schedule kinds: mask " << static_cast<std::uint32_t>(LANGEVIN_SCHEDULE_KINDS) << ", "
    << (failures == 0 ? "all checks passed" : "FAILED") << '\n';
  langevin_port::write(t);
  return failures == 0 ? 0 : 1;
}
