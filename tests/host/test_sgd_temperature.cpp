// SGD's own temperature, measured against theory (issue 15): the gradient-noise meter of
// annealing_sgd and temperature-held SGLD.
//  (a) linear least squares with Gaussian inputs: the stationary covariance of SGD's
//      iterates from the exact discrete Lyapunov equation (with the multiplicative noise of
//      the per-sample gradients) against the measured covariance and against the meter;
//  (b) T_sgd scales as lr / B: a fit of the exponents on a grid of (lr, B);
//  (c) at T = 1, held SGLD gives the posterior width for B = 1, 4 and 32 on the conjugate
//      Gaussian model, plain SGLD is wider at small B.
// Each has a tolerance derived in a comment and a power check: the same check applied to a
// broken meter (one that divides by B twice) fails.
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/random/normal.hpp>

#include "langevin_test.hpp"

namespace {

using langevin::annealing_sgd;
using langevin::annealing_sgd_options;
using langevin::objective_scale;
using langevin::sampling;
using langevin::schedule;
using langevin::span;
using langevin::status;

// ---------------------------------------------------------------------------------------
// (a) Linear least squares, P = 2, Gaussian inputs.

struct regression_sample {
  double x0, x1, y;
};

// Per-sample loss (w . x - y)^2 / 2.
struct least_squares {
  double operator()(const std::array<double, 2>& w, const regression_sample& s, std::array<double, 2>& g) const {
    const double r = w[0] * s.x0 + w[1] * s.x1 - s.y;
    g[0] = r * s.x0;
    g[1] = r * s.x1;
    return 0.5 * r * r;
  }
};

using matrix = std::array<double, 4>;  // row major 2 x 2

matrix multiply(const matrix& a, const matrix& b) {
  return {a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
          a[2] * b[1] + a[3] * b[3]};
}
matrix transpose(const matrix& a) { return {a[0], a[2], a[1], a[3]}; }

struct regression_problem {
  std::vector<regression_sample> data;
  std::array<double, 2> solution;  // w*, the least-squares solution
  matrix hessian;                  // H_N = (1/N) sum x x^T
  matrix residual_covariance;      // Sigma_0 = (1/N) sum eps^2 x x^T, eps = y - x . w*
};

regression_problem make_regression(std::size_t n) {
  regression_problem p;
  p.data.resize(n);
  langevin::pcg32 g{15u, 1u};
  for (auto& s : p.data) {
    s.x0 = langevin::normal<double>(g);
    s.x1 = 0.5 * s.x0 + 0.5 * langevin::normal<double>(g);
    s.y = 1.5 * s.x0 - 0.5 * s.x1 + 0.5 * langevin::normal<double>(g);
  }
  double a00 = 0, a01 = 0, a11 = 0, b0 = 0, b1 = 0;
  for (const auto& s : p.data) {
    a00 += s.x0 * s.x0;
    a01 += s.x0 * s.x1;
    a11 += s.x1 * s.x1;
    b0 += s.x0 * s.y;
    b1 += s.x1 * s.y;
  }
  const double det = a00 * a11 - a01 * a01;
  p.solution = {(a11 * b0 - a01 * b1) / det, (a00 * b1 - a01 * b0) / det};
  const double inv = 1.0 / double(n);
  p.hessian = {a00 * inv, a01 * inv, a01 * inv, a11 * inv};
  p.residual_covariance = {0, 0, 0, 0};
  for (const auto& s : p.data) {
    const double eps = s.y - s.x0 * p.solution[0] - s.x1 * p.solution[1];
    p.residual_covariance[0] += eps * eps * s.x0 * s.x0 * inv;
    p.residual_covariance[1] += eps * eps * s.x0 * s.x1 * inv;
    p.residual_covariance[3] += eps * eps * s.x1 * s.x1 * inv;
  }
  p.residual_covariance[2] = p.residual_covariance[1];
  return p;
}

// E over the stationary law of the per-sample gradient covariance Sigma_pop(e), e = w - w*:
// g_i = x_i x_i^T e - x_i eps_i, so with E[e] = 0 and Cov e = S,
//   E[Sigma_pop] = (1/N) sum x_i x_i^T S x_i x_i^T + Sigma_0 - H_N S H_N.
matrix expected_gradient_covariance(const regression_problem& p, const matrix& s) {
  matrix m{0, 0, 0, 0};
  const double inv = 1.0 / double(p.data.size());
  for (const auto& d : p.data) {
    const double q = d.x0 * d.x0 * s[0] + 2 * d.x0 * d.x1 * s[1] + d.x1 * d.x1 * s[3];  // x^T S x
    m[0] += q * d.x0 * d.x0 * inv;
    m[1] += q * d.x0 * d.x1 * inv;
    m[3] += q * d.x1 * d.x1 * inv;
  }
  m[2] = m[1];
  const matrix hsh = multiply(multiply(p.hessian, s), p.hessian);
  for (std::size_t k = 0; k < 4; ++k) m[k] += p.residual_covariance[k] - hsh[k];
  return m;
}

// The stationary covariance S of mean-convention SGD with replacement,
// e' = (I - lr H_N) e - lr eta, Cov(eta | e) = Sigma_pop(e) / b:
//   S = A S A^T + (lr^2 / b) E[Sigma_pop](S),  A = I - lr H_N
// (the discrete Lyapunov equation with the multiplicative noise; linear in S, solved by
// iterating it: the map contracts by max |1 - lr lambda|^2 + O(lr^2 / b)).
// `noise_divisor` is b for the right theory; b^2 gives the theory of a chain whose noise
// is divided by B twice (the power check).
matrix lyapunov_covariance(const regression_problem& p, double lr, double noise_divisor) {
  const matrix a{1 - lr * p.hessian[0], -lr * p.hessian[1], -lr * p.hessian[2], 1 - lr * p.hessian[3]};
  matrix s{0, 0, 0, 0};
  for (int iteration = 0; iteration < 200000; ++iteration) {
    const matrix c = expected_gradient_covariance(p, s);
    const matrix ass = multiply(multiply(a, s), transpose(a));
    matrix next;
    for (std::size_t k = 0; k < 4; ++k) next[k] = ass[k] + lr * lr / noise_divisor * c[k];
    double change = 0;
    for (std::size_t k = 0; k < 4; ++k) change += std::fabs(next[k] - s[k]);
    s = next;
    if (change < 1e-15 * (std::fabs(s[0]) + std::fabs(s[3]))) break;
  }
  return s;
}

// Mean and standard error by batch means of a series accumulated in `batches` equal parts.
struct batch_means {
  std::vector<double> sums;
  std::vector<double> counts;
  explicit batch_means(std::size_t batches) : sums(batches, 0.0), counts(batches, 0.0) {}
  void add(std::size_t batch, double value) {
    sums[batch] += value;
    counts[batch] += 1.0;
  }
  double mean() const {
    double s = 0, c = 0;
    for (std::size_t i = 0; i < sums.size(); ++i) {
      s += sums[i];
      c += counts[i];
    }
    return s / c;
  }
  // The batch means are nearly independent when a batch is much longer than the
  // autocorrelation time; their spread / sqrt(batches) is the standard error of the mean.
  double standard_error() const {
    const double m = mean();
    double v = 0;
    for (std::size_t i = 0; i < sums.size(); ++i) {
      const double d = sums[i] / counts[i] - m;
      v += d * d;
    }
    return std::sqrt(v / double(sums.size() - 1) / double(sums.size()));
  }
};

}  // namespace

