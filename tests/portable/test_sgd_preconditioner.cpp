// annealing_sgd's diagonal preconditioner, on every port: its options and their diagnostics,
// set_preconditioner()'s contract, RMSprop's arithmetic step by step, a rejected step that
// changes nothing, place(), the meter's per-coordinate conversion, and the reason it exists:
// a least-squares fit whose two parameters differ by 10^3 in scale, which plain SGD cannot
// finish in the budget and the fixed and RMSprop preconditioners both do.
#include <array>
#include <cstdint>
#include <cstring>
#include <limits>

#include <langevin/math.hpp>
#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/random/normal.hpp>
#include <langevin/random/uniform.hpp>

#include "langevin_test.hpp"

namespace {

using langevin::field;
using langevin::preconditioning;
using langevin::schedule;
using langevin::status;
using sgd_type = langevin::annealing_sgd<float, 2>;
using options_type = langevin::annealing_sgd_options<float>;

// y = theta_0 x_0 + theta_1 x_1 + noise, x_0 ~ U(-1, 1) and x_1 ~ U(-1e-3, 1e-3): two inputs in
// units 10^3 apart (volts and millivolts), so theta = (2, 1500) and the mean loss has
// curvatures E x_0^2 = 1/3 and E x_1^2 = 1/3e-6, 10^6 apart.
struct scaled_sample {
  float x0;
  float x1;
  float y;
};

struct scaled_model {
  float operator()(const std::array<float, 2>& theta, const scaled_sample& s, std::array<float, 2>& g) const noexcept {
    const float r = theta[0] * s.x0 + theta[1] * s.x1 - s.y;
    g[0] = r * s.x0;
    g[1] = r * s.x1;
    return 0.5f * r * r;
  }
};

constexpr std::size_t scaled_count = 64u;

const scaled_sample* scaled_data() {
  static scaled_sample data[scaled_count];
  static bool ready = false;
  if (!ready) {
    langevin::pcg32 rng{5u, 1u};
    for (scaled_sample& s : data) {
      s.x0 = 2.0f * langevin::uniform<float>(rng) - 1.0f;
      s.x1 = (2.0f * langevin::uniform<float>(rng) - 1.0f) * 1e-3f;
      s.y = 2.0f * s.x0 + 1500.0f * s.x1 + 0.01f * langevin::normal<float>(rng);
    }
    ready = true;
  }
  return data;
}

langevin::span<const scaled_sample> scaled_view() { return {scaled_data(), scaled_count}; }

// 3000 steps of batches of 8 from (0, 0) with the learning rate lr(n) = lr0 s / (s + n); NaN
// if a call fails.
std::array<float, 2> fit(preconditioning mode, float lr0, float settle) {
  static sgd_type sgd;
  options_type o;
  o.batch_size = 8u;
  o.preconditioner = mode;
  o.learning_rate = schedule<float>::inverse_time(lr0 * settle, settle);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  if (sgd.init(scaled_count, o) != status::ok) return {nan, nan};
  // G_j = 1 / (3 E x_j^2): each parameter's curvature times G is 1.
  if (mode == preconditioning::fixed && sgd.set_preconditioner({1.0f, 1e6f}) != status::ok) return {nan, nan};
  if (sgd.run(scaled_model{}, scaled_view(), 3000u).status != status::ok) return {nan, nan};
  return sgd.current();
}

// The one-dimensional line y = theta x, for the exact per-step checks.
struct line_sample {
  float x;
  float y;
};
struct line_model {
  float operator()(const std::array<float, 2>& theta, const line_sample& s, std::array<float, 2>& g) const noexcept {
    const float r = theta[0] * s.x + theta[1] - s.y;
    g[0] = r * s.x;
    g[1] = r;
    return 0.5f * r * r;
  }
};
const line_sample line[4] = {{-1.0f, -1.5f}, {0.0f, 0.4f}, {1.0f, 2.6f}, {2.0f, 4.4f}};

}  // namespace

