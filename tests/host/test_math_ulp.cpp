// Accuracy of langevin/math.hpp, measured two ways over random arguments and dense sweeps:
//  - the error in ulps against a higher-precision reference (long double libm: 64-bit
//    significand on x86-64, 113-bit on AArch64; skipped for double where long double is
//    double, as on ARMv7), checked against the bound each function documents;
//  - the distance in ulps to glibc's own float/double function (std::exp etc.), which must
//    stay within 1 (the requirement is 2). glibc has no sinpi/cospi: there the second
//    comparison uses the reference rounded to the working precision (skipped where long
//    double is no wider than T).
// Quick versions run everywhere (also under qemu-user); the >= 10^6-argument runs and the
// dense sweeps are tagged [slow]. Each prints its maxima.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <type_traits>

#include <catch2/catch.hpp>

#include <langevin/math.hpp>

namespace {

namespace lm = langevin::math;
using ld = long double;

// Does long double carry enough bits to serve as reference for T?
template <typename T>
constexpr bool has_reference() {
  return std::numeric_limits<ld>::digits >= std::numeric_limits<T>::digits + 10;
}

// |got - exact| in ulps of T at `exact` (the ulp of the binade of the exact value; the
// subnormal ulp below the normal range). Infinite or NaN cases count 0 if they agree.
template <typename T>
double ulp_error(T got, ld exact) {
  if (std::isnan(exact)) return std::isnan(got) ? 0.0 : 1e30;
  const T rounded = static_cast<T>(exact);
  if (std::isinf(rounded) || std::isinf(got) || std::isnan(got)) return got == rounded ? 0.0 : 1e30;
  int e = 0;
  std::frexp(exact, &e);
  if (e < std::numeric_limits<T>::min_exponent) e = std::numeric_limits<T>::min_exponent;
  const ld ulp = std::ldexp(1.0L, e - std::numeric_limits<T>::digits);
  return static_cast<double>(std::fabs((static_cast<ld>(got) - exact) / ulp));
}

// Number of representable T between a and b (0 if equal or both NaN).
template <typename T>
std::int64_t ulp_distance(T a, T b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) ? 0 : INT64_MAX;
  if (a == b) return 0;
  using I = typename std::conditional<sizeof(T) == 8, std::int64_t, std::int32_t>::type;
  I ia;
  I ib;
  std::memcpy(&ia, &a, sizeof a);
  std::memcpy(&ib, &b, sizeof b);
  const std::int64_t oa = ia < 0 ? static_cast<std::int64_t>(std::numeric_limits<I>::min()) - ia : ia;
  const std::int64_t ob = ib < 0 ? static_cast<std::int64_t>(std::numeric_limits<I>::min()) - ib : ib;
  return oa > ob ? oa - ob : ob - oa;
}

struct accuracy {
  double max_error = 0.0;  // vs the reference, ulps
  double worst_error_at = 0.0;
  std::int64_t max_distance = 0;  // vs libm
  double worst_distance_at = 0.0;
  std::int64_t count = 0;
  std::int64_t differ = 0;
  bool has_error = false;     // a reference was available
  bool has_distance = false;  // a libm counterpart was available
  void print(const char* name) const {
    std::printf("%-34s %9lld args: ", name, static_cast<long long>(count));
    if (has_error) {
      std::printf("max error %.4f ulp (at %a), ", max_error, worst_error_at);
    } else {
      std::printf("max error n/a (no wider reference), ");
    }
    if (has_distance) {
      std::printf("vs libm max %lld ulp (at %a), %.3g%% differ\n", static_cast<long long>(max_distance),
                  worst_distance_at, 100.0 * static_cast<double>(differ) / static_cast<double>(count > 0 ? count : 1));
    } else {
      std::printf("vs libm n/a\n");
    }
  }
};

