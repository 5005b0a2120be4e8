// checkpoint_store on every port: the slot format and its checks, A/B alternation with one
// erase per save, sequence numbers across the 2^32 wrap, the NOR flash simulator's rules
// and power cuts, bad arguments and failing storage, and a sample of the power-cut and
// bit-flip scenarios that tests/host/test_checkpoint_store_faults.cpp runs exhaustively.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <type_traits>

#include <langevin/checkpoint.hpp>
#include <langevin/checkpoint_store.hpp>
#include <langevin/nor_flash_simulator.hpp>
#include <langevin/ram_slot_storage.hpp>
#include <langevin/random/pcg32.hpp>
#include <langevin/slot_storage.hpp>

#include "checkpoint_store_faults.hpp"
#include "langevin_test.hpp"

namespace {

using langevin::status;
using small_flash = langevin::nor_flash_simulator<128>;

constexpr std::size_t pcg_blob = langevin::checkpoint_size<langevin::pcg32>;

std::uint32_t sequence_in(const unsigned char* slot) { return langevin::detail::load_le32(slot + 4); }

// Rewrites the record CRC-32C of a slot in RAM after a test edited the header or the blob.
void reseal(unsigned char* slot, std::size_t blob_size) {
  const std::uint32_t crc = langevin::detail::crc32c_update(
      langevin::detail::crc32c_update(0xFFFFFFFFu, slot, 12u), slot + langevin::detail::store_header_size, blob_size);
  langevin::detail::store_le32(slot + 12, crc ^ 0xFFFFFFFFu);
}

// A storage whose reads of one slot fail (a flash that raises an ECC error there); with
// `erase_heals`, erasing that slot clears the error, as it does on ECC flash.
struct unreadable_slot_storage {
  small_flash* f;
  unsigned bad_slot;
  bool erase_heals = false;
  std::size_t slot_size() const noexcept { return f->slot_size(); }
  std::size_t program_unit() const noexcept { return f->program_unit(); }
  langevin::status erase(unsigned s) noexcept {
    if (erase_heals && s == bad_slot) bad_slot = 2u;
    return f->erase(s);
  }
  langevin::status program(unsigned s, std::size_t o, const unsigned char* d, std::size_t n) noexcept {
    return f->program(s, o, d, n);
  }
  langevin::status read(unsigned s, std::size_t o, unsigned char* out, std::size_t n) noexcept {
    return s == bad_slot ? langevin::status::invalid_argument : f->read(s, o, out, n);
  }
};

}  // namespace

// langevin::span (std::span in C++20) converts only by adding const / volatile: a span of a
// derived class is not a span of its base, whose elements are smaller.
struct span_base {
  int a;
};
struct span_derived : span_base {
  int b;
};
static_assert(!std::is_constructible<langevin::span<const span_base>, langevin::span<span_derived>>::value,
              "no span<Base> over Derived objects");
static_assert(!std::is_constructible<langevin::span<span_base>, std::array<span_derived, 2>&>::value,
              "no span<Base> over an array of Derived");
static_assert(!std::is_constructible<langevin::span<int>, const std::array<int, 2>&>::value, "const stays const");
static_assert(std::is_constructible<langevin::span<const int>, langevin::span<int>>::value, "adds const");
static_assert(std::is_constructible<langevin::span<const int>, const std::array<int, 2>&>::value, "views const");
static_assert(std::is_constructible<langevin::span<int>, std::array<int, 2>&>::value, "views an array");

TEST_CASE("CRC-32C matches the Castagnoli check value", "[checkpoint_store]") {
  const unsigned char digits[9] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
  CHECK(langevin::detail::crc32c(digits, 9u) == 0xE3069283u);
  CHECK(langevin::detail::crc32c(digits, 0u) == 0u);
  // Split updates give the same register as one pass.
  CHECK((langevin::detail::crc32c_update(langevin::detail::crc32c_update(0xFFFFFFFFu, digits, 4u), digits + 4, 5u) ^
         0xFFFFFFFFu) == 0xE3069283u);
}

