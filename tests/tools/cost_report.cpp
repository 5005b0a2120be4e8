// Cost report: instructions per operation of the library on a Cortex-M board, counted under
// QEMU with -icount shift=0 (method and self-checks: instruction_counter.hpp). Registered
// as the ctest test `cost_report` on every Cortex-M preset; prints Markdown tables and
// exits non-zero if the clock calibration fails or a measurement is too short or not
// finite. Counts are instructions, not cycles.
//
// Every call of the library's API in the report is in this file, grouped by section:
// random sources, Langevin steps, annealing SGD, the minimizer, simulated annealing,
// checkpoints. Each section has its problem (if any), one function that measures, and
// one that prints its table.
#include <array>
#include <cstddef>
#include <cstdint>

#include <langevin/checkpoint.hpp>
#include <langevin/dynamics/overdamped.hpp>
#include <langevin/dynamics/underdamped.hpp>
#include <langevin/math.hpp>
#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/optimize/minimize.hpp>
#include <langevin/optimize/simulated_annealing.hpp>
#include <langevin/random/normal.hpp>
#include <langevin/random/pcg32.hpp>
#include <langevin/random/uniform.hpp>
#include <langevin/schedule.hpp>

#include "instruction_counter.hpp"
#include "port.hpp"
#include "print.hpp"

#ifndef LANGEVIN_COST_OPTIMIZATION
#define LANGEVIN_COST_OPTIMIZATION "(unknown flags)"
#endif

