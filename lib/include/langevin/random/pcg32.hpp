/// \file
/// PCG32 (PCG-XSH-RR 64/32): a 64-bit linear congruential state with a permuted 32-bit
/// output. The sequence equals pcg-cpp's `pcg32(seed, stream)` and pcg-c's
/// `pcg32_srandom_r(&rng, seed, stream)` bit for bit.
#ifndef LANGEVIN_RANDOM_PCG32_HPP
#define LANGEVIN_RANDOM_PCG32_HPP

#include <cstddef>
#include <cstdint>

#include "../config.hpp"
#include "../detail/checkpoint_io.hpp"
#include "../status.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

/// The whole state of a pcg32: 16 bytes, trivially copyable. `increment` is always odd.
struct pcg32_state {
  std::uint64_t state;
  std::uint64_t increment;
};

/// PCG-XSH-RR 64/32 random bit generator; a C++ UniformRandomBitGenerator.
/// Period 2^64 per stream, 2^63 streams. Every member is constexpr and noexcept.
class pcg32 {
 public:
  using result_type = std::uint32_t;

  static constexpr std::uint64_t multiplier = 6364136223846793005ULL;
  static constexpr std::uint64_t default_seed = 0x853c49e6748fea9bULL;
  static constexpr std::uint64_t default_stream = 0xda3e39cb94b95bdbULL >> 1;

  /// Seeded as pcg32(default_seed, default_stream), from constants: a default-constructed
  /// generator (e.g. a member of a zero-initialised object) costs two stores, no arithmetic.
  constexpr pcg32() noexcept : state_(default_seeded_state), increment_(default_increment) {}

  /// Seeds as pcg-c's pcg32_srandom_r(seed, stream); all 2^64 x 2^63 pairs are valid
  /// (the stream's top bit is ignored).
  constexpr explicit pcg32(std::uint64_t seed, std::uint64_t stream = default_stream) noexcept
      : state_(seeded_state(seed, (stream << 1u) | 1u)), increment_((stream << 1u) | 1u) {}

  static constexpr result_type min() noexcept { return 0u; }
  static constexpr result_type max() noexcept { return 0xFFFFFFFFu; }

  /// Next 32 random bits.
  constexpr result_type operator()() noexcept {
    const std::uint64_t old = state_;
    step();
    const auto xorshifted = static_cast<std::uint32_t>(((old >> 18u) ^ old) >> 27u);
    const auto rotation = static_cast<unsigned>(old >> 59u);
    return (xorshifted >> rotation) | (xorshifted << ((0u - rotation) & 31u));
  }

  /// Uniform integer in [0, bound), exactly unbiased (Lemire's multiply-and-reject:
  /// one 32x32->64 multiply, a division only when a rejection is possible). Consumes one
  /// output, or more with probability < bound / 2^32. `bound == 0` returns 0 and
  /// consumes nothing.
  constexpr result_type bounded(result_type bound) noexcept {
    if (bound == 0u) return 0u;
    std::uint64_t product = std::uint64_t{(*this)()} * bound;
    auto low = static_cast<std::uint32_t>(product);
    if (low < bound) {
      const std::uint32_t threshold = (0u - bound) % bound;
      while (low < threshold) {
        product = std::uint64_t{(*this)()} * bound;
        low = static_cast<std::uint32_t>(product);
      }
    }
    return static_cast<result_type>(product >> 32u);
  }

  /// Jumps `delta` outputs ahead in O(log delta) (Brown's LCG skip-ahead).
  constexpr void advance(std::uint64_t delta) noexcept {
    std::uint64_t accumulated_multiplier = 1u;
    std::uint64_t accumulated_increment = 0u;
    std::uint64_t current_multiplier = multiplier;
    std::uint64_t current_increment = increment_;
    while (delta > 0u) {
      if ((delta & 1u) != 0u) {
        accumulated_multiplier *= current_multiplier;
        accumulated_increment = accumulated_increment * current_multiplier + current_increment;
      }
      current_increment = (current_multiplier + 1u) * current_increment;
      current_multiplier *= current_multiplier;
      delta >>= 1u;
    }
    state_ = accumulated_multiplier * state_ + accumulated_increment;
  }

  /// Steps `delta` outputs back in O(log delta); backstep(n) undoes advance(n).
  constexpr void backstep(std::uint64_t delta) noexcept { advance(0u - delta); }

  /// Skips `count` outputs (same as advance; the name std engines use).
  constexpr void discard(std::uint64_t count) noexcept { advance(count); }

  /// Current state, for saving; restore with set_state().
  constexpr pcg32_state state() const noexcept { return {state_, increment_}; }

  /// Restores a saved state. An even increment cannot come from this generator:
  /// returns status::invalid_argument and leaves the generator unchanged.
  constexpr status set_state(const pcg32_state& saved) noexcept {
    if ((saved.increment & 1u) == 0u) return status::invalid_argument;
    state_ = saved.state;
    increment_ = saved.increment;
    return status::ok;
  }

  friend constexpr bool operator==(const pcg32& a, const pcg32& b) noexcept {
    return a.state_ == b.state_ && a.increment_ == b.increment_;
  }
  friend constexpr bool operator!=(const pcg32& a, const pcg32& b) noexcept { return !(a == b); }

 private:
  friend struct checkpoint_access;
  // Checkpoint: state and increment as little-endian 64-bit words (a 36-byte blob, valid on
  // any machine); an even increment is refused.
  static constexpr checkpoint_identity checkpoint_id{0x0001u, 1u, 0u};
  static constexpr std::size_t checkpoint_payload_size = 16u;
  void checkpoint_save(detail::checkpoint_writer& out) const noexcept {
    out.put_little_endian(state_, 8u);
    out.put_little_endian(increment_, 8u);
  }
  static bool checkpoint_valid(detail::checkpoint_reader in) noexcept {
    in.skip(8u);
    return (in.get_little_endian(8u) & 1u) != 0u;
  }
  void checkpoint_load(detail::checkpoint_reader in) noexcept {
    state_ = in.get_little_endian(8u);
    increment_ = in.get_little_endian(8u);
  }

  constexpr void step() noexcept { state_ = state_ * multiplier + increment_; }

  /// The state pcg32_srandom_r leaves: a step from state 0 (giving `increment`), plus the
  /// seed, then a step.
  static constexpr std::uint64_t seeded_state(std::uint64_t seed, std::uint64_t increment) noexcept {
    return (increment + seed) * multiplier + increment;
  }
  static constexpr std::uint64_t default_increment = (default_stream << 1u) | 1u;
  static constexpr std::uint64_t default_seeded_state = (default_increment + default_seed) * multiplier + default_increment;

  std::uint64_t state_;
  std::uint64_t increment_;
};

namespace detail {
constexpr bool pcg32_reference_sequence_holds() noexcept {
  pcg32 g{42u, 54u};
  const std::uint32_t expected[6] = {0xa15c02b7u, 0x7b47f409u, 0xba1d3330u,
                                     0x83d2f293u, 0xbfa4784bu, 0xcbed606eu};
  for (std::uint32_t value : expected) {
    if (g() != value) return false;
  }
  return true;
}
}  // namespace detail

static_assert(detail::pcg32_reference_sequence_holds(),
              "pcg32 must reproduce the pcg-c reference sequence for seed 42, stream 54");

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
