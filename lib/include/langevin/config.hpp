/// \file
/// Version, assertion hook and feature macros of the langevin library.
#ifndef LANGEVIN_CONFIG_HPP
#define LANGEVIN_CONFIG_HPP

#define LANGEVIN_VERSION_MAJOR 0
#define LANGEVIN_VERSION_MINOR 1
#define LANGEVIN_VERSION_PATCH 0
/// Version as one number: major * 10000 + minor * 100 + patch.
#define LANGEVIN_VERSION (LANGEVIN_VERSION_MAJOR * 10000 + LANGEVIN_VERSION_MINOR * 100 + LANGEVIN_VERSION_PATCH)

/// Internal consistency checks. The library reports bad input through `langevin::status`,
/// never through this hook; LANGEVIN_ASSERT guards invariants the library itself
/// maintains. Define it (e.g. to your firmware's assert) before including any header;
/// by default it compiles to nothing.
#ifndef LANGEVIN_ASSERT
#define LANGEVIN_ASSERT(condition) static_cast<void>(0)
#endif

/// Schedule families compiled into `schedule<Real>` (schedule.hpp): a bitmask of the
/// LANGEVIN_SCHEDULE_* values below; default: all of them. Firmware that needs fewer can
/// leave out the math of the others (`pow` for polynomial, `cos_pi` and a 64-bit division
/// for cosine, `exp` for geometric, `log` for logarithmic): a schedule of a family left
/// out fails validate() with invalid_argument, so every optimizer and anneal() refuse it,
/// and evaluating one returns NaN. Constant schedules are always compiled in; simulated
/// annealing's automatic cooling needs LANGEVIN_SCHEDULE_GEOMETRIC. It changes the definition of inline functions, so
/// define it the same way for every translation unit of a program (as a compile
/// definition of the whole target), e.g.
///   -DLANGEVIN_SCHEDULE_KINDS=(LANGEVIN_SCHEDULE_CONSTANT|LANGEVIN_SCHEDULE_INVERSE_TIME)
#define LANGEVIN_SCHEDULE_CONSTANT 0x01
#define LANGEVIN_SCHEDULE_LOGARITHMIC 0x02
#define LANGEVIN_SCHEDULE_GEOMETRIC 0x04
#define LANGEVIN_SCHEDULE_INVERSE_TIME 0x08
#define LANGEVIN_SCHEDULE_POLYNOMIAL 0x10
#define LANGEVIN_SCHEDULE_COSINE 0x20
#define LANGEVIN_SCHEDULE_LINEAR 0x40
#define LANGEVIN_SCHEDULE_ALL 0x7F
#ifndef LANGEVIN_SCHEDULE_KINDS
#define LANGEVIN_SCHEDULE_KINDS LANGEVIN_SCHEDULE_ALL
#endif

/// 1 where double arithmetic is emulated in software (bare-metal ARM without a
/// double-precision FPU: Cortex-M3, Cortex-M4F, ...), else 0. There every double operation
/// is a call into libgcc, so the library arranges some double code for stack depth rather
/// than speed (rare paths out of line, entered by tail calls): same operations on the same
/// values in the same order, so the same bits as everywhere else. Hosts and hard-float ARM
/// keep the inlined code. Internal; may be predefined (0 or 1) to override the detection.
#ifndef LANGEVIN_SOFT_DOUBLE
#if defined(__arm__) && (!defined(__ARM_FP) || !(__ARM_FP & 0x8))
#define LANGEVIN_SOFT_DOUBLE 1
#else
#define LANGEVIN_SOFT_DOUBLE 0
#endif
#endif
/// 1 where float arithmetic is emulated in software as well (bare-metal ARM without an
/// FPU: Cortex-M3, ...), else 0. Implies LANGEVIN_SOFT_DOUBLE. Internal, like it.
#ifndef LANGEVIN_SOFT_FLOAT
#if LANGEVIN_SOFT_DOUBLE && (!defined(__ARM_FP) || !(__ARM_FP & 0x4))
#define LANGEVIN_SOFT_FLOAT 1
#else
#define LANGEVIN_SOFT_FLOAT 0
#endif
#endif

#if defined(__GNUC__) || defined(__clang__)
#define LANGEVIN_LIKELY(x) __builtin_expect(!!(x), 1)
#define LANGEVIN_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define LANGEVIN_LIKELY(x) (x)
#define LANGEVIN_UNLIKELY(x) (x)
#endif

#endif
