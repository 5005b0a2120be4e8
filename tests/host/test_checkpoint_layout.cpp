// Checkpoint identity and layout, pinned. Each checkpointable class declares a kind and a
// layout version (its checkpoint_id) and saves the object representations of its detail core
// structs and arrays. A blob saved by one release must either restore to the same state in
// another or be refused with version_mismatch; a layout change that keeps the payload size
// would otherwise restore garbage that may even pass validation. So this file pins, for every
// class and for float and double: the payload size, the kind, the layout version, and the
// offset and size of every field of the core structs. A change of any of them fails here
// with a message that asks for the class's layout version to be raised (and the pins here
// updated with it). It also checks that all kinds are distinct, that a blob of the previous
// framing (format 1) and a blob of another layout version are refused with version_mismatch,
// and that every other defect of the header is corrupt_data.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <langevin/checkpoint.hpp>
#include <langevin/dynamics/overdamped.hpp>
#include <langevin/dynamics/underdamped.hpp>
#include <langevin/optimize/minimize.hpp>
#include <langevin/random/pcg32.hpp>

#include "checkpoint_forge.hpp"
#include "langevin_test.hpp"

namespace {

using access = langevin::checkpoint_access;

/// One field of a core struct: where it is, and where the pinned layout version has it.
struct field_pin {
  const char* name;
  std::size_t offset;
  std::size_t size;
  std::size_t pinned_offset;
  std::size_t pinned_size;
};

#define LANGEVIN_PIN(Struct, member, offset, size) \
  field_pin { #member, offsetof(Struct, member), sizeof(Struct::member), offset, size }

std::string raise_version_message(const char* owner, const char* where) {
  return std::string("The checkpoint layout of ") + owner + " changed. Raise its layout version (checkpoint_id in " +
         where + ") so that blobs of the old layout are refused with version_mismatch instead of restoring "
                 "garbage, then update the pins in tests/host/test_checkpoint_layout.cpp for the new version.";
}

/// Checks one core struct of `owner` against its pins (each field, then the struct's size).
void check_struct(const char* owner, const char* where, const char* struct_name, std::size_t size,
                  std::size_t pinned_size, const std::vector<field_pin>& fields) {
  INFO(raise_version_message(owner, where));
  CAPTURE(struct_name);
  for (const field_pin& f : fields) {
    CAPTURE(f.name, f.offset, f.pinned_offset, f.size, f.pinned_size);
    CHECK(f.offset == f.pinned_offset);
    CHECK(f.size == f.pinned_size);
  }
  CHECK(size == pinned_size);
}

/// Checks the identity and payload size of class T against the pins of its layout version.
template <class T>
void check_identity(const char* owner, const char* where, std::uint16_t pinned_kind, std::uint16_t pinned_version,
                    std::size_t pinned_payload) {
  INFO(raise_version_message(owner, where));
  constexpr langevin::checkpoint_identity id = access::identity<T>();
  CAPTURE(id.kind, pinned_kind, id.version, pinned_version, access::payload_size<T>(), pinned_payload);
  CHECK(id.kind == pinned_kind);
  CHECK(id.version == pinned_version);
  CHECK(access::payload_size<T>() == pinned_payload);
}

// Blobs of checkpoint format 1 (releases up to 0.1, pinned in f0f4da3's
// tests/portable/test_checkpoint.cpp and test_checkpoint_golden.cpp): pcg32{42, 54}, and an
// euler_maruyama<float, 2> mid-run.
const unsigned char pcg32_blob_format_1[36] = {
    0x4Cu, 0x47u, 0x56u, 0x4Eu, 0x01u, 0x00u, 0x01u, 0x00u, 0x00u, 0x00u, 0x00u, 0x00u,
    0x10u, 0x00u, 0x00u, 0x00u, 0xF8u, 0x03u, 0x2Eu, 0x2Cu, 0xB8u, 0x06u, 0x57u, 0x18u,
    0x6Du, 0x00u, 0x00u, 0x00u, 0x00u, 0x00u, 0x00u, 0x00u, 0x5Cu, 0x60u, 0xF4u, 0x24u};
const unsigned char em_blob_format_1[68] = {
    0x4Cu, 0x47u, 0x56u, 0x4Eu, 0x01u, 0x00u, 0x20u, 0x10u, 0x47u, 0x0Du, 0x23u, 0x94u,
    0x30u, 0x00u, 0x00u, 0x00u, 0x7Au, 0x5Du, 0x51u, 0x3Fu, 0xCAu, 0xC8u, 0x65u, 0x3Du,
    0x34u, 0x18u, 0x76u, 0x3Fu, 0xF5u, 0xEDu, 0x81u, 0xBDu, 0x2Au, 0x98u, 0x96u, 0xBDu,
    0x3Au, 0x21u, 0xB5u, 0x3Eu, 0xCDu, 0xCCu, 0x4Cu, 0x3Du, 0x00u, 0x00u, 0xC0u, 0x3Fu,
    0x14u, 0x00u, 0x00u, 0x00u, 0x00u, 0x00u, 0x00u, 0x00u, 0x00u, 0x00u, 0x00u, 0x00u,
    0x00u, 0x00u, 0x00u, 0x00u, 0xFEu, 0x0Eu, 0xF0u, 0xF8u};

}  // namespace

TEST_CASE("checkpoint layout: pcg32", "[checkpoint][layout]") {
  // The payload is the state and the increment as little-endian 64-bit words (written by
  // checkpoint_save, not a struct copy): pinned by the golden blob in
  // tests/portable/test_checkpoint.cpp; here its identity.
  check_identity<langevin::pcg32>("pcg32", "random/pcg32.hpp", 0x0001u, 1u, 16u);
  const langevin::pcg32 g{42u, 54u};
  const auto blob = langevin_test::blob_of(g);
  std::uint64_t words[2] = {0u, 0u};
  for (unsigned w = 0; w < 2u; ++w) {
    for (unsigned i = 0; i < 8u; ++i) {
      words[w] |= std::uint64_t{blob[langevin::detail::checkpoint_header_size + 8u * w + i]} << (8u * i);
    }
  }
  CHECK(words[0] == g.state().state);
  CHECK(words[1] == g.state().increment);
}

TEMPLATE_TEST_CASE("checkpoint layout: euler_maruyama and leimkuhler_matthews", "[checkpoint][layout]", float,
                   double) {
  using Real = TestType;
  using core = langevin::detail::overdamped_core<Real>;
  const bool f = sizeof(Real) == 4u;
  const char* where = "dynamics/overdamped.hpp";
  const std::vector<field_pin> fields = {
      LANGEVIN_PIN(core, time_step, 0u, f ? 4u : 8u),   LANGEVIN_PIN(core, friction, f ? 4u : 8u, f ? 4u : 8u),
      LANGEVIN_PIN(core, steps, f ? 8u : 16u, 8u),      LANGEVIN_PIN(core, current, f ? 16u : 24u, 4u),
      LANGEVIN_PIN(core, has_noise, f ? 20u : 28u, 1u),
  };
  check_struct("euler_maruyama / leimkuhler_matthews", where, "overdamped_core", sizeof(core), f ? 24u : 32u, fields);
  // Payload: the core, the two positions and the gradient (N reals each); Leimkuhler-Matthews
  // then its two halves of remembered draws.
  check_identity<langevin::euler_maruyama<Real, 1>>("euler_maruyama", where, f ? 0x1020u : 0x2020u, 1u,
                                                    f ? 36u : 56u);
  check_identity<langevin::euler_maruyama<Real, 3>>("euler_maruyama", where, f ? 0x1020u : 0x2020u, 1u,
                                                    f ? 60u : 104u);
  check_identity<langevin::leimkuhler_matthews<Real, 1>>("leimkuhler_matthews", where, f ? 0x1021u : 0x2021u, 1u,
                                                         f ? 44u : 72u);
  check_identity<langevin::leimkuhler_matthews<Real, 3>>("leimkuhler_matthews", where, f ? 0x1021u : 0x2021u, 1u,
                                                         f ? 84u : 152u);
}

TEMPLATE_TEST_CASE("checkpoint layout: baoab", "[checkpoint][layout]", float, double) {
  using Real = TestType;
  using core = langevin::detail::baoab_core<Real>;
  const bool f = sizeof(Real) == 4u;
  const std::size_t r = sizeof(Real);
  const std::vector<field_pin> fields = {
      LANGEVIN_PIN(core, time_step, 0u, r),          LANGEVIN_PIN(core, mass, r, r),
      LANGEVIN_PIN(core, friction, 2u * r, r),       LANGEVIN_PIN(core, damping, 3u * r, r),
      LANGEVIN_PIN(core, noise_fraction, 4u * r, r), LANGEVIN_PIN(core, energy, 5u * r, r),
      LANGEVIN_PIN(core, steps, f ? 24u : 48u, 8u),  LANGEVIN_PIN(core, current, f ? 32u : 56u, 4u),
      LANGEVIN_PIN(core, has_force, f ? 36u : 60u, 1u),
  };
  const char* where = "dynamics/underdamped.hpp";
  check_struct("baoab", where, "baoab_core", sizeof(core), f ? 40u : 64u, fields);
  // Payload: the core, then two positions, two momenta, two forces (N reals each).
  check_identity<langevin::baoab<Real, 1>>("baoab", where, f ? 0x1022u : 0x2022u, 1u, f ? 64u : 112u);
  check_identity<langevin::baoab<Real, 3>>("baoab", where, f ? 0x1022u : 0x2022u, 1u, f ? 112u : 208u);
}

TEMPLATE_TEST_CASE("checkpoint layout: minimizer", "[checkpoint][layout]", float, double) {
  using Real = TestType;
  using namespace langevin::detail;
  const bool f = sizeof(Real) == 4u;
  const std::size_t r = sizeof(Real);
  const char* owner = "minimizer";
  const char* where = "optimize/minimize.hpp";
  using settings = minimizer_settings<Real>;
  check_struct(owner, where, "minimizer_settings", sizeof(settings), f ? 64u : 96u,
               {
                   LANGEVIN_PIN(settings, max_calls, 0u, 8u),
                   LANGEVIN_PIN(settings, explore_calls, 8u, 8u),
                   LANGEVIN_PIN(settings, max_stall_calls, 16u, 8u),
                   LANGEVIN_PIN(settings, target, 24u, r),
                   LANGEVIN_PIN(settings, tolerance, 24u + r, r),
                   LANGEVIN_PIN(settings, quench_fraction, 24u + 2u * r, r),
                   LANGEVIN_PIN(settings, explorer_temperature, 24u + 3u * r, r),
                   LANGEVIN_PIN(settings, ladder_ratio, 24u + 4u * r, r),
                   LANGEVIN_PIN(settings, widest, 24u + 5u * r, r),
                   LANGEVIN_PIN(settings, resolution, 24u + 6u * r, r),
                   LANGEVIN_PIN(settings, quench_max_steps, f ? 52u : 80u, 4u),
                   LANGEVIN_PIN(settings, reseed_patience, f ? 56u : 84u, 4u),
                   LANGEVIN_PIN(settings, ground_share, f ? 60u : 88u, 4u),
               });
  using progress = minimizer_progress<Real>;
  check_struct(owner, where, "minimizer_progress", sizeof(progress), f ? 88u : 104u,
               {
                   LANGEVIN_PIN(progress, rng, 0u, 16u),
                   LANGEVIN_PIN(progress, calls, 16u, 8u),
                   LANGEVIN_PIN(progress, gap_count, 24u, 8u),
                   LANGEVIN_PIN(progress, sweeps, 32u, 8u),
                   LANGEVIN_PIN(progress, proposal_start, 40u, 8u),
                   LANGEVIN_PIN(progress, last_improvement, 48u, 8u),
                   LANGEVIN_PIN(progress, gap_mean, 56u, r),
                   LANGEVIN_PIN(progress, best_energy, 56u + r, r),
                   LANGEVIN_PIN(progress, draw, 56u + 2u * r, r),
                   LANGEVIN_PIN(progress, told_energy, 56u + 3u * r, r),
                   LANGEVIN_PIN(progress, active, f ? 72u : 88u, 4u),
                   LANGEVIN_PIN(progress, slot, f ? 76u : 92u, 4u),
                   LANGEVIN_PIN(progress, phase, f ? 80u : 96u, 1u),
                   LANGEVIN_PIN(progress, purpose, f ? 81u : 97u, 1u),
                   LANGEVIN_PIN(progress, kind, f ? 82u : 98u, 1u),
                   LANGEVIN_PIN(progress, warm_start, f ? 83u : 99u, 1u),
                   LANGEVIN_PIN(progress, told_finite, f ? 84u : 100u, 1u),
                   LANGEVIN_PIN(progress, stop, f ? 85u : 101u, 1u),
                   LANGEVIN_PIN(progress, stalled, f ? 86u : 102u, 1u),
                   LANGEVIN_PIN(progress, avoid_faces, f ? 87u : 103u, 1u),
               });
  // pcg32 inside the progress is saved as its object representation (two 64-bit words,
  // state first).
  CHECK(sizeof(langevin::pcg32) == 16u);
  using quench = quench_core<Real>;
  check_struct(owner, where, "quench_core", sizeof(quench), f ? 72u : 112u,
               {
                   LANGEVIN_PIN(quench, energy, 0u, r),
                   LANGEVIN_PIN(quench, trial_decrease, r, r),
                   LANGEVIN_PIN(quench, step, 2u * r, r),
                   LANGEVIN_PIN(quench, h0, 3u * r, r),
                   LANGEVIN_PIN(quench, inverse_curvature, 4u * r, r),
                   LANGEVIN_PIN(quench, last_drop, 5u * r, r),
                   LANGEVIN_PIN(quench, tolerance, 6u * r, r),
                   LANGEVIN_PIN(quench, pair_sy, 7u * r, r),
                   LANGEVIN_PIN(quench, pair_yy, 8u * r, r),
                   LANGEVIN_PIN(quench, stage_energy, 9u * r, r),
                   LANGEVIN_PIN(quench, calls, f ? 40u : 80u, 8u),
                   LANGEVIN_PIN(quench, stored, f ? 48u : 88u, 4u),
                   LANGEVIN_PIN(quench, newest, f ? 52u : 92u, 4u),
                   LANGEVIN_PIN(quench, steps, f ? 56u : 96u, 4u),
                   LANGEVIN_PIN(quench, max_steps, f ? 60u : 100u, 4u),
                   LANGEVIN_PIN(quench, backtracks, f ? 64u : 104u, 4u),
                   LANGEVIN_PIN(quench, single, f ? 68u : 108u, 4u),
               });
  using core = minimizer_core<Real>;
  check_struct(owner, where, "minimizer_core", sizeof(core), f ? 224u : 312u,
               {
                   LANGEVIN_PIN(core, settings, 0u, f ? 64u : 96u),
                   LANGEVIN_PIN(core, progress, f ? 64u : 96u, f ? 88u : 104u),
                   LANGEVIN_PIN(core, quench, f ? 152u : 200u, f ? 72u : 112u),
               });
  using record = replica_record<Real>;
  check_struct(owner, where, "replica_record", sizeof(record), f ? 64u : 104u,
               {
                   LANGEVIN_PIN(record, energy, 0u, r),
                   LANGEVIN_PIN(record, inverse_curvature, r, r),
                   LANGEVIN_PIN(record, jump, 2u * r, 2u * r),
                   LANGEVIN_PIN(record, threshold, 4u * r, 2u * r),
                   LANGEVIN_PIN(record, gain, 6u * r, 2u * r),
                   LANGEVIN_PIN(record, cost, 8u * r, 2u * r),
                   LANGEVIN_PIN(record, own_best, 10u * r, r),
                   LANGEVIN_PIN(record, own_stall, f ? 48u : 88u, 8u),
                   LANGEVIN_PIN(record, seeded, f ? 56u : 96u, 1u),
               });
  // The block's layout (minimizer_view): (8 + 2 replicas + 2 memory) n + 2 memory reals, in
  // units of n: lower 0, upper 1, width 2, best point 3, best gradient 4, the replicas'
  // points, then their gradients, the quench's point, gradient and direction, its memory
  // pairs s, then y, then rho and alpha (memory reals each).
  {
    INFO(raise_version_message(owner, where));
    CHECK(minimizer_view<Real>::block_size(2u, 2u, 3u) == 42u);
    CHECK(minimizer_view<Real>::block_size(3u, 4u, 5u) == 88u);
    static Real block[88];
    static core c;
    const minimizer_view<Real> v{c, nullptr, block, nullptr, nullptr, nullptr, 3u, 4u, 5u};
    const auto at = [](const Real* p) { return static_cast<std::size_t>(p - block); };
    CHECK(at(v.lower()) == 0u);
    CHECK(at(v.upper()) == 3u);
    CHECK(at(v.width()) == 6u);
    CHECK(at(v.best_x()) == 9u);
    CHECK(at(v.best_gradient()) == 12u);
    CHECK(at(v.replica_x(0u)) == 15u);
    CHECK(at(v.replica_x(3u)) == 24u);
    CHECK(at(v.replica_gradient(0u)) == 27u);
    CHECK(at(v.quench_x()) == 39u);
    CHECK(at(v.quench_gradient()) == 42u);
    CHECK(at(v.quench_direction()) == 45u);
    CHECK(at(v.quench_s(0u)) == 48u);
    CHECK(at(v.quench_y(0u)) == 63u);
    CHECK(at(v.quench_y(4u)) == 75u);
    CHECK(at(v.quench_rho()) == 78u);
    CHECK(at(v.quench_alpha()) == 83u);
  }
  // Payload: the core, the replica records, request and quench trial (n each), the block.
  check_identity<langevin::minimizer<Real, 2>>(owner, where, f ? 0x1010u : 0x2010u, 3u, f ? 536u : 888u);
  check_identity<langevin::minimizer<Real, 3, 4, 5>>(owner, where, f ? 0x1010u : 0x2010u, 3u, f ? 856u : 1480u);
}

// --- simulated_annealer, annealing_sgd, batch_sampler -------------------------------------------
// Their layout pins (a TEST_CASE each, like the ones above, for their core structs and
// payload sizes) go here, with their kinds in the list of the next test case.

TEST_CASE("checkpoint kinds: every class has its own, float and double apart", "[checkpoint][layout]") {
  const std::uint16_t kinds[] = {
      access::identity<langevin::pcg32>().kind,
      access::identity<langevin::euler_maruyama<float, 2>>().kind,
      access::identity<langevin::euler_maruyama<double, 2>>().kind,
      access::identity<langevin::leimkuhler_matthews<float, 2>>().kind,
      access::identity<langevin::leimkuhler_matthews<double, 2>>().kind,
      access::identity<langevin::baoab<float, 2>>().kind,
      access::identity<langevin::baoab<double, 2>>().kind,
      access::identity<langevin::minimizer<float, 2>>().kind,
      access::identity<langevin::minimizer<double, 2>>().kind,
      // simulated_annealer<float / double>, annealing_sgd<float / double>, batch_sampler: here.
  };
  const std::size_t count = sizeof kinds / sizeof kinds[0];
  for (std::size_t i = 0; i < count; ++i) {
    for (std::size_t j = i + 1u; j < count; ++j) {
      CAPTURE(i, j, kinds[i]);
      CHECK(kinds[i] != kinds[j]);
    }
  }
  // The kind does not depend on the sizes: those are in the shape.
  CHECK(access::identity<langevin::minimizer<float, 2>>().kind == access::identity<langevin::minimizer<float, 5, 3, 1>>().kind);
  CHECK(access::identity<langevin::minimizer<float, 2>>().shape != access::identity<langevin::minimizer<float, 5, 3, 1>>().shape);
  CHECK(access::identity<langevin::minimizer<float, 2, 2, 3>>().shape != access::identity<langevin::minimizer<float, 2, 3, 2>>().shape);
}

TEST_CASE("checkpoint framing: blobs of format 1 are refused with version_mismatch", "[checkpoint][layout]") {
  langevin::pcg32 g{1u, 2u};
  const langevin::pcg32 g_before = g;
  CHECK(langevin::restore_checkpoint(g, pcg32_blob_format_1, sizeof pcg32_blob_format_1) ==
        langevin::status::version_mismatch);
  CHECK(g == g_before);
  // Also inside a buffer as long as the format-2 blob (an old blob at the start of a page).
  langevin::checkpoint_blob<langevin::pcg32> page{};
  std::memcpy(page.data(), pcg32_blob_format_1, sizeof pcg32_blob_format_1);
  CHECK(langevin::restore_checkpoint(g, page.data(), page.size()) == langevin::status::version_mismatch);
  CHECK(g == g_before);

  using em = langevin::euler_maruyama<float, 2>;
  static em target;
  REQUIRE(target.init({0.01f}) == langevin::status::ok);
  const auto target_blob = langevin_test::blob_of(target);
  CHECK(langevin::restore_checkpoint(target, em_blob_format_1, sizeof em_blob_format_1) ==
        langevin::status::version_mismatch);
  CHECK(langevin_test::blob_of(target) == target_blob);
}

namespace {

/// The blob of a mid-run minimizer<float, 2> and an object to restore into.
using engine_type = langevin::minimizer<float, 2>;

struct bowl {
  float operator()(const std::array<float, 2>& x, std::array<float, 2>& g) const noexcept {
    g = {2.0f * x[0], 2.0f * x[1]};
    return x[0] * x[0] + x[1] * x[1];
  }
};

/// Writes a little-endian value of `bytes` bytes at byte `at` of the blob (header included).
template <class T>
void put_at(langevin::checkpoint_blob<T>& blob, std::size_t at, std::uint64_t value, unsigned bytes) {
  for (unsigned i = 0; i < bytes; ++i) blob[at + i] = static_cast<unsigned char>(value >> (8u * i));
}

/// Restores `blob` into `target`; returns the status, and whether `target` kept its bytes.
template <class T>
langevin::status restore_status(const langevin::checkpoint_blob<T>& blob, T& target, bool& unchanged) {
  static unsigned char before[sizeof(T)];
  std::memcpy(before, &target, sizeof(T));
  const langevin::status s = langevin::restore_checkpoint(target, blob.data(), blob.size());
  unchanged = std::memcmp(before, &target, sizeof(T)) == 0;
  return s;
}

}  // namespace

TEST_CASE("checkpoint framing: another layout version is version_mismatch, every other header defect corrupt_data",
          "[checkpoint][layout]") {
  static engine_type source;
  static engine_type target;
  langevin::minimize_options<float> o;
  o.max_calls = 100u;
  const langevin::box<float, 2> bounds{{-1.0f, -1.0f}, {1.0f, 1.0f}};
  REQUIRE(source.init(bounds, o) == langevin::status::ok);
  REQUIRE(source.run(bowl{}, 25u).steps == 25u);
  o.seed = 3u;
  REQUIRE(target.init(bounds, o) == langevin::status::ok);
  const auto good = langevin_test::blob_of(source);
  bool unchanged = false;
  {
    auto blob = good;
    REQUIRE(restore_status(blob, target, unchanged) == langevin::status::ok);
    REQUIRE(target.init(bounds, o) == langevin::status::ok);
  }
  struct header_edit {
    const char* name;
    std::size_t at;
    std::uint64_t value;
    unsigned bytes;
    bool fix_crc;
    langevin::status expected;
  };
  const std::uint16_t layout = access::identity<engine_type>().version;
  const header_edit edits[] = {
      // Another layout version of the same class, with or without a valid CRC (the versions
      // are read before the CRC, so an old blob is named as such whatever its CRC).
      {"layout version + 1", 8u, layout + 1u, 2u, true, langevin::status::version_mismatch},
      {"layout version - 1", 8u, layout - 1u, 2u, true, langevin::status::version_mismatch},
      {"layout version 0xFFFF, CRC stale", 8u, 0xFFFFu, 2u, false, langevin::status::version_mismatch},
      {"format version 1", 4u, 1u, 2u, true, langevin::status::version_mismatch},
      {"format version 3", 4u, 3u, 2u, true, langevin::status::version_mismatch},
      // Everything else: corrupt_data.
      {"magic", 0u, 0x4E56474Du, 4u, true, langevin::status::corrupt_data},
      {"kind of the double minimizer", 6u, access::identity<langevin::minimizer<double, 2>>().kind, 2u, true,
       langevin::status::corrupt_data},
      {"kind of euler_maruyama", 6u, access::identity<langevin::euler_maruyama<float, 2>>().kind, 2u, true,
       langevin::status::corrupt_data},
      {"reserved", 10u, 1u, 2u, true, langevin::status::corrupt_data},
      {"shape", 12u, access::identity<langevin::minimizer<float, 3>>().shape, 4u, true, langevin::status::corrupt_data},
      {"payload size", 16u, access::payload_size<engine_type>() - 4u, 4u, true, langevin::status::corrupt_data},
      {"CRC", good.size() - 4u, 0u, 4u, false, langevin::status::corrupt_data},
  };
  for (const header_edit& e : edits) {
    CAPTURE(e.name);
    static langevin::checkpoint_blob<engine_type> blob;
    blob = good;
    put_at<engine_type>(blob, e.at, e.value, e.bytes);
    if (e.fix_crc) langevin_test::fix_crc<engine_type>(blob);
    CHECK(restore_status(blob, target, unchanged) == e.expected);
    CHECK(unchanged);
  }
  // A payload no minimizer can hold under a valid CRC, and a short blob: corrupt_data.
  {
    static langevin::checkpoint_blob<engine_type> blob;
    blob = good;
    langevin_test::forge<engine_type>(blob,
                                      offsetof(langevin::detail::minimizer_core<float>, progress) +
                                          offsetof(langevin::detail::minimizer_progress<float>, phase),
                                      std::uint8_t{200});
    CHECK(restore_status(blob, target, unchanged) == langevin::status::corrupt_data);
    CHECK(unchanged);
    CHECK(langevin::restore_checkpoint(target, good.data(), good.size() - 1u) == langevin::status::corrupt_data);
  }
}
