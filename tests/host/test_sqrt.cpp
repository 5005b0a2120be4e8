// math::sqrt without libm: the FPU instruction through inline assembly where the type has
// one, the library's integer digit-by-digit method elsewhere (Cortex-M0/M3, double on
// Cortex-M4F). IEEE 754 requires a correctly rounded square root, so both must give the
// hardware's bits exactly. Here, on the host: math::sqrt against the hardware sqrt (std::sqrt)
// and math::detail::sqrt_digit_by_digit against both, for every 37th positive finite float
// bit pattern (about 58 million: the whole range in steps of 37 ulps, subnormals included),
// 10^7 random positive finite doubles, and the edges (subnormals, smallest and
// largest normal, every power of two, neighbours of 1 and of 4, perfect squares). The
// portable known-answer table (tests/portable/test_math.cpp) carries the same check to the
// ports that run the integer method.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include <langevin/math.hpp>
#include <langevin/random/pcg32.hpp>

#include "langevin_test.hpp"

namespace {

namespace lm = langevin::math;

/// Counts the disagreements between math::sqrt, sqrt_digit_by_digit and the hardware over a
/// set of inputs; keeps the first for the message.
struct sqrt_audit {
  std::uint64_t checked = 0u;
  std::uint64_t wrong = 0u;
  std::uint64_t first_wrong_bits = 0u;

  void check(double x) {
    const std::uint64_t hardware = lm::to_bits(std::sqrt(x));
    const bool ok = lm::to_bits(lm::sqrt(x)) == hardware &&
                    lm::to_bits(lm::detail::sqrt_digit_by_digit(x)) == hardware;
    note(ok, lm::to_bits(x));
  }
  void check(float x) {
    const std::uint32_t hardware = lm::to_bits(std::sqrt(x));
    const bool ok = lm::to_bits(lm::sqrt(x)) == hardware &&
                    lm::to_bits(lm::detail::sqrt_digit_by_digit(x)) == hardware;
    note(ok, lm::to_bits(x));
  }

 private:
  void note(bool ok, std::uint64_t bits) {
    ++checked;
    if (!ok && wrong++ == 0u) first_wrong_bits = bits;
  }
};

/// Every `stride`-th positive finite float bit pattern from 1 (the smallest subnormal).
sqrt_audit float_sweep(std::uint32_t stride) {
  sqrt_audit audit;
  for (std::uint32_t bits = 1u; bits <= 0x7F7FFFFFu; bits += stride) {
    audit.check(lm::float_from_bits(bits));
    if (bits > 0x7F7FFFFFu - stride) break;
  }
  return audit;
}

/// `count` positive finite doubles with uniformly random bit patterns (every binade equally
/// likely, subnormals included).
sqrt_audit random_doubles(std::uint64_t count, std::uint64_t seed) {
  sqrt_audit audit;
  langevin::pcg32 g{seed, 12u};
  while (audit.checked < count) {
    const std::uint64_t high = g();
    const std::uint64_t bits = ((high << 32u) | g()) & 0x7FFFFFFFFFFFFFFFull;
    if (bits == 0u || bits >= 0x7FF0000000000000ull) continue;  // zero, infinity, NaN
    audit.check(lm::double_from_bits(bits));
  }
  return audit;
}

}  // namespace

TEST_CASE("sqrt: every 37th positive float bit pattern gives the hardware's bits, both methods", "[math][sqrt][slow]") {
  const sqrt_audit audit = float_sweep(37u);
  CAPTURE(audit.checked, audit.wrong, audit.first_wrong_bits);
  CHECK(audit.checked == 0x7F7FFFFFu / 37u + 1u);
  CHECK(audit.wrong == 0u);
}

TEST_CASE("sqrt: 10^7 random positive finite doubles give the hardware's bits, both methods", "[math][sqrt][slow]") {
  const sqrt_audit audit = random_doubles(10000000u, 2026u);
  CAPTURE(audit.wrong, audit.first_wrong_bits);
  CHECK(audit.checked == 10000000u);
  CHECK(audit.wrong == 0u);
}

TEST_CASE("sqrt: a thinner sweep of floats and doubles (for the sanitizer and emulated builds)", "[math][sqrt]") {
  const sqrt_audit floats = float_sweep(99991u);
  CAPTURE(floats.wrong, floats.first_wrong_bits);
  CHECK(floats.checked > 20000u);
  CHECK(floats.wrong == 0u);
  const sqrt_audit doubles = random_doubles(100000u, 7u);
  CAPTURE(doubles.wrong, doubles.first_wrong_bits);
  CHECK(doubles.wrong == 0u);
}

