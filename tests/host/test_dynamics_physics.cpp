// Physics validation of the Langevin steppers against closed-form results (host only).
// Every estimate carries its own standard error, computed from the data by batch means
// (which accounts for the autocorrelation of a Markov chain), and each check requires
// (a) the deviation from theory to be inside the stated tolerance and (b) the standard
// error to be at most a quarter of that tolerance, so that the check has the power to
// see a violation of the tolerance (a 4-sigma margin). Each physics check is also run on
// a deliberately broken stepper and must reject it.
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include <langevin/dynamics/brownian.hpp>
#include <langevin/dynamics/overdamped.hpp>
#include <langevin/dynamics/underdamped.hpp>
#include <langevin/random/pcg32.hpp>
#include <langevin/schedule.hpp>

#include "langevin_test.hpp"

namespace {

// Running mean with a batch-means standard error: samples are averaged in consecutive
// batches of `batch_size`; for batches much longer than the autocorrelation time, the
// batch averages are independent, so SE = sd(batch averages) / sqrt(batches).
class batch_means {
 public:
  explicit batch_means(std::size_t batch_size) : batch_size_(batch_size) {}
  void add(double v) {
    batch_sum_ += v;
    if (++in_batch_ == batch_size_) {
      batches_.push_back(batch_sum_ / static_cast<double>(batch_size_));
      batch_sum_ = 0;
      in_batch_ = 0;
    }
  }
  double mean() const {
    double s = 0;
    for (double b : batches_) s += b;
    return s / static_cast<double>(batches_.size());
  }
  double standard_error() const {
    const double m = mean();
    double s = 0;
    for (double b : batches_) s += (b - m) * (b - m);
    const double n = static_cast<double>(batches_.size());
    return std::sqrt(s / (n - 1) / n);
  }
  std::size_t batches() const { return batches_.size(); }

