// Fisher-Yates shuffle (random/shuffle.hpp) on every port.
#include <cstddef>
#include <cstdint>

#include <langevin/random/pcg32.hpp>
#include <langevin/random/shuffle.hpp>

#include "langevin_test.hpp"

namespace {

// A 32-bit generator without a bounded() member: shuffle must fall back to its own
// Lemire reduction, which is the same algorithm as pcg32::bounded.
struct plain_generator {
  using result_type = std::uint32_t;
  static constexpr result_type min() { return 0u; }
  static constexpr result_type max() { return 0xFFFFFFFFu; }
  result_type operator()() { return inner(); }
  langevin::pcg32 inner;
};

bool is_permutation_of_iota(const std::uint16_t* values, std::size_t count) {
  bool seen[64] = {};
  for (std::size_t i = 0; i < count; ++i) {
    if (values[i] >= count || seen[values[i]]) return false;
    seen[values[i]] = true;
  }
  return true;
}

// Index 0 .. 5 of a permutation of {0, 1, 2}.
int permutation_index(const std::uint8_t* p) { return p[0] * 2 + (p[1] > p[2] ? 1 : 0); }

// Pearson chi-square of `trials` shuffles of {0, 1, 2} against the uniform law on the 6
// orders. `naive` swaps every position with a uniformly chosen one (the classic biased
// shuffle: 27 equally likely paths onto 6 orders, probabilities 4/27, 5/27 or 4/27 ... ).
double three_element_chi_square(langevin::pcg32& g, int trials, bool naive) {
  int counts[6] = {};
  for (int t = 0; t < trials; ++t) {
    std::uint8_t p[3] = {0u, 1u, 2u};
    if (naive) {
      for (std::uint32_t i = 0; i < 3u; ++i) {
        const std::uint32_t j = g.bounded(3u);
        const std::uint8_t held = p[i];
        p[i] = p[j];
        p[j] = held;
      }
    } else {
      CHECK(langevin::shuffle(g, p, 3u) == langevin::status::ok);
    }
    ++counts[permutation_index(p)];
  }
  const double expected = trials / 6.0;
  double chi_square = 0.0;
  for (int count : counts) chi_square += (count - expected) * (count - expected) / expected;
  return chi_square;
}

}  // namespace

TEST_CASE("shuffle returns a permutation and is reproducible", "[random][shuffle]") {
  std::uint16_t a[50];
  std::uint16_t b[50];
  for (std::uint16_t i = 0; i < 50u; ++i) a[i] = b[i] = i;
  langevin::pcg32 g1{5u, 6u};
  langevin::pcg32 g2{5u, 6u};
  CHECK(langevin::shuffle(g1, a, 50u) == langevin::status::ok);
  CHECK(langevin::shuffle(g2, b, 50u) == langevin::status::ok);
  CHECK(is_permutation_of_iota(a, 50u));
  bool same = true;
  bool moved = false;
  for (std::size_t i = 0; i < 50u; ++i) {
    same = same && a[i] == b[i];
    moved = moved || a[i] != i;
  }
  CHECK(same);
  CHECK(moved);
  CHECK(g1 == g2);
}

TEST_CASE("shuffle uses count - 1 bounded draws in Fisher-Yates order", "[random][shuffle]") {
  std::uint16_t a[20];
  std::uint16_t expected[20];
  for (std::uint16_t i = 0; i < 20u; ++i) a[i] = expected[i] = i;
  langevin::pcg32 g{77u, 1u};
  langevin::pcg32 reference = g;
  REQUIRE(langevin::shuffle(g, a, 20u) == langevin::status::ok);
  for (std::uint32_t i = 20u; i > 1u; --i) {
    const std::uint32_t j = reference.bounded(i);
    const std::uint16_t held = expected[i - 1u];
    expected[i - 1u] = expected[j];
    expected[j] = held;
  }
  bool same = true;
  for (std::size_t i = 0; i < 20u; ++i) same = same && a[i] == expected[i];
  CHECK(same);
  CHECK(g == reference);
}

TEST_CASE("shuffle without a bounded member gives the same permutation", "[random][shuffle]") {
  std::uint16_t a[40];
  std::uint16_t b[40];
  for (std::uint16_t i = 0; i < 40u; ++i) a[i] = b[i] = i;
  langevin::pcg32 g{123u, 4u};
  plain_generator plain{langevin::pcg32{123u, 4u}};
  REQUIRE(langevin::shuffle(g, a, 40u) == langevin::status::ok);
  REQUIRE(langevin::shuffle(plain, b, 40u) == langevin::status::ok);
  bool same = true;
  for (std::size_t i = 0; i < 40u; ++i) same = same && a[i] == b[i];
  CHECK(same);
  CHECK(plain.inner == g);
}

TEST_CASE("shuffle rejects a null buffer and leaves small buffers and the generator alone", "[random][shuffle]") {
  langevin::pcg32 g{1u, 2u};
  const langevin::pcg32 before = g;
  int* none = nullptr;
  CHECK(langevin::shuffle(g, none, 3u) == langevin::status::invalid_argument);
  CHECK(langevin::shuffle(g, none, 0u) == langevin::status::ok);
  int one[1] = {42};
  CHECK(langevin::shuffle(g, one, 1u) == langevin::status::ok);
  CHECK(one[0] == 42);
  CHECK(g == before);
}

// Six orders of three elements, 12000 shuffles: under uniformity the Pearson statistic is
// chi-square with 5 degrees of freedom; P(chi2_5 > 35.89) = 1e-6, so a correct shuffle
// fails with probability 1e-6 (and the seed is fixed). The naive shuffle has order
// probabilities 4/27, 5/27, 5/27, 5/27, 4/27, 4/27 (expected chi-square about
// 12000 * sum (p - 1/6)^2 / (1/6) = 12000 * 0.0123 = 148), so it must be rejected.
TEST_CASE("shuffle orders of three are uniform by chi-square and the naive shuffle is rejected", "[random][shuffle]") {
  langevin::pcg32 g{2024u, 9u};
  CHECK(three_element_chi_square(g, 12000, false) < 35.89);
  CHECK(three_element_chi_square(g, 12000, true) > 35.89);
}
