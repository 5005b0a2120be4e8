// Public entry points of the library, one extern "C" non-inlined function each, compiled for
// Cortex-M with -fstack-usage -fcallgraph-info=su so tests/tools/stack_report.py can give the
// worst-case stack use of each (own frame + deepest call chain). Caller-owned state and
// buffers are parameters, so they are not part of the figures.
//   stack_step_*  : per-step functions, limit 256 bytes;
//   stack_entry_* : other entry points (whole runs, shuffles, ...), limit 1024 bytes.
// To cover a new public function, add a wrapper here: that is all.
#include <cstddef>
#include <cstdint>

#include <langevin/checkpoint.hpp>
#include <langevin/langevin.hpp>
#include <langevin/math.hpp>
#include <langevin/dynamics/replica_exchange.hpp>
#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/optimize/minimize.hpp>
#include <langevin/optimize/simulated_annealing.hpp>

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

// --- dynamics (2 coordinates, quadratic problem; the problem's own frame is the user's) ----
namespace {
template <class Real>
struct stack_bowl {
  Real operator()(const std::array<Real, 2>& x, std::array<Real, 2>& g) const noexcept {
    g[0] = Real(2) * x[0];
    g[1] = Real(8) * x[1];
    return x[0] * x[0] + Real(4) * x[1] * x[1];
  }
};
struct stack_line_sample {
  float x;
  float y;
};
template <class Real>
struct stack_line_model {
  Real operator()(const std::array<Real, 2>& theta, const stack_line_sample& s, std::array<Real, 2>& g) const noexcept {
    const Real r = theta[0] * Real(s.x) + theta[1] - Real(s.y);
    g[0] = r * Real(s.x);
    g[1] = r;
    return Real(0.5) * r * r;
  }
};
}  // namespace

