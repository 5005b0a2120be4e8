// No heap: every public entry point of the library runs without a single allocation.
// The program links the counting operator new/delete and (on ELF) wrapped malloc family
// from tests/support/allocation_counter.cpp. The first test cases prove the counter sees
// allocations, so a zero below means something.
#include <cstdint>
#include <array>
#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

#include <langevin/langevin.hpp>
#include <langevin/math.hpp>
#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/optimize/dataset.hpp>
#include <langevin/optimize/minimize.hpp>
#include <langevin/optimize/simulated_annealing.hpp>
#include <langevin/span.hpp>

#include "allocation_counter.hpp"
#include "checkpoint_forge.hpp"
#include "langevin_test.hpp"

namespace {

// Runs `body` inside an allocation scope and returns the number of allocations it made.
// Catch2 assertions stay outside the scope (they may allocate).
template <class Body>
std::size_t allocations_during(Body&& body) {
  langevin_test::allocation_scope scope;
  body();
  return scope.allocations();
}

volatile std::uint64_t sink_u64 = 0;
volatile double sink_double = 0.0;

void sink(std::uint64_t v) { sink_u64 = sink_u64 + v; }
void sink(double v) { sink_double = sink_double + v; }
[[maybe_unused]] void sink(float v) { sink_double = sink_double + static_cast<double>(v); }

}  // namespace

// --- the counter works ---------------------------------------------------------------------

TEST_CASE("allocation counter sees a deliberate std::vector allocation", "[no_heap][allocation_counter]") {
  std::size_t deallocations = 0;
  std::size_t bytes = 0;
  const std::size_t allocations = [&] {
    langevin_test::allocation_scope scope;
    {
      std::vector<int> v(100, 7);
      langevin_test::escape(v.data());
    }
    deallocations = scope.deallocations();
    bytes = scope.bytes();
    return scope.allocations();
  }();
  REQUIRE(allocations == 1);
  REQUIRE(deallocations == 1);
  REQUIRE(bytes == 100 * sizeof(int));
}

TEST_CASE("allocation counter sees every form of operator new", "[no_heap][allocation_counter]") {
  struct alignas(64) over_aligned {
    unsigned char bytes[64];
  };
  const std::size_t allocations = allocations_during([] {
    auto* a = new int(1);
    langevin_test::escape(a);
    delete a;
    auto* b = new int[3];
    langevin_test::escape(b);
    delete[] b;
    auto* c = new (std::nothrow) int(2);
    langevin_test::escape(c);
    delete c;
    auto* d = new over_aligned;
    langevin_test::escape(d);
    delete d;
    auto* e = new over_aligned[2];
    langevin_test::escape(e);
    delete[] e;
    auto f = std::make_unique<double>(3.0);
    langevin_test::escape(f.get());
  });
  REQUIRE(allocations == 6);
}

TEST_CASE("allocation counter sees malloc, calloc and realloc where they are wrapped",
          "[no_heap][allocation_counter]") {
  if (!langevin_test::counts_c_allocations()) {
    WARN("C allocation functions are not wrapped on this platform; only operator new is counted");
    return;
  }
  // Called through volatile function pointers so the compiler cannot elide the pairs.
  void* (*volatile allocate)(std::size_t) = &std::malloc;
  void* (*volatile allocate_zeroed)(std::size_t, std::size_t) = &std::calloc;
  void* (*volatile reallocate)(void*, std::size_t) = &std::realloc;
  void (*volatile release)(void*) = &std::free;
  std::size_t deallocations = 0;
  const std::size_t allocations = [&] {
    langevin_test::allocation_scope scope;
    void* p = allocate(16);
    void* q = allocate_zeroed(4, 8);
    p = reallocate(p, 64);
    release(p);
    release(q);
    // Direct calls count too (the wrap applies to every reference in the program).
    void* r = std::malloc(24);
    langevin_test::escape(r);
    std::free(r);
    deallocations = scope.deallocations();
    return scope.allocations();
  }();
  REQUIRE(allocations == 4);
  REQUIRE(deallocations == 3);
}

// --- the library never allocates -------------------------------------------------------------

