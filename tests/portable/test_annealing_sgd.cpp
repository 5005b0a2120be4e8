// annealing_sgd checks that run on every port (host, Linux ARM under qemu-user, bare metal):
// a small least-squares fit, epoch coverage, bad-input statuses and a golden hash of a
// parameter trajectory (same bits on every port).
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

// Per-sample loss (a + b x - y)^2 / 2; ADDS its gradient.
template <class Real>
struct line_model {
  Real operator()(const std::array<Real, 2>& w, const point<Real>& s, std::array<Real, 2>& g) const {
    const Real r = w[0] + w[1] * s.x - s.y;
    g[0] += r;
    g[1] += r * s.x;
    return Real(0.5) * r * r;
  }
};

// 16 points exactly on y = 1 + 2 x, x in [-0.5, 0.4375]: the minimum is (1, 2) with zero
// residual, so SGD has no gradient noise there and converges to it like GD.
template <class Real>
std::array<point<Real>, 16> line_data() {
  std::array<point<Real>, 16> data{};
  for (std::size_t i = 0; i < data.size(); ++i) {
    data[i].x = Real(static_cast<int>(i) - 8) / Real(16);
    data[i].y = Real(1) + Real(2) * data[i].x;
  }
  return data;
}

template <class Real>
Real distance_to_solution(const std::array<Real, 2>& w) {
  const Real a = w[0] - Real(1);
  const Real b = w[1] - Real(2);
  return (a < Real(0) ? -a : a) + (b < Real(0) ? -b : b);
}

template <class Real>
bool fits_line(langevin::sampling mode, std::size_t batch, Real tolerance) {
  const auto data = line_data<Real>();
  const langevin::span<const point<Real>> view(data.data(), data.size());
  langevin::annealing_sgd<Real, 2, 16> sgd;
  langevin::annealing_sgd_options<Real> options;
  options.batch_size = batch;
  options.batches = mode;
  options.seed = 1u;
  // Mean Hessian [[1, -1/32], [-1/32, ~0.083]]: lambda_min ~ 0.082, so lr = 1 contracts
  // the error by at least 0.92 per full-batch step: 400 steps leave 0.92^400 ~ 3e-15.
  options.learning_rate = langevin::schedule<Real>::constant(Real(1));
  if (sgd.init(options, {Real(0), Real(0)}, data.size()) != langevin::status::ok) return false;
  const auto run = sgd.run_epochs(line_model<Real>{}, view, 400u);
  return run.status == langevin::status::ok && distance_to_solution(sgd.parameters()) < tolerance;
}

struct tagged {
  std::uint32_t id;
};

struct counting_model {
  std::uint32_t* counts;
  float operator()(const std::array<float, 1>& w, const tagged& s, std::array<float, 1>& g) const {
    ++counts[s.id];
    g[0] += w[0];
    return 0.5f * w[0] * w[0];
  }
};

// FNV-1a over bytes.
struct fnv1a {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  void add(const void* bytes, std::size_t count) {
    const auto* p = static_cast<const unsigned char*>(bytes);
    for (std::size_t i = 0; i < count; ++i) {
      hash ^= p[i];
      hash *= 0x100000001b3ull;
    }
  }
};

// Hash of the parameter bits after each of 60 steps of SGLD with momentum, clipping,
// shuffled mini-batches and geometric cooling (exercises pcg32, bounded, normal, exp, log,
// sqrt and the whole step).
template <class Real>
std::uint64_t trajectory_hash() {
  const auto data = line_data<Real>();
  const langevin::span<const point<Real>> view(data.data(), data.size());
  langevin::annealing_sgd<Real, 2, 16> sgd;
  langevin::annealing_sgd_options<Real> options;
  options.batch_size = 3u;
  options.seed = 2026u;
  options.stream = 7u;
  options.momentum = Real(0.5);
  options.max_gradient_norm = Real(1.5);
  options.track_best = true;
  options.learning_rate = langevin::schedule<Real>::inverse_time(Real(20), Real(40));
  options.temperature = langevin::schedule<Real>::geometric(Real(0.5), Real(0.95));
  fnv1a h;
  if (sgd.init(options, {Real(-1), Real(3)}, data.size()) != langevin::status::ok) return 0u;
  for (int k = 0; k < 60; ++k) {
    const auto r = sgd.step(line_model<Real>{}, view);
    if (r.status != langevin::status::ok) return 1u;
    h.add(sgd.parameters().data(), sizeof(Real) * 2);
    h.add(&r.energy, sizeof(Real));
  }
  h.add(sgd.best_parameters().data(), sizeof(Real) * 2);
  return h.hash;
}

}  // namespace

TEST_CASE("annealing_sgd GD, SGD and mini-batch SGD fit a line in float and double", "[annealing_sgd]") {
  using langevin::sampling;
  CHECK(fits_line<float>(sampling::in_order, 16u, 1e-4f));
  CHECK(fits_line<float>(sampling::without_replacement, 1u, 1e-4f));
  CHECK(fits_line<float>(sampling::with_replacement, 4u, 1e-4f));
  CHECK(fits_line<double>(sampling::in_order, 16u, 1e-12));
  CHECK(fits_line<double>(sampling::without_replacement, 5u, 1e-12));
}

