// A user's translation unit built with the strictest common warning sets (issue 19): every
// public class and function of the library instantiated for float and for double, so that
// the warnings of the template bodies show up. tests/CMakeLists.txt compiles it with -Werror
// and GCC's -Wfloat-equal -Wuseless-cast -Wold-style-cast -Wsign-conversion (on top of the
// project's own set), and with Clang's -Weverything less the C++98-compatibility groups.
// It is compiled, not run: the tests of each part live elsewhere.
#include <array>
#include <cstddef>
#include <cstdint>

#include <langevin/langevin.hpp>

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
  Real operator()(const std::array<Real, 3>& x) const noexcept { return x[0] * x[0] + x[1] * x[1] + x[2] * x[2]; }
};

template <class Real>
struct sample {
  Real x;
  Real y;
};

template <class Real>
struct line {
  Real operator()(const std::array<Real, 2>& theta, const sample<Real>& s, std::array<Real, 2>& g) const noexcept {
    const Real r = theta[0] * s.x + theta[1] - s.y;
    g[0] = r * s.x;
    g[1] = r;
    return Real(0.5) * r * r;
  }
};

template <class T>
bool round_trip(T& object) noexcept {
  langevin::checkpoint_blob<T> blob{};
  langevin::save_checkpoint(object, blob);
  return langevin::restore_checkpoint(object, blob.data(), blob.size()) == langevin::status::ok;
}

