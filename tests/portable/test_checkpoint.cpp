// Checkpoint / resume on every port: the blob format is pinned byte for byte (a blob saved
// on one port restores on any other), restoring and continuing equals never stopping, and
// every single-bit flip and every truncation of a blob is rejected without touching the
// target object.
#include <cstddef>
#include <cstdint>

#include <langevin/checkpoint.hpp>
#include <langevin/random/pcg32.hpp>

#include "langevin_test.hpp"

namespace {

// The blob of pcg32{42, 54}, computed independently with Python's struct and zlib.crc32:
// "LGVN", version 1, kind 1 (pcg32), payload 16, state 0x185706b82c2e03f8, increment 109, CRC.
const unsigned char golden_pcg32_blob[32] = {
    0x4Cu, 0x47u, 0x56u, 0x4Eu, 0x01u, 0x00u, 0x01u, 0x00u, 0x10u, 0x00u, 0x00u, 0x00u, 0xF8u, 0x03u, 0x2Eu, 0x2Cu,
    0xB8u, 0x06u, 0x57u, 0x18u, 0x6Du, 0x00u, 0x00u, 0x00u, 0x00u, 0x00u, 0x00u, 0x00u, 0x80u, 0xB7u, 0xC6u, 0x1Eu};

bool same_bytes(const unsigned char* a, const unsigned char* b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("checkpoint CRC-32 matches the IEEE 802.3 check value", "[checkpoint]") {
  const unsigned char digits[9] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
  CHECK(langevin::detail::crc32(digits, 9u) == 0xCBF43926u);
  CHECK(langevin::detail::crc32(digits, 0u) == 0u);
}

TEST_CASE("checkpoint of pcg32 is the documented 32-byte little-endian blob", "[checkpoint]") {
  CHECK(langevin::checkpoint_size<langevin::pcg32> == 32u);
  const langevin::pcg32 g{42u, 54u};
  langevin::checkpoint_blob<langevin::pcg32> blob{};
  langevin::save_checkpoint(g, blob);
  CHECK(same_bytes(blob.data(), golden_pcg32_blob, 32u));
}

TEST_CASE("pcg32 restored from a checkpoint continues bit for bit", "[checkpoint]") {
  langevin::pcg32 running{2026u, 7u};
  for (int i = 0; i < 100; ++i) running();
  unsigned char blob[40] = {};
  REQUIRE(langevin::save_checkpoint(running, blob, sizeof blob) == langevin::status::ok);
  langevin::pcg32 resumed{1u, 1u};
  REQUIRE(langevin::restore_checkpoint(resumed, blob, sizeof blob) == langevin::status::ok);
  bool identical = true;
  for (int i = 0; i < 1000; ++i) identical = identical && resumed() == running();
  CHECK(identical);
  langevin::pcg32 from_golden;
  REQUIRE(langevin::restore_checkpoint(from_golden, golden_pcg32_blob, 32u) == langevin::status::ok);
  CHECK(from_golden() == 0xa15c02b7u);
}

TEST_CASE("pcg32 checkpoint: every single-bit flip is rejected and leaves the target unchanged", "[checkpoint]") {
  const langevin::pcg32 target_before{99u, 3u};
  unsigned rejected = 0;
  unsigned unchanged = 0;
  for (std::size_t byte = 0; byte < 32u; ++byte) {
    for (unsigned bit = 0; bit < 8u; ++bit) {
      unsigned char blob[32];
      for (std::size_t i = 0; i < 32u; ++i) blob[i] = golden_pcg32_blob[i];
      blob[byte] = static_cast<unsigned char>(blob[byte] ^ (1u << bit));
      langevin::pcg32 target = target_before;
      if (langevin::restore_checkpoint(target, blob, 32u) == langevin::status::corrupt_data) ++rejected;
      if (target == target_before) ++unchanged;
    }
  }
  CHECK(rejected == 256u);
  CHECK(unchanged == 256u);
}

TEST_CASE("pcg32 checkpoint: every truncation is rejected and leaves the target unchanged", "[checkpoint]") {
  const langevin::pcg32 target_before{5u, 8u};
  unsigned rejected = 0;
  unsigned rejected_padded = 0;
  unsigned unchanged = 0;
  for (std::size_t length = 0; length < 32u; ++length) {
    langevin::pcg32 target = target_before;
    if (langevin::restore_checkpoint(target, golden_pcg32_blob, length) == langevin::status::corrupt_data) ++rejected;
    // The same truncation inside a full-size buffer (the rest erased flash or zeros).
    for (unsigned fill = 0; fill < 2u; ++fill) {
      unsigned char padded[32];
      for (std::size_t i = 0; i < 32u; ++i) {
        padded[i] = i < length ? golden_pcg32_blob[i] : static_cast<unsigned char>(fill == 0u ? 0xFFu : 0x00u);
      }
      if (langevin::restore_checkpoint(target, padded, 32u) == langevin::status::corrupt_data) ++rejected_padded;
    }
    if (target == target_before) ++unchanged;
  }
  CHECK(rejected == 32u);
  CHECK(unchanged == 32u);
  // A truncation that cuts only bytes equal to the fill leaves the blob intact: the last
  // golden byte is 0x1E, so every padded truncation differs from the blob, and is rejected.
  CHECK(rejected_padded == 64u);
  langevin::pcg32 target = target_before;
  CHECK(langevin::restore_checkpoint(target, static_cast<const unsigned char*>(nullptr), 32u) ==
        langevin::status::corrupt_data);
  CHECK(target == target_before);
}

TEST_CASE("pcg32 checkpoint: a valid CRC over an impossible state is rejected", "[checkpoint]") {
  unsigned char blob[32];
  for (std::size_t i = 0; i < 32u; ++i) blob[i] = golden_pcg32_blob[i];
  blob[20] = 0x6Cu;  // increment 108: even, so no pcg32 can have it
  const std::uint32_t crc = langevin::detail::crc32(blob, 28u);
  for (unsigned i = 0; i < 4u; ++i) blob[28u + i] = static_cast<unsigned char>(crc >> (8u * i));
  const langevin::pcg32 before{1u, 2u};
  langevin::pcg32 target = before;
  CHECK(langevin::restore_checkpoint(target, blob, 32u) == langevin::status::corrupt_data);
  CHECK(target == before);
}

TEST_CASE("pcg32 checkpoint: saving into a short buffer writes nothing", "[checkpoint]") {
  unsigned char out[32] = {};
  const langevin::pcg32 g{42u, 54u};
  CHECK(langevin::save_checkpoint(g, out, 31u) == langevin::status::buffer_too_small);
  CHECK(langevin::save_checkpoint(g, static_cast<unsigned char*>(nullptr), 32u) == langevin::status::buffer_too_small);
  bool untouched = true;
  for (unsigned char c : out) untouched = untouched && c == 0u;
  CHECK(untouched);
  CHECK(langevin::save_checkpoint(g, langevin::span<unsigned char>{out}) == langevin::status::ok);
  CHECK(same_bytes(out, golden_pcg32_blob, 32u));
}
