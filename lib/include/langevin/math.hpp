/// \file
/// Deterministic elementary functions: the same bits on every port.
///
/// libm implementations differ between C libraries (glibc, newlib, musl) and between
/// versions, so a simulation that calls std::exp is not reproducible across targets.
/// The functions here are written with IEEE-754 binary32/binary64 `+ - * /` (each
/// correctly rounded, round-to-nearest-even), exact integer and bit manipulation, and a
/// fixed evaluation order, so they return bit-identical results on x86-64 (SSE),
/// AArch64, ARMv7 hard float, Cortex-M4F (float in hardware, double in libgcc's
/// IEEE soft float) and Cortex-M3 (all soft float).
///
/// Requirements on the build (the CMake target langevin::langevin sets the first):
///  - `-ffp-contract=off`: a fused multiply-add behind our back changes results.
///  - no `-ffast-math`, `-fassociative-math`, `-funsafe-math-optimizations`: the error-free
///    transformations below rely on the written order of operations. (is_nan/is_finite
///    work on bit patterns and stay correct under -ffast-math.)
///  - round-to-nearest mode and no flush-to-zero of subnormals (the defaults).
///
/// The `float` overloads compute in `float` only (never promoted to `double`), so they
/// run at full speed on a single-precision FPU such as the Cortex-M4F's.
///
/// Accuracy, in ulps (units in the last place of the result) against the exact value:
/// the documented bound, which tests/host/test_math_ulp.cpp asserts, and the maximum it
/// measured (>= 10^6 random arguments per function and precision plus dense sweeps, long
/// double reference). The same tests find every result within 1 ulp of glibc 2.36.
///
///   function   bound                  measured max, double   measured max, float
///   exp        0.6 (0.8 subnormal)    0.550 (0.757)          0.537 (0.759)
///   log        0.6                    0.515                  0.514
///   expm1      0.7                    0.621                  0.659
///   log1p      0.6                    0.516                  0.513
///   pow        0.8                    0.748                  0.752
///   cos_pi     0.8                    0.739                  0.751
///   sin_pi     0.8                    0.748                  0.750
///   sqrt       correctly rounded
///
/// Subnormal results carry a second rounding (the result is scaled into the subnormal
/// range after it is formed), hence the larger bound there. On the x86-64 host exp costs
/// about as much as glibc's (3-4 ns), log about twice (7 ns), pow 20-25 ns.
#ifndef LANGEVIN_MATH_HPP
#define LANGEVIN_MATH_HPP