template <class Real>
int exercise() noexcept {
  int failures = 0;
  const auto expect = [&failures](bool ok) { failures += ok ? 0 : 1; };
  langevin::pcg32 rng{7u, 11u};
  std::array<std::uint32_t, 5> order{{0u, 1u, 2u, 3u, 4u}};
  expect(langevin::shuffle(rng, order.data(), order.size()) == langevin::status::ok);
  Real noise = langevin::uniform<Real>(rng) + langevin::normal<Real>(rng) + langevin::math::sqrt(Real(2)) +
               langevin::math::exp(Real(1)) + langevin::math::log(Real(2)) + langevin::math::pow(Real(2), Real(0.5));
  std::array<std::array<Real, 2>, 16> path{};
  expect(langevin::brownian_path(langevin::span<std::array<Real, 2>>(path), Real(0.5), Real(0.1), rng) ==
         langevin::status::ok);
  expect(round_trip(rng));

  const langevin::schedule<Real> kinds[] = {
      langevin::schedule<Real>::constant(Real(1)),          langevin::schedule<Real>::logarithmic(Real(1), Real(2)),
      langevin::schedule<Real>::geometric(Real(1), Real(0.9)), langevin::schedule<Real>::inverse_time(Real(1), Real(0.1)),
      langevin::schedule<Real>::polynomial(Real(1), Real(0.1), Real(0.5)),
      langevin::schedule<Real>::cosine(Real(1), Real(0.1), 100u),
      langevin::schedule<Real>::linear(Real(1), Real(0.1), 100u)};
  for (const auto& s : kinds) noise += s(7u) + (s.validate() == langevin::status::ok ? Real(0) : Real(1));

  langevin::euler_maruyama<Real, 3> em;
  langevin::leimkuhler_matthews<Real, 3> lm;
  langevin::baoab<Real, 3> bo;
  expect(em.init({}) == langevin::status::ok && lm.init({}) == langevin::status::ok && bo.init({}) == langevin::status::ok);
  expect(em.place({Real(1), Real(0), Real(-1)}) == langevin::status::ok);
  expect(lm.place({Real(1), Real(0), Real(-1)}) == langevin::status::ok);
  expect(bo.place({Real(1), Real(0), Real(-1)}, {}) == langevin::status::ok);
  expect(em.run(bowl<Real>{}, kinds[1], rng, 20u).status == langevin::status::ok);
  expect(lm.run(bowl<Real>{}, kinds[1], rng, 20u).status == langevin::status::ok);
  expect(bo.run(bowl<Real>{}, kinds[1], rng, 20u).status == langevin::status::ok);
  expect(round_trip(em) && round_trip(lm) && round_trip(bo));

  langevin::replica_exchange<langevin::baoab<Real, 3>, 4> ladder;
  typename langevin::replica_exchange<langevin::baoab<Real, 3>, 4>::options_type ladder_options{};
  expect(ladder.init(ladder_options) == langevin::status::ok);
  expect(ladder.run(bowl<Real>{}, rng, 20u).status == langevin::status::ok);
  noise += ladder.swap_acceptance(0u);
  expect(round_trip(ladder));

  const langevin::box<Real, 3> bounds{{Real(-2), Real(-2), Real(-2)}, {Real(2), Real(2), Real(2)}};
  langevin::minimize_options<Real> options;
  options.max_calls = 200u;
  expect(options.validate() == langevin::field::none);
  const auto found = langevin::minimize(bowl<Real>{}, bounds, options);
  expect(found.status == langevin::status::ok);
  langevin::minimizer<Real, 3> engine;
  expect(engine.init(bounds, options) == langevin::status::ok);
  expect(engine.place({Real(1), Real(1), Real(1)}) == langevin::status::ok);
  expect(engine.run(bowl<Real>{}, 50u).status == langevin::status::ok);
  noise += engine.result().projected_gradient_norm;
  expect(round_trip(engine));

  langevin::simulated_annealer<Real, 3> annealer;
  langevin::simulated_annealing_options<Real> annealing;
  annealing.max_calls = 200u;
  expect(annealer.init(bounds, annealing) == langevin::status::ok);
  expect(annealer.run(bowl<Real>{}).status == langevin::status::ok);
  expect(langevin::simulated_annealing(bowl<Real>{}, bounds, annealing).status == langevin::status::ok);
  expect(round_trip(annealer));

  std::array<sample<Real>, 32> data{};
  for (std::size_t i = 0; i < data.size(); ++i) {
    const Real x = static_cast<Real>(i) / Real(8);
    data[i] = {x, Real(2) * x - Real(1)};
  }
  langevin::annealing_sgd<Real, 2, 32> sgd;
  langevin::annealing_sgd_options<Real> sgd_options;
  sgd_options.batch_size = 4u;
  sgd_options.noise_meter = true;
  sgd_options.temperature = langevin::schedule<Real>::geometric(Real(0.01), Real(0.99));
  expect(sgd.init(data.size(), sgd_options) == langevin::status::ok);
  expect(sgd.run(line<Real>{}, data, 50u).status == langevin::status::ok);
  expect(sgd.run_epochs(line<Real>{}, langevin::span<const sample<Real>>(data), 1u).status == langevin::status::ok);
  noise += sgd.average_sgd_temperature() + sgd.sgd_temperature(1u);
  std::array<Real, 2> gradient{};
  noise += langevin::full_objective(line<Real>{}, data, sgd.best(), gradient);
  expect(round_trip(sgd));

  langevin::batch_sampler<32> sampler;
  expect(sampler.init(data.size(), 4u, langevin::sampling::without_replacement) == langevin::status::ok);
  std::size_t visited = 0;
  sampler.draw(rng, [&visited](std::size_t) { ++visited; });
  expect(visited == 4u && round_trip(sampler));

  alignas(4) static unsigned char memory[2u * 256u];
  langevin::ram_slot_storage slots{memory, 256u, 4u};
  langevin::checkpoint_store<langevin::ram_slot_storage> store{slots};
  langevin::checkpoint_blob<langevin::pcg32> scratch{};
  expect(store.save(rng, langevin::span<unsigned char>(scratch.data(), scratch.size())) == langevin::status::ok);
  expect(store.load(rng, langevin::span<unsigned char>(scratch.data(), scratch.size())) == langevin::status::ok);
  langevin::nor_flash_simulator<256> flash;
  langevin::checkpoint_store<langevin::nor_flash_simulator<256>> flash_store{flash};
  expect(flash_store.save(rng, langevin::span<unsigned char>(scratch.data(), scratch.size())) == langevin::status::ok);

  expect(noise < Real(1e30) || !(noise < Real(1e30)));
#if defined(LANGEVIN_TEST_FLOAT_EQUAL)
  expect(noise == Real(1));  // the power check: this comparison must make the strict build fail
#endif
  return failures;
}

}  // namespace

int strict_warnings_entry();
int strict_warnings_entry() { return exercise<float>() + exercise<double>(); }
