// Public entry points of the library, one extern "C" non-inlined function each, compiled for
// Cortex-M with -fstack-usage -fcallgraph-info=su so tests/tools/stack_report.py can give the
// worst-case stack use of each (own frame + deepest call chain). Caller-owned state and
// buffers are parameters, so they are not part of the figures.
//   stack_step_*  : per-step functions, limit 256 bytes;
//   stack_entry_* : other entry points (whole runs, shuffles, ...), limit 1024 bytes.
// To cover a new public function, add a wrapper here: that is all.
#include <cstddef>
#include <cstdint>

#include <langevin/langevin.hpp>
#include <langevin/math.hpp>

#define LANGEVIN_STACK_ENTRY extern "C" __attribute__((noinline, used))

// --- random -------------------------------------------------------------------------------
LANGEVIN_STACK_ENTRY void stack_entry_pcg32_seed(langevin::pcg32* g, std::uint64_t seed, std::uint64_t stream) {
  *g = langevin::pcg32{seed, stream};
}
LANGEVIN_STACK_ENTRY std::uint32_t stack_step_pcg32_next(langevin::pcg32* g) { return (*g)(); }
LANGEVIN_STACK_ENTRY std::uint32_t stack_step_pcg32_bounded(langevin::pcg32* g, std::uint32_t bound) {
  return g->bounded(bound);
}
LANGEVIN_STACK_ENTRY void stack_entry_pcg32_advance(langevin::pcg32* g, std::uint64_t delta) { g->advance(delta); }
LANGEVIN_STACK_ENTRY void stack_entry_pcg32_backstep(langevin::pcg32* g, std::uint64_t delta) { g->backstep(delta); }
LANGEVIN_STACK_ENTRY langevin::status stack_entry_pcg32_set_state(langevin::pcg32* g, const langevin::pcg32_state* s) {
  return g->set_state(*s);
}
LANGEVIN_STACK_ENTRY float stack_step_uniform_float(langevin::pcg32* g) { return langevin::uniform<float>(*g); }
LANGEVIN_STACK_ENTRY double stack_step_uniform_double(langevin::pcg32* g) { return langevin::uniform<double>(*g); }
LANGEVIN_STACK_ENTRY float stack_step_uniform_open_float(langevin::pcg32* g) {
  return langevin::uniform_open<float>(*g);
}
LANGEVIN_STACK_ENTRY double stack_step_uniform_open_double(langevin::pcg32* g) {
  return langevin::uniform_open<double>(*g);
}
LANGEVIN_STACK_ENTRY float stack_step_uniform_range_float(langevin::pcg32* g, float lower, float upper) {
  return langevin::uniform(*g, lower, upper);
}
LANGEVIN_STACK_ENTRY double stack_step_uniform_range_double(langevin::pcg32* g, double lower, double upper) {
  return langevin::uniform(*g, lower, upper);
}
LANGEVIN_STACK_ENTRY float stack_step_normal_float(langevin::pcg32* g) { return langevin::normal<float>(*g); }
LANGEVIN_STACK_ENTRY double stack_step_normal_double(langevin::pcg32* g) { return langevin::normal<double>(*g); }
LANGEVIN_STACK_ENTRY float stack_step_normal_bounded_float(langevin::pcg32* g, std::uint32_t max_rounds) {
  return langevin::normal_bounded<float>(*g, max_rounds);
}
LANGEVIN_STACK_ENTRY double stack_step_normal_bounded_double(langevin::pcg32* g, std::uint32_t max_rounds) {
  return langevin::normal_bounded<double>(*g, max_rounds);
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_normal_fill_float(langevin::pcg32* g, float* out, std::size_t count) {
  return langevin::normal_fill<float>(*g, out, count);
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_shuffle_u32(langevin::pcg32* g, std::uint32_t* first,
                                                              std::size_t count) {
  return langevin::shuffle(*g, first, count);
}

// --- checkpoint ------------------------------------------------------------------------------
LANGEVIN_STACK_ENTRY langevin::status stack_entry_checkpoint_save_pcg32(const langevin::pcg32* g, unsigned char* out,
                                                                        std::size_t size) {
  return langevin::save_checkpoint(*g, out, size);
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_checkpoint_restore_pcg32(langevin::pcg32* g, const unsigned char* blob,
                                                                           std::size_t size) {
  return langevin::restore_checkpoint(*g, blob, size);
}

// --- math --------------------------------------------------------------------------------
LANGEVIN_STACK_ENTRY float stack_step_exp_float(float x) { return langevin::math::exp(x); }
LANGEVIN_STACK_ENTRY double stack_step_exp_double(double x) { return langevin::math::exp(x); }
LANGEVIN_STACK_ENTRY float stack_step_log_float(float x) { return langevin::math::log(x); }
LANGEVIN_STACK_ENTRY double stack_step_log_double(double x) { return langevin::math::log(x); }

// The build links every stack_step_/stack_entry_ function with -Wl,-u,<name> (the names are
// read from this file at configure time), so --gc-sections keeps them all in the ELF, whose
// disassembly bounds the frames of the libgcc helpers they call.
int main() { return 0; }
