// Forged checkpoints of the steppers and the minimizer, on every port: one blob per
// validation rule of the class, each with a single payload field set to a value no object
// of the class can hold and the CRC made valid again, so that only the class's own
// validation stands between the bytes and the object. Each must be refused with
// corrupt_data and leave the target unchanged. Every forge first checks that the field it
// edits holds the value the object has (the offset is right), and the unedited blob
// restores (the forge itself is sound). Offsets are those of the classes' detail core
// structs plus the struct's place in the payload (see each class's checkpoint_save).
// tests/host/test_checkpoint_exhaustive.cpp flips every bit of every blob.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

#include <langevin/checkpoint.hpp>
#include <langevin/dynamics/overdamped.hpp>
#include <langevin/dynamics/underdamped.hpp>
#include <langevin/math.hpp>
#include <langevin/optimize/minimize.hpp>
#include <langevin/random/pcg32.hpp>

#include "checkpoint_forge.hpp"
#include "langevin_test.hpp"

namespace {

using langevin::status;

float next_up(float x) {
  std::uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  ++bits;
  std::memcpy(&x, &bits, sizeof bits);
  return x;
}

/// The scratch blob and the copy of a target that every helper below uses for class T: one
/// per class, not one per helper and field type, which would not fit the 16 KiB Cortex-M0.
template <class T>
langevin::checkpoint_blob<T>& scratch_blob() {
  static langevin::checkpoint_blob<T> blob;
  return blob;
}
template <class T>
unsigned char* scratch_copy() {
  static unsigned char bytes[sizeof(T)];
  return bytes;
}

/// True if the blob of `source` restores into `target` (the unedited blob is accepted).
template <class T>
bool restores(const T& source, T& target) {
  const langevin::checkpoint_blob<T> blob = langevin_test::blob_of(source);
  return langevin::restore_checkpoint(target, blob.data(), blob.size()) == status::ok;
}

/// Saves `source`, checks that payload byte `offset` holds `expected` (so the forge edits
/// the field it means to), writes `value` there under a valid CRC and restores the blob
/// into `target`: true if that is refused with corrupt_data and `target` keeps its bytes.
template <class T, class V>
bool refuses_forged(const T& source, T& target, std::size_t offset, V expected, V value) {
  langevin::checkpoint_blob<T>& blob = scratch_blob<T>();
  blob = langevin_test::blob_of(source);
  if (std::memcmp(&expected, blob.data() + langevin::detail::checkpoint_header_size + offset, sizeof(V)) != 0) {
    return false;
  }
  langevin_test::forge<T>(blob, offset, value);
  unsigned char* const before = scratch_copy<T>();
  std::memcpy(before, &target, sizeof(T));
  return langevin::restore_checkpoint(target, blob.data(), blob.size()) == status::corrupt_data &&
         std::memcmp(before, &target, sizeof(T)) == 0;
}

/// One field of a forge that edits several: `size` bytes of `bytes` at payload byte `offset`.
struct edit {
  std::size_t offset;
  std::size_t size;
  unsigned char bytes[8];
};

template <class V>
edit set(std::size_t offset, V value) {
  static_assert(sizeof(V) <= 8u, "a scalar field");
  edit e{offset, sizeof(V), {}};
  std::memcpy(e.bytes, &value, sizeof(V));
  return e;
}

/// refuses_forged() for a forge of several fields at once, kept consistent with each other
/// so that only one rule can refuse them (e.g. a bound with its width and the constants
/// derived from it).
template <class T, std::size_t Count>
bool refuses_edits(const T& source, T& target, const edit (&edits)[Count]) {
  langevin::checkpoint_blob<T>& blob = scratch_blob<T>();
  blob = langevin_test::blob_of(source);
  for (const edit& e : edits) {
    std::memcpy(blob.data() + langevin::detail::checkpoint_header_size + e.offset, e.bytes, e.size);
  }
  langevin_test::fix_crc<T>(blob);
  unsigned char* const before = scratch_copy<T>();
  std::memcpy(before, &target, sizeof(T));
  return langevin::restore_checkpoint(target, blob.data(), blob.size()) == status::corrupt_data &&
         std::memcmp(before, &target, sizeof(T)) == 0;
}

/// The saved value of type V at payload byte `offset` of `source`'s blob.
template <class V, class T>
V saved(const T& source, std::size_t offset) {
  langevin::checkpoint_blob<T>& blob = scratch_blob<T>();
  blob = langevin_test::blob_of(source);
  return langevin_test::payload_value<V, T>(blob, offset);
}

template <class Real>
struct double_well {
  Real operator()(const std::array<Real, 2>& x, std::array<Real, 2>& g) const noexcept {
    const Real r = x[0] * x[0] - Real(1);
    g[0] = Real(4) * x[0] * r + Real(0.5) * x[1];
    g[1] = Real(2) * x[1] + Real(0.5) * x[0];
    return r * r + x[1] * x[1] + Real(0.5) * x[0] * x[1];
  }
};

// --- overdamped steppers: payload = overdamped_core, positions[2], gradient (, noise[2N]) ---

using em_type = langevin::euler_maruyama<float, 2>;
using lm_type = langevin::leimkuhler_matthews<float, 2>;
using overdamped_core = langevin::detail::overdamped_core<float>;
constexpr std::size_t em_positions = sizeof(overdamped_core);
constexpr std::size_t em_point = sizeof(std::array<float, 2>);

// --- baoab: payload = baoab_core, positions[2], momenta[2], forces[2] --------------------------

using baoab_type = langevin::baoab<float, 2>;
using baoab_core = langevin::detail::baoab_core<float>;
constexpr std::size_t baoab_positions = sizeof(baoab_core);
constexpr std::size_t baoab_momenta = baoab_positions + 2u * em_point;
constexpr std::size_t baoab_forces = baoab_momenta + 2u * em_point;

}  // namespace