// Measures one function at one argument: ours, the long double reference, libm's.
template <typename Fn, typename T>
void measure(accuracy& acc, T x) {
  const T got = Fn::ours(x);
  if (has_reference<T>()) {
    acc.has_error = true;
    const double e = ulp_error<T>(got, Fn::exact(x));
    if (e > acc.max_error) {
      acc.max_error = e;
      acc.worst_error_at = static_cast<double>(x);
    }
  }
  if (!Fn::has_libm) {
    ++acc.count;
    return;
  }
  acc.has_distance = true;
  const std::int64_t d = ulp_distance<T>(got, Fn::libm(x));
  if (d > acc.max_distance) {
    acc.max_distance = d;
    acc.worst_distance_at = static_cast<double>(x);
  }
  if (d != 0) ++acc.differ;
  ++acc.count;
}

// ---- the functions under test, their references and libm counterparts ------------------

constexpr ld pi_ld = 3.141592653589793238462643383279502884L;

// sin(pi x) in long double with exact reduction (x - n/2 is exact in long double).
ld sin_pi_exact(ld x) {
  const ld n = std::nearbyint(2 * x);
  const ld r = x - n / 2;
  long q = static_cast<long>(std::fmod(n, 4.0L));
  if (q < 0) q += 4;
  if (r == 0) return q == 1 ? 1.0L : (q == 3 ? -1.0L : 0.0L);
  switch (q) {
    case 0: return std::sin(pi_ld * r);
    case 1: return std::cos(pi_ld * r);
    case 2: return -std::sin(pi_ld * r);
    default: return -std::cos(pi_ld * r);
  }
}
ld cos_pi_exact(ld x) { return sin_pi_exact(x + 0.5L); }  // x + 1/2 exact for the ranges used

template <typename T>
struct exp_fn {
  static constexpr const char* name = "exp";
  static constexpr bool has_libm = true;
  static T ours(T x) { return lm::exp(x); }
  static ld exact(T x) { return std::exp(static_cast<ld>(x)); }
  static T libm(T x) { return std::exp(x); }
};
template <typename T>
struct log_fn {
  static constexpr const char* name = "log";
  static constexpr bool has_libm = true;
  static T ours(T x) { return lm::log(x); }
  static ld exact(T x) { return std::log(static_cast<ld>(x)); }
  static T libm(T x) { return std::log(x); }
};
template <typename T>
struct expm1_fn {
  static constexpr const char* name = "expm1";
  static constexpr bool has_libm = true;
  static T ours(T x) { return lm::expm1(x); }
  static ld exact(T x) { return std::expm1(static_cast<ld>(x)); }
  static T libm(T x) { return std::expm1(x); }
};
template <typename T>
struct log1p_fn {
  static constexpr const char* name = "log1p";
  static constexpr bool has_libm = true;
  static T ours(T x) { return lm::log1p(x); }
  static ld exact(T x) { return std::log1p(static_cast<ld>(x)); }
  static T libm(T x) { return std::log1p(x); }
};
template <typename T>
struct cos_pi_fn {
  static constexpr const char* name = "cos_pi";
  // glibc has no sinpi/cospi: compare with the reference rounded to T, where it is exact enough.
  static constexpr bool has_libm = has_reference<T>();
  static T ours(T x) { return lm::cos_pi(x); }
  static ld exact(T x) { return cos_pi_exact(static_cast<ld>(x)); }
  static T libm(T x) { return static_cast<T>(cos_pi_exact(static_cast<ld>(x))); }
};
template <typename T>
struct sin_pi_fn {
  static constexpr const char* name = "sin_pi";
  // glibc has no sinpi/cospi: compare with the reference rounded to T, where it is exact enough.
  static constexpr bool has_libm = has_reference<T>();
  static T ours(T x) { return lm::sin_pi(x); }
  static ld exact(T x) { return sin_pi_exact(static_cast<ld>(x)); }
  static T libm(T x) { return static_cast<T>(sin_pi_exact(static_cast<ld>(x))); }
};

// Documented error bounds of math.hpp (ulps, against the exact result; strict), the same
// for float and double.
template <typename T>
struct bounds {
  static constexpr double exp = 0.6, exp_subnormal = 0.8, log = 0.6, expm1 = 0.7, log1p = 0.6, pow = 0.8,
                          trig = 0.8;
};

