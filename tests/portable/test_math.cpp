// langevin/math.hpp checks that run on every port: special values, exact identities, and a
// golden test proving bit-identical results: the FNV-1a hash of the bit patterns of every
// function's outputs at fixed inputs must equal the constant recorded on the x86-64 host.
// (The accuracy against libm is measured by tests/host/test_math_ulp.cpp.)
#include <cstdint>
#include <limits>

#include <langevin/math.hpp>
#include <langevin/random/pcg32.hpp>

#include "langevin_test.hpp"

namespace {

namespace lm = langevin::math;

constexpr double dinf = std::numeric_limits<double>::infinity();
constexpr float finf = std::numeric_limits<float>::infinity();

bool same_bits(double a, double b) { return lm::to_bits(a) == lm::to_bits(b); }
bool same_bits(float a, float b) { return lm::to_bits(a) == lm::to_bits(b); }

// FNV-1a over the little-endian bytes of the bit patterns; every NaN hashes alike (the
// functions produce the canonical NaN, but NaN payloads are not what this test is about).
struct fnv1a {
  std::uint64_t state = 0xcbf29ce484222325ull;
  void add_byte(std::uint32_t byte) {
    state ^= byte & 0xffu;
    state *= 0x100000001b3ull;
  }
  void add(double x) {
    const std::uint64_t u = lm::is_nan(x) ? 0x7ff8000000000000ull : lm::to_bits(x);
    for (int i = 0; i < 8; ++i) add_byte(static_cast<std::uint32_t>(u >> (8 * i)));
  }
  void add(float x) {
    const std::uint32_t u = lm::is_nan(x) ? 0x7fc00000u : lm::to_bits(x);
    for (int i = 0; i < 4; ++i) add_byte(u >> (8 * i));
  }
};

// Deterministic argument source: a 32-bit LCG; uniform(lo, hi) uses exact scaling by 2^-32
// and a fixed order of operations, so the inputs are the same on every port too.
struct arguments {
  std::uint32_t state = 12345u;
  std::uint32_t next() {
    state = state * 1664525u + 1013904223u;
    return state;
  }
  template <typename Real>
  Real uniform(Real lo, Real hi) {
    const Real u = static_cast<Real>(next() >> 8) * static_cast<Real>(0x1p-24);
    return lo + (hi - lo) * u;
  }
  // 2^e (1 + u), e uniform in [e_lo, e_hi]: covers many binades (subnormals when e is low).
  double binade_double(int e_lo, int e_hi) {
    const int e = e_lo + static_cast<int>(next() % static_cast<std::uint32_t>(e_hi - e_lo + 1));
    const double m = 1.0 + static_cast<double>(next()) * 0x1p-32;
    return e < -1022 ? m * 0x1p-1022 * lm::detail::pow2_double(e + 1022) : m * lm::detail::pow2_double(e);
  }
  float binade_float(int e_lo, int e_hi) {
    const int e = e_lo + static_cast<int>(next() % static_cast<std::uint32_t>(e_hi - e_lo + 1));
    const float m = 1.0f + static_cast<float>(next() >> 9) * 0x1p-23f;
    return e < -126 ? m * 0x1p-126f * lm::detail::pow2_float(e + 126) : m * lm::detail::pow2_float(e);
  }
};

constexpr int per_function = 150;

std::uint64_t golden_hash_double() {
  fnv1a h;
  arguments a;
  for (int i = 0; i < per_function; ++i) {
    h.add(lm::exp(a.uniform(-746.0, 710.0)));
    h.add(lm::exp(a.uniform(-2.0, 2.0)));
    h.add(lm::log(a.binade_double(-1074, 1023)));
    h.add(lm::log(a.uniform(0.7, 1.5)));
    h.add(lm::expm1(a.uniform(-40.0, 45.0)));
    h.add(lm::expm1(a.uniform(-0.3, 0.3)));
    h.add(lm::log1p(a.uniform(-1.0, 3.0)));
    h.add(lm::log1p(a.binade_double(-60, 60)));
    const double base = a.binade_double(-30, 30);  // (argument evaluation order is unspecified)
    h.add(lm::pow(base, a.uniform(-20.0, 20.0)));
    const double b_plus_n = a.uniform(1.0, 1e6);
    h.add(lm::pow(b_plus_n, -a.uniform(0.5, 1.0)));
    h.add(lm::cos_pi(a.uniform(-1e6, 1e6)));
    h.add(lm::sin_pi(a.uniform(-2.0, 2.0)));
    h.add(lm::sqrt(a.binade_double(-1074, 1023)));
  }
  return h.state;
}

std::uint64_t golden_hash_float() {
  fnv1a h;
  arguments a;
  for (int i = 0; i < per_function; ++i) {
    h.add(lm::exp(a.uniform(-104.0f, 89.0f)));
    h.add(lm::exp(a.uniform(-2.0f, 2.0f)));
    h.add(lm::log(a.binade_float(-149, 127)));
    h.add(lm::log(a.uniform(0.7f, 1.5f)));
    h.add(lm::expm1(a.uniform(-20.0f, 25.0f)));
    h.add(lm::expm1(a.uniform(-0.3f, 0.3f)));
    h.add(lm::log1p(a.uniform(-1.0f, 3.0f)));
    h.add(lm::log1p(a.binade_float(-30, 30)));
    const float base = a.binade_float(-8, 8);
    h.add(lm::pow(base, a.uniform(-10.0f, 10.0f)));
    const float b_plus_n = a.uniform(1.0f, 1e4f);
    h.add(lm::pow(b_plus_n, -a.uniform(0.5f, 1.0f)));
    h.add(lm::cos_pi(a.uniform(-1e4f, 1e4f)));
    h.add(lm::sin_pi(a.uniform(-2.0f, 2.0f)));
    h.add(lm::sqrt(a.binade_float(-149, 127)));
  }
  return h.state;
}

}  // namespace