TEST_CASE("euler_maruyama restore: buffer index, noise flag, start values, options and position are checked",
          "[checkpoint][dynamics][forged]") {
  static em_type fresh;
  static em_type source;
  static em_type target;
  REQUIRE(source.init({0.05f, 1.5f}) == status::ok);
  REQUIRE(source.place({0.5f, -0.25f}) == status::ok);
  langevin::pcg32 rng{1u, 2u};
  REQUIRE(source.step(double_well<float>{}, 0.3f, rng).status == status::ok);
  REQUIRE(restores(source, target));
  REQUIRE(restores(fresh, target));
  const std::uint32_t now = source.steps() % 2u == 1u ? 1u : 0u;
  // The buffer index is 0 or 1.
  CHECK(refuses_forged(source, target, offsetof(overdamped_core, current), now, std::uint32_t{2}));
  // Euler-Maruyama never holds remembered noise.
  CHECK(refuses_forged(source, target, offsetof(overdamped_core, has_noise), std::uint8_t{0}, std::uint8_t{1}));
  // A never-initialised stepper (time step 0) holds exactly the start values.
  CHECK(refuses_forged(fresh, target, offsetof(overdamped_core, friction), 1.0f, 2.0f));
  CHECK(refuses_forged(fresh, target, offsetof(overdamped_core, steps), std::uint64_t{0}, std::uint64_t{3}));
  CHECK(refuses_forged(fresh, target, offsetof(overdamped_core, current), std::uint32_t{0}, std::uint32_t{1}));
  // Initialised: options that init() accepts (h > 0, gamma > 0, h / gamma finite).
  CHECK(refuses_forged(source, target, offsetof(overdamped_core, time_step), 0.05f, -0.05f));
  CHECK(refuses_forged(source, target, offsetof(overdamped_core, time_step), 0.05f,
                       std::numeric_limits<float>::quiet_NaN()));
  CHECK(refuses_forged(source, target, offsetof(overdamped_core, friction), 1.5f, 0.0f));
  CHECK(refuses_forged(source, target, offsetof(overdamped_core, friction), 1.5f,
                       std::numeric_limits<float>::denorm_min()));  // h / gamma overflows
  // The current position is finite.
  const std::size_t current_x = em_positions + now * em_point;
  const float x0 = source.current()[0];
  CHECK(refuses_forged(source, target, current_x, x0, std::numeric_limits<float>::infinity()));
  CHECK(refuses_forged(source, target, current_x, x0, std::numeric_limits<float>::quiet_NaN()));
}

