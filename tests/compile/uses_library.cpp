// A translation unit that includes the whole library and uses it: it compiles with the
// flags the library accepts, and the tests in tests/CMakeLists.txt check that it is refused
// with those that break its promises (-ffast-math, -Ofast, -ffinite-math-only, ...).
#include <langevin/langevin.hpp>

float uses_library(float x) {
  langevin::pcg32 rng{1u, 2u};
  return langevin::math::exp(x) + langevin::normal<float>(rng);
}
