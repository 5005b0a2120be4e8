/// \file
/// `checkpoint_store`: checkpoints that survive a power cut. Two slots of caller-provided
/// non-volatile storage (slot_storage.hpp: a flash page each, backup RAM, ...) take turns:
/// a save writes the slot that does not hold the newest valid checkpoint and makes it
/// valid with its very last write, so a reset at any moment of a save leaves the previous
/// checkpoint loadable; a load returns the newest checkpoint that passes every check.
///
/// Slot format (integers little-endian; U = the storage's program unit, B = the blob size):
///
///     offset        size  field
///     0             4     record magic "LGSL" (0x4C 0x47 0x53 0x4C)
///     4             4     sequence number s (serial-number arithmetic, RFC 1982: wraps)
///     8             4     blob size B
///     12            4     CRC-32C (Castagnoli) of bytes [0, 12) followed by the B blob bytes
///     16            B     the blob, as save_checkpoint() writes it (checkpoint.hpp)
///     16 + B        pad   0xFF up to C = the next multiple of U
///     C             U     commit unit: the first U bytes of "COMMIT: langevin checkpoint slot"
///
/// The record takes `checkpoint_record_size<T>(U)` bytes; the rest of the slot stays erased.
///
/// Save: one erase of the target slot, then the bytes [0, C) in ascending order, then the
/// commit unit alone, then a read-back check. Why a torn save never looks committed:
///  - A cut before the commit unit leaves it erased (0xFF), and no byte of the commit
///    pattern is 0xFF. A cut inside it leaves it different from the pattern unless the
///    interrupted unit happens to hold exactly the pattern, and then the slot is byte for
///    byte a completed save (everything else was written before the commit unit started):
///    it holds the new checkpoint, intact. Nothing else passes: the commit check is an
///    exact comparison, not a checksum.
///  - An interrupted erase leaves the old record of that slot (older than the other
///    slot's) or a slot whose CRC fails.
///  - Bit flips and garbage: the magic, the CRC-32C over the header and the blob (it
///    detects every single-bit error and every burst of up to 32 bits; random damage passes
///    with probability 2^-32), the commit unit, then the blob's own magic, version, kind,
///    shape, size, CRC-32 and the object's validation (restore_checkpoint). Padding bytes
///    are not checked: they carry nothing.
/// Load: both slots are checked; the valid ones are tried newest first (s1 is newer than
/// s2 when (s1 - s2) mod 2^32 is in [1, 2^31); the two slots' numbers differ by 1 in normal
/// use, and a tie resolves to slot 0). The first whose blob restores wins; a blob of
/// another type, size or format version is skipped. With no valid slot, load says so and
/// changes nothing.
///
/// Residual risk on real hardware (no simulation can show it): a flash unit whose program
/// was cut near its end may read back as fully programmed and later drift. The store
/// cannot see that; flash with ECC reports such a unit when it is read (slot_storage.hpp).
///
/// Memory and work: the store holds a pointer to the storage, two slot records, a slot
/// number and three sequence numbers (44 bytes on Cortex-M; no heap; the checkpointed
/// objects know nothing of it). A save needs a caller-provided scratch buffer of
/// checkpoint_size<T> bytes for the blob; a load needs one only when the storage is not
/// memory-mapped (the blob is then read into it and checked there). Stack: the store's own
/// frames take at most 160 bytes on Cortex-M4/M3 at -O3 (ram_slot_storage inlined; 208
/// with the NOR flash simulator inlined), plus save_checkpoint / restore_checkpoint and
/// what the storage's calls need. Work per call is bounded: save: 1 erase, ceil(C / 32) + 1
/// program calls, and reads of at most 3 records (1 when the store already knows the
/// newest slot); load: reads of at most 4 records and up to 2 restore_checkpoint calls.
/// CRCs take two 16-entry table steps per byte.
#ifndef LANGEVIN_CHECKPOINT_STORE_HPP
#define LANGEVIN_CHECKPOINT_STORE_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

#include "config.hpp"
#include "checkpoint.hpp"
#include "detail/narrow.hpp"
#include "slot_storage.hpp"
#include "span.hpp"
#include "status.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

