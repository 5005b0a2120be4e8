// checkpoint_store under power cuts and corruption, exhaustively (tests/support/
// checkpoint_store_faults.hpp describes the scenarios and the oracle): a power cut after
// every byte of every save, for program units 1..32 bytes, torn units left erased, random
// or (power lost just after the unit landed) fully written, loads from mapped flash and
// through read(), sequence numbers from 1 and across
// the 2^32 wrap; a cut during the erase at every unit boundary; every single-bit flip of
// both slots; two-slot and double faults. In every case load must return the newest
// checkpoint still fully in the flash (or none), and the resumed run must end with the
// uninterrupted run's bits. Each test prints its counts (the README's reliability table).
// The last test case runs the same harness on two deliberately broken storages and
// checks that it reports the damage.
#include <cstdint>
#include <cstdio>

#include <langevin/checkpoint_store.hpp>
#include <langevin/nor_flash_simulator.hpp>

#include <langevin/ram_slot_storage.hpp>

#include "allocation_counter.hpp"
#include "checkpoint_store_faults.hpp"
#include "langevin_test.hpp"

namespace {

using store_faults::direct_storage;
using store_faults::plan;
using store_faults::setup;
using store_faults::tally;

store_faults::workspace work;

constexpr std::uint32_t near_wrap = 0xFFFFFFFEu;  // saves 1..4 get 0xFFFFFFFE, 0xFFFFFFFF, 0, 1
constexpr plan everything{1u, false, 1u, 1u};
constexpr std::size_t all_units[] = {1u, 2u, 4u, 8u, 16u, 32u};
constexpr std::size_t flash_units[] = {4u, 8u};

void print(const char* what, const tally& t) {
  std::printf(
      "checkpoint store %s: %llu cases (%llu cuts between units, %llu torn units that completed the save, %llu "
      "newest records destroyed -> previous loaded); lost %llu, wrong %llu, changed on failure %llu, resume "
      "mismatch %llu, store misbehaved %llu\n",
      what, static_cast<unsigned long long>(t.cases), static_cast<unsigned long long>(t.unit_boundary_cuts),
      static_cast<unsigned long long>(t.completed_by_tear), static_cast<unsigned long long>(t.fell_back),
      static_cast<unsigned long long>(t.lost), static_cast<unsigned long long>(t.wrong),
      static_cast<unsigned long long>(t.changed_on_failure), static_cast<unsigned long long>(t.resume_mismatch),
      static_cast<unsigned long long>(t.store_misbehaved));
}

}  // namespace

TEST_CASE("checkpoint store: a power cut after every byte of every save loses nothing", "[checkpoint_store][faults]") {
  tally total;
  std::uint64_t expected_cases = 0;
  for (const std::size_t unit : all_units) {
    for (const bool mapped : {true, false}) {
      for (const std::uint32_t first : {1u, near_wrap}) {
        for (const langevin::torn_fill fill :
             {langevin::torn_fill::erased, langevin::torn_fill::random, langevin::torn_fill::intended}) {
          const setup s{unit, mapped, first};
          const tally t = store_faults::power_cuts<direct_storage>(work, s, everything, fill);
          CHECK(t.clean());
          // A cut at any of the U bytes of the commit unit (or just before it) after which the
          // unit still lands completes save m: the oracle then expects m, and load gives it.
          if (fill == langevin::torn_fill::intended) {
            CHECK(t.completed_by_tear == store_faults::checkpoints * unit);
          }
          // Each save programs exactly its record: header, blob, padding, commit unit.
          for (unsigned m = 1; m <= store_faults::checkpoints; ++m) {
            CHECK(work.save_bytes[m] == langevin::checkpoint_record_size<store_faults::engine>(unit));
          }
          expected_cases += store_faults::checkpoints * langevin::checkpoint_record_size<store_faults::engine>(unit);
          total.add(t);
        }
      }
    }
  }
  CHECK(total.cases == expected_cases);
  CHECK(total.clean());
  print("power cut after every programmed byte", total);
}

