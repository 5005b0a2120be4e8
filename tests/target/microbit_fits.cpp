// What fits in the 16 KiB of RAM of the microbit (Cortex-M0), built twice by
// tests/CMakeLists.txt on the cortex-m0 preset:
//   LANGEVIN_FITS_MINIMIZER=N : a minimizer<float, N> in .bss runs a 2000-call budget with
//                               step() on a quartic, then checkpoints itself into a blob in
//                               .bss and restores it (its largest use of RAM);
//   LANGEVIN_FITS_SGD=C       : annealing_sgd<float, 2, C> in .bss runs 3 epochs over C
//                               samples kept in flash, then checkpoints and restores itself.
// Each program prints its RAM (.data + .bss, and the deepest stack the startup code saw)
// and passes if its run completed (the startup code turns a stack that reached .bss into
// exit code 4). The same program one coordinate (or 64 samples) larger must not fit
// (tests/tools/expect_does_not_fit.cmake): so N (or C) is the largest, and a change of the
// library's sizes that moves the limit fails a test. Also prints the checkpoint sizes of
// common shapes.
#include <array>
#include <cstddef>
#include <cstdint>

#include <langevin/checkpoint.hpp>
#include <langevin/dynamics/overdamped.hpp>
#include <langevin/dynamics/underdamped.hpp>
#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/optimize/minimize.hpp>
#include <langevin/optimize/simulated_annealing.hpp>
#include <langevin/random/pcg32.hpp>

#include "port.hpp"
#include "print.hpp"

extern "C" std::uint32_t langevin_stack_peak_bytes(void);
extern "C" std::uint32_t _sdata, _ebss, _estack;