TEST_CASE("gradient-noise meter: SGD on least squares matches the Lyapunov covariance, and the meter matches it",
          "[annealing_sgd][sgd_temperature][slow]") {
  const regression_problem problem = make_regression(256u);
  const double n = double(problem.data.size());
  const span<const regression_sample> view(problem.data.data(), problem.data.size());
  struct setting {
    double lr;
    std::size_t batch;
    objective_scale objective;
  };
  // (lr, B) in the mean convention; the last is the first again in the sum convention with
  // lr / N (the same dynamics, so the same temperature).
  const setting settings[] = {{0.05, 2u, objective_scale::mean},
                              {0.05, 8u, objective_scale::mean},
                              {0.2, 4u, objective_scale::mean},
                              {0.2, 32u, objective_scale::mean},
                              {0.05 / 256.0, 2u, objective_scale::sum}};
  std::uint64_t seed = 300u;
  for (const setting& c : settings) {
    const double lr = c.objective == objective_scale::mean ? c.lr : c.lr * n;  // mean-convention rate
    const double b = double(c.batch);
    const matrix theory = lyapunov_covariance(problem, lr, b);
    const matrix broken_theory = lyapunov_covariance(problem, lr, b * b);
    const matrix noise = expected_gradient_covariance(problem, theory);
    // The meter's theory (file comment of annealing_sgd.hpp, mean convention, with
    // replacement): T_j = lr N E[sigma_j^2] / (2 b).
    const std::array<double, 2> temperature_theory{lr * n * noise[0] / (2 * b), lr * n * noise[3] / (2 * b)};

    annealing_sgd<double, 2> sgd;
    annealing_sgd_options<double> options;
    options.batch_size = c.batch;
    options.objective = c.objective;
    options.learning_rate = schedule<double>::constant(c.lr);
    options.noise_meter = true;
    options.noise_meter_window = 0xFFFFFFFFu;  // the plain mean of every reading
    options.seed = seed++;
    REQUIRE(sgd.init(problem.data.size(), options) == status::ok);
    REQUIRE(sgd.place(problem.solution) == status::ok);
    REQUIRE(sgd.run(least_squares{}, view, 20000u).status == status::ok);  // burn-in: 20 / (lr lambda_min) steps or more
    REQUIRE(sgd.place(sgd.current()) == status::ok);  // restart the meter's average

    // 100 batches of 20000 steps: a batch is >= 190 autocorrelation times 1 / (lr lambda_min)
    // (lambda_min(H_N) ~ 0.19), so batch means are independent to a good approximation.
    constexpr std::size_t batches = 100u;
    constexpr std::uint64_t per_batch = 20000u;
    batch_means c00(batches), c01(batches), c11(batches), t0(batches), t1(batches);
    bool all_ok = true;
    for (std::size_t k = 0; k < batches; ++k) {
      for (std::uint64_t i = 0; i < per_batch; ++i) {
        all_ok = all_ok && sgd.step(least_squares{}, view).status == status::ok;
        const double e0 = sgd.current()[0] - problem.solution[0];
        const double e1 = sgd.current()[1] - problem.solution[1];
        c00.add(k, e0 * e0);
        c01.add(k, e0 * e1);
        c11.add(k, e1 * e1);
        t0.add(k, sgd.sgd_temperature(0u));
        t1.add(k, sgd.sgd_temperature(1u));
      }
    }
    REQUIRE(all_ok);
    // The meter's own running average is the mean of its per-step readings.
    CHECK(std::fabs(sgd.average_sgd_temperature(0u) - t0.mean()) < 1e-9 * t0.mean());
    CHECK(std::fabs(sgd.average_sgd_temperature() - 0.5 * (t0.mean() + t1.mean())) < 1e-9 * t0.mean());

    // Tolerance: 4.5 batch-means standard errors (the batch means are nearly independent
    // and Gaussian by the central limit theorem: a false alarm below 1e-5 per check) plus
    // the burn-in's remaining transient, below 1e-8 relative after 20000 steps.
    const double measured[3] = {c00.mean(), c01.mean(), c11.mean()};
    const double errors[3] = {c00.standard_error(), c01.standard_error(), c11.standard_error()};
    const double expected[3] = {theory[0], theory[1], theory[3]};
    const double broken[3] = {broken_theory[0], broken_theory[1], broken_theory[3]};
    CAPTURE(lr, c.batch, int(c.objective), measured[0], expected[0], errors[0], measured[2], expected[2], errors[2],
            measured[1], expected[1], t0.mean(), temperature_theory[0], t0.standard_error(), t1.mean(),
            temperature_theory[1], t1.standard_error());
    for (std::size_t k = 0; k < 3; ++k) CHECK(std::fabs(measured[k] - expected[k]) < 4.5 * errors[k]);
    CHECK(std::fabs(t0.mean() - temperature_theory[0]) < 4.5 * t0.standard_error());
    CHECK(std::fabs(t1.mean() - temperature_theory[1]) < 4.5 * t1.standard_error());

    // Power checks. A meter dividing by B twice reads T / B: outside the tolerance for every
    // B >= 2 here. And the covariance of a chain whose noise were divided by B twice
    // (the Lyapunov solution with b^2) is not what SGD's iterates show.
    CHECK_FALSE(std::fabs(t0.mean() / b - temperature_theory[0]) < 4.5 * t0.standard_error());
    CHECK_FALSE(std::fabs(t1.mean() / b - temperature_theory[1]) < 4.5 * t1.standard_error());
    CHECK_FALSE(std::fabs(measured[0] - broken[0]) < 4.5 * errors[0]);
    CHECK_FALSE(std::fabs(measured[2] - broken[2]) < 4.5 * errors[2]);
  }
}

