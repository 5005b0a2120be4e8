// Cost of one Langevin step per coordinate, next to its floor measured in the same run:
// one normal<Real> draw plus the gradient of the same quadratic potential, which every
// step must do. Prints ns per coordinate and the ratio step / floor.
//   build/host/tests/bench/bench_dynamics [--benchmark_min_time=0.2]
#include <array>
#include <cstdio>
#include <map>
#include <string>

#include <benchmark/benchmark.h>

#include <langevin/dynamics/overdamped.hpp>
#include <langevin/dynamics/underdamped.hpp>
#include <langevin/random/normal.hpp>
#include <langevin/random/pcg32.hpp>

namespace {

template <class Real, std::size_t N>
struct quadratic {
  Real operator()(const std::array<Real, N>& x, std::array<Real, N>& g) const {
    Real e = Real(0);
    for (std::size_t i = 0; i < N; ++i) {
      g[i] = x[i];
      e += x[i] * x[i];
    }
    return Real(0.5) * e;
  }
};

// The floor: what any step must do per coordinate (the gradient and one Gaussian draw),
// with the draws consumed so that the compiler cannot drop them.
template <class Real, std::size_t N>
void floor_loop(benchmark::State& state) {
  langevin::pcg32 rng{1u, 2u};
  static std::array<Real, N> x{};
  static std::array<Real, N> g{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(quadratic<Real, N>{}(x, g));
    for (std::size_t i = 0; i < N; ++i) x[i] = g[i] + langevin::normal<Real>(rng);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * N));
}

template <class Stepper, class Real, std::size_t N>
void step_loop(benchmark::State& state) {
  langevin::pcg32 rng{1u, 2u};
  static Stepper stepper;
  if (stepper.init({Real(0.01)}) != langevin::status::ok) {
    state.SkipWithError("init refused the options");
    return;
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(stepper.step(quadratic<Real, N>{}, Real(1), rng));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * N));
}

// Collects ns per coordinate of every run so ratios can be printed at the end.
class ratio_reporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      const auto items = run.counters.find("items_per_second");
      if (items != run.counters.end() && items->second.value > 0) ns_per_item[run.benchmark_name()] = 1e9 / items->second.value;
    }
  }
  std::map<std::string, double> ns_per_item;
};

#define LANGEVIN_BENCH_SIZE(Real, N)                                                                          \
  BENCHMARK_TEMPLATE(floor_loop, Real, N)->Name("floor/" #Real "/" #N);                                   \
  BENCHMARK_TEMPLATE(step_loop, langevin::euler_maruyama<Real, N>, Real, N)->Name("euler_maruyama/" #Real "/" #N); \
  BENCHMARK_TEMPLATE(step_loop, langevin::leimkuhler_matthews<Real, N>, Real, N)                            \
      ->Name("leimkuhler_matthews/" #Real "/" #N);                                                        \
  BENCHMARK_TEMPLATE(step_loop, langevin::baoab<Real, N>, Real, N)->Name("baoab/" #Real "/" #N);

LANGEVIN_BENCH_SIZE(float, 1)
LANGEVIN_BENCH_SIZE(float, 16)
LANGEVIN_BENCH_SIZE(float, 256)
LANGEVIN_BENCH_SIZE(float, 4096)
LANGEVIN_BENCH_SIZE(double, 1)
LANGEVIN_BENCH_SIZE(double, 16)
LANGEVIN_BENCH_SIZE(double, 256)
LANGEVIN_BENCH_SIZE(double, 4096)

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  ratio_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf("\nns per coordinate, and the ratio to the floor (one normal draw + the gradient), same run:\n");
  std::printf("%-8s %6s %9s %22s %22s %22s\n", "real", "N", "floor", "euler_maruyama", "leimkuhler_matthews", "baoab");
  for (const char* real : {"float", "double"}) {
    for (const char* n : {"1", "16", "256", "4096"}) {
      const std::string suffix = std::string("/") + real + "/" + n;
      const double floor = reporter.ns_per_item["floor" + suffix];
      std::printf("%-8s %6s %8.2f ", real, n, floor);
      for (const char* method : {"euler_maruyama", "leimkuhler_matthews", "baoab"}) {
        const double t = reporter.ns_per_item[method + suffix];
        std::printf("%12.2f (%5.2fx) ", t, t / floor);
      }
      std::printf("\n");
    }
  }
  return 0;
}
