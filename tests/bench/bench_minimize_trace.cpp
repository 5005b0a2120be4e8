// One run of langevin::minimize on one function of the issue-18 set, every call logged and
// summarized per window of calls (a diagnostic for the failure analysis in
// tests/bench/results/README.md; prints figures, asserts nothing):
//   bench_minimize_trace FUNCTION SEED [--dim 10|30] [--window CALLS]
// Columns per window: improvements of the best value, best value at the window's end,
// median step between consecutive calls (max over coordinates, in box widths), calls within
// 1e-6 box widths of the best point so far, median max|gradient|, calls exactly on a face of
// the box, calls with a non-finite value or gradient, calls with a coordinate in (0, 1e-12).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <langevin/optimize/minimize.hpp>

#include "benchmark_functions.hpp"

namespace {

struct call_record {
  double value;
  double step;
  double to_best;
  double gradient_max;
  bool face;
  bool finite;
  bool tiny;
};

template <std::size_t N>
struct traced_problem {
  const bench::test_function* t;
  std::vector<call_record>* log;
  mutable std::array<double, N> previous{};
  mutable std::array<double, N> best_x{};
  mutable double best = HUGE_VAL;
  double operator()(const std::array<double, N>& x, std::array<double, N>& g) const {
    const double v = t->evaluate(x.data(), g.data(), N);
    const double width = t->upper - t->lower;
    call_record c{v, 0.0, 0.0, 0.0, false, std::isfinite(v), false};
    for (std::size_t i = 0; i < N; ++i) {
      c.step = std::fmax(c.step, std::fabs(x[i] - previous[i]) / width);
      c.to_best = std::fmax(c.to_best, std::fabs(x[i] - best_x[i]) / width);
      c.gradient_max = std::fmax(c.gradient_max, std::fabs(g[i]));
      c.face |= x[i] == t->lower || x[i] == t->upper;
      c.finite &= std::isfinite(g[i]);
      c.tiny |= x[i] != 0.0 && std::fabs(x[i]) < 1e-12;
    }
    previous = x;
    if (c.finite && v < best) {
      best = v;
      best_x = x;
    }
    log->push_back(c);
    return v;
  }
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? std::nan("") : v[v.size() / 2];
}

template <std::size_t N>
int trace(const bench::test_function& t, int seed, std::size_t window) {
  langevin::box<double, N> bounds{};
  for (std::size_t i = 0; i < N; ++i) {
    bounds.lower[i] = t.lower;
    bounds.upper[i] = t.upper;
  }
  langevin::minimize_options options{};
  options.max_calls = 2000u * N;
  options.seed = std::uint64_t(seed);
  std::vector<call_record> log;
  log.reserve(options.max_calls);
  const traced_problem<N> problem{&t, &log};
  const auto result = langevin::minimize<2>(problem, bounds, options);
  const double fstar = t.fstar(N);
  std::printf("# %s d = %zu seed %d: best %.10g, f* %.10g, gap %.3g, calls %llu, status %s\n", t.name, N, seed,
              double(result.value), fstar, double(result.value) - fstar,
              static_cast<unsigned long long>(result.calls), langevin::to_string(result.status));
  std::printf("%13s %8s %14s %10s %9s %10s %6s %9s %6s\n", "calls", "improved", "best", "med step", "near best",
              "med |g|", "face", "nonfinite", "tiny");
  double best = HUGE_VAL;
  for (std::size_t start = 0; start < log.size(); start += window) {
    const std::size_t end = std::min(log.size(), start + window);
    std::size_t improved = 0, near = 0, face = 0, nonfinite = 0, tiny = 0;
    std::vector<double> steps, gradients;
    for (std::size_t k = start; k < end; ++k) {
      const call_record& c = log[k];
      if (c.finite && c.value < best) {
        best = c.value;
        ++improved;
      }
      near += c.to_best < 1e-6;
      face += c.face;
      nonfinite += !c.finite;
      tiny += c.tiny;
      steps.push_back(c.step);
      gradients.push_back(c.gradient_max);
    }
    std::printf("%6zu-%6zu %8zu %14.7g %10.2e %9zu %10.2e %6zu %9zu %6zu\n", start + 1, end, improved, best,
                median(steps), near, median(gradients), face, nonfinite, tiny);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s FUNCTION SEED [--dim 10|30] [--window CALLS]\n", argv[0]);
    return 2;
  }
  const bench::test_function* t = bench::find_function(argv[1]);
  if (!t) {
    std::fprintf(stderr, "unknown function %s\n", argv[1]);
    return 2;
  }
  const int seed = std::atoi(argv[2]);
  int dim = 10;
  std::size_t window = 2000;
  for (int i = 3; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--dim") == 0) dim = std::atoi(argv[i + 1]);
    else if (std::strcmp(argv[i], "--window") == 0) window = std::size_t(std::atol(argv[i + 1]));
  }
  if (window == 0) window = 2000;
  switch (dim) {
    case 10: return trace<10>(*t, seed, window);
    case 30: return trace<30>(*t, seed, window);
    default: std::fprintf(stderr, "dimension %d not compiled in (10, 30)\n", dim); return 2;
  }
}
