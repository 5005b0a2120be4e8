// The project's benchmark set for the global minimizer (issue 18): 25 standard test
// functions of any dimension d (used at d = 10 and d = 30), each with its exact gradient
// written by hand, its box, f* and a global minimizer. Shared by bench_minimize (through
// bench::function_problem), the host test test_benchmark_functions.cpp (gradients against
// central differences, f(x*) = f*) and, through the C interface benchmark_functions_c.cpp,
// by the SciPy side (benchmark_functions.py, which also holds an independent NumPy version
// of every value and a check that the two agree).
//
// Sources (cited per function below; definitions read there, formulas written here):
//   [JY]   M. Jamil, X.-S. Yang, "A literature survey of benchmark functions for global
//          optimization problems", Int. J. Math. Modelling and Numerical Optimisation
//          4(2):150-194, 2013 (entries cited by name).
//   [SB]   S. Surjanovic, D. Bingham, Virtual Library of Simulation Experiments: Test
//          Functions and Datasets, Simon Fraser University (page cited by name).
//   [BBOB] N. Hansen, S. Finck, R. Ros, A. Auger, "Real-Parameter Black-Box Optimization
//          Benchmarking 2009: Noiseless Functions Definitions", INRIA RR-6829 (function
//          number). We use the core formula without BBOB's random shift, T_osz / T_asy
//          and random rotations; where a rotation is kept it is the fixed orthogonal
//          matrix Q = H(u) H(v) below.
//   [CEC05] P. N. Suganthan et al., "Problem Definitions and Evaluation Criteria for the
//          CEC 2005 Special Session on Real-Parameter Optimization" (function number;
//          core formula, no shift or rotation).
//   [BF12] H.-G. Beyer, S. Finck, "HappyCat - a simple function class where well-known
//          direct search algorithms do fail", PPSN XII, 2012 (also CEC 2014 F13).
//   [AG]   A. Gavana, Global optimization benchmarks (AMPGO test suite), page "Deceptive".
//
// Gradient conventions: where the function has a kink (|t| at t = 0, max at a tie, a cone
// at the origin) the gradient returned there is the element of the subdifferential with
// sign(0) = 0; where the true derivative is infinite (deb_3 on the face x_i = 0) it is
// returned as infinity, as the mathematics says: a minimizer has to cope with that.
#ifndef LANGEVIN_BENCH_BENCHMARK_FUNCTIONS_HPP
#define LANGEVIN_BENCH_BENCHMARK_FUNCTIONS_HPP

#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>