TEST_CASE("pcg32: construction, output, bounded, advance, backstep, state never allocate", "[no_heap][pcg32]") {
  const std::size_t allocations = allocations_during([] {
    langevin::pcg32 g{42u, 54u};
    langevin::pcg32 defaulted;
    for (int i = 0; i < 1000; ++i) sink(std::uint64_t{g()});
    for (std::uint32_t bound : {1u, 3u, 10u, 0x80000001u, 0xFFFFFFFFu, 0u}) sink(std::uint64_t{g.bounded(bound)});
    g.advance(1000000u);
    g.backstep(12345u);
    g.discard(7u);
    const langevin::pcg32_state saved = g.state();
    sink(std::uint64_t{static_cast<std::uint8_t>(defaulted.set_state(saved))});
    sink(std::uint64_t{static_cast<std::uint8_t>(defaulted.set_state({1u, 2u}))});
    sink(std::uint64_t{g == defaulted});
    sink(std::uint64_t{langevin::pcg32::min()} + langevin::pcg32::max());
  });
  REQUIRE(allocations == 0);
}

TEST_CASE("status and span helpers never allocate", "[no_heap]") {
  const std::size_t allocations = allocations_during([] {
    for (auto s : {langevin::status::ok, langevin::status::invalid_argument, langevin::status::non_finite,
                   langevin::status::budget_exhausted, langevin::status::corrupt_data,
                   langevin::status::buffer_too_small}) {
      sink(std::uint64_t{static_cast<unsigned char>(langevin::to_string(s)[0])});
    }
    double values[4] = {1.0, 2.0, 3.0, 4.0};
    const langevin::span<double> view{values};
    const langevin::span<const double> read_only = view;
    for (double v : read_only) sink(v);
    sink(std::uint64_t{read_only.size()} + std::uint64_t{read_only.empty()});
  });
  REQUIRE(allocations == 0);
}

TEST_CASE("uniform, normal and shuffle never allocate", "[no_heap][random]") {
  const std::size_t allocations = allocations_during([] {
    langevin::pcg32 g{7u, 1u};
    for (int i = 0; i < 2000; ++i) {
      sink(langevin::uniform<float>(g) + langevin::uniform_open<float>(g) + langevin::uniform(g, -1.0f, 1.0f));
      sink(langevin::uniform<double>(g) + langevin::uniform_open<double>(g) + langevin::uniform(g, -1.0, 1.0));
      sink(langevin::normal<float>(g) + langevin::normal(g, 1.0f, 2.0f) + langevin::normal_bounded<float>(g, 2u));
      sink(langevin::normal<double>(g) + langevin::normal(g, 1.0, 2.0) + langevin::normal_bounded<double>(g));
    }
    float samples[64] = {};
    sink(std::uint64_t{static_cast<std::uint8_t>(langevin::normal_fill<float>(g, samples, 64u))});
    std::array<double, 8> fixed{};
    langevin::normal_fill(g, fixed);
    sink(fixed[7] + static_cast<double>(samples[63]));
    std::uint32_t order[100];
    for (std::uint32_t i = 0; i < 100u; ++i) order[i] = i;
    sink(std::uint64_t{static_cast<std::uint8_t>(langevin::shuffle(g, order, 100u))});
    sink(std::uint64_t{order[0]});
  });
  REQUIRE(allocations == 0);
}

TEST_CASE("math exp and log never allocate", "[no_heap][math]") {
  const std::size_t allocations = allocations_during([] {
    for (int i = -200; i <= 200; ++i) {
      const double x = i * 0.37;
      sink(langevin::math::exp(x) + langevin::math::log(x > 0 ? x : -x + 1e-300));
      sink(langevin::math::exp(static_cast<float>(x) * 0.25f) + langevin::math::log(static_cast<float>(i * i) + 0.5f));
    }
  });
  REQUIRE(allocations == 0);
}

