/// \file
/// The data-set side of stochastic optimization: how mini-batches are drawn from N samples
/// that live in the caller's memory (RAM or flash) and are never copied.
///
/// `batch_sampler` hands out sample indices, one mini-batch per call, with bounded work:
/// O(batch) per batch, no O(N) pass at epoch boundaries. Shuffled epochs use an
/// incremental Fisher-Yates shuffle on a fixed-capacity index buffer (see `sampling`).
/// Its logic is written once (detail::sampler_*, over a run-time capacity); the
/// `batch_sampler<IndexCapacity>` class only owns the index buffer.
#ifndef LANGEVIN_OPTIMIZE_DATASET_HPP
#define LANGEVIN_OPTIMIZE_DATASET_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "../config.hpp"
#include "../detail/checkpoint_io.hpp"
#include "../detail/narrow.hpp"
#include "../random/shuffle.hpp"
#include "../span.hpp"
#include "../status.hpp"

#if LANGEVIN_SOFT_DOUBLE
#define LANGEVIN_SAMPLER_PICK inline
#else
#define LANGEVIN_SAMPLER_PICK [[gnu::always_inline]] inline
#endif

namespace langevin {
inline namespace LANGEVIN_ABI {

/// How the samples of each mini-batch are chosen. An epoch is ceil(N / B) batches.
enum class sampling : unsigned char {
  /// Every epoch visits each of the N samples exactly once, in a uniformly random order
  /// (the last batch of an epoch has N mod B samples when B does not divide N). Needs the
  /// index buffer: N <= IndexCapacity. Per sample: one bounded draw and one swap.
  without_replacement,
  /// Each sample of a batch is drawn uniformly and independently from all N (one bounded
  /// draw per sample); every batch has exactly B samples. Needs no buffer.
  with_replacement,
  /// Batches are consecutive slices 0..B-1, B..2B-1, ... in index order; consumes no random
  /// numbers. With B = N every batch is the whole data set: full-batch gradient descent.
  in_order,
};

template <class Real, std::size_t P, std::size_t IndexCapacity>
class annealing_sgd;

namespace detail {

/// Smallest unsigned type that holds every index below `Capacity`.
template <std::size_t Capacity>
using sample_index_t = std::conditional_t<
    (Capacity <= 0x100u), std::uint8_t,
    std::conditional_t<(Capacity <= 0x10000u), std::uint16_t, std::uint32_t>>;

/// Largest N a sampler accepts: sample indices are 32-bit.
constexpr std::uint64_t largest_sample_count = 0xFFFFFFFFu;

/// Values a sampled index window covers in one pass of the permutation check.
constexpr std::uint32_t permutation_window = 256u;

constexpr bool is_sampling_mode(sampling mode) noexcept {
  return mode == sampling::without_replacement || mode == sampling::with_replacement || mode == sampling::in_order;
}

/// The scalars of a batch sampler; its order buffer belongs to the sized class. Every byte
/// is a field (no padding), so a saved sampler has no indeterminate bytes.
struct sampler_core {
  std::uint64_t epochs = 0u;   ///< completed epochs since init (or since annealing_sgd::place)
  std::uint32_t count = 0u;    ///< N; 0 until init() succeeds
  std::uint32_t batch = 0u;    ///< B
  std::uint32_t cursor = 0u;   ///< samples of the current epoch handed out: a multiple of B below N
  sampling mode = sampling::in_order;
  std::uint8_t reserved[3] = {};
};
static_assert(sizeof(sampler_core) == 24u, "sampler_core has no padding");

/// ok if N samples in batches of B can be drawn in `mode` with an order buffer of
/// `capacity` indices; invalid_argument for N = 0, N > largest_sample_count, B = 0, B > N
/// or an unknown mode; buffer_too_small for without_replacement with N > capacity.
inline status sampler_check(std::size_t sample_count, std::size_t batch_size, sampling mode,
                            std::uint32_t capacity) noexcept {
  if (sample_count == 0u || sample_count > largest_sample_count) {
    return status::invalid_argument;
  }
  if (batch_size == 0u || batch_size > sample_count || !is_sampling_mode(mode)) return status::invalid_argument;
  if (mode == sampling::without_replacement && sample_count > capacity) return status::buffer_too_small;
  return status::ok;
}

/// Starts epoch 0 of a checked configuration; without replacement the order buffer gets
/// 0 .. N-1 (O(N), the only O(N) pass).
template <class Index>
void sampler_start(sampler_core& core, Index* order, std::uint32_t sample_count, std::uint32_t batch_size,
                   sampling mode) noexcept {
  core.count = sample_count;
  core.batch = batch_size;
  core.cursor = 0u;
  core.epochs = 0u;
  core.mode = mode;
  if (mode == sampling::without_replacement) {
    for (std::uint32_t i = 0; i < sample_count; ++i) order[i] = static_cast<Index>(i);
  }
}

/// Back to position 0 of epoch 0, keeping N, B, the mode and the order buffer (still a
/// permutation, and Fisher-Yates from any arrangement gives a uniform order).
inline void sampler_restart(sampler_core& core) noexcept {
  core.cursor = 0u;
  core.epochs = 0u;
}

/// Samples in the next batch: B, or what is left of the epoch when that is less (without
/// replacement and in order).
inline std::uint32_t sampler_next_batch_size(const sampler_core& core) noexcept {
  if (core.mode == sampling::with_replacement) return core.batch;
  const std::uint32_t remaining = core.count - core.cursor;
  return remaining < core.batch ? remaining : core.batch;
}

/// The k-th sample index of the batch being drawn (k = 0, 1, ... in this order). Without
/// replacement, position k of the epoch first swaps with a uniformly chosen later one.
/// Always inline where Real arithmetic is in hardware (it sits in the per-sample loop of
/// annealing_sgd, whose metered and plain batches both call it; a call per sample costs
/// the plain loop about a quarter more instructions at B = 32).
template <class Index, class Rng>
LANGEVIN_SAMPLER_PICK std::uint32_t sampler_pick(sampler_core& core, Index* order, Rng& rng, std::uint32_t k) noexcept {
  if (core.mode == sampling::with_replacement) return bounded_index(rng, core.count);
  const std::uint32_t position = core.cursor + k;
  if (core.mode == sampling::in_order) return position;
  const std::uint32_t left = core.count - position;
  if (left > 1u) {
    const std::uint32_t j = position + bounded_index(rng, left);
    const Index chosen = order[j];
    order[j] = order[position];
    order[position] = chosen;
  }
  return order[position];
}

/// Advances the epoch position past the batch just drawn (with replacement: by
/// min(B, N - position)) and counts a completed epoch.
inline void sampler_finish_batch(sampler_core& core) noexcept {
  const std::uint32_t remaining = core.count - core.cursor;
  core.cursor += remaining < core.batch ? remaining : core.batch;
  if (core.cursor == core.count) {
    core.cursor = 0u;
    ++core.epochs;
  }
}

/// Batches per epoch, ceil(N / B); 0 before init.
inline std::uint32_t sampler_batches_per_epoch(const sampler_core& core) noexcept {
  return core.batch == 0u ? 0u : core.count / core.batch + (core.count % core.batch != 0u ? 1u : 0u);
}

/// True if saved scalars are ones a sampler with an order buffer of `capacity` can hold:
/// reserved bytes 0 and a known mode; never initialised: N = B = position = epochs = 0 and
/// the start mode (in_order); else 1 <= B <= N, a position below N on the batch grid and,
/// without replacement, N <= capacity.
inline bool sampler_core_valid(const sampler_core& core, std::uint32_t capacity) noexcept {
  for (const std::uint8_t byte : core.reserved) {
    if (byte != 0u) return false;
  }
  if (!is_sampling_mode(core.mode)) return false;
  if (core.count == 0u) {
    return core.batch == 0u && core.cursor == 0u && core.epochs == 0u && core.mode == sampling::in_order;
  }
  if (core.batch == 0u || core.batch > core.count || core.cursor >= core.count) return false;
  if (core.cursor % core.batch != 0u) return false;
  return core.mode != sampling::without_replacement || core.count <= capacity;
}

/// True if the first n saved indices hold each of 0 .. n-1 exactly once: for each window of
/// permutation_window values, one pass over the saved indices marks those in it (refusing
/// repeats and values >= n), then the window must be full. Work O(n^2 / 256); stack: one
/// 32-byte bit set.
template <class Index>
bool saved_order_is_permutation(checkpoint_reader order, std::uint32_t n) noexcept {
  constexpr std::uint32_t word_bits = 32u;
  for (std::uint32_t base = 0u; base < n; base += permutation_window) {
    std::uint32_t seen[permutation_window / word_bits] = {};
    std::uint32_t found = 0u;
    for (std::uint32_t i = 0u; i < n; ++i) {
      const std::uint32_t value = order.at<Index>(i);
      if (value >= n) return false;
      if (value < base || value - base >= permutation_window) continue;
      const std::uint32_t offset = value - base;
      const std::uint32_t bit = 1u << (offset % word_bits);
      if ((seen[offset / word_bits] & bit) != 0u) return false;
      seen[offset / word_bits] |= bit;
      ++found;
    }
    const std::uint32_t expected = n - base < permutation_window ? n - base : permutation_window;
    if (found != expected) return false;
  }
  return true;
}

/// True if a saved sampler (its core, then `capacity` indices) is one a sampler can hold:
/// sampler_core_valid(), an order buffer still all zero if never initialised, and a
/// permutation of 0 .. N-1 in its first N entries without replacement.
template <class Index>
[[gnu::noinline]] bool saved_sampler_valid(checkpoint_reader core_bytes, checkpoint_reader order,
                                           std::uint32_t capacity) noexcept {
  const auto core = core_bytes.get<sampler_core>();
  if (!sampler_core_valid(core, capacity)) return false;
  if (core.count == 0u) {
    for (std::uint32_t i = 0u; i < capacity; ++i) {
      if (order.at<Index>(i) != 0u) return false;
    }
    return true;
  }
  return core.mode != sampling::without_replacement || saved_order_is_permutation<Index>(order, core.count);
}

/// The samples of a data argument, as a read-only span: a span of const or mutable
/// samples, a std::array or a C array (no copy).
template <class Sample>
constexpr span<const Sample> sample_view(span<Sample> samples) noexcept {
  return span<const Sample>(samples.data(), samples.size());
}
template <class Sample, std::size_t K>
constexpr span<const Sample> sample_view(const std::array<Sample, K>& samples) noexcept {
  return span<const Sample>(samples.data(), K);
}
template <class Sample, std::size_t K>
constexpr span<const Sample> sample_view(const Sample (&samples)[K]) noexcept {
  return span<const Sample>(samples, K);
}

template <class Data, class = void>
struct is_sample_data : std::false_type {};
template <class Data>
struct is_sample_data<Data, std::void_t<decltype(sample_view(std::declval<const Data&>()))>> : std::true_type {};

/// True if `Data` is a form of data argument sample_view() accepts.
template <class Data>
inline constexpr bool is_sample_data_v = is_sample_data<Data>::value;

/// The sample type of a data argument `Data` (see sample_view).
template <class Data>
using sample_of_t = std::remove_const_t<
    typename decltype(sample_view(std::declval<const Data&>()))::element_type>;

}  // namespace detail

/// Draws mini-batches of sample indices in [0, N). Trivially copyable, no pointers: it
/// can live in `.bss` and be checkpointed (checkpoint.hpp; restoring a shuffled epoch
/// checks that its N indices are a permutation, N ceil(N / 256) reads).
///
/// \tparam IndexCapacity  largest N usable with `sampling::without_replacement` (the
///   epoch order buffer holds IndexCapacity indices of `index_type`: 1 byte each up to
///   256 samples, 2 bytes up to 65536, else 4). 0 means no buffer: only
///   `with_replacement` and `in_order` are available.
///
/// Work per batch of b samples: O(b), plus the expected O(1) rejection loop inside each
/// bounded draw (an extra 32-bit draw with probability < N / 2^32). The epoch order is
/// shuffled incrementally (position k of the epoch swaps with a uniformly chosen position
/// in [k, N) just before it is used), so no batch pays for an O(N) shuffle; the buffer is
/// never reset between epochs, because Fisher-Yates applied to any arrangement yields a
/// uniformly random permutation. `init` alone fills the buffer, in O(N).
///
/// Random numbers come from any UniformRandomBitGenerator the caller passes (pcg32 uses
/// its own bounded(), so a pcg32 gives the same indices on every port).
template <std::size_t IndexCapacity>
class batch_sampler {
  static_assert(IndexCapacity <= detail::largest_sample_count, "sample indices are 32-bit");

 public:
  using index_type = detail::sample_index_t<IndexCapacity>;
  static constexpr std::size_t index_capacity = IndexCapacity;

  /// Prepares epoch 0 for `sample_count` samples (N) and batches of `batch_size` (B).
  /// Returns invalid_argument if N = 0, N >= 2^32, B = 0, B > N or `mode` is not an
  /// enumerator; buffer_too_small if `mode` is without_replacement and N > IndexCapacity.
  /// On failure the sampler is left unchanged. Work: O(N) without replacement, else O(1).
  status init(std::size_t sample_count, std::size_t batch_size, sampling mode) noexcept {
    const status checked = detail::sampler_check(sample_count, batch_size, mode, capacity());
    if (checked != status::ok) return checked;
    detail::sampler_start(core_, order_.data(), detail::low_32_bits(sample_count), detail::low_32_bits(batch_size),
                          mode);
    return status::ok;
  }

  /// Draws the next batch: calls `visit(i)` with each sample index i (a std::size_t in
  /// [0, N)) in batch order, advances the epoch position and returns the batch size b
  /// (B, or N mod B for the last batch of an epoch when sampling without replacement or in
  /// order). Same as `b = next_batch_size(); for k < b: visit(pick(rng, k)); finish_batch();`.
  /// Before a successful `init`: returns 0, visits nothing and changes nothing.
  template <class Rng, class Visit>
  std::size_t draw(Rng& rng, Visit&& visit) noexcept {
    if (core_.count == 0u) return 0u;
    const std::uint32_t size = detail::sampler_next_batch_size(core_);
    for (std::uint32_t k = 0; k < size; ++k) {
      visit(static_cast<std::size_t>(detail::sampler_pick(core_, order_.data(), rng, k)));
    }
    detail::sampler_finish_batch(core_);
    return size;
  }

  /// The k-th sample index of the batch being drawn, for k = 0, 1, ..., next_batch_size()
  /// - 1 in this order (each call draws its randomness from `rng`); then call
  /// `finish_batch()`. The per-sample form of `draw`. For k >= next_batch_size() (and
  /// before a successful `init`) returns sample_count(), which is no sample index, without
  /// drawing or changing anything.
  template <class Rng>
  std::size_t pick(Rng& rng, std::size_t k) noexcept {
    if (k >= detail::sampler_next_batch_size(core_)) return core_.count;
    return detail::sampler_pick(core_, order_.data(), rng, detail::low_32_bits(k));
  }

  /// Ends the batch whose samples `pick` handed out: advances the epoch position by the
  /// batch's share of the epoch (with replacement: min(B, N - position)) and counts a
  /// completed epoch. Does nothing before a successful `init`.
  void finish_batch() noexcept {
    if (core_.count != 0u) detail::sampler_finish_batch(core_);
  }

  /// Number of samples the next `draw` visits.
  std::size_t next_batch_size() const noexcept { return detail::sampler_next_batch_size(core_); }
  /// N, as given to `init` (0 before).
  std::size_t sample_count() const noexcept { return core_.count; }
  /// B, as given to `init` (0 before).
  std::size_t batch_size() const noexcept { return core_.batch; }
  /// Batches per epoch: ceil(N / B); 0 before `init`.
  std::size_t batches_per_epoch() const noexcept { return detail::sampler_batches_per_epoch(core_); }
  /// Samples of the current epoch already handed out (with replacement: slots, B per
  /// batch, capped at N - position).
  std::size_t position() const noexcept { return core_.cursor; }
  /// Completed epochs since `init`.
  std::uint64_t epochs() const noexcept { return core_.epochs; }
  /// The sampling mode given to `init` (in_order before).
  sampling mode() const noexcept { return core_.mode; }
  /// The epoch order buffer (without replacement only): its first `position()` entries are
  /// the samples of the current epoch visited so far, in visit order.
  span<const index_type> order() const noexcept {
    return span<const index_type>(order_.data(), core_.mode == sampling::without_replacement ? core_.count : 0u);
  }

 private:
  template <class, std::size_t, std::size_t>
  friend class annealing_sgd;
  friend struct checkpoint_access;

  static constexpr std::uint32_t capacity() noexcept { return detail::low_32_bits(IndexCapacity); }

  static constexpr checkpoint_identity checkpoint_id{0x0031u, 1u, detail::checkpoint_shape(IndexCapacity)};
  static constexpr std::size_t order_bytes = IndexCapacity * sizeof(index_type);
  static constexpr std::size_t checkpoint_payload_size = sizeof(detail::sampler_core) + order_bytes;
  void checkpoint_save(detail::checkpoint_writer& out) const noexcept { save_parts(out); }
  /// See detail::saved_sampler_valid.
  static bool checkpoint_valid(detail::checkpoint_reader in) noexcept {
    const detail::checkpoint_reader core_bytes = in.take<detail::sampler_core>(1u);
    return detail::saved_sampler_valid<index_type>(core_bytes, in, capacity());
  }
  void checkpoint_load(detail::checkpoint_reader in) noexcept { load_parts(in); }

  /// The payload: the core, then the order buffer (nothing for IndexCapacity 0).
  void save_parts(detail::checkpoint_writer& out) const noexcept {
    out.put(core_);
    if constexpr (IndexCapacity > 0u) out.put(order_);
  }
  void load_parts(detail::checkpoint_reader& in) noexcept {
    in.get_to(core_);
    if constexpr (IndexCapacity > 0u) in.get_to(order_);
  }

  detail::sampler_core core_{};
  std::array<index_type, IndexCapacity> order_{};
};

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#undef LANGEVIN_SAMPLER_PICK

#endif
