// Checkpoint / resume on every port: the blob format is pinned byte for byte (a blob saved
// on one port restores on any other), restoring and continuing equals never stopping, and
// bit flips and truncations of a blob are rejected without touching the target object.
// (tests/host/test_checkpoint_exhaustive.cpp flips every bit of every kind of blob.)
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include <langevin/checkpoint.hpp>
#include <langevin/optimize/minimize.hpp>
#include <langevin/random/pcg32.hpp>

#include "langevin_test.hpp"

namespace {

// The blob of pcg32{42, 54}, computed independently with Python's struct and zlib.crc32:
// "LGVN", format version 2, kind 1 (pcg32), layout version 1, reserved 0, shape 0,
// payload 16, state 0x185706b82c2e03f8, increment 109, CRC.
const unsigned char golden_pcg32_blob[40] = {
    0x4Cu, 0x47u, 0x56u, 0x4Eu, 0x02u, 0x00u, 0x01u, 0x00u, 0x01u, 0x00u, 0x00u, 0x00u,
    0x00u, 0x00u, 0x00u, 0x00u, 0x10u, 0x00u, 0x00u, 0x00u, 0xF8u, 0x03u, 0x2Eu, 0x2Cu,
    0xB8u, 0x06u, 0x57u, 0x18u, 0x6Du, 0x00u, 0x00u, 0x00u, 0x00u, 0x00u, 0x00u, 0x00u,
    0xA9u, 0x3Du, 0x66u, 0x23u};
constexpr std::size_t golden_pcg32_size = sizeof golden_pcg32_blob;

// The status a blob with byte k damaged is refused with: version_mismatch for the format
// version (bytes 4-5) and the layout version (bytes 8-9), corrupt_data for anything else.
langevin::status refusal_for_byte(std::size_t k) {
  const bool version = k == 4u || k == 5u || k == 8u || k == 9u;
  return version ? langevin::status::version_mismatch : langevin::status::corrupt_data;
}

bool same_bytes(const unsigned char* a, const unsigned char* b, std::size_t n) {
  return std::memcmp(a, b, n) == 0;
}

template <class T>
bool same_object(const T& a, const T& b) {
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}

// Flips bit (k % 8) of byte k for every byte k of `blob` (one flip per byte, all bit
// positions used); returns how many flips were rejected (with the status refusal_for_byte
// names) with the target left unchanged.
template <class T>
std::size_t rejected_byte_flips(const unsigned char* blob, std::size_t size, const T& target_before) {
  static unsigned char scratch[2048];
  if (size > sizeof scratch) return 0;
  std::size_t rejected = 0;
  for (std::size_t k = 0; k < size; ++k) {
    std::memcpy(scratch, blob, size);
    scratch[k] = static_cast<unsigned char>(scratch[k] ^ (1u << (k % 8u)));
    static T target;
    std::memcpy(static_cast<void*>(&target), &target_before, sizeof(T));
    const bool refused = langevin::restore_checkpoint(target, scratch, size) == refusal_for_byte(k);
    if (refused && same_object(target, target_before)) ++rejected;
  }
  return rejected;
}

// Every truncation: restoring from the first `length` bytes, length < size.
template <class T>
std::size_t rejected_truncations(const unsigned char* blob, std::size_t size, const T& target_before) {
  std::size_t rejected = 0;
  for (std::size_t length = 0; length < size; ++length) {
    static T target;
    std::memcpy(static_cast<void*>(&target), &target_before, sizeof(T));
    const bool refused = langevin::restore_checkpoint(target, blob, length) == langevin::status::corrupt_data;
    if (refused && same_object(target, target_before)) ++rejected;
  }
  return rejected;
}

struct tilted_bowl {
  float operator()(const std::array<float, 2>& x, std::array<float, 2>& g) const noexcept {
    g[0] = 2.0f * (x[0] - 1.0f) + 0.5f * x[1];
    g[1] = 4.0f * (x[1] + 0.5f) + 0.5f * x[0];
    return (x[0] - 1.0f) * (x[0] - 1.0f) + 2.0f * (x[1] + 0.5f) * (x[1] + 0.5f) + 0.5f * x[0] * x[1];
  }
};

}  // namespace

TEST_CASE("checkpoint CRC-32 matches the IEEE 802.3 check value", "[checkpoint]") {
  const unsigned char digits[9] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
  CHECK(langevin::detail::crc32(digits, 9u) == 0xCBF43926u);
  CHECK(langevin::detail::crc32(digits, 0u) == 0u);
}

