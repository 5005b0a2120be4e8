/// \file
/// Slot storage: the tiny interface through which `checkpoint_store` (checkpoint_store.hpp)
/// reaches two slots of caller-provided non-volatile memory. There is no base class and no
/// virtual call: the store is a template over the storage type, which needs these members
/// (all `noexcept`; every `status` but `ok` is a failure):
///
///     std::size_t slot_size() const;     // bytes in each of the two slots, 0 and 1
///     std::size_t program_unit() const;  // smallest programmable unit U: 1, 2, 4, 8, 16 or 32 bytes
///     status erase(unsigned slot);       // every byte of the slot becomes 0xFF
///     status program(unsigned slot, std::size_t offset, const unsigned char* data, std::size_t size);
///     status read(unsigned slot, std::size_t offset, unsigned char* out, std::size_t size);
///
/// and optionally
///
///     const unsigned char* mapped(unsigned slot) const;  // the slot in the address space, or nullptr
///
/// Contract between the store and a storage:
///  - The store calls `program` only with `offset` and `size` multiples of U, only on units
///    erased since they were last programmed, in ascending address order within a save, and
///    it never programs a unit twice between erases (the rules of NOR flash).
///  - `program` and `erase` return only once their effect is durable: the store's commit
///    rule (the last unit it programs makes a checkpoint valid) relies on every earlier
///    unit being in the medium before the next call starts. A storage with write buffers
///    or caches drains them before returning (Cortex-M7 D-cache: clean by address, DSB).
///  - `read` returns the bytes as they are now; `mapped`, when present and not null, points
///    at the same bytes (slot_size() of them) and stays valid while the store is in use,
///    so that loading restores straight from flash with no RAM copy of the blob.
///  - The store never reads or writes outside [0, slot_size()) of slots 0 and 1.
///
/// Shipped storages: `ram_slot_storage` (ram_slot_storage.hpp: two slots in RAM, e.g.
/// battery-backed or retained RAM) and `nor_flash_simulator` (nor_flash_simulator.hpp: the
/// fault-injecting NOR flash model the tests cut power in).
///
/// A real flash page (sketch; names prefixed board_ are the board's flash driver): reserve
/// two erase pages the firmware image never occupies (a linker-script region), each at
/// least `checkpoint_record_size<T>(U)` bytes, and forward the calls:
///
///     struct flash_pages {
///       std::size_t slot_size() const noexcept { return 2048u; }  // one 2 KiB page per slot
///       std::size_t program_unit() const noexcept { return 8u; }  // e.g. 64-bit double words
///       langevin::status erase(unsigned slot) noexcept {
///         return board_flash_erase_page(page_address(slot)) ? langevin::status::ok
///                                                           : langevin::status::invalid_argument;
///       }
///       langevin::status program(unsigned slot, std::size_t offset, const unsigned char* data,
///                                std::size_t size) noexcept {  // one unit at a time, waiting for busy to clear
///         return board_flash_program(page_address(slot) + offset, data, size) ? langevin::status::ok
///                                                                           : langevin::status::invalid_argument;
///       }
///       langevin::status read(unsigned slot, std::size_t offset, unsigned char* out, std::size_t size) noexcept {
///         std::memcpy(out, mapped(slot) + offset, size);
///         return langevin::status::ok;
///       }
///       const unsigned char* mapped(unsigned slot) const noexcept {
///         return reinterpret_cast<const unsigned char*>(page_address(slot));
///       }
///     };
///
/// Points to check on a real part:
///  - Program unit: the width the controller programs at once (STM32F1: 2 bytes, STM32L4/G4:
///    8, STM32H7: 32; nRF52: 4). A storage may accept a larger U than the hardware's (the
///    store then simply writes U-byte units): U is part of the slot format, keep it fixed.
///  - Erase takes milliseconds and may stall code running from the same flash bank: run the
///    driver from RAM or accept the stall; keep the watchdog fed around it.
///  - Flash with ECC (STM32L4/G4/H7 and others): a unit torn by a power cut can hold an
///    uncorrectable ECC error, and reading it raises a bus fault or NMI. Such a storage
///    must return nullptr from `mapped` and make `read` survive the error (report it as a
///    failed read: the store then treats that slot as holding nothing).
///  - After erase or program, invalidate any cache or prefetch buffer in front of the flash
///    so that `mapped` reads see the new bytes.
///
/// Backup RAM (battery-backed SRAM, RTC backup registers, RAM retained across reset): use
/// `ram_slot_storage` on that memory (program unit 1, or the width the memory requires,
/// e.g. 4 for 32-bit-only backup registers), enable its clock and write access before the
/// first call, and keep it out of `.bss` / `.data` so the startup code does not clear it.
/// Its content is garbage after a complete power loss; the store rejects garbage (magic,
/// CRC and commit checks) and reports no checkpoint.
#ifndef LANGEVIN_SLOT_STORAGE_HPP
#define LANGEVIN_SLOT_STORAGE_HPP

#include <cstddef>
#include <type_traits>
#include <utility>

#include "config.hpp"
#include "status.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

/// Largest program unit the checkpoint store supports, in bytes.
constexpr std::size_t max_program_unit = 32u;

/// True if `unit` is a program unit the store supports: a power of two in [1, 32].
constexpr bool valid_program_unit(std::size_t unit) noexcept {
  return unit >= 1u && unit <= max_program_unit && (unit & (unit - 1u)) == 0u;
}

/// True if S has the five required members of a slot storage with the documented types.
template <class S, class = void>
struct is_slot_storage : std::false_type {};
template <class S>
struct is_slot_storage<
    S, std::void_t<decltype(std::declval<const S&>().slot_size()), decltype(std::declval<const S&>().program_unit()),
                   decltype(std::declval<S&>().erase(0u)),
                   decltype(std::declval<S&>().program(0u, std::size_t{}, static_cast<const unsigned char*>(nullptr),
                                                       std::size_t{})),
                   decltype(std::declval<S&>().read(0u, std::size_t{}, static_cast<unsigned char*>(nullptr),
                                                    std::size_t{}))>>
    : std::bool_constant<
          std::is_same<decltype(std::declval<const S&>().slot_size()), std::size_t>::value &&
          std::is_same<decltype(std::declval<const S&>().program_unit()), std::size_t>::value &&
          std::is_same<decltype(std::declval<S&>().erase(0u)), status>::value &&
          std::is_same<decltype(std::declval<S&>().program(0u, std::size_t{},
                                                           static_cast<const unsigned char*>(nullptr), std::size_t{})),
                       status>::value &&
          std::is_same<decltype(std::declval<S&>().read(0u, std::size_t{}, static_cast<unsigned char*>(nullptr),
                                                        std::size_t{})),
                       status>::value> {};

/// True if S also offers `const unsigned char* mapped(unsigned slot) const`.
template <class S, class = void>
struct has_mapped_slots : std::false_type {};
template <class S>
struct has_mapped_slots<S, std::void_t<decltype(std::declval<const S&>().mapped(0u))>>
    : std::is_same<decltype(std::declval<const S&>().mapped(0u)), const unsigned char*> {};

/// The slot's bytes in the address space, or nullptr if S has no `mapped` member or it
/// returned nullptr.
template <class S>
const unsigned char* mapped_slot(const S& storage, unsigned slot) noexcept {
  if constexpr (has_mapped_slots<S>::value) {
    return storage.mapped(slot);
  } else {
    static_cast<void>(storage);
    static_cast<void>(slot);
    return nullptr;
  }
}

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
