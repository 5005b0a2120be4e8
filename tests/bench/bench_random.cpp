// Random-source figures, side by side in one run (host only; Google Benchmark):
// nanoseconds per value of langevin::pcg32, pcg-cpp's pcg32 and std::mt19937, of
// langevin::normal<float/double> and std::normal_distribution<float/double> on the same
// generators, then a summary with the ratios the issue asks for. Timing is never asserted.
//
//   cmake --preset host -B build/bench -DLANGEVIN_BUILD_BENCHMARKS=ON
//   cmake --build build/bench --target bench_random && build/bench/tests/bench/bench_random
// (add --benchmark_enable_random_interleaving=true on a busy machine).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <pcg_random.hpp>

#include <langevin/random/normal.hpp>
#include <langevin/random/pcg32.hpp>
#include <langevin/random/uniform.hpp>

namespace {

// --- raw generators --------------------------------------------------------------------------

template <class Generator>
void raw_generator(benchmark::State& state, Generator g) {
  for (auto _ : state) benchmark::DoNotOptimize(g());
}

// --- langevin samplers -----------------------------------------------------------------------

template <class Real, class Generator>
void langevin_normal(benchmark::State& state, Generator g) {
  for (auto _ : state) benchmark::DoNotOptimize(langevin::normal<Real>(g));
}

template <class Real, class Generator>
void langevin_normal_bounded(benchmark::State& state, Generator g) {
  for (auto _ : state) benchmark::DoNotOptimize(langevin::normal_bounded<Real>(g));
}

template <class Real, class Generator>
void langevin_uniform(benchmark::State& state, Generator g) {
  for (auto _ : state) benchmark::DoNotOptimize(langevin::uniform<Real>(g));
}

// normal_fill of 1024 values per iteration; reported per value.
template <class Real, class Generator>
void langevin_normal_fill(benchmark::State& state, Generator g) {
  std::vector<Real> buffer(1024);
  for (auto _ : state) {
    if (langevin::normal_fill<Real>(g, buffer.data(), buffer.size()) != langevin::status::ok) {
      state.SkipWithError("normal_fill refused the buffer");
      break;
    }
    benchmark::ClobberMemory();
  }
  state.counters["ns_per_value"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(buffer.size()),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// --- std::normal_distribution ----------------------------------------------------------------

template <class Real, class Generator>
void std_normal(benchmark::State& state, Generator g) {
  std::normal_distribution<Real> distribution;
  for (auto _ : state) benchmark::DoNotOptimize(distribution(g));
}

using langevin_pcg32 = langevin::pcg32;
using pcg_cpp_pcg32 = pcg32;

/// Every generator starts from the same seed (42, stream 54 for the PCGs).
template <class Generator>
Generator seeded();
template <>
langevin_pcg32 seeded<langevin_pcg32>() { return langevin_pcg32{42u, 54u}; }
template <>
pcg_cpp_pcg32 seeded<pcg_cpp_pcg32>() { return pcg_cpp_pcg32{42u, 54u}; }
template <>
std::mt19937 seeded<std::mt19937>() { return std::mt19937{42u}; }

/// Five repetitions of each benchmark; the summary uses the fastest one ("min"), the
/// figure least disturbed by other processes on a shared machine.
template <class Generator>
void add(const char* label, void (*body)(benchmark::State&, Generator)) {
  benchmark::RegisterBenchmark(label, [body](benchmark::State& state) { body(state, seeded<Generator>()); })
      ->Repetitions(5)
      ->ReportAggregatesOnly(true)
      ->ComputeStatistics("min", [](const std::vector<double>& values) {
        return *std::min_element(values.begin(), values.end());
      });
}

void register_benchmarks() {
  add<langevin_pcg32>("langevin_pcg32", raw_generator<langevin_pcg32>);
  add<pcg_cpp_pcg32>("pcg_cpp_pcg32", raw_generator<pcg_cpp_pcg32>);
  add<std::mt19937>("std_mt19937", raw_generator<std::mt19937>);

  add<langevin_pcg32>("uniform_float__langevin_pcg32", langevin_uniform<float, langevin_pcg32>);
  add<langevin_pcg32>("uniform_double__langevin_pcg32", langevin_uniform<double, langevin_pcg32>);

  add<langevin_pcg32>("normal_float__langevin_pcg32", langevin_normal<float, langevin_pcg32>);
  add<langevin_pcg32>("normal_double__langevin_pcg32", langevin_normal<double, langevin_pcg32>);
  add<pcg_cpp_pcg32>("normal_float__pcg_cpp_pcg32", langevin_normal<float, pcg_cpp_pcg32>);
  add<pcg_cpp_pcg32>("normal_double__pcg_cpp_pcg32", langevin_normal<double, pcg_cpp_pcg32>);
  add<std::mt19937>("normal_float__mt19937", langevin_normal<float, std::mt19937>);
  add<std::mt19937>("normal_double__mt19937", langevin_normal<double, std::mt19937>);
  add<langevin_pcg32>("normal_bounded_float__langevin_pcg32", langevin_normal_bounded<float, langevin_pcg32>);
  add<langevin_pcg32>("normal_fill_float_1024__langevin_pcg32", langevin_normal_fill<float, langevin_pcg32>);
  add<langevin_pcg32>("normal_fill_double_1024__langevin_pcg32", langevin_normal_fill<double, langevin_pcg32>);

  add<langevin_pcg32>("std_normal_float__langevin_pcg32", std_normal<float, langevin_pcg32>);
  add<langevin_pcg32>("std_normal_double__langevin_pcg32", std_normal<double, langevin_pcg32>);
  add<pcg_cpp_pcg32>("std_normal_float__pcg_cpp_pcg32", std_normal<float, pcg_cpp_pcg32>);
  add<pcg_cpp_pcg32>("std_normal_double__pcg_cpp_pcg32", std_normal<double, pcg_cpp_pcg32>);
  add<std::mt19937>("std_normal_float__mt19937", std_normal<float, std::mt19937>);
  add<std::mt19937>("std_normal_double__mt19937", std_normal<double, std::mt19937>);
}

// --- summary ---------------------------------------------------------------------------------

/// Console output as usual, plus the CPU nanoseconds per value of every benchmark, keyed by
/// its label: the "min" aggregate (fastest repetition), else the single run.
class collecting_reporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      const bool is_min = run.run_type == Run::RT_Aggregate && run.aggregate_name == "min";
      if (run.run_type == Run::RT_Aggregate && !is_min) continue;
      if (run.error_occurred) continue;
      double ns = run.GetAdjustedCPUTime();  // per iteration, in the run's unit (ns here)
      const auto per_value = run.counters.find("ns_per_value");
      if (per_value != run.counters.end()) ns = per_value->second.value * 1e9;
      const std::string name = run.run_name.str();
      const std::string label = name.substr(0, name.find('/'));
      if (is_min || ns_per_value.count(label) == 0u) ns_per_value[label] = ns;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  std::map<std::string, double> ns_per_value;
};

void print_summary(const std::map<std::string, double>& ns) {
  const auto get = [&](const char* label) {
    const auto found = ns.find(label);
    return found == ns.end() ? -1.0 : found->second;
  };
  std::printf("\n=== random sources: ns per value (CPU time, fastest of 5 repetitions) ===\n");
  std::printf("%-34s %10s %10s %10s\n", "", "langevin", "pcg-cpp", "mt19937");
  std::printf("%-34s %10.2f %10.2f %10.2f\n", "raw generator (32 bits)", get("langevin_pcg32"), get("pcg_cpp_pcg32"),
              get("std_mt19937"));
  std::printf("%-34s %10.2f %10.2f %10.2f\n", "langevin::normal<float>", get("normal_float__langevin_pcg32"),
              get("normal_float__pcg_cpp_pcg32"), get("normal_float__mt19937"));
  std::printf("%-34s %10.2f %10.2f %10.2f\n", "langevin::normal<double>", get("normal_double__langevin_pcg32"),
              get("normal_double__pcg_cpp_pcg32"), get("normal_double__mt19937"));
  std::printf("%-34s %10.2f %10.2f %10.2f\n", "std::normal_distribution<float>", get("std_normal_float__langevin_pcg32"),
              get("std_normal_float__pcg_cpp_pcg32"), get("std_normal_float__mt19937"));
  std::printf("%-34s %10.2f %10.2f %10.2f\n", "std::normal_distribution<double>",
              get("std_normal_double__langevin_pcg32"), get("std_normal_double__pcg_cpp_pcg32"),
              get("std_normal_double__mt19937"));
  std::printf("%-34s %10.2f\n", "langevin::uniform<float>", get("uniform_float__langevin_pcg32"));
  std::printf("%-34s %10.2f\n", "langevin::uniform<double>", get("uniform_double__langevin_pcg32"));
  std::printf("%-34s %10.2f\n", "langevin::normal_bounded<float>", get("normal_bounded_float__langevin_pcg32"));
  std::printf("%-34s %10.2f\n", "langevin::normal_fill<float> x1024", get("normal_fill_float_1024__langevin_pcg32"));
  std::printf("%-34s %10.2f\n", "langevin::normal_fill<double> x1024", get("normal_fill_double_1024__langevin_pcg32"));

  const auto ratio = [&](const char* what, const char* a, const char* b, const char* target) {
    const double x = get(a);
    const double y = get(b);
    std::printf("  %-62s %6.3f  %s\n", what, (x > 0 && y > 0) ? x / y : -1.0, target);
  };
  std::printf("\n=== ratios ===\n");
  ratio("langevin::pcg32 / pcg-cpp pcg32", "langevin_pcg32", "pcg_cpp_pcg32", "(target <= 1.1)");
  ratio("langevin::pcg32 / std::mt19937", "langevin_pcg32", "std_mt19937", "");
  ratio("normal<float> / std::normal_distribution<float>, both on pcg-cpp pcg32", "normal_float__pcg_cpp_pcg32",
        "std_normal_float__pcg_cpp_pcg32", "(target <= 0.35)");
  ratio("normal<float> / std::normal_distribution<float>, both on langevin::pcg32", "normal_float__langevin_pcg32",
        "std_normal_float__langevin_pcg32", "(target <= 0.35)");
  ratio("normal<float> on langevin::pcg32 / one raw langevin::pcg32 call", "normal_float__langevin_pcg32",
        "langevin_pcg32", "(target <= 2)");
  ratio("normal<double> / std::normal_distribution<double>, both on pcg32", "normal_double__langevin_pcg32",
        "std_normal_double__langevin_pcg32", "");
  ratio("normal<double> on langevin::pcg32 / one raw langevin::pcg32 call", "normal_double__langevin_pcg32",
        "langevin_pcg32", "(two words per double)");
  ratio("normal<float> / std::normal_distribution<float>, both on mt19937", "normal_float__mt19937",
        "std_normal_float__mt19937", "");
  ratio("normal<double> / std::normal_distribution<double>, both on mt19937", "normal_double__mt19937",
        "std_normal_double__mt19937", "");
  ratio("normal_bounded<float> / normal<float> (langevin::pcg32)", "normal_bounded_float__langevin_pcg32",
        "normal_float__langevin_pcg32", "");
}

}  // namespace

int main(int argc, char** argv) {
  register_benchmarks();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  collecting_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  print_summary(reporter.ns_per_value);
  benchmark::Shutdown();
  return 0;
}