TEST_CASE("checkpoint of pcg32 is the documented 40-byte little-endian blob", "[checkpoint]") {
  CHECK(langevin::checkpoint_size<langevin::pcg32> == golden_pcg32_size);
  const langevin::pcg32 g{42u, 54u};
  langevin::checkpoint_blob<langevin::pcg32> blob{};
  langevin::save_checkpoint(g, blob);
  CHECK(same_bytes(blob.data(), golden_pcg32_blob, golden_pcg32_size));
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
  REQUIRE(langevin::restore_checkpoint(from_golden, golden_pcg32_blob, golden_pcg32_size) == langevin::status::ok);
  CHECK(from_golden() == 0xa15c02b7u);
}

TEST_CASE("pcg32 checkpoint: every single-bit flip is rejected and leaves the target unchanged", "[checkpoint]") {
  const langevin::pcg32 target_before{99u, 3u};
  unsigned rejected = 0;
  for (std::size_t byte = 0; byte < golden_pcg32_size; ++byte) {
    for (unsigned bit = 0; bit < 8u; ++bit) {
      unsigned char blob[golden_pcg32_size];
      std::memcpy(blob, golden_pcg32_blob, golden_pcg32_size);
      blob[byte] = static_cast<unsigned char>(blob[byte] ^ (1u << bit));
      langevin::pcg32 target = target_before;
      if (langevin::restore_checkpoint(target, blob, golden_pcg32_size) == refusal_for_byte(byte) &&
          target == target_before) {
        ++rejected;
      }
    }
  }
  CHECK(rejected == golden_pcg32_size * 8u);
}

TEST_CASE("pcg32 checkpoint: every truncation is rejected and leaves the target unchanged", "[checkpoint]") {
  const langevin::pcg32 target_before{5u, 8u};
  CHECK(rejected_truncations(golden_pcg32_blob, golden_pcg32_size, target_before) == golden_pcg32_size);
  // The same truncations inside a full-size buffer whose tail is erased flash or zeros:
  // refused as another version where, behind the intact magic (bytes 0-3), the padding
  // changed the format version (bytes 4-5) or, behind a matching kind (bytes 6-7), the layout
  // version (bytes 8-9); as corrupt otherwise.
  unsigned rejected_padded = 0;
  for (std::size_t length = 0; length < golden_pcg32_size; ++length) {
    for (unsigned fill = 0; fill < 2u; ++fill) {
      unsigned char padded[golden_pcg32_size];
      for (std::size_t i = 0; i < golden_pcg32_size; ++i) {
        padded[i] = i < length ? golden_pcg32_blob[i] : static_cast<unsigned char>(fill == 0u ? 0xFFu : 0x00u);
      }
      const auto u16 = [&padded](std::size_t at) { return static_cast<unsigned>(padded[at] | (padded[at + 1u] << 8u)); };
      const bool other_version = length >= 4u && (u16(4u) != 2u || (u16(6u) == 1u && u16(8u) != 1u));
      langevin::pcg32 target = target_before;
      const langevin::status expected =
          other_version ? langevin::status::version_mismatch : langevin::status::corrupt_data;
      if (langevin::restore_checkpoint(target, padded, golden_pcg32_size) == expected && target == target_before) {
        ++rejected_padded;
      }
    }
  }
  // No padded truncation equals the blob: its last byte, 0x23, is neither 0x00 nor 0xFF.
  CHECK(rejected_padded == 2u * golden_pcg32_size);
  langevin::pcg32 target = target_before;
  CHECK(langevin::restore_checkpoint(target, static_cast<const unsigned char*>(nullptr), golden_pcg32_size) ==
        langevin::status::corrupt_data);
  CHECK(target == target_before);
}

TEST_CASE("pcg32 checkpoint: a valid CRC over an impossible state is rejected", "[checkpoint]") {
  unsigned char blob[golden_pcg32_size];
  std::memcpy(blob, golden_pcg32_blob, golden_pcg32_size);
  blob[28] = 0x6Cu;  // increment 108: even, so no pcg32 can have it
  const std::uint32_t crc = langevin::detail::crc32(blob, 36u);
  for (unsigned i = 0; i < 4u; ++i) blob[36u + i] = static_cast<unsigned char>(crc >> (8u * i));
  const langevin::pcg32 before{1u, 2u};
  langevin::pcg32 target = before;
  CHECK(langevin::restore_checkpoint(target, blob, golden_pcg32_size) == langevin::status::corrupt_data);
  CHECK(target == before);
}

TEST_CASE("pcg32 checkpoint: saving into a short buffer writes nothing", "[checkpoint]") {
  unsigned char out[golden_pcg32_size] = {};
  const langevin::pcg32 g{42u, 54u};
  CHECK(langevin::save_checkpoint(g, out, golden_pcg32_size - 1u) == langevin::status::buffer_too_small);
  CHECK(langevin::save_checkpoint(g, static_cast<unsigned char*>(nullptr), golden_pcg32_size) ==
        langevin::status::buffer_too_small);
  bool untouched = true;
  for (unsigned char c : out) untouched = untouched && c == 0u;
  CHECK(untouched);
  CHECK(langevin::save_checkpoint(g, langevin::span<unsigned char>{out}) == langevin::status::ok);
  CHECK(same_bytes(out, golden_pcg32_blob, golden_pcg32_size));
}