TEST_CASE("checkpoint save and restore never allocate", "[no_heap][checkpoint]") {
  const std::size_t allocations = allocations_during([] {
    langevin::pcg32 g{3u, 4u};
    langevin::checkpoint_blob<langevin::pcg32> blob{};
    langevin::save_checkpoint(g, blob);
    sink(std::uint64_t{static_cast<std::uint8_t>(langevin::restore_checkpoint(g, blob.data(), blob.size()))});
    blob[5] = static_cast<unsigned char>(blob[5] ^ 1u);
    sink(std::uint64_t{static_cast<std::uint8_t>(langevin::restore_checkpoint(g, blob.data(), blob.size()))});
    sink(std::uint64_t{static_cast<std::uint8_t>(langevin::save_checkpoint(g, blob.data(), 3u))});
  });
  REQUIRE(allocations == 0);
}

namespace {
// Saves `object`, restores the blob, then a damaged copy of it (refused), then the blob
// of a payload edited under a valid CRC (the class's own validation runs).
template <class T>
void checkpoint_round_trip(T& object) {
  static langevin::checkpoint_blob<T> blob{};
  langevin::save_checkpoint(object, blob);
  sink(std::uint64_t{static_cast<std::uint8_t>(langevin::restore_checkpoint(object, blob.data(), blob.size()))});
  blob[20] = static_cast<unsigned char>(blob[20] ^ 4u);
  sink(std::uint64_t{static_cast<std::uint8_t>(langevin::restore_checkpoint(object, blob.data(), blob.size()))});
  langevin_test::fix_crc<T>(blob);
  sink(std::uint64_t{static_cast<std::uint8_t>(langevin::restore_checkpoint(object, blob.data(), blob.size()))});
}
}  // namespace

TEST_CASE("checkpoints of steppers, samplers and optimizers never allocate", "[no_heap][checkpoint]") {
  static langevin::euler_maruyama<float, 3> em;
  static langevin::leimkuhler_matthews<double, 2> lm;
  static langevin::baoab<float, 2> bd;
  static langevin::batch_sampler<32> sampler;
  static langevin::annealing_sgd<float, 2, 16> sgd;
  static langevin::simulated_annealer<double, 2> annealer;
  REQUIRE(em.init({0.1f}) == langevin::status::ok);
  REQUIRE(lm.init({0.1}) == langevin::status::ok);
  REQUIRE(bd.init({0.1f}) == langevin::status::ok);
  REQUIRE(sampler.init(20u, 3u, langevin::sampling::without_replacement) == langevin::status::ok);
  REQUIRE(sgd.init(10u, langevin::annealing_sgd_options<float>{}) == langevin::status::ok);
  REQUIRE(sgd.place({1.0f, 2.0f}) == langevin::status::ok);
  const langevin::box<double, 2> bounds{{-1.0, -1.0}, {1.0, 1.0}};
  REQUIRE(annealer.init(bounds, langevin::simulated_annealing_options<double>{}) == langevin::status::ok);
  REQUIRE(annealer.run([](const std::array<double, 2>& x) { return x[0] * x[0] + x[1]; }, 30u).steps == 30u);
  const std::size_t allocations = allocations_during([] {
    checkpoint_round_trip(em);
    checkpoint_round_trip(lm);
    checkpoint_round_trip(bd);
    checkpoint_round_trip(sampler);
    checkpoint_round_trip(sgd);
    checkpoint_round_trip(annealer);
  });
  REQUIRE(allocations == 0);
}

namespace {

template <class Real>
struct bowl {
  Real operator()(const std::array<Real, 3>& x, std::array<Real, 3>& g) const noexcept {
    Real e = Real(0);
    for (std::size_t i = 0; i < 3; ++i) {
      g[i] = Real(2) * x[i];
      e += x[i] * x[i];
    }
    return e;
  }
};

struct line_sample {
  float x;
  float y;
};

// Least-squares loss of y ~ a x + b; writes its gradient (the annealing_sgd model contract).
struct line_model {
  float operator()(const std::array<float, 2>& theta, const line_sample& s, std::array<float, 2>& g) const noexcept {
    const float r = theta[0] * s.x + theta[1] - s.y;
    g[0] = r * s.x;
    g[1] = r;
    return 0.5f * r * r;
  }
};

}  // namespace