 private:
  std::size_t batch_size_;
  std::size_t in_batch_ = 0;
  double batch_sum_ = 0;
  std::vector<double> batches_;
};

// Estimate vs theory within a relative tolerance, with enough statistical power.
struct estimate {
  double value;
  double standard_error;
};
bool agrees(const estimate& e, double exact, double relative_tolerance) {
  UNSCOPED_INFO("estimate " << e.value << " +- " << e.standard_error << " vs exact " << exact << " (relative error "
                            << (e.value - exact) / exact << ", tolerance " << relative_tolerance << ")");
  return std::fabs(e.value - exact) <= relative_tolerance * std::fabs(exact) &&
         e.standard_error <= 0.25 * relative_tolerance * std::fabs(exact);
}

template <std::size_t N>
struct harmonic {
  double k;
  double operator()(const std::array<double, N>& x, std::array<double, N>& g) const {
    double e = 0;
    for (std::size_t i = 0; i < N; ++i) {
      g[i] = k * x[i];
      e += 0.5 * k * x[i] * x[i];
    }
    return e;
  }
};

template <std::size_t N>
struct double_well {  // U = sum (x_i^2 - 1)^2 + tilt x_i
  double tilt = 0.0;
  double operator()(const std::array<double, N>& x, std::array<double, N>& g) const {
    double e = 0;
    for (std::size_t i = 0; i < N; ++i) {
      const double s = x[i] * x[i] - 1.0;
      g[i] = 4.0 * x[i] * s + tilt;
      e += s * s + tilt * x[i];
    }
    return e;
  }
};

// <f(x)> under exp(-U/T)/Z by the trapezoidal rule on a fine grid (the integrand is
// smooth and decays like exp(-x^4/T), so [-4, 4] with 2e5 intervals is exact to ~1e-12).
template <class F>
double boltzmann_average(double temperature, double tilt, F f) {
  const int intervals = 200000;
  const double lo = -4.0, hi = 4.0, h = (hi - lo) / intervals;
  double z = 0, s = 0;
  for (int i = 0; i <= intervals; ++i) {
    const double x = lo + h * i;
    const double w = (i == 0 || i == intervals ? 0.5 : 1.0) * std::exp(-(((x * x - 1) * (x * x - 1)) + tilt * x) / temperature);
    z += w;
    s += w * f(x);
  }
  return s / z;
}

// Stationary <x^2> per coordinate of a stepper on a potential, averaged over the N
// independent coordinates, after a burn-in.
template <class Stepper, class Problem>
estimate stationary_second_moment(Stepper& s, const Problem& problem, double temperature, std::uint64_t seed,
                                  std::size_t burn_in, std::size_t steps, std::size_t batch_steps) {
  langevin::pcg32 rng{seed, 1u};
  std::size_t failed = 0;
  for (std::size_t n = 0; n < burn_in; ++n) failed += s.step(problem, temperature, rng).status != langevin::status::ok;
  batch_means acc(batch_steps);
  for (std::size_t n = 0; n < steps; ++n) {
    failed += s.step(problem, temperature, rng).status != langevin::status::ok;
    double m = 0;
    for (double xi : s.current()) m += xi * xi;
    acc.add(m / static_cast<double>(s.current().size()));
  }
  // Every step must succeed; a failed one makes the estimate NaN, which agrees with nothing.
  if (failed != 0u) return {std::numeric_limits<double>::quiet_NaN(), 0.0};
  return {acc.mean(), acc.standard_error()};
}

// The Euler-Maruyama recursion with a bug planted, for the power checks.
enum class planted_bug { none, half_noise_variance, missing_time_step_in_noise };
template <std::size_t N>
class broken_euler_maruyama {
 public:
  broken_euler_maruyama(double h, planted_bug bug) : h_(h), bug_(bug) {}
  template <class Problem, class Rng>
  langevin::step_result<double> step(const Problem& p, double t, Rng& rng) {
    std::array<double, N> g{};
    const double e = p(x_, g);
    double noise = std::sqrt(2 * t * h_);
    if (bug_ == planted_bug::half_noise_variance) noise = std::sqrt(t * h_);
    if (bug_ == planted_bug::missing_time_step_in_noise) noise = std::sqrt(2 * t);
    for (std::size_t i = 0; i < N; ++i) x_[i] += -h_ * g[i] + noise * langevin::normal<double>(rng);
    return {langevin::status::ok, e};
  }
  const std::array<double, N>& current() const { return x_; }

 private:
  double h_;
  planted_bug bug_;
  std::array<double, N> x_{};
};

}  // namespace

