// langevin::pcg32 against the reference implementation pcg-cpp (Debian libpcg-cpp-dev,
// test-only): sequences, advance/backstep, and the distribution of bounded().
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include <pcg_random.hpp>

#include <catch2/catch.hpp>
#include <langevin/random/pcg32.hpp>

#include "random_test_statistics.hpp"

namespace {

constexpr std::uint64_t all_ones = ~std::uint64_t{0};

struct seed_stream {
  std::uint64_t seed;
  std::uint64_t stream;
};

const seed_stream oracle_pairs[] = {
    {0u, 0u},
    {all_ones, all_ones},
    {0u, all_ones},
    {all_ones, 0u},
    {42u, 54u},
    {0x0123456789abcdefu, 0xfedcba9876543210u},
};

// Every significance level in this file: a correct generator fails a check with
// probability alpha = 1e-6 (the seeds are fixed, so a pass is reproducible).
constexpr double alpha = 1e-6;

/// Counts of `samples` values of `draw()` (each in [0, bound)) in min(bound, 64) bins of
/// (nearly) equal width: bin = floor(value * bins / bound). A value out of range fails
/// the test case.
template <class Draw>
std::vector<std::uint64_t> bin_counts(std::uint32_t bound, std::uint64_t samples, Draw draw) {
  const std::uint64_t bins = std::min<std::uint64_t>(bound, 64u);
  std::vector<std::uint64_t> counts(static_cast<std::size_t>(bins), 0u);
  std::uint64_t out_of_range = 0;
  for (std::uint64_t i = 0; i < samples; ++i) {
    const std::uint64_t value = draw();
    if (value >= bound) {
      ++out_of_range;
      continue;
    }
    ++counts[static_cast<std::size_t>(value * bins / bound)];
  }
  REQUIRE(out_of_range == 0u);
  return counts;
}

/// Expected counts of bin_counts() under the uniform law on [0, bound): bin j holds the
/// integers k with j * bound <= k * bins < (j + 1) * bound, i.e. ceil((j+1) bound / bins)
/// - ceil(j bound / bins) of them.
std::vector<double> uniform_bin_expectation(std::uint32_t bound, std::uint64_t samples) {
  const std::uint64_t bins = std::min<std::uint64_t>(bound, 64u);
  std::vector<double> expected;
  const auto ceiling = [&](std::uint64_t j) { return (j * bound + bins - 1u) / bins; };
  for (std::uint64_t j = 0; j < bins; ++j) {
    const auto members = static_cast<double>(ceiling(j + 1u) - ceiling(j));
    expected.push_back(static_cast<double>(samples) * members / bound);
  }
  return expected;
}

/// Pearson chi-square of a 2 x K contingency table (homogeneity of two samples).
double homogeneity_chi_square(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  const double total_a = static_cast<double>(std::accumulate(a.begin(), a.end(), std::uint64_t{0}));
  const double total_b = static_cast<double>(std::accumulate(b.begin(), b.end(), std::uint64_t{0}));
  double sum = 0.0;
  for (std::size_t j = 0; j < a.size(); ++j) {
    const double column = static_cast<double>(a[j] + b[j]);
    if (column == 0.0) continue;
    const double expected_a = column * total_a / (total_a + total_b);
    const double expected_b = column * total_b / (total_a + total_b);
    sum += (static_cast<double>(a[j]) - expected_a) * (static_cast<double>(a[j]) - expected_a) / expected_a;
    sum += (static_cast<double>(b[j]) - expected_b) * (static_cast<double>(b[j]) - expected_b) / expected_b;
  }
  return sum;
}

/// Goodness of fit of a bounded sampler to the uniform law on [0, bound) by Pearson's
/// chi-square over min(bound, 64) bins: under the null the statistic is asymptotically
/// chi-square with bins - 1 degrees of freedom (expected counts >= 10^4 here, far above the
/// usual >= 5 rule), so it is compared with the upper alpha quantile. Bound 1 has one bin
/// and nothing to test beyond "always 0" (checked by bin_counts' range check).
template <class Draw>
bool uniform_fit_accepted(std::uint32_t bound, std::uint64_t samples, Draw draw) {
  const auto counts = bin_counts(bound, samples, draw);
  if (counts.size() < 2u) return true;
  const double statistic = random_test::pearson_chi_square(counts, uniform_bin_expectation(bound, samples));
  return statistic < random_test::chi_square_critical(static_cast<double>(counts.size() - 1u), alpha);
}

const std::uint32_t tested_bounds[] = {1u, 2u, 3u, 0x80000001u, 0xFFFFFFFFu};

}  // namespace

TEST_CASE("pcg32 matches pcg-cpp for 10^6 outputs on several seed and stream pairs", "[random][pcg32][oracle]") {
  for (const seed_stream& pair : oracle_pairs) {
    langevin::pcg32 ours{pair.seed, pair.stream};
    pcg32 reference{pair.seed, pair.stream};
    std::uint64_t mismatches = 0;
    for (int i = 0; i < 1000000; ++i) mismatches += ours() != reference() ? 1u : 0u;
    CHECK(mismatches == 0u);
  }
}

