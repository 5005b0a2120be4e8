// Test helpers for forged checkpoints: blobs whose payload bytes were edited and whose CRC
// was then made valid again, so that only the class's own validation stands between the
// forged state and the object.
#ifndef LANGEVIN_TEST_CHECKPOINT_FORGE_HPP
#define LANGEVIN_TEST_CHECKPOINT_FORGE_HPP

#include <cstddef>
#include <cstring>

#include <langevin/checkpoint.hpp>

namespace langevin_test {

/// The blob of `object`.
template <class T>
langevin::checkpoint_blob<T> blob_of(const T& object) {
  langevin::checkpoint_blob<T> blob{};
  langevin::save_checkpoint(object, blob);
  return blob;
}

/// Recomputes the CRC of a blob after its header or payload was edited.
template <class T>
void fix_crc(langevin::checkpoint_blob<T>& blob) {
  const std::size_t covered = blob.size() - langevin::detail::checkpoint_crc_size;
  const std::uint32_t crc = langevin::detail::crc32(blob.data(), covered);
  for (unsigned i = 0; i < 4u; ++i) blob[covered + i] = static_cast<unsigned char>(crc >> (8u * i));
}

/// Writes `value`'s bytes at byte `offset` of the payload and makes the CRC valid again.
template <class T, class V>
void forge(langevin::checkpoint_blob<T>& blob, std::size_t offset, const V& value) {
  std::memcpy(blob.data() + langevin::detail::checkpoint_header_size + offset, &value, sizeof(V));
  fix_crc<T>(blob);
}

/// The value of type V at byte `offset` of the payload.
template <class V, class T>
V payload_value(const langevin::checkpoint_blob<T>& blob, std::size_t offset) {
  V value;
  std::memcpy(&value, blob.data() + langevin::detail::checkpoint_header_size + offset, sizeof(V));
  return value;
}

/// True if restoring `blob` into `target` is refused and leaves its bytes unchanged.
template <class T>
bool refused_unchanged(const langevin::checkpoint_blob<T>& blob, T& target) {
  unsigned char before[sizeof(T)];
  std::memcpy(before, &target, sizeof(T));
  const langevin::status s = langevin::restore_checkpoint(target, blob.data(), blob.size());
  return s != langevin::status::ok && std::memcmp(before, &target, sizeof(T)) == 0;
}

}  // namespace langevin_test

#endif
