// Tiny firmware whose size cmake/footprint.cmake measures, one build per stage:
//   LANGEVIN_FOOTPRINT_STAGE 0  empty program (startup + vector table + main)
//                            1  + pcg32
//                            2  + normal<float>
//                            3  + overdamped Langevin step (float)
//                            4  + BAOAB step (float)
//                            5  + minimize (float)
//                            6  + annealing SGD (float)
// Each stage adds its component to the previous ones. Inputs come from volatile objects and
// results go to volatile objects, so nothing is folded away. Stages whose header does not
// exist yet are skipped by the script.
#include <cstdint>

#ifndef LANGEVIN_FOOTPRINT_STAGE
#define LANGEVIN_FOOTPRINT_STAGE 0
#endif

#if LANGEVIN_FOOTPRINT_STAGE >= 1
#include <langevin/random/pcg32.hpp>
#endif
#if LANGEVIN_FOOTPRINT_STAGE >= 2
#include <langevin/random/normal.hpp>
#endif

volatile std::uint32_t footprint_input = 42u;
volatile std::uint32_t footprint_output_bits = 0u;
volatile float footprint_output = 0.0f;

int main() {
  std::uint32_t bits = footprint_input;
  float value = 0.0f;
#if LANGEVIN_FOOTPRINT_STAGE >= 1
  langevin::pcg32 g{bits, 54u};
  bits = g();
#endif
#if LANGEVIN_FOOTPRINT_STAGE >= 2
  value = langevin::normal<float>(g);
#endif
  footprint_output_bits = bits;
  footprint_output = value;
  return 0;
}
