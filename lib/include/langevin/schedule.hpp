/// \file
/// Cooling schedules: temperatures and learning rates as pure functions of the step index
/// n, so that a resumed run continues exactly where it stopped without replaying history.
#ifndef LANGEVIN_SCHEDULE_HPP
#define LANGEVIN_SCHEDULE_HPP

#include <cstdint>
#include <limits>

#include "config.hpp"
#include "math.hpp"
#include "status.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

/// The closed-form families a `schedule` can follow.
enum class schedule_kind : unsigned char {
  constant,      ///< value(n) = a
  logarithmic,   ///< value(n) = a / log(n + b)           (Hajek; b > 1)
  geometric,     ///< value(n) = a * k^(n / period)       (0 < k <= 1; the ratio per period steps)
  inverse_time,  ///< value(n) = a / (b + n)
  polynomial,    ///< value(n) = a * (b + n)^(-k)         (Welling-Teh step sizes)
  cosine,        ///< value(n) = b + (a - b) (1 + cos(pi (n mod period) / period)) / 2   (cyclical SGLD)
  linear,        ///< value(n) = a + (b - a) min(n, period) / period, then b
};

static_assert(LANGEVIN_SCHEDULE_CONSTANT == 1 << static_cast<unsigned>(schedule_kind::constant) &&
                  LANGEVIN_SCHEDULE_LOGARITHMIC == 1 << static_cast<unsigned>(schedule_kind::logarithmic) &&
                  LANGEVIN_SCHEDULE_GEOMETRIC == 1 << static_cast<unsigned>(schedule_kind::geometric) &&
                  LANGEVIN_SCHEDULE_INVERSE_TIME == 1 << static_cast<unsigned>(schedule_kind::inverse_time) &&
                  LANGEVIN_SCHEDULE_POLYNOMIAL == 1 << static_cast<unsigned>(schedule_kind::polynomial) &&
                  LANGEVIN_SCHEDULE_COSINE == 1 << static_cast<unsigned>(schedule_kind::cosine) &&
                  LANGEVIN_SCHEDULE_LINEAR == 1 << static_cast<unsigned>(schedule_kind::linear),
              "the LANGEVIN_SCHEDULE_* bits follow the order of schedule_kind");
static_assert((static_cast<unsigned>(LANGEVIN_SCHEDULE_KINDS) & ~static_cast<unsigned>(LANGEVIN_SCHEDULE_ALL)) == 0u,
              "LANGEVIN_SCHEDULE_KINDS may only hold LANGEVIN_SCHEDULE_* bits");

/// A temperature or learning-rate schedule: `value(n) = max(family(n), floor)`.
///
/// A trivially copyable aggregate (fits in .rodata as `static const`, checkpointable by
/// copying bytes). Build it with the static factories; `validate()` tells whether the
/// parameters are in range. Optimizers and `anneal()` validate the schedules they are
/// given; `operator()` on an invalid schedule returns whatever the formula gives
/// (possibly NaN), never undefined behaviour.
template <class Real>
struct schedule {
  schedule_kind kind = schedule_kind::constant;
  Real a = Real(1);               ///< Scale: the value, c, T0, a or the cycle's high/start value.
  Real b = Real(0);               ///< Offset n0 or b, or the cycle's low / linear end value.
  Real k = Real(1);               ///< Geometric ratio (per period) or polynomial exponent.
  std::uint64_t period = 1;       ///< Cosine cycle length, linear duration or geometric ratio's steps (>= 1).
  Real floor = Real(0);           ///< Lower bound of the value (>= 0).

