// pcg32 checks that run on every port (host, Linux ARM under qemu-user, bare metal).
#include <cstdint>
#include <type_traits>

#include <langevin/random/pcg32.hpp>

#include "langevin_test.hpp"

TEST_CASE("pcg32 reproduces the pcg-c reference sequence for seed 42, stream 54", "[pcg32]") {
  langevin::pcg32 g{42u, 54u};
  const std::uint32_t expected[6] = {0xa15c02b7u, 0x7b47f409u, 0xba1d3330u,
                                     0x83d2f293u, 0xbfa4784bu, 0xcbed606eu};
  for (std::uint32_t value : expected) CHECK(g() == value);
}

TEST_CASE("pcg32 advance and backstep move along the same sequence", "[pcg32]") {
  langevin::pcg32 stepped{2026u, 11u};
  langevin::pcg32 jumped = stepped;
  for (int i = 0; i < 1000; ++i) stepped();
  jumped.advance(1000u);
  CHECK(jumped == stepped);
  jumped.backstep(1000u);
  langevin::pcg32 fresh{2026u, 11u};
  CHECK(jumped == fresh);
  jumped.advance(0u);
  CHECK(jumped == fresh);
}

TEST_CASE("pcg32 state can be saved and restored, an even increment is rejected", "[pcg32]") {
  langevin::pcg32 g{7u, 3u};
  g();
  const langevin::pcg32_state saved = g.state();
  const std::uint32_t next = g();
  langevin::pcg32 other{1u, 1u};
  CHECK(other.set_state(saved) == langevin::status::ok);
  CHECK(other() == next);
  const langevin::pcg32 before = other;
  CHECK(other.set_state({123u, 4u}) == langevin::status::invalid_argument);
  CHECK(other == before);
}

TEST_CASE("pcg32 bounded stays in range and bound 0 consumes nothing", "[pcg32]") {
  langevin::pcg32 g{99u, 5u};
  const std::uint32_t bounds[] = {1u, 2u, 3u, 10u, 0x80000001u, 0xFFFFFFFFu};
  for (std::uint32_t bound : bounds) {
    for (int i = 0; i < 200; ++i) CHECK(g.bounded(bound) < bound);
  }
  const langevin::pcg32 before = g;
  CHECK(g.bounded(0u) == 0u);
  CHECK(g == before);
}

namespace {
constexpr std::uint32_t output_after(std::uint64_t skipped) {
  langevin::pcg32 g{42u, 54u};
  g.advance(skipped);
  return g();
}
constexpr std::uint32_t output_by_stepping(int skipped) {
  langevin::pcg32 g{42u, 54u};
  for (int i = 0; i < skipped; ++i) g();
  return g();
}
}  // namespace

// Compile-time properties: a UniformRandomBitGenerator that is trivially copyable (16 bytes
// of state, checkpointable by copying bytes) and usable in constant expressions.
static_assert(std::is_trivially_copyable<langevin::pcg32>::value, "pcg32 must be trivially copyable");
static_assert(sizeof(langevin::pcg32) == 16u, "pcg32 state is two 64-bit words");
static_assert(langevin::pcg32::min() == 0u && langevin::pcg32::max() == 0xFFFFFFFFu, "full 32-bit range");
static_assert(std::is_same<langevin::pcg32::result_type, std::uint32_t>::value, "32-bit results");
static_assert(output_after(5u) == 0xcbed606eu, "advance(5) reaches the sixth reference output");
static_assert(output_after(100u) == output_by_stepping(100), "constexpr advance equals stepping");

TEST_CASE("pcg32 bounded(1) is always 0 and consumes exactly one output", "[pcg32]") {
  langevin::pcg32 g{12u, 34u};
  langevin::pcg32 reference = g;
  for (int i = 0; i < 100; ++i) {
    CHECK(g.bounded(1u) == 0u);
    reference();
    CHECK(g == reference);
  }
}

TEST_CASE("pcg32 bounded is the high word of output times bound when no rejection happens", "[pcg32]") {
  // Lemire: result = (output * bound) >> 32, redrawn only while the low word is below
  // 2^32 mod bound. For bound 10 that threshold is 6, so a rejection is rare.
  langevin::pcg32 g{56u, 78u};
  langevin::pcg32 reference = g;
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t product = std::uint64_t{reference()} * 10u;
    if (static_cast<std::uint32_t>(product) < 6u) break;
    CHECK(g.bounded(10u) == static_cast<std::uint32_t>(product >> 32u));
  }
}