TEST_CASE("math golden hash: double results are bit-identical to the host's", "[math]") {
  CHECK(golden_hash_double() == 0x913e586530273543ull);
}

TEST_CASE("math golden hash: float results are bit-identical to the host's", "[math]") {
  CHECK(golden_hash_float() == 0xa046a6ed88cff1f6ull);
}

TEST_CASE("math classification and helpers work on bit patterns", "[math]") {
  const double dnan = std::numeric_limits<double>::quiet_NaN();
  const float fnan = std::numeric_limits<float>::quiet_NaN();
  CHECK(lm::is_nan(dnan));
  CHECK(lm::is_nan(-dnan));
  CHECK_FALSE(lm::is_nan(dinf));
  CHECK_FALSE(lm::is_nan(1.0));
  CHECK(lm::is_nan(fnan));
  CHECK_FALSE(lm::is_nan(finf));
  CHECK(lm::is_finite(std::numeric_limits<double>::max()));
  CHECK(lm::is_finite(std::numeric_limits<double>::denorm_min()));
  CHECK_FALSE(lm::is_finite(-dinf));
  CHECK_FALSE(lm::is_finite(dnan));
  CHECK(lm::is_finite(-std::numeric_limits<float>::max()));
  CHECK_FALSE(lm::is_finite(finf));
  CHECK_FALSE(lm::is_finite(fnan));
  CHECK(lm::is_inf(-dinf));
  CHECK(lm::is_inf(finf));
  CHECK_FALSE(lm::is_inf(dnan));
  CHECK(same_bits(lm::abs(-0.0), 0.0));
  CHECK(lm::abs(-2.5f) == 2.5f);
  CHECK(same_bits(lm::copysign(3.0, -0.0), -3.0));
  CHECK(lm::fmin(dnan, 2.0) == 2.0);
  CHECK(lm::fmax(1.0f, fnan) == 1.0f);
  CHECK(same_bits(lm::fmin(0.0, -0.0), -0.0));
  CHECK(same_bits(lm::fmax(-0.0f, 0.0f), 0.0f));
  CHECK(lm::fmin(-1.0, 3.0) == -1.0);
  CHECK(lm::fmax(-1.0f, 3.0f) == 3.0f);
}

