// Heap-allocation counting for host tests. Linking allocation_counter.cpp into a test
// program replaces every global operator new / operator delete (plain, array, nothrow,
// aligned, sized) with counting versions. On ELF targets built with GNU ld or lld the
// build also wraps malloc, calloc, realloc, aligned_alloc, posix_memalign and free
// (-Wl,--wrap=...; see langevin_add_allocation_counter in cmake/LangevinEmbeddedChecks.cmake),
// so a direct C allocation made by code compiled into the test program (the whole
// header-only library) is counted too. Allocations made *inside* the shared C library
// itself (e.g. strdup, fopen) are not seen; the library cannot reach those without
// including headers it is forbidden to include.
#ifndef LANGEVIN_TEST_ALLOCATION_COUNTER_HPP
#define LANGEVIN_TEST_ALLOCATION_COUNTER_HPP

#include <cstddef>

namespace langevin_test {

/// Totals since program start (monotonic; all threads).
struct allocation_totals {
  std::size_t allocations;    ///< operator new (all forms), malloc, calloc, realloc, aligned allocations
  std::size_t deallocations;  ///< operator delete (all forms) and free of a non-null pointer
  std::size_t bytes;          ///< bytes requested by the allocations above
};

/// Current totals.
allocation_totals allocation_totals_now() noexcept;

/// True when the C allocation functions are counted as well as operator new (the program
/// was linked with the --wrap options); false means only operator new/delete are counted.
bool counts_c_allocations() noexcept;

/// Counts the allocations made between construction and the call of a getter (or
/// destruction). Do not evaluate test assertions inside the scope: a test framework may
/// allocate while recording a result. Copy the figures out, close the scope, then check.
class allocation_scope {
 public:
  allocation_scope() noexcept;
  ~allocation_scope() = default;
  allocation_scope(const allocation_scope&) = delete;
  allocation_scope& operator=(const allocation_scope&) = delete;

  /// Allocations since construction.
  std::size_t allocations() const noexcept;
  /// Deallocations since construction.
  std::size_t deallocations() const noexcept;
  /// Bytes requested since construction.
  std::size_t bytes() const noexcept;

 private:
  allocation_totals start_;
};

/// Makes the optimizer believe `pointer` escapes, so an allocation that is only written to
/// and freed is not removed (GCC and Clang elide new/delete and malloc/free pairs).
inline void escape(const void* pointer) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  __asm__ volatile("" : : "g"(pointer) : "memory");
#else
  static_cast<void>(pointer);
#endif
}

}  // namespace langevin_test

#endif