TEST_CASE("annealing_sgd preconditioner options: defaults, validate() names the field, options() reads back",
          "[annealing_sgd][preconditioner]") {
  options_type o;
  CHECK(o.preconditioner == preconditioning::none);
  CHECK(o.rmsprop_decay == 0.99f);
  CHECK(o.rmsprop_epsilon == 1e-5f);
  CHECK(o.rmsprop_adapt_steps == 0u);
  CHECK(o.validate() == field::none);
  options_type bad = o;
  bad.preconditioner = static_cast<preconditioning>(7);
  CHECK(bad.validate() == field::preconditioner);
  CHECK(std::strcmp(langevin::to_string(bad.validate()), "preconditioner") == 0);
  for (const float decay : {0.0f, 1.0f, -0.5f, std::numeric_limits<float>::quiet_NaN()}) {
    bad = o;
    bad.rmsprop_decay = decay;
    CHECK(bad.validate() == field::rmsprop_decay);
  }
  for (const float epsilon : {0.0f, -1e-5f, 1e-40f, std::numeric_limits<float>::infinity()}) {
    bad = o;
    bad.rmsprop_epsilon = epsilon;
    CHECK(bad.validate() == field::rmsprop_epsilon);
  }
  static sgd_type sgd;
  CHECK(sgd.init(4u, bad) == status::invalid_argument);
  o.preconditioner = preconditioning::rmsprop;
  o.rmsprop_decay = 0.9f;
  o.rmsprop_epsilon = 1e-3f;
  o.rmsprop_adapt_steps = 17u;
  REQUIRE(sgd.init(4u, o) == status::ok);
  const options_type back = sgd.options();
  CHECK(back.preconditioner == preconditioning::rmsprop);
  CHECK(back.rmsprop_decay == 0.9f);
  CHECK(back.rmsprop_epsilon == 1e-3f);
  CHECK(back.rmsprop_adapt_steps == 17u);
}

TEST_CASE("annealing_sgd set_preconditioner: only a fixed preconditioner, only entries > 0 and finite; refusals change nothing",
          "[annealing_sgd][preconditioner]") {
  static sgd_type sgd;
  static sgd_type before;
  const auto unchanged = [&] { return std::memcmp(&sgd, &before, sizeof(sgd_type)) == 0; };
  before = sgd;
  CHECK(sgd.set_preconditioner({2.0f, 3.0f}) == status::invalid_argument);  // before init()
  CHECK(unchanged());
  options_type o;
  REQUIRE(sgd.init(4u, o) == status::ok);
  CHECK(sgd.preconditioner(0u) == 1.0f);  // none: G = 1
  before = sgd;
  CHECK(sgd.set_preconditioner({2.0f, 3.0f}) == status::invalid_argument);  // no preconditioner
  CHECK(unchanged());
  o.preconditioner = preconditioning::fixed;
  REQUIRE(sgd.init(4u, o) == status::ok);
  CHECK((sgd.preconditioner(0u) == 1.0f && sgd.preconditioner(1u) == 1.0f));
  CHECK(langevin::math::is_nan(sgd.preconditioner(2u)));
  before = sgd;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float infinity = std::numeric_limits<float>::infinity();
  for (const float wrong : {0.0f, -1.0f, infinity, nan}) {
    CHECK(sgd.set_preconditioner({2.0f, wrong}) == status::invalid_argument);
    CHECK(unchanged());
  }
  REQUIRE(sgd.set_preconditioner({2.0f, 3.0f}) == status::ok);
  CHECK((sgd.preconditioner(0u) == 2.0f && sgd.preconditioner(1u) == 3.0f));
  // place() restarts the run and keeps a fixed G.
  REQUIRE(sgd.place({1.0f, 1.0f}) == status::ok);
  CHECK((sgd.preconditioner(0u) == 2.0f && sgd.preconditioner(1u) == 3.0f));
  o.preconditioner = preconditioning::rmsprop;
  REQUIRE(sgd.init(4u, o) == status::ok);
  before = sgd;
  CHECK(sgd.set_preconditioner({2.0f, 3.0f}) == status::invalid_argument);  // RMSprop adapts its own
  CHECK(unchanged());
}

TEST_CASE("annealing_sgd fixed preconditioner: each parameter moves lr G_j g_j", "[annealing_sgd][preconditioner]") {
  static sgd_type sgd;
  options_type o;
  o.batch_size = 4u;
  o.batches = langevin::sampling::in_order;  // full batch: the exact mean gradient
  o.learning_rate = schedule<float>::constant(0.125f);
  o.preconditioner = preconditioning::fixed;
  REQUIRE(sgd.init(4u, o) == status::ok);
  REQUIRE(sgd.set_preconditioner({0.5f, 4.0f}) == status::ok);
  std::array<float, 2> gradient{};
  const float loss = langevin::full_objective<float, 2>(line_model{}, line, sgd.current(), gradient);
  const auto r = sgd.step(line_model{}, line);
  REQUIRE(r.status == status::ok);
  CHECK(r.value == loss);
  CHECK(sgd.current()[0] == 0.0f - 0.125f * (0.5f * gradient[0]));
  CHECK(sgd.current()[1] == 0.0f - 0.125f * (4.0f * gradient[1]));
}

