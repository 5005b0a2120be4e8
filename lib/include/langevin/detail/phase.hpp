/// \file
/// How a step function runs its phases: inline, or each as its own out-of-line function
/// where Real arithmetic is emulated in software. The arithmetic of a phase is written once
/// (a lambda); only where it runs differs.
#ifndef LANGEVIN_DETAIL_PHASE_HPP
#define LANGEVIN_DETAIL_PHASE_HPP

#include <type_traits>

#include "../config.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {
namespace detail {

/// True for double where double arithmetic is emulated in software (LANGEVIN_SOFT_DOUBLE).
template <class Real>
constexpr bool soft_double = LANGEVIN_SOFT_DOUBLE != 0 && std::is_same<Real, double>::value;

/// True where Real arithmetic is a call into the compiler's software floating-point helpers:
/// double without a double-precision FPU (Cortex-M0/M3/M4F/M33), float without any FPU
/// (Cortex-M0/M3). See LANGEVIN_SOFT_DOUBLE and LANGEVIN_SOFT_FLOAT in config.hpp.
template <class Real>
constexpr bool soft_arithmetic = (LANGEVIN_SOFT_DOUBLE != 0 && std::is_same<Real, double>::value) ||
                                 (LANGEVIN_SOFT_FLOAT != 0 && std::is_same<Real, float>::value);

/// `phase(arguments...)` out of line: a function of its own, whose frame is popped before
/// the next phase runs.
template <class Phase, class... Arguments>
[[gnu::noinline]] auto run_out_of_line(const Phase& phase, Arguments... arguments) noexcept
    -> decltype(phase(arguments...)) {
  return phase(arguments...);
}

/// Runs `phase(arguments...)`, one phase of a step: inline where Real is hardware
/// arithmetic; out of line where it is emulated in software, so that the software helpers'
/// frames of one phase never sit under those of the next and a step stays within its stack
/// budget. The same operations on the same values in both cases, so the same bits. Pass
/// the values a phase needs as arguments of a capture-free lambda (they travel in
/// registers); a lambda that captures by reference puts its closure on the caller's stack.
template <class Real, class Phase, class... Arguments>
[[gnu::always_inline]] inline auto run_phase(const Phase& phase, Arguments... arguments) noexcept
    -> decltype(phase(arguments...)) {
  if constexpr (soft_arithmetic<Real>) {
    return run_out_of_line(phase, arguments...);
  } else {
    return phase(arguments...);
  }
}

/// Runs `phase(arguments...)` where stack depth matters more than code size: inline where
/// Real is emulated in software (so the phase adds no frame to a deep chain of software
/// helpers), out of line where Real is hardware arithmetic (one copy of the code shared by
/// every caller, e.g. by every size N of a class).
template <class Real, class Phase, class... Arguments>
[[gnu::always_inline]] inline auto run_shared(const Phase& phase, Arguments... arguments) noexcept
    -> decltype(phase(arguments...)) {
  if constexpr (soft_arithmetic<Real>) {
    return phase(arguments...);
  } else {
    return run_out_of_line(phase, arguments...);
  }
}

}  // namespace detail
}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