TEST_CASE("a blob of one kind or shape does not restore into another", "[checkpoint]") {
  using small = langevin::minimizer<float, 2>;
  using other_shape = langevin::minimizer<float, 2, 3>;
  using access = langevin::checkpoint_access;
  CHECK(access::identity<small>().kind != access::identity<langevin::minimizer<double, 2>>().kind);
  CHECK(access::identity<small>().shape != access::identity<other_shape>().shape);
  static small source;
  static unsigned char blob[langevin::checkpoint_size<small>];
  const langevin::box<float, 2> bounds{{-2.0f, -2.0f}, {2.0f, 2.0f}};
  langevin::minimize_options<float> options;
  options.max_calls = 50u;
  REQUIRE(source.init(bounds, options) == langevin::status::ok);
  REQUIRE(langevin::save_checkpoint(source, blob, sizeof blob) == langevin::status::ok);
  langevin::pcg32 g{1u, 2u};
  const langevin::pcg32 g_before = g;
  CHECK(langevin::restore_checkpoint(g, blob, sizeof blob) == langevin::status::corrupt_data);
  CHECK(g == g_before);
  static other_shape wider;
  CHECK(langevin::restore_checkpoint(wider, blob, sizeof blob) == langevin::status::corrupt_data);
}

TEST_CASE("minimizer restored from a checkpoint mid-run finishes with the same bits", "[checkpoint][minimize]") {
  using engine = langevin::minimizer<float, 2>;
  const langevin::box<float, 2> bounds{{-3.0f, -3.0f}, {3.0f, 3.0f}};
  langevin::minimize_options<float> options;
  options.max_calls = 400u;
  options.seed = 11u;
  static engine uninterrupted;
  static engine interrupted;
  static engine resumed;
  REQUIRE(uninterrupted.init(bounds, options) == langevin::status::ok);
  REQUIRE(interrupted.init(bounds, options) == langevin::status::ok);
  CHECK(uninterrupted.run(tilted_bowl{}).status == langevin::status::ok);
  CHECK(interrupted.run(tilted_bowl{}, 137u).steps == 137u);
  static unsigned char blob[langevin::checkpoint_size<engine>];
  REQUIRE(langevin::save_checkpoint(interrupted, blob, sizeof blob) == langevin::status::ok);
  REQUIRE(langevin::restore_checkpoint(resumed, blob, sizeof blob) == langevin::status::ok);
  CHECK(resumed.calls() == 137u);
  CHECK(resumed.run(tilted_bowl{}).status == langevin::status::ok);
  const auto a = uninterrupted.result();
  const auto b = resumed.result();
  CHECK(a.calls == b.calls);
  CHECK(std::memcmp(&a.value, &b.value, sizeof a.value) == 0);
  CHECK(std::memcmp(a.x.data(), b.x.data(), sizeof a.x) == 0);
  // The whole saved state (every field of the payload) is the same.
  static unsigned char blob_uninterrupted[langevin::checkpoint_size<engine>];
  REQUIRE(langevin::save_checkpoint(uninterrupted, blob_uninterrupted, sizeof blob_uninterrupted) == langevin::status::ok);
  REQUIRE(langevin::save_checkpoint(resumed, blob, sizeof blob) == langevin::status::ok);
  CHECK(same_bytes(blob_uninterrupted, blob, sizeof blob));
}

TEST_CASE("minimizer checkpoint: bit flips (one per byte) and every truncation are rejected", "[checkpoint][minimize]") {
  using engine = langevin::minimizer<float, 2>;
  const langevin::box<float, 2> bounds{{-3.0f, -3.0f}, {3.0f, 3.0f}};
  langevin::minimize_options<float> options;
  options.max_calls = 100u;
  static engine source;
  static engine target_before;
  REQUIRE(source.init(bounds, options) == langevin::status::ok);
  CHECK(source.run(tilted_bowl{}, 40u).steps == 40u);
  options.seed = 99u;
  REQUIRE(target_before.init(bounds, options) == langevin::status::ok);
  static unsigned char blob[langevin::checkpoint_size<engine>];
  REQUIRE(langevin::save_checkpoint(source, blob, sizeof blob) == langevin::status::ok);
  CHECK(rejected_byte_flips(blob, sizeof blob, target_before) == sizeof blob);
  CHECK(rejected_truncations(blob, sizeof blob, target_before) == sizeof blob);
}
