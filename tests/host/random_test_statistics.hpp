// Reference distributions for the statistical tests of the random module (host only; libm
// is fine here). Every test states its significance level alpha; the helpers below turn it
// into a critical value from the exact (or stated asymptotic) sampling distribution.
#ifndef LANGEVIN_TESTS_RANDOM_TEST_STATISTICS_HPP
#define LANGEVIN_TESTS_RANDOM_TEST_STATISTICS_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace random_test {

/// Regularized upper incomplete gamma function Q(a, x) (series for x < a + 1, Lentz's
/// continued fraction otherwise); relative accuracy about 1e-14, enough for critical values.
inline double upper_gamma_q(double a, double x) {
  if (x <= 0.0) return 1.0;
  const double log_prefactor = -x + a * std::log(x) - std::lgamma(a);
  if (x < a + 1.0) {
    double term = 1.0 / a;
    double sum = term;
    for (int n = 1; n < 100000; ++n) {
      term *= x / (a + n);
      sum += term;
      if (std::fabs(term) < std::fabs(sum) * 1e-16) break;
    }
    return 1.0 - sum * std::exp(log_prefactor);
  }
  const double tiny = 1e-300;
  double b = x + 1.0 - a;
  double c = 1.0 / tiny;
  double d = 1.0 / b;
  double h = d;
  for (int i = 1; i < 100000; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < 1e-16) break;
  }
  return std::exp(log_prefactor) * h;
}

/// P(chi-square with `dof` degrees of freedom > x).
inline double chi_square_survival(double x, double dof) { return upper_gamma_q(dof / 2.0, x / 2.0); }

/// The x with P(chi2_dof > x) = alpha (bisection on the survival function).
inline double chi_square_critical(double dof, double alpha) {
  double low = 0.0;
  double high = dof + 100.0 * std::sqrt(2.0 * dof) + 200.0;
  for (int i = 0; i < 200; ++i) {
    const double middle = (low + high) / 2.0;
    if (chi_square_survival(middle, dof) > alpha) {
      low = middle;
    } else {
      high = middle;
    }
  }
  return high;
}

/// Pearson's statistic of observed counts against expected counts (same length).
inline double pearson_chi_square(const std::vector<std::uint64_t>& observed, const std::vector<double>& expected) {
  double sum = 0.0;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    const double difference = static_cast<double>(observed[i]) - expected[i];
    sum += difference * difference / expected[i];
  }
  return sum;
}

/// Standard normal CDF.
inline double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

/// P(|Z| > z) for a standard normal Z.
inline double normal_two_sided_tail(double z) { return std::erfc(z / std::sqrt(2.0)); }

/// Kolmogorov's limiting distribution: P(sqrt(n) D_n > x) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 x^2).
inline double kolmogorov_survival(double x) {
  double sum = 0.0;
  for (int k = 1; k < 100; ++k) {
    const double term = std::exp(-2.0 * k * k * x * x);
    sum += (k % 2 == 1) ? term : -term;
    if (term < 1e-300) break;
  }
  return 2.0 * sum;
}

/// The x with P(sqrt(n) D_n > x) = alpha in the limit n -> infinity.
inline double kolmogorov_critical(double alpha) {
  double low = 0.3;
  double high = 10.0;
  for (int i = 0; i < 200; ++i) {
    const double middle = (low + high) / 2.0;
    if (kolmogorov_survival(middle) > alpha) {
      low = middle;
    } else {
      high = middle;
    }
  }
  return high;
}

/// Two-sided Kolmogorov-Smirnov statistic D_n of `samples` (sorted in place) against `cdf`.
template <class Cdf>
double kolmogorov_smirnov(std::vector<double>& samples, Cdf cdf) {
  std::sort(samples.begin(), samples.end());
  const double n = static_cast<double>(samples.size());
  double largest = 0.0;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const double f = cdf(samples[i]);
    const double above = static_cast<double>(i + 1) / n - f;
    const double below = f - static_cast<double>(i) / n;
    largest = std::max(largest, std::max(above, below));
  }
  return largest;
}

/// Acceptance interval [low, high] for a Binomial(n, p) count at two-sided level alpha:
/// P(X < low) <= alpha / 2 and P(X > high) <= alpha / 2, from the exact pmf summed over
/// mean +- (12 sd + 50) (the mass outside that window is below 1e-30).
struct count_interval {
  std::uint64_t low;
  std::uint64_t high;
};
inline count_interval binomial_interval(std::uint64_t n, double p, double alpha) {
  const double nd = static_cast<double>(n);
  const double mean = nd * p;
  const double half_width = 12.0 * std::sqrt(mean * (1.0 - p)) + 50.0;
  const std::uint64_t first = mean > half_width ? static_cast<std::uint64_t>(mean - half_width) : 0u;
  const std::uint64_t last = std::min<std::uint64_t>(n, static_cast<std::uint64_t>(mean + half_width) + 1u);
  std::vector<double> pmf;
  for (std::uint64_t j = first; j <= last; ++j) {
    const double jd = static_cast<double>(j);
    pmf.push_back(std::exp(std::lgamma(nd + 1.0) - std::lgamma(jd + 1.0) - std::lgamma(nd - jd + 1.0) +
                           jd * std::log(p) + (nd - jd) * std::log1p(-p)));
  }
  count_interval interval{first, last};
  double below = 0.0;  // P(X <= j)
  for (std::size_t i = 0; i < pmf.size(); ++i) {
    below += pmf[i];
    if (below > alpha / 2.0) {
      interval.low = first + i;  // P(X < low) = P(X <= low - 1) <= alpha / 2
      break;
    }
  }
  double above = 0.0;  // P(X >= j)
  for (std::size_t i = pmf.size(); i-- > 0;) {
    above += pmf[i];
    if (above > alpha / 2.0) {
      interval.high = first + i;  // P(X > high) = P(X >= high + 1) <= alpha / 2
      break;
    }
  }
  return interval;
}

}  // namespace random_test

#endif
