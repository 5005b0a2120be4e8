/// \file
/// What a checkpointable class declares about itself (its identity) and the byte cursors
/// its save / validate / load functions use. checkpoint.hpp frames the blob around them.
///
/// A checkpointable class T befriends `langevin::checkpoint_access` and defines, privately:
///   static constexpr checkpoint_identity checkpoint_id;   // kind, layout version, shape
///   static constexpr std::size_t checkpoint_payload_size;
///   void checkpoint_save(detail::checkpoint_writer&) const noexcept;    // writes the payload
///   static bool checkpoint_valid(detail::checkpoint_reader) noexcept;  // checks payload bytes
///   void checkpoint_load(detail::checkpoint_reader) noexcept;          // reads checked bytes
/// checkpoint_valid() reads the payload where it lies (field by field, through memcpy into
/// small locals), so validating never needs a copy of the whole object: its stack use does
/// not grow with N or a buffer capacity. checkpoint_load() runs only after it accepted.
#ifndef LANGEVIN_DETAIL_CHECKPOINT_IO_HPP
#define LANGEVIN_DETAIL_CHECKPOINT_IO_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "../config.hpp"
#include "../math.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

/// Calls the private checkpoint functions of a class (defined in checkpoint.hpp).
struct checkpoint_access;

/// The identity a class declares for its checkpoints: `kind` names the class (its family
/// number, plus 0x1000 for float or 0x2000 for double); `version` is the layout version of
/// its payload, raised whenever the layout changes (tests/host/test_checkpoint_layout.cpp
/// pins each layout to its version); `shape` hashes the template sizes (N, capacity, ...).
struct checkpoint_identity {
  std::uint16_t kind;
  std::uint16_t version;
  std::uint32_t shape;
};

namespace detail {

/// Kind field of a class of family `family` (< 0x1000) over the scalar type Real.
template <class Real>
constexpr std::uint16_t checkpoint_kind(std::uint16_t family) noexcept {
  return static_cast<std::uint16_t>(family | (std::is_same<Real, float>::value    ? 0x1000u
                                              : std::is_same<Real, double>::value ? 0x2000u
                                                                                  : 0x0000u));
}

/// Shape field: FNV-1a (32-bit) of up to four template sizes.
constexpr std::uint32_t checkpoint_shape(std::uint64_t a, std::uint64_t b = 0u, std::uint64_t c = 0u,
                                         std::uint64_t d = 0u) noexcept {
  const std::uint64_t sizes[4] = {a, b, c, d};
  std::uint32_t hash = 0x811C9DC5u;
  for (std::uint64_t size : sizes) {
    for (unsigned i = 0; i < 8u; ++i) {
      hash ^= static_cast<std::uint32_t>((size >> (8u * i)) & 0xFFu);
      hash *= 0x01000193u;
    }
  }
  return hash;
}

/// Appends object representations to a payload; the caller sized the buffer.
class checkpoint_writer {
 public:
  explicit checkpoint_writer(unsigned char* out) noexcept : out_(out) {}
  template <class T>
  void put(const T& value) noexcept {
    static_assert(std::is_trivially_copyable<T>::value, "checkpoint payloads hold trivially copyable values");
    std::memcpy(out_, &value, sizeof(T));
    out_ += sizeof(T);
  }
  /// Appends `value` as `bytes` little-endian bytes (for payloads valid on any machine).
  void put_little_endian(std::uint64_t value, unsigned bytes) noexcept {
    for (unsigned i = 0; i < bytes; ++i) *out_++ = static_cast<unsigned char>(value >> (8u * i));
  }

 private:
  unsigned char* out_;
};

/// Reads object representations back from a payload whose size the framing checked.
class checkpoint_reader {
 public:
  explicit checkpoint_reader(const unsigned char* in) noexcept : in_(in) {}
  /// The next sizeof(T) bytes as a T (a copy on the stack: use it for small values).
  template <class T>
  T get() noexcept {
    static_assert(std::is_trivially_copyable<T>::value, "checkpoint payloads hold trivially copyable values");
    T value{};
    std::memcpy(&value, in_, sizeof(T));
    in_ += sizeof(T);
    return value;
  }
  /// Copies the next sizeof(T) bytes into `target` (for loading large members in place).
  template <class T>
  void get_to(T& target) noexcept {
    static_assert(std::is_trivially_copyable<T>::value, "checkpoint payloads hold trivially copyable values");
    std::memcpy(&target, in_, sizeof(T));
    in_ += sizeof(T);
  }
  /// A reader of the `count` values of type T that follow (e.g. a std::array<Real, N>),
  /// without reading them; advances past them.
  template <class T>
  checkpoint_reader take(std::size_t count) noexcept {
    const checkpoint_reader part{in_};
    in_ += count * sizeof(T);
    return part;
  }
  /// A reader of what lies `index` values of type T ahead (does not advance).
  template <class T>
  checkpoint_reader take_at(std::size_t index) const noexcept {
    return checkpoint_reader{in_ + index * sizeof(T)};
  }
  /// The next `bytes` bytes as a little-endian unsigned integer.
  std::uint64_t get_little_endian(unsigned bytes) noexcept {
    std::uint64_t value = 0u;
    for (unsigned i = 0; i < bytes; ++i) value |= static_cast<std::uint64_t>(*in_++) << (8u * i);
    return value;
  }
  /// Skips `bytes` bytes.
  void skip(std::size_t bytes) noexcept { in_ += bytes; }
  /// The element `index` of an array of T that starts here (does not advance).
  template <class T>
  T at(std::size_t index) const noexcept {
    T value{};
    std::memcpy(&value, in_ + index * sizeof(T), sizeof(T));
    return value;
  }

 private:
  const unsigned char* in_;
};

/// True if the n values of type Real that `values` reads are all finite.
template <class Real>
bool saved_values_finite(checkpoint_reader values, std::size_t n) noexcept {
  bool finite = true;
  for (std::size_t i = 0; i < n; ++i) finite &= math::is_finite(values.at<Real>(i));
  return finite;
}

}  // namespace detail
}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
