/// \file
/// Checkpoint / resume: the stateful objects of the library save into a fixed-size byte
/// blob and restore from it, so firmware can keep the blob in flash or backup RAM and
/// continue a run bit for bit after a reset.
///
/// Blob layout (integers little-endian), `checkpoint_size<T>` bytes in total:
///
///     offset  size  field
///     0       4     magic "LGVN" (0x4C 0x47 0x56 0x4E)
///     4       2     format version (checkpoint_format_version)
///     6       2     object kind: checkpoint_kind, plus 0x1000 for float or 0x2000 for double
///     8       4     shape: a hash of the object's sizes (N, replicas, capacity, ...)
///     12      4     payload size P in bytes
///     16      P     payload (the object's state)
///     16 + P  4     CRC-32 (IEEE 802.3, as zlib's crc32) of bytes [0, 16 + P)
///
/// Payloads: pcg32 writes its two 64-bit words little-endian (a blob is valid on any
/// machine). Every other object (minimizer, euler_maruyama, leimkuhler_matthews, baoab,
/// annealing_sgd, batch_sampler, simulated_annealer) has a `state()` / `set_state()` pair
/// and the payload is the object representation of its trivially copyable `state_type`
/// (for all but the minimizer, the object itself). Such a blob restores on any port with
/// the same byte order, type sizes and alignment rules: all six presets of this project,
/// not big-endian ones. annealing_sgd holds a std::size_t (the batch size), so its shape
/// includes sizeof(std::size_t): a blob from a 32-bit port is refused (corrupt_data) on a
/// 64-bit one instead of being misread. Padding bytes inside a payload are copied as they
/// are, so two saves of equal objects may differ there; the CRC covers them all the same.
///
/// Restoring checks, in order: size, magic, version, kind, shape, payload size, CRC, then
/// the object's own validation (its set_state()). Any failure returns
/// status::corrupt_data and leaves the target object unchanged. The CRC detects every
/// single-bit flip and every burst of up to 32 flipped bits; with the size check, every
/// truncation is rejected. The CRC guards against accidents (flash wear, a reset during
/// the write), not against a forger: an object is only as robust to a deliberately
/// crafted blob as its set_state() validation.
///
/// Stack: saving needs a few dozen bytes; restoring a state-API object holds one copy of
/// its state_type on the stack (e.g. 816 bytes for minimizer<double, 2>, sizeof(T) for the
/// others) while set_state() validates it.
#ifndef LANGEVIN_CHECKPOINT_HPP
#define LANGEVIN_CHECKPOINT_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "dynamics/overdamped.hpp"
#include "dynamics/underdamped.hpp"
#include "optimize/annealing_sgd.hpp"
#include "optimize/dataset.hpp"
#include "optimize/minimize.hpp"
#include "optimize/simulated_annealing.hpp"
#include "random/pcg32.hpp"
#include "span.hpp"
#include "status.hpp"