// ---------------------------------------------------------------------------------------
// (b) and (c): the conjugate Gaussian model y_i ~ N(theta, 1), prior theta ~ N(0, tau^2).
// Its per-sample gradient deviations -(y_i - y_bar) do not depend on theta, so SGD's noise
// temperature is the same at every theta: T_sgd = h N^2 sigma_y^2 / (2 b) with
// replacement (sum convention, h = lr), sigma_y^2 the population variance of the y_i.

namespace {

struct observation {
  double y;
};

constexpr double prior_variance = 4.0;
constexpr std::size_t observations = 64;

struct gaussian_model {
  double operator()(const std::array<double, 1>& w, const observation& s, std::array<double, 1>& g) const {
    const double r = w[0] - s.y;
    const double prior = 1.0 / (prior_variance * double(observations));
    g[0] = r + prior * w[0];
    return 0.5 * r * r + 0.5 * prior * w[0] * w[0];
  }
};

struct gaussian_data {
  std::vector<observation> data;
  double precision;  // h = N + 1 / tau^2: U'' (the posterior precision at T = 1)
  double mean;       // posterior mean
  double spread;     // population variance of y
  double kurtosis;   // population excess kurtosis of y
};

gaussian_data make_gaussian_data() {
  gaussian_data d;
  d.data.resize(observations);
  langevin::pcg32 g{77u, 3u};
  for (auto& s : d.data) s.y = 1.0 + langevin::normal<double>(g);
  const double n = double(observations);
  double sum = 0;
  for (const auto& s : d.data) sum += s.y;
  const double y_bar = sum / n;
  double m2 = 0, m4 = 0;
  for (const auto& s : d.data) {
    const double e = s.y - y_bar;
    m2 += e * e / n;
    m4 += e * e * e * e / n;
  }
  d.precision = n + 1.0 / prior_variance;
  d.mean = sum / d.precision;
  d.spread = m2;
  d.kurtosis = m4 / (m2 * m2) - 3.0;
  return d;
}

}  // namespace