TEST_CASE("annealing_sgd without replacement visits every sample once per epoch", "[annealing_sgd]") {
  std::array<tagged, 13> data{};
  for (std::uint32_t i = 0; i < 13u; ++i) data[i].id = i;
  const langevin::span<const tagged> view(data.data(), data.size());
  langevin::annealing_sgd<float, 1, 16> sgd;
  langevin::annealing_sgd_options<float> options;
  options.batch_size = 4u;  // batches of 4, 4, 4, 1
  options.seed = 3u;
  REQUIRE(sgd.init(options, {1.0f}, data.size()) == langevin::status::ok);
  for (int epoch = 0; epoch < 3; ++epoch) {
    std::uint32_t counts[13] = {};
    const auto run = sgd.run_epochs(counting_model{counts}, view, 1u);
    CHECK(run.status == langevin::status::ok);
    CHECK(run.steps == 4u);
    for (std::uint32_t c : counts) CHECK(c == 1u);
  }
  CHECK(sgd.epochs() == 3u);
  CHECK(sgd.steps() == 12u);
}

TEST_CASE("annealing_sgd reports bad input and leaves the optimizer unchanged", "[annealing_sgd]") {
  using langevin::status;
  const auto data = line_data<float>();
  const langevin::span<const point<float>> view(data.data(), data.size());
  langevin::annealing_sgd<float, 2, 8> sgd;
  CHECK(sgd.step(line_model<float>{}, view).status == status::invalid_argument);  // before init
  langevin::annealing_sgd_options<float> options;
  options.batches = langevin::sampling::in_order;
  REQUIRE(sgd.init(options, {0.0f, 0.0f}, data.size()) == status::ok);
  unsigned char before[sizeof(sgd)];
  std::memcpy(before, &sgd, sizeof(sgd));

  langevin::annealing_sgd_options<float> bad = options;
  bad.batch_size = 0u;
  CHECK(sgd.init(bad, {0.0f, 0.0f}, data.size()) == status::invalid_argument);
  bad.batch_size = 17u;
  CHECK(sgd.init(bad, {0.0f, 0.0f}, data.size()) == status::invalid_argument);
  bad = options;
  bad.learning_rate = langevin::schedule<float>::constant(0.0f);
  CHECK(sgd.init(bad, {0.0f, 0.0f}, data.size()) == status::invalid_argument);
  bad = options;
  bad.learning_rate = langevin::schedule<float>::constant(-1.0f);
  CHECK(sgd.init(bad, {0.0f, 0.0f}, data.size()) == status::invalid_argument);
  bad = options;
  bad.momentum = 1.0f;
  CHECK(sgd.init(bad, {0.0f, 0.0f}, data.size()) == status::invalid_argument);
  bad = options;
  bad.batches = langevin::sampling::without_replacement;  // 16 samples, index capacity 8
  CHECK(sgd.init(bad, {0.0f, 0.0f}, data.size()) == status::buffer_too_small);
  const float infinity = std::numeric_limits<float>::infinity();
  CHECK(sgd.init(options, {infinity, 0.0f}, data.size()) == status::invalid_argument);
  CHECK(sgd.init(options, {0.0f, 0.0f}, 0u) == status::invalid_argument);
  CHECK(std::memcmp(before, &sgd, sizeof(sgd)) == 0);

  const langevin::span<const point<float>> shorter(data.data(), 15u);
  CHECK(sgd.step(line_model<float>{}, shorter).status == status::invalid_argument);
  CHECK(std::memcmp(before, &sgd, sizeof(sgd)) == 0);
}

TEST_CASE("annealing_sgd rejects a non-finite step and keeps its parameters", "[annealing_sgd]") {
  std::array<point<float>, 4> data{};
  data[2].y = std::numeric_limits<float>::infinity();  // the residual of sample 2 is infinite
  const langevin::span<const point<float>> view(data.data(), data.size());
  langevin::annealing_sgd<float, 2> sgd;
  langevin::annealing_sgd_options<float> options;
  options.batches = langevin::sampling::in_order;
  options.learning_rate = langevin::schedule<float>::constant(0.1f);
  REQUIRE(sgd.init(options, {0.5f, 0.5f}, data.size()) == langevin::status::ok);
  CHECK(sgd.step(line_model<float>{}, view).status == langevin::status::ok);
  CHECK(sgd.step(line_model<float>{}, view).status == langevin::status::ok);
  const std::array<float, 2> kept = sgd.parameters();
  CHECK(sgd.step(line_model<float>{}, view).status == langevin::status::non_finite);
  CHECK(sgd.parameters() == kept);
  CHECK(sgd.rejected_steps() == 1u);
  CHECK(sgd.step(line_model<float>{}, view).status == langevin::status::ok);
}

TEST_CASE("annealing_sgd trajectory has the same bits on every port", "[annealing_sgd][golden]") {
  // Recorded on x86-64 (g++ 12, -ffp-contract=off). They depend on every random draw, so
  // a change of pcg32, bounded(), normal() or the math functions changes them too.
  CHECK(trajectory_hash<float>() == 0xed34bb5010e3b709ull);
  CHECK(trajectory_hash<double>() == 0xfaab33930efc06f3ull);
}
