/// \file
/// Checkpoint / resume: every stateful object of the library saves into a fixed-size byte
/// blob and restores from it, so firmware can keep the blob in flash or backup RAM and
/// continue a run bit for bit after a reset. This header only frames the blob; each class
/// declares its own identity (kind, layout version, shape) and writes, checks and reads its
/// own payload (see detail/checkpoint_io.hpp).
///
/// Blob layout (integers little-endian), `checkpoint_size<T>` bytes in total:
///
///     offset  size  field
///     0       4     magic "LGVN" (0x4C 0x47 0x56 0x4E)
///     4       2     format version (checkpoint_format_version, 2)
///     6       2     object kind: the class's family, plus 0x1000 for float or 0x2000 for double
///     8       2     layout version of the class's payload
///     10      2     reserved, 0
///     12      4     shape: a hash of the object's template sizes (N, replicas, capacity, ...)
///     16      4     payload size P in bytes
///     20      P     payload (the object's state)
///     20 + P  4     CRC-32 (IEEE 802.3, as zlib's crc32) of bytes [0, 20 + P)
///
/// Payloads: pcg32 writes its two 64-bit words little-endian (a blob valid on any machine).
/// The other classes write the object representations of their members (scalars first,
/// then arrays); such a blob restores on any port with the same byte order, type sizes and
/// alignment rules: every preset of this project, none of them big-endian. No payload holds
/// a std::size_t or a pointer, so 32- and 64-bit ports read each other's blobs. Padding
/// bytes inside a payload are copied as they are, so two saves of equal objects may differ
/// there; the CRC covers them all the same.
///
/// Restoring checks, in order: magic, format version, size, kind, layout version, shape,
/// payload size, CRC, then the class's own validation of every field (values a real object
/// can hold: finite, in range, counters in order, flags 0 or 1, indices in bounds). A blob
/// of another format or layout version (e.g. from an older release) is refused with
/// status::version_mismatch; any other failure with status::corrupt_data. On failure the
/// object is unchanged. Validation reads the payload where it lies, field by field, so its
/// stack use does not depend on N or any capacity (the stack report lists restore). The CRC
/// detects every single-bit flip and every burst of up to 32 flipped bits; with the size
/// check, every truncation is refused. It guards against accidents (flash wear, a reset
/// during the write), not against a forger: a crafted blob with a valid CRC gets the
/// class's validation, which refuses every state the class cannot reach.
#ifndef LANGEVIN_CHECKPOINT_HPP
#define LANGEVIN_CHECKPOINT_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "config.hpp"
#include "detail/checkpoint_io.hpp"
#include "span.hpp"
#include "status.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

/// Version of the blob framing; a blob of another version is refused (version_mismatch).
/// Version 1 (releases up to 0.1) had a 16-byte header without the layout version.
constexpr std::uint16_t checkpoint_format_version = 2u;

/// Reaches the private checkpoint functions of the library's classes (each befriends it).
struct checkpoint_access {
  template <class T>
  static constexpr checkpoint_identity identity() noexcept {
    return T::checkpoint_id;
  }
  template <class T>
  static constexpr std::size_t payload_size() noexcept {
    return T::checkpoint_payload_size;
  }
  template <class T>
  static void save(const T& object, detail::checkpoint_writer& out) noexcept {
    object.checkpoint_save(out);
  }
  template <class T>
  static bool valid(detail::checkpoint_reader in) noexcept {
    return T::checkpoint_valid(in);
  }
  /// Out of line: the copy runs in a frame of its own, and a compiler that sees a blob of
  /// known size cannot analyse the (already refused) path of a larger class's load.
  template <class T>
  [[gnu::noinline]] static void load(T& object, detail::checkpoint_reader in) noexcept {
    object.checkpoint_load(in);
  }
};