namespace {

template <std::size_t N>
struct quartic {
  float operator()(const std::array<float, N>& x, std::array<float, N>& g) const noexcept {
    float e = 0.0f;
    for (std::size_t i = 0; i < N; ++i) {
      const float x2 = x[i] * x[i];
      g[i] = 2.0f * x2 * x[i] - 16.0f * x[i] + 2.5f;
      e += x2 * x2 - 16.0f * x2 + 5.0f * x[i];
    }
    return 0.5f * e;
  }
};

struct line_sample {
  float x, y;
};

struct line_model {
  float operator()(const std::array<float, 2>& w, const line_sample& s, std::array<float, 2>& g) const noexcept {
    const float r = w[0] * s.x + w[1] - s.y;
    g[0] = r * s.x;
    g[1] = r;
    return 0.5f * r * r;
  }
};

template <class T>
void print_size(const char* name) {
  langevin_port::text<160> t;
  t << "  " << name << ": " << static_cast<std::uint32_t>(sizeof(T)) << " B object, "
    << static_cast<std::uint32_t>(langevin::checkpoint_size<T>) << " B checkpoint\n";
  langevin_port::write(t);
}

template <class T>
bool round_trip(const T& object, T& restored, langevin::checkpoint_blob<T>& blob) {
  return langevin::save_checkpoint(object, blob.data(), blob.size()) == langevin::status::ok &&
         langevin::restore_checkpoint(restored, blob.data(), blob.size()) == langevin::status::ok;
}

#if defined(LANGEVIN_FITS_MINIMIZER)
constexpr std::size_t dim = LANGEVIN_FITS_MINIMIZER;
using engine_type = langevin::minimizer<float, dim>;
using bigger_type = langevin::minimizer<float, dim + 1>;
engine_type engine;
langevin::checkpoint_blob<engine_type> blob;
constexpr std::uint32_t growth = sizeof(bigger_type) - sizeof(engine_type) + langevin::checkpoint_size<bigger_type> -
                                 langevin::checkpoint_size<engine_type>;

bool run() {
  langevin::box<float, dim> bounds{};
  for (std::size_t i = 0; i < dim; ++i) {
    bounds.lower[i] = -5.0f;
    bounds.upper[i] = 5.0f;
  }
  langevin::minimize_options<float> options;
  options.max_calls = 2000u;
  options.seed = 7u;
  if (engine.init(bounds, options) != langevin::status::ok) return false;
  while (!engine.done()) {
    if (engine.step(quartic<dim>{}).status != langevin::status::ok) return false;
  }
  // Restore into the engine itself: the blob must hold exactly the finished state.
  const bool ok = round_trip(engine, engine, blob) && engine.calls() > 0u && engine.calls() <= options.max_calls;
  langevin_port::text<160> t;
  t << "minimizer<float, " << static_cast<std::uint32_t>(dim) << ">: " << engine.calls() << " calls, best ";
  t.fixed(engine.result().value, 4) << '\n';
  langevin_port::write(t);
  return ok;
}
const char* what = "minimizer<float, N> + its checkpoint blob";
const char* unit = "one more coordinate";
#elif defined(LANGEVIN_FITS_SGD)
constexpr std::size_t capacity = LANGEVIN_FITS_SGD;
using sgd_type = langevin::annealing_sgd<float, 2, capacity>;
using bigger_type = langevin::annealing_sgd<float, 2, capacity + 64u>;
sgd_type sgd;
langevin::checkpoint_blob<sgd_type> blob;
constexpr std::uint32_t growth = sizeof(bigger_type) - sizeof(sgd_type) + langevin::checkpoint_size<bigger_type> -
                                 langevin::checkpoint_size<sgd_type>;

// The data set lives in flash: y = 0.5 x - 1 on a grid of x in [-1, 1).
struct flash_data {
  std::array<line_sample, capacity> samples;
};
constexpr flash_data make_data() {
  flash_data d{};
  for (std::size_t i = 0; i < capacity; ++i) {
    const float x = -1.0f + 2.0f * static_cast<float>(i) / static_cast<float>(capacity);
    d.samples[i] = {x, 0.5f * x - 1.0f};
  }
  return d;
}
constexpr flash_data data = make_data();

bool run() {
  langevin::annealing_sgd_options<float> options;
  options.batch_size = 32u;
  options.learning_rate = langevin::schedule<float>::constant(0.1f);
  options.temperature = langevin::schedule<float>::constant(0.0f);
  if (sgd.init(capacity, options) != langevin::status::ok) return false;
  if (sgd.run_epochs(line_model{}, data.samples, 3u).status != langevin::status::ok) return false;
  const bool ok = round_trip(sgd, sgd, blob);
  langevin_port::text<160> t;
  t << "annealing_sgd<float, 2, " << static_cast<std::uint32_t>(capacity) << ">: w = (";
  t.fixed(sgd.current()[0], 3) << ", ";
  t.fixed(sgd.current()[1], 3) << ") after 3 epochs\n";
  langevin_port::write(t);
  const float w0 = sgd.current()[0], w1 = sgd.current()[1];
  return ok && w0 > 0.4f && w0 < 0.6f && w1 > -1.1f && w1 < -0.9f;
}
const char* what = "annealing_sgd<float, 2, C> + its checkpoint blob (data set in flash)";
const char* unit = "64 more samples";
#else
#error "define LANGEVIN_FITS_MINIMIZER or LANGEVIN_FITS_SGD"
#endif

}  // namespace

int main() {
  langevin_port::write("checkpoint sizes on this port:\n");
  print_size<langevin::pcg32>("pcg32");
  print_size<langevin::euler_maruyama<float, 16>>("euler_maruyama<float, 16>");
  print_size<langevin::baoab<float, 16>>("baoab<float, 16>");
  print_size<langevin::minimizer<float, 2>>("minimizer<float, 2>");
  print_size<langevin::minimizer<float, 10>>("minimizer<float, 10>");
  print_size<langevin::simulated_annealer<float, 10>>("simulated_annealer<float, 10>");
  print_size<langevin::annealing_sgd<float, 2, 256>>("annealing_sgd<float, 2, 256>");

  const bool ran = run();
  const std::uint32_t ram = static_cast<std::uint32_t>(reinterpret_cast<const char*>(&_ebss) -
                                                       reinterpret_cast<const char*>(&_sdata));
  const std::uint32_t total = static_cast<std::uint32_t>(reinterpret_cast<const char*>(&_estack) -
                                                         reinterpret_cast<const char*>(&_sdata));
  const std::uint32_t stack = langevin_stack_peak_bytes();
  const std::uint32_t left = total - ram - stack;
  langevin_port::text<320> t;
  t << what << ": .data + .bss " << ram << " B, deepest stack " << stack << " B, " << left << " B of "
    << total << " B left; " << unit << " adds " << growth << " B to the object and its blob\n";
  langevin_port::write(t);
  langevin_port::write(ran ? "microbit fits: ok\n" : "microbit fits: FAILED (the run did not complete)\n");
  return ran ? 0 : 1;
}
