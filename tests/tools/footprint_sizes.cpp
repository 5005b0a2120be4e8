// What each further size of an algorithm costs in flash: built by cmake/footprint.cmake at
// -Os for each Cortex-M class, once with the algorithm (LANGEVIN_SIZES_<ALGORITHM>) used at
// N = 2, then at N = 2 and 3, then at N = 2, 3 and 4 (LANGEVIN_SIZES_COUNT = 1, 2, 3). The
// library writes each algorithm once per scalar type over a run-time dimension; a size only
// adds its thin shell (the arrays' owner, the problem call), so the second and third rows
// should grow by a few hundred bytes, not by a copy of the algorithm.
#include <array>
#include <cstddef>
#include <cstdint>

#include <langevin/checkpoint.hpp>
#include <langevin/dynamics/overdamped.hpp>
#include <langevin/dynamics/replica_exchange.hpp>
#include <langevin/dynamics/underdamped.hpp>
#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/optimize/minimize.hpp>
#include <langevin/optimize/simulated_annealing.hpp>
#include <langevin/random/pcg32.hpp>
#include <langevin/schedule.hpp>

#ifndef LANGEVIN_SIZES_COUNT
#define LANGEVIN_SIZES_COUNT 1
#endif

namespace {

template <std::size_t N>
struct bowl {
  float operator()(const std::array<float, N>& x, std::array<float, N>& g) const noexcept {
    float e = 0.0f;
    for (std::size_t i = 0; i < N; ++i) {
      g[i] = 2.0f * x[i];
      e += x[i] * x[i];
    }
    return e;
  }
  float operator()(const std::array<float, N>& x) const noexcept {
    float e = 0.0f;
    for (std::size_t i = 0; i < N; ++i) e += x[i] * x[i];
    return e;
  }
};

template <std::size_t N>
langevin::box<float, N> unit_box() noexcept {
  langevin::box<float, N> b{};
  for (std::size_t i = 0; i < N; ++i) {
    b.lower[i] = -1.0f;
    b.upper[i] = 1.0f;
  }
  return b;
}

template <std::size_t N>
struct sample {
  std::array<float, N> x;
  float y;
};

template <std::size_t N>
struct linear {
  float operator()(const std::array<float, N>& w, const sample<N>& s, std::array<float, N>& g) const noexcept {
    float z = 0.0f;
    for (std::size_t i = 0; i < N; ++i) z += w[i] * s.x[i];
    const float r = z - s.y;
    for (std::size_t i = 0; i < N; ++i) g[i] = r * s.x[i];
    return 0.5f * r * r;
  }
};

template <class T>
float checkpointed(T& object) noexcept {
  static langevin::checkpoint_blob<T> blob;
  langevin::save_checkpoint(object, blob);
  return langevin::restore_checkpoint(object, blob.data(), blob.size()) == langevin::status::ok ? 1.0f : 0.0f;
}

langevin::pcg32 rng{1u, 2u};
const auto cooling = langevin::schedule<float>::geometric(1.0f, 0.99f);

// One use of the algorithm at size N through its usual entry point; with
// LANGEVIN_SIZES_CHECKPOINT also a checkpoint round trip of its object.
template <std::size_t N>
[[gnu::noinline]] float use() noexcept {
  float s = 0.0f;
#if defined(LANGEVIN_SIZES_MINIMIZE)
  langevin::minimize_options<float> o;
  o.max_calls = 100u;
#if defined(LANGEVIN_SIZES_CHECKPOINT)
  static langevin::minimizer<float, N> engine;
  if (engine.init(unit_box<N>(), o) == langevin::status::ok) s += engine.run(bowl<N>{}).value + checkpointed(engine);
#else
  s += langevin::minimize(bowl<N>{}, unit_box<N>(), o).value;
#endif
#elif defined(LANGEVIN_SIZES_EULER_MARUYAMA) || defined(LANGEVIN_SIZES_LEIMKUHLER_MATTHEWS) || \
    defined(LANGEVIN_SIZES_BAOAB)
#if defined(LANGEVIN_SIZES_EULER_MARUYAMA)
  static langevin::euler_maruyama<float, N> stepper;
#elif defined(LANGEVIN_SIZES_LEIMKUHLER_MATTHEWS)
  static langevin::leimkuhler_matthews<float, N> stepper;
#else
  static langevin::baoab<float, N> stepper;
#endif
  if (stepper.init({}) == langevin::status::ok) s += stepper.run(bowl<N>{}, cooling, rng, 100u).value;
#if defined(LANGEVIN_SIZES_CHECKPOINT)
  s += checkpointed(stepper);
#endif
#elif defined(LANGEVIN_SIZES_SIMULATED_ANNEALING)
  langevin::simulated_annealing_options<float> o;
  o.max_calls = 100u;
#if defined(LANGEVIN_SIZES_CHECKPOINT)
  static langevin::simulated_annealer<float, N> annealer;
  if (annealer.init(unit_box<N>(), o) == langevin::status::ok) s += annealer.run(bowl<N>{}).value + checkpointed(annealer);
#else
  s += langevin::simulated_annealing(bowl<N>{}, unit_box<N>(), o).value;
#endif
#elif defined(LANGEVIN_SIZES_ANNEALING_SGD)
  static std::array<sample<N>, 16> data{};
  static langevin::annealing_sgd<float, N, 16> sgd;
  langevin::annealing_sgd_options<float> o;
  o.batch_size = 4u;
  if (sgd.init(data.size(), o) == langevin::status::ok) s += sgd.run(linear<N>{}, data, 100u).value;
#if defined(LANGEVIN_SIZES_CHECKPOINT)
  s += checkpointed(sgd);
#endif
#elif defined(LANGEVIN_SIZES_REPLICA_EXCHANGE)
  static langevin::replica_exchange<langevin::euler_maruyama<float, N>, 4> exchange;
  typename langevin::replica_exchange<langevin::euler_maruyama<float, N>, 4>::options_type o{};
  if (exchange.init(o) == langevin::status::ok) s += exchange.run(bowl<N>{}, rng, 100u).value;
#if defined(LANGEVIN_SIZES_CHECKPOINT)
  s += checkpointed(exchange);
#endif
#endif
  return s;
}

}  // namespace

volatile float footprint_sizes_output = 0.0f;

int main() {
  float s = use<2>();
#if LANGEVIN_SIZES_COUNT >= 2
  s += use<3>();
#endif
#if LANGEVIN_SIZES_COUNT >= 3
  s += use<4>();
#endif
  footprint_sizes_output = s;
  return 0;
}