TEST_CASE("Einstein: free Brownian motion has MSD = 2 d D t with D = T / gamma", "[dynamics][physics]") {
  // M endpoints of 2-D paths; |x|^2 / (2 D t) ~ chi-square(2), so each endpoint's
  // squared displacement has relative standard deviation sqrt(2 d) / d = 1 and the mean
  // over M = 50000 endpoints has relative SE 1/sqrt(M) = 0.45%: the 2% bound is 4.5 sigma.
  const double temperature = 0.7, friction = 1.4, dt = 0.01;
  const double diffusion = langevin::diffusion_constant(temperature, friction);
  constexpr std::size_t paths = 50000, steps = 50;
  const double t = dt * steps;
  const double expected = langevin::einstein_mean_squared_displacement(2, diffusion, t);
  langevin::pcg32 rng{1905u, 3u};
  std::vector<std::array<double, 2>> path(steps + 1);
  double sum = 0, sum2 = 0;
  for (std::size_t p = 0; p < paths; ++p) {
    REQUIRE(langevin::brownian_path(langevin::span<std::array<double, 2>>(path.data(), path.size()), diffusion, dt, rng) ==
            langevin::status::ok);
    const double r2 = path[steps][0] * path[steps][0] + path[steps][1] * path[steps][1];
    sum += r2;
    sum2 += r2 * r2;
  }
  const double mean = sum / paths;
  const double se = std::sqrt((sum2 / paths - mean * mean) / paths);
  CHECK(agrees({mean, se}, expected, 0.02));

  // The same through the Euler-Maruyama stepper with no potential (E = 0).
  struct free_particle {
    double operator()(const std::array<double, 256>&, std::array<double, 256>& g) const {
      g.fill(0.0);
      return 0.0;
    }
  };
  langevin::euler_maruyama<double, 256> walker;
  REQUIRE(walker.init({dt, friction}) == langevin::status::ok);
  double em_sum = 0, em_sum2 = 0;
  for (int run = 0; run < 100; ++run) {  // 100 runs x 128 particle pairs = 12800 2-D endpoints
    REQUIRE(walker.place({}) == langevin::status::ok);
    for (std::size_t n = 0; n < steps; ++n) REQUIRE(walker.step(free_particle{}, temperature, rng).status == langevin::status::ok);
    for (std::size_t i = 0; i < 256; i += 2) {
      const double r2 = walker.current()[i] * walker.current()[i] + walker.current()[i + 1] * walker.current()[i + 1];
      em_sum += r2;
      em_sum2 += r2 * r2;
    }
  }
  const double em_n = 100.0 * 128.0;
  const double em_mean = em_sum / em_n;
  const double em_se = std::sqrt((em_sum2 / em_n - em_mean * em_mean) / em_n);
  CHECK(agrees({em_mean, em_se}, expected, 0.04));  // 1/sqrt(12800) = 0.88%: 4% is 4.5 sigma

  // Power: a stepper whose noise variance is halved gives MSD = 1/2 of Einstein's.
  broken_euler_maruyama<256> broken(dt / friction, planted_bug::half_noise_variance);
  for (std::size_t n = 0; n < steps; ++n) REQUIRE(broken.step(free_particle{}, temperature, rng).status == langevin::status::ok);
  double b = 0;
  for (double xi : broken.current()) b += xi * xi;
  CHECK_FALSE(agrees({b / 128.0, em_se}, expected, 0.04));
}

TEST_CASE("Harmonic well: Euler-Maruyama has the exact discrete variance T / (k (1 - h k / 2))", "[dynamics][physics][slow]") {
  // The recursion x' = (1 - hk) x + sqrt(2 T h) xi is AR(1) with rho = 1 - hk, whose
  // stationary variance is 2 T h / (1 - rho^2) = T / (k (1 - hk/2)) exactly. The relative
  // SE of a variance estimate from n AR(1) samples is sqrt(2 (1 + rho^2) / ((1 - rho^2) n));
  // with 64 independent coordinates and 25000 / (hk) steps it is <= 0.11% for every hk
  // below, so the 0.5% tolerance is >= 4.5 sigma (and the batch-means SE confirms it).
  const double k = 2.0, temperature = 0.8;
  for (const double hk : {0.05, 0.1, 0.2}) {
    const double h = hk / k;
    langevin::euler_maruyama<double, 64> em;
    REQUIRE(em.init({h}) == langevin::status::ok);
    REQUIRE(em.place({}) == langevin::status::ok);
    const auto steps = static_cast<std::size_t>(25000.0 / hk);
    const estimate e = stationary_second_moment(em, harmonic<64>{k}, temperature, 11u, 2000, steps, steps / 250);
    const double exact = temperature / (k * (1 - hk / 2));
    CHECK(agrees(e, exact, 0.005));
    CHECK_FALSE(agrees(e, temperature / k, 0.005));  // the O(h) bias is really there
  }
}