// Argument generators over a documented range.
template <typename T>
struct uniform_in {
  double lo, hi;
  T operator()(std::mt19937_64& g) const {
    return static_cast<T>(std::uniform_real_distribution<double>(lo, hi)(g));
  }
};
// Uniform in log|x| over [exp(lo), exp(hi)]; with random sign if `both_signs`.
template <typename T>
struct log_uniform_in {
  double lo, hi;
  bool both_signs;
  T operator()(std::mt19937_64& g) const {
    const T v = static_cast<T>(std::exp(std::uniform_real_distribution<double>(lo, hi)(g)));
    return both_signs && (g() & 1u) != 0u ? -v : v;
  }
};

template <typename Fn, typename T, typename Gen>
accuracy random_run(const char* label, Gen gen, long n, std::uint64_t seed) {
  std::mt19937_64 g(seed);
  accuracy acc;
  for (long i = 0; i < n; ++i) measure<Fn>(acc, gen(g));
  char name[64];
  std::snprintf(name, sizeof name, "%s<%s> %s", Fn::name, sizeof(T) == 8 ? "double" : "float", label);
  acc.print(name);
  return acc;
}

// Every `stride`-th representable T in [lo, hi] (a dense sweep over the bit patterns of
// one sign).
template <typename Fn, typename T>
accuracy sweep_run(const char* label, T lo, T hi, std::int64_t count) {
  using U = typename std::conditional<sizeof(T) == 8, std::uint64_t, std::uint32_t>::type;
  accuracy acc;
  const bool negative = hi <= T(0);
  U a;
  U b;
  const T from = negative ? hi : lo;
  const T to = negative ? lo : hi;
  std::memcpy(&a, &from, sizeof a);
  std::memcpy(&b, &to, sizeof b);
  if (b < a) std::swap(a, b);
  const U stride = static_cast<U>((b - a) / static_cast<U>(count) + 1u);
  for (U u = a; u <= b && u >= a; u = static_cast<U>(u + stride)) {
    T x;
    std::memcpy(&x, &u, sizeof x);
    measure<Fn>(acc, x);
  }
  char name[64];
  std::snprintf(name, sizeof name, "%s<%s> sweep %s", Fn::name, sizeof(T) == 8 ? "double" : "float", label);
  acc.print(name);
  return acc;
}

void check(const accuracy& acc, double bound) {
  CHECK(acc.max_error < bound);
  CHECK(acc.max_distance <= 1);
}

// ---- the runs ----------------------------------------------------------------------------

template <typename T>
constexpr double exp_hi() {
  return sizeof(T) == 8 ? 709.78 : 88.72;
}
template <typename T>
constexpr double exp_normal_lo() {
  return sizeof(T) == 8 ? -708.39 : -87.33;  // below: subnormal results
}
template <typename T>
constexpr double exp_lo() {
  return sizeof(T) == 8 ? -745.2 : -104.0;
}
template <typename T>
constexpr double log_max() {
  return sizeof(T) == 8 ? 709.7 : 88.7;  // log of the largest finite value
}
template <typename T>
constexpr double log_min() {
  return sizeof(T) == 8 ? -744.4 : -103.2;  // log of the smallest subnormal
}

