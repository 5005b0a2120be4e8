// The gradient-noise meter and temperature-held SGLD on every port: the meter changes no
// bit of a run (on or off), its readings on a data set whose per-sample spread is known
// exactly, the options and bad input, and golden hashes of metered and held trajectories
// (the same bits on every port).
#include <array>
#include <cstdint>
#include <cstring>
#include <limits>

#include <langevin/optimize/annealing_sgd.hpp>

#include "langevin_test.hpp"

namespace {

template <class Real>
struct point {
  Real x, y;
};

// Per-sample loss (a + b x - y)^2 / 2.
template <class Real>
struct line_model {
  Real operator()(const std::array<Real, 2>& w, const point<Real>& s, std::array<Real, 2>& g) const {
    const Real r = w[0] + w[1] * s.x - s.y;
    g[0] = r;
    g[1] = r * s.x;
    return Real(0.5) * r * r;
  }
};

// The same, adding its gradient into the buffer: the optimizer zeroes it before each call.
template <class Real>
struct adding_line_model {
  Real operator()(const std::array<Real, 2>& w, const point<Real>& s, std::array<Real, 2>& g) const {
    const Real r = w[0] + w[1] * s.x - s.y;
    g[0] += r;
    g[1] += r * s.x;
    return Real(0.5) * r * r;
  }
};

// 16 points near y = 1 + 2 x with a residual pattern, so SGD keeps a gradient noise.
template <class Real>
std::array<point<Real>, 16> noisy_line() {
  std::array<point<Real>, 16> data{};
  for (std::size_t i = 0; i < data.size(); ++i) {
    data[i].x = Real(static_cast<int>(i) - 8) / Real(16);
    data[i].y = Real(1) + Real(2) * data[i].x + Real((i % 3u) == 0u ? 0.25 : -0.125);
  }
  return data;
}

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

enum class meter_mode { off, measure, hold };

// Hash of 80 steps of SGLD with momentum and shuffled mini-batches of 3 (the last batch of
// each epoch holds one sample), with the meter off, on, or holding the temperature; with
// `readings`, the meter's readings are hashed too.
template <class Real, class Model = line_model<Real>>
std::uint64_t trajectory_hash(meter_mode mode, bool readings) {
  const auto data = noisy_line<Real>();
  langevin::annealing_sgd<Real, 2, 16> sgd;
  langevin::annealing_sgd_options<Real> options;
  options.batch_size = 3u;
  options.batches = langevin::sampling::without_replacement;
  options.seed = 2026u;
  options.stream = 9u;
  options.momentum = Real(0.5);
  options.learning_rate = langevin::schedule<Real>::inverse_time(Real(0.5), Real(40));
  options.temperature = langevin::schedule<Real>::geometric(Real(0.05), Real(0.97));
  options.noise_meter = mode != meter_mode::off;
  options.hold_temperature = mode == meter_mode::hold;
  options.noise_meter_window = 10u;
  fnv1a h;
  if (sgd.init(data.size(), options) != langevin::status::ok) return 0u;
  if (sgd.place({Real(-1), Real(3)}) != langevin::status::ok) return 0u;
  for (int k = 0; k < 80; ++k) {
    const auto r = sgd.step(Model{}, data);
    if (r.status != langevin::status::ok) return 1u;
    h.add(sgd.current());
    h.add(r.value);
    if (readings) {
      h.add(sgd.sgd_temperature(0u));
      h.add(sgd.sgd_temperature(1u));
      h.add(sgd.average_sgd_temperature());
      h.add(sgd.noise_readings());
      h.add(sgd.clamped_steps());
    }
  }
  return h.hash;
}

struct observation {
  float y;
};

bool near(float a, float b) { return (a - b) < 1e-6f && (b - a) < 1e-6f; }

// g = w - y: the per-sample deviations are -(y_i - y_bar) at every w.
struct mean_model {
  float operator()(const std::array<float, 1>& w, const observation& s, std::array<float, 1>& g) const {
    g[0] = w[0] - s.y;
    return 0.5f * g[0] * g[0];
  }
};

}  // namespace

