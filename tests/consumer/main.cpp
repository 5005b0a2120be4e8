#include <cstdio>

#include <langevin/langevin.hpp>

int main() {
  langevin::pcg32 rng{42u, 54u};
  const bool ok = rng() == 0xa15c02b7u;
  std::printf("consumer: %s (langevin %d)\n", ok ? "ok" : "WRONG SEQUENCE", LANGEVIN_VERSION);
  return ok ? 0 : 1;
}
