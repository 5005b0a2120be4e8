/// \file
/// The data-set side of stochastic optimization: how mini-batches are drawn from N samples
/// that live in the caller's memory (RAM or flash) and are never copied.
///
/// `batch_sampler` hands out sample indices, one mini-batch per call, with bounded work:
/// O(batch) per batch, no O(N) pass at epoch boundaries. Shuffled epochs use an
/// incremental Fisher-Yates shuffle on a fixed-capacity index buffer (see `sampling`).
#ifndef LANGEVIN_OPTIMIZE_DATASET_HPP
#define LANGEVIN_OPTIMIZE_DATASET_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "../random/pcg32.hpp"
#include "../span.hpp"
#include "../status.hpp"

namespace langevin {

/// How the samples of each mini-batch are chosen. An epoch is ceil(N / B) batches.
enum class sampling : unsigned char {
  /// Every epoch visits each of the N samples exactly once, in a uniformly random order
  /// (the last batch of an epoch has N mod B samples when B does not divide N). Needs the
  /// index buffer: N <= IndexCapacity. Per sample: one `pcg32::bounded` draw and one swap.
  without_replacement,
  /// Each sample of a batch is drawn uniformly and independently from all N (one
  /// `pcg32::bounded` draw per sample); every batch has exactly B samples. No buffer.
  with_replacement,
  /// Batches are consecutive slices 0..B-1, B..2B-1, ... in index order; consumes no random
  /// numbers. With B = N every batch is the whole data set: full-batch gradient descent.
  in_order,
};

namespace detail {
/// Smallest unsigned type that holds every index below `Capacity`.
template <std::size_t Capacity>
using sample_index_t = std::conditional_t<
    (Capacity <= 0x100u), std::uint8_t,
    std::conditional_t<(Capacity <= 0x10000u), std::uint16_t, std::uint32_t>>;
}  // namespace detail

/// Draws mini-batches of sample indices in [0, N). Trivially copyable, no pointers: it
/// can live in `.bss` and be checkpointed by copying its bytes.
///
/// \tparam IndexCapacity  largest N usable with `sampling::without_replacement` (the
///   epoch order buffer holds IndexCapacity indices of `index_type`: 1 byte each up to
///   256 samples, 2 bytes up to 65536, else 4). 0 means no buffer: only
///   `with_replacement` and `in_order` are available.
///
/// Work per batch of b samples: O(b), plus the expected O(1) rejection loop inside each
/// `pcg32::bounded` draw (an extra 32-bit draw with probability < N / 2^32). The epoch
/// order is shuffled incrementally (position k of the epoch swaps with a uniformly chosen
/// position in [k, N) just before it is used), so no batch pays for an O(N) shuffle; the
/// buffer is never reset between epochs, because Fisher-Yates applied to any arrangement
/// yields a uniformly random permutation. `init` alone fills the buffer, in O(N).
template <std::size_t IndexCapacity>
class batch_sampler {
  static_assert(IndexCapacity <= 0xFFFFFFFFu, "sample indices are 32-bit");

 public:
  using index_type = detail::sample_index_t<IndexCapacity>;
  static constexpr std::size_t index_capacity = IndexCapacity;

  /// Prepares epoch 0 for `sample_count` samples (N) and batches of `batch_size` (B).
  /// Returns invalid_argument if N = 0, N >= 2^32, B = 0, B > N or `mode` is not an
  /// enumerator; buffer_too_small if `mode` is without_replacement and N > IndexCapacity.
  /// On failure the sampler is left unchanged.
  constexpr status init(std::size_t sample_count, std::size_t batch_size, sampling mode) noexcept {
    if (sample_count == 0u || sample_count > 0xFFFFFFFFu) return status::invalid_argument;
    if (batch_size == 0u || batch_size > sample_count) return status::invalid_argument;
    if (mode != sampling::without_replacement && mode != sampling::with_replacement &&
        mode != sampling::in_order) {
      return status::invalid_argument;
    }
    if (mode == sampling::without_replacement && sample_count > IndexCapacity) {
      return status::buffer_too_small;
    }
    count_ = static_cast<std::uint32_t>(sample_count);
    batch_ = static_cast<std::uint32_t>(batch_size);
    cursor_ = 0u;
    epochs_ = 0u;
    mode_ = mode;
    if (mode == sampling::without_replacement) {
      for (std::size_t i = 0; i < sample_count; ++i) order_[i] = static_cast<index_type>(i);
    }
    return status::ok;
  }

  /// The saved state is the whole object (trivially copyable, no pointers): see
  /// checkpoint.hpp for saving it as a blob.
  using state_type = batch_sampler;

  /// The state, for checkpoints.
  constexpr const state_type& state() const noexcept { return *this; }

  /// True if `saved` holds values a batch_sampler can have, so that set_state() accepts
  /// it: either never initialized (all counters 0), or 1 <= B <= N < 2^32, an epoch
  /// position below N that is a multiple of B, a known mode and, without replacement,
  /// N <= IndexCapacity and an epoch order that is a permutation of 0 .. N-1. Work:
  /// O(N) for N <= 256, O(N^2 / 256) above (a 256-bit window on the stack, 32 bytes).
  static constexpr bool is_valid_state(const state_type& saved) noexcept {
    const sampling m = saved.mode_;
    if (m != sampling::without_replacement && m != sampling::with_replacement && m != sampling::in_order) return false;
    if (saved.count_ == 0u) return saved.batch_ == 0u && saved.cursor_ == 0u && saved.epochs_ == 0u;
    if (saved.batch_ == 0u || saved.batch_ > saved.count_ || saved.cursor_ >= saved.count_) return false;
    if (saved.cursor_ % saved.batch_ != 0u) return false;
    if (m != sampling::without_replacement) return true;
    return saved.count_ <= IndexCapacity && is_permutation(saved.order_.data(), saved.count_);
  }

