/// \file
/// Fisher-Yates shuffle of a caller-owned buffer (e.g. the index buffer of a mini-batch
/// sampler); the same generator state gives the same permutation on every port.
#ifndef LANGEVIN_RANDOM_SHUFFLE_HPP
#define LANGEVIN_RANDOM_SHUFFLE_HPP

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "../config.hpp"
#include "../detail/narrow.hpp"
#include "../status.hpp"
#include "detail/random_bits.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

namespace detail {

template <class Generator, class = void>
struct has_bounded : std::false_type {};
template <class Generator>
struct has_bounded<Generator,
                   decltype(static_cast<void>(std::declval<Generator&>().bounded(std::uint32_t{1})))>
    : std::true_type {};

/// Unbiased integer in [0, bound), bound >= 1: the generator's own bounded() when it has
/// one (langevin::pcg32), else Lemire's multiply-and-reject on 32-bit draws.
template <class Generator>
constexpr std::uint32_t bounded_index(Generator& g, std::uint32_t bound) noexcept(noexcept(g())) {
  if constexpr (has_bounded<Generator>::value) {
    return static_cast<std::uint32_t>(g.bounded(bound));
  } else {
    std::uint64_t product = std::uint64_t{random_bits_32(g)} * bound;
    auto low = static_cast<std::uint32_t>(product);
    if (low < bound) {
      const std::uint32_t threshold = (0u - bound) % bound;
      while (low < threshold) {
        product = std::uint64_t{random_bits_32(g)} * bound;
        low = static_cast<std::uint32_t>(product);
      }
    }
    return static_cast<std::uint32_t>(product >> 32u);
  }
}

}  // namespace detail

/// Shuffles first[0 .. count) in place; every one of the count! orders is equally likely
/// (given an ideal generator). Swaps element i with element bounded(i + 1) for
/// i = count - 1 down to 1: count - 1 calls of bounded(), each one generator output
/// except with probability < (i + 1) / 2^32. T must be swappable by move.
/// Returns status::invalid_argument, touching nothing and drawing nothing, when
/// `first` is null with count > 0 or count >= 2^32; count 0 or 1 is ok and draws nothing.
template <class Generator, class T>
constexpr status shuffle(Generator& g, T* first, std::size_t count) noexcept(noexcept(g())) {
  if (count > 0u && first == nullptr) return status::invalid_argument;
  if constexpr (sizeof(std::size_t) > sizeof(std::uint32_t)) {
    if (count > std::size_t{0xFFFFFFFFu}) return status::invalid_argument;
  }
  for (std::size_t i = count; i > 1u; --i) {
    const std::size_t j = detail::bounded_index(g, detail::low_32_bits(i - 1u) + 1u);
    T held = static_cast<T&&>(first[i - 1u]);
    first[i - 1u] = static_cast<T&&>(first[j]);
    first[j] = static_cast<T&&>(held);
  }
  return status::ok;
}

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