TEST_CASE("Harmonic well: Leimkuhler-Matthews and BAOAB give T / k at h k = 0.2", "[dynamics][physics][slow]") {
  // LM is exact in the stationary variance of a harmonic well, and so is BAOAB in its
  // configurational variance; SE as in the Euler-Maruyama case (<= 0.11%).
  const double k = 2.0, temperature = 0.8, hk = 0.2, h = hk / k;
  const double exact = temperature / k;
  langevin::leimkuhler_matthews<double, 64> lm;
  REQUIRE(lm.init({h}) == langevin::status::ok);
  REQUIRE(lm.place({}) == langevin::status::ok);
  CHECK(agrees(stationary_second_moment(lm, harmonic<64>{k}, temperature, 12u, 2000, 125000, 500), exact, 0.005));

  // BAOAB with m = 1 and gamma = 2, near critical damping 2 sqrt(k m) = 2.8, where the
  // position decorrelates fastest (a few time units); 400000 steps of h = 0.1 give an SE
  // of about 0.1%.
  langevin::baoab<double, 64> bd;
  REQUIRE(bd.init({h, 1.0, 2.0}) == langevin::status::ok);
  REQUIRE(bd.place({}, {}) == langevin::status::ok);
  CHECK(agrees(stationary_second_moment(bd, harmonic<64>{k}, temperature, 13u, 2000, 400000, 1000), exact, 0.005));

  // Power: Euler-Maruyama at the same h is 11% off, and a noise without the time step
  // is off by a factor of 1/h.
  broken_euler_maruyama<64> no_dt(h, planted_bug::missing_time_step_in_noise);
  CHECK_FALSE(agrees(stationary_second_moment(no_dt, harmonic<64>{k}, temperature, 14u, 2000, 20000, 80), exact, 0.005));
  langevin::euler_maruyama<double, 64> em;
  REQUIRE(em.init({h}) == langevin::status::ok);
  CHECK_FALSE(agrees(stationary_second_moment(em, harmonic<64>{k}, temperature, 15u, 2000, 125000, 500), exact, 0.005));
}

TEST_CASE("Double well at T = 0.5: <x^2> and the Boltzmann histogram", "[dynamics][physics][slow]") {
  const double temperature = 0.5;
  const double exact = boltzmann_average(temperature, 0.0, [](double x) { return x * x; });
  CHECK(std::fabs(exact - 0.85214) < 5e-6);

  // LM and BAOAB are second order: at h = 0.05 their bias is far below 0.3%. The
  // intra-well relaxation time (1 / U''(1) = 1/8) and the well-hopping rate (about 0.1 per
  // unit time) do not matter for x^2, which is the same in both wells; batches of 2000
  // steps = 100 time units are much longer than its autocorrelation time.
  langevin::leimkuhler_matthews<double, 64> lm;
  REQUIRE(lm.init({0.05}) == langevin::status::ok);
  REQUIRE(lm.place({}) == langevin::status::ok);
  CHECK(agrees(stationary_second_moment(lm, double_well<64>{}, temperature, 21u, 2000, 200000, 2000), exact, 0.003));
  langevin::baoab<double, 64> bd;
  REQUIRE(bd.init({0.05, 1.0, 1.0}) == langevin::status::ok);
  REQUIRE(bd.place({}, {}) == langevin::status::ok);
  CHECK(agrees(stationary_second_moment(bd, double_well<64>{}, temperature, 22u, 2000, 200000, 2000), exact, 0.003));

  // Euler-Maruyama is first order: its bias e(h) = c h + d h^2 + ..., so
  // e(h) / e(h/2) = 2 (1 + d h / (2c)) + O(h^2). The band [1.6, 2.6] separates first
  // order (2) from zeroth order (1: a bias that does not shrink, e.g. a wrong noise
  // scale) and second order (4), and leaves room for the O(h) correction of the ratio
  // (d h / c ~ 0.25 at h = 0.04 for this potential). The ratio's own SE, propagated from
  // the two batch-means SEs, must be below 0.09 so both ends are >= 4 sigma away.
  double bias[2];
  double bias_se[2];
  const double step_sizes[2] = {0.04, 0.02};
  for (int j = 0; j < 2; ++j) {
    langevin::euler_maruyama<double, 128> em;
    REQUIRE(em.init({step_sizes[j]}) == langevin::status::ok);
    REQUIRE(em.place({}) == langevin::status::ok);
    const auto steps = static_cast<std::size_t>(8000.0 / step_sizes[j]);
    const estimate e = stationary_second_moment(em, double_well<128>{}, temperature, 23u + static_cast<unsigned>(j),
                                                2000, steps, steps / 200);
    bias[j] = e.value - exact;
    bias_se[j] = e.standard_error;
  }
  const double ratio = bias[0] / bias[1];
  const double ratio_se = ratio * std::sqrt((bias_se[0] / bias[0]) * (bias_se[0] / bias[0]) +
                                            (bias_se[1] / bias[1]) * (bias_se[1] / bias[1]));
  INFO("EM bias " << bias[0] << " +- " << bias_se[0] << " at h = 0.04, " << bias[1] << " +- " << bias_se[1]
                  << " at h = 0.02: ratio " << ratio << " +- " << ratio_se);
  CHECK(ratio > 1.6);
  CHECK(ratio < 2.6);
  CHECK(ratio_se < 0.09);
}

