// annealing_sgd figures, side by side in one run (host only; Google Benchmark): nanoseconds
// per sample gradient of langevin::annealing_sgd next to a hand-written loop doing the same
// arithmetic as a user would write it for a model that writes its per-sample gradient
// (incremental Fisher-Yates batches on a static index buffer, the loop summing the
// per-sample gradients, 1/b scaling, the learning-rate and temperature schedules, the
// update and the SGLD noise), then the ratios; and the optimizer with the gradient-noise
// meter on, and holding the temperature, next to the same steps without. Timing is never
// asserted.
//
//   cmake --preset host -B build/bench -DLANGEVIN_BUILD_BENCHMARKS=ON
//   cmake --build build/bench --target bench_annealing_sgd && build/bench/tests/bench/bench_annealing_sgd
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include <langevin/math.hpp>
#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/random/normal.hpp>
#include <langevin/random/pcg32.hpp>
#include <langevin/random/uniform.hpp>
#include <langevin/schedule.hpp>

namespace {

constexpr std::size_t features = 8;
constexpr std::size_t samples = 1024;

template <class Real>
struct sample {
  std::array<Real, features> x;
  Real y;
};

// Linear least squares: loss (w.x - y)^2 / 2, gradient written into g.
template <class Real>
struct linear_model {
  Real operator()(const std::array<Real, features>& w, const sample<Real>& s, std::array<Real, features>& g) const {
    Real z = Real(0);
    for (std::size_t i = 0; i < features; ++i) z += w[i] * s.x[i];
    const Real r = z - s.y;
    for (std::size_t i = 0; i < features; ++i) g[i] = r * s.x[i];
    return Real(0.5) * r * r;
  }
};

template <class Real>
const std::vector<sample<Real>>& data_set() {
  static const std::vector<sample<Real>> data = [] {
    std::vector<sample<Real>> d(samples);
    langevin::pcg32 g{1u, 2u};
    for (auto& s : d) {
      Real y = Real(0);
      for (std::size_t i = 0; i < features; ++i) {
        s.x[i] = langevin::uniform<Real>(g, Real(-1), Real(1));
        y += Real(static_cast<int>(i) - 3) * s.x[i];
      }
      s.y = y + Real(0.1) * langevin::normal<Real>(g);
    }
    return d;
  }();
  return data;
}

template <class Real>
langevin::schedule<Real> temperature_schedule(bool noisy) {
  return noisy ? langevin::schedule<Real>::geometric(Real(0.5), Real(0.9999), Real(1e-3))
               : langevin::schedule<Real>::constant(Real(0));
}

template <class Real>
void report_per_sample(benchmark::State& state, std::size_t batch) {
  state.counters["ns_per_sample_gradient"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(batch),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Both contenders run one step per call of a non-inlined function, as a control loop or
// an RTOS task calls the optimizer once per tick; inlining a step into the timing loop
// makes the comparison depend on the compiler's register allocation of that loop.
template <class Real>
[[gnu::noinline]] Real optimizer_step(langevin::annealing_sgd<Real, features, samples>& sgd,
                                      langevin::span<const sample<Real>> view) {
  return sgd.step(linear_model<Real>{}, view).value;
}

// The gradient-noise meter: off (the default), on, or holding the temperature.
enum class meter_mode { off, on, held };

// One iteration = one optimizer step on a batch of `batch` samples.
template <class Real>
void optimizer_with(benchmark::State& state, std::size_t batch, bool noisy, meter_mode meter) {
  const auto& data = data_set<Real>();
  const langevin::span<const sample<Real>> view(data.data(), data.size());
  langevin::annealing_sgd<Real, features, samples> sgd;
  langevin::annealing_sgd_options<Real> options;
  options.batch_size = batch;
  options.batches = langevin::sampling::without_replacement;
  options.seed = 7u;
  options.learning_rate = langevin::schedule<Real>::constant(Real(0.05));
  options.temperature = temperature_schedule<Real>(noisy);
  options.noise_meter = meter != meter_mode::off;
  options.hold_temperature = meter == meter_mode::held;
  if (sgd.init(data.size(), options) != langevin::status::ok) {
    state.SkipWithError("init failed");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(optimizer_step(sgd, view));
  benchmark::DoNotOptimize(sgd.current());
  report_per_sample<Real>(state, batch);
}

template <class Real>
void optimizer(benchmark::State& state, std::size_t batch, bool noisy) {
  optimizer_with<Real>(state, batch, noisy, meter_mode::off);
}
template <class Real>
void optimizer_metered(benchmark::State& state, std::size_t batch, bool noisy) {
  optimizer_with<Real>(state, batch, noisy, meter_mode::on);
}
template <class Real>
void optimizer_held(benchmark::State& state, std::size_t batch, bool noisy) {
  optimizer_with<Real>(state, batch, noisy, meter_mode::held);
}

// The same step written out by hand: no status checks, no finiteness checks, no copies; the
// model writes each sample's gradient and the loop adds it to the batch sum.
template <class Real>
struct hand_written_sgd {
  std::array<std::uint16_t, samples> order{};
  langevin::pcg32 g{7u, 0u};
  langevin::schedule<Real> rate = langevin::schedule<Real>::constant(Real(0.05));
  langevin::schedule<Real> temperature;
  std::array<Real, features> w{};
  std::uint32_t cursor = 0;
  std::uint64_t n = 0;
  std::uint32_t batch = 1;

  [[gnu::noinline]] Real step(const std::vector<sample<Real>>& data) {
    const linear_model<Real> model;
    std::array<Real, features> gradient{};
    std::array<Real, features> sample_gradient;
    Real loss = Real(0);
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
      loss += model(w, data[order[k]], sample_gradient);
      for (std::size_t i = 0; i < features; ++i) gradient[i] += sample_gradient[i];
    }
    cursor = cursor + b == samples ? 0u : cursor + b;
    const Real lr = rate(n);
    const Real t = temperature(n);
    ++n;
    const Real scale = Real(1) / static_cast<Real>(b);
    if (t > Real(0)) {
      const Real amplitude = langevin::math::sqrt(Real(2) * lr * t / static_cast<Real>(samples));
      for (std::size_t i = 0; i < features; ++i) {
        w[i] += -lr * (gradient[i] * scale) + amplitude * langevin::normal<Real>(g);
      }
    } else {
      for (std::size_t i = 0; i < features; ++i) w[i] -= lr * (gradient[i] * scale);
    }
    return loss;
  }
};

template <class Real>
void hand_written(benchmark::State& state, std::size_t batch, bool noisy) {
  const auto& data = data_set<Real>();
  hand_written_sgd<Real> sgd;
  for (std::size_t i = 0; i < samples; ++i) sgd.order[i] = static_cast<std::uint16_t>(i);
  sgd.temperature = temperature_schedule<Real>(noisy);
  sgd.batch = static_cast<std::uint32_t>(batch);
  for (auto _ : state) benchmark::DoNotOptimize(sgd.step(data));
  benchmark::DoNotOptimize(sgd.w);
  report_per_sample<Real>(state, batch);
}

struct configuration {
  const char* name;
  std::size_t batch;
  bool noisy;
};

constexpr configuration configurations[] = {
    {"sgd_B1", 1u, false}, {"sgd_B32", 32u, false}, {"sgld_B1", 1u, true}, {"sgld_B32", 32u, true}};

/// Five repetitions of each benchmark; the summary uses the fastest one ("min"), the
/// figure least disturbed by other processes on a shared machine.
template <class Body>
void add(const std::string& label, Body body, std::size_t batch, bool noisy) {
  benchmark::RegisterBenchmark(label.c_str(), body, batch, noisy)
      ->Repetitions(5)
      ->ReportAggregatesOnly(true)
      ->ComputeStatistics("min", [](const std::vector<double>& values) {
        return *std::min_element(values.begin(), values.end());
      });
}

void register_benchmarks() {
  for (const configuration& c : configurations) {
    for (const bool is_double : {false, true}) {
      const std::string suffix = std::string(c.name) + (is_double ? "_double" : "_float");
      if (is_double) {
        add("optimizer_" + suffix, optimizer<double>, c.batch, c.noisy);
        add("hand_written_" + suffix, hand_written<double>, c.batch, c.noisy);
      } else {
        add("optimizer_" + suffix, optimizer<float>, c.batch, c.noisy);
        add("hand_written_" + suffix, hand_written<float>, c.batch, c.noisy);
      }
      if (!c.noisy) {  // the meter on plain SGD, and holding the SGLD schedule's temperature
        const std::string held = std::string(c.name).replace(0, 3, "sgld") + (is_double ? "_double" : "_float");
        if (is_double) {
          add("metered_" + suffix, optimizer_metered<double>, c.batch, false);
          add("held_" + held, optimizer_held<double>, c.batch, true);
        } else {
          add("metered_" + suffix, optimizer_metered<float>, c.batch, false);
          add("held_" + held, optimizer_held<float>, c.batch, true);
        }
      }
    }
  }
}

class collecting_reporter : public benchmark::ConsoleReporter {
 public:
  std::map<std::string, double> ns_per_sample;
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      const bool is_min = run.run_type == Run::RT_Aggregate && run.aggregate_name == "min";
      if (run.run_type == Run::RT_Aggregate && !is_min) continue;
      if (run.error_occurred) continue;
      const auto found = run.counters.find("ns_per_sample_gradient");
      if (found == run.counters.end()) continue;
      const std::string name = run.run_name.str();
      const std::string label = name.substr(0, name.find('/'));
      if (is_min || ns_per_sample.count(label) == 0u) ns_per_sample[label] = found->second.value * 1e9;
    }
    ConsoleReporter::ReportRuns(runs);
  }
};

void print_summary(const std::map<std::string, double>& ns) {
  const auto get = [&](const std::string& key) {
    const auto found = ns.find(key);
    return found == ns.end() ? -1.0 : found->second;
  };
  std::printf("\n=== annealing_sgd: ns per sample gradient (CPU time, fastest of 5 repetitions; P = %zu, N = %zu, "
              "without replacement) ===\n",
              features, samples);
  std::printf("%-18s %12s %14s %10s\n", "", "optimizer", "hand-written", "ratio");
  for (const configuration& c : configurations) {
    for (const char* type : {"_float", "_double"}) {
      const std::string suffix = std::string(c.name) + type;
      const double a = get("optimizer_" + suffix);
      const double b = get("hand_written_" + suffix);
      std::printf("%-18s %12.2f %14.2f %10.3f%s\n", suffix.c_str(), a, b, (a > 0 && b > 0) ? a / b : -1.0,
                  c.batch > 1 ? "  (target <= 1.1)" : "");
    }
  }
  std::printf("(B = 1 shows the per-step overhead of the optimizer's checks: O(P) per step.)\n");
  std::printf("\n=== gradient-noise meter: ns per sample gradient, same run ===\n");
  std::printf("%-18s %12s %12s %10s\n", "", "meter off", "meter on", "ratio");
  for (const char* name : {"sgd_B1", "sgd_B32"}) {
    for (const char* type : {"_float", "_double"}) {
      const std::string suffix = std::string(name) + type;
      const double off = get("optimizer_" + suffix);
      const double on = get("metered_" + suffix);
      std::printf("%-18s %12.2f %12.2f %10.3f\n", suffix.c_str(), off, on, (off > 0 && on > 0) ? on / off : -1.0);
    }
  }
  std::printf("%-18s %12s %12s %10s\n", "", "SGLD", "held SGLD", "ratio");
  for (const char* name : {"sgld_B1", "sgld_B32"}) {
    for (const char* type : {"_float", "_double"}) {
      const std::string suffix = std::string(name) + type;
      const double plain = get("optimizer_" + suffix);
      const double held = get("held_" + suffix);
      std::printf("%-18s %12.2f %12.2f %10.3f\n", suffix.c_str(), plain, held,
                  (plain > 0 && held > 0) ? held / plain : -1.0);
    }
  }
  std::printf("(meter off runs the instructions it ran before the meter existed: valgrind --tool=callgrind counts\n"
              " the same instructions per step against the previous release's header.)\n");
}

}  // namespace

int main(int argc, char** argv) {
  register_benchmarks();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  collecting_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  print_summary(reporter.ns_per_sample);
  benchmark::Shutdown();
  return 0;
}