template <typename T>
void random_runs(long n, std::uint64_t seed) {
  using B = bounds<T>;
  check(random_run<exp_fn<T>, T>("normal results", uniform_in<T>{exp_normal_lo<T>(), exp_hi<T>()}, n, seed), B::exp);
  check(random_run<exp_fn<T>, T>("[-2, 2]", uniform_in<T>{-2, 2}, n, seed + 1), B::exp);
  check(random_run<exp_fn<T>, T>("subnormal results", uniform_in<T>{exp_lo<T>(), exp_normal_lo<T>()}, n / 10, seed + 2),
        B::exp_subnormal);
  check(random_run<log_fn<T>, T>("all binades", log_uniform_in<T>{log_min<T>(), log_max<T>(), false}, n, seed + 3), B::log);
  check(random_run<log_fn<T>, T>("[0.5, 2]", uniform_in<T>{0.5, 2}, n, seed + 4), B::log);
  check(random_run<expm1_fn<T>, T>("[-40, 45]", uniform_in<T>{sizeof(T) == 8 ? -40 : -20, sizeof(T) == 8 ? 45 : 25},
                                   n, seed + 5),
        B::expm1);
  check(random_run<expm1_fn<T>, T>("|x| in [1e-30, 1]", log_uniform_in<T>{-69, 0, true}, n, seed + 6), B::expm1);
  check(random_run<log1p_fn<T>, T>("(-1, 3]", uniform_in<T>{-1, 3}, n, seed + 7), B::log1p);
  check(random_run<log1p_fn<T>, T>("|x| in [1e-30, 1]", log_uniform_in<T>{-69, 0, true}, n, seed + 8), B::log1p);
  check(random_run<log1p_fn<T>, T>("[1, 1e30]", log_uniform_in<T>{0, 69, false}, n, seed + 9), B::log1p);
  check(random_run<cos_pi_fn<T>, T>("[-4, 4]", uniform_in<T>{-4, 4}, n, seed + 10), B::trig);
  check(random_run<sin_pi_fn<T>, T>("[-4, 4]", uniform_in<T>{-4, 4}, n, seed + 11), B::trig);
  check(random_run<cos_pi_fn<T>, T>("[-1e6, 1e6]", uniform_in<T>{-1e6, 1e6}, n, seed + 12), B::trig);
  check(random_run<sin_pi_fn<T>, T>("|x| in [1e-30, 1]", log_uniform_in<T>{-69, 0, true}, n, seed + 13), B::trig);
}

// pow over x > 0 with |y log x| up to the overflow threshold (results span the whole
// range, subnormals included), plus the schedule shapes (b + n)^-p and k^n.
template <typename T>
accuracy pow_run(long n, std::uint64_t seed) {
  std::mt19937_64 g(seed);
  const double z_max = sizeof(T) == 8 ? 744.0 : 103.0;
  const double log_x_max = sizeof(T) == 8 ? 700.0 : 87.0;
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  accuracy acc;
  for (long i = 0; i < n; ++i) {
    T x;
    T y;
    switch (i % 3) {
      case 0:
        x = static_cast<T>(std::exp(unit(g) * log_x_max));
        y = static_cast<T>(unit(g) * z_max / std::fabs(std::log(static_cast<double>(x))));
        break;
      case 1:
        x = static_cast<T>(1.0 + 0.5e6 * (unit(g) + 1.0));  // (b + n)^-p
        y = static_cast<T>(-0.5 - 0.25 * (unit(g) + 1.0));
        break;
      default:
        x = static_cast<T>(0.5 + 0.25 * (unit(g) + 1.0));  // k^n
        y = static_cast<T>(std::floor((unit(g) + 1.0) * 500.0));
        break;
    }
    const T got = lm::pow(x, y);
    acc.has_distance = true;
    if (has_reference<T>()) {
      acc.has_error = true;
      const double e = ulp_error<T>(got, std::pow(static_cast<ld>(x), static_cast<ld>(y)));
      if (e > acc.max_error) {
        acc.max_error = e;
        acc.worst_error_at = static_cast<double>(x);
      }
    }
    const std::int64_t d = ulp_distance<T>(got, std::pow(x, y));
    if (d > acc.max_distance) {
      acc.max_distance = d;
      acc.worst_distance_at = static_cast<double>(x);
    }
    if (d != 0) ++acc.differ;
    ++acc.count;
  }
  acc.print(sizeof(T) == 8 ? "pow<double> x > 0, |y log x| < 744" : "pow<float> x > 0, |y log x| < 103");
  return acc;
}

}  // namespace

TEST_CASE("math functions: error in ulps, quick random check", "[math]") {
  random_runs<double>(20000, 1u);
  random_runs<float>(20000, 2u);
  check(pow_run<double>(20000, 3u), bounds<double>::pow);
  check(pow_run<float>(20000, 4u), bounds<float>::pow);
}

TEST_CASE("math functions: error in ulps over 10^6 random arguments each", "[math][slow]") {
  random_runs<double>(1000000, 11u);
  random_runs<float>(1000000, 12u);
  check(pow_run<double>(3000000, 13u), bounds<double>::pow);
  check(pow_run<float>(3000000, 14u), bounds<float>::pow);
}