TEST_CASE("Double well at T = 0.5: the position histogram is the Boltzmann law", "[dynamics][physics][slow]") {
  // 128 independent coordinates run Leimkuhler-Matthews (h = 0.02, second-order bias
  // ~1e-4, far below the statistical resolution) and are sampled every 1000 steps = 20
  // time units, twice the mean well-hopping time (rate ~0.1 per unit time), so samples
  // are nearly independent. Pearson's chi-square over 40 bins on [-2, 2] (plus the two
  // tails) has 41 degrees of freedom; the 0.1% critical value is 74.7.
  const double temperature = 0.5;
  constexpr int bins = 40;
  const double lo = -2.0, hi = 2.0, width = (hi - lo) / bins;
  double expected[bins + 2] = {};
  for (int b = 0; b < bins + 2; ++b) {
    const double left = b == 0 ? -1e9 : lo + width * (b - 1), right = b == bins + 1 ? 1e9 : lo + width * b;
    expected[b] = boltzmann_average(temperature, 0.0, [&](double x) { return x >= left && x < right ? 1.0 : 0.0; });
  }
  auto chi_square = [&](auto& stepper, std::uint64_t seed) {
    langevin::pcg32 rng{seed, 2u};
    double counts[bins + 2] = {};
    double samples = 0;
    int failed = 0;
    for (int n = 0; n < 2000; ++n) failed += stepper.step(double_well<128>{}, temperature, rng).status != langevin::status::ok;
    for (int sample = 0; sample < 400; ++sample) {
      for (int n = 0; n < 1000; ++n) {
        failed += stepper.step(double_well<128>{}, temperature, rng).status != langevin::status::ok;
      }
      for (double x : stepper.current()) {
        const int b = x < lo ? 0 : x >= hi ? bins + 1 : 1 + static_cast<int>((x - lo) / width);
        counts[b] += 1;
        samples += 1;
      }
    }
    double chi2 = 0;
    for (int b = 0; b < bins + 2; ++b) {
      const double e = expected[b] * samples;
      chi2 += (counts[b] - e) * (counts[b] - e) / e;
    }
    // A failed step makes the statistic NaN, which passes neither bound.
    return failed == 0 ? chi2 : std::numeric_limits<double>::quiet_NaN();
  };
  langevin::leimkuhler_matthews<double, 128> lm;
  REQUIRE(lm.init({0.02}) == langevin::status::ok);
  REQUIRE(lm.place({}) == langevin::status::ok);
  const double chi2 = chi_square(lm, 31u);
  INFO("chi-square " << chi2 << " with 41 degrees of freedom");
  CHECK(chi2 < 74.7);

  // Power: with the noise variance halved the particle samples exp(-2U/T), which the
  // same statistic rejects by orders of magnitude.
  broken_euler_maruyama<128> broken(0.02, planted_bug::half_noise_variance);
  CHECK(chi_square(broken, 32u) > 74.7);
}