TEST_CASE("noise meter: on, it changes no bit of the trajectory, only holding the temperature does",
          "[annealing_sgd][sgd_temperature]") {
  CHECK(trajectory_hash<float>(meter_mode::measure, false) == trajectory_hash<float>(meter_mode::off, false));
  CHECK(trajectory_hash<double>(meter_mode::measure, false) == trajectory_hash<double>(meter_mode::off, false));
  CHECK(trajectory_hash<float>(meter_mode::hold, false) != trajectory_hash<float>(meter_mode::off, false));
  // A model that adds its gradient reads and moves the same as one that writes it.
  CHECK(trajectory_hash<float, adding_line_model<float>>(meter_mode::hold, true) ==
        trajectory_hash<float>(meter_mode::hold, true));
  CHECK(trajectory_hash<double, adding_line_model<double>>(meter_mode::measure, true) ==
        trajectory_hash<double>(meter_mode::measure, true));
}

TEST_CASE("noise meter: full-batch in-order GD reads temperature 0, a batch's spread is read exactly",
          "[annealing_sgd][sgd_temperature]") {
  // y = 0, 1, 2, 3: population variance 1.25.
  const observation data[4] = {{0.0f}, {1.0f}, {2.0f}, {3.0f}};
  langevin::annealing_sgd<float, 1> gd;
  langevin::annealing_sgd_options<float> o;
  o.batch_size = 4u;
  o.batches = langevin::sampling::in_order;
  o.noise_meter = true;
  o.learning_rate = langevin::schedule<float>::constant(0.1f);
  REQUIRE(gd.init(4u, o) == langevin::status::ok);
  CHECK(gd.sgd_temperature() != gd.sgd_temperature());  // NaN before the first step
  REQUIRE(gd.step(mean_model{}, data).status == langevin::status::ok);
  // Sample variance 5/3, finite-population factor (N - b) / N = 0: no noise.
  CHECK(near(gd.gradient_variance()[0], 5.0f / 3.0f));
  CHECK(gd.sgd_temperature() == 0.0f);
  CHECK(gd.noise_readings() == 1u);

  // Two in-order batches of 2: {0, 1} then {2, 3}, each with sample variance 1/2;
  // mean convention: T = lr N s^2 (N - b) / N / (2 b) = 0.1 * 4 * 0.5 * 0.5 / 4 = 0.025.
  langevin::annealing_sgd<float, 1> sgd;
  o.batch_size = 2u;
  REQUIRE(sgd.init(4u, o) == langevin::status::ok);
  REQUIRE(sgd.step(mean_model{}, data).status == langevin::status::ok);
  CHECK(sgd.gradient_variance()[0] == 0.5f);
  CHECK(sgd.sgd_temperature() == 0.025f);
  // Sum convention: N times that.
  o.objective = langevin::objective_scale::sum;
  REQUIRE(sgd.init(4u, o) == langevin::status::ok);
  REQUIRE(sgd.step(mean_model{}, data).status == langevin::status::ok);
  CHECK(sgd.sgd_temperature() == 0.1f);
  CHECK(sgd.average_sgd_temperature() == 0.1f);

  // B = 1: the first step has no reading; the second pairs its sample with the first's.
  langevin::annealing_sgd<float, 1> single;
  o.batch_size = 1u;
  o.objective = langevin::objective_scale::mean;
  REQUIRE(single.init(4u, o) == langevin::status::ok);
  REQUIRE(single.step(mean_model{}, data).status == langevin::status::ok);
  CHECK(single.noise_readings() == 0u);
  CHECK(single.sgd_temperature() != single.sgd_temperature());
  CHECK(single.current()[0] == 0.0f);  // in order: sample 0 (y = 0) first, gradient 0 at w = 0
  REQUIRE(single.step(mean_model{}, data).status == langevin::status::ok);
  // Sample 1 (gradient -1) paired with sample 0 (gradient 0): s^2 = (-1 - 0)^2 / 2; T = lr N
  // s^2 (N - 1) / N / 2 = 0.1 * 4 * 0.5 * 0.75 / 2.
  CHECK(single.noise_readings() == 1u);
  CHECK(single.gradient_variance()[0] == 0.5f);
  CHECK(near(single.sgd_temperature(), 0.075f));
}