TEST_CASE("annealing_sgd RMSprop: V starts at g^2, then a running mean; G = 1 / (epsilon + sqrt(V)); place() forgets V",
          "[annealing_sgd][preconditioner]") {
  static sgd_type sgd;
  options_type o;
  o.batch_size = 4u;
  o.batches = langevin::sampling::in_order;
  o.learning_rate = schedule<float>::constant(0.25f);
  o.preconditioner = preconditioning::rmsprop;
  o.rmsprop_decay = 0.75f;
  o.rmsprop_epsilon = 1e-3f;
  REQUIRE(sgd.init(4u, o) == status::ok);
  CHECK(sgd.preconditioner(0u) == 1.0f / 1e-3f);  // V = 0 before the first step
  // Step 1: weight max(1/1, 1 - 0.75) = 1, so V = g^2.
  std::array<float, 2> g1{};
  static_cast<void>(langevin::full_objective<float, 2>(line_model{}, line, sgd.current(), g1));
  std::array<float, 2> v{};
  std::array<float, 2> theta = sgd.current();
  for (std::size_t j = 0; j < 2u; ++j) v[j] = 0.0f + 1.0f * (g1[j] * g1[j] - 0.0f);
  REQUIRE(sgd.step(line_model{}, line).status == status::ok);
  for (std::size_t j = 0; j < 2u; ++j) {
    const float gain = 1.0f / (1e-3f + langevin::math::sqrt(v[j]));
    CHECK(sgd.current()[j] == theta[j] - 0.25f * (gain * g1[j]));
    CHECK(sgd.preconditioner(j) == gain);
  }
  // Step 2: weight max(1/2, 1/4) = 1/2.
  std::array<float, 2> g2{};
  static_cast<void>(langevin::full_objective<float, 2>(line_model{}, line, sgd.current(), g2));
  theta = sgd.current();
  for (std::size_t j = 0; j < 2u; ++j) v[j] = v[j] + 0.5f * (g2[j] * g2[j] - v[j]);
  REQUIRE(sgd.step(line_model{}, line).status == status::ok);
  for (std::size_t j = 0; j < 2u; ++j) {
    CHECK(sgd.current()[j] == theta[j] - 0.25f * ((1.0f / (1e-3f + langevin::math::sqrt(v[j]))) * g2[j]));
  }
  // Steps 3 to 6: weight max(1/k, 1/4), 1/4 from k = 4 on.
  for (std::uint32_t k = 3u; k <= 6u; ++k) {
    std::array<float, 2> g{};
    static_cast<void>(langevin::full_objective<float, 2>(line_model{}, line, sgd.current(), g));
    const float weight = k < 4u ? 1.0f / static_cast<float>(k) : 0.25f;
    for (std::size_t j = 0; j < 2u; ++j) v[j] = v[j] + weight * (g[j] * g[j] - v[j]);
    REQUIRE(sgd.step(line_model{}, line).status == status::ok);
  }
  for (std::size_t j = 0; j < 2u; ++j) CHECK(sgd.preconditioner(j) == 1.0f / (1e-3f + langevin::math::sqrt(v[j])));
  REQUIRE(sgd.place({0.0f, 0.0f}) == status::ok);
  CHECK(sgd.preconditioner(1u) == 1.0f / 1e-3f);
}

TEST_CASE("annealing_sgd RMSprop with rmsprop_adapt_steps: V stops after that many accepted steps",
          "[annealing_sgd][preconditioner]") {
  static sgd_type sgd;
  options_type o;
  o.batch_size = 2u;
  o.learning_rate = schedule<float>::constant(0.05f);
  o.preconditioner = preconditioning::rmsprop;
  o.rmsprop_adapt_steps = 5u;
  REQUIRE(sgd.init(4u, o) == status::ok);
  REQUIRE(sgd.run(line_model{}, line, 5u).status == status::ok);
  const float g0 = sgd.preconditioner(0u);
  const float g1 = sgd.preconditioner(1u);
  REQUIRE(sgd.run(line_model{}, line, 20u).status == status::ok);
  CHECK(sgd.preconditioner(0u) == g0);
  CHECK(sgd.preconditioner(1u) == g1);
  // Power check: without the limit V keeps moving.
  o.rmsprop_adapt_steps = 0u;
  REQUIRE(sgd.init(4u, o) == status::ok);
  REQUIRE(sgd.run(line_model{}, line, 5u).status == status::ok);
  const float moving = sgd.preconditioner(0u);
  REQUIRE(sgd.run(line_model{}, line, 20u).status == status::ok);
  CHECK(sgd.preconditioner(0u) != moving);
}

namespace {

// A gradient whose square overflows float (1e30^2) while the loss stays finite.
struct steep_model {
  float operator()(const std::array<float, 2>&, const line_sample&, std::array<float, 2>& g) const noexcept {
    g[0] = 1e30f;
    g[1] = 1.0f;
    return 1.0f;
  }
};

}  // namespace