#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "config.hpp"
#include "detail/math_tables.hpp"
#include "detail/phase.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {
namespace math {

// ---------------------------------------------------------------------------------------
// Bit access and classification
// ---------------------------------------------------------------------------------------

/// The IEEE-754 binary64 bit pattern of `x`.
inline std::uint64_t to_bits(double x) noexcept {
  std::uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

/// The IEEE-754 binary32 bit pattern of `x`.
inline std::uint32_t to_bits(float x) noexcept {
  std::uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

/// The double whose binary64 bit pattern is `u`.
inline double double_from_bits(std::uint64_t u) noexcept {
  double x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

/// The float whose binary32 bit pattern is `u`.
inline float float_from_bits(std::uint32_t u) noexcept {
  float x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

/// a == b for floating point, exactly as the operator (false if either is NaN; -0 equals
/// +0): the library's deliberate exact comparisons (special values, saved fields that must
/// equal what the library computes from the others) go through these two functions, whose
/// operator is exempt from -Wfloat-equal, so that a user's -Wfloat-equal does not flag them.
/// (Plain functions, not a template: a diagnostic pragma then holds wherever they are used.)
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wfloat-equal"
#endif
constexpr bool same(float a, float b) noexcept { return a == b; }
constexpr bool same(double a, double b) noexcept { return a == b; }
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

/// True if `x` is a NaN (from the bit pattern: correct even under -ffast-math).
inline bool is_nan(double x) noexcept { return (to_bits(x) << 1) > (0x7ffull << 53); }
/// True if `x` is a NaN (from the bit pattern: correct even under -ffast-math).
inline bool is_nan(float x) noexcept { return (to_bits(x) << 1) > (0xffu << 24); }

/// True if `x` is neither infinite nor NaN (from the bit pattern).
inline bool is_finite(double x) noexcept { return (to_bits(x) << 1) < (0x7ffull << 53); }
/// True if `x` is neither infinite nor NaN (from the bit pattern).
inline bool is_finite(float x) noexcept { return (to_bits(x) << 1) < (0xffu << 24); }

/// A count (steps, calls, samples) as a Real, rounded to nearest even exactly as
/// static_cast<Real>(n). Where float arithmetic is emulated (LANGEVIN_SOFT_FLOAT), libgcc's
/// 64-bit-to-float conversion on Thumb-1 (Cortex-M0) goes through double arithmetic, which a
/// float program must not link; there a count of 2^32 or more is cut to its 32 leading bits
/// (the bits shifted out folded into the lowest one, so the rounding sees them), converted
/// with the 32-bit helper and scaled back by a power of two, which is exact. Work: O(1)
/// below 2^32, at most 32 shifts above.
template <class Real>
inline Real from_count(std::uint64_t n) noexcept {
  if constexpr (std::is_same<Real, float>::value && LANGEVIN_SOFT_FLOAT) {
    if ((n >> 32) == 0u) return static_cast<float>(static_cast<std::uint32_t>(n));
    std::uint32_t shift = 0u;
    std::uint64_t lost = 0u;
    while ((n >> 32) != 0u) {
      lost |= n & 1u;
      n >>= 1;
      ++shift;
    }
    const float leading = static_cast<float>(static_cast<std::uint32_t>(n) | static_cast<std::uint32_t>(lost));
    return leading * float_from_bits((127u + shift) << 23);
  } else {
    return static_cast<Real>(n);
  }
}

/// True if `x` is +infinity or -infinity (from the bit pattern).
inline bool is_inf(double x) noexcept { return (to_bits(x) << 1) == (0x7ffull << 53); }
/// True if `x` is +infinity or -infinity (from the bit pattern).
inline bool is_inf(float x) noexcept { return (to_bits(x) << 1) == (0xffu << 24); }

/// True if the sign bit of `x` is set (also for -0 and negative NaNs).
inline bool signbit(double x) noexcept { return (to_bits(x) >> 63) != 0u; }
/// True if the sign bit of `x` is set (also for -0 and negative NaNs).
inline bool signbit(float x) noexcept { return (to_bits(x) >> 31) != 0u; }

/// |x|, clearing the sign bit (abs(-0) = +0, abs(NaN) is a NaN).
inline double abs(double x) noexcept { return double_from_bits(to_bits(x) & ~(1ull << 63)); }
/// |x|, clearing the sign bit (abs(-0) = +0, abs(NaN) is a NaN).
inline float abs(float x) noexcept { return float_from_bits(to_bits(x) & ~(1u << 31)); }

/// The magnitude of `magnitude` with the sign bit of `sign`.
inline double copysign(double magnitude, double sign) noexcept {
  return double_from_bits((to_bits(magnitude) & ~(1ull << 63)) | (to_bits(sign) & (1ull << 63)));
}
/// The magnitude of `magnitude` with the sign bit of `sign`.
inline float copysign(float magnitude, float sign) noexcept {
  return float_from_bits((to_bits(magnitude) & ~(1u << 31)) | (to_bits(sign) & (1u << 31)));
}

/// The smaller of `a` and `b`; if one is NaN the other is returned (like C fmin);
/// fmin(-0, +0) = -0.
inline double fmin(double a, double b) noexcept {
  if (is_nan(a)) return b;
  if (is_nan(b)) return a;
  if (math::same(a, b)) return signbit(a) ? a : b;
  return a < b ? a : b;
}
/// The smaller of `a` and `b`; if one is NaN the other is returned (like C fmin);
/// fmin(-0, +0) = -0.
inline float fmin(float a, float b) noexcept {
  if (is_nan(a)) return b;
  if (is_nan(b)) return a;
  if (math::same(a, b)) return signbit(a) ? a : b;
  return a < b ? a : b;
}

/// The larger of `a` and `b`; if one is NaN the other is returned (like C fmax);
/// fmax(-0, +0) = +0.
inline double fmax(double a, double b) noexcept {
  if (is_nan(a)) return b;
  if (is_nan(b)) return a;
  if (math::same(a, b)) return signbit(a) ? b : a;
  return a > b ? a : b;
}
/// The larger of `a` and `b`; if one is NaN the other is returned (like C fmax);
/// fmax(-0, +0) = +0.
inline float fmax(float a, float b) noexcept {
  if (is_nan(a)) return b;
  if (is_nan(b)) return a;
  if (math::same(a, b)) return signbit(a) ? b : a;
  return a > b ? a : b;
}

namespace detail {

inline double quiet(double x) noexcept { return double_from_bits(to_bits(x) | (1ull << 51)); }
inline float quiet(float x) noexcept { return float_from_bits(to_bits(x) | (1u << 22)); }

/// The canonical quiet NaN (positive, empty payload). Produced NaNs always use it, so
/// their bits do not depend on the FPU (x86 would produce a negative default NaN).
inline double nan_double() noexcept { return double_from_bits(0x7ff8000000000000ull); }
inline float nan_float() noexcept { return float_from_bits(0x7fc00000u); }
inline double inf_double() noexcept { return double_from_bits(0x7ff0000000000000ull); }
inline float inf_float() noexcept { return float_from_bits(0x7f800000u); }

/// 2^e for -1022 <= e <= 1023 (a normal double).
inline double pow2_double(int e) noexcept {
  return double_from_bits(static_cast<std::uint64_t>(e + 1023) << 52);
}
/// 2^e for -126 <= e <= 127 (a normal float).
inline float pow2_float(int e) noexcept {
  return float_from_bits(static_cast<std::uint32_t>(e + 127) << 23);
}

/// y * 2^e with a single rounding, for y in [0.5, 2] and -1100 < e <= 1024.
inline double scale(double y, int e) noexcept {
  if (e >= -1022 && e <= 1023) return y * pow2_double(e);
  if (e > 1023) return y * pow2_double(1023) * pow2_double(e - 1023);
  return y * pow2_double(e + 64) * pow2_double(-64);  // the last product rounds once
}
/// y * 2^e with a single rounding, for y in [0.5, 2] and -160 < e <= 128.
inline float scale(float y, int e) noexcept {
  if (e >= -126 && e <= 127) return y * pow2_float(e);
  if (e > 127) return y * pow2_float(127) * pow2_float(e - 127);
  return y * pow2_float(e + 32) * pow2_float(-32);
}

/// The integer nearest to `z` (ties to even), as a double, for |z| < 2^51: adding and
/// subtracting 1.5 * 2^52 leaves no fraction bits (branch-free, exact IEEE arithmetic).
inline double round_to_integer(double z) noexcept { return (z + 0x1.8p52) - 0x1.8p52; }
/// The integer nearest to `z` (ties to even), as a float, for |z| < 2^22.
inline float round_to_integer(float z) noexcept { return (z + 0x1.8p23f) - 0x1.8p23f; }

// exp(x + x_lo) for -746 <= x <= 709.79 (|x_lo| <= 2^-40 |x| or so).
// x = k ln2/32 + r with |r| <= ln2/64 (Cody-Waite: k ln2_over_32_hi is exact and
// x - k ln2_over_32_hi is exact by Sterbenz); exp(x) = 2^(k div 32) 2^((k mod 32)/32) exp(r),
// the table value carried as hi + lo and exp(r) - 1 by its degree-6 Taylor polynomial
// (truncation < 4e-18 relative).
inline double exp_reduced(double x, double x_lo) noexcept {
  const double kd = round_to_integer(x * inv_ln2_times_32_double);
  const int k = static_cast<int>(kd);
  const double r = ((x - kd * ln2_over_32_hi_double) - kd * ln2_over_32_lo_double) + x_lo;
  const int j = k & 31;
  const int e = (k - j) / 32;
  const double r2 = r * r;
  const double p = r + r2 * ((0.5 + r * (1.0 / 6)) + r2 * ((1.0 / 24 + r * (1.0 / 120)) + r2 * (1.0 / 720)));
  const double t_hi = exp2_table_double[j][0];
  const double t_lo = exp2_table_double[j][1];
  return scale(t_hi + (t_lo + t_hi * p), e);
}

// float version: |r| <= ln2/64, exp(r) - 1 by its degree-3 Taylor polynomial
// (truncation < 6e-10 relative).
inline float exp_reduced(float x, float x_lo) noexcept {
  const float kd = round_to_integer(x * inv_ln2_times_32_float);
  const int k = static_cast<int>(kd);
  const float r = ((x - kd * ln2_over_32_hi_float) - kd * ln2_over_32_lo_float) + x_lo;
  const int j = k & 31;
  const int e = (k - j) / 32;
  const float p = r + r * r * (0.5f + r * (1.0f / 6.0f));
  const float t_hi = exp2_table_float[j][0];
  const float t_lo = exp2_table_float[j][1];
  return scale(t_hi + (t_lo + t_hi * p), e);
}

// Largest x with exp(x) finite, and a bound below which exp(x) rounds to zero.
inline constexpr double exp_overflow_double = 0x1.62e42fefa39efp+9;  // 709.78
inline constexpr double exp_underflow_double = -746.0;
inline constexpr float exp_overflow_float = 0x1.62e42ep+6f;  // 88.72
inline constexpr float exp_underflow_float = -104.0f;

// log(x) as s + lo (|lo| < 1 ulp(s)), for finite x > 0 (subnormals included).
// x = 2^k m with m in [sqrt(2)/2, sqrt(2)); c = 1 + j/N is the table point nearest m,
// d = m - c (exact), r = d/c = r_hi + r_lo (r_hi = d * (1/c) rounded, r_lo from the exact
// residual d - r_hi c), log x = k ln2 + log c + log1p(r).
// k ln2_hi + log(c)_hi is exact (both multiples of 2^-42 resp. 2^-16).
struct log_parts_double {
  double hi;    // k ln2_hi + log(c)_hi, exact
  double r_hi;  // r = r_hi + r_lo
  double r_lo;
  double small;  // k ln2_lo + log(c)_lo
};

inline log_parts_double log_reduce(double x) noexcept {
  std::uint64_t ux = to_bits(x);
  int k = 0;
  if (ux < (1ull << 52)) {  // subnormal: scale into the normal range (exact)
    ux = to_bits(x * 0x1p54);
    k = -54;
  }
  // Branch-free: subtracting the bits of sqrt(2)/2 leaves k in the exponent field
  // (arithmetic shift), and removing it from x leaves m in [sqrt(2)/2, sqrt(2)).
  const std::uint64_t offset = ux - 0x3fe6a09e667f3bcdull;
  k += static_cast<int>(static_cast<std::int64_t>(offset) >> 52);
  const double m = double_from_bits(ux - (offset & (0xfffull << 52)));
  const int index = static_cast<int>((m - 1.0) * 64.0 + 19.5);  // j + 19, j = round(64 (m - 1))
  const double c = log_table_double[index][0];
  const double d = m - c;
  const double inv_c = log_table_double[index][1];
  const double r_hi = d * inv_c;
  // c has at most 7 significant bits: with r_hi cut to 46 bits both partial products are exact.
  const double r_head = double_from_bits(to_bits(r_hi) & ~std::uint64_t{0x7f});
  const double r_tail = r_hi - r_head;
  const double residual = (d - r_head * c) - r_tail * c;
  const double kd = static_cast<double>(k);
  return {kd * ln2_hi_double + log_table_double[index][2], r_hi, residual * inv_c,
          kd * ln2_lo_double + log_table_double[index][3]};
}

struct log_parts_float {
  float hi;
  float r_hi;
  float r_lo;
  float small;
};

inline log_parts_float log_reduce(float x) noexcept {
  std::uint32_t ux = to_bits(x);
  int k = 0;
  if (ux < (1u << 23)) {
    ux = to_bits(x * 0x1p23f);
    k = -23;
  }
  const std::uint32_t offset = ux - 0x3f3504f3u;  // bits of sqrt(2)/2
  k += static_cast<int>(offset) >> 23;
  const float m = float_from_bits(ux - (offset & 0xff800000u));
  const int index = static_cast<int>((m - 1.0f) * 32.0f + 9.5f);  // j + 9, j = round(32 (m - 1))
  const float c = log_table_float[index][0];
  const float d = m - c;
  const float inv_c = log_table_float[index][1];
  const float r_hi = d * inv_c;
  // c has at most 6 significant bits: with r_hi cut to 18 bits both partial products are exact.
  const float r_head = float_from_bits(to_bits(r_hi) & ~std::uint32_t{0x3f});
  const float r_tail = r_hi - r_head;
  const float residual = (d - r_head * c) - r_tail * c;
  const float kd = static_cast<float>(k);
  return {kd * ln2_hi_float + log_table_float[index][2], r_hi, residual * inv_c,
          kd * ln2_lo_float + log_table_float[index][3]};
}

// log1p(r) - r for |r| <= 0.0112: Taylor to degree 8 (truncation < 2e-18 relative to log x).
inline double log1p_tail(double r) noexcept {
  const double r2 = r * r;  // Estrin's scheme: shorter dependency chains than Horner
  return r2 * ((-0.5 + r * (1.0 / 3)) + r2 * ((-0.25 + r * 0.2) + r2 * ((-1.0 / 6 + r * (1.0 / 7)) + r2 * -0.125)));
}
// float: |r| <= 0.0152, Taylor to degree 5 (truncation < 2e-10 relative to log x).
inline float log1p_tail(float r) noexcept {
  return r * r * (-0.5f + r * (1.0f / 3.0f + r * (-0.25f + r * 0.2f)));
}

// log of finite x > 0 plus a correction `extra` (|extra| small against the result),
// rounded once.
template <typename Real>
inline Real log_positive(Real x, Real extra) noexcept {
  const auto parts = log_reduce(x);
  // Fast2Sum: |hi| >= |r_hi| whenever hi != 0 (|hi| >= log(1 + 1/N) > |r|).
  const Real s = parts.hi + parts.r_hi;
  const Real s_err = (parts.hi - s) + parts.r_hi;
  const Real lo = ((parts.small + parts.r_lo) + (log1p_tail(parts.r_hi) + extra)) + s_err;
  return s + lo;
}

}  // namespace detail

// ---------------------------------------------------------------------------------------
// exp, log
// ---------------------------------------------------------------------------------------

/// e^x. exp(+inf) = +inf, exp(-inf) = +0, NaN -> NaN; x > 709.78 overflows to +inf,
/// results below the smallest subnormal round to +0 (subnormal results are correctly
/// scaled). Error < 0.6 ulp (0.8 ulp for subnormal results).
inline double exp(double x) noexcept {
  if (LANGEVIN_UNLIKELY(!(x <= detail::exp_overflow_double && x >= detail::exp_underflow_double))) {
    if (is_nan(x)) return detail::quiet(x);
    return x > 0.0 ? detail::inf_double() : 0.0;
  }
  return detail::exp_reduced(x, 0.0);
}

/// e^x in float arithmetic. exp(+inf) = +inf, exp(-inf) = +0, NaN -> NaN; x > 88.72
/// overflows to +inf; subnormal results correctly scaled. Error < 0.6 ulp (0.8 ulp for
/// subnormal results).
inline float exp(float x) noexcept {
  if (LANGEVIN_UNLIKELY(!(x <= detail::exp_overflow_float && x >= detail::exp_underflow_float))) {
    if (is_nan(x)) return detail::quiet(x);
    return x > 0.0f ? detail::inf_float() : 0.0f;
  }
  return detail::exp_reduced(x, 0.0f);
}

/// Natural logarithm. log(+-0) = -inf, log(x < 0) = NaN, log(+inf) = +inf, NaN -> NaN,
/// log(1) = +0; subnormal arguments are handled. Error < 0.6 ulp.
inline double log(double x) noexcept {
  const std::uint64_t ux = to_bits(x);
  if (LANGEVIN_UNLIKELY(ux - 1u >= 0x7ff0000000000000ull - 1u)) {  // <= 0, inf, nan
    if (is_nan(x)) return detail::quiet(x);
    if ((ux << 1) == 0u) return -detail::inf_double();
    if (signbit(x)) return detail::nan_double();
    return x;  // +inf
  }
  return detail::log_positive(x, 0.0);
}

/// Natural logarithm in float arithmetic. log(+-0) = -inf, log(x < 0) = NaN,
/// log(+inf) = +inf, NaN -> NaN; subnormal arguments are handled. Error < 0.6 ulp.
inline float log(float x) noexcept {
  const std::uint32_t ux = to_bits(x);
  if (LANGEVIN_UNLIKELY(ux - 1u >= 0x7f800000u - 1u)) {
    if (is_nan(x)) return detail::quiet(x);
    if ((ux << 1) == 0u) return -detail::inf_float();
    if (signbit(x)) return detail::nan_float();
    return x;
  }
  return detail::log_positive(x, 0.0f);
}

namespace detail {

// Error-free transformations (Dekker/Veltkamp, no FMA). A pair (hi, lo) stands for hi + lo.
struct double_pair {
  double hi;
  double lo;
};
struct float_pair {
  float hi;
  float lo;
};

// Veltkamp split of a into hi + lo with 26 + 26 significant bits (|a| < 2^995).
inline double_pair split(double a) noexcept {
  const double c = 134217729.0 * a;  // 2^27 + 1
  const double hi = c - (c - a);
  return {hi, a - hi};
}
// Veltkamp split of a into hi + lo with 12 + 12 significant bits (|a| < 2^114).
inline float_pair split(float a) noexcept {
  const float c = 4097.0f * a;  // 2^12 + 1
  const float hi = c - (c - a);
  return {hi, a - hi};
}

// a * b = hi + lo exactly (barring underflow and overflow).
template <typename Real, typename Pair = decltype(split(Real{}))>
inline Pair two_product(Real a, Real b) noexcept {
  const Real p = a * b;
  const Pair as = split(a);
  const Pair bs = split(b);
  const Real err = (((as.hi * bs.hi - p) + as.hi * bs.lo) + as.lo * bs.hi) + as.lo * bs.lo;
  return {p, err};
}

// a + b = hi + lo exactly, provided |a| >= |b| or a == 0.
template <typename Real, typename Pair = decltype(split(Real{}))>
inline Pair fast_two_sum(Real a, Real b) noexcept {
  const Real s = a + b;
  return {s, (a - s) + b};
}

// e^x - 1 for 0.125 <= |x| <= 40 (double) resp. 20 (float): with E = 2^e T_hi exact,
// exp(r) - 1 to degree 7 (double) / 4 (float),
// e^x - 1 = (E - 1) + E p + 2^e T_lo; E - 1 is carried exactly as a pair, and the
// remaining terms are at most 0.1 of the result, so their rounding errors are small.
inline double expm1_reduced(double x) noexcept {
  const double kd = round_to_integer(x * inv_ln2_times_32_double);
  const int k = static_cast<int>(kd);
  const double r = (x - kd * ln2_over_32_hi_double) - kd * ln2_over_32_lo_double;
  const int j = k & 31;
  const int e = (k - j) / 32;
  // One degree more than exp: the truncation is measured against e^x - 1, not e^x.
  const double p =
      r + r * r *
              (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720 + r * (1.0 / 5040))))));
  const double two_e = pow2_double(e);
  const double big = exp2_table_double[j][0] * two_e;
  const double_pair head = e >= 0 ? fast_two_sum(big, -1.0) : fast_two_sum(-1.0, big);
  return head.hi + ((big * p + exp2_table_double[j][1] * two_e) + head.lo);
}

inline float expm1_reduced(float x) noexcept {
  const float kd = round_to_integer(x * inv_ln2_times_32_float);
  const int k = static_cast<int>(kd);
  const float r = (x - kd * ln2_over_32_hi_float) - kd * ln2_over_32_lo_float;
  const int j = k & 31;
  const int e = (k - j) / 32;
  const float p = r + r * r * (0.5f + r * (1.0f / 6 + r * (1.0f / 24)));
  const float two_e = pow2_float(e);
  const float big = exp2_table_float[j][0] * two_e;
  const float_pair head = e >= 0 ? fast_two_sum(big, -1.0f) : fast_two_sum(-1.0f, big);
  return head.hi + ((big * p + exp2_table_float[j][1] * two_e) + head.lo);
}

// e^x - 1 - x for |x| < 0.125: Taylor to degree 11 (truncation < 3e-19 relative).
inline double expm1_small_tail(double x) noexcept {
  return x * x *
         (1.0 / 2 +
          x * (1.0 / 6 +
               x * (1.0 / 24 +
                    x * (1.0 / 120 +
                         x * (1.0 / 720 +
                              x * (1.0 / 5040 +
                                   x * (1.0 / 40320 +
                                        x * (1.0 / 362880 +
                                             x * (1.0 / 3628800 + x * (1.0 / 39916800))))))))));
}
// float: Taylor to degree 6 (truncation < 8e-10 relative).
inline float expm1_small_tail(float x) noexcept {
  return x * x *
         (1.0f / 2 + x * (1.0f / 6 + x * (1.0f / 24 + x * (1.0f / 120 + x * (1.0f / 720)))));
}

// log x = hi + lo with a relative error below 2^-66 (double) resp. 2^-38 (float), for
// finite x > 0. Used by pow, where the error of log x is multiplied by y.
// log1p(r) = r - r^2/2 + r^3 P(r), with r^2/2 carried exactly.
inline double_pair log_extended(double x) noexcept {
  const log_parts_double parts = log_reduce(x);
  const double r = parts.r_hi;
  const double_pair r_sq = two_product(r, r);
  const double cubic =
      r * r_sq.hi *
      (1.0 / 3 +
       r * (-1.0 / 4 +
            r * (1.0 / 5 +
                 r * (-1.0 / 6 +
                      r * (1.0 / 7 + r * (-1.0 / 8 + r * (1.0 / 9 + r * (-1.0 / 10 + r * (1.0 / 11)))))))));
  const double_pair s1 = fast_two_sum(parts.hi, r);
  const double_pair s2 = fast_two_sum(s1.hi, -0.5 * r_sq.hi);
  const double lo = (((parts.small + parts.r_lo) - r * parts.r_lo) + (cubic - 0.5 * r_sq.lo)) + (s1.lo + s2.lo);
  return fast_two_sum(s2.hi, lo);
}

inline float_pair log_extended(float x) noexcept {
  const log_parts_float parts = log_reduce(x);
  const float r = parts.r_hi;
  const float_pair r_sq = two_product(r, r);
  const float cubic =
      r * r_sq.hi *
      (1.0f / 3 + r * (-1.0f / 4 + r * (1.0f / 5 + r * (-1.0f / 6 + r * (1.0f / 7 + r * (-1.0f / 8))))));
  const float_pair s1 = fast_two_sum(parts.hi, r);
  const float_pair s2 = fast_two_sum(s1.hi, -0.5f * r_sq.hi);
  const float lo = (((parts.small + parts.r_lo) - r * parts.r_lo) + (cubic - 0.5f * r_sq.lo)) + (s1.lo + s2.lo);
  return fast_two_sum(s2.hi, lo);
}

// Is y (finite, nonzero) an integer, and if so an odd one?
inline bool is_integer(double y) noexcept {
  const int e = static_cast<int>((to_bits(y) >> 52) & 0x7ff) - 1023;
  if (e < 0) return false;
  if (e >= 52) return true;
  return (to_bits(y) & ((std::uint64_t{1} << (52 - e)) - 1u)) == 0u;
}
inline bool is_odd_integer(double y) noexcept {
  const int e = static_cast<int>((to_bits(y) >> 52) & 0x7ff) - 1023;
  if (e < 0 || e > 52 || !is_integer(y)) return false;
  const std::uint64_t significand = (to_bits(y) & ((std::uint64_t{1} << 52) - 1u)) | (std::uint64_t{1} << 52);
  return ((significand >> (52 - e)) & 1u) != 0u;
}
inline bool is_integer(float y) noexcept {
  const int e = static_cast<int>((to_bits(y) >> 23) & 0xff) - 127;
  if (e < 0) return false;
  if (e >= 23) return true;
  return (to_bits(y) & ((std::uint32_t{1} << (23 - e)) - 1u)) == 0u;
}
inline bool is_odd_integer(float y) noexcept {
  const int e = static_cast<int>((to_bits(y) >> 23) & 0xff) - 127;
  if (e < 0 || e > 23 || !is_integer(y)) return false;
  const std::uint32_t significand = (to_bits(y) & ((std::uint32_t{1} << 23) - 1u)) | (std::uint32_t{1} << 23);
  return ((significand >> (23 - e)) & 1u) != 0u;
}

template <typename Real>
struct pow_limits;
template <>
struct pow_limits<double> {
  static constexpr double exponent_bound = 1000.0;  // |y log x| beyond this: 0 or inf
  static constexpr double overflow = exp_overflow_double;
  static constexpr double underflow = exp_underflow_double;
};
template <>
struct pow_limits<float> {
  static constexpr float exponent_bound = 150.0f;
  static constexpr float overflow = exp_overflow_float;
  static constexpr float underflow = exp_underflow_float;
};

// x^y for finite x > 0 and finite y != 0: exp(y log x) with log x and the product
// y log x carried as pairs, so the exponent reaches exp with a relative error < 2^-62.
template <typename Real>
inline Real pow_positive(Real x, Real y) noexcept {
  const auto log_x = log_extended(x);
  if (math::same(log_x.hi, Real(0))) return Real(1);  // x == 1 (here also for huge |y|)
  const Real z_estimate = y * log_x.hi;
  if (!(z_estimate <= pow_limits<Real>::exponent_bound && z_estimate >= -pow_limits<Real>::exponent_bound)) {
    return z_estimate > Real(0) ? std::numeric_limits<Real>::infinity() : Real(0);
  }
  const auto product = two_product(y, log_x.hi);
  const auto z = fast_two_sum(product.hi, product.lo + y * log_x.lo);
  if (z.hi > pow_limits<Real>::overflow) return std::numeric_limits<Real>::infinity();
  if (z.hi < pow_limits<Real>::underflow) return Real(0);
  return exp_reduced(z.hi, z.lo);
}

// x = q/2 + r + 2n with q in {0, 1, 2, 3} and |r| <= 1/4, for finite x.
struct half_turns_double {
  int q;
  double r;
};
struct half_turns_float {
  int q;
  float r;
};

inline half_turns_double reduce_half_turns(double x) noexcept {
  const double ax = abs(x);
  if (ax >= 0x1p52) {  // an integer; even from 2^53 on
    const bool odd = ax < 0x1p53 && (to_bits(x) & 1u) != 0u;
    return {odd ? 2 : 0, 0.0};
  }
  const double t = 2.0 * x;  // exact
  std::int64_t n = static_cast<std::int64_t>(t);
  const double f = t - static_cast<double>(n);  // exact, |f| < 1
  if (f > 0.5) n += 1;
  if (f < -0.5) n -= 1;
  return {static_cast<int>(n & 3), (t - static_cast<double>(n)) * 0.5};
}

inline half_turns_float reduce_half_turns(float x) noexcept {
  const float ax = abs(x);
  if (ax >= 0x1p23f) {
    const bool odd = ax < 0x1p24f && (to_bits(x) & 1u) != 0u;
    return {odd ? 2 : 0, 0.0f};
  }
  const float t = 2.0f * x;
  int n = static_cast<int>(t);
  const float f = t - static_cast<float>(n);
  if (f > 0.5f) n += 1;
  if (f < -0.5f) n -= 1;
  return {n & 3, (t - static_cast<float>(n)) * 0.5f};
}

// sin(pi r) for |r| <= 1/4: pi r is formed exactly as a pair (26-bit halves), the Taylor
// tail to (pi r)^17 (double) / (pi r)^11 (float) is added before the single final rounding.
inline double sin_pi_kernel(double r) noexcept {
  const double_pair rs = split(r);
  const double head = rs.hi * pi_hi_double;  // exact
  const double u = r * r;
  const double* c = sin_pi_coefficients_double;
  const double s = c[0] + u * (c[1] + u * (c[2] + u * (c[3] + u * (c[4] + u * (c[5] + u * (c[6] + u * c[7]))))));
  return head + ((rs.lo * pi_hi_double + r * pi_lo_double) + r * u * s);
}
inline float sin_pi_kernel(float r) noexcept {
  const float_pair rs = split(r);
  const float head = rs.hi * pi_hi_float;
  const float u = r * r;
  const float* c = sin_pi_coefficients_float;
  const float s = c[0] + u * (c[1] + u * (c[2] + u * (c[3] + u * c[4])));
  return head + ((rs.lo * pi_hi_float + r * pi_lo_float) + r * u * s);
}

// cos(pi r) for |r| <= 1/4: w = pi^2 r^2 / 2 is formed as a pair, 1 - w_hi is carried
// exactly, the Taylor tail to (pi r)^18 (double) / (pi r)^10 (float) added last.
inline double cos_pi_kernel(double r) noexcept {
  const double_pair u = two_product(r, r);
  const double_pair w = two_product(u.hi, half_pi_squared_hi_double);
  const double w_lo = w.lo + (u.hi * half_pi_squared_lo_double + u.lo * half_pi_squared_hi_double);
  const double_pair head = fast_two_sum(1.0, -w.hi);
  const double* c = cos_pi_coefficients_double;
  const double v = u.hi;
  const double quartic =
      v * v * (c[0] + v * (c[1] + v * (c[2] + v * (c[3] + v * (c[4] + v * (c[5] + v * (c[6] + v * c[7])))))));
  return head.hi + (head.lo + (quartic - w_lo));
}
inline float cos_pi_kernel(float r) noexcept {
  const float_pair u = two_product(r, r);
  const float_pair w = two_product(u.hi, half_pi_squared_hi_float);
  const float w_lo = w.lo + (u.hi * half_pi_squared_lo_float + u.lo * half_pi_squared_hi_float);
  const float_pair head = fast_two_sum(1.0f, -w.hi);
  const float* c = cos_pi_coefficients_float;
  const float v = u.hi;
  const float quartic = v * v * (c[0] + v * (c[1] + v * (c[2] + v * c[3])));
  return head.hi + (head.lo + (quartic - w_lo));
}

// sin(pi r) = pi r (to far below the rounding) for tiny |r|, where the exact splitting of
// pi r could underflow: pi r is formed on r 2^S (exact) and scaled back with one rounding.
inline double sin_pi_tiny(double r) noexcept {
  const double t = r * 0x1p600;
  const double_pair ts = split(t);
  return (ts.hi * pi_hi_double + (ts.lo * pi_hi_double + t * pi_lo_double)) * 0x1p-600;
}
inline float sin_pi_tiny(float r) noexcept {
  const float t = r * 0x1p64f;
  const float_pair ts = split(t);
  return (ts.hi * pi_hi_float + (ts.lo * pi_hi_float + t * pi_lo_float)) * 0x1p-64f;
}
inline bool is_tiny_turn(double r) noexcept { return abs(r) < 0x1p-500; }
inline bool is_tiny_turn(float r) noexcept { return abs(r) < 0x1p-60f; }

template <typename Real>
inline Real sin_pi_finite(Real x) noexcept {
  const auto h = reduce_half_turns(x);
  if (math::same(h.r, Real(0)) && (h.q & 1) == 0) return copysign(Real(0), x);
  if (is_tiny_turn(h.r) && (h.q & 1) == 0) return h.q == 0 ? sin_pi_tiny(h.r) : -sin_pi_tiny(h.r);
  switch (h.q) {
    case 0: return sin_pi_kernel(h.r);
    case 1: return cos_pi_kernel(h.r);
    case 2: return -sin_pi_kernel(h.r);
    default: return -cos_pi_kernel(h.r);
  }
}

template <typename Real>
inline Real cos_pi_finite(Real x) noexcept {
  const auto h = reduce_half_turns(x);
  if (math::same(h.r, Real(0)) && (h.q & 1) != 0) return Real(0);
  if (is_tiny_turn(h.r) && (h.q & 1) != 0) return h.q == 1 ? -sin_pi_tiny(h.r) : sin_pi_tiny(h.r);
  switch (h.q) {
    case 0: return cos_pi_kernel(h.r);
    case 1: return -sin_pi_kernel(h.r);
    case 2: return -cos_pi_kernel(h.r);
    default: return sin_pi_kernel(h.r);
  }
}

inline double canonical_nan(double) noexcept { return nan_double(); }
inline float canonical_nan(float) noexcept { return nan_float(); }

template <typename Real>
inline Real pow_special_or_positive(Real x, Real y) noexcept;

}  // namespace detail

// ---------------------------------------------------------------------------------------
// expm1, log1p
// ---------------------------------------------------------------------------------------

/// e^x - 1, accurate for small |x| (expm1(x) ~ x). expm1(+-0) = +-0, expm1(+inf) = +inf,
/// expm1(-inf) = -1, NaN -> NaN; overflows to +inf beyond x = 709.78. Error < 0.7 ulp.
inline double expm1(double x) noexcept {
  const double ax = abs(x);
  if (ax < 0.125) {
    if (math::same(x, 0.0)) return x;
    return x + detail::expm1_small_tail(x);
  }
  if (LANGEVIN_UNLIKELY(!(x <= 40.0 && x >= -38.0))) {
    if (is_nan(x)) return detail::quiet(x);
    if (x < 0.0) return -1.0;  // e^x < 2^-54: the result rounds to -1
    return exp(x);             // e^x > 2^57: subtracting 1 is below the rounding
  }
  return detail::expm1_reduced(x);
}

/// e^x - 1 in float arithmetic, accurate for small |x|. Special values as for double;
/// overflows to +inf beyond x = 88.72. Error < 0.7 ulp.
inline float expm1(float x) noexcept {
  const float ax = abs(x);
  if (ax < 0.125f) {
    if (math::same(x, 0.0f)) return x;
    return x + detail::expm1_small_tail(x);
  }
  if (LANGEVIN_UNLIKELY(!(x <= 20.0f && x >= -18.0f))) {
    if (is_nan(x)) return detail::quiet(x);
    if (x < 0.0f) return -1.0f;  // e^x < 2^-25
    return exp(x);               // e^x > 2^28
  }
  return detail::expm1_reduced(x);
}

/// log(1 + x), accurate for small |x| (log1p(x) ~ x). log1p(+-0) = +-0, log1p(-1) = -inf,
/// log1p(x < -1) = NaN, log1p(+inf) = +inf, NaN -> NaN. Error < 0.6 ulp.
inline double log1p(double x) noexcept {
  if (abs(x) < 0x1p-7) {
    if (math::same(x, 0.0)) return x;
    return x + detail::log1p_tail(x);
  }
  if (LANGEVIN_UNLIKELY(!(x > -1.0 && x < std::numeric_limits<double>::infinity()))) {
    if (is_nan(x)) return detail::quiet(x);
    if (math::same(x, -1.0)) return -detail::inf_double();
    if (x < -1.0) return detail::nan_double();
    return x;  // +inf
  }
  // 1 + x = u + err exactly; log(1 + x) = log(u) + err/u to far below the rounding.
  const detail::double_pair u = abs(x) <= 1.0 ? detail::fast_two_sum(1.0, x) : detail::fast_two_sum(x, 1.0);
  return detail::log_positive(u.hi, u.lo / u.hi);
}

/// log(1 + x) in float arithmetic, accurate for small |x|. Special values as for double.
/// Error < 0.6 ulp.
inline float log1p(float x) noexcept {
  if (abs(x) < 0x1p-6f) {
    if (math::same(x, 0.0f)) return x;
    return x + detail::log1p_tail(x);
  }
  if (LANGEVIN_UNLIKELY(!(x > -1.0f && x < std::numeric_limits<float>::infinity()))) {
    if (is_nan(x)) return detail::quiet(x);
    if (math::same(x, -1.0f)) return -detail::inf_float();
    if (x < -1.0f) return detail::nan_float();
    return x;
  }
  const detail::float_pair u = abs(x) <= 1.0f ? detail::fast_two_sum(1.0f, x) : detail::fast_two_sum(x, 1.0f);
  return detail::log_positive(u.hi, u.lo / u.hi);
}

// ---------------------------------------------------------------------------------------
// pow
// ---------------------------------------------------------------------------------------

/// x^y, meant for x > 0 (schedules: a (b + n)^-p, T0 k^n). Computed as exp(y log x) with
/// log x and y log x carried in double-length arithmetic, so the error stays below 1 ulp
/// even for results near the overflow and underflow thresholds (see the tests for the
/// measured maximum). Special values follow C99 Annex F: pow(x, +-0) = 1, pow(1, y) = 1,
/// NaN otherwise propagates, pow(+-0, y) = +-0 or +-inf, pow(+inf, y) = +inf or +0,
/// pow(x, +-inf) = 0 or +inf by |x| < 1, pow(-1, +-inf) = 1; a negative x gives NaN unless
/// y is an integer (then the sign is that of x^y).
inline double pow(double x, double y) noexcept { return detail::pow_special_or_positive(x, y); }

/// x^y in float arithmetic, meant for x > 0. Same method and special values as the
/// double version. Error < 0.8 ulp.
inline float pow(float x, float y) noexcept { return detail::pow_special_or_positive(x, y); }

// ---------------------------------------------------------------------------------------
// cos_pi, sin_pi, sqrt
// ---------------------------------------------------------------------------------------

/// cos(pi x) for any finite x (x is reduced modulo 2 exactly, so there is no loss for large
/// x: cos_pi(x) = 1 for |x| >= 2^53). cos_pi(n + 1/2) = +0 exactly, cos_pi(integer) = +-1
/// exactly; inf or NaN -> NaN. Error < 0.8 ulp.
inline double cos_pi(double x) noexcept {
  if (LANGEVIN_UNLIKELY(!is_finite(x))) return is_nan(x) ? detail::quiet(x) : detail::nan_double();
  return detail::cos_pi_finite(x);
}
/// cos(pi x) in float arithmetic for any finite x (exact reduction modulo 2). Error < 0.8 ulp.
inline float cos_pi(float x) noexcept {
  if (LANGEVIN_UNLIKELY(!is_finite(x))) return is_nan(x) ? detail::quiet(x) : detail::nan_float();
  return detail::cos_pi_finite(x);
}

/// sin(pi x) for any finite x (exact reduction modulo 2). sin_pi(integer) = 0 with the sign
/// of x, sin_pi(n + 1/2) = +-1 exactly; inf or NaN -> NaN. Error < 0.8 ulp.
inline double sin_pi(double x) noexcept {
  if (LANGEVIN_UNLIKELY(!is_finite(x))) return is_nan(x) ? detail::quiet(x) : detail::nan_double();
  return detail::sin_pi_finite(x);
}
/// sin(pi x) in float arithmetic for any finite x (exact reduction modulo 2). Error < 0.8 ulp.
inline float sin_pi(float x) noexcept {
  if (LANGEVIN_UNLIKELY(!is_finite(x))) return is_nan(x) ? detail::quiet(x) : detail::nan_float();
  return detail::sin_pi_finite(x);
}

namespace detail {

/// Bits of a positive finite x as an integer significand with its leading bit at position
/// `digits` - 1 and the power of two that scales it: x = significand * 2^exponent.
/// Subnormals are normalised.
struct sqrt_operand {
  std::uint64_t significand;
  int exponent;
};
inline sqrt_operand sqrt_unpack(double x) noexcept {
  const std::uint64_t u = to_bits(x);
  std::uint64_t significand = u & ((1ull << 52) - 1u);
  int biased = static_cast<int>(u >> 52);
  if (biased == 0) {
    biased = 1;
    while ((significand >> 52) == 0u) {
      significand <<= 1;
      --biased;
    }
  } else {
    significand |= 1ull << 52;
  }
  return {significand, biased - 1075};
}
inline sqrt_operand sqrt_unpack(float x) noexcept {
  const std::uint32_t u = to_bits(x);
  std::uint64_t significand = u & ((1u << 23) - 1u);
  int biased = static_cast<int>(u >> 23);
  if (biased == 0) {
    biased = 1;
    while ((significand >> 23) == 0u) {
      significand <<= 1;
      --biased;
    }
  } else {
    significand |= 1ull << 23;
  }
  return {significand, biased - 150};
}

/// significand * 2^exponent for a significand with its leading bit at digits - 1 and a
/// normal result (the type of the first argument selects float or double).
inline double sqrt_pack(double, std::uint64_t significand, int exponent) noexcept {
  const int biased_exponent = exponent + 52 + 1023;
  const auto biased = static_cast<std::uint64_t>(biased_exponent);
  return double_from_bits((biased << 52) | (significand & ((1ull << 52) - 1u)));
}
inline float sqrt_pack(float, std::uint64_t significand, int exponent) noexcept {
  const auto biased = static_cast<std::uint32_t>(exponent + 23 + 127);
  return float_from_bits((biased << 23) | static_cast<std::uint32_t>(significand & ((1u << 23) - 1u)));
}

/// Correctly rounded square root of a positive finite x (zero excluded) in integer
/// arithmetic only, for cores without a square-root instruction. With p the significand's
/// digits (24 or 53), x = m 2^e, m in [2^(p-1), 2^p): the digit-by-digit method gives
/// q = floor(sqrt(m 2^s)) with s = p + 1 or p + 2 chosen to make e - s even, so q has
/// exactly p + 1 bits and sqrt(x) = sqrt(m 2^s) 2^((e - s) / 2). The last bit of q is the
/// rounding bit; a tie is impossible (sqrt of a p-digit number never has exactly p + 1
/// digits), so rounding to nearest adds that bit. Work: p + 1 iterations of shifts, adds
/// and compares on 64-bit integers.
template <class Real>
inline Real sqrt_digit_by_digit(Real x) noexcept {
  constexpr int digits = std::numeric_limits<Real>::digits;
  const sqrt_operand operand = sqrt_unpack(x);
  const int shift = ((operand.exponent - (digits + 1)) & 1) == 0 ? digits + 1 : digits + 2;
  // N = significand * 2^shift has digits + shift <= 2 digits + 2 bits; its bit pairs are
  // consumed from the top, the rest of N being the shifted-in zeros.
  constexpr int pairs = digits + 1;
  std::uint64_t root = 0u;
  std::uint64_t remainder = 0u;
  for (int pair = pairs - 1; pair >= 0; --pair) {
    const int low = 2 * pair - shift;  // position in the significand of the pair's low bit
    std::uint64_t bits = 0u;
    if (low >= 0) {
      bits = (operand.significand >> low) & 3u;
    } else if (low == -1) {
      bits = (operand.significand & 1u) << 1;
    }
    remainder = (remainder << 2) | bits;
    const std::uint64_t trial = (root << 2) | 1u;
    root <<= 1;
    if (remainder >= trial) {
      remainder -= trial;
      root |= 1u;
    }
  }
  const std::uint64_t rounded = (root >> 1) + (root & 1u);  // p digits; no carry out (see above)
  // sqrt(x) = rounded * 2^((e - shift) / 2 + 1), always a normal number.
  return sqrt_pack(x, rounded, (operand.exponent - shift) / 2 + 1);
}

/// The square root instruction of the FPU where there is one for Real (no errno, no libm
/// call, whatever the user's flags), else the integer method above. Positive finite x.
inline float sqrt_positive(float x) noexcept {
#if defined(__SSE_MATH__) || (defined(__x86_64__) && defined(__SSE2__))
  float r;
  __asm__("sqrtss %1, %0" : "=x"(r) : "x"(x));
  return r;
#elif defined(__aarch64__)
  float r;
  __asm__("fsqrt %s0, %s1" : "=w"(r) : "w"(x));
  return r;
#elif defined(__arm__) && defined(__ARM_FP) && (__ARM_FP & 0x4)
  float r;
  __asm__("vsqrt.f32 %0, %1" : "=t"(r) : "t"(x));
  return r;
#elif defined(__riscv) && defined(__riscv_flen) && __riscv_flen >= 32
  float r;
  __asm__("fsqrt.s %0, %1" : "=f"(r) : "f"(x));
  return r;
#else
  return sqrt_digit_by_digit(x);
#endif
}
inline double sqrt_positive(double x) noexcept {
#if defined(__SSE2_MATH__) || (defined(__x86_64__) && defined(__SSE2__))
  double r;
  __asm__("sqrtsd %1, %0" : "=x"(r) : "x"(x));
  return r;
#elif defined(__aarch64__)
  double r;
  __asm__("fsqrt %d0, %d1" : "=w"(r) : "w"(x));
  return r;
#elif defined(__arm__) && defined(__ARM_FP) && (__ARM_FP & 0x8)
  double r;
  __asm__("vsqrt.f64 %P0, %P1" : "=w"(r) : "w"(x));
  return r;
#elif defined(__riscv) && defined(__riscv_flen) && __riscv_flen >= 64
  double r;
  __asm__("fsqrt.d %0, %1" : "=f"(r) : "f"(x));
  return r;
#else
  return sqrt_digit_by_digit(x);
#endif
}

}  // namespace detail

/// Square root, correctly rounded (IEEE 754 requires it, so every conforming method gives
/// the same bits): the FPU's instruction through inline assembly on x86-64 (SSE2), AArch64,
/// ARM with a VFP for the type and RISC-V with F/D, the library's own integer method
/// elsewhere (Cortex-M0/M3, double on Cortex-M4F/M33). Never a libm call or errno, whatever
/// the flags (-fmath-errno included). Negative arguments give the canonical NaN (not the
/// FPU's default NaN, whose sign differs between x86 and ARM); sqrt(+-0) = +-0, sqrt(+inf) =
/// +inf, NaN stays NaN (quieted).
inline double sqrt(double x) noexcept {
  // One integer test separates the positive finite numbers (bits 1 .. 0x7fef...f) from
  // zeros, negatives, infinities and NaNs.
  if (LANGEVIN_UNLIKELY(to_bits(x) - 1u >= 0x7fefffffffffffffull)) {
    if (is_nan(x)) return detail::quiet(x);
    return math::same(x, 0.0) || x > 0.0 ? x : detail::nan_double();
  }
  return detail::sqrt_positive(x);
}
/// Square root in float arithmetic, correctly rounded (see the double overload).
inline float sqrt(float x) noexcept {
  if (LANGEVIN_UNLIKELY(to_bits(x) - 1u >= 0x7f7fffffu)) {
    if (is_nan(x)) return detail::quiet(x);
    return math::same(x, 0.0f) || x > 0.0f ? x : detail::nan_float();
  }
  return detail::sqrt_positive(x);
}

namespace detail {

#if LANGEVIN_SOFT_DOUBLE
// Where Real arithmetic is emulated in software (soft_arithmetic): pow as out-of-line
// functions that end in tail calls, so the deepest path, pow_positive, runs at the depth of
// pow's caller plus its own frame. Internal linkage on purpose, as normal_tail_out_of_line
// in random/normal.hpp: GCC for bare-metal ARM never tail-calls a weak function (a
// template or inline function).
template <typename Real>
struct pow_bits;
template <>
struct pow_bits<double> {
  using type = std::uint64_t;
  static constexpr type one = 0x3ff0000000000000ull;
  static constexpr type exponent = 0x7ff0000000000000ull;
  static constexpr type sign = 0x8000000000000000ull;
  static constexpr type minus_infinity = 0xfff0000000000000ull;
};
template <>
struct pow_bits<float> {
  using type = std::uint32_t;
  static constexpr type one = 0x3f800000u;
  static constexpr type exponent = 0x7f800000u;
  static constexpr type sign = 0x80000000u;
  static constexpr type minus_infinity = 0xff800000u;
};

namespace {
template <typename Real>
[[gnu::noinline]] Real pow_positive_out_of_line(Real x, Real y) noexcept {
  return pow_positive(x, y);
}
template <typename Real>
[[gnu::noinline]] Real pow_positive_negated(Real x, Real y) noexcept {
  return -pow_positive(x, y);
}

// x^y for the special arguments other than a finite x < 0 with an integer y (the caller,
// pow_out_of_line, reduces those to pow_positive), out of line and without calling
// pow_positive, so the two frames never nest. The same decisions as the generic code of
// pow_special_or_positive below (keep them in step; the special values are tested on
// every port).
template <typename Real>
[[gnu::noinline]] Real pow_special(Real x, Real y) noexcept {
  const Real zero(0);
  const Real one(1);
  const Real inf = std::numeric_limits<Real>::infinity();
  if (math::same(y, zero) || math::same(x, one)) return one;
  if (is_nan(x) || is_nan(y)) return quiet(is_nan(x) ? x : y);
  if (!is_finite(y)) {
    const Real ax = abs(x);
    if (math::same(ax, one)) return one;
    return (ax < one) == (y > zero) ? zero : inf;
  }
  const bool odd = is_odd_integer(y);
  if (math::same(x, zero)) {
    const Real magnitude = y > zero ? zero : inf;
    return odd ? copysign(magnitude, x) : magnitude;
  }
  if (math::same(x, inf)) return y > zero ? inf : zero;
  if (math::same(x, -inf)) {
    const Real magnitude = y > zero ? inf : zero;
    return odd ? -magnitude : magnitude;
  }
  LANGEVIN_ASSERT(!is_integer(y));  // a finite x < 0 with an integer y is the caller's
  return canonical_nan(x);
}

// pow_special_or_positive for soft_arithmetic<Real>: the generic code's decisions, each
// branch ending in a tail call.
template <typename Real>
[[gnu::noinline]] Real pow_out_of_line(Real x, Real y) noexcept {
  // The generic code's test for a special argument (y = +-0, x = 1, x or y not finite,
  // x = +-0 or x < 0), on the bits: no soft-float comparison calls.
  using bits = pow_bits<Real>;
  const typename bits::type ux = to_bits(x);
  const typename bits::type uy = to_bits(y);
  const typename bits::type y_twice = static_cast<typename bits::type>(uy << 1);  // 0 for y = +-0
  if (LANGEVIN_UNLIKELY(y_twice == 0u || ux == bits::one || ux == 0u || ux >= bits::exponent ||
                        (uy & bits::exponent) == bits::exponent)) {
    // x^y = +-(-x)^y for a finite x < 0 (not -0) and a finite, nonzero, integer y.
    if (ux > bits::sign && ux < bits::minus_infinity && y_twice != 0u && (uy & bits::exponent) != bits::exponent &&
        is_integer(y)) {
      if (is_odd_integer(y)) return pow_positive_negated(-x, y);
      return pow_positive_out_of_line(-x, y);
    }
    return pow_special(x, y);
  }
  return pow_positive_out_of_line(x, y);
}
}  // namespace
#endif

// x^y for all arguments. Where Real arithmetic is emulated in software (soft_arithmetic):
// the same decisions and results from pow_out_of_line, whose frames never nest.
template <typename Real>
inline Real pow_special_or_positive(Real x, Real y) noexcept {
#if LANGEVIN_SOFT_DOUBLE
  if constexpr (langevin::detail::soft_arithmetic<Real>) return pow_out_of_line(x, y);
#endif
  const Real zero(0);
  const Real one(1);
  const Real inf = std::numeric_limits<Real>::infinity();
  if (math::same(y, zero) || math::same(x, one)) return one;  // also for NaN arguments (C99 Annex F)
  if (LANGEVIN_UNLIKELY(is_nan(x) || is_nan(y))) return quiet(is_nan(x) ? x : y);
  if (LANGEVIN_UNLIKELY(!is_finite(y))) {
    const Real ax = abs(x);
    if (math::same(ax, one)) return one;
    return (ax < one) == (y > zero) ? zero : inf;
  }
  if (LANGEVIN_UNLIKELY(math::same(x, zero) || !is_finite(x) || signbit(x))) {
    const bool odd = is_odd_integer(y);
    if (math::same(x, zero)) {
      const Real magnitude = y > zero ? zero : inf;
      return odd ? copysign(magnitude, x) : magnitude;
    }
    if (math::same(x, inf)) return y > zero ? inf : zero;
    if (math::same(x, -inf)) {
      const Real magnitude = y > zero ? inf : zero;
      return odd ? -magnitude : magnitude;
    }
    if (!is_integer(y)) return canonical_nan(x);
    const Real magnitude = pow_positive(-x, y);
    return odd ? -magnitude : magnitude;
  }
  return pow_positive(x, y);
}

}  // namespace detail

}  // namespace math
}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