TEST_CASE("leimkuhler_matthews restore: the noise flag is 0 or 1 and only set once initialised",
          "[checkpoint][dynamics][forged]") {
  static lm_type fresh;
  static lm_type source;
  static lm_type target;
  REQUIRE(source.init({0.05f}) == status::ok);
  REQUIRE(source.place({0.5f, -0.25f}) == status::ok);
  langevin::pcg32 rng{3u, 4u};
  REQUIRE(source.step(double_well<float>{}, 0.3f, rng).status == status::ok);
  REQUIRE(restores(source, target));
  CHECK(refuses_forged(source, target, offsetof(overdamped_core, has_noise), std::uint8_t{1}, std::uint8_t{2}));
  CHECK(refuses_forged(fresh, target, offsetof(overdamped_core, has_noise), std::uint8_t{0}, std::uint8_t{1}));
  // (A remembered draw out of normal()'s range: test_checkpoint_objects.cpp.)
}

TEST_CASE("baoab restore: flags, energy, start values, options, O-step constants and the current state are checked",
          "[checkpoint][dynamics][forged]") {
  static baoab_type fresh;
  static baoab_type source;
  static baoab_type target;
  REQUIRE(source.init({0.1f, 2.0f, 0.7f}) == status::ok);
  REQUIRE(source.place({0.5f, 0.5f}, {0.0f, -1.0f}) == status::ok);
  langevin::pcg32 rng{5u, 6u};
  REQUIRE(source.step(double_well<float>{}, 0.3f, rng).status == status::ok);
  REQUIRE(restores(source, target));
  REQUIRE(restores(fresh, target));
  const std::uint32_t now = 1u;  // one step taken
  REQUIRE(saved<std::uint32_t>(source, offsetof(baoab_core, current)) == now);
  CHECK(refuses_forged(source, target, offsetof(baoab_core, current), now, std::uint32_t{2}));
  CHECK(refuses_forged(source, target, offsetof(baoab_core, has_force), std::uint8_t{1}, std::uint8_t{2}));
  const float energy = source.current_value();
  CHECK(refuses_forged(source, target, offsetof(baoab_core, energy), energy, std::numeric_limits<float>::quiet_NaN()));
  // Never initialised: the start values.
  CHECK(refuses_forged(fresh, target, offsetof(baoab_core, mass), 1.0f, 2.0f));
  CHECK(refuses_forged(fresh, target, offsetof(baoab_core, damping), 1.0f, 0.5f));
  CHECK(refuses_forged(fresh, target, offsetof(baoab_core, energy), 0.0f, 1.0f));
  CHECK(refuses_forged(fresh, target, offsetof(baoab_core, has_force), std::uint8_t{0}, std::uint8_t{1}));
  // Initialised: options init() accepts, and O-step constants equal to init()'s.
  CHECK(refuses_forged(source, target, offsetof(baoab_core, mass), 2.0f, 0.0f));
  CHECK(refuses_forged(source, target, offsetof(baoab_core, friction), 0.7f, -0.7f));
  // Mass 0 with the constants init() would derive from it (exp(-inf) = 0, sqrt(1 - 0) = 1):
  // only the options rule refuses it.
  const edit massless[] = {set(offsetof(baoab_core, mass), 0.0f), set(offsetof(baoab_core, damping), 0.0f),
                           set(offsetof(baoab_core, noise_fraction), 1.0f)};
  CHECK(refuses_edits(source, target, massless));
  const float noise_fraction = saved<float>(source, offsetof(baoab_core, noise_fraction));
  CHECK(refuses_forged(source, target, offsetof(baoab_core, noise_fraction), noise_fraction, next_up(noise_fraction)));
  // The current position, momentum and (evaluated) force are finite.
  const float inf = std::numeric_limits<float>::infinity();
  CHECK(refuses_forged(source, target, baoab_positions + now * em_point, source.current()[0], inf));
  CHECK(refuses_forged(source, target, baoab_momenta + now * em_point + sizeof(float), source.momentum()[1], -inf));
  const float force = saved<float>(source, baoab_forces + now * em_point);
  CHECK(refuses_forged(source, target, baoab_forces + now * em_point, force, std::numeric_limits<float>::quiet_NaN()));
}

// --- minimizer: payload = minimizer_core (settings, progress, quench), replica records,
// request, quench trial, then the block of arrays in minimizer_view's layout ------------------