TEST_CASE("sequence numbers compare in serial-number arithmetic", "[checkpoint_store]") {
  CHECK(langevin::sequence_newer(2u, 1u));
  CHECK_FALSE(langevin::sequence_newer(1u, 2u));
  CHECK(langevin::sequence_newer(0u, 0xFFFFFFFFu));
  CHECK_FALSE(langevin::sequence_newer(0xFFFFFFFFu, 0u));
  CHECK(langevin::sequence_newer(5u, 0xFFFFFFFEu));
  CHECK_FALSE(langevin::sequence_newer(7u, 7u));
  CHECK(langevin::sequence_newer(0x7FFFFFFFu, 0u));
  CHECK_FALSE(langevin::sequence_newer(0x80000000u, 0u));  // 2^31 apart: neither is newer
  CHECK_FALSE(langevin::sequence_newer(0u, 0x80000000u));
}

TEST_CASE("slot record size is header + blob, padded to the unit, + one commit unit", "[checkpoint_store]") {
  CHECK(pcg_blob == 40u);
  CHECK(langevin::checkpoint_record_size<langevin::pcg32>(1u) == 16u + 40u + 1u);
  CHECK(langevin::checkpoint_record_size<langevin::pcg32>(4u) == 56u + 4u);
  CHECK(langevin::checkpoint_record_size<langevin::pcg32>(8u) == 56u + 8u);
  CHECK(langevin::checkpoint_record_size<langevin::pcg32>(32u) == 64u + 32u);
  // No slot fits a unit that is not a power of two <= 32, or a record past SIZE_MAX.
  constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
  for (const std::size_t unit : {std::size_t{0}, std::size_t{3}, std::size_t{64}}) {
    CHECK(langevin::checkpoint_record_size(40u, unit) == none);
  }
  CHECK(langevin::checkpoint_record_size(none - 32u, 8u) == none - 7u);
  CHECK(langevin::checkpoint_record_size(none - 31u, 8u) == none);
  CHECK(langevin::checkpoint_record_size(none - 7u, 8u) == none);
  CHECK(langevin::valid_program_unit(1u));
  CHECK(langevin::valid_program_unit(32u));
  CHECK_FALSE(langevin::valid_program_unit(0u));
  CHECK_FALSE(langevin::valid_program_unit(3u));
  CHECK_FALSE(langevin::valid_program_unit(64u));
  for (std::size_t i = 0; i < langevin::max_program_unit; ++i) {
    CHECK(langevin::detail::store_commit_pattern[i] != 0xFFu);
  }
}

