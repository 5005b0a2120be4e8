// Bad input, table driven: every public entry point gets NaN, +-Inf, zero, negative, tiny
// and huge values for each parameter (and null or short buffers, out-of-range sizes and
// enumerators), and must answer with its documented status or documented value, leave its
// objects unchanged when it refuses, and never run into undefined behaviour (this file
// runs under ASan + UBSan in the host-sanitize preset).
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <langevin/checkpoint.hpp>
#include <langevin/langevin.hpp>
#include <langevin/math.hpp>
#include <langevin/optimize/dataset.hpp>

#include "langevin_test.hpp"

namespace {

/// One row of the bad-value table.
template <class Real>
struct bad_value {
  const char* name;
  Real value;
};

/// The values every real parameter is fed.
template <class Real>
std::vector<bad_value<Real>> bad_reals() {
  using limits = std::numeric_limits<Real>;
  return {{"NaN", limits::quiet_NaN()},
          {"-NaN", -limits::quiet_NaN()},
          {"+Inf", limits::infinity()},
          {"-Inf", -limits::infinity()},
          {"+0", Real(0)},
          {"-0", -Real(0)},
          {"-1", Real(-1)},
          {"smallest subnormal", limits::denorm_min()},
          {"-smallest subnormal", -limits::denorm_min()},
          {"largest finite", limits::max()},
          {"most negative finite", limits::lowest()}};
}

template <class Real>
bool finite(Real x) {
  return std::isfinite(x);
}

template <class Real>
const char* real_name() {
  return sizeof(Real) == 4 ? "float" : "double";
}

}  // namespace

// --- random -----------------------------------------------------------------------------------

TEST_CASE("bad input: pcg32 rejects an even increment and bounded(0) draws nothing", "[bad_input][pcg32]") {
  langevin::pcg32 g{1u, 2u};
  const langevin::pcg32 before = g;
  for (std::uint64_t increment : {0ull, 2ull, 0xFFFFFFFFFFFFFFFEull}) {
    CAPTURE(increment);
    CHECK(g.set_state({123u, increment}) == langevin::status::invalid_argument);
    CHECK(g == before);
  }
  CHECK(g.bounded(0u) == 0u);
  CHECK(g == before);
  g.advance(0u);
  g.backstep(0u);
  CHECK(g == before);
}

TEMPLATE_TEST_CASE("bad input: uniform(g, lower, upper) with bad bounds", "[bad_input][uniform]", float, double) {
  using Real = TestType;
  for (const auto& lower : bad_reals<Real>()) {
    for (const auto& upper : bad_reals<Real>()) {
      CAPTURE(real_name<Real>(), lower.name, upper.name);
      langevin::pcg32 g{5u, 6u};
      langevin::pcg32 reference = g;
      const Real r = langevin::uniform(g, lower.value, upper.value);
      static_cast<void>(langevin::uniform<Real>(reference));
      CHECK(g == reference);  // the same draws whatever the bounds
      const Real width = upper.value - lower.value;
      // Documented: lower + (upper - lower) * u, u in [0, 1). Finite bounds with a finite
      // width give a finite value in the closed interval; non-finite ones do not crash.
      if (finite(lower.value) && finite(upper.value) && finite(width)) {
        CHECK(finite(r));
        CHECK(r >= std::fmin(lower.value, upper.value));
        CHECK(r <= std::fmax(lower.value, upper.value));
      }
      if (std::isnan(lower.value) || std::isnan(upper.value)) CHECK(std::isnan(r));
    }
  }
}

TEMPLATE_TEST_CASE("bad input: normal(g, mean, sigma) with bad parameters", "[bad_input][normal]", float, double) {
  using Real = TestType;
  for (const auto& mean : bad_reals<Real>()) {
    for (const auto& sigma : bad_reals<Real>()) {
      CAPTURE(real_name<Real>(), mean.name, sigma.name);
      langevin::pcg32 g{11u, 12u};
      langevin::pcg32 reference = g;
      const Real r = langevin::normal(g, mean.value, sigma.value);
      const Real z = langevin::normal<Real>(reference);
      CHECK(g == reference);
      // Documented: mean + sigma * z with the same draws as normal<Real>(g).
      const Real expected = mean.value + sigma.value * z;
      CHECK((std::isnan(expected) ? std::isnan(r) : r == expected));
    }
  }
}