TEST_CASE("math functions: dense sweeps over the documented ranges", "[math][slow]") {
  constexpr std::int64_t n = 2000000;  // arguments per sweep
  check(sweep_run<exp_fn<double>>("[-708.39, -0]", -708.39, -0.0, n), bounds<double>::exp);
  check(sweep_run<exp_fn<double>>("[0, 709.78]", 0.0, 709.78, n), bounds<double>::exp);
  check(sweep_run<exp_fn<double>>("[-745.2, -708.39]", -745.2, -708.39, n / 4), bounds<double>::exp_subnormal);
  check(sweep_run<exp_fn<float>>("[-87.33, -0]", -87.33f, -0.0f, n), bounds<float>::exp);
  check(sweep_run<exp_fn<float>>("[0, 88.72]", 0.0f, 88.72f, n), bounds<float>::exp);
  check(sweep_run<exp_fn<float>>("[-104, -87.33]", -104.0f, -87.33f, n / 4), bounds<float>::exp_subnormal);
  check(sweep_run<log_fn<double>>("(0, max]", std::numeric_limits<double>::denorm_min(),
                                  std::numeric_limits<double>::max(), n),
        bounds<double>::log);
  check(sweep_run<log_fn<double>>("[0.5, 2]", 0.5, 2.0, n), bounds<double>::log);
  check(sweep_run<log_fn<float>>("(0, max]", std::numeric_limits<float>::denorm_min(),
                                 std::numeric_limits<float>::max(), n),
        bounds<float>::log);
  check(sweep_run<log_fn<float>>("[0.5, 2] (every float)", 0.5f, 2.0f, 1 << 24), bounds<float>::log);
  check(sweep_run<expm1_fn<double>>("[-40, -0]", -40.0, -0.0, n), bounds<double>::expm1);
  check(sweep_run<expm1_fn<double>>("[0, 45]", 0.0, 45.0, n), bounds<double>::expm1);
  check(sweep_run<expm1_fn<float>>("[-20, -0]", -20.0f, -0.0f, n), bounds<float>::expm1);
  check(sweep_run<expm1_fn<float>>("[0, 25]", 0.0f, 25.0f, n), bounds<float>::expm1);
  check(sweep_run<expm1_fn<float>>("[0.1, 0.15] (every float)", 0.1f, 0.15f, 1 << 23), bounds<float>::expm1);
  check(sweep_run<log1p_fn<double>>("(-1, -0]", -0.9999999, -0.0, n), bounds<double>::log1p);
  check(sweep_run<log1p_fn<double>>("[0, max]", 0.0, std::numeric_limits<double>::max(), n), bounds<double>::log1p);
  check(sweep_run<log1p_fn<float>>("(-1, -0]", -0.99999f, -0.0f, n), bounds<float>::log1p);
  check(sweep_run<log1p_fn<float>>("[0, max]", 0.0f, std::numeric_limits<float>::max(), n), bounds<float>::log1p);
  check(sweep_run<cos_pi_fn<double>>("[0, 2]", 0.0, 2.0, n), bounds<double>::trig);
  check(sweep_run<sin_pi_fn<double>>("[0, 2]", 0.0, 2.0, n), bounds<double>::trig);
  check(sweep_run<sin_pi_fn<double>>("[-2^60, -0]", -0x1p60, -0.0, n), bounds<double>::trig);
  check(sweep_run<cos_pi_fn<float>>("[0.25, 2] (every float)", 0.25f, 2.0f, 1 << 25), bounds<float>::trig);
  check(sweep_run<sin_pi_fn<float>>("[0, 2]", 0.0f, 2.0f, n), bounds<float>::trig);
  check(sweep_run<sin_pi_fn<float>>("[-2^30, -0]", -0x1p30f, -0.0f, n), bounds<float>::trig);
}

