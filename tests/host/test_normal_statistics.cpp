// Statistical tests of normal<Real> and uniform<Real> at fixed seeds. Each test derives its
// tolerance from the sampling distribution of its statistic (comments), and each one is
// shown to REJECT a deliberately biased sampler in the same file, so the power of every
// test is checked on every run, not only once.
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <langevin/random/normal.hpp>
#include <langevin/random/pcg32.hpp>
#include <langevin/random/uniform.hpp>

#include "random_test_statistics.hpp"

namespace {

using random_test::binomial_interval;
using random_test::chi_square_critical;
using random_test::kolmogorov_critical;
using random_test::kolmogorov_smirnov;
using random_test::normal_cdf;
using random_test::normal_two_sided_tail;

// Significance of every test below: a correct sampler fails it with probability about
// alpha = 1e-6 (5-standard-error bounds: 5.7e-7), and the seeds are fixed.
constexpr double alpha = 1e-6;

// --- samplers -------------------------------------------------------------------------------

struct float_normal {
  langevin::pcg32 g;
  double operator()() { return static_cast<double>(langevin::normal<float>(g)); }
};
struct double_normal {
  langevin::pcg32 g;
  double operator()() { return langevin::normal<double>(g); }
};
// Deliberately biased samplers (built on the correct one):
struct shifted_normal {  // mean 0.01 instead of 0
  langevin::pcg32 g;
  double operator()() { return langevin::normal<double>(g) + 0.01; }
};
struct scaled_normal {  // 1% scale error: variance 1.0201
  langevin::pcg32 g;
  double operator()() { return 1.01 * langevin::normal<double>(g); }
};
struct skewed_normal {  // x + 0.01 (x^2 - 1): mean 0, skewness about 0.06
  langevin::pcg32 g;
  double operator()() {
    const double x = langevin::normal<double>(g);
    return x + 0.01 * (x * x - 1.0);
  }
};
struct heavy_normal {  // 1% of the samples doubled: variance 1.03, excess kurtosis 0.25
  langevin::pcg32 g;
  double operator()() {
    const double x = langevin::normal<double>(g);
    return g.bounded(100u) == 0u ? 2.0 * x : x;
  }
};
struct irwin_hall {  // sum of 12 uniforms - 6: right mean and variance, no tails beyond 6
  langevin::pcg32 g;
  double operator()() {
    double sum = -6.0;
    for (int i = 0; i < 12; ++i) sum += langevin::uniform<double>(g);
    return sum;
  }
};

// --- moments --------------------------------------------------------------------------------

struct moments {
  double mean;
  double variance;
  double skewness;
  double excess_kurtosis;
};

// Power sums in long double (64-bit significand on x86-64), central moments from them; with
// mean about 0 the conversion loses nothing at this n.
template <class Sampler>
moments sample_moments(Sampler sampler, std::uint64_t n) {
  long double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    const auto x = static_cast<long double>(sampler());
    const long double x2 = x * x;
    s1 += x;
    s2 += x2;
    s3 += x2 * x;
    s4 += x2 * x2;
  }
  const long double count = static_cast<long double>(n);
  const long double m = s1 / count;
  const long double c2 = s2 / count - m * m;
  const long double c3 = s3 / count - 3 * m * s2 / count + 2 * m * m * m;
  const long double c4 = s4 / count - 4 * m * s3 / count + 6 * m * m * s2 / count - 3 * m * m * m * m;
  return {static_cast<double>(m), static_cast<double>(c2), static_cast<double>(c3 / std::pow(c2, 1.5L)),
          static_cast<double>(c4 / (c2 * c2) - 3)};
}