  /// value(n) = v.
  static constexpr schedule constant(Real v) noexcept { return {schedule_kind::constant, v, Real(0), Real(1), 1u, Real(0)}; }
  /// Hajek's logarithmic cooling value(n) = c / log(n + n0), n0 > 1. Finds the global
  /// minimum in probability when c >= the depth of the deepest non-global well.
  static constexpr schedule logarithmic(Real c, Real n0, Real floor_value = Real(0)) noexcept {
    return {schedule_kind::logarithmic, c, n0, Real(1), 1u, floor_value};
  }
  /// Exponential cooling value(n) = t0 * ratio^(n / steps), 0 < ratio <= 1, steps >= 1: the
  /// value falls by `ratio` every `steps` steps, smoothly (n / steps is not rounded). With
  /// steps = 1, t0 * ratio^n. For a slow decay use `steps`: a ratio near 1 is rounded by up
  /// to half an ulp (2^-25 in float, 2^-54 in double), which changes ratio^n by up to a
  /// factor e^(n 2^-25) in float (20 at n = 10^8).
  static constexpr schedule geometric(Real t0, Real ratio, Real floor_value = Real(0),
                                      std::uint64_t steps = 1u) noexcept {
    return {schedule_kind::geometric, t0, Real(0), ratio, steps, floor_value};
  }
  /// value(n) = scale / (offset + n), offset > 0.
  static constexpr schedule inverse_time(Real scale, Real offset, Real floor_value = Real(0)) noexcept {
    return {schedule_kind::inverse_time, scale, offset, Real(1), 1u, floor_value};
  }
  /// value(n) = scale * (offset + n)^(-exponent), offset > 0, exponent >= 0. Robbins-Monro
  /// step sizes for SGLD need 0.5 < exponent <= 1.
  static constexpr schedule polynomial(Real scale, Real offset, Real exponent, Real floor_value = Real(0)) noexcept {
    return {schedule_kind::polynomial, scale, offset, exponent, 1u, floor_value};
  }
  /// Cyclical cosine schedule: each cycle of `cycle_length` steps falls from `high` to
  /// `low` along a half cosine, then restarts at `high` (cyclical SGLD, SGDR).
  static constexpr schedule cosine(Real high, Real low, std::uint64_t cycle_length, Real floor_value = Real(0)) noexcept {
    return {schedule_kind::cosine, high, low, Real(1), cycle_length, floor_value};
  }
  /// Straight line from `start` at n = 0 to `end` at n = steps, constant afterwards.
  static constexpr schedule linear(Real start, Real end, std::uint64_t steps, Real floor_value = Real(0)) noexcept {
    return {schedule_kind::linear, start, end, Real(1), steps, floor_value};
  }

  /// True if the family `family` is compiled in (see LANGEVIN_SCHEDULE_KINDS in config.hpp;
  /// constant, which needs no math, always is).
  static constexpr bool compiled_in(schedule_kind family) noexcept {
    // Any byte can arrive as a kind (a forged checkpoint): shift only by a family's index.
    const auto index = static_cast<unsigned>(family);
    return family == schedule_kind::constant ||
           (index < 7u && ((static_cast<unsigned>(LANGEVIN_SCHEDULE_KINDS) >> index) & 1u) != 0u);
  }

  /// status::ok if the family is compiled in, every parameter is finite and in the range
  /// its family documents, and the values are >= 0; status::invalid_argument otherwise.
  status validate() const noexcept {
    using math::is_finite;
    if (!compiled_in(kind)) return status::invalid_argument;
    if (!is_finite(a) || !is_finite(b) || !is_finite(k) || !is_finite(floor) || !(floor >= Real(0))) {
      return status::invalid_argument;
    }
    bool ok = false;
    switch (kind) {
      case schedule_kind::constant: ok = a >= Real(0); break;
      case schedule_kind::logarithmic: ok = a > Real(0) && b > Real(1); break;
      case schedule_kind::geometric: ok = a > Real(0) && k > Real(0) && k <= Real(1) && period >= 1u; break;
      case schedule_kind::inverse_time: ok = a > Real(0) && b > Real(0); break;
      case schedule_kind::polynomial: ok = a > Real(0) && b > Real(0) && k >= Real(0); break;
      case schedule_kind::cosine: ok = a >= b && b >= Real(0) && period >= 1u; break;
      case schedule_kind::linear: ok = a >= Real(0) && b >= Real(0) && period >= 1u; break;
    }
    return ok ? status::ok : status::invalid_argument;
  }

