// Power-cut and corruption harness for langevin::checkpoint_store, shared by the exhaustive
// host tests (tests/host/test_checkpoint_store_faults.cpp) and the sampled bare-metal ones
// (tests/portable/test_checkpoint_store.cpp). No heap: the caller owns one `workspace`.
//
// The device under test is a firmware loop: boot, load the newest checkpoint (or start
// fresh), run a simulated annealer and save it to the store every K steps. Every scenario
// starts from a flash image taken after the first m - 1 saves of an uninterrupted run,
// damages the m-th save (a power cut after b programmed bytes, or during its erase) or the
// finished flash (bit flips), reboots, and checks:
//  - load returns exactly the checkpoint the oracle expects: the newest one whose record
//    is fully in the flash (for a cut: save m if the flash is byte for byte what the same
//    save leaves when it is not cut, else save m - 1; for flips: the newest record without a flipped
//    checked byte), identified by its fingerprint; "none" only when no such record exists,
//    and then the object is unchanged;
//  - the resumed run (saving every K steps on) ends with the same bits as the
//    uninterrupted one, every one of its saves costs one erase, alternates slots and makes
//    no NOR-rule violation, and a last reboot loads its final checkpoint.
// Outcomes are tallied, not asserted here, so a test can also run a deliberately broken
// storage and check that the harness sees the damage (power check).
#ifndef LANGEVIN_TEST_CHECKPOINT_STORE_FAULTS_HPP
#define LANGEVIN_TEST_CHECKPOINT_STORE_FAULTS_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include <langevin/checkpoint.hpp>
#include <langevin/checkpoint_store.hpp>
#include <langevin/math.hpp>
#include <langevin/nor_flash_simulator.hpp>
#include <langevin/optimize/simulated_annealing.hpp>
#include <langevin/random/pcg32.hpp>
#include <langevin/span.hpp>

