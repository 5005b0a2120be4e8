/// \file
/// `nor_flash_simulator`: two slots of simulated NOR flash that follow the rules of the real
/// thing and fail like it, for testing code that saves through a slot storage
/// (slot_storage.hpp) against power cuts, on the host or on the target:
///  - erase sets every byte of a slot to 0xFF; programming can only clear bits;
///  - writes come in units of U bytes (4 or 8 on most MCUs; any power of two up to 32);
///    programming a unit that is not fully erased, or a misaligned range, is refused and
///    counted as a violation (`violations()`), as a flash controller flags it;
///  - a power cut can be armed after any number of programmed bytes, leaving the unit being
///    written at that moment half-written (its remaining bytes erased or random, or all
///    written although the call failed), or during an erase (part of the slot erased, the
///    rest old or disturbed);
///  - after the cut every operation fails until `restore_power()` (the reset);
///  - erases, program calls and programmed bytes are counted, and bits can be flipped.
/// Everything lives in the object (2 * SlotSize bytes of cells plus a few counters): no
/// heap, trivially copyable, so a test can snapshot and restore a whole flash image.
#ifndef LANGEVIN_NOR_FLASH_SIMULATOR_HPP
#define LANGEVIN_NOR_FLASH_SIMULATOR_HPP

#include <cstddef>
#include <cstdint>

#include "config.hpp"
#include "random/pcg32.hpp"
#include "slot_storage.hpp"
#include "status.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

/// What the bytes not yet reached by an interrupted operation hold after the power cut.
enum class torn_fill : unsigned char {
  erased,  ///< Program: the rest of the torn unit stays 0xFF. Erase: the rest of the slot keeps its old bytes.
  random,  ///< Program: the rest of the torn unit holds random bytes. Erase: the rest of the slot holds
           ///< its old bytes with random bits set (erase only moves bits toward 1).
  intended,  ///< Program: the torn unit was programmed completely, but the power failed before the
             ///< call returned. Erase: as `erased`.
};

/// Two slots of SlotSize bytes of simulated NOR flash; see the file comment. Storage
/// interface of slot_storage.hpp, with `mapped` (unless built with memory_mapped = false,
/// then `mapped` returns nullptr and readers go through `read`).
template <std::size_t SlotSize>
class nor_flash_simulator {
  static_assert(SlotSize > 0u, "a slot holds at least one byte");

 public:
  /// A fully erased device. `program_unit`: a power of two in [1, max_program_unit]
  /// dividing SlotSize, else every erase, program and read fails. `seed` drives the random
  /// torn bytes.
  explicit nor_flash_simulator(std::size_t program_unit = 8u, bool memory_mapped = true,
                               std::uint64_t seed = 1u) noexcept
      : cells_{}, unit_(program_unit), memory_mapped_(memory_mapped), noise_(seed, 0x5eedu) {
    for (auto& slot : cells_) {
      for (unsigned char& c : slot) c = 0xFFu;
    }
  }

  // --- the slot storage interface ----------------------------------------------------------

  /// Bytes per slot (SlotSize).
  constexpr std::size_t slot_size() const noexcept { return SlotSize; }
  /// Program unit U in bytes.
  constexpr std::size_t program_unit() const noexcept { return unit_; }

  /// Sets every byte of the slot to 0xFF, unless an armed erase cut interrupts it (see
  /// cut_power_during_erase). Returns invalid_argument if the power is off (doing nothing)
  /// or the slot is not 0 or 1.
  status erase(unsigned slot) noexcept {
    if (!powered_ || !usable() || slot > 1u) return status::invalid_argument;
    ++erases_[slot];
    if (erase_cut_armed_) {
      erase_cut_armed_ = false;
      powered_ = false;
      for (std::size_t i = 0; i < SlotSize; ++i) {
        if (i < erase_cut_prefix_) {
          cells_[slot][i] = 0xFFu;
        } else if (erase_cut_fill_ == torn_fill::random) {
          cells_[slot][i] = static_cast<unsigned char>(cells_[slot][i] | random_byte());
        }
      }
      return status::invalid_argument;
    }
    for (unsigned char& c : cells_[slot]) c = 0xFFu;
    return status::ok;
  }