namespace {

using instruction_counter::counter;
using instruction_counter::figure;
using line = langevin_port::text<256>;

// Results leave through volatile objects, so the compiler keeps every computation.
volatile std::uint32_t sink_bits = 0u;
volatile float sink_float = 0.0f;
volatile double sink_double = 0.0;

// A compiler barrier: memory may have changed, so nothing is hoisted out of a loop.
inline void clobber() noexcept { __asm__ volatile("" ::: "memory"); }

void check_positive(counter& c, double v, const char* label) {
  if (!(v > 0.0 && v < 1e12)) c.fail(label);
}

// --- random sources ---------------------------------------------------------------------------

struct random_costs {
  double pcg32, uniform_float, normal_float, normal_double;
};

random_costs measure_random(counter& c) {
  constexpr std::uint32_t calls = 40000u;
  random_costs r{};
  langevin::pcg32 rng{42u, 54u};
  r.pcg32 = c.per_unit("pcg32", calls, [&] {
    std::uint32_t x = 0u;
    for (std::uint32_t k = 0; k < calls; ++k) x ^= rng();
    sink_bits = x;
  });
  r.uniform_float = c.per_unit("uniform<float>", calls, [&] {
    float s = 0.0f;
    for (std::uint32_t k = 0; k < calls; ++k) s += langevin::uniform<float>(rng);
    sink_float = s;
  });
  r.normal_float = c.per_unit("normal<float>", calls, [&] {
    float s = 0.0f;
    for (std::uint32_t k = 0; k < calls; ++k) s += langevin::normal<float>(rng);
    sink_float = s;
  });
  r.normal_double = c.per_unit("normal<double>", calls, [&] {
    double s = 0.0;
    for (std::uint32_t k = 0; k < calls; ++k) s += langevin::normal<double>(rng);
    sink_double = s;
  });
  return r;
}

void print_random(const random_costs& r) {
  langevin_port::write("\n| random source (per call, loop and a sum included) | instructions |\n|---|---:|\n");
  const char* names[4] = {"`pcg32`", "`uniform<float>`", "`normal<float>`", "`normal<double>`"};
  const double values[4] = {r.pcg32, r.uniform_float, r.normal_float, r.normal_double};
  for (int k = 0; k < 4; ++k) {
    line t;
    t << "| " << names[k] << " | ";
    figure(t, values[k]) << " |\n";
    langevin_port::write(t);
  }
}

// --- Langevin steps, N = step_dim, E = |x|^2 / 2 -----------------------------------------------

// The step table's N. Built with -DLANGEVIN_COST_STEP_DIM=64 (for one) beside the usual 16,
// the two tables separate a step's cost per coordinate from its fixed cost per step.
#ifndef LANGEVIN_COST_STEP_DIM
#define LANGEVIN_COST_STEP_DIM 16
#endif
constexpr std::size_t step_dim = LANGEVIN_COST_STEP_DIM;

template <class Real>
struct quadratic {
  Real operator()(const std::array<Real, step_dim>& x, std::array<Real, step_dim>& g) const noexcept {
    Real e = Real(0);
    for (std::size_t i = 0; i < step_dim; ++i) {
      g[i] = x[i];
      e += x[i] * x[i];
    }
    return Real(0.5) * e;
  }
};

struct step_costs {
  double floor, euler_maruyama, leimkuhler_matthews, baoab;
};

template <class Real>
std::array<Real, step_dim> step_start() {
  std::array<Real, step_dim> x{};
  for (std::size_t i = 0; i < step_dim; ++i) x[i] = Real(0.25) * static_cast<Real>(i % 5u) - Real(0.5);
  return x;
}

template <class Real>
langevin::status start_at(langevin::euler_maruyama<Real, step_dim>& s) {
  return s.place(step_start<Real>());
}
template <class Real>
langevin::status start_at(langevin::leimkuhler_matthews<Real, step_dim>& s) {
  return s.place(step_start<Real>());
}
template <class Real>
langevin::status start_at(langevin::baoab<Real, step_dim>& s) {
  return s.place(step_start<Real>(), std::array<Real, step_dim>{});
}

// Runs `steps` steps of `stepper` at T = 1, h = 0.01 (already configured by the caller).
template <class Stepper, class Real>
double stepper_cost(counter& c, const char* label, Stepper& stepper, std::uint32_t steps) {
  langevin::pcg32 rng{7u, 1u};
  if (start_at(stepper) != langevin::status::ok) c.fail("setting a stepper's start");
  return c.per_unit(label, static_cast<double>(steps) * step_dim, [&] {
    Real e = Real(0);
    for (std::uint32_t k = 0; k < steps; ++k) e += stepper.step(quadratic<Real>{}, Real(1), rng).value;
    if constexpr (sizeof(Real) == sizeof(float)) {
      sink_float = e;
    } else {
      sink_double = e;
    }
  });
}

template <class Real>
step_costs measure_steps(counter& c, const char* floor_label) {
  constexpr std::uint32_t steps = 2000u;
  step_costs r{};
  {
    // The floor: what any step must do per coordinate, the gradient and one normal draw.
    static std::array<Real, step_dim> x{};
    static std::array<Real, step_dim> g{};
    x = step_start<Real>();
    langevin::pcg32 rng{7u, 1u};
    r.floor = c.per_unit(floor_label, static_cast<double>(steps) * step_dim, [&] {
      Real e = Real(0);
      for (std::uint32_t k = 0; k < steps; ++k) {
        e += quadratic<Real>{}(x, g);
        for (std::size_t i = 0; i < step_dim; ++i) x[i] = g[i] + langevin::normal<Real>(rng);
        clobber();
      }
      if constexpr (sizeof(Real) == sizeof(float)) {
        sink_float = e;
      } else {
        sink_double = e;
      }
    });
  }
  static langevin::euler_maruyama<Real, step_dim> em;
  static langevin::leimkuhler_matthews<Real, step_dim> lm;
  static langevin::baoab<Real, step_dim> ba;
  if (em.init({Real(0.01)}) != langevin::status::ok || lm.init({Real(0.01)}) != langevin::status::ok ||
      ba.init({Real(0.01), Real(1), Real(1)}) != langevin::status::ok) {
    c.fail("configuring a stepper");
  }
  r.euler_maruyama = stepper_cost<decltype(em), Real>(c, "euler_maruyama", em, steps);
  r.leimkuhler_matthews = stepper_cost<decltype(lm), Real>(c, "leimkuhler_matthews", lm, steps);
  r.baoab = stepper_cost<decltype(ba), Real>(c, "baoab", ba, steps);
  return r;
}

void print_steps(const step_costs& f, const step_costs& d) {
  line heading;
  heading << "\n| Langevin step, N = " << static_cast<std::uint32_t>(step_dim)
          << ", E = \\|x\\|^2 / 2 (per coordinate) | floor (normal + gradient) | "
             "Euler-Maruyama | Leimkuhler-Matthews | BAOAB |\n|---|---:|---:|---:|---:|\n";
  langevin_port::write(heading);
  const step_costs* rows[2] = {&f, &d};
  const char* names[2] = {"float", "double"};
  for (int k = 0; k < 2; ++k) {
    const step_costs& r = *rows[k];
    line t;
    t << "| " << names[k] << " | ";
    figure(t, r.floor) << " | ";
    figure(t, r.euler_maruyama) << " (";
    figure(t, r.euler_maruyama / r.floor, 2) << "x) | ";
    figure(t, r.leimkuhler_matthews) << " (";
    figure(t, r.leimkuhler_matthews / r.floor, 2) << "x) | ";
    figure(t, r.baoab) << " (";
    figure(t, r.baoab / r.floor, 2) << "x) |\n";
    langevin_port::write(t);
  }
}

// --- annealing SGD: linear least squares, P = 4 features, 128 samples, SGLD noise ----------------

constexpr std::size_t features = 4;
constexpr std::size_t samples = 128;

struct sample {
  std::array<float, features> x;
  float y;
};

sample data_set[samples];

void make_data_set() {
  langevin::pcg32 g{1u, 2u};
  for (sample& s : data_set) {
    float y = 0.0f;
    for (std::size_t i = 0; i < features; ++i) {
      s.x[i] = langevin::uniform<float>(g, -1.0f, 1.0f);
      y += static_cast<float>(static_cast<int>(i) - 1) * s.x[i];
    }
    s.y = y + 0.1f * langevin::normal<float>(g);
  }
}

// Loss (w.x - y)^2 / 2; adds its gradient into g.
struct linear_model {
  float operator()(const std::array<float, features>& w, const sample& s, std::array<float, features>& g) const noexcept {
    float z = 0.0f;
    for (std::size_t i = 0; i < features; ++i) z += w[i] * s.x[i];
    const float r = z - s.y;
    for (std::size_t i = 0; i < features; ++i) g[i] = r * s.x[i];
    return 0.5f * r * r;
  }
};

langevin::schedule<float> sgd_rate() { return langevin::schedule<float>::constant(0.05f); }
langevin::schedule<float> sgd_temperature() { return langevin::schedule<float>::geometric(0.5f, 0.9999f, 1e-3f); }

// One optimizer step per call of a non-inlined function, as firmware calls it once per tick.
[[gnu::noinline]] float library_sgd_step(langevin::annealing_sgd<float, features, samples>& sgd) {
  return sgd.step(linear_model{}, langevin::span<const sample>(data_set, samples)).value;
}

// The same step written out by hand: incremental Fisher-Yates batches on an index buffer,
// the model writing each sample's gradient and the loop summing them (the library's model
// convention), 1/b scaling, both schedules, the update and the SGLD noise; no status or
// finiteness checks.
struct hand_written_sgd {
  std::array<std::uint16_t, samples> order{};
  langevin::pcg32 g{7u, 0u};
  langevin::schedule<float> rate = sgd_rate();
  langevin::schedule<float> temperature = sgd_temperature();
  std::array<float, features> w{};
  std::uint32_t cursor = 0;
  std::uint64_t n = 0;
  std::uint32_t batch = 1;