namespace langevin {

/// Version of the blob layout; restoring a blob of another version is corrupt_data.
constexpr std::uint16_t checkpoint_format_version = 1u;

/// What a blob holds (the low 12 bits of the kind field). Values are part of the format:
/// never renumber.
enum class checkpoint_kind : std::uint16_t {
  pcg32 = 0x0001,
  minimizer = 0x0010,
  euler_maruyama = 0x0020,
  leimkuhler_matthews = 0x0021,
  baoab = 0x0022,
  annealing_sgd = 0x0030,
  batch_sampler = 0x0031,
  simulated_annealer = 0x0040,
};

/// The identity of a checkpointable class template: its kind and its shape (the sizes it
/// was instantiated with). Specialised below for each family of the library.
template <class T>
struct checkpoint_family;

namespace detail {

constexpr std::size_t checkpoint_header_size = 16u;
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

/// Kind field: family plus the scalar type (none, float, double).
template <class Real>
constexpr std::uint16_t checkpoint_kind_with_real(checkpoint_kind kind) noexcept {
  return static_cast<std::uint16_t>(static_cast<std::uint16_t>(kind) |
                                    (std::is_same<Real, float>::value    ? 0x1000u
                                     : std::is_same<Real, double>::value ? 0x2000u
                                                                         : 0x0000u));
}

/// Shape field: FNV-1a (32-bit) of the sizes a family was instantiated with.
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

/// True if T offers `state_type state() const` (or a const reference to it) and
/// `status set_state(const state_type&)`, with a trivially copyable state_type.
template <class T, class = void>
struct has_state_api : std::false_type {};
template <class T>
struct has_state_api<T, std::void_t<typename T::state_type, decltype(std::declval<const T&>().state()),
                                    decltype(std::declval<T&>().set_state(
                                        std::declval<const typename T::state_type&>()))>>
    : std::bool_constant<
          std::is_trivially_copyable<typename T::state_type>::value &&
          std::is_same<decltype(std::declval<T&>().set_state(std::declval<const typename T::state_type&>())),
                       status>::value &&
          std::is_convertible<decltype(std::declval<const T&>().state()), const typename T::state_type&>::value> {};

/// Writes little-endian fields into a blob; the caller guarantees the room.
class checkpoint_writer {
 public:
  explicit constexpr checkpoint_writer(unsigned char* out) noexcept : out_(out) {}
  constexpr void u8(std::uint8_t v) noexcept { *out_++ = v; }
  constexpr void u16(std::uint16_t v) noexcept { little_endian(v, 2u); }
  constexpr void u32(std::uint32_t v) noexcept { little_endian(v, 4u); }
  constexpr void u64(std::uint64_t v) noexcept { little_endian(v, 8u); }

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