namespace detail {

constexpr std::size_t store_header_size = 16u;
constexpr unsigned char store_magic[4] = {0x4Cu, 0x47u, 0x53u, 0x4Cu};  // "LGSL"
/// Commit pattern; no byte is 0xFF (erased) or 0x00.
constexpr unsigned char store_commit_pattern[max_program_unit + 1u] = "COMMIT: langevin checkpoint slot";
static_assert(store_commit_pattern[max_program_unit - 1u] == 't', "the pattern fills max_program_unit bytes");
/// Bytes the store reads or writes at a time through its stack buffer.
constexpr std::size_t store_chunk_size = 32u;
static_assert(store_chunk_size % max_program_unit == 0u, "a chunk holds whole program units");

/// CRC-32C, reflected polynomial 0x82F63B78, four bits per table step.
constexpr std::uint32_t crc32c_nibble(std::uint32_t nibble) noexcept {
  std::uint32_t crc = nibble;
  for (int bit = 0; bit < 4; ++bit) crc = (crc >> 1u) ^ ((crc & 1u) != 0u ? 0x82F63B78u : 0u);
  return crc;
}
constexpr std::array<std::uint32_t, 16> make_crc32c_table() noexcept {
  std::array<std::uint32_t, 16> table{};
  for (std::uint32_t i = 0; i < 16u; ++i) table[i] = crc32c_nibble(i);
  return table;
}
inline constexpr std::array<std::uint32_t, 16> crc32c_table = make_crc32c_table();

/// Continues a CRC-32C register over data[0, size); start with 0xFFFFFFFF and xor the
/// result with 0xFFFFFFFF.
constexpr std::uint32_t crc32c_update(std::uint32_t crc, const unsigned char* data, std::size_t size) noexcept {
  for (std::size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    crc = (crc >> 4u) ^ crc32c_table[crc & 0xFu];
    crc = (crc >> 4u) ^ crc32c_table[crc & 0xFu];
  }
  return crc;
}

/// CRC-32C of data[0, size) (check value of "123456789": 0xE3069283).
constexpr std::uint32_t crc32c(const unsigned char* data, std::size_t size) noexcept {
  return crc32c_update(0xFFFFFFFFu, data, size) ^ 0xFFFFFFFFu;
}

constexpr std::uint32_t load_le32(const unsigned char* p) noexcept {
  return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8u) |
         (static_cast<std::uint32_t>(p[2]) << 16u) | (static_cast<std::uint32_t>(p[3]) << 24u);
}
constexpr void store_le32(unsigned char* p, std::uint32_t v) noexcept {
  for (unsigned i = 0; i < 4u; ++i) p[i] = static_cast<unsigned char>(v >> (8u * i));
}

constexpr std::size_t round_up(std::size_t n, std::size_t unit) noexcept { return (n + unit - 1u) / unit * unit; }

}  // namespace detail

/// True if sequence number `a` is newer than `b` in serial-number arithmetic (RFC 1982):
/// (a - b) mod 2^32 in [1, 2^31). Neither is newer when they are equal or 2^31 apart.
constexpr bool sequence_newer(std::uint32_t a, std::uint32_t b) noexcept {
  const std::uint32_t distance = a - b;
  return distance != 0u && distance < 0x80000000u;
}

/// Bytes of the slot record of a blob of `blob_size` bytes for program unit `unit` (a
/// power of two <= max_program_unit): header, blob, padding, commit unit; the minimum slot
/// size. SIZE_MAX (no slot fits) for any other unit, or if the record would not be
/// representable (blob_size > SIZE_MAX - 16 - 2 unit).
constexpr std::size_t checkpoint_record_size(std::size_t blob_size, std::size_t unit) noexcept {
  constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
  if (!valid_program_unit(unit) || blob_size > none - detail::store_header_size - 2u * unit) return none;
  return detail::round_up(detail::store_header_size + blob_size, unit) + unit;
}

/// Bytes of the slot record of a `T` for program unit `unit` (a power of two <= 32).
template <class T>
constexpr std::size_t checkpoint_record_size(std::size_t unit) noexcept {
  return checkpoint_record_size(checkpoint_size<T>, unit);
}

/// The A/B checkpoint store over two slots of `Storage` (see the file comment and
/// slot_storage.hpp). Holds a pointer to the storage, which must outlive it; the store is
/// trivially copyable and may live in `.bss`. One store per pair of slots, and nothing
/// else may write those slots while it is in use.
///
/// Typical firmware use:
///
///     static langevin::checkpoint_blob<engine> scratch;
///     langevin::checkpoint_store<flash_pages> store{pages};
///     if (store.load(engine, scratch) != langevin::status::ok) engine.init(...);  // fresh start
///     for (...) { step; if (n % K == 0) store.save(engine, scratch); }
template <class Storage>
class checkpoint_store {
  static_assert(is_slot_storage<Storage>::value,
                "checkpoint_store: Storage needs slot_size(), program_unit(), erase(), program(), read() "
                "(see slot_storage.hpp)");