  /// The value at step n (n = 0 is the first step). Bit-identical on every port. NaN for
  /// a family that is not compiled in; max(a, floor) for a kind byte outside the
  /// enumerators (a forged checkpoint's; validate() refuses both).
  Real operator()(std::uint64_t n) const noexcept {
    // A family left out returns before its code, which is then never instantiated (if
    // constexpr discards it): its math functions are not linked.
    using K = schedule_kind;
    constexpr Real left_out = std::numeric_limits<Real>::quiet_NaN();
    Real v = a;
    switch (kind) {
      case K::constant: break;
      case K::logarithmic:
        if constexpr (compiled_in(K::logarithmic)) v = family_value<K::logarithmic>(n); else return left_out;
        break;
      case K::geometric:
        if constexpr (compiled_in(K::geometric)) v = family_value<K::geometric>(n); else return left_out;
        break;
      case K::inverse_time:
        if constexpr (compiled_in(K::inverse_time)) v = family_value<K::inverse_time>(n); else return left_out;
        break;
      case K::polynomial:
        if constexpr (compiled_in(K::polynomial)) v = family_value<K::polynomial>(n); else return left_out;
        break;
      case K::cosine:
        if constexpr (compiled_in(K::cosine)) v = family_value<K::cosine>(n); else return left_out;
        break;
      case K::linear:
        if constexpr (compiled_in(K::linear)) v = family_value<K::linear>(n); else return left_out;
        break;
    }
    return v > floor ? v : floor;
  }

 private:
  /// The formula of family F at step n, before the floor. Inline, except where Real
  /// arithmetic is emulated in software (detail::soft_arithmetic, math.hpp: double on
  /// Cortex-M4F and M3, float on M3 too): there each family is its own out-of-line
  /// function, so operator()'s switch keeps a small frame and a call runs only the frames
  /// of the family it evaluates. The same operations and bits either way.
  template <schedule_kind F>
  // cppcheck-suppress unusedPrivateFunction ; cppcheck 2.10 misses the calls in if constexpr
  [[gnu::always_inline]] Real family_value(std::uint64_t n) const noexcept {
#if LANGEVIN_SOFT_DOUBLE || (defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M')
    if constexpr (families_out_of_line) return family_out_of_line<F>(n);
#endif
    return family_formula<F>(n);
  }

#if LANGEVIN_SOFT_DOUBLE || (defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M')
  /// Each family out of line: where Real is emulated, and for double on every M-profile
  /// core (on the M7 and M55, whose FPUs do double, GCC otherwise inlines the families'
  /// log, exp and pow chains into operator() as its per-unit budget allows, and the pow
  /// chain then passes the 256 B step budget under it).
  static constexpr bool families_out_of_line =
      detail::soft_arithmetic<Real> || std::is_same<Real, double>::value;

  template <schedule_kind F>
  [[gnu::noinline]] Real family_out_of_line(std::uint64_t n) const noexcept {
    return family_formula<F>(n);
  }
#endif

  /// The math function comes first, then the scale a (the same operations as a * f(...)):
  /// out of line, a is then read after the call and need not be kept across it.
  template <schedule_kind F>
  [[gnu::always_inline]] Real family_formula(std::uint64_t n) const noexcept {
    using K = schedule_kind;
    [[maybe_unused]] const Real step = math::from_count<Real>(n);
    if constexpr (F == K::logarithmic) {
      const Real log_value = math::log(step + b);
      return a / log_value;
    } else if constexpr (F == K::geometric) {
      const Real log_ratio = math::log(k);
      const Real per_step = period > 1u ? log_ratio / math::from_count<Real>(period) : log_ratio;
      const Real power = math::exp(step * per_step);
      return a * power;
    } else if constexpr (F == K::inverse_time) {
      return a / (b + step);
    } else if constexpr (F == K::polynomial) {
      const Real power = math::pow(b + step, -k);
      return a * power;
    } else if constexpr (F == K::cosine) {
      const std::uint64_t cycle = period == 0u ? 1u : period;
      const Real phase = math::from_count<Real>(n % cycle) / math::from_count<Real>(cycle);
      // Halved first: (a - b) (1 + cos) overflows for a > max / 2. The same value wherever
      // the half is a normal number (a halving is exact there).
      return b + (a - b) * Real(0.5) * (Real(1) + math::cos_pi(phase));
    } else {
      static_assert(F == K::linear, "a family with a formula");
      const std::uint64_t steps = period == 0u ? 1u : period;
      const std::uint64_t clamped = n < steps ? n : steps;
      return a + (b - a) * (math::from_count<Real>(clamped) / math::from_count<Real>(steps));
    }
  }
};

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