TEST_CASE("Underdamped equipartition: BAOAB has <p^2 / m> = T", "[dynamics][physics][slow]") {
  // 256 independent coordinates in a double well, m = 2, gamma = 1: the momentum forgets
  // itself in m / gamma = 2 time units; sampling every 250 steps (5 time units) gives
  // nearly independent samples, for which p^2 / (m T) has variance 2. The relative SE of
  // the mean over n samples is sqrt(2 / n); the bound 6 / sqrt(n) is 4.2 SE.
  const double temperature = 0.5, mass = 2.0;
  langevin::baoab<double, 256> bd;
  REQUIRE(bd.init({0.02, mass, 1.0}) == langevin::status::ok);
  REQUIRE(bd.place({}, {}) == langevin::status::ok);
  langevin::pcg32 rng{41u, 4u};
  int failed = 0;
  for (int n = 0; n < 2000; ++n) failed += bd.step(double_well<256>{}, temperature, rng).status != langevin::status::ok;
  double sum = 0, count = 0;
  for (int sample = 0; sample < 400; ++sample) {
    for (int n = 0; n < 250; ++n) failed += bd.step(double_well<256>{}, temperature, rng).status != langevin::status::ok;
    for (double p : bd.momentum()) {
      sum += p * p / mass;
      count += 1;
    }
  }
  CHECK(failed == 0);
  const double kinetic_temperature = sum / count;
  INFO("<p^2/m> = " << kinetic_temperature << " over " << count << " samples, T = " << temperature);
  CHECK(std::fabs(kinetic_temperature / temperature - 1) < 6 / std::sqrt(count));
}

TEST_CASE("Annealing: a Hajek schedule finds the global well that gradient descent misses", "[dynamics][physics][slow]") {
  // U = (x^2 - 1)^2 + 0.3 x: the global minimum is near x = -1.04, a local one near
  // x = +0.96 behind a barrier of height dU (computed below, ~0.59). Every run starts in
  // the local well. At T = 0, the Langevin step is gradient descent and never leaves it.
  // With T_n = c / log(n + 2), c = 1.5 > dU (Hajek's condition) and 20000 steps of
  // h = 0.05 (T falls to 0.15, where a hop over dU takes ~e^4 time units), the particle crosses
  // the barrier while T is high and settles in the global well as T falls: over 200 seeds
  // we require >= 95% (the measured rate is given in the message).
  constexpr double tilt = 0.3;
  const double_well<1> well{tilt};
  auto minimum_near = [&](double x) {
    for (int i = 0; i < 200; ++i) x -= 0.01 * (4 * x * (x * x - 1) + tilt);
    return x;
  };
  const double local_min = minimum_near(1.0), global_min = minimum_near(-1.0);
  double barrier_x = 0;
  for (int i = 0; i < 100; ++i) barrier_x += (4 * barrier_x * (barrier_x * barrier_x - 1) + tilt) / 4.0 * 0.5;
  std::array<double, 1> scratch{};
  const double barrier = well({barrier_x}, scratch) - well({local_min}, scratch);
  INFO("local minimum " << local_min << ", global " << global_min << ", barrier " << barrier);
  REQUIRE(barrier > 0.3);
  REQUIRE(barrier < 1.0);
  const double c = 1.5;
  REQUIRE(c > barrier);

  int gd_global = 0, annealed_global = 0;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    langevin::pcg32 rng{seed, 5u};
    langevin::euler_maruyama<double, 1> gd;
    REQUIRE(gd.init({0.05}) == langevin::status::ok);
    REQUIRE(gd.place({local_min}) == langevin::status::ok);
    REQUIRE(gd.run(well, langevin::schedule<double>::constant(0.0), rng, 20000).status == langevin::status::ok);
    gd_global += gd.current()[0] < 0 ? 1 : 0;

    langevin::euler_maruyama<double, 1> annealed;
    REQUIRE(annealed.init({0.05}) == langevin::status::ok);
    REQUIRE(annealed.place({local_min}) == langevin::status::ok);
    REQUIRE(annealed.run(well, langevin::schedule<double>::logarithmic(c, 2.0), rng, 20000).status ==
            langevin::status::ok);
    annealed_global += annealed.current()[0] < 0 ? 1 : 0;
  }
  INFO("gradient descent: " << gd_global << "/200 in the global well, annealed Langevin: " << annealed_global << "/200");
  CHECK(gd_global == 0);
  CHECK(annealed_global >= 190);
}