namespace bench {

constexpr std::size_t max_dimension = 64;
constexpr double pi = 3.14159265358979323846;

/// Value at x[0..d) and gradient into g[0..d), d in [2, max_dimension].
using value_and_gradient = double (*)(const double* x, double* g, std::size_t d);
using optimum_value = double (*)(std::size_t d);
using optimum_point = void (*)(double* x, std::size_t d);

struct test_function {
  const char* name;
  /// smooth, deceptive, ring, nested, nonsmooth, face, illcond
  const char* kind;
  const char* source;
  double lower;  // box [lower, upper]^d
  double upper;
  value_and_gradient evaluate;
  optimum_value fstar;
  optimum_point xstar;  // one global minimizer
  bool unique_minimizer;
};

namespace detail {

inline double sign(double t) { return t > 0.0 ? 1.0 : (t < 0.0 ? -1.0 : 0.0); }

// y <- H(v) y = y - 2 v (v.y) / (v.v), the Householder reflection along v.
inline void reflect(const double* v, double* y, std::size_t d) {
  double vy = 0.0;
  double vv = 0.0;
  for (std::size_t i = 0; i < d; ++i) {
    vy += v[i] * y[i];
    vv += v[i] * v[i];
  }
  const double c = 2.0 * vy / vv;
  for (std::size_t i = 0; i < d; ++i) y[i] -= c * v[i];
}

// The fixed rotation of bench_minimize's rotated Rastrigin: Q = H(u) H(v) with
// u_i = i + 1, v_i = (-1)^i (1 + i mod 3), i = 0..d-1 (every z_i mixes every x_j).
inline void rotation_vectors(double* u, double* v, std::size_t d) {
  for (std::size_t i = 0; i < d; ++i) {
    u[i] = double(i + 1);
    v[i] = (i % 2 ? -1.0 : 1.0) * double(1 + i % 3);
  }
}
// z = Q x
inline void rotate(const double* x, double* z, std::size_t d) {
  double u[max_dimension], v[max_dimension];
  rotation_vectors(u, v, d);
  std::memcpy(z, x, d * sizeof(double));
  reflect(v, z, d);
  reflect(u, z, d);
}
// g = Q^T gz = H(v) H(u) gz (in place)
inline void rotate_back(double* g, std::size_t d) {
  double u[max_dimension], v[max_dimension];
  rotation_vectors(u, v, d);
  reflect(u, g, d);
  reflect(v, g, d);
}

// prod_{j != i} a_j for every i, without division (prefix and suffix products).
inline void products_of_others(const double* a, double* out, std::size_t d) {
  double left = 1.0;
  for (std::size_t i = 0; i < d; ++i) {
    out[i] = left;
    left *= a[i];
  }
  double right = 1.0;
  for (std::size_t i = d; i-- > 0;) {
    out[i] *= right;
    right *= a[i];
  }
}

inline void fill(double* x, std::size_t d, double v) {
  for (std::size_t i = 0; i < d; ++i) x[i] = v;
}
inline double zero_value(std::size_t) { return 0.0; }
inline void zero_point(double* x, std::size_t d) { fill(x, d, 0.0); }
inline void one_point(double* x, std::size_t d) { fill(x, d, 1.0); }

// --- one-dimensional optima by Newton's method (fixed 60 steps from a bracketing start) ---

// Styblinski-Tang: root of 2 x^3 - 16 x + 2.5 near -2.9035.
inline double styblinski_tang_x() {
  double x = -2.9;
  for (int k = 0; k < 60; ++k) x -= (2.0 * x * x * x - 16.0 * x + 2.5) / (6.0 * x * x - 16.0);
  return x;
}
// Schwefel 2.26: s = sqrt(x) maximizing x sin(s) solves sin s + (s/2) cos s = 0 near 20.52.
inline double schwefel_x() {
  double s = 20.5;
  for (int k = 0; k < 60; ++k)
    s -= (std::sin(s) + 0.5 * s * std::cos(s)) / (1.5 * std::cos(s) - 0.5 * s * std::sin(s));
  return s * s;
}
// Alpine 2: sqrt(x) sin x is largest on [0, 10] where sin x + 2 x cos x = 0, near 7.917.
inline double alpine_2_x() {
  double x = 7.9;
  for (int k = 0; k < 60; ++k)
    x -= (std::sin(x) + 2.0 * x * std::cos(x)) / (3.0 * std::cos(x) - 2.0 * x * std::sin(x));
  return x;
}

// ================================ smooth multimodal =====================================

// [SB] "Rastrigin function": 10 d + sum (x_i^2 - 10 cos(2 pi x_i)); [-5.12, 5.12]; f* = 0 at 0.
inline double rastrigin(const double* x, double* g, std::size_t d) {
  double s = 10.0 * double(d);
  for (std::size_t i = 0; i < d; ++i) {
    const double w = 2.0 * pi * x[i];
    s += x[i] * x[i] - 10.0 * std::cos(w);
    g[i] = 2.0 * x[i] + 20.0 * pi * std::sin(w);
  }
  return s;
}

// [SB] "Ackley function" (a = 20, b = 0.2, c = 2 pi), [JY] "Ackley 1":
// -20 exp(-0.2 sqrt(mean x^2)) - exp(mean cos(2 pi x)) + 20 + e; [-32.768, 32.768];
// f* = 0 at 0 (a cone: the minimum itself is a kink).
inline double ackley(const double* x, double* g, std::size_t d) {
  const double n = double(d);
  double s2 = 0.0, sc = 0.0;
  for (std::size_t i = 0; i < d; ++i) {
    s2 += x[i] * x[i];
    sc += std::cos(2.0 * pi * x[i]);
  }
  const double r = std::sqrt(s2 / n);
  const double er = std::exp(-0.2 * r);
  const double ec = std::exp(sc / n);
  for (std::size_t i = 0; i < d; ++i) {
    g[i] = 2.0 * pi / n * ec * std::sin(2.0 * pi * x[i]);
    if (r > 0.0) g[i] += 4.0 * er * x[i] / (n * r);
  }
  return -20.0 * er - ec + 20.0 + 2.718281828459045;
}

// [SB] "Griewank function", [JY] "Griewank": 1 + sum x_i^2 / 4000 - prod cos(x_i / sqrt(i));
// [-600, 600]; f* = 0 at 0.
inline double griewank(const double* x, double* g, std::size_t d) {
  double c[max_dimension], others[max_dimension];
  double s = 0.0, p = 1.0;
  for (std::size_t i = 0; i < d; ++i) {
    c[i] = std::cos(x[i] / std::sqrt(double(i + 1)));
    s += x[i] * x[i] / 4000.0;
    p *= c[i];
  }
  products_of_others(c, others, d);
  for (std::size_t i = 0; i < d; ++i) {
    const double q = std::sqrt(double(i + 1));
    g[i] = x[i] / 2000.0 + others[i] * std::sin(x[i] / q) / q;
  }
  return 1.0 + s - p;
}

// [SB] "Levy function": w_i = 1 + (x_i - 1) / 4; sin^2(pi w_1)
// + sum_{i<d} (w_i - 1)^2 (1 + 10 sin^2(pi w_i + 1)) + (w_d - 1)^2 (1 + sin^2(2 pi w_d));
// [-10, 10]; f* = 0 at 1.
inline double levy(const double* x, double* g, std::size_t d) {
  double w[max_dimension] = {};
  for (std::size_t i = 0; i < d; ++i) {
    w[i] = 1.0 + (x[i] - 1.0) / 4.0;
    g[i] = 0.0;
  }
  const double s1 = std::sin(pi * w[0]);
  double f = s1 * s1;
  g[0] += 2.0 * s1 * std::cos(pi * w[0]) * pi;
  for (std::size_t i = 0; i + 1 < d; ++i) {
    const double sn = std::sin(pi * w[i] + 1.0);
    const double a = (w[i] - 1.0) * (w[i] - 1.0);
    const double b = 1.0 + 10.0 * sn * sn;
    f += a * b;
    g[i] += 2.0 * (w[i] - 1.0) * b + a * 20.0 * sn * std::cos(pi * w[i] + 1.0) * pi;
  }
  const double wl = w[d - 1];
  const double s2 = std::sin(2.0 * pi * wl);
  f += (wl - 1.0) * (wl - 1.0) * (1.0 + s2 * s2);
  g[d - 1] += 2.0 * (wl - 1.0) * (1.0 + s2 * s2) + (wl - 1.0) * (wl - 1.0) * 4.0 * pi * s2 * std::cos(2.0 * pi * wl);
  for (std::size_t i = 0; i < d; ++i) g[i] /= 4.0;
  return f;
}

// [SB] "Styblinski-Tang function": sum (x^4 - 16 x^2 + 5 x) / 2; [-5, 5];
// f* = -39.16616570... d at x_i = -2.903534...
inline double styblinski_tang(const double* x, double* g, std::size_t d) {
  double s = 0.0;
  for (std::size_t i = 0; i < d; ++i) {
    const double v = x[i];
    s += v * v * v * v - 16.0 * v * v + 5.0 * v;
    g[i] = 2.0 * v * v * v - 16.0 * v + 2.5;
  }
  return s / 2.0;
}
inline double styblinski_tang_fstar(std::size_t d) {
  const double v = styblinski_tang_x();
  return double(d) * (v * v * v * v - 16.0 * v * v + 5.0 * v) / 2.0;
}
inline void styblinski_tang_xstar(double* x, std::size_t d) { fill(x, d, styblinski_tang_x()); }

// [BBOB] f15 "Rastrigin" (rotated): Rastrigin of z = Q x; [-5.12, 5.12]; f* = 0 at 0.
inline double rotated_rastrigin(const double* x, double* g, std::size_t d) {
  double z[max_dimension] = {};
  rotate(x, z, d);
  const double f = rastrigin(z, g, d);
  rotate_back(g, d);
  return f;
}

// ============================= deceptive, double funnel =================================

// [SB] "Schwefel function", [JY] "Schwefel 2.26": 418.9829 d - sum x_i sin(sqrt|x_i|);
// [-500, 500]; minimizer x_i = 420.968746..., f* = d (418.9829 - 418.98288727...)
// = 1.2728e-5 d (the constant is rounded in the definition). The best local minima lie
// far from x* (near the opposite corner): deceptive.
inline double schwefel_2_26(const double* x, double* g, std::size_t d) {
  double s = 418.9829 * double(d);
  for (std::size_t i = 0; i < d; ++i) {
    const double r = std::sqrt(std::fabs(x[i]));
    s -= x[i] * std::sin(r);
    g[i] = -(std::sin(r) + 0.5 * r * std::cos(r));  // d/dx [x sin sqrt|x|], bounded
  }
  return s;
}
inline double schwefel_2_26_fstar(std::size_t d) {
  const double v = schwefel_x();
  return double(d) * (418.9829 - v * std::sin(std::sqrt(v)));
}
inline void schwefel_2_26_xstar(double* x, std::size_t d) { fill(x, d, schwefel_x()); }

// [BBOB] f24 "Lunacek bi-Rastrigin" (core): mu1 = 2.5, s = 1 - 1 / (2 sqrt(d + 20) - 8.2),
// mu2 = -sqrt((mu1^2 - 1) / s); min(sum (x - mu1)^2, d + s sum (x - mu2)^2)
// + 10 sum (1 - cos(2 pi (x_i - mu1))); [-5, 5]; f* = 0 at mu1. The wider funnel at mu2
// holds only local minima.
inline double lunacek(const double* x, double* g, std::size_t d) {
  const double n = double(d);
  const double mu1 = 2.5;
  const double s = 1.0 - 1.0 / (2.0 * std::sqrt(n + 20.0) - 8.2);
  const double mu2 = -std::sqrt((mu1 * mu1 - 1.0) / s);
  double a = 0.0, b = 0.0, c = 0.0;
  for (std::size_t i = 0; i < d; ++i) {
    a += (x[i] - mu1) * (x[i] - mu1);
    b += (x[i] - mu2) * (x[i] - mu2);
    c += 10.0 * (1.0 - std::cos(2.0 * pi * (x[i] - mu1)));
  }
  b = n + s * b;
  const bool first = a <= b;
  for (std::size_t i = 0; i < d; ++i)
    g[i] = (first ? 2.0 * (x[i] - mu1) : 2.0 * s * (x[i] - mu2)) + 20.0 * pi * std::sin(2.0 * pi * (x[i] - mu1));
  return (first ? a : b) + c;
}
inline void lunacek_xstar(double* x, std::size_t d) { fill(x, d, 2.5); }

// [AG] "Deceptive" (beta = 2, alpha_i = i / (d + 1), i = 1..d): -(mean g_i(x_i))^2 with
// g_i piecewise linear: 4/5 - x/a on [0, 4a/5), 5x/a - 4 on [4a/5, a),
// 5 (x - a) / (a - 1) + 1 on [a, (1 + 4a)/5), (x - 1) / (1 - a) + 4/5 on [(1 + 4a)/5, 1];
// [0, 1]; f* = -1 at x_i = alpha_i, a narrow peak of g; the wide slopes lead to the
// corners (g = 4/5). Non-smooth: the minimum is a kink.
inline double deceptive_piece(double t, double a, double& slope) {
  if (t < 0.8 * a) {
    slope = -1.0 / a;
    return 0.8 - t / a;
  }
  if (t < a) {
    slope = 5.0 / a;
    return 5.0 * t / a - 4.0;
  }
  if (t < (1.0 + 4.0 * a) / 5.0) {
    slope = 5.0 / (a - 1.0);
    return 5.0 * (t - a) / (a - 1.0) + 1.0;
  }
  slope = 1.0 / (1.0 - a);
  return (t - 1.0) / (1.0 - a) + 0.8;
}
inline double deceptive(const double* x, double* g, std::size_t d) {
  const double n = double(d);
  double m = 0.0;
  for (std::size_t i = 0; i < d; ++i) m += deceptive_piece(x[i], double(i + 1) / (n + 1.0), g[i]);
  m /= n;
  for (std::size_t i = 0; i < d; ++i) g[i] *= -2.0 * m / n;
  return -m * m;
}
inline double deceptive_fstar(std::size_t) { return -1.0; }
inline void deceptive_xstar(double* x, std::size_t d) {
  for (std::size_t i = 0; i < d; ++i) x[i] = double(i + 1) / double(d + 1);
}

// ==================================== ring-shaped =======================================

// [JY] "Salomon": 1 - cos(2 pi |x|) + 0.1 |x|; [-100, 100]; f* = 0 at 0. Concentric rings
// of local minima at |x| ~ 1, 2, ...; the minimum is a cone (kink).
inline double salomon(const double* x, double* g, std::size_t d) {
  double s2 = 0.0;
  for (std::size_t i = 0; i < d; ++i) s2 += x[i] * x[i];
  const double r = std::sqrt(s2);
  const double dr = 2.0 * pi * std::sin(2.0 * pi * r) + 0.1;
  for (std::size_t i = 0; i < d; ++i) g[i] = r > 0.0 ? dr * x[i] / r : 0.0;
  return 1.0 - std::cos(2.0 * pi * r) + 0.1 * r;
}

// [CEC05] F14 expanded Schaffer F6 (core): sum over cyclic pairs (x_i, x_{i+1}), x_{d+1} =
// x_1, of 0.5 + (sin^2(sqrt(t)) - 0.5) / (1 + 0.001 t)^2, t = x_i^2 + x_{i+1}^2;
// [-100, 100]; f* = 0 at 0; rings of local minima in every pair plane.
inline double schaffer_f6_expanded(const double* x, double* g, std::size_t d) {
  for (std::size_t i = 0; i < d; ++i) g[i] = 0.0;
  double f = 0.0;
  for (std::size_t i = 0; i < d; ++i) {
    const std::size_t j = (i + 1) % d;
    const double t = x[i] * x[i] + x[j] * x[j];
    const double q = std::sqrt(t);
    const double sq = std::sin(q);
    const double num = sq * sq - 0.5;
    const double den = 1.0 + 0.001 * t;
    f += 0.5 + num / (den * den);
    const double dnum = q > 0.0 ? std::sin(2.0 * q) / (2.0 * q) : 1.0;  // d num / d t
    const double dfdt = dnum / (den * den) - 0.002 * num / (den * den * den);
    g[i] += 2.0 * x[i] * dfdt;
    g[j] += 2.0 * x[j] * dfdt;
  }
  return f;
}

// [BF12] "HappyCat" (alpha = 1/8): |sum x^2 - d|^(1/4) + (sum x^2 / 2 + sum x) / d + 1/2;
// box [-2, 2] (ours; the function is defined on R^d); f* = 0 at x_i = -1. The minimum sits
// on the sphere |x|^2 = d, a groove along which the gradient is infinite (a cusp).
inline double happy_cat(const double* x, double* g, std::size_t d) {
  const double n = double(d);
  double s2 = 0.0, s1 = 0.0;
  for (std::size_t i = 0; i < d; ++i) {
    s2 += x[i] * x[i];
    s1 += x[i];
  }
  const double q = s2 - n;
  const double aq = std::fabs(q);
  const double dq = aq > 0.0 ? 0.25 * sign(q) / std::pow(aq, 0.75) : 0.0;
  for (std::size_t i = 0; i < d; ++i) g[i] = 2.0 * x[i] * dq + (x[i] + 1.0) / n;
  return std::pow(aq, 0.25) + (0.5 * s2 + s1) / n + 0.5;
}
inline void minus_one_point(double* x, std::size_t d) { fill(x, d, -1.0); }

// [JY] "Stretched V Sine Wave": sum_{i<d} t^(1/4) (sin^2(50 t^(1/10)) + 0.1),
// t = x_i^2 + x_{i+1}^2; [-10, 10]; f* = 0 at 0. Ring-shaped ripples; the gradient is
// infinite at the minimum (t^(1/4)).
inline double stretched_v_sine(const double* x, double* g, std::size_t d) {
  for (std::size_t i = 0; i < d; ++i) g[i] = 0.0;
  double f = 0.0;
  for (std::size_t i = 0; i + 1 < d; ++i) {
    const double t = x[i] * x[i] + x[i + 1] * x[i + 1];
    if (t <= 0.0) continue;
    const double u = 50.0 * std::pow(t, 0.1);
    const double su = std::sin(u);
    const double t4 = std::pow(t, 0.25);
    f += t4 * (su * su + 0.1);
    const double dfdt = 0.25 * t4 / t * (su * su + 0.1) + t4 * std::sin(2.0 * u) * 5.0 * std::pow(t, -0.9);
    g[i] += 2.0 * x[i] * dfdt;
    g[i + 1] += 2.0 * x[i + 1] * dfdt;
  }
  return f;
}

// ================================= nested, periodic =====================================

// [CEC05] F11 "Weierstrass" (core; a = 0.5, b = 3, k_max = 20):
// sum_i sum_k a^k cos(2 pi b^k (x_i + 1/2)) - d sum_k a^k cos(pi b^k); [-0.5, 0.5];
// f* = 0 at 0. cos(pi b^k) = -1 exactly (b odd) is used for the constant. Nested periodic
// terms down to the scale 3^-20: nearly nowhere smooth.
inline double weierstrass(const double* x, double* g, std::size_t d) {
  double f = 0.0;
  double constant = 0.0;
  for (int k = 0; k <= 20; ++k) constant += std::pow(0.5, k);
  for (std::size_t i = 0; i < d; ++i) {
    double ak = 1.0, bk = 1.0, gi = 0.0;
    for (int k = 0; k <= 20; ++k) {
      const double w = 2.0 * pi * bk * (x[i] + 0.5);
      f += ak * std::cos(w);
      gi -= ak * 2.0 * pi * bk * std::sin(w);
      ak *= 0.5;
      bk *= 3.0;
    }
    g[i] = gi;
  }
  return f + double(d) * constant;
}

// [JY] "Whitley": sum_i sum_j (y_ij^2 / 4000 - cos(y_ij) + 1),
// y_ij = 100 (x_i^2 - x_j)^2 + (1 - x_j)^2 (Rosenbrock inside Griewank); [-10.24, 10.24];
// f* = 0 at 1.
inline double whitley(const double* x, double* g, std::size_t d) {
  for (std::size_t i = 0; i < d; ++i) g[i] = 0.0;
  double f = 0.0;
  for (std::size_t i = 0; i < d; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      const double a = x[i] * x[i] - x[j];
      const double b = 1.0 - x[j];
      const double y = 100.0 * a * a + b * b;
      f += y * y / 4000.0 - std::cos(y) + 1.0;
      const double dy = y / 2000.0 + std::sin(y);
      g[i] += dy * 400.0 * a * x[i];
      g[j] += dy * (-200.0 * a - 2.0 * b);
    }
  return f;
}

// ==================================== non-smooth ========================================

// [JY] "Schwefel 2.22": sum |x_i| + prod |x_i|; [-100, 100]; f* = 0 at 0. Near a zero
// coordinate the product's gradient in the other coordinates collapses and the kink's
// gradient is the product of the other |x_j| (up to 1e18 at d = 10).
inline double schwefel_2_22(const double* x, double* g, std::size_t d) {
  double a[max_dimension], others[max_dimension];
  double s = 0.0, p = 1.0;
  for (std::size_t i = 0; i < d; ++i) {
    a[i] = std::fabs(x[i]);
    s += a[i];
    p *= a[i];
  }
  products_of_others(a, others, d);
  for (std::size_t i = 0; i < d; ++i) g[i] = sign(x[i]) * (1.0 + others[i]);
  return s + p;
}

// [JY] "Schwefel 2.21": max_i |x_i|; [-100, 100]; f* = 0 at 0. The gradient is a single
// signed unit vector (first index on ties).
inline double schwefel_2_21(const double* x, double* g, std::size_t d) {
  std::size_t k = 0;
  for (std::size_t i = 0; i < d; ++i) {
    g[i] = 0.0;
    if (std::fabs(x[i]) > std::fabs(x[k])) k = i;
  }
  g[k] = sign(x[k]);
  return std::fabs(x[k]);
}

// [JY] "Alpine 1": sum |x_i sin(x_i) + 0.1 x_i|; [-10, 10]; f* = 0 at 0 and wherever every
// x_i is 0 or solves sin x_i = -0.1 (7 such values in the box, -9.3246 ... 9.5249): 8^d
// global minima, every one a kink (slope |sin x + x cos x + 0.1| there, up to 9.5).
inline double alpine_1(const double* x, double* g, std::size_t d) {
  double f = 0.0;
  for (std::size_t i = 0; i < d; ++i) {
    const double u = x[i] * std::sin(x[i]) + 0.1 * x[i];
    f += std::fabs(u);
    g[i] = sign(u) * (std::sin(x[i]) + x[i] * std::cos(x[i]) + 0.1);
  }
  return f;
}

// [JY] "Xin-She Yang 2": (sum |x_i|) exp(-sum sin(x_i^2)); [-2 pi, 2 pi]; f* = 0 at 0.
inline double xin_she_yang_2(const double* x, double* g, std::size_t d) {
  double a = 0.0, s = 0.0;
  for (std::size_t i = 0; i < d; ++i) {
    a += std::fabs(x[i]);
    s += std::sin(x[i] * x[i]);
  }
  const double e = std::exp(-s);
  for (std::size_t i = 0; i < d; ++i) g[i] = e * (sign(x[i]) - a * 2.0 * x[i] * std::cos(x[i] * x[i]));
  return a * e;
}

// ====================== faces of the box, products of coordinates =======================

// [JY] "Alpine 2" (stated there as a maximization of prod sqrt(x_i) sin(x_i)); we minimize
// -prod sqrt(x_i) sin(x_i) on [0, 10]; f* = -2.8081311800070...^d at x_i = 7.9170526982...
// Gradient finite on the face x_i = 0 but the curvature there is infinite (x^(3/2)).
inline double alpine_2(const double* x, double* g, std::size_t d) {
  double h[max_dimension], others[max_dimension];
  double p = 1.0;
  for (std::size_t i = 0; i < d; ++i) {
    h[i] = std::sqrt(x[i]) * std::sin(x[i]);
    p *= h[i];
  }
  products_of_others(h, others, d);
  for (std::size_t i = 0; i < d; ++i) {
    const double r = std::sqrt(x[i]);
    const double dh = r > 0.0 ? std::sin(x[i]) / (2.0 * r) + r * std::cos(x[i]) : 0.0;
    g[i] = -others[i] * dh;
  }
  return -p;
}
inline double alpine_2_fstar(std::size_t d) {
  const double v = alpine_2_x();
  return -std::pow(std::sqrt(v) * std::sin(v), double(d));
}
inline void alpine_2_xstar(double* x, std::size_t d) { fill(x, d, alpine_2_x()); }

// [JY] "Deb 3": -(1/d) sum sin^6(5 pi (x_i^(3/4) - 0.05)); [0, 1] (x^(3/4) is real only
// for x >= 0); f* = -1 at 5^d points, x_i^(3/4) in {0.15, 0.35, 0.55, 0.75, 0.95}.
// The derivative of x^(3/4) is infinite on the face x_i = 0, where sin^5 cos is not zero.
inline double deb_3(const double* x, double* g, std::size_t d) {
  const double n = double(d);
  double f = 0.0;
  for (std::size_t i = 0; i < d; ++i) {
    const double v = 5.0 * pi * (std::pow(x[i], 0.75) - 0.05);
    const double s = std::sin(v);
    const double s5 = s * s * s * s * s;
    f -= s5 * s / n;
    const double dv = x[i] > 0.0 ? 5.0 * pi * 0.75 / std::pow(x[i], 0.25) : std::numeric_limits<double>::infinity();
    g[i] = -6.0 * s5 * std::cos(v) * dv / n;
  }
  return f;
}
inline double minus_one_value(std::size_t) { return -1.0; }
inline void deb_3_xstar(double* x, std::size_t d) { fill(x, d, std::pow(0.15, 4.0 / 3.0)); }

// ================================== ill-conditioned =====================================

// [SB] "Rosenbrock function", [JY] "Rosenbrock": sum 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2;
// [-5, 10]; f* = 0 at 1.
inline double rosenbrock(const double* x, double* g, std::size_t d) {
  for (std::size_t i = 0; i < d; ++i) g[i] = 0.0;
  double s = 0.0;
  for (std::size_t i = 0; i + 1 < d; ++i) {
    const double a = x[i + 1] - x[i] * x[i];
    const double b = 1.0 - x[i];
    s += 100.0 * a * a + b * b;
    g[i] += -400.0 * a * x[i] - 2.0 * b;
    g[i + 1] += 200.0 * a;
  }
  return s;
}

// [BBOB] f10 "Ellipsoidal" (rotated, condition 1e6): sum 10^(6 i / (d - 1)) z_i^2, z = Q x,
// i = 0..d-1; [-5, 5]; f* = 0 at 0.
inline double ellipsoid(const double* x, double* g, std::size_t d) {
  double z[max_dimension] = {};
  rotate(x, z, d);
  double f = 0.0;
  for (std::size_t i = 0; i < d; ++i) {
    const double c = std::pow(10.0, 6.0 * double(i) / double(d - 1));
    f += c * z[i] * z[i];
    g[i] = 2.0 * c * z[i];
  }
  rotate_back(g, d);
  return f;
}

// [JY] "Schwefel 1.2": sum_i (sum_{j<=i} x_j)^2; [-100, 100]; f* = 0 at 0 (condition
// number grows like d^2).
inline double schwefel_1_2(const double* x, double* g, std::size_t d) {
  double c[max_dimension];
  double running = 0.0, f = 0.0;
  for (std::size_t i = 0; i < d; ++i) {
    running += x[i];
    c[i] = running;
    f += running * running;
  }
  double tail = 0.0;
  for (std::size_t i = d; i-- > 0;) {
    tail += c[i];
    g[i] = 2.0 * tail;
  }
  return f;
}

// [SB] "Dixon-Price function": (x_1 - 1)^2 + sum_{i=2}^d i (2 x_i^2 - x_{i-1})^2; [-10, 10];
// f* = 0 at x_i = 2^(-(2^i - 2) / 2^i) (and at the points with any signs of x_2..x_d).
inline double dixon_price(const double* x, double* g, std::size_t d) {
  for (std::size_t i = 0; i < d; ++i) g[i] = 0.0;
  double f = (x[0] - 1.0) * (x[0] - 1.0);
  g[0] = 2.0 * (x[0] - 1.0);
  for (std::size_t i = 1; i < d; ++i) {
    const double r = 2.0 * x[i] * x[i] - x[i - 1];
    const double c = double(i + 1);
    f += c * r * r;
    g[i] += c * 2.0 * r * 4.0 * x[i];
    g[i - 1] -= c * 2.0 * r;
  }
  return f;
}
inline void dixon_price_xstar(double* x, std::size_t d) {
  for (std::size_t i = 0; i < d; ++i) {
    const double p = std::pow(2.0, double(i + 1));
    x[i] = std::pow(2.0, -(p - 2.0) / p);
  }
}

}  // namespace detail

#ifdef LANGEVIN_BENCH_FUNCTION_TABLE
// Another table in place of the set (e.g. a held-out suite kept outside the repository, to
// check changes of the minimizer for overfitting): a header defining bench::functions().
}  // namespace bench
#include LANGEVIN_BENCH_FUNCTION_TABLE
namespace bench {
#else
/// The set, in table order (grouped by kind).
inline const test_function* functions(std::size_t& count) {
  using namespace detail;
  static const test_function table[] = {
      {"rastrigin", "smooth", "[SB] Rastrigin", -5.12, 5.12, rastrigin, zero_value, zero_point, true},
      {"ackley", "smooth", "[SB] Ackley; [JY] Ackley 1", -32.768, 32.768, ackley, zero_value, zero_point, true},
      {"griewank", "smooth", "[SB] Griewank; [JY] Griewank", -600.0, 600.0, griewank, zero_value, zero_point, true},
      {"levy", "smooth", "[SB] Levy", -10.0, 10.0, levy, zero_value, one_point, true},
      {"styblinski_tang", "smooth", "[SB] Styblinski-Tang", -5.0, 5.0, styblinski_tang, styblinski_tang_fstar,
       styblinski_tang_xstar, true},
      {"rotated_rastrigin", "smooth", "[BBOB] f15 (rotation only)", -5.12, 5.12, rotated_rastrigin, zero_value,
       zero_point, true},
      {"schwefel_2_26", "deceptive", "[SB] Schwefel; [JY] Schwefel 2.26", -500.0, 500.0, schwefel_2_26,
       schwefel_2_26_fstar, schwefel_2_26_xstar, true},
      {"lunacek", "deceptive", "[BBOB] f24 Lunacek bi-Rastrigin (core)", -5.0, 5.0, lunacek, zero_value,
       lunacek_xstar, true},
      {"deceptive", "deceptive", "[AG] Deceptive", 0.0, 1.0, deceptive, deceptive_fstar, deceptive_xstar, true},
      {"salomon", "ring", "[JY] Salomon", -100.0, 100.0, salomon, zero_value, zero_point, true},
      {"schaffer_f6", "ring", "[CEC05] F14 expanded Schaffer F6 (core)", -100.0, 100.0, schaffer_f6_expanded,
       zero_value, zero_point, true},
      {"happy_cat", "ring", "[BF12] HappyCat; CEC 2014 F13 (core)", -2.0, 2.0, happy_cat, zero_value,
       minus_one_point, true},
      {"stretched_v_sine", "ring", "[JY] Stretched V Sine Wave", -10.0, 10.0, stretched_v_sine, zero_value,
       zero_point, true},
      {"weierstrass", "nested", "[CEC05] F11 Weierstrass (core)", -0.5, 0.5, weierstrass, zero_value, zero_point,
       true},
      {"whitley", "nested", "[JY] Whitley", -10.24, 10.24, whitley, zero_value, one_point, true},
      {"schwefel_2_22", "nonsmooth", "[JY] Schwefel 2.22", -100.0, 100.0, schwefel_2_22, zero_value, zero_point,
       true},
      {"schwefel_2_21", "nonsmooth", "[JY] Schwefel 2.21", -100.0, 100.0, schwefel_2_21, zero_value, zero_point,
       true},
      {"alpine_1", "nonsmooth", "[JY] Alpine 1", -10.0, 10.0, alpine_1, zero_value, zero_point, false},
      {"xin_she_yang_2", "nonsmooth", "[JY] Xin-She Yang 2", -2.0 * pi, 2.0 * pi, xin_she_yang_2, zero_value,
       zero_point, true},
      {"alpine_2", "face", "[JY] Alpine 2 (negated)", 0.0, 10.0, alpine_2, alpine_2_fstar, alpine_2_xstar, true},
      {"deb_3", "face", "[JY] Deb 3", 0.0, 1.0, deb_3, minus_one_value, deb_3_xstar, false},
      {"rosenbrock", "illcond", "[SB] Rosenbrock; [JY] Rosenbrock", -5.0, 10.0, rosenbrock, zero_value, one_point,
       true},
      {"ellipsoid", "illcond", "[BBOB] f10 Ellipsoidal (rotated)", -5.0, 5.0, ellipsoid, zero_value, zero_point,
       true},
      {"schwefel_1_2", "illcond", "[JY] Schwefel 1.2", -100.0, 100.0, schwefel_1_2, zero_value, zero_point, true},
      {"dixon_price", "illcond", "[SB] Dixon-Price", -10.0, 10.0, dixon_price, zero_value, dixon_price_xstar,
       false},
  };
  count = sizeof(table) / sizeof(table[0]);
  return table;
}
#endif

/// The entry called `name`, or nullptr.
inline const test_function* find_function(const char* name) {
  std::size_t count = 0;
  const test_function* table = functions(count);
  for (std::size_t i = 0; i < count; ++i)
    if (std::strcmp(table[i].name, name) == 0) return &table[i];
  return nullptr;
}

/// Success threshold of the benchmark: f <= f* + 1e-4 max(1, |f*|).
inline double success_tolerance(double fstar) { return 1e-4 * (std::fabs(fstar) > 1.0 ? std::fabs(fstar) : 1.0); }

}  // namespace bench

#endif