// For n samples of N(0, 1) the estimators are asymptotically normal with standard errors
//   SE(mean) = 1 / sqrt(n)                  (Var x = 1)
//   SE(variance) = sqrt(2 / n)              (Var x^2 = E x^4 - 1 = 2)
//   SE(skewness) ~ sqrt(6 / n)              (Var x^3 = E x^6 = 15, delta method: 15 - 9 = 6)
//   SE(excess kurtosis) ~ sqrt(24 / n)      (Var x^4 = 96, delta method: 96 - 72 = 24)
// and each check allows 5 standard errors (two-sided 5.7e-7).
struct moment_verdict {
  bool mean_ok;
  bool variance_ok;
  bool skewness_ok;
  bool kurtosis_ok;
};
moment_verdict judge(const moments& m, std::uint64_t n) {
  const double count = static_cast<double>(n);
  return {std::fabs(m.mean) < 5.0 / std::sqrt(count), std::fabs(m.variance - 1.0) < 5.0 * std::sqrt(2.0 / count),
          std::fabs(m.skewness) < 5.0 * std::sqrt(6.0 / count),
          std::fabs(m.excess_kurtosis) < 5.0 * std::sqrt(24.0 / count)};
}

constexpr std::uint64_t moment_samples = 10000000u;

// --- Kolmogorov-Smirnov ---------------------------------------------------------------------

// sqrt(n) D_n is compared with Kolmogorov's limiting distribution at alpha (critical value
// 2.69; at n = 10^7 the finite-n correction, about 0.12 / sqrt(n) relative, is negligible).
// A 1% scale error moves the CDF by up to phi(1) * 0.01 = 0.0024, i.e. sqrt(n) D = 7.6.
template <class Sampler>
bool kolmogorov_smirnov_accepts(Sampler sampler, std::uint64_t n) {
  std::vector<double> samples(static_cast<std::size_t>(n));
  for (double& x : samples) x = sampler();
  const double d = kolmogorov_smirnov(samples, normal_cdf);
  return std::sqrt(static_cast<double>(n)) * d < kolmogorov_critical(alpha);
}

// --- tails ----------------------------------------------------------------------------------

// Counts beyond |z| > 3, 4, 5 among n samples are Binomial(n, P(|Z| > z)); each is checked
// against the exact two-sided binomial acceptance interval at level alpha.
struct tail_verdict {
  bool beyond_3_ok;
  bool beyond_4_ok;
  bool beyond_5_ok;
};
template <class Sampler>
tail_verdict tail_frequencies(Sampler sampler, std::uint64_t n) {
  std::uint64_t beyond[3] = {0u, 0u, 0u};
  for (std::uint64_t i = 0; i < n; ++i) {
    const double a = std::fabs(sampler());
    beyond[0] += a > 3.0 ? 1u : 0u;
    beyond[1] += a > 4.0 ? 1u : 0u;
    beyond[2] += a > 5.0 ? 1u : 0u;
  }
  bool ok[3];
  for (int k = 0; k < 3; ++k) {
    const auto interval = binomial_interval(n, normal_two_sided_tail(3.0 + k), alpha);
    ok[k] = beyond[k] >= interval.low && beyond[k] <= interval.high;
  }
  return {ok[0], ok[1], ok[2]};
}

// 10^8 samples: expected counts 269 980, 6 334 and 57.3; the |z| > 5 interval is [24, 101].
constexpr std::uint64_t tail_samples = 100000000u;

// --- uniform chi-square ---------------------------------------------------------------------

// 1024 equal bins, 2^20 values: Pearson's statistic is chi-square with 1023 degrees of
// freedom under uniformity (expected count 1024 per bin); critical value at alpha = 1252.6.
template <class Sampler>
bool uniform_chi_square_accepts(Sampler sampler, std::uint64_t n) {
  std::vector<std::uint64_t> counts(1024, 0u);
  std::uint64_t out_of_range = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    const auto u = static_cast<double>(sampler());
    if (!(u >= 0.0 && u < 1.0)) {
      ++out_of_range;
      continue;
    }
    ++counts[static_cast<std::size_t>(u * 1024.0)];
  }
  const std::vector<double> expected(1024, static_cast<double>(n) / 1024.0);
  return out_of_range == 0u && random_test::pearson_chi_square(counts, expected) < chi_square_critical(1023.0, alpha);
}

constexpr std::uint64_t uniform_samples = 1u << 20u;

}  // namespace

