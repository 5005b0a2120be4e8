// The benchmark set of tests/bench/benchmark_functions.hpp (issue 18): every hand-written
// gradient against central differences at fixed random points, f(x*) = f*, x* inside the
// box, at d = 2, 10 and 30.
//
// Central differences (and their Richardson extrapolation, error O(h^4)) are tried with
// steps h = 1e-3 ... 1e-14 times the box width and the best agreement counts: the finest
// scales of the set (Weierstrass's 3^-20, Whitley's cos(y) with y ~ 1e6) need tiny steps,
// smooth functions larger ones against rounding. Tolerance: 1e-5 |g_i| + 1e-7 max|g|. All
// functions agree within it except Weierstrass (measured: up to 0.8e-3 |g_i| at d = 30),
// whose phase 2 pi 3^20 (x + 1/2) is rounded by ~1e-6 rad, so that no step resolves its
// 3^-20 ripple cleanly; it is allowed 100 times the tolerance (1e-3 |g_i|). The power check
// shows that a gradient wrong by 0.1% in one component fails the ordinary tolerance.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "../bench/benchmark_functions.hpp"
#include "langevin_test.hpp"

namespace {

struct lcg {
  std::uint64_t s;
  double uniform() {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    return double(s >> 11) * (1.0 / 9007199254740992.0);
  }
};

// Worst relative disagreement over the components of g at x (best step per component).
double gradient_error(bench::value_and_gradient f, const double* x, const double* g, std::size_t d, double width,
                      double lower, double upper) {
  double scale = 0.0;
  for (std::size_t i = 0; i < d; ++i) scale = std::fmax(scale, std::fabs(g[i]));
  double worst = 0.0;
  double y[bench::max_dimension], scratch[bench::max_dimension];
  for (std::size_t i = 0; i < d; ++i) {
    double best = HUGE_VAL;
    for (int e = 3; e <= 14; ++e) {
      const double h = width * std::pow(10.0, -e);
      if (x[i] - h < lower || x[i] + h > upper) continue;
      auto central = [&](double step) {  // divided by the step actually taken after rounding
        std::memcpy(y, x, d * sizeof(double));
        const double up = x[i] + step;
        const double down = x[i] - step;
        y[i] = up;
        const double fp = f(y, scratch, d);
        y[i] = down;
        const double fm = f(y, scratch, d);
        return (fp - fm) / (up - down);
      };
      const double coarse = central(h);
      const double fine = central(h / 2.0);
      const double extrapolated = (4.0 * fine - coarse) / 3.0;  // Richardson: error O(h^4)
      for (double fd : {coarse, extrapolated}) {
        if (!std::isfinite(fd)) continue;
        best = std::fmin(best, std::fabs(fd - g[i]) / (1e-5 * std::fabs(g[i]) + 1e-7 * scale + 1e-12));
      }
    }
    worst = std::fmax(worst, best);
  }
  return worst;  // <= 1: within tolerance
}

double worst_gradient_error(const bench::test_function& t, std::size_t d, bench::value_and_gradient f) {
  lcg rng{12345u + d};
  double worst = 0.0;
  double x[bench::max_dimension], g[bench::max_dimension];
  for (int point = 0; point < 12; ++point) {
    for (std::size_t i = 0; i < d; ++i) x[i] = t.lower + (t.upper - t.lower) * (0.02 + 0.96 * rng.uniform());
    const double v = f(x, g, d);
    if (!std::isfinite(v)) return HUGE_VAL;
    worst = std::fmax(worst, gradient_error(f, x, g, d, t.upper - t.lower, t.lower, t.upper));
  }
  return worst;
}

double broken_rastrigin(const double* x, double* g, std::size_t d) {
  const double v = bench::detail::rastrigin(x, g, d);
  g[d / 2] *= 1.001;
  return v;
}

}  // namespace

