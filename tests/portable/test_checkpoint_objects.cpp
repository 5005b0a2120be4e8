// Checkpoint / resume of the steppers, the batch sampler, annealing SGD and simulated
// annealing, on every port: a run saved mid-way (object and, for the steppers, the
// caller's generator), restored into fresh objects and continued produces the same bits
// as the run that never stopped; a bit flip in every byte, every truncation and a blob
// whose CRC is valid but whose contents are impossible are all refused (with
// version_mismatch for a flip in a version field, corrupt_data otherwise), leaving the
// target untouched. (tests/host/test_checkpoint_exhaustive.cpp flips every
// bit of every kind, in float and double.)
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

#include <langevin/checkpoint.hpp>
#include <langevin/dynamics/overdamped.hpp>
#include <langevin/dynamics/underdamped.hpp>
#include <langevin/math.hpp>
#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/optimize/dataset.hpp>
#include <langevin/optimize/simulated_annealing.hpp>
#include <langevin/random/normal.hpp>
#include <langevin/random/pcg32.hpp>

#include "checkpoint_forge.hpp"
#include "langevin_test.hpp"

namespace {

using langevin::status;

template <class T>
bool same_object(const T& a, const T& b) {
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}

template <class Real, std::size_t N>
bool same_bits(const std::array<Real, N>& a, const std::array<Real, N>& b) {
  return std::memcmp(a.data(), b.data(), sizeof(Real) * N) == 0;
}

template <class Real>
bool same_bits(Real a, Real b) {
  return std::memcmp(&a, &b, sizeof(Real)) == 0;
}

// Restores `target` (reset to `before` first) from `blob[0, size)`; true if that was
// refused with `expected` and the target still equals `before` byte for byte.
template <class T>
bool refused_unchanged(const unsigned char* blob, std::size_t size, const T& before,
                       status expected = status::corrupt_data) {
  static T target;
  std::memcpy(static_cast<void*>(&target), &before, sizeof(T));
  return langevin::restore_checkpoint(target, blob, size) == expected && same_object(target, before);
}

// The status a blob with byte k flipped is refused with: version_mismatch for the format
// version (bytes 4-5) and the layout version (bytes 8-9), corrupt_data for any other byte.
status refusal_for_byte(std::size_t k) {
  const bool version = k == 4u || k == 5u || k == 8u || k == 9u;
  return version ? status::version_mismatch : status::corrupt_data;
}

constexpr std::size_t largest_blob = 1024u;

// Scratch blobs shared by every object type (one per role, not one per template
// instantiation: the whole file's test data fits the 16 KiB of RAM of the Cortex-M0).
unsigned char tampered_source_blob[largest_blob];
unsigned char tampered_scratch_blob[largest_blob];
unsigned char round_trip_blob[largest_blob];

// The blob of `source`, tampered with three ways against `before` (an object of the same
// type in another state): bit (k % 8) of every byte k flipped, every truncation, and the
// payload overwritten with `fill` bytes under a recomputed, valid CRC. Returns the number
// of tampered blobs that were not refused-with-the-target-unchanged (0 is a pass).
template <class T>
std::size_t accepted_tamperings(const T& source, const T& before, unsigned char fill) {
  constexpr std::size_t size = langevin::checkpoint_size<T>;
  static_assert(size <= largest_blob, "enlarge the scratch blobs");
  unsigned char* const blob = tampered_source_blob;
  unsigned char* const scratch = tampered_scratch_blob;
  if (langevin::save_checkpoint(source, blob, size) != status::ok) return 1u;
  std::size_t accepted = 0;
  for (std::size_t k = 0; k < size; ++k) {
    std::memcpy(scratch, blob, size);
    scratch[k] = static_cast<unsigned char>(scratch[k] ^ (1u << (k % 8u)));
    if (!refused_unchanged(scratch, size, before, refusal_for_byte(k))) ++accepted;
  }
  for (std::size_t length = 0; length < size; ++length) {
    if (!refused_unchanged(blob, length, before)) ++accepted;
  }
  std::memcpy(scratch, blob, size);
  constexpr std::size_t payload_end = size - 4u;
  for (std::size_t k = langevin::detail::checkpoint_header_size; k < payload_end; ++k) scratch[k] = fill;
  const std::uint32_t crc = langevin::detail::crc32(scratch, payload_end);
  for (unsigned i = 0; i < 4u; ++i) scratch[payload_end + i] = static_cast<unsigned char>(crc >> (8u * i));
  if (!refused_unchanged(scratch, size, before)) ++accepted;
  return accepted;
}

// Saves `object` and restores the blob into `fresh`; true if both succeed.
template <class T>
bool save_and_restore(const T& object, T& fresh) {
  unsigned char* const blob = round_trip_blob;
  constexpr std::size_t size = langevin::checkpoint_size<T>;
  static_assert(size <= largest_blob, "enlarge the scratch blob");
  return langevin::save_checkpoint(object, blob, size) == status::ok &&
         langevin::restore_checkpoint(fresh, blob, size) == status::ok;
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

// Steps `a` with `rng_a` and `b` with `rng_b` side by side; true if every step's status,
// energy and position have the same bits.
template <class Stepper, class Real>
bool same_steps(Stepper& a, langevin::pcg32& rng_a, Stepper& b, langevin::pcg32& rng_b, int steps, Real temperature) {
  bool same = true;
  for (int i = 0; i < steps; ++i) {
    const auto ra = a.step(double_well<Real>{}, temperature, rng_a);
    const auto rb = b.step(double_well<Real>{}, temperature, rng_b);
    same = same && ra.status == rb.status && same_bits(ra.value, rb.value) && same_bits(a.current(), b.current());
  }
  return same && a.steps() == b.steps();
}

// A stepper run for 60 steps, and the same run saved after 23, restored (stepper and
// generator) into fresh objects and continued: true if the two agree bit for bit.
template <class Stepper, class Real, class Start>
bool resumes_bit_for_bit(Start start) {
  static Stepper uninterrupted;
  static Stepper interrupted;
  static Stepper resumed;
  uninterrupted = Stepper();
  interrupted = Stepper();
  resumed = Stepper();
  start(uninterrupted);
  start(interrupted);
  langevin::pcg32 rng_a{2026u, 1u};
  langevin::pcg32 rng_b{2026u, 1u};
  const Real temperature = Real(0.3);
  if (!same_steps(uninterrupted, rng_a, interrupted, rng_b, 23, temperature)) return false;
  langevin::pcg32 resumed_rng{1u, 1u};
  if (!save_and_restore(interrupted, resumed) || !save_and_restore(rng_b, resumed_rng)) return false;
  return same_steps(uninterrupted, rng_a, resumed, resumed_rng, 37, temperature);
}

struct point_sample {
  float x;
  float y;
};

// Least squares of y ~ theta0 + theta1 x, per-sample loss (theta0 + theta1 x - y)^2.
struct line_model {
  float operator()(const std::array<float, 2>& theta, const point_sample& s, std::array<float, 2>& g) const noexcept {
    const float r = theta[0] + theta[1] * s.x - s.y;
    g[0] = 2.0f * r;
    g[1] = 2.0f * r * s.x;
    return r * r;
  }
};

const point_sample line_data[13] = {{-1.0f, -1.1f}, {-0.8f, -0.5f}, {-0.6f, -0.4f}, {-0.4f, 0.1f}, {-0.2f, 0.2f},
                                    {0.0f, 0.4f},   {0.2f, 0.7f},   {0.4f, 1.1f},   {0.6f, 1.1f},  {0.8f, 1.6f},
                                    {1.0f, 1.9f},   {1.2f, 2.1f},   {1.4f, 2.6f}};

using sgd_type = langevin::annealing_sgd<float, 2, 16>;

langevin::annealing_sgd_options<float> sgd_options(std::uint64_t seed) {
  langevin::annealing_sgd_options<float> o;
  o.batch_size = 4u;
  o.batches = langevin::sampling::without_replacement;
  o.learning_rate = langevin::schedule<float>::inverse_time(0.5f, 10.0f);
  o.temperature = langevin::schedule<float>::logarithmic(0.05f, 2.0f);
  o.momentum = 0.5f;
  o.track_best = true;
  o.seed = seed;
  return o;
}

bool same_sgd_steps(sgd_type& a, sgd_type& b, int steps) {
  const langevin::span<const point_sample> data{line_data};
  bool same = true;
  for (int i = 0; i < steps; ++i) {
    const auto ra = a.step(line_model{}, data);
    const auto rb = b.step(line_model{}, data);
    same = same && ra.status == rb.status && same_bits(ra.value, rb.value) && same_bits(a.current(), b.current()) &&
           same_bits(a.best(), b.best());
  }
  return same && a.steps() == b.steps() && a.epochs() == b.epochs();
}

using annealer_type = langevin::simulated_annealer<float, 2>;

struct bumpy_bowl {
  float operator()(const std::array<float, 2>& x) const noexcept {
    return x[0] * x[0] + x[1] * x[1] + 0.3f * (x[0] * x[1] - x[0]) + 0.25f * (x[0] * x[0] * x[1]);
  }
};

langevin::simulated_annealing_options<float> annealer_options(std::uint64_t seed) {
  langevin::simulated_annealing_options<float> o;
  o.max_calls = 200u;
  o.initial_samples = 10u;
  o.seed = seed;
  return o;
}

const langevin::box<float, 2> annealer_box{{-2.0f, -2.0f}, {2.0f, 2.0f}};

bool same_annealer_steps(annealer_type& a, annealer_type& b, int steps) {
  bool same = true;
  for (int i = 0; i < steps; ++i) {
    const auto ra = a.step(bumpy_bowl{});
    const auto rb = b.step(bumpy_bowl{});
    same = same && ra.status == rb.status && same_bits(ra.value, rb.value) && same_bits(a.current(), b.current());
  }
  return same && a.calls() == b.calls() && a.accepted() == b.accepted() && same_bits(a.best(), b.best());
}

}  // namespace

TEST_CASE("euler_maruyama and its generator restored mid-run continue bit for bit", "[checkpoint][dynamics]") {
  using stepper = langevin::euler_maruyama<float, 2>;
  CHECK(langevin::is_checkpointable_v<stepper>);
  CHECK(resumes_bit_for_bit<stepper, float>([](stepper& s) {
    CHECK(s.init({0.05f, 1.5f}) == status::ok);
    CHECK(s.place({0.5f, -0.25f}) == status::ok);
  }));
}

TEST_CASE("leimkuhler_matthews restored mid-run continues bit for bit (its remembered draws included)",
          "[checkpoint][dynamics]") {
  using stepper = langevin::leimkuhler_matthews<double, 2>;
  CHECK(langevin::is_checkpointable_v<stepper>);
  CHECK(resumes_bit_for_bit<stepper, double>([](stepper& s) {
    CHECK(s.init({0.05}) == status::ok);
    CHECK(s.place({-0.5, 0.75}) == status::ok);
  }));
}

TEST_CASE("baoab restored mid-run continues bit for bit (float and double)", "[checkpoint][dynamics]") {
  using single = langevin::baoab<float, 2>;
  using twice = langevin::baoab<double, 2>;
  CHECK(resumes_bit_for_bit<single, float>([](single& s) {
    CHECK(s.init({0.1f, 2.0f, 0.7f}) == status::ok);
    CHECK(s.place({0.5f, 0.5f}, {0.0f, -1.0f}) == status::ok);
  }));
  CHECK(resumes_bit_for_bit<twice, double>([](twice& s) {
    CHECK(s.init({0.1, 1.0, 1.0}) == status::ok);
    CHECK(s.place({0.5, 0.5}, {0.25, -1.0}) == status::ok);
  }));
}

TEST_CASE("stepper blobs: bit flips, truncations and impossible contents are refused", "[checkpoint][dynamics]") {
  static langevin::euler_maruyama<float, 2> em_source;
  static langevin::euler_maruyama<float, 2> em_before;
  REQUIRE(em_source.init({0.01f}) == status::ok);
  REQUIRE(em_source.place({1.0f, 2.0f}) == status::ok);
  REQUIRE(em_before.init({0.02f, 3.0f}) == status::ok);
  CHECK(accepted_tamperings(em_source, em_before, 0xFFu) == 0u);
  CHECK(accepted_tamperings(em_source, em_before, 0x00u) == 0u);

  static langevin::leimkuhler_matthews<float, 3> lm_source;
  static langevin::leimkuhler_matthews<float, 3> lm_before;
  REQUIRE(lm_source.init({0.01f}) == status::ok);
  langevin::pcg32 rng{3u, 4u};
  struct bowl {
    float operator()(const std::array<float, 3>& x, std::array<float, 3>& g) const noexcept {
      for (std::size_t i = 0; i < 3u; ++i) g[i] = x[i];
      return 0.5f * (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
    }
  };
  for (int i = 0; i < 5; ++i) CHECK(lm_source.step(bowl{}, 1.0f, rng).status == status::ok);
  CHECK(accepted_tamperings(lm_source, lm_before, 0xFFu) == 0u);
  CHECK(accepted_tamperings(lm_source, lm_before, 0x00u) == 0u);

  static langevin::baoab<double, 2> bd_source;
  static langevin::baoab<double, 2> bd_before;
  REQUIRE(bd_source.init({0.1, 1.0, 2.0}) == status::ok);
  REQUIRE(bd_source.place({0.1, 0.2}, {0.3, 0.4}) == status::ok);
  CHECK(bd_source.step(double_well<double>{}, 0.5, rng).status == status::ok);
  CHECK(accepted_tamperings(bd_source, bd_before, 0xFFu) == 0u);
  CHECK(accepted_tamperings(bd_source, bd_before, 0x00u) == 0u);
}

TEST_CASE("batch_sampler restored mid-epoch hands out the same batches", "[checkpoint][sgd]") {
  using sampler = langevin::batch_sampler<16>;
  CHECK(langevin::is_checkpointable_v<sampler>);
  static sampler uninterrupted;
  static sampler interrupted;
  static sampler resumed;
  REQUIRE(uninterrupted.init(13u, 4u, langevin::sampling::without_replacement) == status::ok);
  REQUIRE(interrupted.init(13u, 4u, langevin::sampling::without_replacement) == status::ok);
  langevin::pcg32 rng_a{7u, 7u};
  langevin::pcg32 rng_b{7u, 7u};
  bool same = true;
  auto compare_batches = [&](sampler& other, langevin::pcg32& other_rng, int batches) {
    for (int b = 0; b < batches; ++b) {
      std::size_t first[4] = {};
      std::size_t second[4] = {};
      std::size_t n = 0;
      std::size_t m = 0;
      uninterrupted.draw(rng_a, [&](std::size_t i) { first[n++] = i; });
      other.draw(other_rng, [&](std::size_t i) { second[m++] = i; });
      same = same && n == m;
      for (std::size_t k = 0; k < n && k < m; ++k) same = same && first[k] == second[k];
    }
  };
  compare_batches(interrupted, rng_b, 6);
  langevin::pcg32 resumed_rng{1u, 1u};
  REQUIRE(save_and_restore(interrupted, resumed));
  REQUIRE(save_and_restore(rng_b, resumed_rng));
  compare_batches(resumed, resumed_rng, 11);
  CHECK(same);
  CHECK(resumed.epochs() == uninterrupted.epochs());
  CHECK(resumed.epochs() == 4u);
}

TEST_CASE("batch_sampler blobs: tampering is refused; an order entry past N is refused", "[checkpoint][sgd]") {
  using sampler = langevin::batch_sampler<16>;
  static sampler source;
  static sampler before;
  REQUIRE(source.init(13u, 4u, langevin::sampling::without_replacement) == status::ok);
  REQUIRE(before.init(9u, 2u, langevin::sampling::with_replacement) == status::ok);
  langevin::pcg32 rng{1u, 2u};
  source.draw(rng, [](std::size_t) {});
  CHECK(accepted_tamperings(source, before, 0xFFu) == 0u);
  // A blob with a valid CRC whose epoch order points past the data must not restore: the
  // sampler would hand out an index outside the caller's samples.
  static sampler target;
  auto escaped = langevin_test::blob_of(source);
  constexpr std::size_t order_at = sizeof(langevin::detail::sampler_core);  // the order follows the core
  REQUIRE(langevin_test::payload_value<sampler::index_type, sampler>(escaped, order_at + 12u) == source.order()[12]);
  langevin_test::forge<sampler>(escaped, order_at + 12u, sampler::index_type{13u});
  std::memcpy(static_cast<void*>(&target), static_cast<const void*>(&before), sizeof(sampler));
  CHECK(langevin_test::refused_unchanged(escaped, target));
  CHECK(same_object(target, before));
}

TEST_CASE("annealing_sgd restored mid-run (mid-epoch, with noise and momentum) continues bit for bit",
          "[checkpoint][sgd]") {
  CHECK(langevin::is_checkpointable_v<sgd_type>);
  static sgd_type uninterrupted;
  static sgd_type interrupted;
  static sgd_type resumed;
  REQUIRE(uninterrupted.init(13u, sgd_options(5u)) == status::ok);
  REQUIRE(interrupted.init(13u, sgd_options(5u)) == status::ok);
  CHECK(same_sgd_steps(uninterrupted, interrupted, 18));
  CHECK(interrupted.sampler().position() != 0u);
  REQUIRE(save_and_restore(interrupted, resumed));
  CHECK(same_sgd_steps(uninterrupted, resumed, 40));
  CHECK(uninterrupted.epochs() == 14u);
}

TEST_CASE("annealing_sgd blobs: tampering is refused; the shape does not depend on the pointer width",
          "[checkpoint][sgd]") {
  static sgd_type source;
  static sgd_type before;
  REQUIRE(source.init(13u, sgd_options(1u)) == status::ok);
  REQUIRE(source.place({1.0f, 1.0f}) == status::ok);
  REQUIRE(source.run(line_model{}, line_data, 7u).status == status::ok);
  REQUIRE(before.init(10u, sgd_options(2u)) == status::ok);
  REQUIRE(before.place({0.0f, 0.5f}) == status::ok);
  CHECK(accepted_tamperings(source, before, 0xFFu) == 0u);
  CHECK(accepted_tamperings(source, before, 0x00u) == 0u);
  // The shape hashes P and the index capacity only: no std::size_t in the state.
  CHECK(langevin::checkpoint_access::identity<sgd_type>().shape == langevin::detail::checkpoint_shape(2u, 16u));
}

TEST_CASE("simulated_annealer restored mid-run continues bit for bit", "[checkpoint][annealing]") {
  CHECK(langevin::is_checkpointable_v<annealer_type>);
  static annealer_type uninterrupted;
  static annealer_type interrupted;
  static annealer_type resumed;
  REQUIRE(uninterrupted.init(annealer_box, annealer_options(3u)) == status::ok);
  REQUIRE(interrupted.init(annealer_box, annealer_options(3u)) == status::ok);
  CHECK(same_annealer_steps(uninterrupted, interrupted, 41));
  REQUIRE(save_and_restore(interrupted, resumed));
  CHECK(same_annealer_steps(uninterrupted, resumed, 160));
  CHECK(resumed.step(bumpy_bowl{}).status == status::budget_exhausted);
  CHECK(same_bits(uninterrupted.result().value, resumed.result().value));
}

TEST_CASE("simulated_annealer blobs: tampering is refused", "[checkpoint][annealing]") {
  static annealer_type source;
  static annealer_type before;
  REQUIRE(source.init(annealer_box, annealer_options(8u)) == status::ok);
  for (int i = 0; i < 22; ++i) static_cast<void>(source.step(bumpy_bowl{}));  // 10 samples, 12 proposals
  REQUIRE(before.init(annealer_box, annealer_options(9u)) == status::ok);
  CHECK(accepted_tamperings(source, before, 0xFFu) == 0u);
}

// --- one forged field per validation rule ---------------------------------------------------

namespace {

// Finds the places in `object`'s bytes, at multiples of alignof(V), that hold exactly the
// bytes of `value`. If there are `expected_count` of them (a layout change is noticed
// instead of forging the wrong field), writes `replacement` over the one numbered
// `occurrence` (from 0, in address order) and returns true.
template <class T, class V>
bool forge(T& object, V value, V replacement, std::size_t expected_count, std::size_t occurrence) {
  unsigned char* bytes = reinterpret_cast<unsigned char*>(&object);
  unsigned char* chosen = nullptr;
  std::size_t count = 0;
  for (std::size_t at = 0; at + sizeof(V) <= sizeof(T); at += alignof(V)) {
    if (std::memcmp(bytes + at, &value, sizeof(V)) != 0) continue;
    if (count == occurrence) chosen = bytes + at;
    ++count;
  }
  if (count != expected_count || chosen == nullptr) return false;
  std::memcpy(chosen, &replacement, sizeof(V));
  return true;
}

// set_state(forged) must refuse and leave a target (a copy of `before`) byte for byte alone.
template <class T>
bool refuses(const T& forged, const T& before) {
  static T target;
  std::memcpy(static_cast<void*>(&target), static_cast<const void*>(&before), sizeof(T));
  return target.set_state(forged) == status::invalid_argument && same_object(target, before);
}

float next_up(float x) {
  std::uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  ++bits;
  std::memcpy(&x, &bits, sizeof bits);
  return x;
}

}  // namespace

TEST_CASE("batch_sampler blobs: a repeated order entry and a position off the batch grid are refused",
          "[checkpoint][sgd]") {
  using sampler = langevin::batch_sampler<16>;
  static sampler source;
  static sampler target;
  REQUIRE(source.init(13u, 4u, langevin::sampling::without_replacement) == status::ok);
  langevin::pcg32 rng{1u, 2u};
  source.draw(rng, [](std::size_t) {});
  source.draw(rng, [](std::size_t) {});
  REQUIRE(source.position() == 8u);
  constexpr std::size_t order_at = sizeof(langevin::detail::sampler_core);
  constexpr std::size_t cursor_at = offsetof(langevin::detail::sampler_core, cursor);
  // Entry 12 repeats entry 11: every index is below N, but one sample would never be visited.
  auto forged = langevin_test::blob_of(source);
  langevin_test::forge<sampler>(forged, order_at + 12u, source.order()[11]);
  CHECK(langevin_test::refused_unchanged(forged, target));
  // Epoch position 9: batches of 4 only ever stop at multiples of 4.
  forged = langevin_test::blob_of(source);
  REQUIRE(langevin_test::payload_value<std::uint32_t, sampler>(forged, cursor_at) == 8u);
  langevin_test::forge<sampler>(forged, cursor_at, std::uint32_t{9u});
  CHECK(langevin_test::refused_unchanged(forged, target));
  // A legitimate position is accepted: the forge itself is sound.
  forged = langevin_test::blob_of(source);
  langevin_test::forge<sampler>(forged, cursor_at, std::uint32_t{12u});
  CHECK(langevin::restore_checkpoint(target, forged.data(), forged.size()) == status::ok);
  CHECK(target.position() == 12u);
}

TEST_CASE("baoab restore: an O-step constant one ulp off its parameters is refused", "[checkpoint][dynamics]") {
  using stepper = langevin::baoab<float, 2>;
  using core = langevin::detail::baoab_core<float>;
  static stepper source;
  static stepper target;
  REQUIRE(source.init({0.1f, 1.0f, 1.0f}) == status::ok);
  const float damping = langevin::math::exp(-(1.0f * 0.1f / 1.0f));
  auto blob = langevin_test::blob_of(source);
  REQUIRE(langevin_test::payload_value<float, stepper>(blob, offsetof(core, damping)) == damping);
  langevin_test::forge<stepper>(blob, offsetof(core, damping), next_up(damping));
  CHECK(langevin_test::refused_unchanged(blob, target));
  langevin_test::forge<stepper>(blob, offsetof(core, damping), damping);
  // The same bytes as saved are accepted: the forge itself is sound.
  CHECK(langevin::restore_checkpoint(target, blob.data(), blob.size()) == status::ok);
}

TEST_CASE("annealing_sgd blobs: a never-initialized state must hold its start values", "[checkpoint][sgd]") {
  static sgd_type fresh;
  static sgd_type target;
  const float infinity = std::numeric_limits<float>::infinity();
  constexpr std::size_t best_loss_at = offsetof(langevin::detail::sgd_core<float>, best_loss);
  CHECK_FALSE(fresh.initialized());
  auto forged = langevin_test::blob_of(fresh);
  REQUIRE(langevin_test::payload_value<float, sgd_type>(forged, best_loss_at) == infinity);
  langevin_test::forge<sgd_type>(forged, best_loss_at, 3.0f);
  CHECK(langevin_test::refused_unchanged(forged, target));
  forged = langevin_test::blob_of(fresh);
  langevin_test::forge<sgd_type>(forged, best_loss_at, infinity);
  CHECK(langevin::restore_checkpoint(target, forged.data(), forged.size()) == status::ok);
}

TEST_CASE("leimkuhler_matthews restore: a remembered draw normal() cannot produce is refused",
          "[checkpoint][dynamics]") {
  using stepper = langevin::leimkuhler_matthews<double, 2>;
  static stepper source;
  static stepper target;
  struct flat {
    double operator()(const std::array<double, 2>&, std::array<double, 2>& g) const noexcept {
      g = {0.0, 0.0};
      return 0.0;
    }
  };
  REQUIRE(source.init({0.01}) == status::ok);
  REQUIRE(source.place({0.0, 0.0}) == status::ok);
  langevin::pcg32 rng{12u, 34u};
  langevin::pcg32 replay = rng;
  REQUIRE(source.step(flat{}, 1.0, rng).status == status::ok);
  // The first step drew xi_0 (2 values), then xi_1 (2 values), which it remembers: the
  // noise array follows the core, two positions and the gradient in the payload, and the
  // remembered draws are its half number current() (1 after one step).
  for (int i = 0; i < 2; ++i) static_cast<void>(langevin::normal<double>(replay));
  const double remembered = langevin::normal<double>(replay);
  const std::size_t noise = sizeof(langevin::detail::overdamped_core<double>) + 3u * sizeof(std::array<double, 2>);
  const std::size_t first_remembered = noise + 2u * sizeof(double);
  auto blob = langevin_test::blob_of(source);
  REQUIRE(langevin_test::payload_value<double, stepper>(blob, first_remembered) == remembered);
  langevin_test::forge<stepper>(blob, first_remembered, 1e30);
  CHECK(langevin_test::refused_unchanged(blob, target));
  langevin_test::forge<stepper>(blob, first_remembered, 15.0);
  // Large but possible in principle: accepted.
  CHECK(langevin::restore_checkpoint(target, blob.data(), blob.size()) == status::ok);
}
