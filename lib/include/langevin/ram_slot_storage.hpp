/// \file
/// `ram_slot_storage`: the two slots of a checkpoint store (checkpoint_store.hpp) in
/// caller-owned RAM: ordinary RAM in tests, or memory that survives a reset (battery-backed
/// SRAM, backup registers, RAM retained across reset; see slot_storage.hpp for the setup).
#ifndef LANGEVIN_RAM_SLOT_STORAGE_HPP
#define LANGEVIN_RAM_SLOT_STORAGE_HPP

#include <cstddef>

#include "config.hpp"
#include "slot_storage.hpp"
#include "status.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

/// Two slots of `slot_size` bytes each in caller-owned memory: slot 0 at
/// memory[0, slot_size), slot 1 at memory[slot_size, 2 slot_size). Holds a pointer and two
/// sizes; never owns, never allocates. Erase fills a slot with 0xFF. Writes go through
/// `volatile` stores in ascending address order, so the compiler keeps the store's commit
/// write last; on a core with a data cache in front of that memory, map it non-cacheable.
/// Unlike flash, RAM may be rewritten without an erase; the store does not rely on that.
class ram_slot_storage {
 public:
  /// `memory` must hold 2 * slot_size bytes and outlive the storage. `program_unit` is the
  /// write granularity the store will use (1 for byte-writable RAM; 4 for memory that
  /// takes only aligned 32-bit writes): a power of two in [1, max_program_unit] dividing
  /// slot_size, else every call returns invalid_argument.
  constexpr ram_slot_storage(unsigned char* memory, std::size_t slot_size, std::size_t program_unit = 1u) noexcept
      : memory_(memory), slot_size_(slot_size), unit_(program_unit) {}

  /// Bytes per slot.
  constexpr std::size_t slot_size() const noexcept { return slot_size_; }
  /// Write granularity in bytes.
  constexpr std::size_t program_unit() const noexcept { return unit_; }

  /// Fills slot 0 or 1 with 0xFF. Work: slot_size() byte stores.
  status erase(unsigned slot) noexcept {
    if (!usable() || slot > 1u) return status::invalid_argument;
    volatile unsigned char* out = memory_ + slot * slot_size_;
    for (std::size_t i = 0; i < slot_size_; ++i) out[i] = 0xFFu;
    return status::ok;
  }

  /// Copies data[0, size) to the slot at `offset`, in ascending address order. Returns
  /// invalid_argument, writing nothing, for a slot other than 0 or 1, a null pointer, or an
  /// offset or size that is not a multiple of program_unit() or runs past the slot.
  status program(unsigned slot, std::size_t offset, const unsigned char* data, std::size_t size) noexcept {
    if (!in_range(slot, offset, size) || data == nullptr || offset % unit_ != 0u || size % unit_ != 0u) {
      return status::invalid_argument;
    }
    volatile unsigned char* out = memory_ + slot * slot_size_ + offset;
    for (std::size_t i = 0; i < size; ++i) out[i] = data[i];
    return status::ok;
  }

  /// Copies `size` bytes at `offset` of the slot to out[0, size). Returns invalid_argument,
  /// reading nothing, for a bad slot, a null pointer or a range past the slot.
  status read(unsigned slot, std::size_t offset, unsigned char* out, std::size_t size) const noexcept {
    if (!in_range(slot, offset, size) || out == nullptr) return status::invalid_argument;
    const volatile unsigned char* in = memory_ + slot * slot_size_ + offset;
    for (std::size_t i = 0; i < size; ++i) out[i] = in[i];
    return status::ok;
  }

  /// The slot's bytes (slot_size() of them), or nullptr for a bad slot or storage.
  const unsigned char* mapped(unsigned slot) const noexcept {
    return usable() && slot <= 1u ? memory_ + slot * slot_size_ : nullptr;
  }

 private:
  constexpr bool usable() const noexcept {
    return memory_ != nullptr && valid_program_unit(unit_) && slot_size_ % unit_ == 0u;
  }
  constexpr bool in_range(unsigned slot, std::size_t offset, std::size_t size) const noexcept {
    return usable() && slot <= 1u && offset <= slot_size_ && size <= slot_size_ - offset;
  }

  unsigned char* memory_;
  std::size_t slot_size_;
  std::size_t unit_;
};

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
