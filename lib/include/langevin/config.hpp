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

#if defined(__GNUC__) || defined(__clang__)
#define LANGEVIN_LIKELY(x) __builtin_expect(!!(x), 1)
#define LANGEVIN_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define LANGEVIN_LIKELY(x) (x)
#define LANGEVIN_UNLIKELY(x) (x)
#endif

#endif