TEMPLATE_TEST_CASE("dynamics (schedules, Brownian, Euler-Maruyama, Leimkuhler-Matthews, BAOAB, run) never allocate",
                   "[no_heap][dynamics]", float, double) {
  using Real = TestType;
  const std::size_t allocations = allocations_during([] {
    langevin::pcg32 g{8u, 9u};
    const langevin::schedule<Real> schedules[] = {
        langevin::schedule<Real>::constant(Real(1)),
        langevin::schedule<Real>::logarithmic(Real(1), Real(2)),
        langevin::schedule<Real>::geometric(Real(1), Real(0.99)),
        langevin::schedule<Real>::inverse_time(Real(1), Real(1)),
        langevin::schedule<Real>::polynomial(Real(1), Real(1), Real(0.55)),
        langevin::schedule<Real>::cosine(Real(1), Real(0.1), 50u),
        langevin::schedule<Real>::linear(Real(1), Real(0), 50u)};
    for (const auto& schedule : schedules) {
      sink(std::uint64_t{static_cast<std::uint8_t>(schedule.validate())});
      for (std::uint64_t n = 0; n < 100u; n += 7u) sink(schedule(n));
    }
    std::array<Real, 3> x{};
    sink(std::uint64_t{static_cast<std::uint8_t>(langevin::brownian_step(x, Real(0.5), Real(0.01), g))});
    std::array<Real, 3> path_points[16];
    sink(std::uint64_t{static_cast<std::uint8_t>(
        langevin::brownian_path(langevin::span<std::array<Real, 3>>{path_points}, Real(0.5), Real(0.01), g))});
    sink(langevin::diffusion_constant(Real(1), Real(2)) + langevin::einstein_mean_squared_displacement(3u, Real(1), Real(2)));

    const bowl<Real> problem;
    langevin::euler_maruyama<Real, 3> em;
    langevin::leimkuhler_matthews<Real, 3> lm;
    langevin::baoab<Real, 3> integrator;
    sink(std::uint64_t{static_cast<std::uint8_t>(em.init({Real(0.01)}))});
    sink(std::uint64_t{static_cast<std::uint8_t>(lm.init({Real(0.01), Real(2)}))});
    sink(std::uint64_t{static_cast<std::uint8_t>(integrator.init({Real(0.01), Real(1), Real(1)}))});
    sink(std::uint64_t{static_cast<std::uint8_t>(em.place({Real(1), Real(2), Real(3)}))});
    sink(std::uint64_t{static_cast<std::uint8_t>(lm.place({Real(1), Real(2), Real(3)}))});
    sink(std::uint64_t{static_cast<std::uint8_t>(integrator.place({Real(1), Real(2), Real(3)}, {}))});
    for (int i = 0; i < 50; ++i) {
      sink(em.step(problem, Real(0.5), g).value + lm.step(problem, Real(0.5), g).value +
           integrator.step(problem, Real(0.5), g).value);
    }
    const auto cooling = langevin::schedule<Real>::logarithmic(Real(1), Real(2));
    const auto run = integrator.run(problem, cooling, g, 50u);
    sink(std::uint64_t{static_cast<std::uint8_t>(run.status)} + run.steps);
    sink(em.run(problem, cooling, g, 50u).value + lm.run(problem, cooling, g, 50u).value);
    sink(integrator.kinetic_energy() + integrator.current_value() + em.current()[0] + lm.current()[0]);
  });
  REQUIRE(allocations == 0);
}