namespace detail {

constexpr std::size_t checkpoint_header_size = 20u;
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

template <class T, class = void>
struct has_checkpoint_protocol : std::false_type {};
template <class T>
struct has_checkpoint_protocol<T, std::void_t<decltype(checkpoint_access::identity<T>()),
                                              decltype(checkpoint_access::payload_size<T>())>> : std::true_type {};

/// Writes the header (magic, format, kind, layout version, shape, payload size) of a blob
/// of `payload` bytes into out[0 .. 20). Shared by every type: only the payload is per type.
[[gnu::noinline]] inline void write_checkpoint_header(unsigned char* out, checkpoint_identity id,
                                                      std::size_t payload) noexcept {
  checkpoint_writer header{out};
  for (unsigned char c : checkpoint_magic) header.put(c);
  header.put_little_endian(checkpoint_format_version, 2u);
  header.put_little_endian(id.kind, 2u);
  header.put_little_endian(id.version, 2u);
  header.put_little_endian(0u, 2u);
  header.put_little_endian(id.shape, 4u);
  header.put_little_endian(payload, 4u);
}

/// Appends the CRC-32 of out[0 .. 20 + payload) after it.
[[gnu::noinline]] inline void write_checkpoint_crc(unsigned char* out, std::size_t payload) noexcept {
  const std::size_t covered = checkpoint_header_size + payload;
  checkpoint_writer crc{out + covered};
  crc.put_little_endian(crc32(out, covered), 4u);
}

/// Checks everything of a blob but the payload's own validation: size, magic, format
/// version, kind, layout version, shape, payload size and CRC (see restore_checkpoint).
[[gnu::noinline]] inline status check_checkpoint_frame(const unsigned char* blob, std::size_t blob_size,
                                                       checkpoint_identity id, std::size_t payload) noexcept {
  if (blob == nullptr || blob_size < 6u) return status::corrupt_data;
  checkpoint_reader header{blob};
  for (unsigned char c : checkpoint_magic) {
    if (header.get<unsigned char>() != c) return status::corrupt_data;
  }
  if (header.get_little_endian(2u) != checkpoint_format_version) return status::version_mismatch;
  if (blob_size < checkpoint_header_size) return status::corrupt_data;
  if (header.get_little_endian(2u) != id.kind) return status::corrupt_data;
  if (header.get_little_endian(2u) != id.version) return status::version_mismatch;
  if (blob_size < checkpoint_header_size + payload + checkpoint_crc_size) return status::corrupt_data;
  if (header.get_little_endian(2u) != 0u) return status::corrupt_data;
  if (header.get_little_endian(4u) != id.shape) return status::corrupt_data;
  if (header.get_little_endian(4u) != payload) return status::corrupt_data;
  const std::size_t covered = checkpoint_header_size + payload;
  checkpoint_reader crc{blob + covered};
  if (crc.get_little_endian(4u) != crc32(blob, covered)) return status::corrupt_data;
  return status::ok;
}

}  // namespace detail

/// True if save_checkpoint / restore_checkpoint accept a `T`.
template <class T>
inline constexpr bool is_checkpointable_v = detail::has_checkpoint_protocol<T>::value;

/// Size in bytes of the blob of a `T`.
template <class T>
constexpr std::size_t checkpoint_size =
    detail::checkpoint_header_size + checkpoint_access::payload_size<T>() + detail::checkpoint_crc_size;

/// A buffer of exactly the right size for the blob of a `T`.
template <class T>
using checkpoint_blob = std::array<unsigned char, checkpoint_size<T>>;

/// Writes the blob of `object` into out[0 .. checkpoint_size<T>). Returns
/// buffer_too_small (writing nothing) if `out_size` is smaller, or out is null. Work:
/// O(checkpoint_size<T>); stack: a few dozen bytes.
template <class T>
status save_checkpoint(const T& object, unsigned char* out, std::size_t out_size) noexcept {
  static_assert(is_checkpointable_v<T>, "save_checkpoint: T is not a checkpointable class of the library");
  if (out == nullptr || out_size < checkpoint_size<T>) return status::buffer_too_small;
  constexpr std::size_t payload = checkpoint_access::payload_size<T>();
  detail::write_checkpoint_header(out, checkpoint_access::identity<T>(), payload);
  detail::checkpoint_writer body{out + detail::checkpoint_header_size};
  checkpoint_access::save(object, body);
  detail::write_checkpoint_crc(out, payload);
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

/// Restores `object` from the blob in blob[0 .. blob_size); bytes past checkpoint_size<T>
/// are ignored (a blob may sit at the start of a larger flash page). The checks, in order:
/// magic (corrupt_data; so is a null blob or one shorter than the 6 bytes read), format
/// version (version_mismatch), the header's length, the kind (corrupt_data), the layout
/// version (version_mismatch), then the length of this version's blob, the reserved field,
/// shape, payload size and CRC (corrupt_data), and the state the payload holds
/// (corrupt_data if the object cannot have it). A blob of another layout version is
/// reported as such before its length is checked, since its length may differ: a caller
/// migrating it must check the length of that version itself. On any failure the object
/// is unchanged. Work: O(checkpoint_size<T>), except for a shuffled epoch order of N sample
/// indices (batch_sampler, annealing_sgd without replacement), whose permutation check
/// reads the N indices once per 256 values: N ceil(N / 256) reads (256 for N = 256, 16.8 M
/// for N = 65,536), with a 32-byte bit set as its only scratch; stack: the class's largest group
/// of scalars (its core), never its arrays.
template <class T>
status restore_checkpoint(T& object, const unsigned char* blob, std::size_t blob_size) noexcept {
  static_assert(is_checkpointable_v<T>, "restore_checkpoint: T is not a checkpointable class of the library");
  if (blob == nullptr) return status::corrupt_data;
  const status framed =
      detail::check_checkpoint_frame(blob, blob_size, checkpoint_access::identity<T>(), checkpoint_access::payload_size<T>());
  if (framed != status::ok) return framed;
  const detail::checkpoint_reader body{blob + detail::checkpoint_header_size};
  if (!checkpoint_access::valid<T>(body)) return status::corrupt_data;
  checkpoint_access::load(object, body);
  return status::ok;
}

/// Restores `object` from a blob in a caller-owned span (see the pointer overload).
template <class T>
status restore_checkpoint(T& object, span<const unsigned char> blob) noexcept {
  return restore_checkpoint(object, blob.data(), blob.size());
}

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