TEST_CASE("math exp special values and thresholds", "[math]") {
  CHECK(lm::exp(0.0) == 1.0);
  CHECK(lm::exp(-0.0f) == 1.0f);
  CHECK(lm::exp(dinf) == dinf);
  CHECK(same_bits(lm::exp(-dinf), 0.0));
  CHECK(lm::is_nan(lm::exp(std::numeric_limits<double>::quiet_NaN())));
  CHECK(lm::is_nan(lm::exp(std::numeric_limits<float>::quiet_NaN())));
  CHECK(lm::exp(709.78) < dinf);
  CHECK(lm::exp(709.79) == dinf);
  CHECK(lm::exp(88.72f) < finf);
  CHECK(lm::exp(88.73f) == finf);
  // Subnormal results, then zero.
  CHECK(lm::exp(-740.0) > 0.0);
  CHECK(lm::exp(-740.0) < std::numeric_limits<double>::min());
  CHECK(lm::exp(-745.0) == std::numeric_limits<double>::denorm_min());
  CHECK(same_bits(lm::exp(-745.2), 0.0));
  CHECK(lm::exp(-100.0f) > 0.0f);
  CHECK(lm::exp(-100.0f) < std::numeric_limits<float>::min());
  CHECK(lm::exp(-103.9f) == std::numeric_limits<float>::denorm_min());
  CHECK(same_bits(lm::exp(-104.0f), 0.0f));
  CHECK(lm::exp(1.0) == 0x1.5bf0a8b145769p+1);  // e, correctly rounded
  CHECK(lm::exp(1.0f) == 0x1.5bf0a8p+1f);
}

TEST_CASE("math log special values and exact cases", "[math]") {
  CHECK(same_bits(lm::log(1.0), 0.0));
  CHECK(same_bits(lm::log(1.0f), 0.0f));
  CHECK(lm::log(0.0) == -dinf);
  CHECK(lm::log(-0.0) == -dinf);
  CHECK(lm::log(0.0f) == -finf);
  CHECK(lm::is_nan(lm::log(-1.0)));
  CHECK(lm::is_nan(lm::log(-dinf)));
  CHECK(lm::is_nan(lm::log(-1e-30f)));
  CHECK(lm::log(dinf) == dinf);
  CHECK(lm::log(finf) == finf);
  CHECK(lm::is_nan(lm::log(std::numeric_limits<double>::quiet_NaN())));
  CHECK(lm::log(2.0) == 0x1.62e42fefa39efp-1);  // ln 2, correctly rounded
  CHECK(lm::log(2.0f) == 0x1.62e43p-1f);
  CHECK(lm::log(std::numeric_limits<double>::denorm_min()) == -0x1.74385446d71c3p+9);  // -1074 ln 2
  CHECK(lm::log(std::numeric_limits<float>::denorm_min()) == -0x1.9d1da0p+6f);        // -149 ln 2
  CHECK(lm::log(std::numeric_limits<double>::max()) == 0x1.62e42fefa39efp+9);
}

TEST_CASE("math expm1 and log1p keep small arguments exact", "[math]") {
  CHECK(same_bits(lm::expm1(-0.0), -0.0));
  CHECK(same_bits(lm::log1p(-0.0f), -0.0f));
  CHECK(lm::expm1(1e-300) == 1e-300);
  CHECK(lm::log1p(1e-300) == 1e-300);
  CHECK(lm::expm1(1e-30f) == 1e-30f);
  CHECK(lm::log1p(-1e-30f) == -1e-30f);
  CHECK(lm::expm1(-dinf) == -1.0);
  CHECK(lm::expm1(-50.0f) == -1.0f);
  CHECK(lm::expm1(dinf) == dinf);
  CHECK(lm::expm1(1000.0) == dinf);
  CHECK(lm::log1p(-1.0) == -dinf);
  CHECK(lm::is_nan(lm::log1p(-2.0f)));
  CHECK(lm::log1p(finf) == finf);
  // BAOAB's use: sqrt(-expm1(-2 gamma dt)) stays accurate when gamma dt is tiny.
  const double c = lm::sqrt(-lm::expm1(-2e-12));
  CHECK(c > 1.4142135e-6);
  CHECK(c < 1.4142136e-6);
}