namespace {

using engine_type = langevin::minimizer<float, 2>;  // 2 replicas, memory 3
using core = langevin::detail::minimizer_core<float>;
using settings = langevin::detail::minimizer_settings<float>;
using progress = langevin::detail::minimizer_progress<float>;
using quench = langevin::detail::quench_core<float>;
using record = langevin::detail::replica_record<float>;
constexpr std::size_t n = 2u;
constexpr std::size_t replicas = 2u;
constexpr std::size_t memory = 3u;

constexpr std::size_t in_settings(std::size_t field) { return offsetof(core, settings) + field; }
constexpr std::size_t in_progress(std::size_t field) { return offsetof(core, progress) + field; }
constexpr std::size_t in_quench(std::size_t field) { return offsetof(core, quench) + field; }
constexpr std::size_t in_record(std::size_t r, std::size_t field) { return sizeof(core) + r * sizeof(record) + field; }
constexpr std::size_t request_at = sizeof(core) + replicas * sizeof(record);
constexpr std::size_t trial_at = request_at + n * sizeof(float);
/// Payload offset of element `i` of the block's vector number `vector` (units of n).
constexpr std::size_t in_block(std::size_t vector, std::size_t i = 0u) {
  return trial_at + n * sizeof(float) + (vector * n + i) * sizeof(float);
}
constexpr std::size_t lower = 0u, upper = 1u, width = 2u, best_x = 3u, best_gradient = 4u;
constexpr std::size_t replica_x(std::size_t r) { return 5u + r; }
constexpr std::size_t replica_gradient(std::size_t r) { return 5u + replicas + r; }
constexpr std::size_t quench_x = 5u + 2u * replicas;
constexpr std::size_t quench_gradient = quench_x + 1u;
constexpr std::size_t quench_s = quench_x + 3u;
/// Payload offset of rho[k] (after the m pairs of s and y).
constexpr std::size_t rho_at(std::size_t k) { return in_block(quench_x + 3u + 2u * memory) + k * sizeof(float); }

static_assert(in_block(quench_x + 3u + 2u * memory) + 2u * memory * sizeof(float) ==
                  langevin::checkpoint_size<engine_type> - langevin::detail::checkpoint_header_size - 4u,
              "the payload ends with rho and alpha");

struct tilted_bowl {
  float operator()(const std::array<float, 2>& x, std::array<float, 2>& g) const noexcept {
    g[0] = 2.0f * (x[0] - 1.0f) + 0.5f * x[1];
    g[1] = 4.0f * (x[1] + 0.5f) + 0.5f * x[0];
    return (x[0] - 1.0f) * (x[0] - 1.0f) + 2.0f * (x[1] + 0.5f) * (x[1] + 0.5f) + 0.5f * x[0] * x[1];
  }
};

const langevin::box<float, 2> bounds{{-3.0f, -2.0f}, {3.0f, 4.0f}};

std::uint8_t phase_of(const engine_type& m) { return saved<std::uint8_t>(m, in_progress(offsetof(progress, phase))); }

/// Steps `m` (initialised with `seed`) until its next evaluation is of the given phase.
bool run_to_phase(engine_type& m, std::uint64_t seed, std::uint8_t phase) {
  langevin::minimize_options<float> o;
  o.max_calls = 400u;
  o.seed = seed;
  if (m.init(bounds, o) != status::ok) return false;
  for (int i = 0; i < 400 && !m.done(); ++i) {
    if (phase_of(m) == phase && m.calls() > 10u) return true;
    if (m.step(tilted_bowl{}).status != status::ok) return false;
  }
  return false;
}

template <class V>
V saved_value(const engine_type& m, std::size_t offset) {
  return saved<V>(m, offset);
}

/// Per coordinate of [0, 1]^2 the lower of a narrow V-shaped well (-1 at a, slopes +-10) and
/// a tent falling to -0.8 at both faces: every minimum is a kink or a face, so the quenches
/// of one-coordinate jumps move that coordinate alone first (quench::relax_alone).
struct kinked_wells {
  float operator()(const std::array<float, 2>& x, std::array<float, 2>& g) const noexcept {
    float e = 0.0f;
    for (std::size_t i = 0; i < 2u; ++i) {
      const float a = i == 0u ? 0.3f : 0.7f;
      const float well = -1.0f + 10.0f * langevin::math::abs(x[i] - a);
      const float tent = -0.8f + 1.6f * (x[i] < 0.5f ? x[i] : 1.0f - x[i]);
      e += well <= tent ? well : tent;
      g[i] = well <= tent ? (x[i] >= a ? 10.0f : -10.0f) : (x[i] < 0.5f ? 1.6f : -1.6f);
    }
    return e;
  }
};

/// Steps `m` on kinked_wells until a trial of a one-coordinate stage is pending.
bool run_to_single_stage(engine_type& m, std::uint64_t seed) {
  langevin::minimize_options<float> o;
  o.max_calls = 400u;
  o.seed = seed;
  if (m.init({{0.0f, 0.0f}, {1.0f, 1.0f}}, o) != status::ok) return false;
  for (int i = 0; i < 400 && !m.done(); ++i) {
    const quench q = saved_value<quench>(m, offsetof(core, quench));
    if (phase_of(m) == langevin::detail::minimizer_phase::quench && q.single < n) return true;
    if (m.step(kinked_wells{}).status != status::ok) return false;
  }
  return false;
}

}  // namespace

