// Success-rate benchmark of langevin::minimize (issue 5). Plain program:
//   bench_minimize [--seeds S] [--dims 2 10 30] [--functions rastrigin ackley ...]
//                  [--precision double float] [--extra] [--replicas R] [--set option=value]
// For every function, dimension d and precision it runs S seeds (1..S) with a budget of
// 2000 d problem calls and prints: success rate (|f(best) - f*| < 1e-5 in double, 1e-3 in
// float), mean calls until the first evaluated point within that tolerance (successful
// runs), mean wall time per run. tests/bench/dual_annealing.py prints the same table for
// scipy's dual_annealing; tests/bench/compare_minimize.sh runs both and prints ratios.
// --extra adds non-separable and double-funnel checks (rotated Rastrigin, Lunacek's
// bi-Rastrigin, Rosenbrock, Griewank, Levy, Michalewicz) that keep the method honest.
//
// --suite runs the issue-18 benchmark set instead (benchmark_functions.hpp, 25 functions;
// --functions selects by name, --dims from 2 10 30), double only, budget 2000 d, success
// f <= f* + 1e-4 max(1, |f*|). --raw FILE appends one JSON line per run (first call that
// reached the target, calls on box faces, non-finite outputs, last improvement, final
// point); --trace SEED prints every improvement of that seed's runs (call, value).
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <langevin/optimize/minimize.hpp>

#include "benchmark_functions.hpp"

