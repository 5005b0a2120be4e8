/// \file
/// `langevin::span<T>`: a non-owning view of `size()` contiguous objects in the caller's
/// memory (RAM or flash). It is `std::span<T>` when the standard library has it (C++20)
/// and a minimal C++17 equivalent otherwise.
#ifndef LANGEVIN_SPAN_HPP
#define LANGEVIN_SPAN_HPP

#include <array>
#include <cstddef>
#include <type_traits>

#if defined(__cpp_lib_span) || (__cplusplus > 201703L && defined(__has_include))
#if __has_include(<span>) && __cplusplus > 201703L
#include <span>
#define LANGEVIN_HAS_STD_SPAN 1
#endif
#endif

#include "config.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

#if defined(LANGEVIN_HAS_STD_SPAN)
template <class T>
using span = std::span<T>;
#else
/// View of `size()` contiguous `T` owned by the caller. Trivially copyable; never owns,
/// never allocates. An empty span has `data() == nullptr` and `size() == 0`. Like
/// std::span, it converts from arrays and spans of U only where U differs from T by
/// const / volatile (a span of a derived class does not become a span of its base: the
/// elements' sizes differ).
template <class T>
class span {
  template <class U>
  using if_views = std::enable_if_t<std::is_convertible<U (*)[], T (*)[]>::value, int>;

 public:
  using element_type = T;
  using size_type = std::size_t;

  constexpr span() noexcept = default;
  /// Views `count` objects starting at `first` (`first` may be null only if count is 0).
  constexpr span(T* first, std::size_t count) noexcept : data_(first), size_(count) {}
  template <std::size_t N>
  constexpr span(T (&array)[N]) noexcept : data_(array), size_(N) {}  // NOLINT: implicit by design
  template <class U, std::size_t N, if_views<U> = 0>
  constexpr span(std::array<U, N>& array) noexcept : data_(array.data()), size_(N) {}  // NOLINT
  template <class U, std::size_t N, if_views<const U> = 0>
  constexpr span(const std::array<U, N>& array) noexcept : data_(array.data()), size_(N) {}  // NOLINT
  /// A span of T converts to a span of const T.
  template <class U, if_views<U> = 0>
  constexpr span(const span<U>& other) noexcept : data_(other.data()), size_(other.size()) {}  // NOLINT

  constexpr T* data() const noexcept { return data_; }
  constexpr std::size_t size() const noexcept { return size_; }
  constexpr bool empty() const noexcept { return size_ == 0; }
  /// Element `i`; `i < size()` is the caller's responsibility (unchecked, like std::span).
  constexpr T& operator[](std::size_t i) const noexcept { return data_[i]; }
  constexpr T* begin() const noexcept { return data_; }
  constexpr T* end() const noexcept { return data_ + size_; }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
};
#endif

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