TEST_CASE("minimizer restore: a never-initialised minimizer holds its start values", "[checkpoint][minimize][forged]") {
  static engine_type fresh;
  static engine_type target;
  REQUIRE(restores(fresh, target));
  CHECK(refuses_forged(fresh, target, in_settings(offsetof(settings, max_calls)), std::uint64_t{0}, std::uint64_t{5}));
  CHECK(refuses_forged(fresh, target, in_settings(offsetof(settings, ground_share)), std::uint32_t{0}, std::uint32_t{1}));
  CHECK(refuses_forged(fresh, target, in_progress(offsetof(progress, calls)), std::uint64_t{0}, std::uint64_t{1}));
  CHECK(refuses_forged(fresh, target, in_progress(offsetof(progress, warm_start)), std::uint8_t{0}, std::uint8_t{1}));
  CHECK(refuses_forged(fresh, target, in_progress(offsetof(progress, avoid_faces)), std::uint8_t{0}, std::uint8_t{1}));
  CHECK(refuses_forged(fresh, target, in_quench(offsetof(quench, max_steps)), std::uint32_t{0}, std::uint32_t{60}));
  CHECK(refuses_forged(fresh, target, in_quench(offsetof(quench, stored)), std::uint32_t{0}, std::uint32_t{1}));
}

TEST_CASE("minimizer restore: right after init(), the warm-start flag and unseeded replicas are checked",
          "[checkpoint][minimize][forged]") {
  static engine_type source;
  static engine_type target;
  langevin::minimize_options<float> o;
  o.max_calls = 100u;
  REQUIRE(source.init(bounds, o) == status::ok);
  REQUIRE(restores(source, target));
  // The flag is 0 or 1 (here the only other rule on it, "before the first call", holds).
  const std::size_t warm = in_progress(offsetof(progress, warm_start));
  CHECK(refuses_forged(source, target, warm, std::uint8_t{0}, std::uint8_t{2}));
  const edit warm_started[] = {set(warm, std::uint8_t{1})};
  CHECK_FALSE(refuses_edits(source, target, warm_started));  // what place() does: accepted
  // An unseeded replica's curvature is finite and >= 0 (seeded ones: > 0, see below).
  const std::size_t curvature = in_record(1u, offsetof(record, inverse_curvature));
  REQUIRE(saved<std::uint8_t>(source, in_record(1u, offsetof(record, seeded))) == 0u);
  CHECK(refuses_forged(source, target, curvature, 0.0f, -1.0f));
  CHECK(refuses_forged(source, target, curvature, 0.0f, std::numeric_limits<float>::infinity()));
}

TEST_CASE("minimizer restore: settings outside what init() produces are refused", "[checkpoint][minimize][forged]") {
  static engine_type source;
  static engine_type target;
  REQUIRE(run_to_phase(source, 3u, langevin::detail::minimizer_phase::jump));
  REQUIRE(restores(source, target));
  const settings s = source.settings();
  CHECK(refuses_forged(source, target, in_settings(offsetof(settings, explore_calls)), s.explore_calls,
                       s.max_calls + 1u));
  CHECK(refuses_forged(source, target, in_settings(offsetof(settings, target)), s.target,
                       std::numeric_limits<float>::quiet_NaN()));
  CHECK(refuses_forged(source, target, in_settings(offsetof(settings, tolerance)), s.tolerance, 2.0f));
  CHECK(refuses_forged(source, target, in_settings(offsetof(settings, quench_fraction)), s.quench_fraction, 0.0f));
  CHECK(refuses_forged(source, target, in_settings(offsetof(settings, explorer_temperature)), s.explorer_temperature,
                       std::numeric_limits<float>::infinity()));
  CHECK(refuses_forged(source, target, in_settings(offsetof(settings, ladder_ratio)), s.ladder_ratio, 0.5f));
  CHECK(refuses_forged(source, target, in_settings(offsetof(settings, quench_max_steps)), s.quench_max_steps,
                       std::uint32_t{0}));
  CHECK(refuses_forged(source, target, in_settings(offsetof(settings, ground_share)), s.ground_share, std::uint32_t{0}));
  // Derived constants equal to their recomputation from the saved box.
  CHECK(refuses_forged(source, target, in_settings(offsetof(settings, widest)), s.widest, next_up(s.widest)));
  CHECK(refuses_forged(source, target, in_settings(offsetof(settings, resolution)), s.resolution,
                       next_up(s.resolution)));
}

