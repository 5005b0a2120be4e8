/// \file
/// Checkpoint / resume: every stateful object of the library saves into a fixed-size byte
/// blob and restores from it, so firmware can store the blob in flash or backup RAM and
/// continue a run bit for bit after a reset.
///
/// Blob layout (all integers little-endian, whatever the host; reals as their IEEE-754 bit
/// patterns), `checkpoint_size<T>` bytes in total:
///
///     offset  size  field
///     0       4     magic "LGVN" (0x4C 0x47 0x56 0x4E)
///     4       2     format version (checkpoint_format_version)
///     6       2     object kind (checkpoint_kind, includes the scalar type where there is one)
///     8       4     payload size P in bytes
///     12      P     payload (the object's state, field by field)
///     12 + P  4     CRC-32 (IEEE 802.3, as zlib's crc32) of bytes [0, 12 + P)
///
/// A blob is the same on every port: one saved on a Cortex-M restores on a desktop.
/// Restoring checks, in order: size, magic, version, kind, payload size, CRC, then the
/// object's own invariants (e.g. an odd pcg32 increment). Any failure returns
/// status::corrupt_data and leaves the target object unchanged. The CRC detects every
/// single-bit flip and every burst of up to 32 flipped bits; with the size check, every
/// truncation is rejected.
#ifndef LANGEVIN_CHECKPOINT_HPP
#define LANGEVIN_CHECKPOINT_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "random/pcg32.hpp"
#include "span.hpp"
#include "status.hpp"

namespace langevin {

/// Version of the blob layout; restoring a blob of another version is corrupt_data.
constexpr std::uint16_t checkpoint_format_version = 1u;

/// What a blob holds. Values are part of the format: never renumber.
enum class checkpoint_kind : std::uint16_t {
  pcg32 = 0x0001,
};

/// Describes how one object type is checkpointed: its kind, payload size, and how the
/// payload is written and read back. Specialised below for each checkpointable type.
template <class T>
struct checkpoint_traits;

namespace detail {

constexpr std::size_t checkpoint_header_size = 12u;
constexpr std::size_t checkpoint_crc_size = 4u;
constexpr unsigned char checkpoint_magic[4] = {0x4Cu, 0x47u, 0x56u, 0x4Eu};  // "LGVN"

/// CRC-32 (reflected polynomial 0xEDB88320, initial value and final xor 0xFFFFFFFF), four
/// bits at a time from a 16-entry table (64 bytes of flash).
constexpr std::uint32_t crc32_nibble_table[16] = {
    0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u, 0x4DB26158u, 0x5005713Cu,
    0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu, 0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu};

constexpr std::uint32_t crc32(const unsigned char* data, std::size_t size) noexcept {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    crc = (crc >> 4u) ^ crc32_nibble_table[crc & 0xFu];
    crc = (crc >> 4u) ^ crc32_nibble_table[crc & 0xFu];
  }
  return crc ^ 0xFFFFFFFFu;
}

/// Writes little-endian fields into a blob; the caller guarantees the room.
class checkpoint_writer {
 public:
  explicit constexpr checkpoint_writer(unsigned char* out) noexcept : out_(out) {}
  constexpr void u8(std::uint8_t v) noexcept { *out_++ = v; }
  constexpr void u16(std::uint16_t v) noexcept { little_endian(v, 2u); }
  constexpr void u32(std::uint32_t v) noexcept { little_endian(v, 4u); }
  constexpr void u64(std::uint64_t v) noexcept { little_endian(v, 8u); }
  void f32(float v) noexcept {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    u32(bits);
  }
  void f64(double v) noexcept {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    u64(bits);
  }
  void real(float v) noexcept { f32(v); }
  void real(double v) noexcept { f64(v); }

