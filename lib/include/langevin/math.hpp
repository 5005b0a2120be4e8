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
/// Accuracy is stated per function in ulps (units in the last place of the result),
/// measured against glibc's libm and a higher-precision reference by
/// tests/host/test_math_ulp.cpp.
#ifndef LANGEVIN_MATH_HPP
#define LANGEVIN_MATH_HPP

#include <cstdint>
#include <cstring>
#include <limits>

#include "config.hpp"
#include "detail/math_tables.hpp"

namespace langevin {
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

/// True if `x` is a NaN (from the bit pattern: correct even under -ffast-math).
inline bool is_nan(double x) noexcept { return (to_bits(x) << 1) > (0x7ffull << 53); }
/// True if `x` is a NaN (from the bit pattern: correct even under -ffast-math).
inline bool is_nan(float x) noexcept { return (to_bits(x) << 1) > (0xffu << 24); }

/// True if `x` is neither infinite nor NaN (from the bit pattern).
inline bool is_finite(double x) noexcept { return (to_bits(x) << 1) < (0x7ffull << 53); }
/// True if `x` is neither infinite nor NaN (from the bit pattern).
inline bool is_finite(float x) noexcept { return (to_bits(x) << 1) < (0xffu << 24); }

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
  if (a == b) return signbit(a) ? a : b;
  return a < b ? a : b;
}
/// The smaller of `a` and `b`; if one is NaN the other is returned (like C fmin);
/// fmin(-0, +0) = -0.
inline float fmin(float a, float b) noexcept {
  if (is_nan(a)) return b;
  if (is_nan(b)) return a;
  if (a == b) return signbit(a) ? a : b;
  return a < b ? a : b;
}

/// The larger of `a` and `b`; if one is NaN the other is returned (like C fmax);
/// fmax(-0, +0) = +0.
inline double fmax(double a, double b) noexcept {
  if (is_nan(a)) return b;
  if (is_nan(b)) return a;
  if (a == b) return signbit(a) ? b : a;
  return a > b ? a : b;
}
/// The larger of `a` and `b`; if one is NaN the other is returned (like C fmax);
/// fmax(-0, +0) = +0.
inline float fmax(float a, float b) noexcept {
  if (is_nan(a)) return b;
  if (is_nan(b)) return a;
  if (a == b) return signbit(a) ? b : a;
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

/// The integer nearest to `z` (halfway cases away from zero), for |z| < 2^30.
inline int nearest_int(double z) noexcept { return static_cast<int>(z < 0.0 ? z - 0.5 : z + 0.5); }
/// The integer nearest to `z` (halfway cases away from zero), for |z| < 2^22.
inline int nearest_int(float z) noexcept { return static_cast<int>(z < 0.0f ? z - 0.5f : z + 0.5f); }

// exp(x + x_lo) for -746 <= x <= 709.79 (|x_lo| <= 2^-40 |x| or so).
// x = k ln2/32 + r with |r| <= ln2/64 (Cody-Waite: k ln2_over_32_hi is exact and
// x - k ln2_over_32_hi is exact by Sterbenz); exp(x) = 2^(k div 32) 2^((k mod 32)/32) exp(r),
// the table value carried as hi + lo and exp(r) - 1 by its degree-6 Taylor polynomial
// (truncation < 4e-18 relative).
inline double exp_reduced(double x, double x_lo) noexcept {
  const int k = nearest_int(x * inv_ln2_times_32_double);
  const double kd = static_cast<double>(k);
  const double r = ((x - kd * ln2_over_32_hi_double) - kd * ln2_over_32_lo_double) + x_lo;
  const int j = k & 31;
  const int e = (k - j) / 32;
  const double r2 = r * r;
  const double p =
      r + r2 * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0)))));
  const double t_hi = exp2_table_double[j][0];
  const double t_lo = exp2_table_double[j][1];
  return scale(t_hi + (t_lo + t_hi * p), e);
}

