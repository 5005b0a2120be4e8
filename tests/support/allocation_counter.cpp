// Counting replacements of the global allocation functions (see allocation_counter.hpp).
// Counters are constant-initialised atomics, so counting works during static
// initialisation and from any thread.
#include "allocation_counter.hpp"

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

#if defined(LANGEVIN_TEST_WRAP_C_ALLOCATION)
// With -Wl,--wrap=X the linker sends references to X from the program's own objects to
// __wrap_X and makes __real_X name the original. The replacement operator new below calls
// the __real_ functions so that one allocation is counted once.
extern "C" {
void* __real_malloc(std::size_t size);
void* __real_calloc(std::size_t count, std::size_t size);
void* __real_realloc(void* pointer, std::size_t size);
void* __real_aligned_alloc(std::size_t alignment, std::size_t size);
int __real_posix_memalign(void** result, std::size_t alignment, std::size_t size);
void __real_free(void* pointer);
}
#endif

namespace langevin_test {
namespace {

std::atomic<std::size_t> allocation_count{0};
std::atomic<std::size_t> deallocation_count{0};
std::atomic<std::size_t> allocated_bytes{0};

void count_allocation(std::size_t size) noexcept {
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  allocated_bytes.fetch_add(size, std::memory_order_relaxed);
}

void count_deallocation(const void* pointer) noexcept {
  if (pointer != nullptr) deallocation_count.fetch_add(1, std::memory_order_relaxed);
}

void* raw_allocate(std::size_t size) noexcept {
  if (size == 0) size = 1;
#if defined(LANGEVIN_TEST_WRAP_C_ALLOCATION)
  return __real_malloc(size);
#else
  return std::malloc(size);
#endif
}

void* raw_allocate_aligned(std::size_t size, std::size_t alignment) noexcept {
  if (size == 0) size = 1;
  if (alignment < sizeof(void*)) alignment = sizeof(void*);
  void* result = nullptr;
#if defined(LANGEVIN_TEST_WRAP_C_ALLOCATION)
  const int error = __real_posix_memalign(&result, alignment, size);
#else
  const int error = posix_memalign(&result, alignment, size);
#endif
  return error == 0 ? result : nullptr;
}

void raw_free(void* pointer) noexcept {
#if defined(LANGEVIN_TEST_WRAP_C_ALLOCATION)
  __real_free(pointer);
#else
  std::free(pointer);
#endif
}

void* counted_new(std::size_t size) {
  count_allocation(size);
  void* result = raw_allocate(size);
  if (result == nullptr) throw std::bad_alloc();
  return result;
}

void* counted_new_aligned(std::size_t size, std::align_val_t alignment) {
  count_allocation(size);
  void* result = raw_allocate_aligned(size, static_cast<std::size_t>(alignment));
  if (result == nullptr) throw std::bad_alloc();
  return result;
}

void* counted_new_nothrow(std::size_t size) noexcept {
  count_allocation(size);
  return raw_allocate(size);
}

void* counted_new_aligned_nothrow(std::size_t size, std::align_val_t alignment) noexcept {
  count_allocation(size);
  return raw_allocate_aligned(size, static_cast<std::size_t>(alignment));
}

void counted_delete(void* pointer) noexcept {
  count_deallocation(pointer);
  raw_free(pointer);
}

}  // namespace

allocation_totals allocation_totals_now() noexcept {
  return {allocation_count.load(std::memory_order_relaxed), deallocation_count.load(std::memory_order_relaxed),
          allocated_bytes.load(std::memory_order_relaxed)};
}

bool counts_c_allocations() noexcept {
#if defined(LANGEVIN_TEST_WRAP_C_ALLOCATION)
  return true;
#else
  return false;
#endif
}

allocation_scope::allocation_scope() noexcept : start_(allocation_totals_now()) {}

std::size_t allocation_scope::allocations() const noexcept {
  return allocation_totals_now().allocations - start_.allocations;
}

std::size_t allocation_scope::deallocations() const noexcept {
  return allocation_totals_now().deallocations - start_.deallocations;
}

std::size_t allocation_scope::bytes() const noexcept { return allocation_totals_now().bytes - start_.bytes; }

}  // namespace langevin_test

// --- replaceable global allocation functions (C++17 [new.delete]) ------------------------
void* operator new(std::size_t size) { return langevin_test::counted_new(size); }
void* operator new[](std::size_t size) { return langevin_test::counted_new(size); }
void* operator new(std::size_t size, std::align_val_t alignment) {
  return langevin_test::counted_new_aligned(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
  return langevin_test::counted_new_aligned(size, alignment);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return langevin_test::counted_new_nothrow(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return langevin_test::counted_new_nothrow(size);
}
void* operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return langevin_test::counted_new_aligned_nothrow(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return langevin_test::counted_new_aligned_nothrow(size, alignment);
}

void operator delete(void* pointer) noexcept { langevin_test::counted_delete(pointer); }
void operator delete[](void* pointer) noexcept { langevin_test::counted_delete(pointer); }
void operator delete(void* pointer, std::size_t) noexcept { langevin_test::counted_delete(pointer); }
void operator delete[](void* pointer, std::size_t) noexcept { langevin_test::counted_delete(pointer); }
void operator delete(void* pointer, std::align_val_t) noexcept { langevin_test::counted_delete(pointer); }
void operator delete[](void* pointer, std::align_val_t) noexcept { langevin_test::counted_delete(pointer); }
void operator delete(void* pointer, std::size_t, std::align_val_t) noexcept { langevin_test::counted_delete(pointer); }
void operator delete[](void* pointer, std::size_t, std::align_val_t) noexcept {
  langevin_test::counted_delete(pointer);
}
void operator delete(void* pointer, const std::nothrow_t&) noexcept { langevin_test::counted_delete(pointer); }
void operator delete[](void* pointer, const std::nothrow_t&) noexcept { langevin_test::counted_delete(pointer); }
void operator delete(void* pointer, std::align_val_t, const std::nothrow_t&) noexcept {
  langevin_test::counted_delete(pointer);
}
void operator delete[](void* pointer, std::align_val_t, const std::nothrow_t&) noexcept {
  langevin_test::counted_delete(pointer);
}

#if defined(LANGEVIN_TEST_WRAP_C_ALLOCATION)
// --- C allocation functions, reached through -Wl,--wrap ----------------------------------
extern "C" {
void* __wrap_malloc(std::size_t size) {
  langevin_test::count_allocation(size);
  return __real_malloc(size);
}
void* __wrap_calloc(std::size_t count, std::size_t size) {
  langevin_test::count_allocation(count * size);
  return __real_calloc(count, size);
}
void* __wrap_realloc(void* pointer, std::size_t size) {
  langevin_test::count_allocation(size);
  return __real_realloc(pointer, size);
}
void* __wrap_aligned_alloc(std::size_t alignment, std::size_t size) {
  langevin_test::count_allocation(size);
  return __real_aligned_alloc(alignment, size);
}
int __wrap_posix_memalign(void** result, std::size_t alignment, std::size_t size) {
  langevin_test::count_allocation(size);
  return __real_posix_memalign(result, alignment, size);
}
void __wrap_free(void* pointer) {
  langevin_test::count_deallocation(pointer);
  __real_free(pointer);
}
}
#endif