TEST_CASE("math special values agree with libm", "[math]") {
  const double dspecial[] = {0.0, -0.0, 1.0, -1.0, 0.5, 2.0, std::numeric_limits<double>::denorm_min(),
                             std::numeric_limits<double>::min(), std::numeric_limits<double>::max(),
                             -std::numeric_limits<double>::max(), std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN(),
                             709.782712893384, 709.7827128933841, -745.1332191019411, -745.1332191019412,
                             -708.3964185322641, 1e-300, -1e-300, 0x1p-60, -0x1p-60, 37.5, -38.0, 0.125,
                             -0.125, 0.0078125, -0.0078125};
  for (double x : dspecial) {
    INFO("x = " << x);
    CHECK(ulp_distance(lm::exp(x), std::exp(x)) <= 1);
    CHECK(ulp_distance(lm::expm1(x), std::expm1(x)) <= 1);
    CHECK(ulp_distance(lm::log(x), std::log(x)) <= 1);
    CHECK(ulp_distance(lm::log1p(x), std::log1p(x)) <= 1);
    CHECK(ulp_distance(lm::sqrt(x), std::sqrt(x)) == 0);
    CHECK(std::signbit(lm::exp(x)) == std::signbit(std::exp(x)));
    CHECK(std::signbit(lm::expm1(x)) == std::signbit(std::expm1(x)));
    if (!std::isnan(std::log(x))) CHECK(std::signbit(lm::log(x)) == std::signbit(std::log(x)));
    if (!std::isnan(std::log1p(x))) CHECK(std::signbit(lm::log1p(x)) == std::signbit(std::log1p(x)));
    for (double y : dspecial) {
      INFO("y = " << y);
      CHECK(ulp_distance(lm::pow(x, y), std::pow(x, y)) <= 1);
      if (!std::isnan(std::pow(x, y))) CHECK(std::signbit(lm::pow(x, y)) == std::signbit(std::pow(x, y)));
    }
  }
  const float fspecial[] = {0.0f, -0.0f, 1.0f, -1.0f, 0.5f, 2.0f, std::numeric_limits<float>::denorm_min(),
                            std::numeric_limits<float>::min(), std::numeric_limits<float>::max(),
                            -std::numeric_limits<float>::max(), std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN(),
                            88.72283f, 88.722839f, -103.97207f, -103.97208f, -87.33654f, 1e-30f, -1e-30f,
                            0x1p-30f, -0x1p-30f, 17.0f, -18.0f, 0.125f, -0.125f, 0.015625f, -0.015625f};
  for (float x : fspecial) {
    INFO("x = " << x);
    CHECK(ulp_distance(lm::exp(x), std::exp(x)) <= 1);
    CHECK(ulp_distance(lm::expm1(x), std::expm1(x)) <= 1);
    CHECK(ulp_distance(lm::log(x), std::log(x)) <= 1);
    CHECK(ulp_distance(lm::log1p(x), std::log1p(x)) <= 1);
    CHECK(ulp_distance(lm::sqrt(x), std::sqrt(x)) == 0);
    for (float y : fspecial) {
      INFO("y = " << y);
      CHECK(ulp_distance(lm::pow(x, y), std::pow(x, y)) <= 1);
      if (!std::isnan(std::pow(x, y))) CHECK(std::signbit(lm::pow(x, y)) == std::signbit(std::pow(x, y)));
    }
  }
}

TEST_CASE("math sqrt is correctly rounded (agrees with the hardware sqrt bit for bit)", "[math]") {
  std::mt19937_64 g(99u);
  for (int i = 0; i < 200000; ++i) {
    const std::uint64_t u = g() >> 1;  // any positive double, subnormals and NaN/inf included
    double x;
    std::memcpy(&x, &u, sizeof x);
    if (std::isnan(x)) continue;
    REQUIRE(lm::to_bits(lm::sqrt(x)) == lm::to_bits(std::sqrt(x)));
    const std::uint32_t v = static_cast<std::uint32_t>(g() >> 33);
    float xf;
    std::memcpy(&xf, &v, sizeof xf);
    if (std::isnan(xf)) continue;
    REQUIRE(lm::to_bits(lm::sqrt(xf)) == lm::to_bits(std::sqrt(xf)));
  }
}