// float version: |r| <= ln2/64, exp(r) - 1 by its degree-3 Taylor polynomial
// (truncation < 6e-10 relative).
inline float exp_reduced(float x, float x_lo) noexcept {
  const int k = nearest_int(x * inv_ln2_times_32_float);
  const float kd = static_cast<float>(k);
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
  const std::uint64_t mantissa = ux & ((1ull << 52) - 1u);
  k += static_cast<int>(ux >> 52) - 1023;
  std::uint64_t m_bits = mantissa | (1023ull << 52);  // m in [1, 2)
  if (mantissa >= 0x6a09e667f3bcdull) {               // m >= sqrt(2): use m/2 in [0.707, 1)
    m_bits = mantissa | (1022ull << 52);
    k += 1;
  }
  const double m = double_from_bits(m_bits);
  const int index = static_cast<int>((m - 1.0) * 64.0 + 19.5);  // j + 19, j = round(64 (m - 1))
  const double c = 1.0 + static_cast<double>(index - 19) * (1.0 / 64.0);
  const double d = m - c;
  const double inv_c = log_table_double[index][0];
  const double r_hi = d * inv_c;
  // c has at most 7 significant bits: with r_hi cut to 46 bits both partial products are exact.
  const double r_head = double_from_bits(to_bits(r_hi) & ~std::uint64_t{0x7f});
  const double r_tail = r_hi - r_head;
  const double residual = (d - r_head * c) - r_tail * c;
  const double kd = static_cast<double>(k);
  return {kd * ln2_hi_double + log_table_double[index][1], r_hi, residual * inv_c,
          kd * ln2_lo_double + log_table_double[index][2]};
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
  const std::uint32_t mantissa = ux & ((1u << 23) - 1u);
  k += static_cast<int>(ux >> 23) - 127;
  std::uint32_t m_bits = mantissa | (127u << 23);
  if (mantissa >= 0x3504f3u) {  // m >= sqrt(2)
    m_bits = mantissa | (126u << 23);
    k += 1;
  }
  const float m = float_from_bits(m_bits);
  const int index = static_cast<int>((m - 1.0f) * 32.0f + 9.5f);  // j + 9, j = round(32 (m - 1))
  const float c = 1.0f + static_cast<float>(index - 9) * (1.0f / 32.0f);
  const float d = m - c;
  const float inv_c = log_table_float[index][0];
  const float r_hi = d * inv_c;
  // c has at most 6 significant bits: with r_hi cut to 18 bits both partial products are exact.
  const float r_head = float_from_bits(to_bits(r_hi) & ~std::uint32_t{0x3f});
  const float r_tail = r_hi - r_head;
  const float residual = (d - r_head * c) - r_tail * c;
  const float kd = static_cast<float>(k);
  return {kd * ln2_hi_float + log_table_float[index][1], r_hi, residual * inv_c,
          kd * ln2_lo_float + log_table_float[index][2]};
}

// log1p(r) - r for |r| <= 0.0112: Taylor to degree 8 (truncation < 2e-18 relative to log x).
inline double log1p_tail(double r) noexcept {
  return r * r *
         (-0.5 + r * (1.0 / 3.0 + r * (-0.25 + r * (0.2 + r * (-1.0 / 6.0 + r * (1.0 / 7.0 + r * -0.125))))));
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
/// scaled). Error < 0.6 ulp (table-driven, see the tests for the measured maximum).
inline double exp(double x) noexcept {
  if (LANGEVIN_UNLIKELY(!(x <= detail::exp_overflow_double && x >= detail::exp_underflow_double))) {
    if (is_nan(x)) return detail::quiet(x);
    return x > 0.0 ? detail::inf_double() : 0.0;
  }
  return detail::exp_reduced(x, 0.0);
}

/// e^x in float arithmetic. exp(+inf) = +inf, exp(-inf) = +0, NaN -> NaN; x > 88.72
/// overflows to +inf; subnormal results correctly scaled. Error < 0.6 ulp.
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

}  // namespace math
}  // namespace langevin

#endif