 public:
  /// A store over `storage`. `first_sequence` numbers the first save into storage that
  /// holds no valid record (leave it at 1; tests set it near 2^32 to reach the wrap-around).
  explicit checkpoint_store(Storage& storage, std::uint32_t first_sequence = 1u) noexcept
      : storage_(&storage), first_sequence_(first_sequence), next_sequence_(first_sequence) {}

  /// Saves `object` as the newest checkpoint: writes its blob into scratch[0,
  /// checkpoint_size<T>), erases the slot that does not hold the newest valid checkpoint
  /// (the one the last load or save of this store used; before any, the slot of the newest
  /// intact record of any type), writes the record with the next sequence number, commit
  /// unit last, and reads it back. Returns ok only if the slot reads back intact; on any
  /// other status the other slot is untouched, and the next save retries the same slot.
  /// Costs at most one erase (none if the arguments or the storage fail first, or if a
  /// slot cannot be read while neither holds an intact record: which slot to spare is then
  /// unknown). A slot that cannot be read next to an intact one is the slot rewritten.
  template <class T>
  status save(const T& object, span<unsigned char> scratch) noexcept {
    constexpr std::size_t blob_size = checkpoint_size<T>;
    static_assert(blob_size <= std::numeric_limits<std::uint32_t>::max(), "blob size fits the 32-bit field");
    if (!fits(blob_size)) return status::invalid_argument;
    if (scratch.data() == nullptr || scratch.size() < blob_size) return status::buffer_too_small;
    if (save_checkpoint(object, scratch.data(), blob_size) != status::ok) return status::buffer_too_small;
    if (!surveyed_) static_cast<void>(survey());
    if (!surveyed_) return status::storage_error;
    const unsigned target = newest_slot_ == 0 ? 1u : 0u;
    const std::uint32_t sequence = next_sequence_;
    if (storage_->erase(target) != status::ok) return status::storage_error;
    if (!write_record(target, sequence, scratch.data(), blob_size)) return status::storage_error;
    const slot_record check = inspect(target, nullptr, 0u);
    if (!check.intact || check.sequence != sequence || check.blob_size != blob_size) {
      return status::storage_error;
    }
    newest_slot_ = static_cast<signed char>(target);
    newest_sequence_ = sequence;
    next_sequence_ = sequence + 1u;
    return status::ok;
  }

  /// Restores `object` from the newest valid checkpoint of type T. A slot counts only if
  /// its magic, CRC-32C and commit unit check and restore_checkpoint accepts its blob
  /// (magic, format version, kind, shape, size, CRC-32, the object's own validation); the
  /// newer slot is tried first, then the older. `scratch` (checkpoint_size<T> bytes)
  /// receives the blob when the storage is not memory-mapped, and may be empty when it is.
  /// Returns ok, or not_found / buffer_too_small / invalid_argument (unusable storage) / storage_error with
  /// `object` unchanged. Also tells the store which slot the next save must spare.
  template <class T>
  status load(T& object, span<unsigned char> scratch) noexcept {
    constexpr std::size_t blob_size = checkpoint_size<T>;
    if (!fits(blob_size)) return status::invalid_argument;
    const bool mapped = mapped_slot(*storage_, 0u) != nullptr && mapped_slot(*storage_, 1u) != nullptr;
    if (!mapped && (scratch.data() == nullptr || scratch.size() < blob_size)) return status::buffer_too_small;
    const bool readable = survey();
    const slot_record* const records = last_survey_;
    unsigned order[2] = {0u, 1u};
    if (!records[0].intact || (records[1].intact && sequence_newer(records[1].sequence, records[0].sequence))) {
      order[0] = 1u;
      order[1] = 0u;
    }
    for (const unsigned slot : order) {
      const slot_record r = records[slot];
      if (!r.intact || r.blob_size != blob_size) continue;
      const unsigned char* blob = nullptr;
      if (mapped) {
        blob = mapped_slot(*storage_, slot) + detail::store_header_size;
      } else {
        const slot_record copied = inspect(slot, scratch.data(), blob_size);
        if (!copied.intact || copied.sequence != r.sequence || copied.blob_size != blob_size) continue;
        blob = scratch.data();
      }
      if (restore_checkpoint(object, blob, blob_size) == status::ok) {
        newest_slot_ = static_cast<signed char>(slot);
        newest_sequence_ = r.sequence;
        return status::ok;
      }
    }
    return readable ? status::not_found : status::storage_error;
  }