TEST_CASE("minimizer restore: the progress (generator, counters, state machine) is checked",
          "[checkpoint][minimize][forged]") {
  static engine_type source;
  static engine_type target;
  REQUIRE(run_to_phase(source, 4u, langevin::detail::minimizer_phase::jump));
  REQUIRE(restores(source, target));
  const progress p = saved_value<progress>(source, offsetof(core, progress));
  const auto at = [](std::size_t field) { return in_progress(field); };
  // The generator's increment is odd.
  const std::size_t increment = at(offsetof(progress, rng)) + sizeof(std::uint64_t);
  const std::uint64_t odd = p.rng.state().increment;
  CHECK(refuses_forged(source, target, increment, odd, odd ^ 1u));
  // Counters in order: calls within the budget, basin changes and the proposal start
  // within the calls.
  CHECK(refuses_forged(source, target, at(offsetof(progress, calls)), p.calls, source.settings().max_calls + 1u));
  // A running minimizer has calls left: the call that spends the budget ends the run (found
  // by the fuzz target: a blob with calls = max_calls, still running, made one call more).
  CHECK(refuses_forged(source, target, at(offsetof(progress, calls)), p.calls, source.settings().max_calls));
  CHECK(!refuses_forged(source, target, at(offsetof(progress, calls)), p.calls, p.calls + 1u));  // the forge is sound
  CHECK(refuses_forged(source, target, at(offsetof(progress, gap_count)), p.gap_count, p.calls + 1u));
  CHECK(refuses_forged(source, target, at(offsetof(progress, proposal_start)), p.proposal_start, p.calls + 1u));
  CHECK(refuses_forged(source, target, at(offsetof(progress, gap_mean)), p.gap_mean, -1.0f));
  CHECK(refuses_forged(source, target, at(offsetof(progress, best_energy)), p.best_energy,
                       std::numeric_limits<float>::quiet_NaN()));
  // The state machine: phase, purpose, kind, active replica and sweep slot in range.
  CHECK(refuses_forged(source, target, at(offsetof(progress, phase)), p.phase, std::uint8_t{5}));
  CHECK(refuses_forged(source, target, at(offsetof(progress, purpose)), p.purpose, std::uint8_t{3}));
  CHECK(refuses_forged(source, target, at(offsetof(progress, kind)), p.kind, std::uint8_t{2}));
  CHECK(refuses_forged(source, target, at(offsetof(progress, active)), p.active, std::uint32_t{replicas}));
  const std::uint32_t slots = static_cast<std::uint32_t>(replicas) - 1u + source.settings().ground_share;
  CHECK(refuses_forged(source, target, at(offsetof(progress, slot)), p.slot, slots + 1u));
  // The warm-start flag is 0 or 1, and set only before the first call.
  CHECK(refuses_forged(source, target, at(offsetof(progress, warm_start)), p.warm_start, std::uint8_t{2}));
  CHECK(refuses_forged(source, target, at(offsetof(progress, warm_start)), p.warm_start, std::uint8_t{1}));
  // Keeping points off the faces is 0 or 1 (what was padding: older blobs hold 0 there).
  CHECK(refuses_forged(source, target, at(offsetof(progress, avoid_faces)), p.avoid_faces, std::uint8_t{2}));
  const edit avoiding[] = {set(at(offsetof(progress, avoid_faces)), std::uint8_t{1})};
  CHECK_FALSE(refuses_edits(source, target, avoiding));
}