  [[gnu::noinline]] float step() {
    std::array<float, features> gradient{};
    float loss = 0.0f;
    const std::uint32_t remaining = static_cast<std::uint32_t>(samples) - cursor;
    const std::uint32_t b = remaining < batch ? remaining : batch;
    for (std::uint32_t k = cursor; k < cursor + b; ++k) {
      const std::uint32_t left = static_cast<std::uint32_t>(samples) - k;
      if (left > 1u) {
        const std::uint32_t j = k + g.bounded(left);
        const std::uint16_t chosen = order[j];
        order[j] = order[k];
        order[k] = chosen;
      }
      std::array<float, features> sample_gradient;
      loss += linear_model{}(w, data_set[order[k]], sample_gradient);
      for (std::size_t i = 0; i < features; ++i) gradient[i] += sample_gradient[i];
    }
    cursor = cursor + b == samples ? 0u : cursor + b;
    const float lr = rate(n);
    const float t = temperature(n);
    ++n;
    const float scale = 1.0f / static_cast<float>(b);
    const float amplitude = langevin::math::sqrt(2.0f * lr * t / static_cast<float>(samples));
    for (std::size_t i = 0; i < features; ++i) w[i] += -lr * (gradient[i] * scale) + amplitude * langevin::normal<float>(g);
    return loss;
  }
};

struct sgd_costs {
  std::uint32_t batch;
  double library, hand_written;
};

sgd_costs measure_sgd(counter& c, std::uint32_t batch) {
  const std::uint32_t gradients = 32000u;
  const std::uint32_t steps = gradients / batch;
  sgd_costs r{batch, 0.0, 0.0};
  static langevin::annealing_sgd<float, features, samples> sgd;
  langevin::annealing_sgd_options<float> options;
  options.batch_size = batch;
  options.batches = langevin::sampling::without_replacement;  // as the hand-written loop
  options.seed = 7u;
  options.learning_rate = sgd_rate();
  options.temperature = sgd_temperature();
  if (sgd.init(samples, options) != langevin::status::ok) c.fail("annealing_sgd init");
  r.library = c.per_unit("annealing_sgd", gradients, [&] {
    float s = 0.0f;
    for (std::uint32_t k = 0; k < steps; ++k) s += library_sgd_step(sgd);
    sink_float = s;
  });
  static hand_written_sgd hand;
  hand = hand_written_sgd{};
  for (std::size_t i = 0; i < samples; ++i) hand.order[i] = static_cast<std::uint16_t>(i);
  hand.batch = batch;
  r.hand_written = c.per_unit("hand-written SGD", gradients, [&] {
    float s = 0.0f;
    for (std::uint32_t k = 0; k < steps; ++k) s += hand.step();
    sink_float = s;
  });
  return r;
}

void print_sgd(const sgd_costs* rows, int count) {
  langevin_port::write(
      "\n| annealing SGD with SGLD noise, float, P = 4, 128 samples (per sample gradient) | `annealing_sgd` | "
      "hand-written loop | ratio |\n|---|---:|---:|---:|\n");
  for (int k = 0; k < count; ++k) {
    line t;
    t << "| B = " << rows[k].batch << " | ";
    figure(t, rows[k].library) << " | ";
    figure(t, rows[k].hand_written) << " | ";
    figure(t, rows[k].library / rows[k].hand_written, 2) << " |\n";
    langevin_port::write(t);
  }
}

// --- the minimizer on a quartic (Styblinski-Tang), float ------------------------------------------

template <std::size_t N>
struct styblinski_tang {
  float operator()(const std::array<float, N>& x, std::array<float, N>& g) const noexcept {
    float e = 0.0f;
    for (std::size_t i = 0; i < N; ++i) {
      const float xi = x[i];
      const float x2 = xi * xi;
      g[i] = 2.0f * x2 * xi - 16.0f * xi + 2.5f;
      e += x2 * x2 - 16.0f * x2 + 5.0f * xi;
    }
    return 0.5f * e;
  }
};

struct minimizer_costs {
  std::size_t dim;
  std::uint64_t calls;
  double problem, total, own;
};

template <std::size_t N>
minimizer_costs measure_minimizer(counter& c, std::uint64_t budget) {
  minimizer_costs r{N, 0u, 0.0, 0.0, 0.0};
  {
    // The problem alone in a loop (loop included); the barrier makes every call reload x.
    constexpr std::uint32_t calls = 4000u;
    static std::array<float, N> x{};
    static std::array<float, N> g{};
    for (std::size_t i = 0; i < N; ++i) x[i] = 0.5f * static_cast<float>(i) - 2.0f;
    r.problem = c.per_unit("quartic problem", calls, [&] {
      float s = 0.0f;
      for (std::uint32_t k = 0; k < calls; ++k) {
        s += styblinski_tang<N>{}(x, g);
        clobber();
      }
      sink_float = s;
    });
  }
  langevin::box<float, N> bounds{};
  for (std::size_t i = 0; i < N; ++i) {
    bounds.lower[i] = -5.0f;
    bounds.upper[i] = 5.0f;
  }
  langevin::minimize_options<float> options;
  options.max_calls = budget;
  options.seed = 7u;
  std::uint64_t calls = 0u;
  const double total = c.per_unit("minimize", 1.0, [&] {
    const auto result = langevin::minimize(styblinski_tang<N>{}, bounds, options);
    calls = result.calls;
    sink_float = result.value;
  });
  r.calls = calls;
  if (calls == 0u) {
    c.fail("minimize made no call");
    return r;
  }
  r.total = total / static_cast<double>(calls);
  r.own = r.total - r.problem;
  return r;
}

void print_minimizer(const minimizer_costs* rows, int count) {
  langevin_port::write(
      "\n| `minimize`, float, Styblinski-Tang on [-5, 5]^d (per problem call) | calls | problem | "
      "minimizer's own work | total |\n|---|---:|---:|---:|---:|\n");
  for (int k = 0; k < count; ++k) {
    line t;
    t << "| d = " << static_cast<std::uint32_t>(rows[k].dim) << " | " << rows[k].calls << " | ";
    figure(t, rows[k].problem) << " | ";
    figure(t, rows[k].own) << " | ";
    figure(t, rows[k].total) << " |\n";
    langevin_port::write(t);
  }
}

// --- simulated annealing, float, value-only quadratic ---------------------------------------------

template <std::size_t N>
struct value_bowl {
  float operator()(const std::array<float, N>& x) const noexcept {
    float e = 0.0f;
    for (std::size_t i = 0; i < N; ++i) e += x[i] * x[i];
    return e;
  }
};

struct annealing_costs {
  std::size_t dim;
  double problem, step;
};

template <std::size_t N>
annealing_costs measure_annealing(counter& c) {
  constexpr std::uint32_t steps = 20000u;
  annealing_costs r{N, 0.0, 0.0};
  {
    static std::array<float, N> x{};
    for (std::size_t i = 0; i < N; ++i) x[i] = 0.5f * static_cast<float>(i) - 2.0f;
    r.problem = c.per_unit("value problem", steps, [&] {
      float s = 0.0f;
      for (std::uint32_t k = 0; k < steps; ++k) {
        s += value_bowl<N>{}(x);
        clobber();
      }
      sink_float = s;
    });
  }
  langevin::box<float, N> bounds{};
  for (std::size_t i = 0; i < N; ++i) {
    bounds.lower[i] = -5.0f;
    bounds.upper[i] = 5.0f;
  }
  langevin::simulated_annealing_options<float> options;
  options.max_calls = 1000000u;
  options.seed = 7u;
  static langevin::simulated_annealer<float, N> annealer;
  if (annealer.init(bounds, options) != langevin::status::ok) c.fail("simulated_annealer init");
  for (std::uint32_t k = 0; k < options.initial_samples; ++k) static_cast<void>(annealer.step(value_bowl<N>{}));
  r.step = c.per_unit("simulated annealing step", steps, [&] {
    float s = 0.0f;
    for (std::uint32_t k = 0; k < steps; ++k) s += annealer.step(value_bowl<N>{}).value;
    sink_float = s;
  });
  return r;
}

void print_annealing(const annealing_costs* rows, int count) {
  langevin_port::write(
      "\n| simulated annealing, float, E = \\|x\\|^2 (per step) | problem | step (problem included) |\n"
      "|---|---:|---:|\n");
  for (int k = 0; k < count; ++k) {
    line t;
    t << "| d = " << static_cast<std::uint32_t>(rows[k].dim) << " | ";
    figure(t, rows[k].problem) << " | ";
    figure(t, rows[k].step) << " |\n";
    langevin_port::write(t);
  }
}

// --- checkpoints ------------------------------------------------------------------------------------

struct checkpoint_costs {
  const char* name;
  std::size_t bytes;
  double save, restore;
};

// Saves `object` `repeats` times, then restores the blob `repeats` times (each restore
// checks size, header, CRC and the object's own validation).
template <class T>
checkpoint_costs measure_checkpoint(counter& c, const char* name, T& object, std::uint32_t repeats) {
  static langevin::checkpoint_blob<T> blob;
  checkpoint_costs r{name, blob.size(), 0.0, 0.0};
  std::uint32_t failures = 0u;
  r.save = c.per_unit("save_checkpoint", repeats, [&] {
    for (std::uint32_t k = 0; k < repeats; ++k) {
      failures += langevin::save_checkpoint(object, blob.data(), blob.size()) == langevin::status::ok ? 0u : 1u;
      clobber();
    }
  });
  r.restore = c.per_unit("restore_checkpoint", repeats, [&] {
    for (std::uint32_t k = 0; k < repeats; ++k) {
      failures += langevin::restore_checkpoint(object, blob.data(), blob.size()) == langevin::status::ok ? 0u : 1u;
      clobber();
    }
  });
  if (failures != 0u) c.fail("a checkpoint save or restore failed");
  return r;
}

void print_checkpoints(const checkpoint_costs* rows, int count) {
  langevin_port::write("\n| checkpoint (per call) | blob (B) | save | restore |\n|---|---:|---:|---:|\n");
  for (int k = 0; k < count; ++k) {
    line t;
    t << "| " << rows[k].name << " | " << static_cast<std::uint32_t>(rows[k].bytes) << " | ";
    figure(t, rows[k].save) << " | ";
    figure(t, rows[k].restore) << " |\n";
    langevin_port::write(t);
  }
}

}  // namespace