TEST_CASE("annealing SGD and the batch sampler never allocate", "[no_heap][annealing_sgd]") {
  const std::size_t allocations = allocations_during([] {
    line_sample data[40];
    for (int i = 0; i < 40; ++i) data[i] = {static_cast<float>(i) * 0.1f, 0.3f * static_cast<float>(i) * 0.1f - 1.0f};
    const langevin::span<const line_sample> view{data, 40u};
    for (const auto mode : {langevin::sampling::without_replacement, langevin::sampling::with_replacement,
                            langevin::sampling::in_order}) {
      langevin::annealing_sgd<float, 2, 64> sgd;
      langevin::annealing_sgd_options<float> options;
      options.batch_size = 8u;
      options.batches = mode;
      options.momentum = 0.5f;
      options.max_gradient_norm = 10.0f;
      options.track_best = true;
      options.temperature = langevin::schedule<float>::geometric(0.1f, 0.99f);
      options.learning_rate = langevin::schedule<float>::inverse_time(1.0f, 10.0f);
      sink(std::uint64_t{static_cast<std::uint8_t>(sgd.init(40u, options))});
      sink(std::uint64_t{static_cast<std::uint8_t>(sgd.place({0.0f, 0.0f}))});
      sink(sgd.step(line_model{}, view).value);
      sink(sgd.step(line_model{}, data).value);
      sink(sgd.run(line_model{}, view, 20u).value);
      sink(sgd.run_epochs(line_model{}, view, 3u).value);
      sink(sgd.best_value() + sgd.current()[0]);
      std::array<float, 2> gradient{};
      sink(langevin::full_objective<float, 2>(line_model{}, view, sgd.best(), gradient));
    }
    langevin::batch_sampler<64> sampler;
    sink(std::uint64_t{static_cast<std::uint8_t>(sampler.init(50u, 7u, langevin::sampling::without_replacement))});
    langevin::pcg32 g{1u, 2u};
    for (int i = 0; i < 20; ++i) sink(std::uint64_t{sampler.draw(g, [](std::size_t index) { sink(std::uint64_t{index}); })});
  });
  REQUIRE(allocations == 0);
}

TEMPLATE_TEST_CASE("minimize, the minimizer, simulated annealing and checkpoints of a minimizer never allocate",
                   "[no_heap][minimize][simulated_annealing]", float, double) {
  using Real = TestType;
  const std::size_t allocations = allocations_during([] {
    const langevin::box<Real, 3> bounds{{Real(-2), Real(-2), Real(-2)}, {Real(2), Real(2), Real(2)}};
    langevin::minimize_options<Real> options;
    options.max_calls = 300u;
    const auto r = langevin::minimize(bowl<Real>{}, bounds, options);
    sink(r.value);
    static langevin::minimizer<Real, 3> m;
    sink(std::uint64_t{static_cast<std::uint8_t>(m.init(bounds, options))});
    sink(std::uint64_t{static_cast<std::uint8_t>(m.place({Real(1), Real(-1), Real(0.5)}))});
    for (int i = 0; i < 50 && !m.done(); ++i) sink(m.step(bowl<Real>{}).value);
    while (!m.done()) {
      std::array<Real, 3> g{};
      const Real e = bowl<Real>{}(m.point(), g);
      sink(std::uint64_t{static_cast<std::uint8_t>(m.tell(e, g))});
    }
    sink(m.best_value() + m.best()[0]);
    sink(std::uint64_t{static_cast<std::uint8_t>(m.init(bounds, options))});
    sink(m.run(bowl<Real>{}).value);
    static unsigned char blob[langevin::checkpoint_size<langevin::minimizer<Real, 3>>];
    sink(std::uint64_t{static_cast<std::uint8_t>(langevin::save_checkpoint(m, blob, sizeof blob))});
    sink(std::uint64_t{static_cast<std::uint8_t>(langevin::restore_checkpoint(m, blob, sizeof blob))});
    const auto value_problem = [](const std::array<Real, 3>& x) { return x[0] * x[0] + x[1] * x[1] + x[2] * x[2]; };
    langevin::simulated_annealing_options<Real> sa_options;
    sa_options.max_calls = 300u;
    sink(langevin::simulated_annealing(value_problem, bounds, sa_options).value);
    langevin::simulated_annealer<Real, 3> annealer;
    sink(std::uint64_t{static_cast<std::uint8_t>(annealer.init(bounds, sa_options))});
    sink(std::uint64_t{static_cast<std::uint8_t>(annealer.place({Real(0.5), Real(0.5), Real(0.5)}))});
    for (int i = 0; i < 50; ++i) sink(annealer.step(value_problem).value);
    sink(annealer.run(value_problem).value);
  });
  REQUIRE(allocations == 0);
}
