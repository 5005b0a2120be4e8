// Host tests of langevin::annealing_sgd: convergence of GD / SGD / mini-batch SGD on least
// squares and logistic regression, escape from local minima by annealing, SGLD sampling of
// a conjugate Gaussian posterior in both objective conventions, epoch coverage and
// uniformity of the shuffled batches, rejection of non-finite steps, configuration
// statuses, checkpointing and the absence of heap allocations.
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/random/normal.hpp>
#include <langevin/random/uniform.hpp>

#include "allocation_counter.hpp"
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
// Linear least squares: y = w0 + w1 x1 + w2 x2 + noise.

struct regression_sample {
  double x1, x2, y;
};

struct linear_model {
  double operator()(const std::array<double, 3>& w, const regression_sample& s, std::array<double, 3>& g) const {
    const double r = w[0] + w[1] * s.x1 + w[2] * s.x2 - s.y;
    g[0] = r;
    g[1] = r * s.x1;
    g[2] = r * s.x2;
    return 0.5 * r * r;
  }
};

std::vector<regression_sample> make_regression(std::size_t n, std::uint64_t seed) {
  langevin::pcg32 g{seed, 1u};
  std::vector<regression_sample> data(n);
  for (auto& s : data) {
    s.x1 = langevin::uniform<double>(g, -1.0, 1.0);
    s.x2 = langevin::uniform<double>(g, -1.0, 1.0);
    s.y = 0.5 + 2.0 * s.x1 - 1.0 * s.x2 + 0.1 * langevin::normal<double>(g);
  }
  return data;
}

// Solves the 3x3 system a x = b by Gaussian elimination with partial pivoting.
std::array<double, 3> solve3(std::array<std::array<double, 3>, 3> a, std::array<double, 3> b) {
  for (std::size_t c = 0; c < 3; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < 3; ++r) {
      if (std::fabs(a[r][c]) > std::fabs(a[pivot][c])) pivot = r;
    }
    std::swap(a[c], a[pivot]);
    std::swap(b[c], b[pivot]);
    for (std::size_t r = c + 1; r < 3; ++r) {
      const double f = a[r][c] / a[c][c];
      for (std::size_t k = c; k < 3; ++k) a[r][k] -= f * a[c][k];
      b[r] -= f * b[c];
    }
  }
  std::array<double, 3> x{};
  for (std::size_t row = 3; row-- > 0;) {
    const std::size_t r = row;
    double s = b[r];
    for (std::size_t k = r + 1; k < 3; ++k) s -= a[r][k] * x[k];
    x[r] = s / a[r][r];
  }
  return x;
}

// Mean Hessian H = (1/N) sum phi phi^T (phi = (1, x1, x2)) and the normal-equations solution.
struct least_squares_reference {
  std::array<std::array<double, 3>, 3> hessian{};
  std::array<double, 3> solution{};
  std::array<double, 3> gradient_variance{};  // (1/N) sum over samples of g_i,j^2 at the solution
};

least_squares_reference reference_for(const std::vector<regression_sample>& data) {
  least_squares_reference ref;
  std::array<double, 3> rhs{};
  for (const auto& s : data) {
    const double phi[3] = {1.0, s.x1, s.x2};
    for (std::size_t r = 0; r < 3; ++r) {
      for (std::size_t c = 0; c < 3; ++c) ref.hessian[r][c] += phi[r] * phi[c] / double(data.size());
      rhs[r] += phi[r] * s.y / double(data.size());
    }
  }
  ref.solution = solve3(ref.hessian, rhs);
  for (const auto& s : data) {
    std::array<double, 3> g{};
    linear_model{}(ref.solution, s, g);
    for (std::size_t j = 0; j < 3; ++j) ref.gradient_variance[j] += g[j] * g[j] / double(data.size());
  }
  return ref;
}

double max_abs_difference(const std::array<double, 3>& a, const std::array<double, 3>& b) {
  double m = 0.0;
  for (std::size_t j = 0; j < 3; ++j) m = std::max(m, std::fabs(a[j] - b[j]));
  return m;
}

}  // namespace

TEST_CASE("annealing_sgd full-batch GD reaches the normal-equations solution", "[annealing_sgd]") {
  const auto data = make_regression(64, 11u);
  const auto ref = reference_for(data);
  annealing_sgd<double, 3> gd;
  annealing_sgd_options<double> options;
  options.batch_size = data.size();
  options.batches = sampling::in_order;
  // H has eigenvalues near 1, 1/3, 1/3 (x uniform on [-1, 1]); lr = 1 < 2 / lambda_max, so
  // the error contracts at least by (1 - lambda_min) ~ 2/3 per step: 300 steps leave
  // (2/3)^300 ~ 1e-53 of the start error, i.e. only round-off (~1e-15 * cond(H)).
  options.learning_rate = schedule<double>::constant(1.0);
  REQUIRE(gd.init(data.size(), options) == status::ok);
  REQUIRE(gd.place({0.0, 0.0, 0.0}) == status::ok);
  const auto run = gd.run(linear_model{}, span<const regression_sample>(data.data(), data.size()), 300u);
  REQUIRE(run.status == status::ok);
  CHECK(run.steps == 300u);
  CHECK(gd.epochs() == 300u);
  CHECK(max_abs_difference(gd.current(), ref.solution) < 1e-10);
}