namespace store_faults {

using engine = langevin::simulated_annealer<float, 2>;
constexpr std::size_t slot_bytes = 384;  // >= the engine's record for every program unit, with an erased tail
using flash = langevin::nor_flash_simulator<slot_bytes>;
constexpr unsigned steps_per_checkpoint = 6;                          // K
constexpr unsigned checkpoints = 4;                                   // saves at steps K, 2K, ..., 4K
constexpr unsigned total_steps = (checkpoints + 1u) * steps_per_checkpoint;  // and 6 more steps
constexpr std::size_t blob_bytes = langevin::checkpoint_size<engine>;
static_assert(langevin::checkpoint_record_size<engine>(langevin::max_program_unit) <= slot_bytes, "slot fits");

// Rastrigin-like, through the library's deterministic cos_pi: same bits on every port.
struct rugged {
  float operator()(const std::array<float, 2>& x) const noexcept {
    return x[0] * x[0] + x[1] * x[1] + 20.0f - 10.0f * langevin::math::cos_pi(2.0f * x[0]) -
           10.0f * langevin::math::cos_pi(2.0f * x[1]);
  }
};

inline langevin::box<float, 2> run_box() noexcept { return {{-4.0f, -4.0f}, {4.0f, 4.0f}}; }

inline langevin::simulated_annealing_options<float> run_options(std::uint64_t seed) noexcept {
  langevin::simulated_annealing_options<float> o;
  o.max_calls = 100000u;
  o.seed = seed;
  o.initial_samples = 4u;
  return o;
}

inline void mix(std::uint32_t& h, std::uint32_t word) noexcept {
  for (unsigned k = 0; k < 4u; ++k) h = (h ^ ((word >> (8u * k)) & 0xFFu)) * 16777619u;
}

// FNV-1a over every observable of the engine (points, values, counters, scale, T).
inline std::uint32_t fingerprint(const engine& e) noexcept {
  std::uint32_t h = 2166136261u;
  for (const float v : e.current()) mix(h, langevin::math::to_bits(v));
  for (const float v : e.best()) mix(h, langevin::math::to_bits(v));
  mix(h, langevin::math::to_bits(e.current_value()));
  mix(h, langevin::math::to_bits(e.best_value()));
  mix(h, langevin::math::to_bits(e.step_size()));
  mix(h, langevin::math::to_bits(e.temperature()));
  mix(h, static_cast<std::uint32_t>(e.calls()));
  mix(h, static_cast<std::uint32_t>(e.proposals()));
  mix(h, static_cast<std::uint32_t>(e.accepted()));
  mix(h, e.initialized() ? 1u : 0u);
  return h;
}

inline bool start_fresh(engine& e) noexcept {
  return e.init(run_box(), run_options(2026u)) == langevin::status::ok;
}

inline bool advance(engine& e, unsigned steps) noexcept {
  bool ok = true;
  for (unsigned i = 0; i < steps; ++i) ok = ok && e.step(rugged{}).status == langevin::status::ok;
  return ok;
}

// Storage adaptors over a flash simulator (the store is built over one of these).
struct direct_storage {  // the flash itself
  flash* f;
  std::size_t slot_size() const noexcept { return f->slot_size(); }
  std::size_t program_unit() const noexcept { return f->program_unit(); }
  langevin::status erase(unsigned s) noexcept { return f->erase(s); }
  langevin::status program(unsigned s, std::size_t o, const unsigned char* d, std::size_t n) noexcept {
    return f->program(s, o, d, n);
  }
  langevin::status read(unsigned s, std::size_t o, unsigned char* out, std::size_t n) noexcept {
    return f->read(s, o, out, n);
  }
  const unsigned char* mapped(unsigned s) const noexcept { return f->mapped(s); }
};

struct one_slot_storage {  // broken on purpose: both slots are the same flash slot
  flash* f;
  std::size_t slot_size() const noexcept { return f->slot_size(); }
  std::size_t program_unit() const noexcept { return f->program_unit(); }
  langevin::status erase(unsigned) noexcept { return f->erase(0u); }
  langevin::status program(unsigned, std::size_t o, const unsigned char* d, std::size_t n) noexcept {
    return f->program(0u, o, d, n);
  }
  langevin::status read(unsigned, std::size_t o, unsigned char* out, std::size_t n) noexcept {
    return f->read(0u, o, out, n);
  }
};

struct ignored_commit_storage {  // broken on purpose: the commit unit always reads as written
  flash* f;
  std::size_t slot_size() const noexcept { return f->slot_size(); }
  std::size_t program_unit() const noexcept { return f->program_unit(); }
  langevin::status erase(unsigned s) noexcept { return f->erase(s); }
  langevin::status program(unsigned s, std::size_t o, const unsigned char* d, std::size_t n) noexcept {
    return f->program(s, o, d, n);
  }
  langevin::status read(unsigned s, std::size_t o, unsigned char* out, std::size_t n) noexcept {
    const langevin::status st = f->read(s, o, out, n);
    const std::size_t unit = f->program_unit();
    const std::size_t commit = (langevin::detail::store_header_size + blob_bytes + unit - 1u) / unit * unit;
    if (st == langevin::status::ok && o == commit && n == unit) {
      std::memcpy(out, langevin::detail::store_commit_pattern, unit);
    }
    return st;
  }
};

// One configuration of the flash and the store.
struct setup {
  std::size_t unit;             // program unit U
  bool mapped;                  // load straight from the flash (else through read + scratch)
  std::uint32_t first_sequence; // 1, or near 2^32 to cross the wrap-around
};

// Counts of one batch of scenarios. Everything but `cases`, `unit_boundary_cuts`,
// `completed_by_tear` and `fell_back` must stay 0.
struct tally {
  std::uint64_t cases = 0;               // scenarios run
  std::uint64_t unit_boundary_cuts = 0;  // of which power cuts between two program units
  std::uint64_t completed_by_tear = 0;   // cuts after which the torn unit holds its intended bytes: save m is complete
  std::uint64_t fell_back = 0;           // flips that destroyed the newest record: the previous one was loaded
  std::uint64_t lost = 0;                // load gave an older checkpoint (or none) while a newer intact one existed
  std::uint64_t wrong = 0;               // load gave a torn, corrupt or uncommitted checkpoint
  std::uint64_t changed_on_failure = 0;  // load failed and still changed the object
  std::uint64_t resume_mismatch = 0;     // the resumed run did not end with the uninterrupted run's bits
  std::uint64_t store_misbehaved = 0;    // a save of the resumed run failed, cost != 1 erase, did not alternate,
                                         // broke a NOR rule, or a cut save did not report storage_error
  bool clean() const noexcept {
    return lost == 0u && wrong == 0u && changed_on_failure == 0u && resume_mismatch == 0u && store_misbehaved == 0u;
  }
  void add(const tally& t) noexcept {
    cases += t.cases;
    unit_boundary_cuts += t.unit_boundary_cuts;
    completed_by_tear += t.completed_by_tear;
    fell_back += t.fell_back;
    lost += t.lost;
    wrong += t.wrong;
    changed_on_failure += t.changed_on_failure;
    resume_mismatch += t.resume_mismatch;
    store_misbehaved += t.store_misbehaved;
  }
};

// Which cut points, erase cuts and flips a batch tries: all of them (stride 1) on the host,
// a sample on bare metal.
struct plan {
  std::size_t cut_stride;        // power cut after bytes b = 0, stride, 2 stride, ...
  bool every_byte_of_last_units; // plus every b in the last two program units of the save
  std::size_t erase_stride;      // erase cut after prefixes 0, stride U, 2 stride U, ... (0: none)
  std::size_t flip_stride;       // flip bit k of each slot for k = 0, stride, 2 stride, ...
};

// Everything a batch needs, owned by the caller (static: about 6 KiB).
struct workspace {
  flash images[checkpoints + 1];              // images[m]: the flash after saves 1..m of the uninterrupted run
  flash trial;                                // the flash a scenario damages
  flash completed;                            // the same flash after the same save, not cut
  std::uint64_t save_bytes[checkpoints + 1];  // bytes programmed by save m
  std::uint32_t reference[checkpoints + 2];   // fingerprint at step c K (c = 0..checkpoints), and at the end
  engine device;
  engine spare;
  langevin::checkpoint_blob<engine> scratch;
};

inline langevin::span<unsigned char> scratch_of(workspace& w, const setup& s) noexcept {
  return s.mapped ? langevin::span<unsigned char>{} : langevin::span<unsigned char>{w.scratch.data(), w.scratch.size()};
}

// The uninterrupted run, recording fingerprints and the flash image after every save.
// False if anything in it fails (then the batch is meaningless).
template <class Storage>
bool prepare(workspace& w, const setup& s) noexcept {
  w.images[0] = flash{s.unit, s.mapped, 1u};
  w.trial = w.images[0];
  Storage storage{&w.trial};
  langevin::checkpoint_store<Storage> store{storage, s.first_sequence};
  bool ok = start_fresh(w.device);
  w.reference[0] = fingerprint(w.device);
  for (unsigned c = 1; c <= checkpoints; ++c) {
    ok = ok && advance(w.device, steps_per_checkpoint);
    w.reference[c] = fingerprint(w.device);
    const std::uint64_t before = w.trial.programmed_bytes();
    ok = ok && store.save(w.device, langevin::span<unsigned char>{w.scratch.data(), w.scratch.size()}) ==
                   langevin::status::ok;
    w.save_bytes[c] = w.trial.programmed_bytes() - before;
    w.images[c] = w.trial;
  }
  ok = ok && advance(w.device, steps_per_checkpoint);
  w.reference[checkpoints + 1] = fingerprint(w.device);
  return ok;
}

inline bool same_flash(const flash& a, const flash& b) noexcept {
  return std::memcmp(a.cells(0), b.cells(0), slot_bytes) == 0 && std::memcmp(a.cells(1), b.cells(1), slot_bytes) == 0;
}

// Index c of the reference checkpoint with this fingerprint (1..checkpoints), or -1.
inline int checkpoint_with(const workspace& w, std::uint32_t print) noexcept {
  for (unsigned c = 1; c <= checkpoints; ++c) {
    if (w.reference[c] == print) return static_cast<int>(c);
  }
  return -1;
}

// Reboots on w.trial (power restored), loads, checks the answer against `expected`
// (0: none), resumes the run to its end with saves every K steps, reboots again and loads
// the last checkpoint. Adds one case to `t`.
template <class Storage>
void reboot_and_resume(workspace& w, const setup& s, int expected, tally& t) noexcept {
  ++t.cases;
  w.trial.restore_power();
  w.trial.reset_counters();
  Storage storage{&w.trial};
  langevin::checkpoint_store<Storage> store{storage, s.first_sequence};
  // A decoy state that no checkpoint of the run has: a failed load must leave it as it is.
  bool ok = w.device.init(run_box(), run_options(77u)) == langevin::status::ok;
  const std::uint32_t decoy = fingerprint(w.device);
  const langevin::status loaded = store.load(w.device, scratch_of(w, s));
  int got = 0;
  if (loaded == langevin::status::ok) {
    got = checkpoint_with(w, fingerprint(w.device));
    if (got < 0) {
      ++t.wrong;
      return;
    }
  } else {
    if (fingerprint(w.device) != decoy) ++t.changed_on_failure;
    if (loaded != langevin::status::not_found) ++t.store_misbehaved;
  }
  if (got < expected) ++t.lost;
  if (got > expected) ++t.wrong;
  if (got == 0) ok = ok && start_fresh(w.device);
  int last_slot = store.newest_slot();
  for (unsigned c = static_cast<unsigned>(got) + 1u; c <= checkpoints; ++c) {
    ok = ok && advance(w.device, steps_per_checkpoint);
    const std::uint64_t erases = w.trial.erases();
    const bool saved = store.save(w.device, langevin::span<unsigned char>{w.scratch.data(), w.scratch.size()}) ==
                       langevin::status::ok;
    if (!saved || w.trial.erases() != erases + 1u || store.newest_slot() == last_slot || store.newest_slot() < 0) {
      ++t.store_misbehaved;
    }
    last_slot = store.newest_slot();
  }
  ok = ok && advance(w.device, steps_per_checkpoint);
  if (!ok || fingerprint(w.device) != w.reference[checkpoints + 1]) ++t.resume_mismatch;
  if (w.trial.violations() != 0u) ++t.store_misbehaved;
  langevin::checkpoint_store<Storage> again{storage, s.first_sequence};
  if (again.load(w.device, scratch_of(w, s)) != langevin::status::ok ||
      fingerprint(w.device) != w.reference[checkpoints]) {
    ++t.lost;
  }
}

// Boots on images[m - 1], loads (checkpoint m - 1, or a fresh start), runs K steps and
// starts save m with the cut armed by `arm`; the save must fail with storage_error.
// Returns the checkpoint the oracle expects after the cut.
template <class Storage, class Arm>
int cut_save(workspace& w, const setup& s, unsigned m, std::uint64_t seed, Arm arm, tally& t) noexcept {
  w.trial = w.images[m - 1u];
  w.trial.reseed_noise(seed);
  Storage storage{&w.trial};
  langevin::checkpoint_store<Storage> store{storage, s.first_sequence};
  const langevin::status loaded = store.load(w.device, scratch_of(w, s));
  bool ok = m == 1u ? loaded == langevin::status::not_found && start_fresh(w.device)
                    : loaded == langevin::status::ok && fingerprint(w.device) == w.reference[m - 1u];
  ok = ok && advance(w.device, steps_per_checkpoint);
  // The oracle's reference: the same boot and save on a copy of the flash, not cut. (Not
  // images[m]: padding bytes inside a restored object's blob may differ from the
  // uninterrupted run's, so only this save's own bytes say whether it completed.)
  w.completed = w.trial;
  Storage twin_storage{&w.completed};
  langevin::checkpoint_store<Storage> twin{twin_storage, s.first_sequence};
  static_cast<void>(twin.load(w.spare, scratch_of(w, s)));
  ok = ok && twin.save(w.device, langevin::span<unsigned char>{w.scratch.data(), w.scratch.size()}) ==
                 langevin::status::ok;
  arm(w.trial);
  ok = ok && store.save(w.device, langevin::span<unsigned char>{w.scratch.data(), w.scratch.size()}) ==
                 langevin::status::storage_error;
  if (!ok) ++t.store_misbehaved;
  if (same_flash(w.trial, w.completed)) {
    ++t.completed_by_tear;
    return static_cast<int>(m);
  }
  return static_cast<int>(m) - 1;
}

// Power cuts during every save m = 1..checkpoints: after b programmed bytes for the
// planned b in [0, bytes of the save), the rest of the torn unit filled as `fill` says
// (b a multiple of U: a cut between units; with `random` the next unit is all random).
template <class Storage>
tally power_cuts(workspace& w, const setup& s, const plan& p, langevin::torn_fill fill) noexcept {
  tally t;
  if (!prepare<Storage>(w, s)) {
    ++t.store_misbehaved;
    return t;
  }
  for (unsigned m = 1; m <= checkpoints; ++m) {
    const std::uint64_t bytes = w.save_bytes[m];
    const std::uint64_t last_units = bytes > 2u * s.unit ? bytes - 2u * s.unit : 0u;
    for (std::uint64_t b = 0; b < bytes; ++b) {
      if (b % p.cut_stride != 0u && !(p.every_byte_of_last_units && b >= last_units)) continue;
      const int expected = cut_save<Storage>(
          w, s, m, 1000u * m + b, [b, fill](flash& f) { f.cut_power_after(b, fill); }, t);
      if (b % s.unit == 0u) ++t.unit_boundary_cuts;
      reboot_and_resume<Storage>(w, s, expected, t);
    }
  }
  return t;
}

// Power cuts during the erase of every save m: the first `prefix` bytes of the slot
// erased (prefix = 0, stride U, 2 stride U, ..., slot size), the rest old or disturbed.
template <class Storage>
tally erase_cuts(workspace& w, const setup& s, const plan& p, langevin::torn_fill fill) noexcept {
  tally t;
  if (p.erase_stride == 0u) return t;
  if (!prepare<Storage>(w, s)) {
    ++t.store_misbehaved;
    return t;
  }
  for (unsigned m = 1; m <= checkpoints; ++m) {
    for (std::size_t prefix = 0; prefix <= slot_bytes; prefix += p.erase_stride * s.unit) {
      const int expected = cut_save<Storage>(
          w, s, m, 7000u * m + prefix, [prefix, fill](flash& f) { f.cut_power_during_erase(prefix, fill); }, t);
      reboot_and_resume<Storage>(w, s, expected, t);
    }
  }
  return t;
}

// Bytes of a slot record that load checks: header and blob, and the commit unit.
inline std::size_t checked_bytes(std::size_t unit) noexcept {
  return langevin::detail::store_header_size + blob_bytes + unit;
}
// Slot offset of checked byte i (0 <= i < checked_bytes).
inline std::size_t checked_offset(std::size_t i, std::size_t unit) noexcept {
  const std::size_t body = langevin::detail::store_header_size + blob_bytes;
  return i < body ? i : (body + unit - 1u) / unit * unit + (i - body);
}
inline bool is_checked(std::size_t offset, std::size_t unit) noexcept {
  const std::size_t body = langevin::detail::store_header_size + blob_bytes;
  const std::size_t commit = (body + unit - 1u) / unit * unit;
  return offset < body || (offset >= commit && offset < commit + unit);
}
// Saves alternate from slot 0, so the last one (checkpoints) is in this slot.
constexpr unsigned newest_slot_of_run = (checkpoints - 1u) % 2u;

// Single-bit flips in the finished flash (both slots hold a checkpoint): bit k of either
// slot for the planned k over the whole slot. A flip in a checked byte of the newest
// record destroys it (expected: the previous checkpoint); anywhere else, the newest stays.
template <class Storage>
tally bit_flips(workspace& w, const setup& s, const plan& p) noexcept {
  tally t;
  if (!prepare<Storage>(w, s)) {
    ++t.store_misbehaved;
    return t;
  }
  for (unsigned slot = 0; slot < 2u; ++slot) {
    for (std::size_t k = 0; k < slot_bytes * 8u; k += p.flip_stride) {
      w.trial = w.images[checkpoints];
      w.trial.flip_bit(slot, k / 8u, static_cast<unsigned>(k % 8u));
      const bool destroys_newest = slot == newest_slot_of_run && is_checked(k / 8u, s.unit);
      if (destroys_newest) ++t.fell_back;
      reboot_and_resume<Storage>(w, s, static_cast<int>(checkpoints) - (destroys_newest ? 1 : 0), t);
    }
  }
  return t;
}

// Several faults at once in the finished flash, for the planned k over the checked bits:
//  - one flipped checked bit in each slot (both records corrupt): expected none;
//  - two flipped checked bits in the newest record: expected the previous checkpoint;
//  - both slots overwritten with random bytes (k / stride-th case): expected none.
template <class Storage>
tally multiple_faults(workspace& w, const setup& s, const plan& p) noexcept {
  tally t;
  if (!prepare<Storage>(w, s)) {
    ++t.store_misbehaved;
    return t;
  }
  const std::size_t bits = checked_bytes(s.unit) * 8u;
  langevin::pcg32 noise{s.unit, 99u};
  for (std::size_t k = 0; k < bits; k += p.flip_stride) {
    const std::size_t other = (k * 7919u + 13u) % bits;
    w.trial = w.images[checkpoints];
    w.trial.flip_bit(0u, checked_offset(k / 8u, s.unit), static_cast<unsigned>(k % 8u));
    w.trial.flip_bit(1u, checked_offset(other / 8u, s.unit), static_cast<unsigned>(other % 8u));
    reboot_and_resume<Storage>(w, s, 0, t);

    const std::size_t second = (k + 1u + (k * 31u) % (bits - 1u)) % bits;
    w.trial = w.images[checkpoints];
    w.trial.flip_bit(newest_slot_of_run, checked_offset(k / 8u, s.unit), static_cast<unsigned>(k % 8u));
    w.trial.flip_bit(newest_slot_of_run, checked_offset(second / 8u, s.unit), static_cast<unsigned>(second % 8u));
    ++t.fell_back;
    reboot_and_resume<Storage>(w, s, static_cast<int>(checkpoints) - 1, t);

    w.trial = w.images[checkpoints];
    for (unsigned slot = 0; slot < 2u; ++slot) {
      for (std::size_t i = 0; i < slot_bytes; ++i) w.trial.poke(slot, i, static_cast<unsigned char>(noise() >> 24u));
    }
    reboot_and_resume<Storage>(w, s, 0, t);
  }
  return t;
}

}  // namespace store_faults

#endif
