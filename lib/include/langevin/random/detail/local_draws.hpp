/// \file
/// Internal: a step's normal draws, made on a local copy of the caller's generator.
#ifndef LANGEVIN_RANDOM_DETAIL_LOCAL_DRAWS_HPP
#define LANGEVIN_RANDOM_DETAIL_LOCAL_DRAWS_HPP

#include <cstddef>
#include <type_traits>

#include "../../config.hpp"
#include "../../detail/phase.hpp"
#include "../normal.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {
namespace detail {

/// out[i] = normal<Real>(g) for i = 0 .. count - 1, in index order (as draw_normals), in a
/// function of its own and, if the generator is trivially copyable (its whole state is its
/// bytes, e.g. pcg32), on a local copy of it that is written back at the end. The same
/// values in the same order and the same final state as draw_normals(g, out, count). Why: a
/// generator reached through a reference must be in memory at every call the compiler
/// cannot see into (the ziggurat's rare paths), so it is loaded and stored once per draw;
/// a local copy whose address never escapes stays in registers for the whole loop, and with
/// nothing else live across the loop so do its constants and the ziggurat's tables.
/// `per_pass` (1 or 4, LANGEVIN_DRAWS_PER_PASS) draws per pass of the loop, the rest one by
/// one.
template <class Real, class Generator, std::size_t per_pass = LANGEVIN_DRAWS_PER_PASS>
[[gnu::noinline]] void draw_normals_locally(Generator& g, Real* out, std::size_t count) noexcept {
  static_assert(per_pass == 1u || per_pass == 4u, "one or four draws per pass");
  if constexpr (std::is_trivially_copyable<Generator>::value) {
    Generator local = g;
    if constexpr (per_pass == 4u) {
      for (const Real* const passes_end = out + (count & ~std::size_t(3)); out != passes_end; out += 4) {
        out[0] = normal<Real>(local);
        out[1] = normal<Real>(local);
        out[2] = normal<Real>(local);
        out[3] = normal<Real>(local);
      }
      count &= 3u;
    }
    for (const Real* const end = out + count; out != end; ++out) *out = normal<Real>(local);
    g = local;
  } else {
    draw_normals(g, out, count);
  }
}

/// The draws of a step, as a phase of their own (see detail/phase.hpp): draw_normals_locally
/// for float in hardware; draw_normals_phase where float is emulated in software (the
/// frames of the software helpers decide the stack depth there) and for double. Double
/// keeps draw_normals_phase even with a double-precision FPU (Cortex-M7, M55): there the
/// local draws' frame (80 B) over the tail's logarithm (96 B) put the BAOAB and
/// Leimkuhler-Matthews double steps at 280-312 B, over the 256 B step budget, though they
/// were 13-14% fewer instructions. The same values in the same order either way.
template <class Real, class Generator>
[[gnu::always_inline]] inline void draw_step_normals(Generator& g, Real* out, std::size_t count) noexcept {
  if constexpr (soft_arithmetic<Real> || !std::is_same<Real, float>::value) {
    draw_normals_phase(g, out, count);
  } else {
    draw_normals_locally(g, out, count);
  }
}

}  // namespace detail
}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