TEST_CASE("annealing_sgd SGD and mini-batch SGD with a decaying rate reach the least-squares solution",
          "[annealing_sgd]") {
  const auto data = make_regression(64, 12u);
  const auto ref = reference_for(data);
  const span<const regression_sample> view(data.data(), data.size());
  struct variant {
    std::size_t batch;
    sampling batches;
  };
  for (const variant v : {variant{1u, sampling::without_replacement}, variant{8u, sampling::without_replacement},
                          variant{4u, sampling::with_replacement}}) {
    const std::size_t batch = v.batch;
    annealing_sgd<double, 3, 64> sgd;
    annealing_sgd_options<double> options;
    options.batch_size = batch;
    options.batches = v.batches;
    options.seed = 100u + batch;
    // lr(n) = a / (1 + b n); a * B scales the rate with the batch (linear scaling rule).
    const double a = 0.05 * double(batch);
    const double b = 0.002;
    options.learning_rate = schedule<double>::inverse_time(a / b, 1.0 / b);
    REQUIRE(sgd.init(data.size(), options) == status::ok);
    REQUIRE(sgd.place({-3.0, 3.0, 3.0}) == status::ok);
    const std::uint64_t epochs = 200u;
    const auto run = sgd.run_epochs(linear_model{}, view, epochs);
    REQUIRE(run.status == status::ok);
    const double final_rate = a / (1.0 + b * double(sgd.steps()));
    // Tolerance: at step size eta, SGD with batch B fluctuates around the solution with
    // covariance C solving H C + C H = (eta / B) Sigma (Sigma: per-sample gradient
    // covariance at the solution); H is nearly diagonal here, so the spread of coordinate j
    // is about sqrt(eta Sigma_jj / (2 B H_jj)) with replacement. Sampling without replacement
    // only shrinks it (each epoch's gradient noise sums to zero). The start error decays like
    // (1 + b n)^(-lambda a / b) (below 1e-9 here). Allow 5 standard deviations at the final rate.
    for (std::size_t j = 0; j < 3; ++j) {
      const double spread = std::sqrt(final_rate * ref.gradient_variance[j] / (2.0 * double(batch) * ref.hessian[j][j]));
      CAPTURE(batch, int(v.batches), j, spread, sgd.current()[j], ref.solution[j]);
      CHECK(std::fabs(sgd.current()[j] - ref.solution[j]) < 5.0 * spread);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Logistic regression on a linearly separable rule with 5% of the labels flipped.

namespace {

struct labelled_point {
  double x1, x2;
  double label;  // -1 or +1
};

// Per-sample loss log(1 + exp(-label * z)), z = w0 + w1 x1 + w2 x2, computed stably.
struct logistic_model {
  double operator()(const std::array<double, 3>& w, const labelled_point& s, std::array<double, 3>& g) const {
    const double margin = s.label * (w[0] + w[1] * s.x1 + w[2] * s.x2);
    const double loss = margin > 0 ? std::log1p(std::exp(-margin)) : -margin + std::log1p(std::exp(margin));
    const double sigma_neg = margin > 0 ? std::exp(-margin) / (1.0 + std::exp(-margin)) : 1.0 / (1.0 + std::exp(margin));
    const double d = -s.label * sigma_neg;  // d loss / d z
    g[0] = d;
    g[1] = d * s.x1;
    g[2] = d * s.x2;
    return loss;
  }
};

std::vector<labelled_point> make_classification(std::size_t n, std::uint64_t seed) {
  langevin::pcg32 g{seed, 2u};
  std::vector<labelled_point> data(n);
  for (auto& s : data) {
    s.x1 = langevin::normal<double>(g);
    s.x2 = langevin::normal<double>(g);
    s.label = 1.5 * s.x1 - s.x2 + 0.3 > 0 ? 1.0 : -1.0;
    if (langevin::uniform<double>(g) < 0.05) s.label = -s.label;
  }
  return data;
}

double accuracy(const std::vector<labelled_point>& data, const std::array<double, 3>& w) {
  std::size_t right = 0;
  for (const auto& s : data) right += (s.label * (w[0] + w[1] * s.x1 + w[2] * s.x2) > 0) ? 1u : 0u;
  return double(right) / double(data.size());
}

}  // namespace

TEST_CASE("annealing_sgd mini-batch SGD fits a logistic regression to the loss and accuracy of the optimum",
          "[annealing_sgd]") {
  const auto data = make_classification(400, 21u);
  const span<const labelled_point> view(data.data(), data.size());
  // Reference optimum by Newton's method on the mean loss (converges quadratically).
  std::array<double, 3> optimum{};
  for (int iteration = 0; iteration < 50; ++iteration) {
    std::array<std::array<double, 3>, 3> h{};
    std::array<double, 3> grad{};
    for (const auto& s : data) {
      const double phi[3] = {1.0, s.x1, s.x2};
      const double z = optimum[0] + optimum[1] * s.x1 + optimum[2] * s.x2;
      const double p = 1.0 / (1.0 + std::exp(-z));
      const double y01 = s.label > 0 ? 1.0 : 0.0;
      for (std::size_t r = 0; r < 3; ++r) {
        grad[r] += (p - y01) * phi[r] / double(data.size());
        for (std::size_t c = 0; c < 3; ++c) h[r][c] += p * (1.0 - p) * phi[r] * phi[c] / double(data.size());
      }
    }
    const auto delta = solve3(h, grad);
    for (std::size_t j = 0; j < 3; ++j) optimum[j] -= delta[j];
  }
  std::array<double, 3> scratch{};
  const double optimal_loss = langevin::full_objective(logistic_model{}, view, optimum, scratch);
  REQUIRE(std::fabs(scratch[0]) + std::fabs(scratch[1]) + std::fabs(scratch[2]) < 1e-12);
  const double optimal_accuracy = accuracy(data, optimum);
  REQUIRE(optimal_accuracy > 0.9);

  // Per-sample gradient variance at the optimum, for the tolerance below.
  double gradient_variance_trace = 0.0;
  for (const auto& s : data) {
    std::array<double, 3> g{};
    logistic_model{}(optimum, s, g);
    gradient_variance_trace += (g[0] * g[0] + g[1] * g[1] + g[2] * g[2]) / double(data.size());
  }

  annealing_sgd<double, 3, 400> sgd;
  annealing_sgd_options<double> options;
  options.batch_size = 10u;
  options.batches = sampling::without_replacement;
  options.seed = 5u;
  options.momentum = 0.5;
  options.learning_rate = schedule<double>::inverse_time(500.0, 1000.0);  // 0.5 / (1 + n / 1000)
  REQUIRE(sgd.init(data.size(), options) == status::ok);
  REQUIRE(sgd.place({0.0, 0.0, 0.0}) == status::ok);
  REQUIRE(sgd.run_epochs(logistic_model{}, view, 300u).status == status::ok);
  const double final_rate = 0.5 / (1.0 + 0.001 * double(sgd.steps())) / (1.0 - options.momentum);
  const double loss = langevin::full_objective(logistic_model{}, view, sgd.current(), scratch);
  // Excess loss of SGD at effective step eta (momentum mu: eta = lr / (1 - mu)):
  // E[L - L*] = tr(H C) / 2 with H C + C H = (eta / B) Sigma, i.e. eta tr(Sigma) / (4 B).
  // Allow 10 times that (a chi-square-like quantity: its mean is the bound's tenth).
  const double excess_bound = 10.0 * final_rate * gradient_variance_trace / (4.0 * 10.0);
  CAPTURE(optimal_loss, loss, excess_bound, optimal_accuracy);
  CHECK(loss - optimal_loss < excess_bound);
  CHECK(loss >= optimal_loss - 1e-12);
  // Accuracy: within 1% (4 of 400 points) of the optimum's.
  CHECK(accuracy(data, sgd.current()) >= optimal_accuracy - 0.01);
}

// ---------------------------------------------------------------------------------------
// Non-convex: the frequency and phase of a sinusoid. L(omega) has a local minimum every
// ~2 pi / t_max in omega; a weak prior kappa omega^2 / 2 on the whole data set keeps the
// chain from drifting to ever higher (aliased) frequencies at high temperature.

namespace {

struct timed_value {
  double t, y;
};

constexpr double kappa = 0.5;
constexpr std::size_t sinusoid_samples = 50;

struct sinusoid_model {
  double operator()(const std::array<double, 2>& w, const timed_value& s, std::array<double, 2>& g) const {
    const double phase = w[0] * s.t + w[1];
    const double r = std::sin(phase) - s.y;
    const double c = std::cos(phase);
    const double prior = kappa / double(sinusoid_samples);
    g[0] = r * c * s.t + prior * w[0];
    g[1] = r * c;
    return 0.5 * r * r + 0.5 * prior * w[0] * w[0];
  }
};

std::vector<timed_value> make_sinusoid() {
  std::vector<timed_value> data(sinusoid_samples);
  for (std::size_t i = 0; i < data.size(); ++i) {
    data[i].t = 10.0 * double(i) / double(data.size());
    data[i].y = std::sin(2.0 * data[i].t + 0.5);
  }
  return data;
}

// |omega| near the global minimizer (the fit is symmetric under (omega, phi) -> (-omega, pi - phi)).
bool at_global_minimum(const std::array<double, 2>& w, double omega_star) {
  return std::fabs(std::fabs(w[0]) - omega_star) < 0.05;
}

}  // namespace

TEST_CASE("annealing_sgd: GD stays in a local minimum of a sinusoid fit, annealed SGD finds the global one",
          "[annealing_sgd][slow]") {
  const auto data = make_sinusoid();
  const span<const timed_value> view(data.data(), data.size());
  const std::array<double, 2> bad_start{0.6, 0.0};

  // The global minimizer, by gradient descent from the true parameters (the prior moves it
  // slightly off omega = 2).
  annealing_sgd<double, 2> gd;
  annealing_sgd_options<double> options;
  options.batch_size = data.size();
  options.batches = sampling::in_order;
  options.learning_rate = schedule<double>::constant(0.05);
  REQUIRE(gd.init(data.size(), options) == status::ok);
  REQUIRE(gd.place({2.0, 0.5}) == status::ok);
  REQUIRE(gd.run(sinusoid_model{}, view, 20000u).status == status::ok);
  const std::array<double, 2> global = gd.current();
  std::array<double, 2> scratch{};
  const double global_loss = langevin::full_objective(sinusoid_model{}, view, global, scratch);
  REQUIRE(std::fabs(global[0] - 2.0) < 0.05);

  // Plain full-batch GD from the bad start converges, but to a local minimum (omega ~ 0.47).
  REQUIRE(gd.init(data.size(), options) == status::ok);
  REQUIRE(gd.place(bad_start) == status::ok);
  REQUIRE(gd.run(sinusoid_model{}, view, 20000u).status == status::ok);
  const double local_loss = langevin::full_objective(sinusoid_model{}, view, gd.current(), scratch);
  CHECK_FALSE(at_global_minimum(gd.current(), global[0]));
  CHECK(scratch[0] * scratch[0] + scratch[1] * scratch[1] < 1e-12);  // a stationary point
  CHECK(local_loss > global_loss + 0.1);

  // Annealed SGD (mini-batches of 10, injected noise cooled geometrically from T = 5, in
  // units of U = sum of the per-sample losses, to 5e-4) from the same bad start, 100 seeds.
  // Same learning rate and batches without the injected noise, for comparison (25 seeds).
  int annealed_successes = 0;
  int noiseless_successes = 0;
  for (std::uint64_t seed = 0; seed < 100u; ++seed) {
    for (const bool annealed : {true, false}) {
      if (!annealed && seed >= 25u) continue;
      annealing_sgd<double, 2, sinusoid_samples> sgd;
      annealing_sgd_options<double> o;
      o.batch_size = 10u;
      o.batches = sampling::without_replacement;
      o.seed = seed;
      o.learning_rate = schedule<double>::constant(0.05);
      o.temperature = annealed ? schedule<double>::geometric(5.0, 0.99979) : schedule<double>::constant(0.0);
      REQUIRE(sgd.init(data.size(), o) == status::ok);
      REQUIRE(sgd.place(bad_start) == status::ok);
      REQUIRE(sgd.run(sinusoid_model{}, view, 40000u).status == status::ok);
      if (at_global_minimum(sgd.current(), global[0])) ++(annealed ? annealed_successes : noiseless_successes);
    }
  }
  CAPTURE(annealed_successes, noiseless_successes);
  CHECK(annealed_successes >= 90);
  // The landscape is genuinely hard: the mini-batch noise alone does not suffice
  // (9 of 25 when measured).
  CHECK(noiseless_successes < 15);
}

// ---------------------------------------------------------------------------------------
// SGLD on a conjugate Gaussian model: y_i ~ N(theta, 1), prior theta ~ N(0, tau^2).

namespace {

struct observation {
  double y;
};

constexpr double prior_variance = 4.0;
constexpr std::size_t gaussian_samples = 20;

// Per-sample potential: -log p(y_i | theta) - log p(theta) / N (up to constants), so that the
// sum over the data set is the posterior potential U.
struct gaussian_model {
  double operator()(const std::array<double, 1>& w, const observation& s, std::array<double, 1>& g) const {
    const double r = w[0] - s.y;
    const double prior = 1.0 / (prior_variance * double(gaussian_samples));
    g[0] = r + prior * w[0];
    return 0.5 * r * r + 0.5 * prior * w[0] * w[0];
  }
};

// Stationary mean-zero linear process s' = A s + w (s = (theta - m, velocity)), Cov w = q 1 1^T.
// Returns the stationary variance of theta and the standard errors of the sample mean and
// sample variance of theta over `count` consecutive steps (Gaussian process formulas from
// the exact autocovariance gamma(k) = (A^k Sigma)_00: Var(mean) = (gamma0 + 2 sum gamma_k) / K,
// Var(sample variance) = 2 (gamma0^2 + 2 sum gamma_k^2) / K).
struct chain_theory {
  double variance;
  double mean_error;
  double variance_error;
};

chain_theory linear_chain_theory(double a00, double a01, double a10, double a11, double q, double count) {
  double s00 = 0, s01 = 0, s11 = 0;
  for (int i = 0; i < 200000; ++i) {
    const double n00 = a00 * a00 * s00 + 2 * a00 * a01 * s01 + a01 * a01 * s11 + q;
    const double n01 = a00 * a10 * s00 + (a00 * a11 + a01 * a10) * s01 + a01 * a11 * s11 + q;
    const double n11 = a10 * a10 * s00 + 2 * a10 * a11 * s01 + a11 * a11 * s11 + q;
    s00 = n00;
    s01 = n01;
    s11 = n11;
  }
  // gamma(k) = first row of A^k times Sigma's first column.
  double r0 = 1, r1 = 0;  // first row of A^k
  double sum_gamma = 0, sum_gamma2 = 0;
  const double gamma0 = s00;
  for (int k = 1; k < 200000; ++k) {
    const double n0 = r0 * a00 + r1 * a10;
    const double n1 = r0 * a01 + r1 * a11;
    r0 = n0;
    r1 = n1;
    const double gamma = r0 * s00 + r1 * s01;
    sum_gamma += gamma;
    sum_gamma2 += gamma * gamma;
  }
  return {gamma0, std::sqrt((gamma0 + 2 * sum_gamma) / count),
          std::sqrt(2 * (gamma0 * gamma0 + 2 * sum_gamma2) / count)};
}

}  // namespace

TEST_CASE("annealing_sgd SGLD samples the posterior of a conjugate Gaussian model in both conventions",
          "[annealing_sgd][slow]") {
  std::vector<observation> data(gaussian_samples);
  langevin::pcg32 g{77u, 3u};
  for (auto& s : data) s.y = 1.0 + langevin::normal<double>(g);
  const span<const observation> view(data.data(), data.size());
  const double n = double(data.size());
  double sum_y = 0, sum_y2 = 0;
  for (const auto& s : data) {
    sum_y += s.y;
    sum_y2 += s.y * s.y;
  }
  // Closed-form posterior: precision h = N + 1/tau^2, mean sum(y) / h, variance T / h at T = 1.
  const double h = n + 1.0 / prior_variance;
  const double posterior_mean = sum_y / h;
  const double posterior_variance = 1.0 / h;
  const double spread_y = sum_y2 / n - (sum_y / n) * (sum_y / n);  // population variance of y

  const double eta = 0.001;  // sum-convention time step: eta h = 0.02
  const std::size_t batch = 10u;
  const std::uint64_t burn_in = 5000u;
  const std::uint64_t count = 2000000u;

  struct variant {
    objective_scale objective;
    double learning_rate;
    double momentum;
    langevin::preconditioning preconditioner;
    double gain;  // the fixed preconditioner's G
  };
  // The mean convention with lr = N eta is the same dynamics (gradient / N, noise
  // sqrt(2 lr T / N)); with momentum mu the step is SGHMC with friction 1 - mu. A
  // preconditioner G makes the step lr G in drift and noise alike, so the chain is the
  // plain one with time step lr G: a fixed G = 1/4 with lr = 4 eta, and RMSprop with its V
  // frozen after the burn-in (then G is constant; the time step is lr G with the G read
  // back, lr chosen so that lr G is near eta).
  const variant variants[] = {
      {objective_scale::sum, eta, 0.0, langevin::preconditioning::none, 1.0},
      {objective_scale::mean, eta * n, 0.0, langevin::preconditioning::none, 1.0},
      {objective_scale::sum, eta * 0.1, 0.9, langevin::preconditioning::none, 1.0},
      {objective_scale::sum, eta * 4.0, 0.0, langevin::preconditioning::fixed, 0.25},
      {objective_scale::sum, eta * 4.0, 0.0, langevin::preconditioning::rmsprop, 1.0},
  };
  for (const variant& v : variants) {
    annealing_sgd<double, 1> sgld;
    annealing_sgd_options<double> options;
    options.batch_size = batch;
    options.batches = sampling::with_replacement;
    options.objective = v.objective;
    options.momentum = v.momentum;
    options.learning_rate = schedule<double>::constant(v.learning_rate);
    options.temperature = schedule<double>::constant(1.0);
    options.seed = 2024u;
    options.preconditioner = v.preconditioner;
    options.rmsprop_adapt_steps = burn_in;
    REQUIRE(sgld.init(data.size(), options) == status::ok);
    if (v.preconditioner == langevin::preconditioning::fixed) REQUIRE(sgld.set_preconditioner({v.gain}) == status::ok);
    REQUIRE(sgld.place({posterior_mean}) == status::ok);
    REQUIRE(sgld.run(gaussian_model{}, view, burn_in).status == status::ok);
    const double gain = sgld.preconditioner(0u);
    double mean = 0, m2 = 0;
    bool all_ok = true;
    for (std::uint64_t k = 1; k <= count; ++k) {
      all_ok = all_ok && sgld.step(gaussian_model{}, view).status == status::ok;
      const double x = sgld.current()[0];
      const double d = x - mean;
      mean += d / double(k);
      m2 += d * (x - mean);
    }
    REQUIRE(all_ok);
    const double variance = m2 / double(count - 1u);

    // Exact stationary law of this linear chain (sum-convention units): with the batch
    // gradient h (theta - m) + eps, eps the with-replacement batch noise of variance
    // N^2 s_y^2 / B, and a = sqrt(2 eta' T (1 - mu)) with eta' the sum-convention step:
    //   v' = mu v - eta' h e - eta' eps + a xi,   e' = e + v'.
    const double step = (v.objective == objective_scale::mean ? v.learning_rate / n : v.learning_rate) * gain;
    const double q = step * step * n * n * spread_y / double(batch) + 2.0 * step * (1.0 - v.momentum);
    const chain_theory theory =
        linear_chain_theory(1.0 - step * h, v.momentum, -step * h, v.momentum, q, double(count));
    CAPTURE(int(v.objective), v.momentum, int(v.preconditioner), gain, mean, posterior_mean, variance, theory.variance, posterior_variance,
            theory.mean_error, theory.variance_error);
    // 4.5 standard errors of the Monte Carlo estimates around the chain's exact law ...
    CHECK(std::fabs(mean - posterior_mean) < 4.5 * theory.mean_error);
    CHECK(std::fabs(variance - theory.variance) < 4.5 * theory.variance_error);
    // ... which differs from the posterior only by the O(eta) discretization and
    // mini-batch terms (here a few percent, computed, not assumed).
    CHECK(std::fabs(variance - posterior_variance) <
          std::fabs(theory.variance - posterior_variance) + 4.5 * theory.variance_error);
    CHECK(std::fabs(theory.variance - posterior_variance) < 0.1 * posterior_variance);
  }

  // Power check for the preconditioned variants: a preconditioner that scaled the drift by G
  // but left the noise unscaled would be the plain chain with time step lr G at temperature
  // T / G (noise sqrt(2 lr G (T / G)) = sqrt(2 lr T)). Run exactly that for G = 1/4 and
  // apply the variance check above: it must fail (the variance is about 4 times the
  // chain's at T = 1), so the check sees a wrongly scaled noise.
  {
    annealing_sgd<double, 1> broken;
    annealing_sgd_options<double> options;
    options.batch_size = batch;
    options.objective = objective_scale::sum;
    options.learning_rate = schedule<double>::constant(eta * 4.0 * 0.25);
    options.temperature = schedule<double>::constant(1.0 / 0.25);
    options.seed = 2024u;
    REQUIRE(broken.init(data.size(), options) == status::ok);
    REQUIRE(broken.place({posterior_mean}) == status::ok);
    REQUIRE(broken.run(gaussian_model{}, view, burn_in).status == status::ok);
    double mean = 0, m2 = 0;
    const std::uint64_t short_count = count / 4u;
    for (std::uint64_t k = 1; k <= short_count; ++k) {
      REQUIRE(broken.step(gaussian_model{}, view).status == status::ok);
      const double x = broken.current()[0];
      const double d = x - mean;
      mean += d / double(k);
      m2 += d * (x - mean);
    }
    const double variance = m2 / double(short_count - 1u);
    const double step = eta;
    const double q = step * step * n * n * spread_y / double(batch) + 2.0 * step;
    const chain_theory theory = linear_chain_theory(1.0 - step * h, 0.0, -step * h, 0.0, q, double(short_count));
    CAPTURE(variance, theory.variance, theory.variance_error);
    CHECK(std::fabs(variance - theory.variance) > 4.5 * theory.variance_error);
  }
}

// ---------------------------------------------------------------------------------------
// Batches.

namespace {

struct tagged {
  std::uint32_t id;
};

struct counting_model {
  std::uint32_t* counts;
  double operator()(const std::array<double, 1>&, const tagged& s, std::array<double, 1>& g) const {
    ++counts[s.id];
    g[0] = 0.0;
    return 0.0;
  }
};

}  // namespace

TEST_CASE("annealing_sgd without replacement visits every sample exactly once per epoch", "[annealing_sgd]") {
  constexpr std::size_t n = 37;  // not a multiple of the batch size
  std::array<tagged, n> data{};
  for (std::uint32_t i = 0; i < n; ++i) data[i].id = i;
  const span<const tagged> view(data.data(), n);
  for (std::size_t batch : {std::size_t{1}, std::size_t{5}, std::size_t{36}, std::size_t{37}}) {
    annealing_sgd<double, 1, 64> sgd;
    annealing_sgd_options<double> options;
    options.batch_size = batch;
    options.batches = sampling::without_replacement;
    options.seed = 9u + batch;
    options.temperature = schedule<double>::constant(0.5);  // noise draws interleave with the shuffle
    REQUIRE(sgd.init(n, options) == status::ok);
    REQUIRE(sgd.place({0.0}) == status::ok);
    const std::size_t per_epoch = (n + batch - 1) / batch;
    for (int epoch = 0; epoch < 4; ++epoch) {
      std::array<std::uint32_t, n> counts{};
      const counting_model model{counts.data()};
      for (std::size_t k = 0; k < per_epoch; ++k) {
        const std::size_t expected_size = k + 1 < per_epoch ? batch : n - batch * (per_epoch - 1);
        CHECK(sgd.sampler().next_batch_size() == expected_size);
        REQUIRE(sgd.step(model, view).status == status::ok);
      }
      CHECK(sgd.epochs() == std::uint64_t(epoch + 1));
      for (std::uint32_t c : counts) CHECK(c == 1u);
    }
  }
}

TEST_CASE("batch_sampler shuffled epochs are uniformly random permutations", "[annealing_sgd]") {
  // N = 4: 24 orders. 48000 epochs give 2000 per order; Pearson's chi-square with 23
  // degrees of freedom has mean 23 and standard deviation 6.8; 60 is exceeded with
  // probability ~4e-5. (A naive shuffle that swaps with bounded(N) at every position gives
  // chi-square in the thousands.)
  langevin::batch_sampler<4> sampler;
  REQUIRE(sampler.init(4u, 3u, sampling::without_replacement) == status::ok);
  langevin::pcg32 g{123u, 4u};
  std::array<std::uint32_t, 256> histogram{};
  const int epochs = 48000;
  for (int e = 0; e < epochs; ++e) {
    unsigned code = 0;
    do {
      sampler.draw(g, [&](std::size_t i) { code = code * 4u + unsigned(i); });
    } while (sampler.position() != 0u);
    ++histogram[code];
  }
  std::uint32_t distinct = 0;
  double chi2 = 0.0;
  const double expected = epochs / 24.0;
  for (std::uint32_t c : histogram) {
    if (c == 0u) continue;
    ++distinct;
    chi2 += (c - expected) * (c - expected) / expected;
  }
  CHECK(distinct == 24u);
  CHECK(chi2 < 60.0);
}

TEST_CASE("batch_sampler draws with any 32- or 64-bit UniformRandomBitGenerator", "[annealing_sgd]") {
  // std::mt19937 (32-bit words) and std::mt19937_64 (64-bit words): every epoch without
  // replacement still visits each of the N samples once, and indices stay below N.
  std::mt19937 g32{7u};
  std::mt19937_64 g64{9u};
  for (int generator = 0; generator < 2; ++generator) {
    langevin::batch_sampler<32> sampler;
    REQUIRE(sampler.init(29u, 4u, sampling::without_replacement) == status::ok);
    for (int epoch = 0; epoch < 5; ++epoch) {
      std::array<int, 29> visits{};
      do {
        const auto visit = [&](std::size_t i) { ++visits[i]; };
        if (generator == 0) {
          sampler.draw(g32, visit);
        } else {
          sampler.draw(g64, visit);
        }
      } while (sampler.position() != 0u);
      for (const int v : visits) CHECK(v == 1);
    }
    langevin::batch_sampler<0> with;
    REQUIRE(with.init(29u, 3u, sampling::with_replacement) == status::ok);
    for (std::size_t k = 0; k < 3u; ++k) CHECK((generator == 0 ? with.pick(g32, k) : with.pick(g64, k)) < 29u);
  }
}

TEST_CASE("batch_sampler with replacement draws every sample with equal probability", "[annealing_sgd]") {
  // 10 samples, 200000 draws: chi-square with 9 degrees of freedom (mean 9, sd 4.2);
  // 35 is exceeded with probability ~6e-5.
  langevin::batch_sampler<0> sampler;
  REQUIRE(sampler.init(10u, 4u, sampling::with_replacement) == status::ok);
  langevin::pcg32 g{5u, 6u};
  std::array<double, 10> counts{};
  for (int k = 0; k < 50000; ++k) {
    CHECK(sampler.draw(g, [&](std::size_t i) { counts[i] += 1.0; }) == 4u);
  }
  double chi2 = 0.0;
  for (double c : counts) chi2 += (c - 20000.0) * (c - 20000.0) / 20000.0;
  CHECK(chi2 < 35.0);
  CHECK(sampler.epochs() == 50000u / 3u);  // ceil(10 / 4) = 3 batches per epoch
}

// ---------------------------------------------------------------------------------------
// Conventions, clipping, best tracking, checkpoints.

TEST_CASE("annealing_sgd sum convention with lr / N retraces the mean convention, noise included",
          "[annealing_sgd]") {
  const auto data = make_regression(48, 31u);
  const span<const regression_sample> view(data.data(), data.size());
  annealing_sgd<double, 3, 48> mean_sgd;
  annealing_sgd<double, 3, 48> sum_sgd;
  annealing_sgd_options<double> options;
  options.batch_size = 4u;
  options.batches = sampling::without_replacement;
  options.seed = 8u;
  options.momentum = 0.3;
  options.learning_rate = schedule<double>::constant(0.1);
  options.temperature = schedule<double>::constant(0.2);
  REQUIRE(mean_sgd.init(data.size(), options) == status::ok);
  REQUIRE(mean_sgd.place({0.0, 0.0, 0.0}) == status::ok);
  options.objective = objective_scale::sum;
  options.learning_rate = schedule<double>::constant(0.1 / double(data.size()));
  REQUIRE(sum_sgd.init(data.size(), options) == status::ok);
  REQUIRE(sum_sgd.place({0.0, 0.0, 0.0}) == status::ok);
  for (int k = 0; k < 500; ++k) {
    const auto a = mean_sgd.step(linear_model{}, view);
    const auto b = sum_sgd.step(linear_model{}, view);
    REQUIRE(a.status == status::ok);
    REQUIRE(b.status == status::ok);
    // Reported losses: batch mean versus N / b times the batch sum.
    CHECK(std::fabs(b.value - a.value * double(data.size())) <= 1e-12 * std::fabs(b.value));
  }
  // Same random draws, same dynamics: only round-off separates the two (the chain is
  // contracting, so errors do not grow).
  CHECK(max_abs_difference(mean_sgd.current(), sum_sgd.current()) < 1e-12);
  CHECK(mean_sgd.generator() == sum_sgd.generator());
}

TEST_CASE("annealing_sgd clipping bounds every step by lr times the clipping norm", "[annealing_sgd]") {
  const auto data = make_regression(32, 41u);
  const span<const regression_sample> view(data.data(), data.size());
  annealing_sgd<double, 3, 32> sgd;
  annealing_sgd_options<double> options;
  options.batch_size = 4u;
  options.batches = sampling::without_replacement;
  options.learning_rate = schedule<double>::constant(0.5);
  options.max_gradient_norm = 0.25;
  REQUIRE(sgd.init(data.size(), options) == status::ok);
  REQUIRE(sgd.place({40.0, -40.0, 40.0}) == status::ok);
  int clipped = 0;
  for (int k = 0; k < 200; ++k) {
    const auto before = sgd.current();
    REQUIRE(sgd.step(linear_model{}, view).status == status::ok);
    double squared = 0;
    for (std::size_t j = 0; j < 3; ++j) squared += (sgd.current()[j] - before[j]) * (sgd.current()[j] - before[j]);
    CHECK(std::sqrt(squared) <= 0.5 * 0.25 * (1.0 + 1e-12));
    if (std::sqrt(squared) > 0.5 * 0.25 * (1.0 - 1e-9)) ++clipped;
  }
  CHECK(clipped > 150);  // far from the solution the gradient is large: most steps are clipped
}

TEST_CASE("annealing_sgd tracks the best parameters and their exact loss in full-batch mode", "[annealing_sgd]") {
  const auto data = make_regression(32, 51u);
  const span<const regression_sample> view(data.data(), data.size());
  annealing_sgd<double, 3> sgd;
  annealing_sgd_options<double> options;
  options.batch_size = data.size();
  options.batches = sampling::in_order;
  options.learning_rate = schedule<double>::constant(0.3);
  options.temperature = schedule<double>::constant(0.05);  // noisy: the loss is not monotonic
  options.track_best = true;
  options.seed = 3u;
  REQUIRE(sgd.init(data.size(), options) == status::ok);
  REQUIRE(sgd.place({1.0, 1.0, 1.0}) == status::ok);
  double lowest = std::numeric_limits<double>::infinity();
  for (int k = 0; k < 300; ++k) {
    const auto r = sgd.step(linear_model{}, view);
    REQUIRE(r.status == status::ok);
    lowest = std::min(lowest, r.value);
  }
  CHECK(sgd.best_value() == lowest);
  std::array<double, 3> g{};
  CHECK(langevin::full_objective(linear_model{}, view, sgd.best(), g) == sgd.best_value());
  CHECK(sgd.best() != sgd.current());
}

TEST_CASE("annealing_sgd state is checkpointed by copying its bytes", "[annealing_sgd]") {
  static_assert(std::is_trivially_copyable<annealing_sgd<double, 3, 64>>::value, "checkpointable");
  static_assert(std::is_trivially_copyable<annealing_sgd<float, 2, 1000>>::value, "checkpointable");
  const auto data = make_regression(40, 61u);
  const span<const regression_sample> view(data.data(), data.size());
  annealing_sgd<double, 3, 64> sgd;
  annealing_sgd_options<double> options;
  options.batch_size = 3u;
  options.batches = sampling::without_replacement;
  options.momentum = 0.2;
  options.temperature = schedule<double>::constant(0.1);
  options.track_best = true;
  REQUIRE(sgd.init(data.size(), options) == status::ok);
  REQUIRE(sgd.place({0.0, 0.0, 0.0}) == status::ok);
  REQUIRE(sgd.run(linear_model{}, view, 17u).status == status::ok);  // mid-epoch
  unsigned char blob[sizeof(sgd)];
  std::memcpy(blob, &sgd, sizeof(sgd));
  annealing_sgd<double, 3, 64> restored;
  std::memcpy(&restored, blob, sizeof(restored));
  REQUIRE(sgd.run(linear_model{}, view, 100u).status == status::ok);
  REQUIRE(restored.run(linear_model{}, view, 100u).status == status::ok);
  CHECK(std::memcmp(&sgd, &restored, sizeof(sgd)) == 0);
}

TEST_CASE("annealing_sgd place() restarts the run at a point; init() keeps the point placed before it",
          "[annealing_sgd]") {
  const auto data = make_regression(40, 62u);
  const span<const regression_sample> view(data.data(), data.size());
  annealing_sgd<double, 3, 64> sgd;
  annealing_sgd_options<double> options;
  options.batch_size = 3u;
  options.batches = sampling::without_replacement;
  options.momentum = 0.5;
  options.temperature = schedule<double>::constant(0.1);
  options.track_best = true;
  const std::array<double, 3> start{1.0, 2.0, 3.0};
  const std::array<double, 3> zero{};
  REQUIRE(sgd.place(start) == status::ok);  // before init: the start point init() keeps
  REQUIRE(sgd.init(data.size(), options) == status::ok);
  CHECK(sgd.current() == start);
  CHECK(sgd.best() == start);
  CHECK(sgd.velocity() == zero);
  CHECK(sgd.best_value() == std::numeric_limits<double>::infinity());
  REQUIRE(sgd.run(linear_model{}, view, 7u).status == status::ok);  // mid-epoch, moving
  REQUIRE(sgd.velocity() != zero);
  REQUIRE(sgd.best_value() < std::numeric_limits<double>::infinity());
  const langevin::pcg32 generator = sgd.generator();
  const std::array<double, 3> elsewhere{0.5, -0.5, 0.25};
  REQUIRE(sgd.place(elsewhere) == status::ok);
  CHECK(sgd.current() == elsewhere);
  CHECK(sgd.best() == elsewhere);
  CHECK(sgd.velocity() == zero);
  CHECK(sgd.best_value() == std::numeric_limits<double>::infinity());
  CHECK(sgd.steps() == 0u);
  CHECK(sgd.epochs() == 0u);
  CHECK(sgd.sampler().position() == 0u);
  CHECK(sgd.generator() == generator);  // the random stream continues
  // A full epoch from the restart visits every sample once.
  REQUIRE(sgd.run_epochs(linear_model{}, view, 1u).status == status::ok);
  CHECK(sgd.steps() == (data.size() + 2u) / 3u);
}

// ---------------------------------------------------------------------------------------
// Failures.

namespace {

struct poisoned_model {
  std::uint32_t poisoned_id;
  bool poison_gradient_only;
  double operator()(const std::array<double, 1>& w, const tagged& s, std::array<double, 1>& g) const {
    if (s.id == poisoned_id) {
      g[0] = poison_gradient_only ? std::numeric_limits<double>::infinity() : 0.0;
      return poison_gradient_only ? 1.0 : std::numeric_limits<double>::quiet_NaN();
    }
    g[0] = w[0] - 1.0;
    return 0.5 * (w[0] - 1.0) * (w[0] - 1.0);
  }
};

}  // namespace

TEST_CASE("annealing_sgd rejects a step with a non-finite loss, gradient or update", "[annealing_sgd]") {
  std::array<tagged, 6> data{};
  for (std::uint32_t i = 0; i < 6; ++i) data[i].id = i;
  const span<const tagged> view(data.data(), data.size());
  for (const bool gradient_only : {false, true}) {
    annealing_sgd<double, 1> sgd;
    annealing_sgd_options<double> options;
    options.batches = sampling::in_order;
    options.momentum = 0.5;
    options.learning_rate = schedule<double>::constant(0.1);
    REQUIRE(sgd.init(data.size(), options) == status::ok);
    REQUIRE(sgd.place({0.0}) == status::ok);
    const poisoned_model model{3u, gradient_only};
    for (std::size_t k = 0; k < 3; ++k) REQUIRE(sgd.step(model, view).status == status::ok);
    const auto parameters = sgd.current();
    const auto velocity = sgd.velocity();
    const auto result = sgd.step(model, view);  // sample 3
    CHECK(result.status == status::non_finite);
    CHECK(sgd.current() == parameters);
    CHECK(sgd.velocity() == velocity);
    CHECK(sgd.rejected_steps() == 1u);
    CHECK(sgd.steps() == 4u);                                   // the batch is consumed
    CHECK(sgd.step(model, view).status == status::ok);          // sample 4
    CHECK(sgd.current() != parameters);
  }
  // An update that overflows: lr so large that theta becomes infinite.
  annealing_sgd<double, 1> sgd;
  annealing_sgd_options<double> options;
  options.batches = sampling::in_order;
  options.learning_rate = schedule<double>::constant(1e308);
  REQUIRE(sgd.init(data.size(), options) == status::ok);
  REQUIRE(sgd.place({1e10}) == status::ok);
  const poisoned_model model{99u, false};
  CHECK(sgd.step(model, view).status == status::non_finite);
  CHECK(sgd.current()[0] == 1e10);
}

TEST_CASE("annealing_sgd reports invalid configurations before any work", "[annealing_sgd]") {
  std::array<tagged, 8> data{};
  const span<const tagged> view(data.data(), data.size());
  annealing_sgd<double, 1, 4> sgd;
  const counting_model unused{nullptr};
  CHECK(sgd.step(unused, view).status == status::invalid_argument);  // not initialized
  CHECK(sgd.run_epochs(unused, view, 1u).status == status::invalid_argument);

  annealing_sgd_options<double> good;
  good.batches = sampling::with_replacement;
  REQUIRE(sgd.init(8u, good) == status::ok);
  REQUIRE(sgd.place({0.5}) == status::ok);
  unsigned char before[sizeof(sgd)];
  std::memcpy(before, &sgd, sizeof(sgd));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();

  // Each bad option: init() returns invalid_argument exactly when validate(N) names a
  // field, that field is the one changed, and the optimizer is unchanged.
  int case_number = 0;
  auto expect = [&](annealing_sgd_options<double> options, std::size_t n, langevin::field wrong, status s) {
    ++case_number;
    CAPTURE(case_number, langevin::to_string(wrong));
    CHECK(options.validate(n) == wrong);
    CHECK(sgd.init(n, options) == s);
    CHECK(std::memcmp(before, &sgd, sizeof(sgd)) == 0);
  };
  auto with = [&](auto change) {
    annealing_sgd_options<double> o = good;
    change(o);
    return o;
  };
  using langevin::field;
  const status bad = status::invalid_argument;
  expect(good, 0u, field::sample_count, bad);  // N = 0
  expect(with([](auto& o) { o.batch_size = 0u; }), 8u, field::batch_size, bad);
  expect(with([](auto& o) { o.batch_size = 9u; }), 8u, field::batch_size, bad);
  expect(with([](auto& o) { o.learning_rate = schedule<double>::constant(0.0); }), 8u, field::learning_rate, bad);
  expect(with([](auto& o) { o.learning_rate = schedule<double>::constant(-0.1); }), 8u, field::learning_rate, bad);
  expect(with([&](auto& o) { o.learning_rate = schedule<double>::constant(nan); }), 8u, field::learning_rate, bad);
  expect(with([](auto& o) { o.learning_rate = schedule<double>::logarithmic(1.0, 1.0); }), 8u, field::learning_rate,
         bad);
  expect(with([](auto& o) { o.temperature = schedule<double>::constant(-1.0); }), 8u, field::temperature, bad);
  expect(with([&](auto& o) { o.temperature = schedule<double>::constant(inf); }), 8u, field::temperature, bad);
  expect(with([](auto& o) { o.temperature = schedule<double>::inverse_time(1.0, 0.0); }), 8u, field::temperature, bad);
  expect(with([](auto& o) { o.momentum = 1.0; }), 8u, field::momentum, bad);
  expect(with([](auto& o) { o.momentum = -0.1; }), 8u, field::momentum, bad);
  expect(with([&](auto& o) { o.momentum = nan; }), 8u, field::momentum, bad);
  expect(with([](auto& o) { o.max_gradient_norm = -1.0; }), 8u, field::max_gradient_norm, bad);
  expect(with([&](auto& o) { o.max_gradient_norm = inf; }), 8u, field::max_gradient_norm, bad);
  expect(with([](auto& o) { o.batches = static_cast<sampling>(9); }), 8u, field::batches, bad);
  expect(with([](auto& o) { o.objective = static_cast<objective_scale>(9); }), 8u, field::objective, bad);
  // Shuffled epochs need N <= IndexCapacity (4 here): valid options, too small a buffer.
  expect(with([](auto& o) { o.batches = sampling::without_replacement; }), 8u, field::none, status::buffer_too_small);
  annealing_sgd<double, 1, 4> small;
  CHECK(small.init(4u, with([](auto& o) { o.batches = sampling::without_replacement; })) == status::ok);
  // A start point that is not finite: place() refuses it.
  CHECK(sgd.place({nan}) == bad);
  CHECK(sgd.place({inf}) == bad);
  CHECK(std::memcmp(before, &sgd, sizeof(sgd)) == 0);

  // Data of the wrong size: nothing happens.
  const span<const tagged> short_view(data.data(), 7u);
  CHECK(sgd.step(unused, short_view).status == status::invalid_argument);
  CHECK(std::memcmp(before, &sgd, sizeof(sgd)) == 0);
}

TEST_CASE("annealing_sgd reports a schedule that leaves its range at a later step", "[annealing_sgd]") {
  std::array<tagged, 4> data{};
  for (std::uint32_t i = 0; i < 4; ++i) data[i].id = i;
  const span<const tagged> view(data.data(), data.size());
  std::array<std::uint32_t, 4> counts{};
  const counting_model model{counts.data()};
  annealing_sgd<double, 1, 4> sgd;
  annealing_sgd_options<double> options;
  options.batches = sampling::without_replacement;
  options.learning_rate = schedule<double>::linear(0.3, 0.0, 3u);  // 0.3, 0.2, 0.1, then 0
  REQUIRE(sgd.init(data.size(), options) == status::ok);
  REQUIRE(sgd.place({0.0}) == status::ok);
  for (std::size_t k = 0; k < 3; ++k) REQUIRE(sgd.step(model, view).status == status::ok);
  unsigned char before[sizeof(sgd)];
  std::memcpy(before, &sgd, sizeof(sgd));
  CHECK(sgd.step(model, view).status == status::invalid_argument);
  CHECK(std::memcmp(before, &sgd, sizeof(sgd)) == 0);
  CHECK(counts[0] + counts[1] + counts[2] + counts[3] == 3u);
}

TEST_CASE("annealing_sgd steps allocate nothing", "[annealing_sgd][no_heap]") {
  const auto data = make_regression(64, 71u);
  const span<const regression_sample> view(data.data(), data.size());
  std::size_t allocations = 0;
  status outcome = status::ok;
  {
    langevin_test::allocation_scope scope;
    for (sampling mode : {sampling::without_replacement, sampling::with_replacement, sampling::in_order}) {
      annealing_sgd<double, 3, 64> sgd;
      annealing_sgd_options<double> options;
      options.batch_size = 5u;
      options.batches = mode;
      options.momentum = 0.5;
      options.max_gradient_norm = 1.0;
      options.track_best = true;
      options.learning_rate = schedule<double>::inverse_time(10.0, 100.0);
      options.temperature = schedule<double>::geometric(0.1, 0.99);
      if (sgd.init(data.size(), options) != status::ok) outcome = status::invalid_argument;
      const auto run = sgd.run_epochs(linear_model{}, view, 20u);
      if (run.status != status::ok) outcome = run.status;
      std::array<double, 3> g{};
      langevin_test::escape(&g);
      static_cast<void>(langevin::full_objective(linear_model{}, view, sgd.best(), g));
    }
    allocations = scope.allocations();
  }
  CHECK(outcome == status::ok);
  CHECK(allocations == 0u);
}