  /// Programs data[0, size) at `offset` (cells &= data). Returns invalid_argument, writing
  /// nothing, if the power is off, or (counted as a violation) the range is misaligned to
  /// U, runs past the slot, or covers a unit that is not fully erased. An armed power cut
  /// that falls inside the range writes the bytes before it, fills the rest of the unit
  /// being written (torn_fill), turns the power off and returns invalid_argument.
  status program(unsigned slot, std::size_t offset, const unsigned char* data, std::size_t size) noexcept {
    if (!powered_ || !usable()) return status::invalid_argument;
    if (slot > 1u || data == nullptr || offset > SlotSize || size > SlotSize - offset || offset % unit_ != 0u ||
        size % unit_ != 0u || !erased(slot, offset, size)) {
      ++violations_;
      return status::invalid_argument;
    }
    ++program_calls_;
    for (std::size_t i = 0; i < size; ++i) {
      if (cut_armed_ && cut_budget_ == 0u) {
        tear_unit(slot, offset + i, data + i);
        return status::invalid_argument;
      }
      cells_[slot][offset + i] = static_cast<unsigned char>(cells_[slot][offset + i] & data[i]);
      ++programmed_bytes_;
      if (cut_armed_) --cut_budget_;
    }
    return status::ok;
  }

  /// Copies `size` bytes at `offset` of the slot to out[0, size). Returns invalid_argument
  /// if the power is off or the range is bad.
  status read(unsigned slot, std::size_t offset, unsigned char* out, std::size_t size) const noexcept {
    if (!powered_ || !usable() || slot > 1u || out == nullptr || offset > SlotSize || size > SlotSize - offset) {
      return status::invalid_argument;
    }
    for (std::size_t i = 0; i < size; ++i) out[i] = cells_[slot][offset + i];
    return status::ok;
  }

  /// The slot's cells, if built memory-mapped and powered; else nullptr.
  const unsigned char* mapped(unsigned slot) const noexcept {
    return memory_mapped_ && powered_ && usable() && slot <= 1u ? cells_[slot] : nullptr;
  }

  // --- fault injection ------------------------------------------------------------------------

  /// Arms a power cut just before the (bytes + 1)-th byte programmed from now: the bytes
  /// before it are written, the unit holding that byte is filled from it to its end as
  /// `fill` says, and the power goes off (that program call and every later operation
  /// fail). With `bytes` on a unit boundary the cut falls between units: `erased` leaves
  /// the next unit untouched, `random` fills all of it, `intended` programs all of it.
  /// Erases and reads before that moment proceed (bytes = 0: the save's erase completes,
  /// its first unit is torn).
  void cut_power_after(std::uint64_t bytes, torn_fill fill) noexcept {
    cut_armed_ = true;
    cut_budget_ = bytes;
    cut_fill_ = fill;
  }

  /// Arms a power cut during the next erase: bytes [0, erased_prefix) of the slot become
  /// 0xFF, the others stay as they were (`erased`) or get random bits set (`random`); the
  /// erase then fails and the power is off.
  void cut_power_during_erase(std::size_t erased_prefix, torn_fill fill) noexcept {
    erase_cut_armed_ = true;
    erase_cut_prefix_ = erased_prefix;
    erase_cut_fill_ = fill;
  }

  /// The reset after a cut: power is back, armed cuts are cleared, the cells keep whatever
  /// the cut left.
  void restore_power() noexcept {
    powered_ = true;
    cut_armed_ = false;
    erase_cut_armed_ = false;
  }

