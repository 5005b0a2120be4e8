// Same bits on every port: FNV-1a hashes of the bit patterns of whole trajectories of
// every stepper (float and double) and of a Brownian path, compared with the values
// recorded on the x86-64 host. A mismatch on any port means a step, the normal sampler,
// the deterministic math or the summation order differs there.
#include <array>
#include <cstdint>
#include <cstring>

#include <langevin/dynamics/brownian.hpp>
#include <langevin/dynamics/overdamped.hpp>
#include <langevin/dynamics/underdamped.hpp>
#include <langevin/random/pcg32.hpp>
#include <langevin/schedule.hpp>

#include "langevin_test.hpp"

namespace {

struct fnv1a {
  std::uint64_t value = 0xcbf29ce484222325ull;
  template <class Real>
  void add(Real x) {
    unsigned char bytes[sizeof(Real)];
    std::memcpy(bytes, &x, sizeof(Real));
    for (unsigned char b : bytes) value = (value ^ b) * 0x100000001b3ull;
  }
};

template <class Real>
struct tilted_well {  // sum (x_i^2 - 1)^2 + 0.3 x_i
  Real operator()(const std::array<Real, 3>& x, std::array<Real, 3>& g) const {
    Real e = Real(0);
    for (std::size_t i = 0; i < 3; ++i) {
      const Real s = x[i] * x[i] - Real(1);
      g[i] = Real(4) * x[i] * s + Real(0.3);
      e += s * s + Real(0.3) * x[i];
    }
    return e;
  }
};

// 200 steps under a geometric cooling schedule; hashes every position (and momentum).
template <class Stepper, class Real>
std::uint64_t trajectory_hash(Stepper& stepper) {
  langevin::pcg32 rng{20261127u, 9u};
  const auto cooling = langevin::schedule<Real>::geometric(Real(1), Real(0.99));
  fnv1a h;
  for (int n = 0; n < 200; ++n) {
    const auto r = stepper.step(tilted_well<Real>{}, cooling(stepper.steps()), rng);
    if (r.status != langevin::status::ok) return 0;
    h.add(r.value);
    for (const Real x : stepper.current()) h.add(x);
  }
  return h.value;
}

template <class Real>
std::uint64_t euler_maruyama_hash() {
  langevin::euler_maruyama<Real, 3> s;
  if (s.init({Real(0.05), Real(1.5)}) != langevin::status::ok) return 0;
  if (s.place({Real(1), Real(-0.5), Real(0.25)}) != langevin::status::ok) return 0;
  return trajectory_hash<decltype(s), Real>(s);
}

template <class Real>
std::uint64_t leimkuhler_matthews_hash() {
  langevin::leimkuhler_matthews<Real, 3> s;
  if (s.init({Real(0.05), Real(1.5)}) != langevin::status::ok) return 0;
  if (s.place({Real(1), Real(-0.5), Real(0.25)}) != langevin::status::ok) return 0;
  return trajectory_hash<decltype(s), Real>(s);
}

template <class Real>
std::uint64_t baoab_hash() {
  langevin::baoab<Real, 3> s;
  if (s.init({Real(0.05), Real(2), Real(0.7)}) != langevin::status::ok) return 0;
  if (s.place({Real(1), Real(-0.5), Real(0.25)}, {Real(0.1), Real(0), Real(-0.1)}) != langevin::status::ok) return 0;
  std::uint64_t h = trajectory_hash<decltype(s), Real>(s);
  fnv1a m;
  m.value = h;
  for (const Real p : s.momentum()) m.add(p);
  return m.value;
}

template <class Real>
std::uint64_t brownian_hash() {
  langevin::pcg32 rng{42u, 54u};
  std::array<std::array<Real, 2>, 301> path{};
  if (langevin::brownian_path(langevin::span<std::array<Real, 2>>(path), Real(0.5), Real(1), rng) !=
      langevin::status::ok) {
    return 0;
  }
  fnv1a h;
  for (const auto& p : path) {
    h.add(p[0]);
    h.add(p[1]);
  }
  return h.value;
}

}  // namespace

TEST_CASE("dynamics golden hashes: float trajectories are bit-identical to the host's", "[dynamics][golden]") {
  CHECK(euler_maruyama_hash<float>() == 0x5c2dee9f09ac7a6ull);
  CHECK(leimkuhler_matthews_hash<float>() == 0x1cad75a87a606a9dull);
  CHECK(baoab_hash<float>() == 0x922e3f16fd13870bull);
  CHECK(brownian_hash<float>() == 0xa4d1b78d8745d9aull);
}

TEST_CASE("dynamics golden hashes: double trajectories are bit-identical to the host's", "[dynamics][golden]") {
  CHECK(euler_maruyama_hash<double>() == 0x6b88289f3e2787b0ull);
  CHECK(leimkuhler_matthews_hash<double>() == 0xd12a6836f0a1aa98ull);
  CHECK(baoab_hash<double>() == 0x453a0c1b638052f2ull);
  CHECK(brownian_hash<double>() == 0x8aad20ac7bdbcdcdull);
}