  /// Restores a state saved by state(). Returns invalid_argument, changing nothing, unless
  /// is_valid_state(saved).
  constexpr status set_state(const state_type& saved) noexcept {
    if (!is_valid_state(saved)) return status::invalid_argument;
    *this = saved;
    return status::ok;
  }

  /// Draws the next batch: calls `visit(i)` with each sample index i (a std::size_t in
  /// [0, N)) in batch order, advances the epoch position and returns the batch size b
  /// (B, or N mod B for the last batch of an epoch when sampling without replacement or in
  /// order). Must follow a successful `init`. Same as
  /// `b = next_batch_size(); for k < b: visit(pick(g, k)); finish_batch();`.
  template <class Visit>
  constexpr std::size_t draw(pcg32& generator, Visit&& visit) noexcept {
    const std::size_t size = next_batch_size();
    for (std::size_t k = 0; k < size; ++k) visit(pick(generator, k));
    finish_batch();
    return size;
  }

  /// The k-th sample index of the batch being drawn, for k = 0, 1, ..., next_batch_size()
  /// - 1 in this order (each call draws its randomness); then call `finish_batch()`. The
  /// per-sample form of `draw`, for loops that want the model call in one place.
  constexpr std::size_t pick(pcg32& generator, std::size_t k) noexcept {
    if (mode_ == sampling::with_replacement) return static_cast<std::size_t>(generator.bounded(count_));
    const std::uint32_t position = cursor_ + static_cast<std::uint32_t>(k);
    if (mode_ == sampling::in_order) return position;
    const std::uint32_t left = count_ - position;
    if (left > 1u) {
      const std::uint32_t j = position + generator.bounded(left);
      const index_type chosen = order_[j];
      order_[j] = order_[position];
      order_[position] = chosen;
    }
    return static_cast<std::size_t>(order_[position]);
  }

  /// Ends the batch whose samples `pick` handed out: advances the epoch position by the
  /// batch's share of the epoch (with replacement: min(B, N - position)) and counts a
  /// completed epoch.
  constexpr void finish_batch() noexcept {
    const std::uint32_t remaining = count_ - cursor_;
    cursor_ += remaining < batch_ ? remaining : batch_;
    if (cursor_ == count_) {
      cursor_ = 0u;
      ++epochs_;
    }
  }

  /// Number of samples the next `draw` visits.
  constexpr std::size_t next_batch_size() const noexcept {
    if (mode_ == sampling::with_replacement) return batch_;
    const std::uint32_t remaining = count_ - cursor_;
    return remaining < batch_ ? remaining : batch_;
  }
  /// N, as given to `init`.
  constexpr std::size_t sample_count() const noexcept { return count_; }
  /// B, as given to `init`.
  constexpr std::size_t batch_size() const noexcept { return batch_; }
  /// Batches per epoch: ceil(N / B); 0 before `init`.
  constexpr std::size_t batches_per_epoch() const noexcept {
    return batch_ == 0u ? 0u : (count_ + batch_ - 1u) / batch_;
  }
  /// Samples of the current epoch already handed out (with replacement: slots, B per
  /// batch, capped at N - position).
  constexpr std::size_t position() const noexcept { return cursor_; }
  /// Completed epochs since `init`.
  constexpr std::uint64_t epochs() const noexcept { return epochs_; }
  /// The sampling mode given to `init`.
  constexpr sampling mode() const noexcept { return mode_; }
  /// The epoch order buffer (without replacement only): its first `position()` entries are
  /// the samples of the current epoch visited so far, in visit order.
  constexpr span<const index_type> order() const noexcept {
    return span<const index_type>(order_.data(), mode_ == sampling::without_replacement ? count_ : 0u);
  }

 private:
  /// True if order[0 .. n) holds each of 0 .. n-1 exactly once: for each window of 256
  /// values, one pass marks the entries that fall in it, refusing repeats and values >= n,
  /// then checks that the window is full.
  static constexpr bool is_permutation(const index_type* order, std::uint32_t n) noexcept {
    constexpr std::uint32_t window = 256u;
    for (std::uint32_t base = 0u; base < n; base += window) {
      std::uint32_t seen[window / 32u] = {};
      std::uint32_t found = 0u;
      for (std::uint32_t i = 0u; i < n; ++i) {
        const std::uint32_t value = order[i];
        if (value >= n) return false;
        if (value < base || value - base >= window) continue;
        const std::uint32_t offset = value - base;
        const std::uint32_t bit = 1u << (offset % 32u);
        if ((seen[offset / 32u] & bit) != 0u) return false;
        seen[offset / 32u] |= bit;
        ++found;
      }
      const std::uint32_t expected = n - base < window ? n - base : window;
      if (found != expected) return false;
    }
    return true;
  }

  std::array<index_type, IndexCapacity> order_{};
  std::uint32_t count_ = 0u;
  std::uint32_t batch_ = 0u;
  std::uint32_t cursor_ = 0u;
  std::uint64_t epochs_ = 0u;
  sampling mode_ = sampling::in_order;
};

}  // namespace langevin

#endif