  /// Restarts the generator of the random torn bytes (to vary them between test cases).
  void reseed_noise(std::uint64_t seed) noexcept { noise_ = pcg32{seed, 0x5eedu}; }

  /// False from a power cut until restore_power().
  bool powered() const noexcept { return powered_; }

  /// Inverts bit `bit` (0..7) of byte `offset` of the slot (data retention failure, a
  /// cosmic ray). Ignored out of range.
  void flip_bit(unsigned slot, std::size_t offset, unsigned bit) noexcept {
    if (slot <= 1u && offset < SlotSize && bit < 8u) {
      cells_[slot][offset] = static_cast<unsigned char>(cells_[slot][offset] ^ (1u << bit));
    }
  }

  /// Sets byte `offset` of the slot to `value`, whatever the flash rules (test setup).
  void poke(unsigned slot, std::size_t offset, unsigned char value) noexcept {
    if (slot <= 1u && offset < SlotSize) cells_[slot][offset] = value;
  }

  /// The cells of slot 0 or 1 (SlotSize bytes), whatever the power state; nullptr otherwise.
  const unsigned char* cells(unsigned slot) const noexcept { return slot <= 1u ? cells_[slot] : nullptr; }

  // --- counters -------------------------------------------------------------------------------

  /// Erases started on the slot (interrupted ones included).
  std::uint64_t erases(unsigned slot) const noexcept { return slot <= 1u ? erases_[slot] : 0u; }
  /// Erases started on both slots.
  std::uint64_t erases() const noexcept { return erases_[0] + erases_[1]; }
  /// Accepted program calls and bytes programmed by them.
  std::uint64_t program_calls() const noexcept { return program_calls_; }
  std::uint64_t programmed_bytes() const noexcept { return programmed_bytes_; }
  /// Refused program calls: misaligned, out of range, or over a unit not fully erased.
  std::uint64_t violations() const noexcept { return violations_; }
  /// Sets every counter to zero.
  void reset_counters() noexcept {
    erases_[0] = erases_[1] = 0u;
    program_calls_ = programmed_bytes_ = violations_ = 0u;
  }

 private:
  constexpr bool usable() const noexcept { return valid_program_unit(unit_) && SlotSize % unit_ == 0u; }

  bool erased(unsigned slot, std::size_t offset, std::size_t size) const noexcept {
    for (std::size_t i = 0; i < size; ++i) {
      if (cells_[slot][offset + i] != 0xFFu) return false;
    }
    return true;
  }

  unsigned char random_byte() noexcept { return static_cast<unsigned char>(noise_() >> 24u); }

  void tear_unit(unsigned slot, std::size_t first_unwritten, const unsigned char* rest) noexcept {
    const std::size_t unit_end = (first_unwritten / unit_ + 1u) * unit_;  // <= SlotSize (program checked)
    for (std::size_t i = first_unwritten; i < unit_end && i < SlotSize; ++i) {
      if (cut_fill_ == torn_fill::random) cells_[slot][i] = random_byte();
      if (cut_fill_ == torn_fill::intended) {
        cells_[slot][i] = static_cast<unsigned char>(cells_[slot][i] & rest[i - first_unwritten]);
      }
    }
    cut_armed_ = false;
    powered_ = false;
  }

  unsigned char cells_[2][SlotSize];
  std::size_t unit_;
  bool memory_mapped_;
  bool powered_ = true;
  bool cut_armed_ = false;
  torn_fill cut_fill_ = torn_fill::erased;
  std::uint64_t cut_budget_ = 0u;
  bool erase_cut_armed_ = false;
  torn_fill erase_cut_fill_ = torn_fill::erased;
  std::size_t erase_cut_prefix_ = 0u;
  pcg32 noise_;
  std::uint64_t erases_[2] = {0u, 0u};
  std::uint64_t program_calls_ = 0u;
  std::uint64_t programmed_bytes_ = 0u;
  std::uint64_t violations_ = 0u;
};

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
