// Tiny firmware whose size cmake/footprint.cmake measures. The script builds it once per
// stage, defining the macro of that stage and of every earlier stage that exists:
//   (none)                        empty program (startup + vector table + main)
//   LANGEVIN_FOOTPRINT_PCG32      + pcg32
//   LANGEVIN_FOOTPRINT_NORMAL     + normal<float>
//   LANGEVIN_FOOTPRINT_OVERDAMPED + one Euler-Maruyama step (float, 2 coordinates)
//   LANGEVIN_FOOTPRINT_BAOAB      + one BAOAB step (float, 2 coordinates)
//   LANGEVIN_FOOTPRINT_MINIMIZE   + minimize (float, 2 coordinates)
//   LANGEVIN_FOOTPRINT_SGD        + annealing SGD (float, 2 parameters, 64-sample buffer)
// Inputs come from volatile objects and results go to volatile objects, so nothing is
// folded away; each component is used the way firmware would use it.
#include <array>
#include <cstddef>
#include <cstdint>

#if defined(LANGEVIN_FOOTPRINT_PCG32)
#include <langevin/random/pcg32.hpp>
#endif
#if defined(LANGEVIN_FOOTPRINT_NORMAL)
#include <langevin/random/normal.hpp>
#endif
#if defined(LANGEVIN_FOOTPRINT_OVERDAMPED)
#include <langevin/dynamics/overdamped.hpp>
#endif
#if defined(LANGEVIN_FOOTPRINT_BAOAB)
#include <langevin/dynamics/underdamped.hpp>
#endif
#if defined(LANGEVIN_FOOTPRINT_MINIMIZE)
#include <langevin/optimize/minimize.hpp>
#endif
#if defined(LANGEVIN_FOOTPRINT_SGD)
#include <langevin/optimize/annealing_sgd.hpp>
#endif

volatile std::uint32_t footprint_input = 42u;
volatile std::uint32_t footprint_output_bits = 0u;
volatile float footprint_output = 0.0f;

namespace {

// A quadratic bowl whose curvature comes from a volatile, as a problem from firmware would.
struct footprint_bowl {
  float operator()(const std::array<float, 2>& x, std::array<float, 2>& g) const noexcept {
    const float k = static_cast<float>(footprint_input & 7u) + 1.0f;
    g[0] = 2.0f * k * x[0];
    g[1] = 2.0f * x[1];
    return k * x[0] * x[0] + x[1] * x[1];
  }
};

struct footprint_sample {
  float x;
  float y;
};

struct footprint_line_model {
  float operator()(const std::array<float, 2>& theta, const footprint_sample& s, std::array<float, 2>& g) const noexcept {
    const float r = theta[0] * s.x + theta[1] - s.y;
    g[0] = r * s.x;
    g[1] = r;
    return 0.5f * r * r;
  }
};

}  // namespace

int main() {
  std::uint32_t bits = footprint_input;
  float value = 0.0f;
#if defined(LANGEVIN_FOOTPRINT_PCG32)
  langevin::pcg32 g{bits, 54u};
  bits = g();
#endif
#if defined(LANGEVIN_FOOTPRINT_NORMAL)
  value += langevin::normal<float>(g);
#endif
#if defined(LANGEVIN_FOOTPRINT_OVERDAMPED)
  static langevin::euler_maruyama<float, 2> walker;
  if (walker.init({0.01f}) == langevin::status::ok && walker.place({1.0f, -1.0f}) == langevin::status::ok) {
    value += walker.step(footprint_bowl{}, 0.5f, g).value;
  }
#endif
#if defined(LANGEVIN_FOOTPRINT_BAOAB)
  static langevin::baoab<float, 2> integrator;
  if (integrator.init({0.01f, 1.0f, 1.0f}) == langevin::status::ok &&
      integrator.place({1.0f, -1.0f}, {0.0f, 0.0f}) == langevin::status::ok) {
    value += integrator.step(footprint_bowl{}, 0.5f, g).value;
  }
#endif
#if defined(LANGEVIN_FOOTPRINT_MINIMIZE)
  const langevin::box<float, 2> bounds{{-5.0f, -5.0f}, {5.0f, 5.0f}};
  langevin::minimize_options<float> options;
  options.max_calls = footprint_input;
  options.seed = 7u;
  value += langevin::minimize(footprint_bowl{}, bounds, options).value;
#endif
#if defined(LANGEVIN_FOOTPRINT_SGD)
  static footprint_sample data[16];
  for (std::uint32_t i = 0; i < 16u; ++i) data[i] = {static_cast<float>(i), static_cast<float>(i + bits % 3u)};
  static langevin::annealing_sgd<float, 2, 64> sgd;
  langevin::annealing_sgd_options<float> sgd_options;
  sgd_options.batch_size = 4u;
  sgd_options.batches = langevin::sampling::without_replacement;
  sgd_options.temperature = langevin::schedule<float>::geometric(0.1f, 0.99f);
  if (sgd.init(16u, sgd_options) == langevin::status::ok) {
    value += sgd.run(footprint_line_model{}, data, 8u).value;
  }
#endif
  footprint_output_bits = bits;
  footprint_output = value;
  return 0;
}