 private:
  constexpr void little_endian(std::uint64_t v, unsigned bytes) noexcept {
    for (unsigned i = 0; i < bytes; ++i) *out_++ = static_cast<unsigned char>(v >> (8u * i));
  }
  unsigned char* out_;
};

/// Reads little-endian fields from a blob whose size was already checked.
class checkpoint_reader {
 public:
  explicit constexpr checkpoint_reader(const unsigned char* in) noexcept : in_(in) {}
  constexpr std::uint8_t u8() noexcept { return *in_++; }
  constexpr std::uint16_t u16() noexcept { return static_cast<std::uint16_t>(little_endian(2u)); }
  constexpr std::uint32_t u32() noexcept { return static_cast<std::uint32_t>(little_endian(4u)); }
  constexpr std::uint64_t u64() noexcept { return little_endian(8u); }
  float f32() noexcept {
    const std::uint32_t bits = u32();
    float v = 0.0f;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
  double f64() noexcept {
    const std::uint64_t bits = u64();
    double v = 0.0;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
  void real(float& v) noexcept { v = f32(); }
  void real(double& v) noexcept { v = f64(); }

 private:
  constexpr std::uint64_t little_endian(unsigned bytes) noexcept {
    std::uint64_t v = 0;
    for (unsigned i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(*in_++) << (8u * i);
    return v;
  }
  const unsigned char* in_;
};

}  // namespace detail

/// Size in bytes of the blob of a `T`.
template <class T>
constexpr std::size_t checkpoint_size =
    detail::checkpoint_header_size + checkpoint_traits<T>::payload_size + detail::checkpoint_crc_size;

/// A buffer of exactly the right size for the blob of a `T`.
template <class T>
using checkpoint_blob = std::array<unsigned char, checkpoint_size<T>>;

/// Writes the blob of `object` into out[0 .. checkpoint_size<T>). Returns
/// buffer_too_small (writing nothing) if `out_size` is smaller, or out is null.
template <class T>
status save_checkpoint(const T& object, unsigned char* out, std::size_t out_size) noexcept {
  using traits = checkpoint_traits<T>;
  if (out == nullptr || out_size < checkpoint_size<T>) return status::buffer_too_small;
  detail::checkpoint_writer w{out};
  for (unsigned char c : detail::checkpoint_magic) w.u8(c);
  w.u16(checkpoint_format_version);
  w.u16(static_cast<std::uint16_t>(traits::kind));
  w.u32(static_cast<std::uint32_t>(traits::payload_size));
  traits::write(object, w);
  constexpr std::size_t covered = detail::checkpoint_header_size + traits::payload_size;
  detail::checkpoint_writer crc_writer{out + covered};
  crc_writer.u32(detail::crc32(out, covered));
  return status::ok;
}

/// Writes the blob of `object` into a caller-owned span (see the pointer overload).
template <class T>
status save_checkpoint(const T& object, span<unsigned char> out) noexcept {
  return save_checkpoint(object, out.data(), out.size());
}

/// Writes the blob of `object` into an exactly sized array; cannot fail.
template <class T>
void save_checkpoint(const T& object, checkpoint_blob<T>& out) noexcept {
  static_cast<void>(save_checkpoint(object, out.data(), out.size()));
}

/// Restores `object` from the blob in blob[0 .. blob_size); bytes past
/// checkpoint_size<T> are ignored (a blob may sit at the start of a larger flash page).
/// Returns corrupt_data, leaving `object` unchanged, if the blob is null or shorter than
/// checkpoint_size<T>, or fails its magic, version, kind, payload-size or CRC check, or
/// holds a state the object cannot have.
template <class T>
status restore_checkpoint(T& object, const unsigned char* blob, std::size_t blob_size) noexcept {
  using traits = checkpoint_traits<T>;
  if (blob == nullptr || blob_size < checkpoint_size<T>) return status::corrupt_data;
  detail::checkpoint_reader r{blob};
  for (unsigned char c : detail::checkpoint_magic) {
    if (r.u8() != c) return status::corrupt_data;
  }
  if (r.u16() != checkpoint_format_version) return status::corrupt_data;
  if (r.u16() != static_cast<std::uint16_t>(traits::kind)) return status::corrupt_data;
  if (r.u32() != traits::payload_size) return status::corrupt_data;
  constexpr std::size_t covered = detail::checkpoint_header_size + traits::payload_size;
  detail::checkpoint_reader crc_reader{blob + covered};
  if (crc_reader.u32() != detail::crc32(blob, covered)) return status::corrupt_data;
  T restored = object;
  if (traits::read(r, restored) != status::ok) return status::corrupt_data;
  object = restored;
  return status::ok;
}

/// Restores `object` from a blob in a caller-owned span (see the pointer overload).
template <class T>
status restore_checkpoint(T& object, span<const unsigned char> blob) noexcept {
  return restore_checkpoint(object, blob.data(), blob.size());
}

// --- checkpointable types ---------------------------------------------------------------------

/// pcg32: payload = state (u64), increment (u64); 32-byte blob. An even increment is
/// rejected (no pcg32 has one).
template <>
struct checkpoint_traits<pcg32> {
  static constexpr checkpoint_kind kind = checkpoint_kind::pcg32;
  static constexpr std::size_t payload_size = 16u;
  static void write(const pcg32& g, detail::checkpoint_writer& w) noexcept {
    const pcg32_state s = g.state();
    w.u64(s.state);
    w.u64(s.increment);
  }
  static status read(detail::checkpoint_reader& r, pcg32& g) noexcept {
    pcg32_state s{};
    s.state = r.u64();
    s.increment = r.u64();
    return g.set_state(s);
  }
};

}  // namespace langevin

#endif