 private:
  constexpr std::uint64_t little_endian(unsigned bytes) noexcept {
    std::uint64_t v = 0;
    for (unsigned i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(*in_++) << (8u * i);
    return v;
  }
  const unsigned char* in_;
};

}  // namespace detail

/// How one object type is checkpointed: kind, shape, payload size, and how the payload is
/// written and read back. The primary template serves every type with a checkpoint family
/// and a state()/set_state() pair (payload: the object representation of its state_type;
/// set_state() validates it). pcg32 has its own portable specialisation below.
template <class T>
struct checkpoint_traits {
  static_assert(detail::has_state_api<T>::value,
                "checkpoint: T needs `state_type`, `state() const` and `status set_state(const state_type&)`");
  using state_type = typename T::state_type;
  static constexpr std::uint16_t kind = checkpoint_family<T>::kind;
  static constexpr std::uint32_t shape = checkpoint_family<T>::shape;
  static constexpr std::size_t payload_size = sizeof(state_type);
  static void write(const T& object, unsigned char* payload) noexcept {
    const state_type& state = object.state();
    std::memcpy(payload, &state, sizeof(state_type));
  }
  static status read(const unsigned char* payload, T& object) noexcept {
    state_type state;
    std::memcpy(&state, payload, sizeof(state_type));
    return object.set_state(state);
  }
};

/// True if save_checkpoint / restore_checkpoint accept a `T`.
template <class T, class = void>
struct is_checkpointable : std::bool_constant<detail::has_state_api<T>::value> {};
template <class T>
inline constexpr bool is_checkpointable_v = is_checkpointable<T>::value;

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
  w.u16(traits::kind);
  w.u32(traits::shape);
  w.u32(static_cast<std::uint32_t>(traits::payload_size));
  traits::write(object, out + detail::checkpoint_header_size);
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
  if (r.u16() != traits::kind) return status::corrupt_data;
  if (r.u32() != traits::shape) return status::corrupt_data;
  if (r.u32() != traits::payload_size) return status::corrupt_data;
  constexpr std::size_t covered = detail::checkpoint_header_size + traits::payload_size;
  detail::checkpoint_reader crc_reader{blob + covered};
  if (crc_reader.u32() != detail::crc32(blob, covered)) return status::corrupt_data;
  // traits::read validates before it assigns: on failure the object is unchanged.
  if (traits::read(blob + detail::checkpoint_header_size, object) != status::ok) return status::corrupt_data;
  return status::ok;
}

/// Restores `object` from a blob in a caller-owned span (see the pointer overload).
template <class T>
status restore_checkpoint(T& object, span<const unsigned char> blob) noexcept {
  return restore_checkpoint(object, blob.data(), blob.size());
}

// --- checkpointable types ---------------------------------------------------------------------

/// pcg32: payload = state (u64), increment (u64), little-endian; a 36-byte blob, valid on
/// any machine. An even increment is rejected (no pcg32 has one).
template <>
struct checkpoint_traits<pcg32> {
  static constexpr std::uint16_t kind = static_cast<std::uint16_t>(checkpoint_kind::pcg32);
  static constexpr std::uint32_t shape = 0u;
  static constexpr std::size_t payload_size = 16u;
  static void write(const pcg32& g, unsigned char* payload) noexcept {
    const pcg32_state s = g.state();
    detail::checkpoint_writer w{payload};
    w.u64(s.state);
    w.u64(s.increment);
  }
  static status read(const unsigned char* payload, pcg32& g) noexcept {
    detail::checkpoint_reader r{payload};
    pcg32_state s{};
    s.state = r.u64();
    s.increment = r.u64();
    return g.set_state(s);
  }
};
template <>
struct is_checkpointable<pcg32> : std::true_type {};

template <class Real, std::size_t N, std::size_t Replicas, std::size_t Memory>
struct checkpoint_family<minimizer<Real, N, Replicas, Memory>> {
  static constexpr std::uint16_t kind = detail::checkpoint_kind_with_real<Real>(checkpoint_kind::minimizer);
  static constexpr std::uint32_t shape = detail::checkpoint_shape(N, Replicas, Memory);
};
template <class Real, std::size_t N>
struct checkpoint_family<euler_maruyama<Real, N>> {
  static constexpr std::uint16_t kind = detail::checkpoint_kind_with_real<Real>(checkpoint_kind::euler_maruyama);
  static constexpr std::uint32_t shape = detail::checkpoint_shape(N);
};
template <class Real, std::size_t N>
struct checkpoint_family<leimkuhler_matthews<Real, N>> {
  static constexpr std::uint16_t kind =
      detail::checkpoint_kind_with_real<Real>(checkpoint_kind::leimkuhler_matthews);
  static constexpr std::uint32_t shape = detail::checkpoint_shape(N);
};
template <class Real, std::size_t N>
struct checkpoint_family<baoab<Real, N>> {
  static constexpr std::uint16_t kind = detail::checkpoint_kind_with_real<Real>(checkpoint_kind::baoab);
  static constexpr std::uint32_t shape = detail::checkpoint_shape(N);
};
template <class Real, std::size_t P, std::size_t IndexCapacity>
struct checkpoint_family<annealing_sgd<Real, P, IndexCapacity>> {
  static constexpr std::uint16_t kind = detail::checkpoint_kind_with_real<Real>(checkpoint_kind::annealing_sgd);
  static constexpr std::uint32_t shape = detail::checkpoint_shape(P, IndexCapacity, sizeof(std::size_t));
};
template <class Real, std::size_t N>
struct checkpoint_family<simulated_annealer<Real, N>> {
  static constexpr std::uint16_t kind =
      detail::checkpoint_kind_with_real<Real>(checkpoint_kind::simulated_annealer);
  static constexpr std::uint32_t shape = detail::checkpoint_shape(N);
};
template <std::size_t IndexCapacity>
struct checkpoint_family<batch_sampler<IndexCapacity>> {
  static constexpr std::uint16_t kind = static_cast<std::uint16_t>(checkpoint_kind::batch_sampler);
  static constexpr std::uint32_t shape = detail::checkpoint_shape(IndexCapacity);
};

}  // namespace langevin

#endif