TEST_CASE("normal<float> moments over 10^7 samples are within 5 standard errors", "[random][normal][statistics][slow]") {
  const moment_verdict v = judge(sample_moments(float_normal{langevin::pcg32{1u, 1u}}, moment_samples), moment_samples);
  CHECK(v.mean_ok);
  CHECK(v.variance_ok);
  CHECK(v.skewness_ok);
  CHECK(v.kurtosis_ok);
}

TEST_CASE("normal<double> moments over 10^7 samples are within 5 standard errors", "[random][normal][statistics][slow]") {
  const moment_verdict v = judge(sample_moments(double_normal{langevin::pcg32{2u, 2u}}, moment_samples), moment_samples);
  CHECK(v.mean_ok);
  CHECK(v.variance_ok);
  CHECK(v.skewness_ok);
  CHECK(v.kurtosis_ok);
}

// Expected deviations in standard errors at n = 10^7: shift 0.01 -> 31.6 SE of the mean;
// scale 1.01 -> 0.0201 / 4.47e-4 = 45 SE of the variance; x + 0.01 (x^2 - 1) -> skewness
// 6 * 0.01 = 0.06, 77 SE; 1% doubled -> excess kurtosis 3 * 1.15 / 1.03^2 - 3 = 0.25, 163 SE.
TEST_CASE("moment checks reject a shifted, a scaled, a skewed and a heavy-tailed sampler", "[random][normal][statistics][slow]") {
  CHECK_FALSE(judge(sample_moments(shifted_normal{langevin::pcg32{3u, 3u}}, moment_samples), moment_samples).mean_ok);
  CHECK_FALSE(judge(sample_moments(scaled_normal{langevin::pcg32{4u, 4u}}, moment_samples), moment_samples).variance_ok);
  CHECK_FALSE(judge(sample_moments(skewed_normal{langevin::pcg32{5u, 5u}}, moment_samples), moment_samples).skewness_ok);
  CHECK_FALSE(judge(sample_moments(heavy_normal{langevin::pcg32{6u, 6u}}, moment_samples), moment_samples).kurtosis_ok);
}

TEST_CASE("normal samples pass Kolmogorov-Smirnov against the normal CDF", "[random][normal][statistics][slow]") {
  CHECK(kolmogorov_smirnov_accepts(float_normal{langevin::pcg32{7u, 7u}}, 10000000u));
  CHECK(kolmogorov_smirnov_accepts(double_normal{langevin::pcg32{8u, 8u}}, 10000000u));
}

TEST_CASE("Kolmogorov-Smirnov rejects a 1% scale error", "[random][normal][statistics][slow]") {
  CHECK_FALSE(kolmogorov_smirnov_accepts(scaled_normal{langevin::pcg32{9u, 9u}}, 10000000u));
}

TEST_CASE("normal tail frequencies beyond 3, 4 and 5 match binomial bounds", "[random][normal][statistics][slow]") {
  const tail_verdict f = tail_frequencies(float_normal{langevin::pcg32{10u, 10u}}, tail_samples);
  CHECK(f.beyond_3_ok);
  CHECK(f.beyond_4_ok);
  CHECK(f.beyond_5_ok);
  const tail_verdict d = tail_frequencies(double_normal{langevin::pcg32{11u, 11u}}, tail_samples);
  CHECK(d.beyond_3_ok);
  CHECK(d.beyond_4_ok);
  CHECK(d.beyond_5_ok);
}

// A 1% scale error raises P(|x| > 3) to 2.97e-3 (+2750 counts, 17 standard deviations) and
// P(|x| > 4) to 7.48e-5 (+1150 counts, 14 sd). It barely moves the |x| > 5 count (74 vs 57),
// so that bin is tested with the Irwin-Hall sampler, whose P(|x| > 5) = 2 / 12! = 4.2e-9
// (expected 0.4 counts, far below the interval's lower end 24).
TEST_CASE("tail frequency checks reject a scaled and a short-tailed sampler", "[random][normal][statistics][slow]") {
  const tail_verdict scaled = tail_frequencies(scaled_normal{langevin::pcg32{12u, 12u}}, tail_samples);
  CHECK_FALSE(scaled.beyond_3_ok);
  CHECK_FALSE(scaled.beyond_4_ok);
  const tail_verdict short_tailed = tail_frequencies(irwin_hall{langevin::pcg32{13u, 13u}}, tail_samples);
  CHECK_FALSE(short_tailed.beyond_5_ok);
}