TEMPLATE_TEST_CASE("bad input: normal_bounded with 0 and huge round budgets", "[bad_input][normal]", float, double) {
  using Real = TestType;
  for (std::uint32_t rounds : {0u, 1u, 0xFFFFFFFFu}) {
    CAPTURE(rounds);
    langevin::pcg32 g{13u, 14u};
    bool all_finite = true;
    for (int i = 0; i < 2000; ++i) all_finite = all_finite && finite(langevin::normal_bounded<Real>(g, rounds));
    CHECK(all_finite);
  }
  langevin::pcg32 zero{15u, 16u};
  langevin::pcg32 one = zero;
  CHECK(langevin::normal_bounded<Real>(zero, 0u) == langevin::normal_bounded<Real>(one, 1u));  // 0 counts as 1
  CHECK(zero == one);
}

TEMPLATE_TEST_CASE("bad input: normal_fill with a null buffer draws nothing", "[bad_input][normal]", float, double) {
  using Real = TestType;
  langevin::pcg32 g{17u, 18u};
  const langevin::pcg32 before = g;
  for (std::size_t count : {std::size_t{1}, std::size_t{1000}, std::numeric_limits<std::size_t>::max()}) {
    CAPTURE(count);
    CHECK(langevin::normal_fill<Real>(g, static_cast<Real*>(nullptr), count) == langevin::status::invalid_argument);
    CHECK(g == before);
  }
  CHECK(langevin::normal_fill<Real>(g, static_cast<Real*>(nullptr), 0u) == langevin::status::ok);
  CHECK(langevin::normal_fill<Real>(g, langevin::span<Real>{}) == langevin::status::ok);
  CHECK(g == before);
}

TEST_CASE("bad input: shuffle with a null buffer or an impossible count", "[bad_input][shuffle]") {
  langevin::pcg32 g{19u, 20u};
  const langevin::pcg32 before = g;
  CHECK(langevin::shuffle(g, static_cast<int*>(nullptr), 5u) == langevin::status::invalid_argument);
  CHECK(g == before);
  int one[1] = {42};
  CHECK(langevin::shuffle(g, one, 1u) == langevin::status::ok);
  CHECK(langevin::shuffle(g, static_cast<int*>(nullptr), 0u) == langevin::status::ok);
  CHECK(g == before);
  CHECK(one[0] == 42);
  if (sizeof(std::size_t) > 4) {
    // count >= 2^32 is refused before the buffer is touched (a 1-element buffer suffices).
    const auto huge = static_cast<std::size_t>(std::uint64_t{1} << 32u);
    CHECK(langevin::shuffle(g, one, huge) == langevin::status::invalid_argument);
    CHECK(g == before);
    CHECK(one[0] == 42);
  }
}

// --- math ---------------------------------------------------------------------------------------

TEMPLATE_TEST_CASE("bad input: math::exp and math::log at special values", "[bad_input][math]", float, double) {
  using Real = TestType;
  using limits = std::numeric_limits<Real>;
  for (const auto& x : bad_reals<Real>()) {
    CAPTURE(real_name<Real>(), x.name);
    const Real e = langevin::math::exp(x.value);
    const Real l = langevin::math::log(x.value);
    if (std::isnan(x.value)) {
      CHECK(std::isnan(e));
      CHECK(std::isnan(l));
      continue;
    }
    CHECK_FALSE(std::isnan(e));
    CHECK(e >= Real(0));
    if (x.value == limits::infinity()) CHECK(e == limits::infinity());
    if (x.value == -limits::infinity()) CHECK(e == Real(0));
    if (x.value == limits::max()) CHECK(e == limits::infinity());
    if (x.value == limits::lowest()) CHECK(e == Real(0));
    if (x.value == Real(0)) {
      CHECK(e == Real(1));
      CHECK(l == -limits::infinity());  // log(+-0) = -inf
    }
    if (x.value < Real(0)) CHECK(std::isnan(l));
    if (x.value > Real(0)) CHECK_FALSE(std::isnan(l));
    if (x.value == limits::infinity()) CHECK(l == limits::infinity());
  }
}