TEST_CASE("annealing_sgd RMSprop: a gradient whose square overflows is a rejected step that changes no parameter or V",
          "[annealing_sgd][preconditioner]") {
  static sgd_type sgd;
  options_type o;
  o.batch_size = 2u;
  o.learning_rate = schedule<float>::constant(0.05f);
  o.preconditioner = preconditioning::rmsprop;
  REQUIRE(sgd.init(4u, o) == status::ok);
  REQUIRE(sgd.run(line_model{}, line, 3u).status == status::ok);
  const std::array<float, 2> theta = sgd.current();
  const std::array<float, 2> velocity = sgd.velocity();
  const float g0 = sgd.preconditioner(0u);
  const float g1 = sgd.preconditioner(1u);
  const auto r = sgd.step(steep_model{}, line);
  CHECK(r.status == status::non_finite);
  CHECK(sgd.rejected_steps() == 1u);
  CHECK(sgd.current() == theta);
  CHECK(sgd.velocity() == velocity);
  CHECK(sgd.preconditioner(0u) == g0);
  CHECK(sgd.preconditioner(1u) == g1);
  // And the run goes on.
  CHECK(sgd.step(line_model{}, line).status == status::ok);
}

TEST_CASE("annealing_sgd meter with a preconditioner: T_j converts at lr G_j", "[annealing_sgd][preconditioner]") {
  static sgd_type sgd;
  options_type o;
  o.batch_size = 2u;
  o.learning_rate = schedule<float>::constant(0.01f);
  o.preconditioner = preconditioning::fixed;
  o.noise_meter = true;
  REQUIRE(sgd.init(4u, o) == status::ok);
  REQUIRE(sgd.set_preconditioner({4.0f, 0.25f}) == status::ok);
  REQUIRE(sgd.run(line_model{}, line, 3u).status == status::ok);
  const auto& variance = sgd.gradient_variance();
  REQUIRE((variance[0] > 0.0f && variance[1] > 0.0f));
  // T_j / s_j^2 is the same factor for both coordinates, times G_j: the ratio is G_0 / G_1.
  const float ratio = (sgd.sgd_temperature(0u) / variance[0]) / (sgd.sgd_temperature(1u) / variance[1]);
  CHECK(langevin::math::abs(ratio - 16.0f) < 16.0f * 1e-5f);
  CHECK(langevin::math::abs(sgd.sgd_temperature() - 0.5f * (sgd.sgd_temperature(0u) + sgd.sgd_temperature(1u))) <
        1e-5f * sgd.sgd_temperature());
}

TEST_CASE("annealing_sgd on parameters 10^3 apart in scale: plain SGD stalls, both preconditioners fit",
          "[annealing_sgd][preconditioner]") {
  // Plain SGD is stable only while lr E x_0^2 < 2, and then theta_1 (curvature 10^6 times
  // smaller) moves at 1e-6 of that rate. The best of three rates, each 3000 steps, gets it
  // less than 1% of the way to 1500.
  float plain_best = 0.0f;
  for (const float lr0 : {0.1f, 1.0f, 3.0f}) {
    const auto theta = fit(preconditioning::none, lr0, 500.0f);
    CHECK(langevin::math::abs(theta[0] - 2.0f) < 0.2f);  // the well-scaled parameter is fine
    CHECK(langevin::math::is_finite(theta[1]));
    plain_best = (theta[1] > plain_best ? theta[1] : plain_best);
  }
  CHECK(plain_best < 15.0f);
  // A fixed G = (1, 10^6) (the inverse curvatures, times 1/3) puts both at the same rate:
  // within the noise of the fit (its standard errors are about 0.002 and 2.2).
  const auto fixed = fit(preconditioning::fixed, 1.0f, 500.0f);
  CHECK(langevin::math::abs(fixed[0] - 2.0f) < 0.02f);
  CHECK(langevin::math::abs(fixed[1] - 1500.0f) < 15.0f);
  // RMSprop needs no knowledge of the scales: its steps are about lr in every parameter, so
  // lr(0) = 30 (2% of the larger parameter) cooling as 100 / (100 + n) crosses the 1500 and
  // settles both; the smaller parameter keeps the jitter of the last steps' size (lr ~ 1).
  const auto adaptive = fit(preconditioning::rmsprop, 30.0f, 100.0f);
  CHECK(langevin::math::abs(adaptive[0] - 2.0f) < 0.2f);
  CHECK(langevin::math::abs(adaptive[1] - 1500.0f) < 15.0f);
}