TEST_CASE("gradient-noise meter: T_sgd scales as lr / B (fitted exponents 1 and -1)",
          "[annealing_sgd][sgd_temperature][slow]") {
  const gaussian_data d = make_gaussian_data();
  const span<const observation> view(d.data.data(), d.data.size());
  const double n = double(observations);
  const double rates[4] = {1e-5, 2e-5, 4e-5, 8e-5};
  const std::size_t sizes[5] = {2u, 4u, 8u, 16u, 32u};
  constexpr std::uint64_t steps = 20000u;
  std::vector<double> log_lr, log_b, log_t, relative_error, log_t_broken;
  std::uint64_t seed = 500u;
  for (const double lr : rates) {
    for (const std::size_t b : sizes) {
      annealing_sgd<double, 1> sgd;
      annealing_sgd_options<double> options;
      options.batch_size = b;
      options.objective = objective_scale::sum;
      options.learning_rate = schedule<double>::constant(lr);
      options.noise_meter = true;
      options.noise_meter_window = 0xFFFFFFFFu;
      options.seed = seed++;
      REQUIRE(sgd.init(observations, options) == status::ok);
      REQUIRE(sgd.place({d.mean}) == status::ok);
      REQUIRE(sgd.run(gaussian_model{}, view, steps).status == status::ok);
      const double t = sgd.average_sgd_temperature();
      // The check of the formula itself at this grid point (sum convention, with
      // replacement): T = lr N^2 sigma_y^2 / (2 b), within 5 of the standard errors below.
      const double expected = lr * n * n * d.spread / (2.0 * double(b));
      // Each reading s^2 of a batch of b independent draws has variance
      // sigma^4 (2 / (b - 1) + kappa / b) (kappa: excess kurtosis of the y_i), and the readings
      // of independent batches are independent: the average of `steps` readings has relative
      // standard error sqrt((2 / (b - 1) + kappa / b) / steps).
      const double error = std::sqrt((2.0 / double(b - 1u) + d.kurtosis / double(b)) / double(steps));
      CAPTURE(lr, b, t, expected, error);
      CHECK(std::fabs(t / expected - 1.0) < 5.0 * error);
      log_lr.push_back(std::log(lr));
      log_b.push_back(std::log(double(b)));
      log_t.push_back(std::log(t));
      log_t_broken.push_back(std::log(t / double(b)));  // a meter dividing by B twice
      relative_error.push_back(error);  // = the standard error of log T
    }
  }
  // Ordinary least squares log T = c + alpha log lr + beta log B on the balanced grid:
  // the regressors are orthogonal after centring, so alpha = sum (u_i - u_bar) log T_i /
  // sum (u_i - u_bar)^2 (and beta with v = log B), and the standard error of each exponent
  // is sqrt(sum w_i^2 se_i^2) with w_i the weight of point i and se_i its standard error
  // (the points are independent runs with distinct seeds).
  const auto fit = [&](const std::vector<double>& x, const std::vector<double>& y, double& slope, double& error) {
    double x_bar = 0;
    for (const double v : x) x_bar += v / double(x.size());
    double sxx = 0;
    for (const double v : x) sxx += (v - x_bar) * (v - x_bar);
    slope = 0;
    double variance = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double w = (x[i] - x_bar) / sxx;
      slope += w * y[i];
      variance += w * w * relative_error[i] * relative_error[i];
    }
    error = std::sqrt(variance);
  };
  double alpha = 0, alpha_error = 0, beta = 0, beta_error = 0, broken_beta = 0, broken_error = 0;
  fit(log_lr, log_t, alpha, alpha_error);
  fit(log_b, log_t, beta, beta_error);
  fit(log_b, log_t_broken, broken_beta, broken_error);
  CAPTURE(alpha, alpha_error, beta, beta_error, broken_beta);
  // 5 standard errors (alpha and beta are Gaussian to a good approximation: each is a
  // weighted sum of 20 independent averages of 20000 readings).
  CHECK(std::fabs(alpha - 1.0) < 5.0 * alpha_error);
  CHECK(std::fabs(beta + 1.0) < 5.0 * beta_error);
  CHECK(alpha_error < 0.01);  // the fit resolves the exponents to better than 1%
  CHECK(beta_error < 0.01);
  // Power check: the broken meter's exponent of B is -2.
  CHECK_FALSE(std::fabs(broken_beta + 1.0) < 5.0 * broken_error);
}