TEST_CASE("sqrt: subnormals, normal limits, every power of two, neighbours of 1 and 4, perfect squares",
          "[math][sqrt]") {
  sqrt_audit audit;
  // Every power of two of both types (odd and even exponents, subnormal ones included).
  for (int e = -1074; e <= 1023; ++e) audit.check(std::ldexp(1.0, e));
  for (int e = -149; e <= 127; ++e) audit.check(std::ldexp(1.0f, e));
  // Subnormals: the smallest ones, the largest, one below the smallest normal, and the
  // whole first float binade of subnormals patterns 1 .. 4096.
  for (std::uint64_t bits : {1ull, 2ull, 3ull, 0x000FFFFFFFFFFFFFull, 0x000FFFFFFFFFFFFEull, 0x0008000000000000ull,
                             0x0000000100000001ull, 0x0007FFFFFFFFFFFFull}) {
    audit.check(lm::double_from_bits(bits));
  }
  for (std::uint32_t bits = 1u; bits <= 4096u; ++bits) audit.check(lm::float_from_bits(bits));
  for (std::uint32_t bits : {0x007FFFFFu, 0x007FFFFEu, 0x00400000u, 0x00400001u}) audit.check(lm::float_from_bits(bits));
  // Smallest and largest normal, and their neighbours.
  audit.check(std::numeric_limits<double>::min());
  audit.check(std::nextafter(std::numeric_limits<double>::min(), 1.0));
  audit.check(std::numeric_limits<double>::max());
  audit.check(std::nextafter(std::numeric_limits<double>::max(), 0.0));
  audit.check(std::numeric_limits<float>::min());
  audit.check(std::nextafter(std::numeric_limits<float>::min(), 1.0f));
  audit.check(std::numeric_limits<float>::max());
  audit.check(std::nextafter(std::numeric_limits<float>::max(), 0.0f));
  // 64 neighbours on each side of 1 and of 4 (the two binades a root lands in).
  for (double centre : {1.0, 4.0}) {
    double up = centre;
    double down = centre;
    for (int k = 0; k < 64; ++k) {
      audit.check(up = std::nextafter(up, 10.0));
      audit.check(down = std::nextafter(down, 0.0));
    }
  }
  for (float centre : {1.0f, 4.0f}) {
    float up = centre;
    float down = centre;
    for (int k = 0; k < 64; ++k) {
      audit.check(up = std::nextafter(up, 10.0f));
      audit.check(down = std::nextafter(down, 0.0f));
    }
  }
  // Perfect squares (exact roots) and their neighbours.
  for (std::uint32_t k = 1u; k < 5000u; ++k) {
    const double square = static_cast<double>(k) * static_cast<double>(k);
    audit.check(square);
    audit.check(std::nextafter(square, 0.0));
    audit.check(std::nextafter(square, 1e300));
    audit.check(static_cast<float>(square));
  }
  CAPTURE(audit.checked, audit.first_wrong_bits);
  CHECK(audit.wrong == 0u);
  CHECK(lm::detail::sqrt_digit_by_digit(9.0) == 3.0);
  CHECK(lm::detail::sqrt_digit_by_digit(0x1p-1074) == 0x1p-537);
  CHECK(lm::detail::sqrt_digit_by_digit(0x1p-149f) == 0x1.6a09e6p-75f);
}

TEST_CASE("sqrt: zeros, infinities, negatives and NaN", "[math][sqrt]") {
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(lm::to_bits(lm::sqrt(0.0)) == 0u);
  CHECK(lm::to_bits(lm::sqrt(-0.0)) == 0x8000000000000000ull);
  CHECK(lm::sqrt(inf) == inf);
  CHECK(lm::to_bits(lm::sqrt(0.0f)) == 0u);
  CHECK(lm::to_bits(lm::sqrt(-0.0f)) == 0x80000000u);
  CHECK(lm::sqrt(std::numeric_limits<float>::infinity()) == std::numeric_limits<float>::infinity());
  // Negatives, -inf included: the canonical NaN (positive sign), whatever the FPU's default.
  for (double x : {-1.0, -inf, -std::numeric_limits<double>::denorm_min(), -std::numeric_limits<double>::max()}) {
    CHECK(lm::to_bits(lm::sqrt(x)) == 0x7FF8000000000000ull);
  }
  for (float x : {-1.0f, -std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::denorm_min(),
                  -std::numeric_limits<float>::max()}) {
    CHECK(lm::to_bits(lm::sqrt(x)) == 0x7FC00000u);
  }
  // NaN in, the same NaN out, quieted (payload and sign kept).
  CHECK(lm::to_bits(lm::sqrt(lm::double_from_bits(0x7FF0000000000001ull))) == 0x7FF8000000000001ull);
  CHECK(lm::to_bits(lm::sqrt(lm::double_from_bits(0xFFF8000000000123ull))) == 0xFFF8000000000123ull);
  CHECK(lm::to_bits(lm::sqrt(lm::float_from_bits(0x7F800001u))) == 0x7FC00001u);
  CHECK(lm::to_bits(lm::sqrt(lm::float_from_bits(0xFFC00123u))) == 0xFFC00123u);
}