TEST_CASE("math pow special values and exact powers", "[math]") {
  CHECK(lm::pow(2.0, 10.0) == 1024.0);
  CHECK(lm::pow(2.0f, -3.0f) == 0.125f);
  CHECK(lm::pow(10.0, 2.0) == 100.0);
  CHECK(lm::pow(9.0f, 0.5f) == 3.0f);
  CHECK(lm::pow(4.0, -0.5) == 0.5);
  CHECK(lm::pow(std::numeric_limits<double>::quiet_NaN(), 0.0) == 1.0);
  CHECK(lm::pow(1.0f, std::numeric_limits<float>::quiet_NaN()) == 1.0f);
  CHECK(lm::is_nan(lm::pow(2.0, std::numeric_limits<double>::quiet_NaN())));
  CHECK(lm::pow(0.0, 3.0) == 0.0);
  CHECK(lm::pow(0.0f, -1.0f) == finf);
  CHECK(same_bits(lm::pow(-0.0, 3.0), -0.0));
  CHECK(lm::pow(-0.0, -3.0) == -dinf);
  CHECK(lm::pow(-2.0, 3.0) == -8.0);
  CHECK(lm::pow(-2.0f, 2.0f) == 4.0f);
  CHECK(lm::is_nan(lm::pow(-2.0, 0.5)));
  CHECK(lm::pow(dinf, -1.0) == 0.0);
  CHECK(lm::pow(finf, 0.5f) == finf);
  CHECK(lm::pow(0.5, dinf) == 0.0);
  CHECK(lm::pow(0.5f, -finf) == finf);
  CHECK(lm::pow(-1.0, dinf) == 1.0);
  CHECK(lm::pow(10.0, 400.0) == dinf);
  CHECK(lm::pow(10.0f, -50.0f) == 0.0f);
  CHECK(lm::pow(2.0, -1074.0) == std::numeric_limits<double>::denorm_min());
  CHECK(lm::pow(2.0f, -149.0f) == std::numeric_limits<float>::denorm_min());
}

TEST_CASE("math cos_pi and sin_pi are exact at multiples of one half", "[math]") {
  CHECK(lm::cos_pi(0.0) == 1.0);
  CHECK(lm::cos_pi(1.0) == -1.0);
  CHECK(lm::cos_pi(-3.0f) == -1.0f);
  CHECK(same_bits(lm::cos_pi(0.5), 0.0));
  CHECK(same_bits(lm::cos_pi(-1.5f), 0.0f));
  CHECK(lm::sin_pi(0.5) == 1.0);
  CHECK(lm::sin_pi(1.5f) == -1.0f);
  CHECK(lm::sin_pi(-0.5) == -1.0);
  CHECK(same_bits(lm::sin_pi(2.0), 0.0));
  CHECK(same_bits(lm::sin_pi(-1.0f), -0.0f));
  CHECK(same_bits(lm::sin_pi(-0.0), -0.0));
  CHECK(lm::cos_pi(0x1p60) == 1.0);
  CHECK(lm::cos_pi(0x1p52 + 1.0) == -1.0);
  CHECK(lm::cos_pi(0x1p23f + 1.0f) == -1.0f);
  CHECK(lm::sin_pi(1e300) == 0.0);
  CHECK(lm::cos_pi(0.25) == 0x1.6a09e667f3bcdp-1);  // sqrt(2)/2 correctly rounded
  CHECK(lm::sin_pi(0.25f) == 0x1.6a09e6p-1f);
  CHECK(lm::cos_pi(1.0 / 3.0) > 0.5 - 1e-15);
  CHECK(lm::cos_pi(1.0 / 3.0) < 0.5 + 1e-15);
  CHECK(lm::is_nan(lm::cos_pi(dinf)));
  CHECK(lm::is_nan(lm::sin_pi(-finf)));
  CHECK(lm::is_nan(lm::sin_pi(std::numeric_limits<double>::quiet_NaN())));
}