// --- data set -------------------------------------------------------------------------------------

TEST_CASE("bad input: batch_sampler::init refuses impossible sizes and modes, unchanged", "[bad_input][dataset]") {
  struct row {
    const char* name;
    std::size_t count;
    std::size_t batch;
    langevin::sampling mode;
    langevin::status expected;
  };
  const auto without = langevin::sampling::without_replacement;
  const auto with = langevin::sampling::with_replacement;
  const auto in_order = langevin::sampling::in_order;
  std::vector<row> rows = {
      {"N = 0", 0u, 1u, with, langevin::status::invalid_argument},
      {"B = 0", 10u, 0u, with, langevin::status::invalid_argument},
      {"B > N", 10u, 11u, in_order, langevin::status::invalid_argument},
      {"B huge", 10u, std::numeric_limits<std::size_t>::max(), with, langevin::status::invalid_argument},
      {"mode not an enumerator", 10u, 2u, static_cast<langevin::sampling>(3), langevin::status::invalid_argument},
      {"mode 255", 10u, 2u, static_cast<langevin::sampling>(255), langevin::status::invalid_argument},
      {"N > capacity without replacement", 65u, 2u, without, langevin::status::buffer_too_small},
  };
  if (sizeof(std::size_t) > 4) {
    rows.push_back({"N = 2^32", static_cast<std::size_t>(std::uint64_t{1} << 32u), 1u, with,
                    langevin::status::invalid_argument});
  }
  for (const row& r : rows) {
    CAPTURE(r.name);
    langevin::batch_sampler<64> sampler;
    REQUIRE(sampler.init(7u, 3u, without) == langevin::status::ok);
    langevin::batch_sampler<64> before = sampler;
    CHECK(sampler.init(r.count, r.batch, r.mode) == r.expected);
    CHECK(sampler.sample_count() == before.sample_count());
    CHECK(sampler.batch_size() == before.batch_size());
    CHECK(sampler.mode() == before.mode());
    CHECK(sampler.position() == before.position());
    CHECK(sampler.epochs() == before.epochs());
    const auto order = sampler.order();
    const auto order_before = before.order();
    REQUIRE(order.size() == order_before.size());
    for (std::size_t i = 0; i < order.size(); ++i) CHECK(order[i] == order_before[i]);
  }
}

// --- checkpoint -------------------------------------------------------------------------------------

TEST_CASE("bad input: checkpoint save into null or short buffers, restore from null or short blobs",
          "[bad_input][checkpoint]") {
  langevin::pcg32 g{21u, 22u};
  const langevin::pcg32 before = g;
  unsigned char buffer[64] = {};
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, langevin::checkpoint_size<langevin::pcg32> - 1u}) {
    CAPTURE(size);
    CHECK(langevin::save_checkpoint(g, buffer, size) == langevin::status::buffer_too_small);
    CHECK(langevin::restore_checkpoint(g, buffer, size) == langevin::status::corrupt_data);
    CHECK(g == before);
  }
  CHECK(langevin::save_checkpoint(g, static_cast<unsigned char*>(nullptr), 64u) == langevin::status::buffer_too_small);
  CHECK(langevin::restore_checkpoint(g, static_cast<const unsigned char*>(nullptr), 64u) ==
        langevin::status::corrupt_data);
  // A buffer of all zeros, of all 0xFF (erased flash) and a blob of another kind.
  std::memset(buffer, 0, sizeof buffer);
  CHECK(langevin::restore_checkpoint(g, buffer, sizeof buffer) == langevin::status::corrupt_data);
  std::memset(buffer, 0xFF, sizeof buffer);
  CHECK(langevin::restore_checkpoint(g, buffer, sizeof buffer) == langevin::status::corrupt_data);
  CHECK(g == before);
}