namespace {

// The sample variance of theta over `count` steps after `burn_in`, from a chain started at
// the posterior mean.
double posterior_variance_of(const gaussian_data& d, std::size_t batch, bool hold, double temperature,
                             double lr, std::uint64_t seed, std::uint64_t count, std::uint64_t* clamped) {
  annealing_sgd<double, 1> sgld;
  annealing_sgd_options<double> options;
  options.batch_size = batch;
  options.objective = objective_scale::sum;
  options.learning_rate = schedule<double>::constant(lr);
  options.temperature = schedule<double>::constant(temperature);
  options.hold_temperature = hold;
  options.seed = seed;
  const span<const observation> view(d.data.data(), d.data.size());
  if (sgld.init(observations, options) != status::ok || sgld.place({d.mean}) != status::ok) return -1.0;
  if (sgld.run(gaussian_model{}, view, 5000u).status != status::ok) return -1.0;
  double mean = 0, m2 = 0;
  for (std::uint64_t k = 1; k <= count; ++k) {
    if (sgld.step(gaussian_model{}, view).status != status::ok) return -1.0;
    const double x = sgld.current()[0];
    const double delta = x - mean;
    mean += delta / double(k);
    m2 += delta * (x - mean);
  }
  if (clamped != nullptr) *clamped = sgld.clamped_steps();
  return m2 / double(count - 1u);
}

}  // namespace

