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
/// out fails validate() with invalid_argument, so every optimizer refuses it, and
/// evaluating one returns NaN. Constant schedules are always compiled in; simulated
/// annealing's automatic cooling needs LANGEVIN_SCHEDULE_GEOMETRIC. Any constant
/// expression works, e.g.
///   -DLANGEVIN_SCHEDULE_KINDS=(LANGEVIN_SCHEDULE_CONSTANT|LANGEVIN_SCHEDULE_INVERSE_TIME)
/// The mask is part of the library's inline namespace (LANGEVIN_ABI below), so translation
/// units built with different masks get distinct symbols instead of silently sharing one
/// definition: they link, and each keeps its own families.
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

/// Normal draws per pass of the steps' draw loop where float is hardware arithmetic
/// (detail::draw_normals_locally): 4 by default; 1 when the translation unit is optimised
/// for size (-Os defines __OPTIMIZE_SIZE__) and on Helium cores (__ARM_FEATURE_MVE, the
/// Cortex-M55). Four draws per pass save the loop's counter, test and spilled end pointer
/// on three draws of four (cortex-m4, float, N = 16: 0.5 to 0.6 instructions per coordinate
/// of a step, about 1.5% of a draw) for about 680 B more flash at -Os (244 -> 920 B), hence
/// 1 there. On the M55 at -O3 their frame (104 B against 80) and the registers its callers
/// then save around the call put the float BAOAB, Leimkuhler-Matthews and SGD steps at
/// 264-280 B of stack, over the 256 B budget. The same draws in the same order either way,
/// so the same bits; predefine it (1 or 4) to choose. The count is a template argument of
/// the draw loop, so units built with different counts link without clashing.
#ifndef LANGEVIN_DRAWS_PER_PASS
#if defined(__OPTIMIZE_SIZE__) || defined(__ARM_FEATURE_MVE)
#define LANGEVIN_DRAWS_PER_PASS 1
#else
#define LANGEVIN_DRAWS_PER_PASS 4
#endif
#endif
#if LANGEVIN_DRAWS_PER_PASS != 1 && LANGEVIN_DRAWS_PER_PASS != 4
#error "LANGEVIN_DRAWS_PER_PASS must be 1 or 4"
#endif

/// Refuses floating-point flags that silently break the library's promises: -ffast-math and
/// -Ofast (GCC, Clang), -ffinite-math-only (finiteness checks can be optimised away),
/// -fassociative-math, -freciprocal-math and -fno-signed-zeros (GCC: results differ from the
/// plain build, so the same seed no longer gives the same bits on every port). Define
/// LANGEVIN_ALLOW_FAST_MATH to accept different bits (non-finite inputs may then go
/// undetected: the library's own checks read the bits, but the compiler may assume away
/// the NaN and infinity the problem returns). Contraction into fused multiply-adds
/// (-ffp-contract=fast, GCC's default on AArch64 and RISC-V) leaves no trace the
/// preprocessor can see: builds outside the CMake target must pass -ffp-contract=off.
#if !defined(LANGEVIN_ALLOW_FAST_MATH)
#if defined(__FAST_MATH__)
#error "langevin: built with -ffast-math or -Ofast, which change results and remove finiteness checks; use -O2/-O3, or define LANGEVIN_ALLOW_FAST_MATH to accept different bits (see config.hpp)"
#elif defined(__FINITE_MATH_ONLY__) && __FINITE_MATH_ONLY__
#error "langevin: built with -ffinite-math-only, which removes the library's NaN and infinity checks; define LANGEVIN_ALLOW_FAST_MATH to override (see config.hpp)"
#elif defined(__ASSOCIATIVE_MATH__)
#error "langevin: built with -fassociative-math (or -funsafe-math-optimizations), which reorders sums and changes the bits; define LANGEVIN_ALLOW_FAST_MATH to override (see config.hpp)"
#elif defined(__RECIPROCAL_MATH__)
#error "langevin: built with -freciprocal-math, which changes the bits of divisions; define LANGEVIN_ALLOW_FAST_MATH to override (see config.hpp)"
#elif defined(__NO_SIGNED_ZEROS__)
#error "langevin: built with -fno-signed-zeros, which changes results; define LANGEVIN_ALLOW_FAST_MATH to override (see config.hpp)"
#endif
#endif

// LANGEVIN_ABI: the name of the inline namespace inside `langevin` that holds the whole
// library. It spells out every macro that changes inline code (the schedule mask and the
// software-arithmetic switches), so two translation units configured differently define
// different symbols, never two different bodies under one name (a silent one-definition-rule
// break). User code names `langevin::...` and never sees it.
#if (LANGEVIN_SCHEDULE_KINDS) & LANGEVIN_SCHEDULE_LOGARITHMIC
#define LANGEVIN_ABI_K1 1
#else
#define LANGEVIN_ABI_K1 0
#endif
#if (LANGEVIN_SCHEDULE_KINDS) & LANGEVIN_SCHEDULE_GEOMETRIC
#define LANGEVIN_ABI_K2 1
#else
#define LANGEVIN_ABI_K2 0
#endif
#if (LANGEVIN_SCHEDULE_KINDS) & LANGEVIN_SCHEDULE_INVERSE_TIME
#define LANGEVIN_ABI_K3 1
#else
#define LANGEVIN_ABI_K3 0
#endif
#if (LANGEVIN_SCHEDULE_KINDS) & LANGEVIN_SCHEDULE_POLYNOMIAL
#define LANGEVIN_ABI_K4 1
#else
#define LANGEVIN_ABI_K4 0
#endif
#if (LANGEVIN_SCHEDULE_KINDS) & LANGEVIN_SCHEDULE_COSINE
#define LANGEVIN_ABI_K5 1
#else
#define LANGEVIN_ABI_K5 0
#endif
#if (LANGEVIN_SCHEDULE_KINDS) & LANGEVIN_SCHEDULE_LINEAR
#define LANGEVIN_ABI_K6 1
#else
#define LANGEVIN_ABI_K6 0
#endif
#if LANGEVIN_SOFT_DOUBLE
#define LANGEVIN_ABI_SD 1
#else
#define LANGEVIN_ABI_SD 0
#endif
#if LANGEVIN_SOFT_FLOAT
#define LANGEVIN_ABI_SF 1
#else
#define LANGEVIN_ABI_SF 0
#endif
#define LANGEVIN_ABI_JOIN_(k1, k2, k3, k4, k5, k6, sd, sf) abi_v0_k##k1##k2##k3##k4##k5##k6##_s##sd##sf
#define LANGEVIN_ABI_JOIN(k1, k2, k3, k4, k5, k6, sd, sf) LANGEVIN_ABI_JOIN_(k1, k2, k3, k4, k5, k6, sd, sf)
#define LANGEVIN_ABI                                                                                  \
  LANGEVIN_ABI_JOIN(LANGEVIN_ABI_K1, LANGEVIN_ABI_K2, LANGEVIN_ABI_K3, LANGEVIN_ABI_K4, LANGEVIN_ABI_K5, \
                    LANGEVIN_ABI_K6, LANGEVIN_ABI_SD, LANGEVIN_ABI_SF)

#if defined(__GNUC__) || defined(__clang__)
#define LANGEVIN_LIKELY(x) __builtin_expect(!!(x), 1)
#define LANGEVIN_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define LANGEVIN_LIKELY(x) (x)
#define LANGEVIN_UNLIKELY(x) (x)
#endif

#endif
