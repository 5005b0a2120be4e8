// simulated_annealing checks that run on every port (host, Linux ARM under qemu-user, bare
// metal): a small convex fit in float and double, the budget and the box honoured exactly,
// bad-input statuses and a golden hash of a chain (same bits on every port).
#include <array>
#include <cstdint>
#include <cstring>
#include <limits>

#include <langevin/optimize/simulated_annealing.hpp>

#include "langevin_test.hpp"

namespace {

template <class Real>
struct bowl {
  Real operator()(const std::array<Real, 2>& x) const {
    const Real a = x[0] - Real(0.5);
    const Real b = x[1] + Real(0.25);
    return a * a + Real(3) * b * b;
  }
};

// Two tilted double wells: 4 local minima, the global one near (-1, -1).
template <class Real>
struct wells {
  Real operator()(const std::array<Real, 2>& x) const {
    Real s = Real(0);
    for (const Real v : x) s += (v * v - Real(1)) * (v * v - Real(1)) + Real(0.3) * v;
    return s;
  }
};

struct counted {
  std::uint32_t* calls;
  std::uint32_t* outside;
  float operator()(const std::array<float, 2>& x) const {
    ++*calls;
    if (!(x[0] >= -1.0f && x[0] <= 1.0f && x[1] >= 0.0f && x[1] <= 0.5f)) ++*outside;
    return x[0] * x[0] + x[1];
  }
};

struct fnv1a {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  void add(const void* bytes, std::size_t count) {
    const auto* p = static_cast<const unsigned char*>(bytes);
    for (std::size_t i = 0; i < count; ++i) {
      hash ^= p[i];
      hash *= 0x100000001b3ull;
    }
  }
};

// Hash of the chain state after each of 300 proposals (Cauchy and Gaussian), then the result.
template <class Real>
std::uint64_t chain_hash(langevin::proposal_kind kind) {
  langevin::simulated_annealing_options<Real> options;
  options.max_calls = 320u;
  options.seed = 2026u;
  options.stream = 5u;
  options.proposal = kind;
  langevin::simulated_annealer<Real, 2> annealer;
  const langevin::box<Real, 2> bounds{{Real(-2), Real(-2)}, {Real(2), Real(2)}};
  if (annealer.init(wells<Real>{}, bounds, options) != langevin::status::ok) return 0u;
  fnv1a h;
  for (auto r = annealer.step(wells<Real>{}); r.status != langevin::status::budget_exhausted;
       r = annealer.step(wells<Real>{})) {
    h.add(annealer.current().data(), sizeof(Real) * 2);
    h.add(&r.energy, sizeof(Real));
  }
  const Real step = annealer.step_size();
  h.add(&step, sizeof(Real));
  const auto result = annealer.result();
  h.add(result.x.data(), sizeof(Real) * 2);
  h.add(&result.value, sizeof(Real));
  return h.hash;
}

}  // namespace

TEST_CASE("simulated_annealing finds the minimum of a bowl in float and double", "[simulated_annealing]") {
  langevin::simulated_annealing_options<float> float_options;
  float_options.max_calls = 1500u;
  float_options.seed = 1u;
  const auto f = langevin::simulated_annealing(bowl<float>{}, langevin::box<float, 2>{{-2.0f, -2.0f}, {2.0f, 2.0f}}, float_options);
  CHECK(f.status == langevin::status::ok);
  CHECK(f.calls == 1500u);
  CHECK(f.value < 1e-4f);
  langevin::simulated_annealing_options<double> double_options;
  double_options.max_calls = 1500u;
  double_options.seed = 1u;
  const auto d = langevin::simulated_annealing(bowl<double>{}, langevin::box<double, 2>{{-2.0, -2.0}, {2.0, 2.0}}, double_options);
  CHECK(d.status == langevin::status::ok);
  CHECK(d.value < 1e-4);
  CHECK(d.value == bowl<double>{}(d.x));
}

TEST_CASE("simulated_annealing spends exactly its budget inside the box", "[simulated_annealing]") {
  const langevin::box<float, 2> bounds{{-1.0f, 0.0f}, {1.0f, 0.5f}};
  const std::uint32_t budgets[] = {1u, 20u, 21u, 333u};
  for (std::uint32_t budget : budgets) {
    std::uint32_t calls = 0, outside = 0;
    langevin::simulated_annealing_options<float> options;
    options.max_calls = budget;
    const auto r = langevin::simulated_annealing(counted{&calls, &outside}, bounds, options);
    CHECK(r.status == langevin::status::ok);
    CHECK(calls == budget);
    CHECK(r.calls == budget);
    CHECK(outside == 0u);
  }
}

TEST_CASE("simulated_annealing in float reports bad input without calling the problem", "[simulated_annealing]") {
  using langevin::status;
  std::uint32_t calls = 0, outside = 0;
  const counted f{&calls, &outside};
  const float nan = std::numeric_limits<float>::quiet_NaN();
  langevin::simulated_annealing_options<float> options;
  CHECK(langevin::simulated_annealing(f, langevin::box<float, 2>{{1.0f, 0.0f}, {-1.0f, 1.0f}}, options).status == status::invalid_argument);
  CHECK(langevin::simulated_annealing(f, langevin::box<float, 2>{{nan, 0.0f}, {1.0f, 1.0f}}, options).status == status::invalid_argument);
  const langevin::box<float, 2> good{{-1.0f, 0.0f}, {1.0f, 0.5f}};
  options.max_calls = 0u;
  CHECK(langevin::simulated_annealing(f, good, options).status == status::invalid_argument);
  options.max_calls = 100u;
  options.target_acceptance = 1.0f;
  CHECK(langevin::simulated_annealing(f, good, options).status == status::invalid_argument);
  options.target_acceptance = 0.2f;
  options.temperature_mode = langevin::cooling::scheduled;
  options.temperature = langevin::schedule<float>::constant(-1.0f);
  CHECK(langevin::simulated_annealing(f, good, options).status == status::invalid_argument);
  CHECK(calls == 0u);
  langevin::simulated_annealer<float, 2> annealer;
  CHECK(annealer.step(f).status == status::invalid_argument);
  CHECK(calls == 0u);
}

TEST_CASE("simulated_annealing chains have the same bits on every port", "[simulated_annealing][golden]") {
  // Recorded on x86-64 (g++ 12, -ffp-contract=off). They depend on every random draw, so
  // a change of pcg32, bounded(), normal() or the math functions changes them too.
  CHECK(chain_hash<float>(langevin::proposal_kind::cauchy) == 0x03003e15ec891e92ull);
  CHECK(chain_hash<float>(langevin::proposal_kind::gaussian) == 0xe34c8795a277bd3cull);
  CHECK(chain_hash<double>(langevin::proposal_kind::cauchy) == 0x6c5b8102839f5b01ull);
  CHECK(chain_hash<double>(langevin::proposal_kind::gaussian) == 0x25de54e698d03944ull);
}