TEST_CASE("math sqrt is exact where it can be and canonical elsewhere", "[math]") {
  CHECK(lm::sqrt(4.0) == 2.0);
  CHECK(lm::sqrt(0.25f) == 0.5f);
  CHECK(same_bits(lm::sqrt(-0.0), -0.0));
  CHECK(lm::sqrt(dinf) == dinf);
  CHECK(same_bits(lm::sqrt(-1.0), lm::double_from_bits(0x7ff8000000000000ull)));
  CHECK(same_bits(lm::sqrt(-1.0f), lm::float_from_bits(0x7fc00000u)));
  CHECK(lm::sqrt(2.0) == 0x1.6a09e667f3bcdp+0);
  CHECK(lm::sqrt(2.0f) == 0x1.6a09e6p+0f);
}

namespace {

// Correctly rounded square roots, as bit patterns {input, sqrt(input)}, computed with exact
// rational arithmetic (integer square root of the scaled significand, then round to nearest;
// Python's fractions and math.isqrt, no floating point), independently of any FPU: the
// subnormals, the normal limits, neighbours of 1, 2 and 4, and some ordinary values. The
// ports without a square-root instruction (Cortex-M0/M3 float, every Cortex-M double) run the
// library's integer method; these bits prove it rounds as IEEE 754 requires.
struct float_root {
  std::uint32_t input;
  std::uint32_t root;
};
const float_root float_roots[] = {
    {0x00000001u, 0x1A3504F3u},
    {0x00000002u, 0x1A800000u},
    {0x007FFFFFu, 0x1FFFFFFFu},
    {0x00400000u, 0x1FB504F3u},
    {0x00800000u, 0x20000000u},
    {0x00800001u, 0x20000000u},
    {0x7F7FFFFFu, 0x5F7FFFFFu},
    {0x7F7FFFFEu, 0x5F7FFFFFu},
    {0x3F800000u, 0x3F800000u},
    {0x40000000u, 0x3FB504F3u},
    {0x40400000u, 0x3FDDB3D7u},
    {0x3F000000u, 0x3F3504F3u},
    {0x41200000u, 0x404A62C2u},
    {0x3DCCCCCDu, 0x3EA1E89Bu},
    {0x3F800001u, 0x3F800000u},
    {0x3F7FFFFFu, 0x3F7FFFFFu},
    {0x407FFFFFu, 0x3FFFFFFFu},
    {0x40800001u, 0x40000000u},
    {0x3FFFFFFFu, 0x3FB504F3u},
    {0x47F12065u, 0x43AFAE9Eu},
    {0x0DA24260u, 0x26901D7Du},
    {0x7149F2CAu, 0x58635FA9u},
    {0x4B7FFFFFu, 0x457FFFFFu},
    {0x3F400000u, 0x3F5DB3D7u},
    {0x3FB504F3u, 0x3F9837F0u},
    {0x00000005u, 0x1ACA62C2u},
};
struct double_root {
  std::uint64_t input;
  std::uint64_t root;
};
const double_root double_roots[] = {
    {0x0000000000000001ull, 0x1E60000000000000ull},
    {0x0000000000000002ull, 0x1E66A09E667F3BCDull},
    {0x000FFFFFFFFFFFFFull, 0x1FFFFFFFFFFFFFFFull},
    {0x0008000000000000ull, 0x1FF6A09E667F3BCDull},
    {0x0010000000000000ull, 0x2000000000000000ull},
    {0x0010000000000001ull, 0x2000000000000000ull},
    {0x7FEFFFFFFFFFFFFFull, 0x5FEFFFFFFFFFFFFFull},
    {0x7FEFFFFFFFFFFFFEull, 0x5FEFFFFFFFFFFFFFull},
    {0x3FF0000000000000ull, 0x3FF0000000000000ull},
    {0x4000000000000000ull, 0x3FF6A09E667F3BCDull},
    {0x4008000000000000ull, 0x3FFBB67AE8584CAAull},
    {0x3FE0000000000000ull, 0x3FE6A09E667F3BCDull},
    {0x4024000000000000ull, 0x40094C583ADA5B53ull},
    {0x3FB999999999999Aull, 0x3FD43D136248490Full},
    {0x3FF0000000000001ull, 0x3FF0000000000000ull},
    {0x3FEFFFFFFFFFFFFFull, 0x3FEFFFFFFFFFFFFFull},
    {0x400FFFFFFFFFFFFFull, 0x3FFFFFFFFFFFFFFFull},
    {0x4010000000000001ull, 0x4000000000000000ull},
    {0x3FFFFFFFFFFFFFFFull, 0x3FF6A09E667F3BCCull},
    {0x40FE240C9FBE76C9ull, 0x4075F5D3B16948F6ull},
    {0x01A56E1FC2F8F359ull, 0x20CA2FE76A3F9475ull},
    {0x7E37E43C8800759Cull, 0x5F138D352E5096AFull},
    {0x433FFFFFFFFFFFFFull, 0x4196A09E667F3BCCull},
    {0x3FE8000000000000ull, 0x3FEBB67AE8584CAAull},
    {0x3FF6A09E667F3BCDull, 0x3FF306FE0A31B715ull},
    {0x0000000000000007ull, 0x1E752A7FA9D2F8EAull},
};

}  // namespace

