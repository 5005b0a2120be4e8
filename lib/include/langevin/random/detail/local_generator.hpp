/// \file
/// Internal: loops of draws on a local copy of the caller's generator.
#ifndef LANGEVIN_RANDOM_DETAIL_LOCAL_GENERATOR_HPP
#define LANGEVIN_RANDOM_DETAIL_LOCAL_GENERATOR_HPP

#include <cstddef>
#include <type_traits>

#include "../../config.hpp"
#include "../../detail/phase.hpp"
#include "../normal.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {
namespace detail {

/// The generator a loop of draws uses: a local copy of the caller's `g`, written back when
/// this object goes out of scope, if the generator is trivially copyable (its whole state
/// is its bytes, e.g. pcg32); else `g` itself. The same outputs in the same order and the
/// same final state either way. Why: a generator reached through a reference must be in
/// memory at every call the compiler cannot see into (the ziggurat's rare paths), so it is
/// loaded and stored once per draw; a local copy whose address never escapes can stay in
/// registers for the whole loop. Nothing may use the caller's generator while this object
/// lives.
template <class Generator, bool copied = std::is_trivially_copyable<Generator>::value>
class local_generator {
 public:
  [[gnu::always_inline]] explicit local_generator(Generator& g) noexcept : origin_(g), copy_(g) {}
  [[gnu::always_inline]] ~local_generator() { origin_ = copy_; }
  local_generator(const local_generator&) = delete;
  local_generator& operator=(const local_generator&) = delete;
  [[gnu::always_inline]] Generator& get() noexcept { return copy_; }

 private:
  Generator& origin_;
  Generator copy_;
};

template <class Generator>
class local_generator<Generator, false> {
 public:
  explicit local_generator(Generator& g) noexcept : origin_(g) {}
  Generator& get() noexcept { return origin_; }

 private:
  Generator& origin_;
};

/// out[i] = normal<Real>(g) for i = 0 .. count - 1, in index order (as draw_normals), on a
/// local_generator, in a function of its own: with nothing else live across its loop, the
/// generator's state, its constants and the ziggurat's tables stay in registers.
template <class Real, class Generator>
[[gnu::noinline]] void draw_normals_locally(Generator& g, Real* out, std::size_t count) noexcept {
  local_generator<Generator> generator(g);
  for (Real* const end = out + count; out != end; ++out) *out = normal<Real>(generator.get());
}

/// The draws of a step, as a phase of their own (see detail/phase.hpp): draw_normals_locally
/// where Real is hardware arithmetic, draw_normals_phase where it is emulated in software
/// (unchanged there: the frames of the software helpers decide the stack depth). The same
/// values in the same order either way.
template <class Real, class Generator>
[[gnu::always_inline]] inline void draw_step_normals(Generator& g, Real* out, std::size_t count) noexcept {
  if constexpr (soft_arithmetic<Real>) {
    draw_normals_phase(g, out, count);
  } else {
    draw_normals_locally(g, out, count);
  }
}

}  // namespace detail
}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