TEST_CASE("temperature-held SGLD gives the posterior width at T = 1 for B = 1, 4 and 32, plain SGLD is wider",
          "[annealing_sgd][sgd_temperature][slow]") {
  const gaussian_data d = make_gaussian_data();
  const double n = double(observations);
  const double h = d.precision;
  const double step_stiffness = 0.01;  // lr h: the chain's AR(1) coefficient is rho = 1 - lr h
  const double lr = step_stiffness / h;
  const double temperature = 1.0;
  constexpr std::uint64_t count = 4000000u;
  // Every chain here is linear: theta' - m = rho (theta - m) + w with E[w^2] = 2 lr T_total
  // (T_total the injected plus SGD's own temperature), so its stationary variance is
  //   V(T_total) = 2 lr T_total / (1 - rho^2) = T_total / (h (1 - lr h / 2)),
  // the posterior variance T / h up to Euler-Maruyama's factor 1 / (1 - lr h / 2) = 1.005.
  const auto stationary = [&](double total) { return total / (h * (1.0 - step_stiffness / 2.0)); };
  // Standard error of the sample variance of K steps of a Gaussian AR(1) chain:
  // V sqrt(2 (1 + rho^2) / ((1 - rho^2) K)) = 0.70% of V here. The noise is not exactly
  // Gaussian (the per-sample deviations are a fixed set of 64 values), which changes this
  // by O(kurtosis / K_eff) only.
  const double rho = 1.0 - step_stiffness;
  const double relative_error = std::sqrt(2.0 * (1.0 + rho * rho) / ((1.0 - rho * rho) * double(count)));
  const double tolerance = 4.5 * relative_error;  // a false alarm below 1e-5 per check
  const double exact = stationary(temperature);
  std::uint64_t seed = 900u;
  for (const std::size_t b : {std::size_t{1u}, std::size_t{4u}, std::size_t{32u}}) {
    const double t_sgd = lr * n * n * d.spread / (2.0 * double(b));
    std::uint64_t clamped = 1u;
    const double held = posterior_variance_of(d, b, true, temperature, lr, seed++, count, &clamped);
    const double plain = posterior_variance_of(d, b, false, temperature, lr, seed++, count, nullptr);
    CAPTURE(b, t_sgd, held, plain, exact, stationary(temperature + t_sgd), tolerance);
    REQUIRE(held > 0.0);
    REQUIRE(plain > 0.0);
    // Held: the exact width for every B. At B = 1 the meter pairs consecutive samples, whose
    // estimate is high by a relative lr h (1 + ...) (annealing_sgd.hpp): T_total low by about
    // lr h T_sgd = 0.3% of T here, within the tolerance (3.2%).
    CHECK(std::fabs(held / exact - 1.0) < tolerance);
    CHECK(clamped == 0u);  // T_sgd <= 0.34 < T: never clamped
    // Plain SGLD follows V(T + T_sgd): 32% wider at B = 1, 8% at B = 4, 1% at B = 32.
    CHECK(std::fabs(plain / stationary(temperature + t_sgd) - 1.0) < tolerance);
    if (b <= 4u) CHECK_FALSE(std::fabs(plain / exact - 1.0) < tolerance);  // measurably wider at small B
  }
  // Power check: a meter dividing by B twice would inject T - T_sgd / B. Its chain, run
  // here as plain SGLD at that constant temperature (T_sgd does not depend on theta), comes
  // out 6% wide at B = 4: outside the tolerance.
  const double t_sgd_4 = lr * n * n * d.spread / 8.0;
  const double broken = posterior_variance_of(d, 4u, false, temperature - t_sgd_4 / 4.0, lr, seed++, count, nullptr);
  CAPTURE(broken, exact);
  CHECK_FALSE(std::fabs(broken / exact - 1.0) < tolerance);
}

TEST_CASE("temperature-held SGLD clamps and counts the steps where SGD alone is hotter than the target",
          "[annealing_sgd][sgd_temperature]") {
  const gaussian_data d = make_gaussian_data();
  const double lr = 0.01 / d.precision;
  const double t_sgd = lr * double(observations) * double(observations) * d.spread / 2.0;  // B = 1: ~0.33
  std::uint64_t clamped = 0u;
  // B = 4 (T_sgd ~0.08), target 1% of it: every step is clamped (5000 burn-in + 20000; the
  // first reading of a batch of 4 would have to be below 1% of its mean, a chi-square with
  // 3 degrees of freedom below 0.03: probability 6e-4), and the chain runs at SGD's own
  // temperature.
  const double variance = posterior_variance_of(d, 4u, true, 0.01 * t_sgd / 4.0, lr, 42u, 20000u, &clamped);
  CHECK(variance > 0.0);
  CHECK(clamped == 25000u);
  // Target far above: never clamped.
  CHECK(posterior_variance_of(d, 4u, true, 10.0 * t_sgd, lr, 42u, 20000u, &clamped) > 0.0);
  CHECK(clamped == 0u);
}