TEST_CASE("uniform and uniform_open pass a 1024-bin chi-square", "[random][uniform][statistics]") {
  langevin::pcg32 g{14u, 14u};
  CHECK(uniform_chi_square_accepts([&] { return static_cast<double>(langevin::uniform<float>(g)); }, uniform_samples));
  CHECK(uniform_chi_square_accepts([&] { return langevin::uniform<double>(g); }, uniform_samples));
  CHECK(uniform_chi_square_accepts([&] { return static_cast<double>(langevin::uniform_open<float>(g)); }, uniform_samples));
  CHECK(uniform_chi_square_accepts([&] { return langevin::uniform_open<double>(g); }, uniform_samples));
}

// 0.99 u leaves the top 10 of the 1024 bins empty and over-fills the rest by 1%:
// chi-square above 10 * 1024 = 10^4, against a critical value of 1252.6.
TEST_CASE("uniform chi-square rejects a 1% scale error", "[random][uniform][statistics]") {
  langevin::pcg32 g{15u, 15u};
  CHECK_FALSE(uniform_chi_square_accepts([&] { return 0.99f * langevin::uniform<float>(g); }, uniform_samples));
  CHECK_FALSE(uniform_chi_square_accepts([&] { return 0.99 * langevin::uniform<double>(g); }, uniform_samples));
}

// Generator outputs per sample (Wald's identity; numbers from make_normal_tables --stats):
// rounds per sample 1 / 0.987789, words per round 1 + P(wedge) 0.026991 + P(tail) 5.6907e-4
// * 2 / 0.931113, so 1.040924 words per float sample and 2.081848 per double sample with a
// 32-bit generator. Over 10^6 samples the mean's standard error is estimated from the
// per-sample counts; 5 standard errors are allowed.
TEST_CASE("normal consumes the documented mean number of generator outputs", "[random][normal][statistics]") {
  struct counting {
    using result_type = std::uint32_t;
    static constexpr result_type min() { return 0u; }
    static constexpr result_type max() { return 0xFFFFFFFFu; }
    result_type operator()() {
      ++calls;
      return inner();
    }
    langevin::pcg32 inner;
    std::uint64_t calls;
  };
  const auto mean_and_error = [](auto draw, counting& g, std::uint64_t n) {
    double sum = 0.0;
    double sum_squares = 0.0;
    for (std::uint64_t i = 0; i < n; ++i) {
      const std::uint64_t before = g.calls;
      draw(g);
      const auto used = static_cast<double>(g.calls - before);
      sum += used;
      sum_squares += used * used;
    }
    const double count = static_cast<double>(n);
    const double mean = sum / count;
    return std::pair<double, double>{mean, std::sqrt((sum_squares / count - mean * mean) / count)};
  };
  counting g{langevin::pcg32{16u, 16u}, 0u};
  const auto f = mean_and_error([](counting& c) { return langevin::normal<float>(c); }, g, 1000000u);
  CHECK(std::fabs(f.first - 1.040924) < 5.0 * f.second);
  const auto d = mean_and_error([](counting& c) { return langevin::normal<double>(c); }, g, 1000000u);
  CHECK(std::fabs(d.first - 2.081848) < 5.0 * d.second);
  // Power: a sampler that wastes one extra word about once in 37 samples (mean 1.068,
  // about 40 standard errors away) is rejected.
  const auto wasteful = mean_and_error(
      [](counting& c) {
        const float x = langevin::normal<float>(c);
        if (c.calls % 37u == 0u) c();
        return x;
      },
      g, 1000000u);
  CHECK_FALSE(std::fabs(wasteful.first - 1.040924) < 5.0 * wasteful.second);
}