  /// Load from memory-mapped storage, with no scratch buffer (buffer_too_small if the
  /// storage is not mapped).
  template <class T>
  status load(T& object) noexcept {
    return load(object, span<unsigned char>{});
  }

  /// The slot the next save leaves alone: the one of the checkpoint last saved or loaded
  /// (after a load that found none of its type: the newest intact record of any type), or
  /// -1 if the store knows of none. The next save writes the other slot (slot 0 if -1).
  /// Before the first load or save the store has not read the slots: -1, and the first
  /// save surveys them first (so it may spare slot 0 and write slot 1).
  int newest_slot() const noexcept { return newest_slot_; }
  /// Sequence number of the record in newest_slot() (meaningless if it is -1).
  std::uint32_t newest_sequence() const noexcept { return newest_sequence_; }
  /// Sequence number the next save will write; before the first load or save, the
  /// constructor's first sequence number, which the first save replaces by the newest
  /// intact record's + 1 if there is one.
  std::uint32_t next_sequence() const noexcept { return next_sequence_; }

 private:
  struct slot_record {
    bool intact;
    bool read_failed;
    std::uint32_t sequence;
    std::uint32_t blob_size;
  };

  bool fits(std::size_t blob_size) const noexcept {
    const std::size_t unit = storage_->program_unit();
    const std::size_t slot = storage_->slot_size();
    const std::size_t record = checkpoint_record_size(blob_size, unit);
    return record != std::numeric_limits<std::size_t>::max() && record <= slot;
  }

  bool read(unsigned slot, std::size_t offset, unsigned char* out, std::size_t size) noexcept {
    const unsigned char* base = mapped_slot(*storage_, slot);
    if (base != nullptr) {
      std::memcpy(out, base + offset, size);
      return true;
    }
    return storage_->read(slot, offset, out, size) == status::ok;
  }

  /// Checks the record in `slot`: magic, a blob size that fits, CRC-32C, commit unit. With
  /// `copy_to` (room for `capacity` bytes), a blob that fits is read into it and the CRC is
  /// computed over the copy. Out of line, so that its frame and write_record's sit side by
  /// side under save() instead of nested.
  [[gnu::noinline]] slot_record inspect(unsigned slot, unsigned char* copy_to, std::size_t capacity) noexcept {
    slot_record out{false, false, 0u, 0u};
    unsigned char buffer[detail::store_header_size];
    if (!read(slot, 0u, buffer, sizeof buffer)) {
      out.read_failed = true;
      return out;
    }
    for (std::size_t i = 0; i < sizeof detail::store_magic; ++i) {
      if (buffer[i] != detail::store_magic[i]) return out;
    }
    const std::uint32_t sequence = detail::load_le32(buffer + 4);
    const std::uint32_t blob_size = detail::load_le32(buffer + 8);
    const std::uint32_t stored_crc = detail::load_le32(buffer + 12);
    if (!fits(blob_size)) return out;
    std::uint32_t crc = detail::crc32c_update(0xFFFFFFFFu, buffer, 12u);
    const unsigned char* base = mapped_slot(*storage_, slot);
    if (base != nullptr && copy_to == nullptr) {
      crc = detail::crc32c_update(crc, base + detail::store_header_size, blob_size);
    } else if (copy_to != nullptr && blob_size <= capacity) {
      if (!read(slot, detail::store_header_size, copy_to, blob_size)) {
        out.read_failed = true;
        return out;
      }
      crc = detail::crc32c_update(crc, copy_to, blob_size);
    } else {
      for (std::size_t done = 0; done < blob_size; done += sizeof buffer) {
        const std::size_t n = blob_size - done < sizeof buffer ? blob_size - done : sizeof buffer;
        if (!read(slot, detail::store_header_size + done, buffer, n)) {
          out.read_failed = true;
          return out;
        }
        crc = detail::crc32c_update(crc, buffer, n);
      }
    }
    if ((crc ^ 0xFFFFFFFFu) != stored_crc) return out;
    const std::size_t unit = storage_->program_unit();
    const std::size_t commit = detail::round_up(detail::store_header_size + blob_size, unit);
    for (std::size_t done = 0; done < unit; done += sizeof buffer) {
      const std::size_t n = unit - done < sizeof buffer ? unit - done : sizeof buffer;
      if (!read(slot, commit + done, buffer, n)) {
        out.read_failed = true;
        return out;
      }
      for (std::size_t i = 0; i < n; ++i) {
        if (buffer[i] != detail::store_commit_pattern[done + i]) return out;
      }
    }
    out.intact = true;
    out.sequence = sequence;
    out.blob_size = blob_size;
    return out;
  }