LANGEVIN_STACK_ENTRY float stack_step_schedule_float(const langevin::schedule<float>* s, std::uint64_t n) {
  return (*s)(n);
}
LANGEVIN_STACK_ENTRY double stack_step_schedule_double(const langevin::schedule<double>* s, std::uint64_t n) {
  return (*s)(n);
}
LANGEVIN_STACK_ENTRY langevin::status stack_step_brownian_float(std::array<float, 2>* x, float d, float dt,
                                                                langevin::pcg32* g) {
  return langevin::brownian_step(*x, d, dt, *g);
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_brownian_path_float(std::array<float, 2>* path, std::size_t count,
                                                                      float d, float dt, langevin::pcg32* g) {
  return langevin::brownian_path(langevin::span<std::array<float, 2>>{path, count}, d, dt, *g);
}
LANGEVIN_STACK_ENTRY langevin::step_result<float> stack_step_euler_maruyama_float(
    langevin::euler_maruyama<float, 2>* s, float temperature, langevin::pcg32* g) {
  return s->step(stack_bowl<float>{}, temperature, *g);
}
LANGEVIN_STACK_ENTRY langevin::step_result<double> stack_step_euler_maruyama_double(
    langevin::euler_maruyama<double, 2>* s, double temperature, langevin::pcg32* g) {
  return s->step(stack_bowl<double>{}, temperature, *g);
}
LANGEVIN_STACK_ENTRY langevin::step_result<float> stack_step_leimkuhler_matthews_float(
    langevin::leimkuhler_matthews<float, 2>* s, float temperature, langevin::pcg32* g) {
  return s->step(stack_bowl<float>{}, temperature, *g);
}
LANGEVIN_STACK_ENTRY langevin::step_result<double> stack_step_leimkuhler_matthews_double(
    langevin::leimkuhler_matthews<double, 2>* s, double temperature, langevin::pcg32* g) {
  return s->step(stack_bowl<double>{}, temperature, *g);
}
LANGEVIN_STACK_ENTRY langevin::step_result<float> stack_step_baoab_float(langevin::baoab<float, 2>* s,
                                                                         float temperature, langevin::pcg32* g) {
  return s->step(stack_bowl<float>{}, temperature, *g);
}
LANGEVIN_STACK_ENTRY langevin::step_result<double> stack_step_baoab_double(langevin::baoab<double, 2>* s,
                                                                           double temperature, langevin::pcg32* g) {
  return s->step(stack_bowl<double>{}, temperature, *g);
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_init_baoab_float(langevin::baoab<float, 2>* s, float h, float m,
                                                                   float gamma) {
  return s->init({h, m, gamma});
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_init_baoab_double(langevin::baoab<double, 2>* s, double h, double m,
                                                                    double gamma) {
  return s->init({h, m, gamma});
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_init_euler_maruyama_float(langevin::euler_maruyama<float, 2>* s,
                                                                            float h, float gamma) {
  return s->init({h, gamma});
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_place_leimkuhler_matthews_double(
    langevin::leimkuhler_matthews<double, 2>* s, const std::array<double, 2>* x) {
  return s->place(*x);
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_place_baoab_double(langevin::baoab<double, 2>* s,
                                                                     const std::array<double, 2>* q,
                                                                     const std::array<double, 2>* p) {
  return s->place(*q, *p);
}
LANGEVIN_STACK_ENTRY langevin::run_result<double> stack_entry_run_euler_maruyama_double(
    langevin::euler_maruyama<double, 2>* s, const langevin::schedule<double>* cooling, langevin::pcg32* g,
    std::uint64_t count) {
  return s->run(stack_bowl<double>{}, *cooling, *g, count);
}
LANGEVIN_STACK_ENTRY langevin::run_result<float> stack_entry_run_baoab_float(langevin::baoab<float, 2>* s,
                                                                             const langevin::schedule<float>* cooling,
                                                                             langevin::pcg32* g, std::uint64_t count) {
  return s->run(stack_bowl<float>{}, *cooling, *g, count);
}

// --- replica exchange (4 replicas of a stepper over 2 coordinates). step() runs R stepper
// steps and a round in one call (an entry point: its stack is one stepper step plus the
// loop's frame); step_level() and end_step() are its pieces, each held to the step budget ----
LANGEVIN_STACK_ENTRY langevin::step_result<float> stack_entry_replica_exchange_step_lm_float(
    langevin::replica_exchange<langevin::leimkuhler_matthews<float, 2>, 4>* pt, langevin::pcg32* g) {
  return pt->step(stack_bowl<float>{}, *g);
}
LANGEVIN_STACK_ENTRY langevin::step_result<double> stack_entry_replica_exchange_step_lm_double(
    langevin::replica_exchange<langevin::leimkuhler_matthews<double, 2>, 4>* pt, langevin::pcg32* g) {
  return pt->step(stack_bowl<double>{}, *g);
}
LANGEVIN_STACK_ENTRY langevin::step_result<double> stack_entry_replica_exchange_step_baoab_double(
    langevin::replica_exchange<langevin::baoab<double, 2>, 4>* pt, langevin::pcg32* g) {
  return pt->step(stack_bowl<double>{}, *g);
}
LANGEVIN_STACK_ENTRY langevin::step_result<float> stack_step_replica_exchange_level_lm_float(
    langevin::replica_exchange<langevin::leimkuhler_matthews<float, 2>, 4>* pt, std::size_t level, langevin::pcg32* g) {
  return pt->step_level(stack_bowl<float>{}, level, *g);
}
LANGEVIN_STACK_ENTRY langevin::step_result<double> stack_step_replica_exchange_level_lm_double(
    langevin::replica_exchange<langevin::leimkuhler_matthews<double, 2>, 4>* pt, std::size_t level,
    langevin::pcg32* g) {
  return pt->step_level(stack_bowl<double>{}, level, *g);
}
LANGEVIN_STACK_ENTRY langevin::step_result<float> stack_step_replica_exchange_level_baoab_float(
    langevin::replica_exchange<langevin::baoab<float, 2>, 4>* pt, std::size_t level, langevin::pcg32* g) {
  return pt->step_level(stack_bowl<float>{}, level, *g);
}
LANGEVIN_STACK_ENTRY langevin::step_result<double> stack_step_replica_exchange_level_baoab_double(
    langevin::replica_exchange<langevin::baoab<double, 2>, 4>* pt, std::size_t level, langevin::pcg32* g) {
  return pt->step_level(stack_bowl<double>{}, level, *g);
}
LANGEVIN_STACK_ENTRY langevin::status stack_step_replica_exchange_end_lm_float(
    langevin::replica_exchange<langevin::leimkuhler_matthews<float, 2>, 4>* pt, langevin::pcg32* g) {
  return pt->end_step(stack_bowl<float>{}, *g);
}
LANGEVIN_STACK_ENTRY langevin::status stack_step_replica_exchange_end_lm_double(
    langevin::replica_exchange<langevin::leimkuhler_matthews<double, 2>, 4>* pt, langevin::pcg32* g) {
  return pt->end_step(stack_bowl<double>{}, *g);
}
LANGEVIN_STACK_ENTRY langevin::status stack_step_replica_exchange_end_baoab_double(
    langevin::replica_exchange<langevin::baoab<double, 2>, 4>* pt, langevin::pcg32* g) {
  return pt->end_step(stack_bowl<double>{}, *g);
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_replica_exchange_init_float(
    langevin::replica_exchange<langevin::leimkuhler_matthews<float, 2>, 4>* pt,
    const langevin::replica_exchange_options<float>* options) {
  return pt->init(*options);
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_replica_exchange_init_double(
    langevin::replica_exchange<langevin::leimkuhler_matthews<double, 2>, 4>* pt,
    const langevin::replica_exchange_options<double>* options) {
  return pt->init(*options);
}
LANGEVIN_STACK_ENTRY langevin::status stack_step_restore_replica_exchange_float(
    langevin::replica_exchange<langevin::baoab<float, 2>, 16>* pt, const unsigned char* blob, std::size_t size) {
  return langevin::restore_checkpoint(*pt, blob, size);
}
LANGEVIN_STACK_ENTRY langevin::status stack_step_restore_replica_exchange_double(
    langevin::replica_exchange<langevin::leimkuhler_matthews<double, 2>, 16>* pt, const unsigned char* blob,
    std::size_t size) {
  return langevin::restore_checkpoint(*pt, blob, size);
}

// --- annealing SGD (2 parameters; a step keeps two arrays of P reals on the stack, four with
// the noise meter on: one step function covers both paths) -----------------------------------
LANGEVIN_STACK_ENTRY langevin::step_result<float> stack_step_annealing_sgd_float(
    langevin::annealing_sgd<float, 2, 64>* sgd, const stack_line_sample* data, std::size_t count) {
  return sgd->step(stack_line_model<float>{}, langevin::span<const stack_line_sample>{data, count});
}
LANGEVIN_STACK_ENTRY langevin::step_result<double> stack_step_annealing_sgd_double(
    langevin::annealing_sgd<double, 2, 64>* sgd, const stack_line_sample* data, std::size_t count) {
  return sgd->step(stack_line_model<double>{}, langevin::span<const stack_line_sample>{data, count});
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_annealing_sgd_init_float(
    langevin::annealing_sgd<float, 2, 64>* sgd, const langevin::annealing_sgd_options<float>* options,
    std::size_t count) {
  return sgd->init(count, *options);
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_annealing_sgd_init_double(
    langevin::annealing_sgd<double, 2, 64>* sgd, const langevin::annealing_sgd_options<double>* options,
    std::size_t count) {
  return sgd->init(count, *options);
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_annealing_sgd_place_float(langevin::annealing_sgd<float, 2, 64>* sgd,
                                                                           const std::array<float, 2>* theta) {
  return sgd->place(*theta);
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_batch_sampler_init(langevin::batch_sampler<64>* sampler,
                                                                     std::size_t n, std::size_t b) {
  return sampler->init(n, b, langevin::sampling::without_replacement);
}
LANGEVIN_STACK_ENTRY std::size_t stack_step_batch_sampler_pick(langevin::batch_sampler<64>* sampler,
                                                               langevin::pcg32* g, std::size_t k) {
  return sampler->pick(*g, k);
}
// Restores validate the blob where it lies, one part at a time: the stack does not grow with
// the index capacity (4096 indices, 8 KiB, here) or P. Named stack_step_ so that they are held
// to the 256-byte budget.
LANGEVIN_STACK_ENTRY langevin::status stack_step_restore_annealing_sgd_float(
    langevin::annealing_sgd<float, 2, 4096>* sgd, const unsigned char* blob, std::size_t size) {
  return langevin::restore_checkpoint(*sgd, blob, size);
}
LANGEVIN_STACK_ENTRY langevin::status stack_step_restore_annealing_sgd_double(
    langevin::annealing_sgd<double, 2, 4096>* sgd, const unsigned char* blob, std::size_t size) {
  return langevin::restore_checkpoint(*sgd, blob, size);
}
LANGEVIN_STACK_ENTRY langevin::status stack_step_restore_batch_sampler(langevin::batch_sampler<4096>* sampler,
                                                                       const unsigned char* blob, std::size_t size) {
  return langevin::restore_checkpoint(*sampler, blob, size);
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_save_annealing_sgd_float(
    const langevin::annealing_sgd<float, 2, 4096>* sgd, unsigned char* out, std::size_t size) {
  return langevin::save_checkpoint(*sgd, out, size);
}

// --- minimize (2 coordinates; the minimizer object is the caller's buffer) ------------------
LANGEVIN_STACK_ENTRY langevin::step_result<float> stack_step_minimizer_step_float(langevin::minimizer<float, 2>* m) {
  return m->step(stack_bowl<float>{});
}
LANGEVIN_STACK_ENTRY langevin::step_result<double> stack_step_minimizer_step_double(langevin::minimizer<double, 2>* m) {
  return m->step(stack_bowl<double>{});
}
LANGEVIN_STACK_ENTRY langevin::status stack_step_minimizer_tell_float(langevin::minimizer<float, 2>* m, float e,
                                                                      const std::array<float, 2>* g) {
  return m->tell(e, *g);
}
LANGEVIN_STACK_ENTRY langevin::status stack_step_minimizer_tell_double(langevin::minimizer<double, 2>* m, double e,
                                                                       const std::array<double, 2>* g) {
  return m->tell(e, *g);
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_minimizer_init_float(langevin::minimizer<float, 2>* m,
                                                                       const langevin::box<float, 2>* bounds,
                                                                       const langevin::minimize_options<float>* options) {
  return m->init(*bounds, *options);
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_minimizer_init_double(langevin::minimizer<double, 2>* m,
                                                                        const langevin::box<double, 2>* bounds,
                                                                        const langevin::minimize_options<double>* options) {
  return m->init(*bounds, *options);
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_minimizer_place_double(langevin::minimizer<double, 2>* m,
                                                                         const std::array<double, 2>* x) {
  return m->place(*x);
}
LANGEVIN_STACK_ENTRY langevin::run_result<float> stack_entry_minimizer_run_float(langevin::minimizer<float, 2>* m,
                                                                                std::uint64_t max_steps) {
  return m->run(stack_bowl<float>{}, max_steps);
}
// minimize() keeps its minimizer (about 500 bytes for float, N = 2) on the stack.
LANGEVIN_STACK_ENTRY float stack_entry_minimize_float(const langevin::box<float, 2>* bounds,
                                                      const langevin::minimize_options<float>* options) {
  return langevin::minimize(stack_bowl<float>{}, *bounds, *options).value;
}

// --- simulated annealing (2 coordinates, value-only problem) --------------------------------
namespace {
template <class Real>
struct stack_value_bowl {
  Real operator()(const std::array<Real, 2>& x) const noexcept { return x[0] * x[0] + Real(4) * x[1] * x[1]; }
};
}  // namespace
LANGEVIN_STACK_ENTRY langevin::step_result<float> stack_step_simulated_annealer_float(
    langevin::simulated_annealer<float, 2>* a) {
  return a->step(stack_value_bowl<float>{});
}
LANGEVIN_STACK_ENTRY langevin::step_result<double> stack_step_simulated_annealer_double(
    langevin::simulated_annealer<double, 2>* a) {
  return a->step(stack_value_bowl<double>{});
}
LANGEVIN_STACK_ENTRY float stack_entry_simulated_annealing_float(const langevin::box<float, 2>* bounds,
                                                                 const langevin::simulated_annealing_options<float>* o) {
  return langevin::simulated_annealing(stack_value_bowl<float>{}, *bounds, *o).value;
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_simulated_annealer_init_float(
    langevin::simulated_annealer<float, 2>* a, const langevin::box<float, 2>* bounds,
    const langevin::simulated_annealing_options<float>* o) {
  return a->init(*bounds, *o);
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_simulated_annealer_init_double(
    langevin::simulated_annealer<double, 2>* a, const langevin::box<double, 2>* bounds,
    const langevin::simulated_annealing_options<double>* o) {
  return a->init(*bounds, *o);
}
// Restoring validates the blob where it lies, field by field: held to the step budget.
LANGEVIN_STACK_ENTRY langevin::status stack_step_restore_simulated_annealer_float(
    langevin::simulated_annealer<float, 2>* a, const unsigned char* blob, std::size_t size) {
  return langevin::restore_checkpoint(*a, blob, size);
}
LANGEVIN_STACK_ENTRY langevin::status stack_step_restore_simulated_annealer_double(
    langevin::simulated_annealer<double, 2>* a, const unsigned char* blob, std::size_t size) {
  return langevin::restore_checkpoint(*a, blob, size);
}

// --- checkpoint ------------------------------------------------------------------------------
LANGEVIN_STACK_ENTRY langevin::status stack_entry_checkpoint_save_pcg32(const langevin::pcg32* g, unsigned char* out,
                                                                        std::size_t size) {
  return langevin::save_checkpoint(*g, out, size);
}
LANGEVIN_STACK_ENTRY langevin::status stack_step_restore_pcg32(langevin::pcg32* g, const unsigned char* blob,
                                                                           std::size_t size) {
  return langevin::restore_checkpoint(*g, blob, size);
}

// Restore validates a blob where it lies, group by group: its stack does not grow with N,
// so it is held to the step budget. The minimizer is the largest state (float and double).
LANGEVIN_STACK_ENTRY langevin::status stack_step_restore_minimizer_float(langevin::minimizer<float, 2>* m,
                                                                         const unsigned char* blob, std::size_t size) {
  return langevin::restore_checkpoint(*m, blob, size);
}
LANGEVIN_STACK_ENTRY langevin::status stack_step_restore_minimizer_double(langevin::minimizer<double, 64, 4, 5>* m,
                                                                          const unsigned char* blob, std::size_t size) {
  return langevin::restore_checkpoint(*m, blob, size);
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_checkpoint_save_minimizer_float(const langevin::minimizer<float, 2>* m,
                                                                                  unsigned char* out, std::size_t size) {
  return langevin::save_checkpoint(*m, out, size);
}
LANGEVIN_STACK_ENTRY langevin::status stack_step_restore_euler_maruyama_double(langevin::euler_maruyama<double, 2>* s,
                                                                               const unsigned char* blob,
                                                                               std::size_t size) {
  return langevin::restore_checkpoint(*s, blob, size);
}
LANGEVIN_STACK_ENTRY langevin::status stack_step_restore_leimkuhler_matthews_double(
    langevin::leimkuhler_matthews<double, 2>* s, const unsigned char* blob, std::size_t size) {
  return langevin::restore_checkpoint(*s, blob, size);
}
LANGEVIN_STACK_ENTRY langevin::status stack_step_restore_baoab_float(langevin::baoab<float, 256>* s,
                                                                     const unsigned char* blob, std::size_t size) {
  return langevin::restore_checkpoint(*s, blob, size);
}
LANGEVIN_STACK_ENTRY langevin::status stack_step_restore_baoab_double(langevin::baoab<double, 2>* s,
                                                                      const unsigned char* blob, std::size_t size) {
  return langevin::restore_checkpoint(*s, blob, size);
}

// --- checkpoint store (RAM: mapped, load restores in place; NOR flash simulator unmapped:
// load reads the blob into the scratch buffer) -------------------------------------------------
using stack_ram_store = langevin::checkpoint_store<langevin::ram_slot_storage>;
using stack_flash_store = langevin::checkpoint_store<langevin::nor_flash_simulator<512>>;
LANGEVIN_STACK_ENTRY langevin::status stack_entry_store_save_pcg32(stack_ram_store* store, const langevin::pcg32* g,
                                                                        unsigned char* scratch, std::size_t size) {
  return store->save(*g, langevin::span<unsigned char>{scratch, size});
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_store_load_pcg32(stack_ram_store* store, langevin::pcg32* g) {
  return store->load(*g);
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_store_save_pcg32_flash(stack_flash_store* store,
                                                                              const langevin::pcg32* g,
                                                                              unsigned char* scratch, std::size_t size) {
  return store->save(*g, langevin::span<unsigned char>{scratch, size});
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_store_load_pcg32_flash(stack_flash_store* store,
                                                                              langevin::pcg32* g,
                                                                              unsigned char* scratch, std::size_t size) {
  return store->load(*g, langevin::span<unsigned char>{scratch, size});
}
LANGEVIN_STACK_ENTRY langevin::status stack_entry_store_load_annealer_float(stack_flash_store* store,
                                                                                 langevin::simulated_annealer<float, 2>* a,
                                                                                 unsigned char* scratch,
                                                                                 std::size_t size) {
  return store->load(*a, langevin::span<unsigned char>{scratch, size});
}

// --- math --------------------------------------------------------------------------------
LANGEVIN_STACK_ENTRY float stack_step_exp_float(float x) { return langevin::math::exp(x); }
LANGEVIN_STACK_ENTRY double stack_step_exp_double(double x) { return langevin::math::exp(x); }
LANGEVIN_STACK_ENTRY float stack_step_log_float(float x) { return langevin::math::log(x); }
LANGEVIN_STACK_ENTRY double stack_step_log_double(double x) { return langevin::math::log(x); }
LANGEVIN_STACK_ENTRY float stack_step_sqrt_float(float x) { return langevin::math::sqrt(x); }
LANGEVIN_STACK_ENTRY double stack_step_sqrt_double(double x) { return langevin::math::sqrt(x); }

// The build links every stack_step_/stack_entry_ function with -Wl,-u,<name> (the names are
// read from this file at configure time), so --gc-sections keeps them all in the ELF, whose
// disassembly bounds the frames of the libgcc helpers they call.
int main() { return 0; }