TEST_CASE("NOR flash simulator: erase, program once per erase, alignment, counters", "[checkpoint_store][flash]") {
  static small_flash f{8u, true, 1u};
  f = small_flash{8u, true, 1u};
  bool erased = true;
  for (std::size_t i = 0; i < 128u; ++i) erased = erased && f.cells(0)[i] == 0xFFu && f.cells(1)[i] == 0xFFu;
  CHECK(erased);
  const unsigned char data[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  CHECK(f.program(0u, 0u, data, 8u) == langevin::status::ok);
  CHECK(std::memcmp(f.cells(0), data, 8u) == 0);
  // A second program of the same unit, a misaligned range, a partial unit, a range past the slot.
  CHECK(f.program(0u, 0u, data, 8u) != langevin::status::ok);
  CHECK(f.program(0u, 12u, data, 8u) != langevin::status::ok);
  CHECK(f.program(0u, 8u, data, 4u) != langevin::status::ok);
  CHECK(f.program(1u, 128u, data, 8u) != langevin::status::ok);
  CHECK(f.violations() == 4u);
  CHECK(std::memcmp(f.cells(0), data, 8u) == 0);
  CHECK(f.cells(0)[8] == 0xFFu);
  // Programming a unit of 0xFF leaves it erased (bits are only cleared): still programmable.
  const unsigned char ones[8] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  CHECK(f.program(0u, 8u, ones, 8u) == langevin::status::ok);
  CHECK(f.program(0u, 8u, data, 8u) == langevin::status::ok);
  CHECK(f.erase(0u) == langevin::status::ok);
  CHECK((f.cells(0)[0] == 0xFFu && f.cells(0)[9] == 0xFFu));
  CHECK((f.erases(0u) == 1u && f.erases(1u) == 0u && f.program_calls() == 3u && f.programmed_bytes() == 24u));
  unsigned char out[8] = {};
  CHECK(f.program(1u, 120u, data, 8u) == langevin::status::ok);
  CHECK(f.read(1u, 120u, out, 8u) == langevin::status::ok);
  CHECK(std::memcmp(out, data, 8u) == 0);
  CHECK(f.read(1u, 121u, out, 8u) != langevin::status::ok);
  CHECK(f.mapped(1u) == f.cells(1));
  CHECK(f.mapped(2u) == nullptr);
  const small_flash unmapped{8u, false, 1u};
  CHECK(unmapped.mapped(0u) == nullptr);
  const small_flash bad_unit{3u, true, 1u};
  CHECK(bad_unit.mapped(0u) == nullptr);
}

TEST_CASE("NOR flash simulator: a power cut tears the unit being written, then everything fails",
          "[checkpoint_store][flash]") {
  static small_flash f{8u, true, 1u};
  const unsigned char data[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  unsigned char out[16] = {};
  // Mid-unit, erased: bytes 0..4 written, 5..15 still erased.
  f = small_flash{8u, true, 1u};
  f.cut_power_after(5u, langevin::torn_fill::erased);
  CHECK(f.erase(1u) == langevin::status::ok);  // no programmed byte yet: the erase proceeds
  CHECK(f.program(0u, 0u, data, 16u) != langevin::status::ok);
  CHECK_FALSE(f.powered());
  CHECK(std::memcmp(f.cells(0), data, 5u) == 0);
  bool rest_erased = true;
  for (std::size_t i = 5; i < 16u; ++i) rest_erased = rest_erased && f.cells(0)[i] == 0xFFu;
  CHECK(rest_erased);
  CHECK(f.read(0u, 0u, out, 8u) != langevin::status::ok);
  CHECK(f.erase(0u) != langevin::status::ok);
  CHECK(f.mapped(0u) == nullptr);
  f.restore_power();
  CHECK(f.powered());
  CHECK(f.read(0u, 0u, out, 8u) == langevin::status::ok);
  // Mid-unit, random: bytes 5..7 random, the next unit untouched.
  f = small_flash{8u, true, 3u};
  f.cut_power_after(5u, langevin::torn_fill::random);
  CHECK(f.program(0u, 0u, data, 16u) != langevin::status::ok);
  CHECK(std::memcmp(f.cells(0), data, 5u) == 0);
  CHECK((f.cells(0)[5] != 0xFFu || f.cells(0)[6] != 0xFFu || f.cells(0)[7] != 0xFFu));  // fixed seed 3
  CHECK((f.cells(0)[8] == 0xFFu && f.cells(0)[15] == 0xFFu));
  // Mid-unit, intended: the unit lands whole, the call still fails, the next unit is untouched.
  f = small_flash{8u, true, 3u};
  f.cut_power_after(5u, langevin::torn_fill::intended);
  CHECK(f.program(0u, 0u, data, 16u) != langevin::status::ok);
  CHECK_FALSE(f.powered());
  CHECK(std::memcmp(f.cells(0), data, 8u) == 0);
  CHECK(f.cells(0)[8] == 0xFFu);
  // Between units: erased leaves the next unit untouched; random fills all of it.
  f = small_flash{8u, true, 4u};
  f.cut_power_after(8u, langevin::torn_fill::erased);
  CHECK(f.program(0u, 0u, data, 16u) != langevin::status::ok);
  CHECK(std::memcmp(f.cells(0), data, 8u) == 0);
  CHECK(f.cells(0)[8] == 0xFFu);
  f = small_flash{8u, true, 4u};
  f.cut_power_after(8u, langevin::torn_fill::random);
  CHECK(f.program(0u, 0u, data, 8u) == langevin::status::ok);  // the cut falls in the next program call
  CHECK(f.program(0u, 8u, data + 8, 8u) != langevin::status::ok);
  CHECK(std::memcmp(f.cells(0) + 8, data + 8, 8u) != 0);
  // An erase cut: the prefix erased, the rest old (erased) or old with random bits set (random).
  f = small_flash{8u, true, 5u};
  CHECK(f.program(1u, 0u, data, 16u) == langevin::status::ok);
  f.cut_power_during_erase(8u, langevin::torn_fill::erased);
  CHECK(f.erase(1u) != langevin::status::ok);
  CHECK((f.cells(1)[0] == 0xFFu && f.cells(1)[7] == 0xFFu && std::memcmp(f.cells(1) + 8, data + 8, 8u) == 0));
  f.restore_power();
  f.cut_power_during_erase(0u, langevin::torn_fill::random);
  CHECK(f.erase(1u) != langevin::status::ok);
  bool old_bits_kept = true;
  for (std::size_t i = 8; i < 16u; ++i) old_bits_kept = old_bits_kept && (f.cells(1)[i] & data[i]) == data[i];
  CHECK(old_bits_kept);
  CHECK(f.erases(1u) == 2u);
  f.flip_bit(1u, 100u, 3u);
  CHECK(f.cells(1)[100] == 0xF7u);
}

TEST_CASE("checkpoint store in RAM: saves alternate slots, load returns the newest", "[checkpoint_store]") {
  static unsigned char memory[2 * 64];
  langevin::ram_slot_storage ram{memory, 64u, 4u};
  langevin::checkpoint_store<langevin::ram_slot_storage> store{ram};
  langevin::checkpoint_blob<langevin::pcg32> scratch{};
  langevin::pcg32 g{42u, 54u};
  CHECK(store.newest_slot() == -1);
  for (std::uint32_t n = 1; n <= 6u; ++n) {
    g();
    REQUIRE(store.save(g, scratch) == status::ok);
    CHECK(store.newest_slot() == static_cast<int>((n - 1u) % 2u));
    CHECK(store.newest_sequence() == n);
    CHECK(sequence_in(memory + 64u * ((n - 1u) % 2u)) == n);
    langevin::checkpoint_store<langevin::ram_slot_storage> rebooted{ram};
    langevin::pcg32 h{1u, 1u};
    CHECK(rebooted.load(h) == status::ok);  // mapped RAM: no scratch needed
    CHECK(h == g);
    CHECK(rebooted.newest_slot() == store.newest_slot());
    CHECK(rebooted.next_sequence() == n + 1u);
  }
  // The record: magic, sequence, size, CRC, blob, commit unit; the rest of the slot erased.
  CHECK(std::memcmp(memory + 64, "LGSL", 4u) == 0);
  CHECK(langevin::detail::load_le32(memory + 64 + 8) == pcg_blob);
  CHECK(std::memcmp(memory + 64 + 56, "COMM", 4u) == 0);
  CHECK((memory[64 + 60] == 0xFFu && memory[127] == 0xFFu));
  CHECK(ram.program(2u, 0u, memory, 4u) == langevin::status::invalid_argument);
  CHECK(ram.program(0u, 2u, memory, 4u) == langevin::status::invalid_argument);
  CHECK(ram.read(0u, 62u, scratch.data(), 4u) == langevin::status::invalid_argument);
  CHECK(ram.erase(2u) == langevin::status::invalid_argument);
}

TEST_CASE("checkpoint store: one erase per save, no NOR-rule violation, both load paths", "[checkpoint_store]") {
  for (const bool mapped : {true, false}) {
    static small_flash f{8u, true, 1u};
    f = small_flash{8u, mapped, 1u};
    langevin::checkpoint_store<small_flash> store{f};
    langevin::checkpoint_blob<langevin::pcg32> scratch{};
    langevin::pcg32 g{7u, 9u};
    for (unsigned n = 1; n <= 10u; ++n) {
      g.advance(1000u);
      const std::uint64_t erases = f.erases();
      CHECK(store.save(g, scratch) == status::ok);
      CHECK(f.erases() == erases + 1u);
    }
    CHECK((f.erases(0u) == 5u && f.erases(1u) == 5u));
    CHECK(f.violations() == 0u);
    CHECK(f.programmed_bytes() == 10u * langevin::checkpoint_record_size<langevin::pcg32>(8u));
    langevin::checkpoint_store<small_flash> rebooted{f};
    langevin::pcg32 h{1u, 1u};
    if (mapped) {
      CHECK(rebooted.load(h) == status::ok);
    } else {
      CHECK(rebooted.load(h) == status::buffer_too_small);
      CHECK(h == langevin::pcg32(1u, 1u));
      CHECK(rebooted.load(h, scratch) == status::ok);
    }
    CHECK(h == g);
  }
}

TEST_CASE("checkpoint store: empty or garbage storage has no checkpoint and changes nothing", "[checkpoint_store]") {
  static unsigned char memory[2 * 64];
  langevin::ram_slot_storage ram{memory, 64u, 1u};
  CHECK(ram.erase(0u) == langevin::status::ok);
  CHECK(ram.erase(1u) == langevin::status::ok);
  const langevin::pcg32 before{3u, 4u};
  langevin::pcg32 g = before;
  langevin::checkpoint_store<langevin::ram_slot_storage> store{ram};
  CHECK(store.load(g) == status::not_found);
  CHECK(g == before);
  CHECK(store.newest_slot() == -1);
  langevin::pcg32 noise{11u, 12u};
  for (unsigned char& c : memory) c = static_cast<unsigned char>(noise() >> 24u);
  CHECK(store.load(g) == status::not_found);
  CHECK(g == before);
  // A save then lands in slot 0.
  langevin::checkpoint_blob<langevin::pcg32> scratch{};
  CHECK(store.save(g, scratch) == status::ok);
  CHECK(store.newest_slot() == 0);
}

TEST_CASE("checkpoint store: bad scratch buffers and storage geometry are refused before any erase",
          "[checkpoint_store]") {
  static small_flash f{8u, false, 1u};
  f = small_flash{8u, false, 1u};
  langevin::checkpoint_store<small_flash> store{f};
  const langevin::pcg32 g{1u, 2u};
  unsigned char short_buffer[pcg_blob - 1u] = {};
  CHECK(store.save(g, short_buffer) == status::buffer_too_small);
  CHECK(store.save(g, langevin::span<unsigned char>{}) == status::buffer_too_small);
  langevin::pcg32 h = g;
  CHECK(store.load(h, short_buffer) == status::buffer_too_small);
  CHECK(f.erases() == 0u);
  // A slot too small for the record, and program units the store does not support.
  static langevin::nor_flash_simulator<56> tiny{8u, true, 1u};  // a pcg32 record needs 64 bytes at U = 8
  langevin::checkpoint_store<langevin::nor_flash_simulator<56>> tiny_store{tiny};
  langevin::checkpoint_blob<langevin::pcg32> scratch{};
  CHECK(tiny_store.save(g, scratch) == status::invalid_argument);
  CHECK(tiny_store.load(h, scratch) == status::invalid_argument);
  static unsigned char memory[2 * 256];
  for (const std::size_t unit : {std::size_t{0u}, std::size_t{3u}, std::size_t{64u}}) {
    langevin::ram_slot_storage odd{memory, 256u, unit};
    langevin::checkpoint_store<langevin::ram_slot_storage> odd_store{odd};
    CHECK(odd_store.save(g, scratch) == status::invalid_argument);
    CHECK(odd_store.load(h, scratch) == status::invalid_argument);
  }
  CHECK(tiny.erases() == 0u);
  CHECK(h == g);
}

TEST_CASE("checkpoint store: sequence numbers wrap around 2^32 and the newest still wins", "[checkpoint_store]") {
  static unsigned char memory[2 * 64];
  langevin::ram_slot_storage ram{memory, 64u, 4u};
  CHECK(ram.erase(0u) == langevin::status::ok);
  CHECK(ram.erase(1u) == langevin::status::ok);
  langevin::checkpoint_store<langevin::ram_slot_storage> store{ram, 0xFFFFFFFDu};
  langevin::checkpoint_blob<langevin::pcg32> scratch{};
  langevin::pcg32 g{5u, 6u};
  const std::uint32_t expected[6] = {0xFFFFFFFDu, 0xFFFFFFFEu, 0xFFFFFFFFu, 0u, 1u, 2u};
  for (const std::uint32_t sequence : expected) {
    g();
    REQUIRE(store.save(g, scratch) == status::ok);
    CHECK(store.newest_sequence() == sequence);
    langevin::checkpoint_store<langevin::ram_slot_storage> rebooted{ram};
    langevin::pcg32 h{1u, 1u};
    CHECK(rebooted.load(h) == status::ok);
    CHECK(h == g);
    CHECK(rebooted.newest_sequence() == sequence);
  }
  // Slot 0 holds 1, slot 1 holds 2; make slot 0 hold 0xFFFFFFFF (older than 2 across the wrap).
  CHECK(sequence_in(memory) == 1u);
  langevin::detail::store_le32(memory + 4, 0xFFFFFFFFu);
  reseal(memory, pcg_blob);
  langevin::checkpoint_store<langevin::ram_slot_storage> wrap{ram};
  langevin::pcg32 h{1u, 1u};
  CHECK(wrap.load(h) == status::ok);
  CHECK(wrap.newest_slot() == 1);
  CHECK(wrap.next_sequence() == 3u);
  // 2^31 apart: neither is newer, and the tie goes to slot 0.
  langevin::detail::store_le32(memory + 4, 0x80000002u);
  reseal(memory, pcg_blob);
  langevin::checkpoint_store<langevin::ram_slot_storage> tie{ram};
  CHECK(tie.load(h) == status::ok);
  CHECK(tie.newest_slot() == 0);
}

TEST_CASE("checkpoint store: a blob the object refuses is skipped for the older slot, which the next save spares",
          "[checkpoint_store]") {
  static unsigned char memory[2 * 64];
  langevin::ram_slot_storage ram{memory, 64u, 1u};
  langevin::checkpoint_store<langevin::ram_slot_storage> store{ram};
  langevin::checkpoint_blob<langevin::pcg32> scratch{};
  const langevin::pcg32 first{100u, 1u};
  const langevin::pcg32 second{200u, 1u};
  REQUIRE(store.save(first, scratch) == status::ok);   // slot 0
  REQUIRE(store.save(second, scratch) == status::ok);  // slot 1
  // Damage a payload byte of slot 1 and re-seal the slot's own CRC: the store's checks pass,
  // the blob's CRC-32 (checked by restore_checkpoint) does not.
  memory[64 + 16 + 20] = static_cast<unsigned char>(memory[64 + 16 + 20] ^ 0x10u);
  reseal(memory + 64, pcg_blob);
  langevin::checkpoint_store<langevin::ram_slot_storage> rebooted{ram};
  langevin::pcg32 g{1u, 1u};
  CHECK(rebooted.load(g) == status::ok);
  CHECK(g == first);
  CHECK(rebooted.newest_slot() == 0);
  CHECK(rebooted.next_sequence() == 3u);  // past the newest intact record
  const langevin::pcg32 third{300u, 1u};
  REQUIRE(rebooted.save(third, scratch) == status::ok);
  CHECK(rebooted.newest_slot() == 1);
  langevin::checkpoint_store<langevin::ram_slot_storage> again{ram};
  CHECK(again.load(g) == status::ok);
  CHECK(g == third);
}

TEST_CASE("checkpoint store: a checkpoint of another type is not loaded and not overwritten first",
          "[checkpoint_store]") {
  static langevin::nor_flash_simulator<512> f{8u, true, 1u};
  using engine = store_faults::engine;
  static engine annealer;
  static langevin::checkpoint_blob<engine> big_scratch;
  langevin::checkpoint_blob<langevin::pcg32> scratch{};
  REQUIRE(store_faults::start_fresh(annealer));
  const std::uint32_t saved_print = store_faults::fingerprint(annealer);
  langevin::checkpoint_store<langevin::nor_flash_simulator<512>> store{f};
  REQUIRE(store.save(annealer, big_scratch) == status::ok);  // slot 0, sequence 1
  const langevin::pcg32 g{9u, 9u};
  REQUIRE(store.save(g, scratch) == status::ok);  // slot 1, sequence 2
  langevin::checkpoint_store<langevin::nor_flash_simulator<512>> rebooted{f};
  REQUIRE(store_faults::advance(annealer, 3u));
  CHECK(rebooted.load(annealer) == status::ok);  // the older slot: the newer one holds a pcg32
  CHECK(store_faults::fingerprint(annealer) == saved_print);
  CHECK(rebooted.newest_slot() == 0);
  REQUIRE(rebooted.save(annealer, big_scratch) == status::ok);
  CHECK(rebooted.newest_slot() == 1);  // replaced the pcg32, kept the annealer's checkpoint
  CHECK(rebooted.newest_sequence() == 3u);
  langevin::pcg32 h{1u, 1u};
  langevin::checkpoint_store<langevin::nor_flash_simulator<512>> third{f};
  CHECK(third.load(h) == status::not_found);
  CHECK(h == langevin::pcg32(1u, 1u));
}

TEST_CASE("checkpoint store: an unreadable slot is skipped by load and stops a save", "[checkpoint_store]") {
  static small_flash f{8u, false, 1u};
  f = small_flash{8u, false, 1u};
  langevin::checkpoint_blob<langevin::pcg32> scratch{};
  const langevin::pcg32 g{21u, 3u};
  {
    langevin::checkpoint_store<small_flash> store{f};
    REQUIRE(store.save(g, scratch) == status::ok);  // slot 0
  }
  unreadable_slot_storage bad1{&f, 1u};
  langevin::checkpoint_store<unreadable_slot_storage> store1{bad1};
  langevin::pcg32 h{1u, 1u};
  CHECK(store1.load(h, scratch) == status::ok);
  CHECK(h == g);
  unreadable_slot_storage bad0{&f, 0u};
  langevin::checkpoint_store<unreadable_slot_storage> store0{bad0};
  langevin::pcg32 k{1u, 1u};
  CHECK(store0.load(k, scratch) == status::storage_error);
  CHECK(k == langevin::pcg32(1u, 1u));
  const std::uint64_t erases = f.erases();
  CHECK(store0.save(g, scratch) == status::storage_error);  // which slot to spare is unknown
  CHECK(f.erases() == erases);
}

TEST_CASE("checkpoint store: an unreadable slot next to an intact one is the slot the next save rewrites",
          "[checkpoint_store]") {
  // ECC flash after a power cut tore a unit of slot 1: reading it fails until it is erased.
  static small_flash f{8u, false, 1u};
  f = small_flash{8u, false, 1u};
  langevin::checkpoint_blob<langevin::pcg32> scratch{};
  const langevin::pcg32 first{21u, 3u};
  const langevin::pcg32 second{22u, 3u};
  {
    langevin::checkpoint_store<small_flash> store{f};
    REQUIRE(store.save(first, scratch) == status::ok);  // slot 0
  }
  for (const bool load_first : {true, false}) {
    unreadable_slot_storage torn{&f, 1u, true};
    langevin::checkpoint_store<unreadable_slot_storage> store{torn};
    if (load_first) {
      langevin::pcg32 h{1u, 1u};
      REQUIRE(store.load(h, scratch) == status::ok);
      CHECK(h == first);
    }
    CHECK(store.save(second, scratch) == status::ok);
    CHECK(store.newest_slot() == 1);
    CHECK(torn.bad_slot == 2u);  // slot 1 was erased
    langevin::checkpoint_store<small_flash> reboot{f};
    langevin::pcg32 k{1u, 1u};
    CHECK(reboot.load(k, scratch) == status::ok);
    CHECK(k == second);
    CHECK(reboot.newest_slot() == 1);
    // Put `first` back alone in slot 0 for the next round.
    REQUIRE(f.erase(1u) == status::ok);
  }
}

TEST_CASE("checkpoint store: a sample of power cuts, erase cuts and bit flips loses nothing",
          "[checkpoint_store][faults]") {
  static store_faults::workspace work;
  using store_faults::direct_storage;
  const store_faults::plan sample{5u, true, 4u, 23u};  // 992 cases with format 2 blobs
  store_faults::tally total;
  const store_faults::setup flash_wrap{4u, true, 0xFFFFFFFEu};
  const store_faults::setup flash_read{8u, false, 1u};
  total.add(store_faults::power_cuts<direct_storage>(work, flash_wrap, sample, langevin::torn_fill::random));
  total.add(store_faults::power_cuts<direct_storage>(work, flash_read, sample, langevin::torn_fill::erased));
  total.add(store_faults::erase_cuts<direct_storage>(work, flash_read, sample, langevin::torn_fill::random));
  total.add(store_faults::bit_flips<direct_storage>(work, flash_wrap, sample));
  total.add(store_faults::multiple_faults<direct_storage>(work, flash_read, {1u, false, 0u, 53u}));
  CHECK(total.clean());
  CHECK(total.lost == 0u);
  CHECK(total.wrong == 0u);
  CHECK(total.resume_mismatch == 0u);
  CHECK(total.cases == 992u);  // the sample ran in full (the count follows from the record size)
  CHECK(total.fell_back > 0u);
}