TEST_CASE("minimizer restore: the quench's counters and values are checked", "[checkpoint][minimize][forged]") {
  static engine_type source;
  static engine_type target;
  REQUIRE(run_to_phase(source, 5u, langevin::detail::minimizer_phase::quench));
  REQUIRE(restores(source, target));
  const quench q = saved_value<quench>(source, offsetof(core, quench));
  const auto at = [](std::size_t field) { return in_quench(field); };
  CHECK(refuses_forged(source, target, at(offsetof(quench, stored)), q.stored, std::uint32_t{memory + 1u}));
  CHECK(refuses_forged(source, target, at(offsetof(quench, newest)), q.newest, std::uint32_t{memory}));
  CHECK(refuses_forged(source, target, at(offsetof(quench, steps)), q.steps, q.max_steps + 1u));
  CHECK(refuses_forged(source, target, at(offsetof(quench, calls)), q.calls, 2u * std::uint64_t{q.max_steps} + 1u));
  CHECK(refuses_forged(source, target, at(offsetof(quench, backtracks)), q.backtracks,
                       langevin::detail::quench<float>::max_backtracks + 2u));
  CHECK(refuses_forged(source, target, at(offsetof(quench, energy)), q.energy, std::numeric_limits<float>::infinity()));
  CHECK(refuses_forged(source, target, at(offsetof(quench, tolerance)), q.tolerance, -1.0f));
  CHECK(refuses_forged(source, target, at(offsetof(quench, step)), q.step, -1.0f));
  CHECK(refuses_forged(source, target, at(offsetof(quench, last_drop)), q.last_drop, -1.0f));
  // A stage of the descent starts at a finite energy no lower than the quench's.
  CHECK(refuses_forged(source, target, at(offsetof(quench, stage_energy)), q.stage_energy,
                       std::numeric_limits<float>::infinity()));
  CHECK(refuses_forged(source, target, at(offsetof(quench, stage_energy)), q.stage_energy,
                       q.energy - (1.0f + langevin::math::abs(q.energy))));
  // While a trial is pending: a positive first-order drop from positive curvature estimates.
  CHECK(refuses_forged(source, target, at(offsetof(quench, trial_decrease)), q.trial_decrease, 0.0f));
  CHECK(refuses_forged(source, target, at(offsetof(quench, h0)), q.h0, -q.h0));
  CHECK(refuses_forged(source, target, at(offsetof(quench, inverse_curvature)), q.inverse_curvature, 0.0f));
  // The quench's point and trial lie in the box, its vectors and curvature pairs are finite,
  // and each rho is 0 or positive.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float qx = saved_value<float>(source, in_block(quench_x));
  CHECK(refuses_forged(source, target, in_block(quench_x), qx, bounds.upper[0] + 1.0f));
  const float trial = source.point()[1];
  CHECK(refuses_forged(source, target, trial_at + sizeof(float), trial, bounds.lower[1] - 1.0f));
  const float qg = saved_value<float>(source, in_block(quench_gradient, 1u));
  CHECK(refuses_forged(source, target, in_block(quench_gradient, 1u), qg, nan));
  const float s0 = saved_value<float>(source, in_block(quench_s));
  CHECK(refuses_forged(source, target, in_block(quench_s), s0, nan));
  const float rho = saved_value<float>(source, rho_at(0u));
  CHECK(refuses_forged(source, target, rho_at(0u), rho, -1.0f));
}

TEST_CASE("minimizer restore: a one-coordinate stage keeps its coordinate, checked, and goes on with the same bits",
          "[checkpoint][minimize][forged]") {
  static engine_type source;
  static engine_type target;
  REQUIRE(run_to_single_stage(source, 3u));
  const quench q = saved_value<quench>(source, offsetof(core, quench));
  // The stage's coordinate is below n; any value from n up other than all_coordinates is
  // refused, and all_coordinates (every coordinate moves) is a valid state.
  CHECK(refuses_forged(source, target, in_quench(offsetof(quench, single)), q.single, std::uint32_t{n}));
  CHECK(refuses_forged(source, target, in_quench(offsetof(quench, single)), q.single, std::uint32_t{0xFFFFFFFEu}));
  CHECK(!refuses_forged(source, target, in_quench(offsetof(quench, single)), q.single,
                        langevin::detail::quench<float>::all_coordinates));
  REQUIRE(restores(source, target));
  CHECK(source.run(kinked_wells{}).status == status::ok);
  CHECK(target.run(kinked_wells{}).status == status::ok);
  const auto a = source.result();
  const auto b = target.result();
  CHECK(a.calls == b.calls);
  CHECK(std::memcmp(&a.value, &b.value, sizeof a.value) == 0);
  CHECK(std::memcmp(a.x.data(), b.x.data(), sizeof a.x) == 0);
}