TEST_CASE("math sqrt gives the correctly rounded bits of a known-answer table, both methods", "[math][sqrt]") {
  for (const float_root& r : float_roots) {
    CHECK(lm::to_bits(lm::sqrt(lm::float_from_bits(r.input))) == r.root);
    CHECK(lm::to_bits(lm::detail::sqrt_digit_by_digit(lm::float_from_bits(r.input))) == r.root);
  }
  for (const double_root& r : double_roots) {
    CHECK(lm::to_bits(lm::sqrt(lm::double_from_bits(r.input))) == r.root);
    CHECK(lm::to_bits(lm::detail::sqrt_digit_by_digit(lm::double_from_bits(r.input))) == r.root);
  }
}

TEST_CASE("from_count rounds a 64-bit count to nearest even exactly as static_cast", "[math]") {
  // Where float is emulated (Cortex-M0/M3, and the host's soft-arithmetic test build) this
  // runs the 32-bit path; a conversion that rounded twice (the high and low halves
  // separately, or through the 32 leading bits without the ones shifted out) fails the
  // halfway cases below.
  constexpr std::uint64_t ulp_at_2_40 = std::uint64_t{1} << 17;
  const std::uint64_t cases[] = {0u,
                                 1u,
                                 (std::uint64_t{1} << 24) + 1u,
                                 0xffffffffu,
                                 std::uint64_t{1} << 32,
                                 (std::uint64_t{1} << 32) + 1u,
                                 (std::uint64_t{1} << 40) + ulp_at_2_40 / 2u,       // halfway: to even (down)
                                 (std::uint64_t{1} << 40) + ulp_at_2_40 / 2u + 1u,  // just above: up
                                 (std::uint64_t{1} << 40) + 3u * ulp_at_2_40 / 2u,  // halfway: to even (up)
                                 (std::uint64_t{1} << 40) + ulp_at_2_40 / 2u - 1u,  // just below: down
                                 ~std::uint64_t{0}};
  for (const std::uint64_t n : cases) {
    CHECK(langevin::math::to_bits(langevin::math::from_count<float>(n)) ==
          langevin::math::to_bits(static_cast<float>(n)));
    CHECK(langevin::math::to_bits(langevin::math::from_count<double>(n)) ==
          langevin::math::to_bits(static_cast<double>(n)));
  }
  langevin::pcg32 rng{77u, 5u};
  int mismatches = 0;
  for (int i = 0; i < 4000; ++i) {
    const std::uint64_t wide = (std::uint64_t{rng()} << 32) | rng();
    const std::uint64_t n = wide >> rng.bounded(64u);
    mismatches += langevin::math::to_bits(langevin::math::from_count<float>(n)) !=
                  langevin::math::to_bits(static_cast<float>(n));
  }
  CHECK(mismatches == 0);
}
