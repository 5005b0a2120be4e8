// A float-only firmware program that uses the whole library: the random sources, a
// Brownian path, the three Langevin steppers, the global minimizer, simulated annealing,
// annealing SGD and checkpoints of each. On the Cortex-M presets it is built twice
// (tests/CMakeLists.txt): with the CMake target's flags, and with only -I and
// -ffp-contract=off as a PlatformIO or Makefile build would (where -fmath-errno is on). The
// symbol checks then prove it links no libm entry point either way, and no software
// double-precision helper (float options all the way down). It runs and exits 0 when every
// call succeeded.
#include <array>
#include <cstddef>
#include <cstdint>

#include <langevin/langevin.hpp>

#include "port.hpp"

namespace {

struct bowl {
  float operator()(const std::array<float, 3>& x, std::array<float, 3>& g) const noexcept {
    float e = 0.0f;
    for (std::size_t i = 0; i < 3; ++i) {
      g[i] = 2.0f * x[i];
      e += x[i] * x[i];
    }
    return e;
  }
};

struct value_bowl {
  float operator()(const std::array<float, 3>& x) const noexcept { return x[0] * x[0] + x[1] * x[1] + x[2] * x[2]; }
};

struct sample {
  float x;
  float y;
};

struct line {
  float operator()(const std::array<float, 2>& theta, const sample& s, std::array<float, 2>& g) const noexcept {
    const float r = theta[0] * s.x + theta[1] - s.y;
    g[0] = r * s.x;
    g[1] = r;
    return 0.5f * r * r;
  }
};

int failures = 0;
void expect(bool ok) noexcept { failures += ok ? 0 : 1; }

template <class T>
void round_trip(const T& object) noexcept {
  langevin::checkpoint_blob<T> blob{};
  langevin::save_checkpoint(object, blob);
  T copy{};
  expect(langevin::restore_checkpoint(copy, blob.data(), blob.size()) == langevin::status::ok);
}

std::array<std::array<float, 2>, 64> path{};
std::array<sample, 32> data{};

}  // namespace

int main() {
  langevin::pcg32 rng{7u, 11u};
  float noise = langevin::uniform<float>(rng) + langevin::normal<float>(rng) + langevin::math::sqrt(2.0f);
  expect(langevin::brownian_path(langevin::span<std::array<float, 2>>(path), 0.5f, 0.1f, rng) == langevin::status::ok);
  round_trip(rng);

  const auto cooling = langevin::schedule<float>::logarithmic(1.0f, 2.0f);
  langevin::euler_maruyama<float, 3> em;
  langevin::leimkuhler_matthews<float, 3> lm;
  langevin::baoab<float, 3> bo;
  expect(em.init({}) == langevin::status::ok && lm.init({}) == langevin::status::ok && bo.init({}) == langevin::status::ok);
  expect(em.place({1.0f, 0.0f, -1.0f}) == langevin::status::ok);
  expect(lm.place({1.0f, 0.0f, -1.0f}) == langevin::status::ok);
  expect(bo.place({1.0f, 0.0f, -1.0f}, {}) == langevin::status::ok);
  expect(em.run(bowl{}, cooling, rng, 50u).status == langevin::status::ok);
  expect(lm.run(bowl{}, cooling, rng, 50u).status == langevin::status::ok);
  expect(bo.run(bowl{}, cooling, rng, 50u).status == langevin::status::ok);
  round_trip(em);
  round_trip(lm);
  round_trip(bo);

  const langevin::box<float, 3> bounds{{-2.0f, -2.0f, -2.0f}, {2.0f, 2.0f, 2.0f}};
  langevin::minimize_options<float> options;
  options.max_calls = 300u;
  const auto found = langevin::minimize(bowl{}, bounds, options);
  expect(found.status == langevin::status::ok && found.value < 1e-3f);
  langevin::minimizer<float, 3> engine;
  expect(engine.init(bounds, options) == langevin::status::ok);
  expect(engine.run(bowl{}, 100u).status == langevin::status::ok);
  round_trip(engine);

  langevin::simulated_annealer<float, 3> annealer;
  langevin::simulated_annealing_options<float> annealing;
  annealing.max_calls = 300u;
  expect(annealer.init(bounds, annealing) == langevin::status::ok);
  expect(annealer.run(value_bowl{}).status == langevin::status::ok);
  round_trip(annealer);

  for (std::size_t i = 0; i < data.size(); ++i) {
    const float x = static_cast<float>(i) / 8.0f;
    data[i] = {x, 2.0f * x - 1.0f};
  }
  langevin::annealing_sgd<float, 2, 32> sgd;
  langevin::annealing_sgd_options<float> sgd_options;
  sgd_options.batch_size = 4u;
  sgd_options.temperature = langevin::schedule<float>::geometric(0.01f, 0.99f);
  expect(sgd.init(data.size(), sgd_options) == langevin::status::ok);
  expect(sgd.run(line{}, data, 200u).status == langevin::status::ok);
  round_trip(sgd);

  expect(noise == noise);
  langevin_port::write(failures == 0 ? "whole library (float): every call succeeded\n" : "whole library (float): FAILED\n");
  langevin_port::exit(failures == 0 ? 0 : 1);
}