  /// Inspects both slots and takes the newest intact record (of any type) as the one to
  /// spare; the next sequence number follows the newest intact one. False if a slot could
  /// not be read. A save trusts the survey (surveyed_) if both slots were read, or if one
  /// holds an intact record: the save then rewrites the other slot, the unreadable one
  /// included (on ECC flash only its erase clears a torn unit's error). With no intact
  /// record and an unreadable slot it does not: that slot may hold a newer sequence number.
  bool survey() noexcept {
    last_survey_[0] = inspect(0u, nullptr, 0u);
    last_survey_[1] = inspect(1u, nullptr, 0u);
    const slot_record& a = last_survey_[0];
    const slot_record& b = last_survey_[1];
    if (a.intact && (!b.intact || !sequence_newer(b.sequence, a.sequence))) {
      newest_slot_ = 0;
      newest_sequence_ = a.sequence;
      next_sequence_ = a.sequence + 1u;
    } else if (b.intact) {
      newest_slot_ = 1;
      newest_sequence_ = b.sequence;
      next_sequence_ = b.sequence + 1u;
    } else {
      newest_slot_ = -1;
      next_sequence_ = first_sequence_;
    }
    const bool readable = !a.read_failed && !b.read_failed;
    surveyed_ = readable || newest_slot_ >= 0;
    return readable;
  }

  /// Byte `at` (< 16) of the record header with these fields.
  static unsigned char header_byte(std::size_t at, std::uint32_t sequence, std::uint32_t blob_size,
                                   std::uint32_t crc) noexcept {
    if (at < 4u) return detail::store_magic[at];
    const std::uint32_t field = at < 8u ? sequence : (at < 12u ? blob_size : crc);
    return static_cast<unsigned char>(field >> (8u * (at % 4u)));
  }

  /// Erased slot -> record: bytes [0, C) in 32-byte chunks, in ascending order, then the
  /// commit unit alone. Out of line (see inspect).
  [[gnu::noinline]] bool write_record(unsigned slot, std::uint32_t sequence, const unsigned char* blob,
                                      std::size_t blob_size) noexcept {
    const std::uint32_t size_field = detail::low_32_bits(blob_size);
    std::uint32_t crc = 0xFFFFFFFFu;
    for (std::size_t at = 0; at < 12u; ++at) {
      const unsigned char b = header_byte(at, sequence, size_field, 0u);
      crc = detail::crc32c_update(crc, &b, 1u);
    }
    crc = detail::crc32c_update(crc, blob, blob_size) ^ 0xFFFFFFFFu;
    const std::size_t unit = storage_->program_unit();
    const std::size_t body_end = detail::round_up(detail::store_header_size + blob_size, unit);
    unsigned char chunk[detail::store_chunk_size];
    for (std::size_t offset = 0; offset < body_end; offset += sizeof chunk) {
      const std::size_t n = body_end - offset < sizeof chunk ? body_end - offset : sizeof chunk;
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t at = offset + i;
        chunk[i] = at < detail::store_header_size               ? header_byte(at, sequence, size_field, crc)
                   : at < detail::store_header_size + blob_size ? blob[at - detail::store_header_size]
                                                                : static_cast<unsigned char>(0xFFu);
      }
      if (storage_->program(slot, offset, chunk, n) != status::ok) return false;
    }
    return storage_->program(slot, body_end, detail::store_commit_pattern, unit) == status::ok;
  }

  Storage* storage_;
  std::uint32_t first_sequence_;
  std::uint32_t next_sequence_;
  std::uint32_t newest_sequence_ = 0u;
  signed char newest_slot_ = -1;
  bool surveyed_ = false;
  slot_record last_survey_[2] = {{false, false, 0u, 0u}, {false, false, 0u, 0u}};
};

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