TEST_CASE("checkpoint store: a power cut during the erase of a save loses nothing", "[checkpoint_store][faults]") {
  tally total;
  for (const std::size_t unit : all_units) {
    for (const bool mapped : {true, false}) {
      for (const langevin::torn_fill fill : {langevin::torn_fill::erased, langevin::torn_fill::random}) {
        const tally t = store_faults::erase_cuts<direct_storage>(work, setup{unit, mapped, 1u}, everything, fill);
        CHECK(t.clean());
        CHECK(t.cases == store_faults::checkpoints * (store_faults::slot_bytes / unit + 1u));
        total.add(t);
      }
    }
  }
  CHECK(total.clean());
  print("power cut during erase at every unit boundary", total);
}

TEST_CASE("checkpoint store: every single-bit flip of either slot is caught", "[checkpoint_store][faults]") {
  tally total;
  for (const std::size_t unit : flash_units) {
    for (const bool mapped : {true, false}) {
      for (const std::uint32_t first : {1u, near_wrap}) {
        const tally t = store_faults::bit_flips<direct_storage>(work, setup{unit, mapped, first}, everything);
        CHECK(t.clean());
        CHECK(t.cases == 2u * store_faults::slot_bytes * 8u);
        CHECK(t.fell_back == store_faults::checked_bytes(unit) * 8u);
        total.add(t);
      }
    }
  }
  CHECK(total.clean());
  print("single-bit flips", total);
}

TEST_CASE("checkpoint store: both slots corrupt, double flips and garbage", "[checkpoint_store][faults]") {
  tally total;
  for (const std::size_t unit : flash_units) {
    for (const bool mapped : {true, false}) {
      const tally t = store_faults::multiple_faults<direct_storage>(work, setup{unit, mapped, near_wrap}, everything);
      CHECK(t.clean());
      CHECK(t.cases == 3u * store_faults::checked_bytes(unit) * 8u);
      total.add(t);
    }
  }
  CHECK(total.clean());
  print("both slots corrupt / double flips / garbage", total);
}

// Power check: the harness must see the damage a broken store would do. With both slots
// mapped onto one, a cut save destroys the only checkpoint (lost); with the commit unit
// ignored, a save cut after its body but before its commit unit is loaded (wrong).
TEST_CASE("checkpoint store fault harness detects a one-slot store and a missing commit rule",
          "[checkpoint_store][faults][power]") {
  const plan sample{1u, false, 0u, 1u};
  const tally one_slot = store_faults::power_cuts<store_faults::one_slot_storage>(
      work, setup{8u, false, 1u}, sample, langevin::torn_fill::erased);
  CHECK(one_slot.lost > 0u);
  const tally no_commit = store_faults::power_cuts<store_faults::ignored_commit_storage>(
      work, setup{8u, false, 1u}, sample, langevin::torn_fill::erased);
  CHECK(no_commit.wrong > 0u);
  // The same configuration with the honest storage is clean (so the difference is the breakage).
  const tally honest =
      store_faults::power_cuts<direct_storage>(work, setup{8u, false, 1u}, sample, langevin::torn_fill::erased);
  CHECK(honest.clean());
  print("power check, one slot", one_slot);
  print("power check, commit ignored", no_commit);
}

TEST_CASE("checkpoint store saves and loads without a heap allocation", "[checkpoint_store][no_heap]") {
  static unsigned char memory[2 * store_faults::slot_bytes];
  static store_faults::flash flash{8u, false, 1u};
  static store_faults::engine engine;
  static langevin::checkpoint_blob<store_faults::engine> scratch;
  REQUIRE(store_faults::start_fresh(engine));
  langevin::ram_slot_storage ram{memory, store_faults::slot_bytes, 4u};
  langevin::status results[6] = {};
  std::size_t allocations = 0;
  {
    langevin_test::allocation_scope scope;
    langevin::checkpoint_store<langevin::ram_slot_storage> in_ram{ram};
    langevin::checkpoint_store<store_faults::flash> in_flash{flash};
    results[0] = in_ram.save(engine, scratch);
    results[1] = in_ram.save(engine, scratch);
    results[2] = in_ram.load(engine);
    results[3] = in_flash.save(engine, scratch);
    results[4] = in_flash.save(engine, scratch);
    results[5] = in_flash.load(engine, scratch);
    allocations = scope.allocations();
  }
  for (const langevin::status r : results) CHECK(r == langevin::status::ok);
  CHECK(allocations == 0u);
}