TEST_CASE("minimizer restore: replica records are checked field by field", "[checkpoint][minimize][forged]") {
  static engine_type source;
  static engine_type target;
  REQUIRE(run_to_phase(source, 6u, langevin::detail::minimizer_phase::jump));
  REQUIRE(restores(source, target));
  const record r = saved_value<record>(source, in_record(1u, 0u));
  REQUIRE(r.seeded == 1u);
  const auto at = [](std::size_t field) { return in_record(1u, field); };
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  CHECK(refuses_forged(source, target, at(offsetof(record, seeded)), r.seeded, std::uint8_t{2}));
  CHECK(refuses_forged(source, target, at(offsetof(record, energy)), r.energy, inf));  // seeded: finite
  CHECK(refuses_forged(source, target, at(offsetof(record, own_best)), r.own_best, nan));
  CHECK(refuses_forged(source, target, at(offsetof(record, inverse_curvature)), r.inverse_curvature, -1.0f));
  CHECK(refuses_forged(source, target, at(offsetof(record, inverse_curvature)), r.inverse_curvature, 0.0f));
  CHECK(refuses_forged(source, target, at(offsetof(record, jump)), r.jump[0], 0.0f));
  CHECK(refuses_forged(source, target, at(offsetof(record, jump)) + sizeof(float), r.jump[1], 1.5f));
  CHECK(refuses_forged(source, target, at(offsetof(record, threshold)), r.threshold[0], inf));
  CHECK(refuses_forged(source, target, at(offsetof(record, gain)), r.gain[0], -1.0f));
  CHECK(refuses_forged(source, target, at(offsetof(record, cost)) + sizeof(float), r.cost[1], nan));
}

TEST_CASE("minimizer restore: the box, its widths and every point in it are checked", "[checkpoint][minimize][forged]") {
  static engine_type source;
  static engine_type target;
  REQUIRE(run_to_phase(source, 7u, langevin::detail::minimizer_phase::jump));
  REQUIRE(restores(source, target));
  const float nan = std::numeric_limits<float>::quiet_NaN();
  // Bounds finite and in order, widths equal to upper - lower.
  CHECK(refuses_forged(source, target, in_block(lower, 1u), bounds.lower[1], nan));
  CHECK(refuses_forged(source, target, in_block(upper, 0u), bounds.upper[0], bounds.lower[0] - 1.0f));
  CHECK(refuses_forged(source, target, in_block(width, 1u), 6.0f, next_up(6.0f)));
  // An infinite bound with its width and the derived constants made consistent with it:
  // only the finite-bounds rule refuses it.
  const float inf = std::numeric_limits<float>::infinity();
  const edit unbounded[] = {set(in_block(lower, 0u), -inf), set(in_block(width, 0u), inf),
                            set(in_settings(offsetof(settings, widest)), inf),
                            set(in_settings(offsetof(settings, resolution)), inf)};
  CHECK(refuses_edits(source, target, unbounded));
  // The best point, the request and every replica's point lie in the box.
  const std::array<float, 2> best = source.best();
  CHECK(refuses_forged(source, target, in_block(best_x, 0u), best[0], bounds.upper[0] + 0.5f));
  const float request = source.point()[0];
  CHECK(refuses_forged(source, target, request_at, request, bounds.lower[0] - 0.5f));
  const float replica = saved_value<float>(source, in_block(replica_x(1u), 1u));
  CHECK(refuses_forged(source, target, in_block(replica_x(1u), 1u), replica, bounds.upper[1] + 0.5f));
  // Gradients kept with points are finite.
  const float g_best = saved_value<float>(source, in_block(best_gradient, 1u));
  CHECK(refuses_forged(source, target, in_block(best_gradient, 1u), g_best, nan));
  const float g_replica = saved_value<float>(source, in_block(replica_gradient(0u), 0u));
  CHECK(refuses_forged(source, target, in_block(replica_gradient(0u), 0u), g_replica,
                       std::numeric_limits<float>::infinity()));
}