TEST_CASE("pcg32 advance and backstep match pcg-cpp for small and large distances", "[random][pcg32][oracle]") {
  const std::uint64_t distances[] = {0u,           1u,           2u,           3u,           17u,
                                     1000u,        65536u,       0xFFFFFFFFu,  0x100000000u, 0x100000001u,
                                     1ull << 63u,  all_ones,     all_ones - 1u, 0x9e3779b97f4a7c15u};
  for (const seed_stream& pair : oracle_pairs) {
    for (std::uint64_t distance : distances) {
      langevin::pcg32 ours{pair.seed, pair.stream};
      pcg32 reference{pair.seed, pair.stream};
      ours();
      reference();
      ours.advance(distance);
      reference.advance(distance);
      bool same = true;
      for (int i = 0; i < 4; ++i) same = same && ours() == reference();
      CHECK(same);
      ours.backstep(distance);
      reference.backstep(distance);
      for (int i = 0; i < 4; ++i) same = same && ours() == reference();
      CHECK(same);
    }
  }
}

TEST_CASE("pcg32 small advance equals stepping and pcg-cpp's discard", "[random][pcg32][oracle]") {
  langevin::pcg32 ours{9u, 10u};
  pcg32 reference{9u, 10u};
  for (std::uint64_t step = 0; step < 300u; ++step) {
    langevin::pcg32 jumped = ours;
    jumped.discard(step);
    pcg32 reference_jumped = reference;
    reference_jumped.discard(step);
    CHECK(jumped() == reference_jumped());
  }
}

// Lemire's method draws different sequences from pcg-cpp's bounded (modulo with
// rejection), so the distributions are compared, not the values: (1) each against the
// exact uniform law, (2) ours against pcg-cpp's by a 2 x K homogeneity chi-square
// (K - 1 degrees of freedom). 10^6 values per bound.
TEST_CASE("pcg32 bounded is uniform by chi-square and agrees with pcg-cpp's bounded", "[random][pcg32][oracle]") {
  langevin::pcg32 ours{31337u, 7u};
  pcg32 reference{31337u, 7u};
  const std::uint64_t samples = 1000000u;
  for (std::uint32_t bound : tested_bounds) {
    CAPTURE(bound);
    CHECK(uniform_fit_accepted(bound, samples, [&] { return ours.bounded(bound); }));
    CHECK(uniform_fit_accepted(bound, samples, [&] { return reference(bound); }));
    if (bound > 1u) {
      const auto a = bin_counts(bound, samples, [&] { return ours.bounded(bound); });
      const auto b = bin_counts(bound, samples, [&] { return reference(bound); });
      CHECK(homogeneity_chi_square(a, b) <
            random_test::chi_square_critical(static_cast<double>(a.size() - 1u), alpha));
    }
  }
}

// The chi-square above must be able to fail. Two deliberately biased samplers:
// - bound 3 by modulo of one byte, (v >> 24) % 3: P(0) = 86/256, P(1) = P(2) = 85/256;
//   noncentrality n sum (dp^2 / p) = 4e6 * 3.05e-5 = 122 against a 2-dof critical value
//   of 27.6, so the rejection is certain in practice;
// - large bounds with a 1% tilt: a value in the upper half is redrawn with probability
//   1/100, so each upper bin loses 0.5% and each lower bin gains 0.5%: noncentrality
//   about n * 0.005^2 = 250 at n = 10^7 against a 63-dof critical value of about 131.
TEST_CASE("bounded chi-square rejects a modulo-biased and a tilted sampler", "[random][pcg32][oracle][slow]") {
  langevin::pcg32 g{4242u, 3u};
  CHECK_FALSE(uniform_fit_accepted(3u, 4000000u, [&] { return (g() >> 24u) % 3u; }));
  for (std::uint32_t bound : {0x80000001u, 0xFFFFFFFFu}) {
    const auto tilted = [&, bound] {
      for (;;) {
        const std::uint32_t value = g.bounded(bound);
        if (value < bound / 2u || g.bounded(100u) != 0u) return value;
      }
    };
    CHECK_FALSE(uniform_fit_accepted(bound, 10000000u, tilted));
    CHECK(uniform_fit_accepted(bound, 10000000u, [&] { return g.bounded(bound); }));
  }
}

TEST_CASE("pcg32 works with std::shuffle and std distributions", "[random][pcg32][oracle]") {
  std::vector<int> values(1000);
  std::iota(values.begin(), values.end(), 0);
  std::vector<int> copy = values;
  langevin::pcg32 g1{1u, 2u};
  langevin::pcg32 g2{1u, 2u};
  std::shuffle(values.begin(), values.end(), g1);
  std::shuffle(copy.begin(), copy.end(), g2);
  CHECK(values == copy);
  CHECK(g1 == g2);
  CHECK(std::is_permutation(values.begin(), values.end(), copy.begin()));
  std::vector<int> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 1000; ++i) CHECK(sorted[static_cast<std::size_t>(i)] == i);
  CHECK(values != sorted);
  std::uniform_int_distribution<int> die(1, 6);
  for (int i = 0; i < 100; ++i) {
    const int face = die(g1);
    CHECK((face >= 1 && face <= 6));
  }
}
