// annealing_sgd checks that run on every port (host, Linux ARM under qemu-user, bare metal):
// a small least-squares fit, epoch coverage, default options, the gradient convention, the
// data forms, bad-input statuses and a golden hash of a parameter trajectory (same bits on
// every port).
#include <array>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>

#include <langevin/optimize/annealing_sgd.hpp>

#include "langevin_test.hpp"

namespace {

template <class Real>
struct point {
  Real x, y;
};

// Per-sample loss (a + b x - y)^2 / 2; WRITES its gradient (the library's convention).
template <class Real>
struct line_model {
  Real operator()(const std::array<Real, 2>& w, const point<Real>& s, std::array<Real, 2>& g) const {
    const Real r = w[0] + w[1] * s.x - s.y;
    g[0] = r;
    g[1] = r * s.x;
    return Real(0.5) * r * r;
  }
};

// The same loss, ADDING its gradient into the buffer (the convention of releases up to
// 0.1): the optimizer zeroes the buffer before each call, so this gives the same bits.
template <class Real>
struct adding_line_model {
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
  langevin::annealing_sgd<Real, 2, 16> sgd;
  langevin::annealing_sgd_options<Real> options;
  options.batch_size = batch;
  options.batches = mode;
  options.seed = 1u;
  // Mean Hessian [[1, -1/32], [-1/32, ~0.083]]: lambda_min ~ 0.082, so lr = 1 contracts
  // the error by at least 0.92 per full-batch step: 400 steps leave 0.92^400 ~ 3e-15.
  options.learning_rate = langevin::schedule<Real>::constant(Real(1));
  if (sgd.init(data.size(), options) != langevin::status::ok) return false;
  const auto run = sgd.run_epochs(line_model<Real>{}, data, 400u);
  return run.status == langevin::status::ok && distance_to_solution(sgd.current()) < tolerance;
}

struct tagged {
  std::uint32_t id;
};

struct counting_model {
  std::uint32_t* counts;
  float operator()(const std::array<float, 1>& w, const tagged& s, std::array<float, 1>& g) const {
    ++counts[s.id];
    g[0] = w[0];
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
template <class Real, class Model>
std::uint64_t trajectory_hash() {
  const auto data = line_data<Real>();
  const langevin::span<const point<Real>> view(data.data(), data.size());
  langevin::annealing_sgd<Real, 2, 16> sgd;
  langevin::annealing_sgd_options<Real> options;
  options.batch_size = 3u;
  options.batches = langevin::sampling::without_replacement;  // the default until 0.1
  options.seed = 2026u;
  options.stream = 7u;
  options.momentum = Real(0.5);
  options.max_gradient_norm = Real(1.5);
  options.track_best = true;
  options.learning_rate = langevin::schedule<Real>::inverse_time(Real(20), Real(40));
  options.temperature = langevin::schedule<Real>::geometric(Real(0.5), Real(0.95));
  fnv1a h;
  if (sgd.init(data.size(), options) != langevin::status::ok) return 0u;
  if (sgd.place({Real(-1), Real(3)}) != langevin::status::ok) return 0u;
  for (int k = 0; k < 60; ++k) {
    const auto r = sgd.step(Model{}, view);
    if (r.status != langevin::status::ok) return 1u;
    h.add(sgd.current().data(), sizeof(Real) * 2);
    h.add(&r.value, sizeof(Real));
  }
  h.add(sgd.best().data(), sizeof(Real) * 2);
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

TEST_CASE("annealing_sgd with default template arguments and default options initialises and steps",
          "[annealing_sgd]") {
  const auto data = line_data<float>();
  langevin::annealing_sgd<float, 2> sgd;
  CHECK(sgd.init(data.size(), {}) == langevin::status::ok);
  CHECK(sgd.options().batches == langevin::sampling::with_replacement);
  CHECK(sgd.options().learning_rate(0u) == 0.01f);
  CHECK(sgd.options().temperature(0u) == 0.0f);
  const auto r = sgd.step(line_model<float>{}, data);
  CHECK(r.status == langevin::status::ok);
  CHECK(sgd.steps() == 1u);
  CHECK(sgd.current()[0] != 0.0f);  // moved: the residual at zero is not zero
  langevin::annealing_sgd<double, 1> scalar;
  const double samples[3] = {1.0, 2.0, 3.0};
  struct mean_model {
    double operator()(const std::array<double, 1>& w, const double& y, std::array<double, 1>& g) const {
      g[0] = w[0] - y;
      return 0.5 * (w[0] - y) * (w[0] - y);
    }
  };
  CHECK(scalar.init(3u, langevin::annealing_sgd_options<double>{}) == langevin::status::ok);
  CHECK(scalar.run(mean_model{}, samples, 5u).status == langevin::status::ok);
}

TEST_CASE("annealing_sgd options: = {} gives the documented defaults; validate() names the first wrong field",
          "[annealing_sgd]") {
  langevin::annealing_sgd_options<float> o;
  o.learning_rate = langevin::schedule<float>::constant(0.5f);
  o.temperature = langevin::schedule<float>::constant(2.0f);
  o.learning_rate = {};
  o.temperature = {};
  CHECK(o.learning_rate(7u) == 0.01f);  // a plain schedule<float>{} would be 1
  CHECK(o.temperature(7u) == 0.0f);
  CHECK(o.validate() == langevin::field::none);
  CHECK(o.validate(1u) == langevin::field::none);
  CHECK(o.validate(0u) == langevin::field::sample_count);
  o.batch_size = 5u;
  CHECK(o.validate() == langevin::field::none);
  CHECK(o.validate(4u) == langevin::field::batch_size);
  o.momentum = 1.0f;
  o.max_gradient_norm = -1.0f;
  CHECK(o.validate() == langevin::field::momentum);  // the first of two wrong fields
  o.learning_rate = langevin::schedule<float>::constant(0.0f);
  CHECK(o.validate() == langevin::field::learning_rate);
  CHECK(o.validate(4u) == langevin::field::learning_rate);
}

TEST_CASE("annealing_sgd without replacement visits every sample once per epoch", "[annealing_sgd]") {
  std::array<tagged, 13> data{};
  for (std::uint32_t i = 0; i < 13u; ++i) data[i].id = i;
  langevin::annealing_sgd<float, 1, 16> sgd;
  langevin::annealing_sgd_options<float> options;
  options.batch_size = 4u;  // batches of 4, 4, 4, 1
  options.batches = langevin::sampling::without_replacement;
  options.seed = 3u;
  REQUIRE(sgd.init(data.size(), options) == langevin::status::ok);
  REQUIRE(sgd.place({1.0f}) == langevin::status::ok);
  for (int epoch = 0; epoch < 3; ++epoch) {
    std::uint32_t counts[13] = {};
    const auto run = sgd.run_epochs(counting_model{counts}, data, 1u);
    CHECK(run.status == langevin::status::ok);
    CHECK(run.steps == 4u);
    for (std::uint32_t c : counts) CHECK(c == 1u);
  }
  CHECK(sgd.epochs() == 3u);
  CHECK(sgd.steps() == 12u);
}

TEST_CASE("annealing_sgd takes spans of const and mutable samples, std::array and C arrays alike",
          "[annealing_sgd]") {
  auto data = line_data<float>();
  point<float> c_array[16];
  for (std::size_t i = 0; i < 16u; ++i) c_array[i] = data[i];
  langevin::annealing_sgd_options<float> options;
  options.batch_size = 3u;
  options.seed = 9u;
  options.temperature = langevin::schedule<float>::constant(0.01f);
  langevin::annealing_sgd<float, 2> runs[4];
  for (auto& sgd : runs) REQUIRE(sgd.init(data.size(), options) == langevin::status::ok);
  bool all_ok = true;
  for (int k = 0; k < 20; ++k) {
    all_ok &= runs[0].step(line_model<float>{}, langevin::span<const point<float>>(data.data(), data.size())).status ==
              langevin::status::ok;
    all_ok &= runs[1].step(line_model<float>{}, langevin::span<point<float>>(data.data(), data.size())).status ==
              langevin::status::ok;
    all_ok &= runs[2].step(line_model<float>{}, data).status == langevin::status::ok;
    all_ok &= runs[3].step(line_model<float>{}, c_array).status == langevin::status::ok;
  }
  CHECK(all_ok);
  for (const auto& sgd : runs) CHECK(std::memcmp(sgd.current().data(), runs[0].current().data(), sizeof(float) * 2) == 0);
  std::array<float, 2> g{};
  const float from_array = langevin::full_objective(line_model<float>{}, data, runs[0].current(), g);
  const float from_c_array = langevin::full_objective(line_model<float>{}, c_array, runs[0].current(), g);
  CHECK(std::memcmp(&from_array, &from_c_array, sizeof(float)) == 0);
}

TEST_CASE("annealing_sgd: a model that writes its gradient and one that adds it give the same bits",
          "[annealing_sgd]") {
  CHECK(trajectory_hash<float, line_model<float>>() == trajectory_hash<float, adding_line_model<float>>());
  CHECK(trajectory_hash<double, line_model<double>>() == trajectory_hash<double, adding_line_model<double>>());
  // full_objective follows the same convention.
  const auto data = line_data<double>();
  std::array<double, 2> written{};
  std::array<double, 2> added{};
  const double a = langevin::full_objective(line_model<double>{}, data, std::array<double, 2>{0.25, -0.5}, written);
  const double b = langevin::full_objective(adding_line_model<double>{}, data, std::array<double, 2>{0.25, -0.5}, added);
  CHECK(std::memcmp(&a, &b, sizeof a) == 0);
  CHECK(std::memcmp(written.data(), added.data(), sizeof written) == 0);
}

TEST_CASE("annealing_sgd reports bad input and leaves the optimizer unchanged", "[annealing_sgd]") {
  using langevin::status;
  const auto data = line_data<float>();
  const langevin::span<const point<float>> view(data.data(), data.size());
  langevin::annealing_sgd<float, 2, 8> sgd;
  CHECK(sgd.step(line_model<float>{}, view).status == status::invalid_argument);  // before init
  langevin::annealing_sgd_options<float> options;
  options.batches = langevin::sampling::in_order;
  REQUIRE(sgd.init(data.size(), options) == status::ok);
  unsigned char before[sizeof(sgd)];
  std::memcpy(before, &sgd, sizeof(sgd));

  langevin::annealing_sgd_options<float> bad = options;
  bad.batch_size = 0u;
  CHECK(sgd.init(data.size(), bad) == status::invalid_argument);
  bad.batch_size = 17u;
  CHECK(sgd.init(data.size(), bad) == status::invalid_argument);
  bad = options;
  bad.learning_rate = langevin::schedule<float>::constant(0.0f);
  CHECK(sgd.init(data.size(), bad) == status::invalid_argument);
  bad = options;
  bad.learning_rate = langevin::schedule<float>::constant(-1.0f);
  CHECK(sgd.init(data.size(), bad) == status::invalid_argument);
  bad = options;
  bad.momentum = 1.0f;
  CHECK(sgd.init(data.size(), bad) == status::invalid_argument);
  bad = options;
  bad.batches = langevin::sampling::without_replacement;  // 16 samples, index capacity 8
  CHECK(sgd.init(data.size(), bad) == status::buffer_too_small);
  CHECK(sgd.init(0u, options) == status::invalid_argument);
  const float infinity = std::numeric_limits<float>::infinity();
  CHECK(sgd.place({infinity, 0.0f}) == status::invalid_argument);
  CHECK(std::memcmp(before, &sgd, sizeof(sgd)) == 0);

  const langevin::span<const point<float>> shorter(data.data(), 15u);
  CHECK(sgd.step(line_model<float>{}, shorter).status == status::invalid_argument);
  CHECK(std::memcmp(before, &sgd, sizeof(sgd)) == 0);
}

TEST_CASE("annealing_sgd rejects a non-finite step and keeps its parameters", "[annealing_sgd]") {
  std::array<point<float>, 4> data{};
  data[2].y = std::numeric_limits<float>::infinity();  // the residual of sample 2 is infinite
  langevin::annealing_sgd<float, 2> sgd;
  langevin::annealing_sgd_options<float> options;
  options.batches = langevin::sampling::in_order;
  options.learning_rate = langevin::schedule<float>::constant(0.1f);
  REQUIRE(sgd.init(data.size(), options) == langevin::status::ok);
  REQUIRE(sgd.place({0.5f, 0.5f}) == langevin::status::ok);
  CHECK(sgd.step(line_model<float>{}, data).status == langevin::status::ok);
  CHECK(sgd.step(line_model<float>{}, data).status == langevin::status::ok);
  const std::array<float, 2> kept = sgd.current();
  CHECK(sgd.step(line_model<float>{}, data).status == langevin::status::non_finite);
  CHECK(sgd.current() == kept);
  CHECK(sgd.rejected_steps() == 1u);
  CHECK(sgd.step(line_model<float>{}, data).status == langevin::status::ok);
}

TEST_CASE("annealing_sgd trajectory has the same bits on every port", "[annealing_sgd][golden]") {
  // Recorded on x86-64 (g++ 12, -ffp-contract=off) with release 0.1, whose models added
  // their gradients; unchanged by the write convention. They depend on every random draw,
  // so a change of pcg32, bounded(), normal() or the math functions changes them too.
  CHECK(trajectory_hash<float, line_model<float>>() == 0xed34bb5010e3b709ull);
  CHECK(trajectory_hash<double, line_model<double>>() == 0xfaab33930efc06f3ull);
  CHECK(trajectory_hash<float, adding_line_model<float>>() == 0xed34bb5010e3b709ull);
  CHECK(trajectory_hash<double, adding_line_model<double>>() == 0xfaab33930efc06f3ull);
}

// batch_sampler's per-sample interface checks k: a pick past the batch, or any call before
// init(), hands out no index (sample_count()) and touches nothing. Without the check a pick
// past the end of an epoch swapped entries outside the order buffer (and in order returned
// indices >= N), and draw() before init() counted an epoch.
TEST_CASE("batch_sampler: a pick past the batch, and calls before init, touch nothing", "[annealing_sgd][bad_input]") {
  langevin::batch_sampler<8> unused;
  langevin::pcg32 rng{3u, 4u};
  const langevin::pcg32 rng_before = rng;
  CHECK(unused.pick(rng, 0) == 0u);
  std::size_t visited = 0;
  CHECK(unused.draw(rng, [&visited](std::size_t) { ++visited; }) == 0u);
  CHECK(visited == 0u);
  unused.finish_batch();
  CHECK(unused.epochs() == 0u);
  CHECK(unused.position() == 0u);
  CHECK(rng == rng_before);

  const langevin::sampling modes[] = {langevin::sampling::without_replacement, langevin::sampling::with_replacement,
                                      langevin::sampling::in_order};
  for (const langevin::sampling mode : modes) {
    langevin::batch_sampler<8> sampler;
    REQUIRE(sampler.init(8, 3, mode) == langevin::status::ok);
    for (int batch = 0; batch < 2; ++batch) {
      const std::size_t size = sampler.next_batch_size();
      for (std::size_t k = 0; k < size; ++k) CHECK(sampler.pick(rng, k) < 8u);
      sampler.finish_batch();
    }
    const std::size_t last = sampler.next_batch_size();
    CHECK(last == (mode == langevin::sampling::with_replacement ? 3u : 2u));
    const langevin::batch_sampler<8> before = sampler;
    const langevin::pcg32 generator = rng;
    for (const std::size_t k : {last, last + 1u, std::size_t{100}, std::numeric_limits<std::size_t>::max()}) {
      CHECK(sampler.pick(rng, k) == 8u);
    }
    CHECK(rng == generator);
    CHECK(std::memcmp(&sampler, &before, sizeof sampler) == 0);
  }
}

// run_epochs(model, data, m) runs until m more epochs are done; the count saturates. With
// m = 2^64 - 1 ("until something stops it") after a first epoch, epochs() + m wrapped to 0
// and the call ran no step and said ok. Here a model that turns NaN on its 41st call stops it.
TEST_CASE("annealing_sgd run_epochs with the largest count runs on", "[annealing_sgd][bad_input]") {
  struct failing_later {
    int* calls;
    float operator()(const std::array<float, 2>& w, const point<float>& s, std::array<float, 2>& g) const {
      const float r = ++*calls > 40 ? std::numeric_limits<float>::quiet_NaN() : w[0] + w[1] * s.x - s.y;
      g[0] = r;
      g[1] = r * s.x;
      return 0.5f * r * r;
    }
  };
  const auto data = line_data<float>();
  langevin::annealing_sgd_options<float> options;
  options.batch_size = 4u;
  options.batches = langevin::sampling::in_order;
  langevin::annealing_sgd<float, 2> sgd;
  REQUIRE(sgd.init(data.size(), options) == langevin::status::ok);
  int calls = 0;
  const auto first = sgd.run_epochs(failing_later{&calls}, data, 1u);
  REQUIRE(first.status == langevin::status::ok);
  CHECK(first.steps == 4u);
  CHECK(sgd.epochs() == 1u);
  const auto rest = sgd.run_epochs(failing_later{&calls}, data, std::numeric_limits<std::uint64_t>::max());
  CHECK(rest.status == langevin::status::non_finite);
  CHECK(rest.steps == 7u);  // 6 more steps of 4 samples, then the step whose model turns NaN
}