namespace {

constexpr double pi = 3.14159265358979323846;

template <class Real, std::size_t N>
using vec = std::array<Real, N>;

template <class Real, std::size_t N>
struct rastrigin {
  Real operator()(const vec<Real, N>& x, vec<Real, N>& g) const {
    Real s = Real(10) * Real(N);
    for (std::size_t i = 0; i < N; ++i) {
      const Real w = Real(2 * pi) * x[i];
      s += x[i] * x[i] - Real(10) * std::cos(w);
      g[i] = Real(2) * x[i] + Real(20 * pi) * std::sin(w);
    }
    return s;
  }
};

template <class Real, std::size_t N>
struct ackley {
  Real operator()(const vec<Real, N>& x, vec<Real, N>& g) const {
    Real s2 = 0;
    Real sc = 0;
    for (std::size_t i = 0; i < N; ++i) {
      s2 += x[i] * x[i];
      sc += std::cos(Real(2 * pi) * x[i]);
    }
    const Real r = std::sqrt(s2 / Real(N));
    const Real ec = std::exp(sc / Real(N));
    const Real er = std::exp(Real(-0.2) * r);
    for (std::size_t i = 0; i < N; ++i) {
      g[i] = Real(2 * pi) / Real(N) * ec * std::sin(Real(2 * pi) * x[i]);
      if (r > 0) g[i] += Real(4) / Real(N) * er / r * x[i];
    }
    return Real(-20) * er - ec + Real(20) + Real(2.718281828459045);
  }
};

template <class Real, std::size_t N>
struct styblinski_tang {
  Real operator()(const vec<Real, N>& x, vec<Real, N>& g) const {
    Real s = 0;
    for (std::size_t i = 0; i < N; ++i) {
      const Real v = x[i];
      s += v * v * v * v - Real(16) * v * v + Real(5) * v;
      g[i] = Real(2) * v * v * v - Real(16) * v + Real(2.5);
    }
    return s / Real(2);
  }
};

constexpr double double_well_tilt = 0.3;

// sum_i (x_i^2 - 1)^2 + tilt x_i: two wells per coordinate, the one near x = -1 lower by
// about 2 tilt; 2^N minima.
template <class Real, std::size_t N>
struct double_well {
  Real operator()(const vec<Real, N>& x, vec<Real, N>& g) const {
    Real s = 0;
    for (std::size_t i = 0; i < N; ++i) {
      const Real v = x[i];
      s += (v * v - Real(1)) * (v * v - Real(1)) + Real(double_well_tilt) * v;
      g[i] = Real(4) * v * (v * v - Real(1)) + Real(double_well_tilt);
    }
    return s;
  }
};

// Global minimum of (x^2 - 1)^2 + t x: the smallest value at the real roots of
// 4 x^3 - 4 x + t = 0 (trigonometric solution of the depressed cubic x^3 - x + t/4 = 0).
double double_well_minimum_1d() {
  const double q = double_well_tilt / 4.0;
  const double r = 2.0 / std::sqrt(3.0);
  const double phi = std::acos(-1.5 * q * std::sqrt(3.0)) / 3.0;
  double best = HUGE_VAL;
  for (int k = 0; k < 3; ++k) {
    const double x = r * std::cos(phi - 2.0 * pi * k / 3.0);
    best = std::fmin(best, (x * x - 1.0) * (x * x - 1.0) + double_well_tilt * x);
  }
  return best;
}

// Rastrigin in rotated coordinates z = Q x, Q = H(u) H(v) a product of two Householder
// reflections (u_i = i + 1, v_i = (-1)^i (1 + i mod 3)): every z_i mixes every x_j.
template <class Real, std::size_t N>
struct rotated_rastrigin {
  std::array<std::array<Real, N>, N> q{};
  rotated_rastrigin() {
    std::array<std::array<double, N>, N> a{};
    std::array<double, N> u{};
    std::array<double, N> v{};
    for (std::size_t i = 0; i < N; ++i) {
      u[i] = double(i + 1);
      v[i] = (i % 2 ? -1.0 : 1.0) * double(1 + i % 3);
    }
    double uu = 0, vv = 0;
    for (std::size_t i = 0; i < N; ++i) uu += u[i] * u[i], vv += v[i] * v[i];
    for (std::size_t i = 0; i < N; ++i)
      for (std::size_t j = 0; j < N; ++j) {
        double s = 0;
        for (std::size_t k = 0; k < N; ++k) {
          const double hu = (i == k ? 1.0 : 0.0) - 2.0 * u[i] * u[k] / uu;
          const double hv = (k == j ? 1.0 : 0.0) - 2.0 * v[k] * v[j] / vv;
          s += hu * hv;
        }
        a[i][j] = s;
      }
    for (std::size_t i = 0; i < N; ++i)
      for (std::size_t j = 0; j < N; ++j) q[i][j] = Real(a[i][j]);
  }
  Real operator()(const vec<Real, N>& x, vec<Real, N>& g) const {
    vec<Real, N> z{}, gz{};
    for (std::size_t i = 0; i < N; ++i)
      for (std::size_t k = 0; k < N; ++k) z[i] += q[i][k] * x[k];
    const Real value = rastrigin<Real, N>{}(z, gz);
    for (std::size_t k = 0; k < N; ++k) {
      g[k] = 0;
      for (std::size_t i = 0; i < N; ++i) g[k] += q[i][k] * gz[i];
    }
    return value;
  }
};

// Lunacek's bi-Rastrigin (double funnel): min(|x - mu1|^2, N + s |x - mu2|^2) + Rastrigin
// ripples around mu1; the wider funnel at mu2 holds only local minima.
template <class Real, std::size_t N>
struct lunacek {
  Real operator()(const vec<Real, N>& x, vec<Real, N>& g) const {
    const Real mu1 = Real(2.5);
    const Real s = Real(1) - Real(1) / (Real(2) * std::sqrt(Real(N) + Real(20)) - Real(8.2));
    const Real mu2 = -std::sqrt((mu1 * mu1 - Real(1)) / s);
    Real a = 0, b = 0, c = 0;
    for (std::size_t i = 0; i < N; ++i) {
      a += (x[i] - mu1) * (x[i] - mu1);
      b += (x[i] - mu2) * (x[i] - mu2);
      c += Real(10) * (Real(1) - std::cos(Real(2 * pi) * (x[i] - mu1)));
    }
    b = Real(N) + s * b;
    const bool first = a <= b;
    for (std::size_t i = 0; i < N; ++i)
      g[i] = (first ? Real(2) * (x[i] - mu1) : Real(2) * s * (x[i] - mu2)) +
             Real(20 * pi) * std::sin(Real(2 * pi) * (x[i] - mu1));
    return (first ? a : b) + c;
  }
};

template <class Real, std::size_t N>
struct rosenbrock {
  Real operator()(const vec<Real, N>& x, vec<Real, N>& g) const {
    Real s = 0;
    for (auto& v : g) v = 0;
    for (std::size_t i = 0; i + 1 < N; ++i) {
      const Real a = x[i + 1] - x[i] * x[i];
      const Real b = Real(1) - x[i];
      s += Real(100) * a * a + b * b;
      g[i] += Real(-400) * a * x[i] - Real(2) * b;
      g[i + 1] += Real(200) * a;
    }
    return s;
  }
};

template <class Real, std::size_t N>
struct griewank {
  Real operator()(const vec<Real, N>& x, vec<Real, N>& g) const {
    Real s = 0, p = 1;
    vec<Real, N> c{}, sn{};
    for (std::size_t i = 0; i < N; ++i) {
      const Real q = std::sqrt(Real(i + 1));
      c[i] = std::cos(x[i] / q);
      sn[i] = std::sin(x[i] / q);
      s += x[i] * x[i] / Real(4000);
      p *= c[i];
    }
    for (std::size_t i = 0; i < N; ++i) {
      Real others = 1;
      for (std::size_t j = 0; j < N; ++j)
        if (j != i) others *= c[j];
      g[i] = x[i] / Real(2000) + others * sn[i] / std::sqrt(Real(i + 1));
    }
    return s - p + Real(1);
  }
};

template <class Real, std::size_t N>
struct levy {
  Real operator()(const vec<Real, N>& x, vec<Real, N>& g) const {
    const Real p = Real(pi);
    vec<Real, N> w{}, gw{};
    for (std::size_t i = 0; i < N; ++i) w[i] = Real(1) + (x[i] - Real(1)) / Real(4);
    const Real s1 = std::sin(p * w[0]);
    Real f = s1 * s1;
    gw[0] += Real(2) * s1 * std::cos(p * w[0]) * p;
    for (std::size_t i = 0; i + 1 < N; ++i) {
      const Real sn = std::sin(p * w[i] + Real(1));
      const Real a = (w[i] - Real(1)) * (w[i] - Real(1));
      const Real b = Real(1) + Real(10) * sn * sn;
      f += a * b;
      gw[i] += Real(2) * (w[i] - Real(1)) * b + a * Real(20) * sn * std::cos(p * w[i] + Real(1)) * p;
    }
    const Real wl = w[N - 1];
    const Real s2 = std::sin(Real(2) * p * wl);
    f += (wl - Real(1)) * (wl - Real(1)) * (Real(1) + s2 * s2);
    gw[N - 1] += Real(2) * (wl - Real(1)) * (Real(1) + s2 * s2) +
                 (wl - Real(1)) * (wl - Real(1)) * Real(2) * s2 * std::cos(Real(2) * p * wl) * Real(2) * p;
    for (std::size_t i = 0; i < N; ++i) g[i] = gw[i] / Real(4);
    return f;
  }
};

// Michalewicz, m = 10, on [0, pi]^N: narrow valleys; f* known for N = 2 (-1.8013034) and
// N = 10 (-9.66015, four to five digits only: success there is |f - f*| < 1e-3).
template <class Real, std::size_t N>
struct michalewicz {
  Real operator()(const vec<Real, N>& x, vec<Real, N>& g) const {
    Real f = 0;
    for (std::size_t i = 0; i < N; ++i) {
      const Real k = Real(i + 1);
      const Real a = k * x[i] * x[i] / Real(pi);
      const Real s = std::sin(a);
      const Real s19 = std::pow(s, Real(19));
      f -= std::sin(x[i]) * s19 * s;
      g[i] = -std::cos(x[i]) * s19 * s - std::sin(x[i]) * Real(20) * s19 * std::cos(a) * Real(2) * k * x[i] / Real(pi);
    }
    return f;
  }
};

// Counts calls and remembers the first call whose value is within tol of f*.
template <class Real, std::size_t N, class F>
struct counted {
  const F& f;
  double fstar;
  double tol;
  mutable std::uint64_t calls = 0;
  mutable std::uint64_t first_hit = 0;
  Real operator()(const vec<Real, N>& x, vec<Real, N>& g) const {
    ++calls;
    const Real v = f(x, g);
    if (first_hit == 0 && std::fabs(double(v) - fstar) < tol) first_hit = calls;
    return v;
  }
};

struct settings {
  int seeds = 100;
  int replicas = 2;
  langevin::minimize_options<double> options{};  // given in double, converted for each precision
  std::vector<int> dims{2, 10, 30};
  std::vector<std::string> functions{"rastrigin", "ackley", "styblinski_tang", "double_well"};
  std::vector<std::string> precisions{"double", "float"};
  bool extra = false;
  bool suite = false;
  std::string raw;
  long trace_seed = -1;
};

/// The options in the scalar type of the problem.
template <class Real>
langevin::minimize_options<Real> options_in(const langevin::minimize_options<double>& o) {
  langevin::minimize_options<Real> r;
  r.max_calls = o.max_calls;
  r.seed = o.seed;
  r.target_value = static_cast<Real>(o.target_value);
  r.polish_fraction = static_cast<Real>(o.polish_fraction);
  r.quench_tolerance = static_cast<Real>(o.quench_tolerance);
  r.quench_max_steps = o.quench_max_steps;
  r.initial_jump = static_cast<Real>(o.initial_jump);
  r.quench_fraction = static_cast<Real>(o.quench_fraction);
  r.explorer_temperature = static_cast<Real>(o.explorer_temperature);
  r.ladder_ratio = static_cast<Real>(o.ladder_ratio);
  r.reseed_patience = o.reseed_patience;
  r.ground_share = o.ground_share;
  return r;
}

template <class Real, std::size_t N, class Problem>
langevin::minimize_result<Real, N> solve(const Problem& problem, const langevin::box<Real, N>& bounds,
                                         const langevin::minimize_options<Real>& options, int replicas) {
  switch (replicas) {
    case 1: return langevin::minimize<1>(problem, bounds, options);
    case 3: return langevin::minimize<3>(problem, bounds, options);
    case 4: return langevin::minimize<4>(problem, bounds, options);
    default: return langevin::minimize<2>(problem, bounds, options);
  }
}

settings global;

template <class Real, std::size_t N, class F>
void run(const char* name, const F& f, double lo, double hi, double fstar, double tol, int seeds) {
  langevin::box<Real, N> bounds{};
  for (std::size_t i = 0; i < N; ++i) {
    bounds.lower[i] = Real(lo);
    bounds.upper[i] = Real(hi);
  }
  const std::uint64_t budget = 2000u * N;
  int successes = 0;
  double hit_calls = 0;
  double seconds = 0;
  int overruns = 0;
  for (int seed = 1; seed <= seeds; ++seed) {
    counted<Real, N, F> problem{f, fstar, tol};
    langevin::minimize_options<Real> options = options_in<Real>(global.options);
    options.max_calls = budget;
    options.seed = std::uint64_t(seed);
    const auto start = std::chrono::steady_clock::now();
    const auto result = solve(problem, bounds, options, global.replicas);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (result.calls > budget || problem.calls != result.calls) ++overruns;
    vec<Real, N> g{};
    if (result.status == langevin::status::ok && std::fabs(double(f(result.x, g)) - fstar) < tol) {
      ++successes;
      hit_calls += double(problem.first_hit);
    }
  }
  std::printf("%-20s %-16s %3zu %-9s %7llu %7.1f%% %16.0f %10.2f%s\n", "langevin::minimize", name, N,
              sizeof(Real) == 4 ? "float" : "double", static_cast<unsigned long long>(budget),
              100.0 * successes / seeds, successes ? hit_calls / successes : std::nan(""), 1e3 * seconds / seeds,
              overruns ? "  BUDGET OR COUNT MISMATCH" : "");
  std::fflush(stdout);
}

template <class Real, std::size_t N>
void suite(const settings& cfg, bool extra_only) {
  const double tol = sizeof(Real) == 4 ? 1e-3 : 1e-5;
  auto wanted = [&](const char* name) {
    for (const auto& f : cfg.functions)
      if (f == name) return true;
    return false;
  };
  if (!extra_only) {
    if (wanted("rastrigin")) run<Real, N>("rastrigin", rastrigin<Real, N>{}, -5.12, 5.12, 0.0, tol, cfg.seeds);
    if (wanted("ackley")) run<Real, N>("ackley", ackley<Real, N>{}, -35, 35, 0.0, tol, cfg.seeds);
    if (wanted("styblinski_tang"))
      run<Real, N>("styblinski_tang", styblinski_tang<Real, N>{}, -5, 5, -39.16616570377142 * N, tol, cfg.seeds);
    if (wanted("double_well"))
      run<Real, N>("double_well", double_well<Real, N>{}, -2, 2, double_well_minimum_1d() * N, tol, cfg.seeds);
    return;
  }
  run<Real, N>("rot_rastrigin", rotated_rastrigin<Real, N>{}, -5.12, 5.12, 0.0, tol, cfg.seeds);
  run<Real, N>("lunacek", lunacek<Real, N>{}, -5.12, 5.12, 0.0, tol, cfg.seeds);
  run<Real, N>("rosenbrock", rosenbrock<Real, N>{}, -5, 5, 0.0, tol, cfg.seeds);
  run<Real, N>("griewank", griewank<Real, N>{}, -600, 600, 0.0, tol, cfg.seeds);
  run<Real, N>("levy", levy<Real, N>{}, -10, 10, 0.0, tol, cfg.seeds);
  if (N == 10) run<Real, N>("michalewicz", michalewicz<Real, N>{}, 0, pi, -9.66015, 1e-3, cfg.seeds);
}

template <class Real>
void by_dimension(const settings& cfg, int d, bool extra_only) {
  switch (d) {
    case 2: suite<Real, 2>(cfg, extra_only); break;
    case 5: suite<Real, 5>(cfg, extra_only); break;
    case 10: suite<Real, 10>(cfg, extra_only); break;
    case 20: suite<Real, 20>(cfg, extra_only); break;
    case 30: suite<Real, 30>(cfg, extra_only); break;
    default: std::fprintf(stderr, "dimension %d not compiled in (2, 5, 10, 20, 30)\n", d);
  }
}


// ------------------------------ issue-18 benchmark set ----------------------------------

// One benchmark function as a gradient problem of dimension N, with the run's bookkeeping:
// calls, the first call whose (finite) value reached the target, calls exactly on a face of
// the box, calls with a non-finite value or gradient (which the minimizer must reject),
// calls with a coordinate in (0, 1e-12) (collapse onto a kink at 0), best value and the
// call that last improved it.
template <std::size_t N>
struct suite_problem {
  const bench::test_function* t;
  double target;
  bool trace;
  mutable std::uint64_t calls = 0;
  mutable std::uint64_t first_hit = 0;
  mutable std::uint64_t face_calls = 0;
  mutable std::uint64_t nonfinite_calls = 0;
  mutable std::uint64_t tiny_calls = 0;
  mutable std::uint64_t last_improvement = 0;
  mutable double best = HUGE_VAL;
  double operator()(const vec<double, N>& x, vec<double, N>& g) const {
    ++calls;
    const double v = t->evaluate(x.data(), g.data(), N);
    bool face = false, tiny = false, finite = std::isfinite(v);
    for (std::size_t i = 0; i < N; ++i) {
      face |= x[i] == t->lower || x[i] == t->upper;
      tiny |= x[i] != 0.0 && std::fabs(x[i]) < 1e-12;
      finite &= std::isfinite(g[i]);
    }
    face_calls += face;
    tiny_calls += tiny;
    if (!finite) {
      ++nonfinite_calls;
      return v;
    }
    if (v < best) {
      best = v;
      last_improvement = calls;
      if (trace) std::fprintf(stderr, "trace %s %zu call %llu value %.10g\n", t->name, N,
                              static_cast<unsigned long long>(calls), v);
    }
    if (first_hit == 0 && v <= target) first_hit = calls;
    return v;
  }
};

template <std::size_t N>
void run_suite_function(const settings& cfg, const bench::test_function& t, std::FILE* raw) {
  langevin::box<double, N> bounds{};
  for (std::size_t i = 0; i < N; ++i) {
    bounds.lower[i] = t.lower;
    bounds.upper[i] = t.upper;
  }
  const double fstar = t.fstar(N);
  const double target = fstar + bench::success_tolerance(fstar);
  const std::uint64_t budget = 2000u * N;
  int successes = 0, overruns = 0;
  double hit_calls = 0, seconds = 0;
  for (int seed = 1; seed <= cfg.seeds; ++seed) {
    suite_problem<N> problem{&t, target, seed == cfg.trace_seed};
    langevin::minimize_options options = cfg.options;
    options.max_calls = budget;
    options.seed = std::uint64_t(seed);
    const auto start = std::chrono::steady_clock::now();
    const auto result = solve(problem, bounds, options, cfg.replicas);
    const double run_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    seconds += run_seconds;
    if (result.calls > budget || problem.calls != result.calls) ++overruns;
    const bool ok = result.status == langevin::status::ok && double(result.value) <= target && problem.first_hit > 0;
    if (ok) {
      ++successes;
      hit_calls += double(problem.first_hit);
    }
    if (raw) {
      std::fprintf(raw,
                   "{\"method\": \"langevin::minimize\", \"function\": \"%s\", \"kind\": \"%s\", \"d\": %zu, "
                   "\"seed\": %d, \"budget\": %llu, \"success\": %s, \"first_hit\": %llu, \"calls\": %llu, "
                   "\"best\": %.17g, \"fstar\": %.17g, \"ms\": %.4f, \"face_calls\": %llu, "
                   "\"nonfinite_calls\": %llu, \"tiny_coord_calls\": %llu, \"last_improvement\": %llu, "
                   "\"status\": \"%s\", \"x\": [",
                   t.name, t.kind, N, seed, static_cast<unsigned long long>(budget), ok ? "true" : "false",
                   static_cast<unsigned long long>(problem.first_hit), static_cast<unsigned long long>(result.calls),
                   double(result.value), fstar, 1e3 * run_seconds, static_cast<unsigned long long>(problem.face_calls),
                   static_cast<unsigned long long>(problem.nonfinite_calls),
                   static_cast<unsigned long long>(problem.tiny_calls),
                   static_cast<unsigned long long>(problem.last_improvement), langevin::to_string(result.status));
      for (std::size_t i = 0; i < N; ++i) std::fprintf(raw, "%s%.17g", i ? ", " : "", double(result.x[i]));
      std::fprintf(raw, "]}\n");
      std::fflush(raw);
    }
  }
  std::printf("%-20s %-16s %3zu %-9s %7llu %7.1f%% %16.0f %10.2f%s\n", "langevin::minimize", t.name, N, "double",
              static_cast<unsigned long long>(budget), 100.0 * successes / cfg.seeds,
              successes ? hit_calls / successes : std::nan(""), 1e3 * seconds / cfg.seeds,
              overruns ? "  BUDGET OR COUNT MISMATCH" : "");
  std::fflush(stdout);
}

template <std::size_t N>
void run_suite_dimension(const settings& cfg, std::FILE* raw) {
  std::size_t count = 0;
  const bench::test_function* table = bench::functions(count);
  for (std::size_t k = 0; k < count; ++k) {
    bool wanted = cfg.functions.empty();
    for (const auto& name : cfg.functions) wanted |= name == table[k].name;
    if (wanted) run_suite_function<N>(cfg, table[k], raw);
  }
}

int run_suite(const settings& cfg) {
  for (const auto& name : cfg.functions)
    if (!bench::find_function(name.c_str())) {
      std::fprintf(stderr, "unknown function %s\n", name.c_str());
      return 2;
    }
  std::FILE* raw = nullptr;
  if (!cfg.raw.empty() && !(raw = std::fopen(cfg.raw.c_str(), "a"))) {
    std::fprintf(stderr, "cannot open %s\n", cfg.raw.c_str());
    return 2;
  }
  std::printf("# langevin::minimize on the issue-18 set, %d seeds, budget 2000 d calls, success f <= f* + 1e-4 "
              "max(1, |f*|)\n",
              cfg.seeds);
  std::printf("%-20s %-16s %3s %-9s %7s %8s %16s %10s\n", "method", "function", "d", "precision", "budget", "success",
              "calls_to_success", "ms_per_run");
  for (int d : cfg.dims) {
    switch (d) {
      case 2: run_suite_dimension<2>(cfg, raw); break;
      case 10: run_suite_dimension<10>(cfg, raw); break;
      case 30: run_suite_dimension<30>(cfg, raw); break;
      default: std::fprintf(stderr, "dimension %d not compiled in for --suite (2, 10, 30)\n", d);
    }
  }
  if (raw) std::fclose(raw);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  settings cfg;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto list = [&](auto& out, auto convert) {
      out.clear();
      while (i + 1 < argc && argv[i + 1][0] != '-') out.push_back(convert(argv[++i]));
    };
    if (arg == "--seeds" && i + 1 < argc) {
      cfg.seeds = std::atoi(argv[++i]);
    } else if (arg == "--dims") {
      list(cfg.dims, [](const char* s) { return std::atoi(s); });
    } else if (arg == "--functions") {
      list(cfg.functions, [](const char* s) { return std::string(s); });
    } else if (arg == "--precision") {
      list(cfg.precisions, [](const char* s) { return std::string(s); });
    } else if (arg == "--extra") {
      cfg.extra = true;
    } else if (arg == "--suite") {
      cfg.suite = true;
    } else if (arg == "--raw" && i + 1 < argc) {
      cfg.raw = argv[++i];
    } else if (arg == "--trace" && i + 1 < argc) {
      cfg.trace_seed = std::atol(argv[++i]);
    } else if (arg == "--replicas" && i + 1 < argc) {
      cfg.replicas = std::atoi(argv[++i]);
    } else if (arg == "--set" && i + 1 < argc) {
      // --set name=value: a minimize_options field (tuning experiments)
      const std::string kv = argv[++i];
      const auto eq = kv.find('=');
      const std::string key = kv.substr(0, eq);
      const double v = eq == std::string::npos ? 0.0 : std::atof(kv.c_str() + eq + 1);
      auto& o = cfg.options;
      if (key == "polish_fraction") o.polish_fraction = v;
      else if (key == "quench_tolerance") o.quench_tolerance = v;
      else if (key == "quench_max_steps") o.quench_max_steps = std::uint32_t(v);
      else if (key == "initial_jump") o.initial_jump = v;
      else if (key == "quench_fraction") o.quench_fraction = v;
      else if (key == "explorer_temperature") o.explorer_temperature = v;
      else if (key == "ladder_ratio") o.ladder_ratio = v;
      else if (key == "reseed_patience") o.reseed_patience = std::uint32_t(v);
      else if (key == "ground_share") o.ground_share = std::uint32_t(v);
      else {
        std::fprintf(stderr, "unknown option %s\n", key.c_str());
        return 2;
      }
    } else {
      std::fprintf(stderr,
                   "usage: %s [--seeds S] [--dims D...] [--functions F...] [--precision double float] [--extra]\n"
                   "          [--suite [--raw FILE] [--trace SEED]]\n"
                   "          [--replicas 1|2|3|4] [--set option=value]...\n",
                   argv[0]);
      return 2;
    }
  }
  global = cfg;
  if (cfg.suite) {
    bool functions_given = false;
    for (int i = 1; i < argc; ++i) functions_given |= std::strcmp(argv[i], "--functions") == 0;
    if (!functions_given) global.functions.clear();  // the whole set
    return run_suite(global);
  }
  std::printf("# langevin::minimize, %d seeds, budget 2000 d calls, success |f - f*| < 1e-5 (double), 1e-3 (float)\n",
              cfg.seeds);
  std::printf("%-20s %-16s %3s %-9s %7s %8s %16s %10s\n", "method", "function", "d", "precision", "budget", "success",
              "calls_to_success", "ms_per_run");
  for (const auto& precision : cfg.precisions)
    for (int d : cfg.dims) {
      if (precision == "float") by_dimension<float>(cfg, d, false);
      else by_dimension<double>(cfg, d, false);
    }
  if (cfg.extra) {
    std::printf("# honesty checks (non-separable, double funnel, narrow valleys), double\n");
    for (int d : cfg.dims) by_dimension<double>(cfg, d, true);
  }
  return 0;
}
