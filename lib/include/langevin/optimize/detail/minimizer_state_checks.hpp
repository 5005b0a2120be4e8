/// \file
/// Validation of a saved minimizer (a checkpoint payload), field by field where it lies:
/// every value must be one a minimizer can hold, so a forged blob with a valid CRC is
/// refused instead of producing a run that evaluates outside the box or on non-finite
/// values. Each group of scalars is read and checked in a function of its own, which hands
/// the next group only the few values it needs: the stack never holds the whole state.
#ifndef LANGEVIN_OPTIMIZE_DETAIL_MINIMIZER_STATE_CHECKS_HPP
#define LANGEVIN_OPTIMIZE_DETAIL_MINIMIZER_STATE_CHECKS_HPP

#include <cstddef>
#include <cstdint>
#include <limits>

#include "../../config.hpp"
#include "../../detail/checkpoint_io.hpp"
#include "../../math.hpp"
#include "minimize_quench.hpp"
#include "minimizer_core.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {
namespace detail {

/// What later checks need from the settings and the progress of a saved minimizer.
struct minimizer_saved_summary {
  std::uint64_t max_calls;
  std::uint32_t quench_max_steps;
  std::uint8_t phase;
};

template <class Real>
inline bool finite_or_plus_infinity(Real v) noexcept {
  return math::is_finite(v) || math::same(v, std::numeric_limits<Real>::infinity());
}


/// The value of type T at byte `offset` of what `base` reads.
template <class T>
inline T saved_field(checkpoint_reader base, std::size_t offset) noexcept {
  return base.take_at<unsigned char>(offset).template at<T>(0u);
}

/// Reads and checks the settings; fills the summary's max_calls and quench_max_steps, and
/// `ground_share`.
template <class Real>
[[gnu::noinline]] bool minimizer_saved_settings_valid(checkpoint_reader& in, std::uint8_t phase,
                                                      minimizer_saved_summary& summary,
                                                      std::uint32_t& ground_share) noexcept {
  using settings = minimizer_settings<Real>;
  const checkpoint_reader s = in.take<settings>(1u);
  const auto u64 = [&](std::size_t offset) noexcept { return saved_field<std::uint64_t>(s, offset); };
  const auto u32 = [&](std::size_t offset) noexcept { return saved_field<std::uint32_t>(s, offset); };
  const auto real = [&](std::size_t offset) noexcept { return saved_field<Real>(s, offset); };
  const std::uint64_t max_calls = u64(offsetof(settings, max_calls));
  summary.max_calls = max_calls;
  summary.quench_max_steps = u32(offsetof(settings, quench_max_steps));
  ground_share = u32(offsetof(settings, ground_share));
  if (phase == minimizer_phase::idle) {
    // Never initialised: init() overwrites everything, but the settings must be the start values.
    return max_calls == 0u && u64(offsetof(settings, explore_calls)) == 0u && summary.quench_max_steps == 0u &&
           u32(offsetof(settings, reseed_patience)) == 0u && ground_share == 0u &&
           u64(offsetof(settings, max_stall_calls)) == 0u;
  }
  const Real tolerance = real(offsetof(settings, tolerance));
  const Real quench_fraction = real(offsetof(settings, quench_fraction));
  const Real explorer_temperature = real(offsetof(settings, explorer_temperature));
  const Real ladder_ratio = real(offsetof(settings, ladder_ratio));
  return max_calls >= 1u && u64(offsetof(settings, explore_calls)) <= max_calls &&
         !math::is_nan(real(offsetof(settings, target))) && tolerance >= Real(0) && tolerance <= Real(1) &&
         quench_fraction > Real(0) && quench_fraction <= Real(1) && math::is_finite(explorer_temperature) &&
         explorer_temperature > Real(0) && math::is_finite(ladder_ratio) && ladder_ratio >= Real(1) &&
         summary.quench_max_steps >= 1u && ground_share >= 1u &&
         ground_share <= minimize_options<Real>::largest_ground_share;
}

/// Reads and checks the progress, given what the settings allow.
template <class Real>
[[gnu::noinline]] bool minimizer_saved_progress_valid(checkpoint_reader& in, std::uint32_t replicas,
                                                      const minimizer_saved_summary& summary,
                                                      std::uint32_t ground_share) noexcept {
  using progress = minimizer_progress<Real>;
  const checkpoint_reader p = in.take<progress>(1u);
  const auto u64 = [&](std::size_t offset) noexcept { return saved_field<std::uint64_t>(p, offset); };
  const auto u32 = [&](std::size_t offset) noexcept { return saved_field<std::uint32_t>(p, offset); };
  const auto u8 = [&](std::size_t offset) noexcept { return saved_field<std::uint8_t>(p, offset); };
  // pcg32 is two 64-bit words, state then increment (pinned by the layout test).
  const std::uint64_t increment = u64(offsetof(progress, rng) + 8u);
  const std::uint8_t phase = u8(offsetof(progress, phase));
  const std::uint64_t calls = u64(offsetof(progress, calls));
  const std::uint8_t warm_start = u8(offsetof(progress, warm_start));
  const std::uint8_t stop = u8(offsetof(progress, stop));
  const std::uint8_t stalled = u8(offsetof(progress, stalled));
  const std::uint8_t avoid_faces = u8(offsetof(progress, avoid_faces));
  if ((increment & 1u) == 0u || phase != summary.phase || avoid_faces > 1u) return false;
  if (phase == minimizer_phase::idle) {
    return calls == 0u && u64(offsetof(progress, gap_count)) == 0u && u64(offsetof(progress, sweeps)) == 0u &&
           warm_start == 0u && stop == minimizer_stop::running && stalled == 0u && avoid_faces == 0u &&
           u64(offsetof(progress, last_improvement)) == 0u;
  }
  const bool ended = phase == minimizer_phase::finished;
  // A run ends in the call that spends its budget, so one still running has calls left.
  const bool counters = calls <= summary.max_calls && (ended || calls < summary.max_calls) &&
                        u64(offsetof(progress, gap_count)) <= calls &&
                        u64(offsetof(progress, proposal_start)) <= calls &&
                        u64(offsetof(progress, last_improvement)) <= calls;
  const bool stopped = stalled <= 1u && stop <= minimizer_stop::no_improvement &&
                       (stop == minimizer_stop::running) != ended &&
                       (stop != minimizer_stop::no_improvement || stalled == 1u);
  if (!counters || !stopped) return false;
  const std::uint32_t active = u32(offsetof(progress, active));
  const bool machine = phase <= minimizer_phase::finished && u8(offsetof(progress, purpose)) <= quench_purpose::polish &&
                       u8(offsetof(progress, kind)) <= 1u && active < replicas &&
                       u32(offsetof(progress, slot)) <= replicas - 1u + ground_share && warm_start <= 1u &&
                       (warm_start == 0u || (phase == minimizer_phase::seed && calls == 0u && active == 0u));
  if (!machine) return false;
  const Real gap_mean = saved_field<Real>(p, offsetof(progress, gap_mean));
  return math::is_finite(gap_mean) && gap_mean >= Real(0) &&
         finite_or_plus_infinity(saved_field<Real>(p, offsetof(progress, best_energy)));
}


/// Reads and checks the quench's scalars, field by field, given the run's summary, dimension n and
/// memory.
template <class Real>
[[gnu::noinline]] bool minimizer_saved_quench_valid(checkpoint_reader& in, const minimizer_saved_summary& summary,
                                                    std::size_t n, std::uint32_t memory) noexcept {
  using core = quench_core<Real>;
  const checkpoint_reader q = in.take<core>(1u);
  const auto u32 = [&](std::size_t offset) noexcept { return saved_field<std::uint32_t>(q, offset); };
  const auto real = [&](std::size_t offset) noexcept { return saved_field<Real>(q, offset); };
  const std::uint64_t calls = saved_field<std::uint64_t>(q, offsetof(core, calls));
  const std::uint32_t max_steps = u32(offsetof(core, max_steps));
  if (summary.phase == minimizer_phase::idle) {
    return calls == 0u && u32(offsetof(core, stored)) == 0u && u32(offsetof(core, newest)) == 0u &&
           u32(offsetof(core, steps)) == 0u && max_steps == 0u;
  }
  const std::uint32_t single = u32(offsetof(core, single));
  const bool counts = u32(offsetof(core, stored)) <= memory && u32(offsetof(core, newest)) < memory &&
                      u32(offsetof(core, steps)) <= max_steps && calls <= 2u * static_cast<std::uint64_t>(max_steps) &&
                      u32(offsetof(core, backtracks)) <= quench<Real>::max_backtracks + 1u &&
                      (single < n || single == quench<Real>::all_coordinates);
  if (!counts) return false;
  const Real tolerance = real(offsetof(core, tolerance));
  const Real step = real(offsetof(core, step));
  const Real last_drop = real(offsetof(core, last_drop));
  const Real energy = real(offsetof(core, energy));
  const Real stage_energy = real(offsetof(core, stage_energy));
  // A stage starts at or above the quench's energy (a quench only descends).
  const bool values = math::is_finite(stage_energy) && stage_energy >= energy && math::is_finite(energy) &&
                      tolerance >= Real(0) && tolerance <= Real(1) && math::is_finite(step) && step >= Real(0) &&
                      last_drop >= Real(0) &&
                      !math::is_nan(real(offsetof(core, h0))) && !math::is_nan(real(offsetof(core, inverse_curvature)));
  if (!values) return false;
  if (summary.phase != minimizer_phase::quench) return true;
  // A trial is pending: its step was placed with a finite positive first-order drop, from
  // positive curvature estimates.
  const Real decrease = real(offsetof(core, trial_decrease));
  const Real h0 = real(offsetof(core, h0));
  const Real curvature = real(offsetof(core, inverse_curvature));
  return math::is_finite(decrease) && decrease > Real(0) && math::is_finite(h0) && h0 > Real(0) &&
         math::is_finite(curvature) && curvature > Real(0);
}

/// Reads and checks the replica records, field by field (a record is not copied).
template <class Real>
[[gnu::noinline]] bool minimizer_saved_replicas_valid(checkpoint_reader& in, std::uint32_t replicas,
                                                      std::uint8_t phase) noexcept {
  using record = replica_record<Real>;
  const checkpoint_reader records = in.take<record>(replicas);
  if (phase == minimizer_phase::idle) return true;
  for (std::uint32_t r = 0; r < replicas; ++r) {
    const checkpoint_reader fields = records.take_at<record>(r);
    const auto field_at = [&](std::size_t offset) noexcept { return fields.take_at<unsigned char>(offset).template at<Real>(0u); };
    const std::uint8_t seeded = fields.take_at<unsigned char>(offsetof(record, seeded)).template at<std::uint8_t>(0u);
    const Real energy = field_at(offsetof(record, energy));
    const Real curvature = field_at(offsetof(record, inverse_curvature));
    if (seeded > 1u || !finite_or_plus_infinity(energy) || !finite_or_plus_infinity(field_at(offsetof(record, own_best))) ||
        !math::is_finite(curvature) || !(curvature >= Real(0))) {
      return false;
    }
    if (seeded != 0u && !(math::is_finite(energy) && curvature > Real(0))) return false;
    for (std::size_t k = 0; k < 2u; ++k) {
      const Real jump = field_at(offsetof(record, jump) + k * sizeof(Real));
      const Real gain = field_at(offsetof(record, gain) + k * sizeof(Real));
      const Real cost = field_at(offsetof(record, cost) + k * sizeof(Real));
      if (!(jump > Real(0) && jump <= Real(1) && math::is_finite(field_at(offsetof(record, threshold) + k * sizeof(Real))) &&
            math::is_finite(gain) && gain >= Real(0) && math::is_finite(cost) && cost >= Real(0))) {
        return false;
      }
    }
  }
  return true;
}

/// True if the `count` points of n coordinates that `points` reads are finite and inside
/// [lower, upper] (read from `box`: lower at 0, upper at n).
template <class Real>
[[gnu::noinline]] bool saved_points_in_box(checkpoint_reader points, std::size_t count, checkpoint_reader box, std::size_t n) noexcept {
  for (std::size_t k = 0; k < count; ++k) {
    for (std::size_t i = 0; i < n; ++i) {
      const Real v = points.at<Real>(k * n + i);
      if (!(v >= box.at<Real>(i) && v <= box.at<Real>(n + i))) return false;
    }
  }
  return true;
}

/// Checks the box at the start of a saved block: finite bounds in order, widths equal to
/// upper - lower, and the derived constants `widest` and `resolution` equal to the ones
/// init() computes from it (read from the saved settings in `settings`).
template <class Real>
[[gnu::noinline]] bool minimizer_saved_box_valid(checkpoint_reader settings, checkpoint_reader block,
                                                 std::size_t n) noexcept {
  Real largest = Real(0);
  Real largest_bound = Real(0);
  for (std::size_t i = 0; i < n; ++i) {
    const Real lo = block.at<Real>(i);
    const Real hi = block.at<Real>(n + i);
    if (!(math::is_finite(lo) && math::is_finite(hi) && lo <= hi && math::is_finite(hi - lo) &&
          math::same(block.at<Real>(2u * n + i), hi - lo))) {
      return false;
    }
    largest = hi - lo > largest ? hi - lo : largest;
    const Real bound = math::abs(lo) > math::abs(hi) ? math::abs(lo) : math::abs(hi);
    largest_bound = bound > largest_bound ? bound : largest_bound;
  }
  const Real widest = settings.take_at<unsigned char>(offsetof(minimizer_settings<Real>, widest)).template at<Real>(0u);
  const Real resolution =
      settings.take_at<unsigned char>(offsetof(minimizer_settings<Real>, resolution)).template at<Real>(0u);
  return math::same(largest, widest) &&
         math::same(resolution, quench<Real>::resolved_ulps * std::numeric_limits<Real>::epsilon() * largest_bound);
}

/// Checks the points of a saved minimizer: the best point, the request and the replica
/// points lie in the box; the quench's point and trial too while a quench runs.
template <class Real>
[[gnu::noinline]] bool minimizer_saved_points_valid(checkpoint_reader request, checkpoint_reader trial,
                                                    checkpoint_reader block, std::size_t n, std::uint32_t replicas,
                                                    std::uint8_t phase) noexcept {
  const std::size_t quench_start = 5u + 2u * replicas;  // in units of n
  if (!saved_points_in_box<Real>(block.take_at<Real>(3u * n), 1u, block, n) ||
      !saved_points_in_box<Real>(request, 1u, block, n) ||
      !saved_points_in_box<Real>(block.take_at<Real>(5u * n), replicas, block, n)) {
    return false;
  }
  return phase != minimizer_phase::quench || (saved_points_in_box<Real>(block.take_at<Real>(quench_start * n), 1u, block, n) &&
                                              saved_points_in_box<Real>(trial, 1u, block, n));
}

/// Checks the values of a saved block: gradients, the quench's point and gradient and its
/// curvature pairs finite; each rho 0 (never kept) or 1 / s.y > 0 (possibly +inf). (The
/// quench direction and alpha are scratch: anything goes.)
template <class Real>
[[gnu::noinline]] bool minimizer_saved_values_valid(checkpoint_reader block, std::size_t n, std::uint32_t replicas,
                                                    std::uint32_t memory) noexcept {
  const std::size_t quench_start = 5u + 2u * replicas;  // in units of n
  const std::size_t pairs = memory;
  if (!saved_values_finite<Real>(block.take_at<Real>(4u * n), n) ||
      !saved_values_finite<Real>(block.take_at<Real>((5u + replicas) * n), replicas * n) ||
      !saved_values_finite<Real>(block.take_at<Real>(quench_start * n), 2u * n) ||
      !saved_values_finite<Real>(block.take_at<Real>((quench_start + 3u) * n), 2u * pairs * n)) {
    return false;
  }
  const checkpoint_reader rho = block.take_at<Real>((quench_start + 3u + 2u * pairs) * n);
  for (std::uint32_t k = 0; k < memory; ++k) {
    if (!(rho.at<Real>(k) >= Real(0))) return false;
  }
  return true;
}

/// The whole check of a saved minimizer<Real, n, replicas, memory> (payload: settings,
/// progress, quench scalars, replica records, request, trial, then the block in
/// minimizer_view's layout). Each group is checked by a function of its own.
template <class Real>
bool minimizer_saved_state_valid(checkpoint_reader in, std::size_t n, std::uint32_t replicas,
                                 std::uint32_t memory) noexcept {
  static_assert(offsetof(minimizer_core<Real>, progress) == sizeof(minimizer_settings<Real>) &&
                    offsetof(minimizer_core<Real>, quench) ==
                        sizeof(minimizer_settings<Real>) + sizeof(minimizer_progress<Real>) &&
                    sizeof(minimizer_core<Real>) == offsetof(minimizer_core<Real>, quench) + sizeof(quench_core<Real>),
                "the saved core is read group by group");
  const checkpoint_reader settings = in;
  // The phase decides what the other fields may hold: read it first.
  minimizer_saved_summary summary{};
  summary.phase = in.take_at<unsigned char>(sizeof(minimizer_settings<Real>) + offsetof(minimizer_progress<Real>, phase))
                      .template at<std::uint8_t>(0u);
  std::uint32_t ground_share = 0u;
  if (!minimizer_saved_settings_valid<Real>(in, summary.phase, summary, ground_share) ||
      !minimizer_saved_progress_valid<Real>(in, replicas, summary, ground_share) ||
      !minimizer_saved_quench_valid<Real>(in, summary, n, memory) ||
      !minimizer_saved_replicas_valid<Real>(in, replicas, summary.phase)) {
    return false;
  }
  if (summary.phase == minimizer_phase::idle) return true;  // init() overwrites every array
  const checkpoint_reader request = in.take<Real>(n);
  const checkpoint_reader trial = in.take<Real>(n);
  return minimizer_saved_box_valid<Real>(settings, in, n) &&
         minimizer_saved_points_valid<Real>(request, trial, in, n, replicas, summary.phase) &&
         minimizer_saved_values_valid<Real>(in, n, replicas, memory);
}

}  // namespace detail
}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