TEST_CASE("benchmark set: at least 20 functions covering every kind", "[bench_functions]") {
  std::size_t count = 0;
  const bench::test_function* table = bench::functions(count);
  CHECK(count >= 20);
  for (const char* kind : {"smooth", "deceptive", "ring", "nested", "nonsmooth", "face", "illcond"}) {
    int n = 0;
    for (std::size_t i = 0; i < count; ++i) n += std::strcmp(table[i].kind, kind) == 0;
    CHECK(n >= 1);
  }
}

TEST_CASE("benchmark set: gradients agree with central differences", "[bench_functions]") {
  std::size_t count = 0;
  const bench::test_function* table = bench::functions(count);
  for (std::size_t k = 0; k < count; ++k)
    for (std::size_t d : {std::size_t(2), std::size_t(10), std::size_t(30)}) {
      const double allowed = std::strcmp(table[k].name, "weierstrass") == 0 ? 100.0 : 1.0;
      const double error = worst_gradient_error(table[k], d, table[k].evaluate);
      INFO(table[k].name << " d = " << d << " relative error / tolerance " << error);
      CHECK(error <= allowed);
    }
}

TEST_CASE("benchmark set: power check, a gradient 0.1% off in one component fails", "[bench_functions]") {
  const bench::test_function* t = bench::find_function("rastrigin");
  REQUIRE(t != nullptr);
  CHECK(worst_gradient_error(*t, 10, t->evaluate) <= 1.0);
  CHECK(worst_gradient_error(*t, 10, broken_rastrigin) > 1.0);
}

TEST_CASE("benchmark set: f(x*) = f* with x* inside the box", "[bench_functions]") {
  std::size_t count = 0;
  const bench::test_function* table = bench::functions(count);
  double x[bench::max_dimension], g[bench::max_dimension];
  for (std::size_t k = 0; k < count; ++k)
    for (std::size_t d : {std::size_t(2), std::size_t(10), std::size_t(30)}) {
      const bench::test_function& t = table[k];
      t.xstar(x, d);
      bool inside = true;
      for (std::size_t i = 0; i < d; ++i) inside &= x[i] >= t.lower && x[i] <= t.upper;
      const double fstar = t.fstar(d);
      const double v = t.evaluate(x, g, d);
      INFO(t.name << " d = " << d << " f(x*) = " << v << " f* = " << fstar);
      CHECK(inside);
      CHECK(std::fabs(v - fstar) <= 1e-9 * std::fmax(1.0, std::fabs(fstar)));
    }
  // Spot values of the constants (digits from the cited sources).
  CHECK(std::fabs(bench::detail::styblinski_tang_fstar(1) + 39.16616570377142) < 1e-12);
  CHECK(std::fabs(bench::detail::schwefel_x() - 420.968746) < 1e-6);
  CHECK(std::fabs(bench::detail::alpine_2_fstar(1) + 2.808131180) < 1e-9);
}

TEST_CASE("benchmark set: x* is a local minimum (no nearby point is lower)", "[bench_functions]") {
  // Guards against a wrong f* that merely matches a wrong formula: f(x* + small step) >= f*.
  std::size_t count = 0;
  const bench::test_function* table = bench::functions(count);
  double x[bench::max_dimension], y[bench::max_dimension], g[bench::max_dimension];
  lcg rng{7u};
  for (std::size_t k = 0; k < count; ++k) {
    const bench::test_function& t = table[k];
    const std::size_t d = 10;
    t.xstar(x, d);
    const double fstar = t.fstar(d);
    for (int trial = 0; trial < 200; ++trial) {
      for (std::size_t i = 0; i < d; ++i) {
        y[i] = x[i] + (t.upper - t.lower) * 1e-4 * (2.0 * rng.uniform() - 1.0);
        y[i] = std::fmin(t.upper, std::fmax(t.lower, y[i]));
      }
      const double v = t.evaluate(y, g, d);
      INFO(t.name << " trial " << trial << " f = " << v << " f* = " << fstar);
      CHECK(v >= fstar - 1e-9 * std::fmax(1.0, std::fabs(fstar)));
    }
  }
}
