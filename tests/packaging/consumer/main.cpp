// A consumer built outside CMake: only the flags from `pkg-config --cflags langevin` (or the
// README's flags, in the plain Makefile). It runs 300 Euler-Maruyama steps in double on a
// tilted double well and hashes the bits of every energy and position. The problem's
// gradient (x * s * 4 + 0.3) and the step's update are written as a * b + c, so a compiler
// that fuses multiply-adds (GCC on AArch64 does by default) changes the bits unless
// -ffp-contract=off reaches this translation unit; the expected hash was recorded on the
// x86-64 host (SSE2, no FMA) and must come out on every target.
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include <langevin/langevin.hpp>

namespace {

constexpr std::uint64_t expected_hash = 0x9fa47df66a191167ull;

struct tilted_well {  // E(x) = sum (x_i^2 - 1)^2 + 0.3 x_i
  double operator()(const std::array<double, 2>& x, std::array<double, 2>& g) const {
    double e = 0.0;
    for (std::size_t i = 0; i < 2; ++i) {
      const double s = x[i] * x[i] - 1.0;
      g[i] = 4.0 * x[i] * s + 0.3;
      e += s * s + 0.3 * x[i];
    }
    return e;
  }
};

struct fnv1a {
  std::uint64_t value = 0xcbf29ce484222325ull;
  void add(double x) {
    unsigned char bytes[sizeof x];
    std::memcpy(bytes, &x, sizeof x);
    for (unsigned char b : bytes) value = (value ^ b) * 0x100000001b3ull;
  }
};

}  // namespace

int main() {
  langevin::pcg32 rng{2024u, 17u};
  langevin::euler_maruyama<double, 2> particle;
  if (particle.init({0.01}) != langevin::status::ok || particle.place({1.0, -0.7}) != langevin::status::ok) {
    std::printf("langevin consumer: init failed\n");
    return 1;
  }
  const auto cooling = langevin::schedule<double>::geometric(0.8, 0.995);
  fnv1a h;
  for (int n = 0; n < 300; ++n) {
    const auto r = particle.step(tilted_well{}, cooling(particle.steps()), rng);
    if (r.status != langevin::status::ok) {
      std::printf("langevin consumer: step %d failed\n", n);
      return 1;
    }
    h.add(r.value);
    for (const double x : particle.current()) h.add(x);
  }
  const bool ok = h.value == expected_hash;
  std::printf("langevin consumer: langevin %d.%d.%d, hash 0x%016llx, %s\n", LANGEVIN_VERSION_MAJOR,
              LANGEVIN_VERSION_MINOR, LANGEVIN_VERSION_PATCH, static_cast<unsigned long long>(h.value),
              ok ? "ok" : "DIFFERENT BITS");
  return ok ? 0 : 1;
}