TEST_CASE("noise meter options: defaults off, hold turns the meter on, the window is validated",
          "[annealing_sgd][sgd_temperature]") {
  langevin::annealing_sgd_options<float> o;
  CHECK_FALSE(o.noise_meter);
  CHECK_FALSE(o.hold_temperature);
  CHECK(o.noise_meter_window == 100u);
  o.noise_meter_window = 0u;
  CHECK(o.validate() == langevin::field::noise_meter_window);
  o.noise_meter_window = 5u;
  o.hold_temperature = true;
  const observation data[4] = {{0.0f}, {1.0f}, {2.0f}, {3.0f}};
  langevin::annealing_sgd<float, 1> sgd;
  REQUIRE(sgd.init(4u, o) == langevin::status::ok);
  CHECK(sgd.options().noise_meter);
  CHECK(sgd.options().hold_temperature);
  CHECK(sgd.options().noise_meter_window == 5u);
  unsigned char before[sizeof(sgd)];
  std::memcpy(before, &sgd, sizeof(sgd));
  o.noise_meter_window = 0u;
  CHECK(sgd.init(4u, o) == langevin::status::invalid_argument);
  CHECK(std::memcmp(before, &sgd, sizeof(sgd)) == 0);
  // The default temperature is 0: holding injects nothing and counts the steps where SGD
  // alone is hotter (every step with a reading > 0).
  REQUIRE(sgd.run(mean_model{}, data, 10u).status == langevin::status::ok);
  CHECK(sgd.clamped_steps() == 9u);  // B = 1: the first step has no reading yet
  CHECK(sgd.noise_readings() == 9u);
  REQUIRE(sgd.place({0.5f}) == langevin::status::ok);  // place() restarts the meter
  CHECK(sgd.noise_readings() == 0u);
  CHECK(sgd.clamped_steps() == 0u);
  CHECK(sgd.average_gradient_variance()[0] == 0.0f);
}

TEST_CASE("noise meter: a non-finite per-sample gradient leaves the meter unchanged", "[annealing_sgd][sgd_temperature]") {
  struct spiky_model {
    float operator()(const std::array<float, 1>& w, const observation& s, std::array<float, 1>& g) const {
      g[0] = s.y > 10.0f ? std::numeric_limits<float>::infinity() : w[0] - s.y;
      return 0.0f;
    }
  };
  const observation data[4] = {{0.0f}, {1.0f}, {20.0f}, {3.0f}};
  langevin::annealing_sgd<float, 1> sgd;
  langevin::annealing_sgd_options<float> o;
  o.batch_size = 2u;
  o.batches = langevin::sampling::in_order;
  o.noise_meter = true;
  REQUIRE(sgd.init(4u, o) == langevin::status::ok);
  REQUIRE(sgd.step(spiky_model{}, data).status == langevin::status::ok);
  const float average = sgd.average_sgd_temperature();
  CHECK(sgd.step(spiky_model{}, data).status == langevin::status::non_finite);
  CHECK(sgd.noise_readings() == 1u);
  CHECK(sgd.average_sgd_temperature() == average);
  CHECK(sgd.sgd_temperature() != sgd.sgd_temperature());  // no reading this step
}

TEST_CASE("noise meter and held SGLD trajectories have the same bits on every port", "[annealing_sgd][golden]") {
  // Recorded on x86-64 (g++ 12, -ffp-contract=off). The meter-off hash is the meter-on one.
  CHECK(trajectory_hash<float>(meter_mode::measure, true) == 0x2f3134283fa8bd23ull);
  CHECK(trajectory_hash<double>(meter_mode::measure, true) == 0x3286e1561eba0d7cull);
  CHECK(trajectory_hash<float>(meter_mode::hold, true) == 0x3647d52ce1dd54bfull);
  CHECK(trajectory_hash<double>(meter_mode::hold, true) == 0x4fbc83a1251b78d7ull);
}