int main() {
  counter c;
  {
    line t;
    t << "### Instructions per operation on " << langevin_port::name() << " (GCC " << __VERSION__ << ", "
      << LANGEVIN_COST_OPTIMIZATION << "; QEMU -icount shift=0)\n\n";
    langevin_port::write(t);
  }
  if (!c.calibrate()) return 1;

  print_random(measure_random(c));

  const step_costs steps_float = measure_steps<float>(c, "floor float");
  const step_costs steps_double = measure_steps<double>(c, "floor double");
  print_steps(steps_float, steps_double);

  make_data_set();
  const sgd_costs sgd[2] = {measure_sgd(c, 1u), measure_sgd(c, 32u)};
  print_sgd(sgd, 2);

  const minimizer_costs minimizers[2] = {measure_minimizer<2>(c, 2000u), measure_minimizer<10>(c, 20000u)};
  print_minimizer(minimizers, 2);

  const annealing_costs annealers[2] = {measure_annealing<2>(c), measure_annealing<10>(c)};
  print_annealing(annealers, 2);

  // Objects in a mid-run state.
  static langevin::pcg32 rng{42u, 54u};
  static langevin::euler_maruyama<float, step_dim> em;
  if (em.init({0.01f}) != langevin::status::ok || em.place(step_start<float>()) != langevin::status::ok) {
    c.fail("euler_maruyama init");
  }
  for (int k = 0; k < 10; ++k) static_cast<void>(em.step(quadratic<float>{}, 1.0f, rng));
  static langevin::minimizer<float, 10> engine;
  {
    langevin::box<float, 10> bounds{};
    for (std::size_t i = 0; i < 10; ++i) {
      bounds.lower[i] = -5.0f;
      bounds.upper[i] = 5.0f;
    }
    langevin::minimize_options<float> options;
    options.max_calls = 20000u;
    options.seed = 7u;
    if (engine.init(bounds, options) != langevin::status::ok) c.fail("minimizer init");
    for (int k = 0; k < 500; ++k) static_cast<void>(engine.step(styblinski_tang<10>{}));
  }
  static langevin::annealing_sgd<float, features, samples> sgd_object;
  {
    langevin::annealing_sgd_options<float> options;
    options.batch_size = 8u;
    options.batches = langevin::sampling::without_replacement;
    options.learning_rate = sgd_rate();
    options.temperature = sgd_temperature();
    if (sgd_object.init(samples, options) != langevin::status::ok) c.fail("annealing_sgd init");
    for (int k = 0; k < 20; ++k) library_sgd_step(sgd_object);
  }
  const checkpoint_costs checkpoints[4] = {
      measure_checkpoint(c, "`pcg32`", rng, 4000u),
      measure_checkpoint(c, "`euler_maruyama<float, 16>`", em, 400u),
      measure_checkpoint(c, "`annealing_sgd<float, 4, 128>`", sgd_object, 100u),
      measure_checkpoint(c, "`minimizer<float, 10>`", engine, 100u),
  };
  print_checkpoints(checkpoints, 4);

  const double all[] = {steps_float.floor, steps_double.baoab, sgd[0].library, sgd[1].hand_written,
                        minimizers[0].own, minimizers[1].own, annealers[1].step, checkpoints[3].restore};
  for (double v : all) check_positive(c, v, "a figure is not positive and finite");

  line t;
  t << "\ncost report: " << (c.failures() == 0u ? "ok" : "FAILED") << " (" << static_cast<std::uint32_t>(c.failures()) << " failures)\n";
  langevin_port::write(t);
  return c.failures() == 0u ? 0 : 1;
}
