// Forged checkpoints of annealing_sgd and batch_sampler, on every port: one payload field
// per validation rule is edited under a valid CRC, and restore must refuse the blob and
// leave the target's bytes alone; the unedited blob (or a legitimate edit) restores, so the
// forge itself is sound. Also pins the payload layouts: annealing_sgd to layout version 3
// (the gradient-noise meter and the preconditioner), batch_sampler to version 1.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

#include <langevin/checkpoint.hpp>
#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/optimize/dataset.hpp>

#include "checkpoint_forge.hpp"
#include "langevin_test.hpp"

namespace {

using langevin::status;
using sgd_type = langevin::annealing_sgd<float, 2, 16>;
using sampler_type = langevin::batch_sampler<16>;
using core_type = langevin::detail::sgd_core<float>;
using sampler_core = langevin::detail::sampler_core;

using meter_type = langevin::detail::sgd_meter_core<float>;
using preconditioner_type = langevin::detail::sgd_preconditioner_core<float>;

// Payload offsets of annealing_sgd<float, 2, 16>: core, schedules, meter core,
// preconditioner core (the saved scalars, sgd_state), sampler core, parameters, velocity,
// best, step variance, average variance, previous sample, preconditioner diagonal, order
// buffer.
constexpr std::size_t schedules_at = sizeof(core_type);
constexpr std::size_t temperature_at = schedules_at + sizeof(langevin::schedule<float>);
constexpr std::size_t meter_at = schedules_at + sizeof(langevin::detail::sgd_schedules<float>);
constexpr std::size_t preconditioner_at = meter_at + sizeof(meter_type);
constexpr std::size_t sampler_at = preconditioner_at + sizeof(preconditioner_type);
constexpr std::size_t theta_at = sampler_at + sizeof(sampler_core);
constexpr std::size_t velocity_at = theta_at + 2u * sizeof(float);
constexpr std::size_t best_at = velocity_at + 2u * sizeof(float);
constexpr std::size_t step_variance_at = best_at + 2u * sizeof(float);
constexpr std::size_t average_variance_at = step_variance_at + 2u * sizeof(float);
constexpr std::size_t previous_sample_at = average_variance_at + 2u * sizeof(float);
constexpr std::size_t diagonal_at = previous_sample_at + 2u * sizeof(float);
constexpr std::size_t order_at = diagonal_at + 2u * sizeof(float);

constexpr std::size_t core_field(std::size_t offset) { return offset; }
constexpr std::size_t sampler_field(std::size_t offset) { return sampler_at + offset; }
constexpr std::size_t meter_field(std::size_t offset) { return meter_at + offset; }
constexpr std::size_t preconditioner_field(std::size_t offset) { return preconditioner_at + offset; }

struct point_sample {
  float x;
  float y;
};

struct line_model {
  float operator()(const std::array<float, 2>& theta, const point_sample& s, std::array<float, 2>& g) const noexcept {
    const float r = theta[0] + theta[1] * s.x - s.y;
    g[0] = r;
    g[1] = r * s.x;
    return 0.5f * r * r;
  }
};

const point_sample samples[13] = {{-1.0f, -1.1f}, {-0.8f, -0.5f}, {-0.6f, -0.4f}, {-0.4f, 0.1f}, {-0.2f, 0.2f},
                                  {0.0f, 0.4f},   {0.2f, 0.7f},   {0.4f, 1.1f},   {0.6f, 1.1f},  {0.8f, 1.6f},
                                  {1.0f, 1.9f},   {1.2f, 2.1f},   {1.4f, 2.6f}};

langevin::annealing_sgd_options<float> options() {
  langevin::annealing_sgd_options<float> o;
  o.batch_size = 4u;
  o.batches = langevin::sampling::without_replacement;
  o.learning_rate = langevin::schedule<float>::inverse_time(0.5f, 10.0f);
  o.temperature = langevin::schedule<float>::constant(0.01f);
  o.momentum = 0.5f;
  o.track_best = true;
  o.seed = 11u;
  o.stream = 3u;
  return o;
}

// Never initialised.
const sgd_type& fresh() {
  static sgd_type object;
  return object;
}

// Initialised at (0.5, -0.5), no step yet.
const sgd_type& started() {
  static sgd_type object;
  static bool ready = false;
  if (!ready) {
    ready = object.init(13u, options()) == status::ok && object.place({0.5f, -0.5f}) == status::ok;
  }
  return object;
}

// The same with the meter and temperature holding on, seven steps in (the epoch's last
// batch of one sample paired with the previous batch's last sample).
const sgd_type& metered() {
  static sgd_type object;
  static bool ready = false;
  if (!ready) {
    auto o = options();
    o.hold_temperature = true;
    o.noise_meter_window = 4u;
    ready = object.init(13u, o) == status::ok && object.place({0.5f, -0.5f}) == status::ok &&
            object.run(line_model{}, samples, 7u).status == status::ok;
  }
  return object;
}

// Seven steps in: one epoch of four batches (4, 4, 4, 1) and three batches of the next.
const sgd_type& running() {
  static sgd_type object;
  static bool ready = false;
  if (!ready) {
    object = started();
    ready = object.run(line_model{}, samples, 7u).status == status::ok;
  }
  return object;
}

// The blob of `source` with `value` written at payload byte `offset`: refused, and a target
// (holding `running()`) unchanged.
template <class V>
bool refused(const sgd_type& source, std::size_t offset, V value) {
  static sgd_type target;
  target = running();
  auto blob = langevin_test::blob_of(source);
  langevin_test::forge<sgd_type>(blob, offset, value);
  return langevin_test::refused_unchanged(blob, target);
}

// The same edit restores (a legitimate value: the forge is sound).
template <class V>
bool accepted(const sgd_type& source, std::size_t offset, V value) {
  static sgd_type target;
  auto blob = langevin_test::blob_of(source);
  langevin_test::forge<sgd_type>(blob, offset, value);
  return langevin::restore_checkpoint(target, blob.data(), blob.size()) == status::ok;
}

template <class V>
bool sampler_refused(const sampler_type& source, std::size_t offset, V value) {
  static sampler_type target;
  auto blob = langevin_test::blob_of(source);
  langevin_test::forge<sampler_type>(blob, offset, value);
  return langevin_test::refused_unchanged(blob, target);
}

}  // namespace

TEST_CASE("annealing_sgd payload layout is pinned to layout version 3, batch_sampler's to version 1",
          "[checkpoint][sgd]") {
  // Raise the version in the class (and this test) whenever one of these changes.
  constexpr auto sgd_id = langevin::checkpoint_access::identity<sgd_type>();
  CHECK(sgd_id.kind == 0x1030u);
  CHECK(sgd_id.version == 3u);
  CHECK(sgd_id.shape == langevin::detail::checkpoint_shape(2u, 16u));
  CHECK(langevin::checkpoint_access::identity<langevin::annealing_sgd<double, 2, 16>>().kind == 0x2030u);
  CHECK(langevin::checkpoint_access::payload_size<sgd_type>() == 296u);
  CHECK(langevin::checkpoint_access::payload_size<langevin::annealing_sgd<double, 3, 300>>() == 1056u);
  CHECK(sizeof(preconditioner_type) == 32u);
  CHECK(sizeof(langevin::detail::sgd_preconditioner_core<double>) == 40u);
  CHECK(offsetof(preconditioner_type, updates) == 0u);
  CHECK(offsetof(preconditioner_type, adapt_steps) == 8u);
  CHECK(offsetof(preconditioner_type, decay) == 16u);
  CHECK(offsetof(preconditioner_type, epsilon) == 20u);
  CHECK(offsetof(preconditioner_type, mode) == 24u);
  CHECK(offsetof(preconditioner_type, reserved) == 25u);
  CHECK(offsetof(langevin::detail::sgd_preconditioner_core<double>, mode) == 32u);
  CHECK(preconditioner_at == 168u);
  CHECK(sizeof(langevin::detail::sgd_state<float>) == 200u);
  CHECK(offsetof(langevin::detail::sgd_state<float>, meter) == meter_at);
  CHECK(offsetof(langevin::detail::sgd_state<float>, preconditioner) == preconditioner_at);
  CHECK(diagonal_at == 272u);
  CHECK(sizeof(meter_type) == 32u);
  CHECK(sizeof(langevin::detail::sgd_meter_core<double>) == 40u);
  CHECK(offsetof(meter_type, readings) == 0u);
  CHECK(offsetof(meter_type, clamped) == 8u);
  CHECK(offsetof(meter_type, factor) == 16u);
  CHECK(offsetof(meter_type, window) == 20u);
  CHECK(offsetof(meter_type, measure) == 24u);
  CHECK(offsetof(meter_type, hold) == 25u);
  CHECK(offsetof(meter_type, has_previous) == 26u);
  CHECK(offsetof(meter_type, has_reading) == 27u);
  CHECK(offsetof(meter_type, reserved) == 28u);
  CHECK(offsetof(langevin::detail::sgd_meter_core<double>, window) == 24u);
  CHECK(offsetof(langevin::detail::sgd_meter_core<double>, reserved) == 32u);
  CHECK(meter_at == 136u);
  CHECK(theta_at == 224u);
  CHECK(sizeof(core_type) == 72u);
  CHECK(sizeof(langevin::detail::sgd_core<double>) == 88u);
  CHECK(offsetof(core_type, generator) == 0u);
  CHECK(offsetof(core_type, steps) == 16u);
  CHECK(offsetof(core_type, rejected) == 24u);
  CHECK(offsetof(core_type, seed) == 32u);
  CHECK(offsetof(core_type, stream) == 40u);
  CHECK(offsetof(core_type, momentum) == 48u);
  CHECK(offsetof(core_type, max_gradient_norm) == 52u);
  CHECK(offsetof(core_type, best_loss) == 56u);
  CHECK(offsetof(core_type, batch_size) == 60u);
  CHECK(offsetof(core_type, batches) == 64u);
  CHECK(offsetof(core_type, objective) == 65u);
  CHECK(offsetof(core_type, track_best) == 66u);
  CHECK(offsetof(core_type, initialized) == 67u);
  CHECK(offsetof(core_type, reserved) == 68u);
  CHECK(offsetof(langevin::detail::sgd_core<double>, best_loss) == 64u);
  CHECK(offsetof(langevin::detail::sgd_core<double>, batch_size) == 72u);
  CHECK(offsetof(langevin::detail::sgd_core<double>, reserved) == 80u);
  CHECK(sampler_at == 200u);
  CHECK(order_at == 280u);

  constexpr auto sampler_id = langevin::checkpoint_access::identity<sampler_type>();
  CHECK(sampler_id.kind == 0x0031u);
  CHECK(sampler_id.version == 1u);
  CHECK(sampler_id.shape == langevin::detail::checkpoint_shape(16u));
  CHECK(langevin::checkpoint_access::payload_size<sampler_type>() == 40u);
  CHECK(langevin::checkpoint_access::payload_size<langevin::batch_sampler<300>>() == 624u);
  CHECK(langevin::checkpoint_access::payload_size<langevin::batch_sampler<0>>() == 24u);
  CHECK(sizeof(sampler_core) == 24u);
  CHECK(offsetof(sampler_core, epochs) == 0u);
  CHECK(offsetof(sampler_core, count) == 8u);
  CHECK(offsetof(sampler_core, batch) == 12u);
  CHECK(offsetof(sampler_core, cursor) == 16u);
  CHECK(offsetof(sampler_core, mode) == 20u);
  CHECK(offsetof(sampler_core, reserved) == 21u);
}

TEST_CASE("annealing_sgd forged blobs: the sources restore as they are", "[checkpoint][sgd]") {
  REQUIRE(started().initialized());
  REQUIRE(running().steps() == 7u);
  REQUIRE(running().epochs() == 1u);
  REQUIRE(running().sampler().position() == 12u);
  CHECK(accepted(fresh(), core_field(offsetof(core_type, initialized)), std::uint8_t{0u}));
  CHECK(accepted(started(), core_field(offsetof(core_type, initialized)), std::uint8_t{1u}));
  CHECK(accepted(running(), core_field(offsetof(core_type, initialized)), std::uint8_t{1u}));
}

TEST_CASE("annealing_sgd forged blobs: flags, enumerators and reserved bytes", "[checkpoint][sgd]") {
  CHECK(refused(running(), core_field(offsetof(core_type, initialized)), std::uint8_t{2u}));
  CHECK(refused(running(), core_field(offsetof(core_type, track_best)), std::uint8_t{2u}));
  CHECK(refused(running(), core_field(offsetof(core_type, batches)), std::uint8_t{3u}));
  CHECK(refused(running(), core_field(offsetof(core_type, objective)), std::uint8_t{2u}));
  CHECK(refused(running(), core_field(offsetof(core_type, reserved)), std::uint8_t{1u}));
  CHECK(refused(fresh(), core_field(offsetof(core_type, reserved) + 3u), std::uint8_t{0x80u}));
}

TEST_CASE("annealing_sgd forged blobs: options init() would refuse", "[checkpoint][sgd]") {
  CHECK(refused(running(), core_field(offsetof(core_type, batch_size)), std::uint32_t{0u}));
  CHECK(refused(running(), core_field(offsetof(core_type, momentum)), 1.0f));
  CHECK(refused(running(), core_field(offsetof(core_type, momentum)), std::numeric_limits<float>::quiet_NaN()));
  CHECK(refused(running(), core_field(offsetof(core_type, max_gradient_norm)), -1.0f));
  CHECK(refused(running(), core_field(offsetof(core_type, max_gradient_norm)), std::numeric_limits<float>::infinity()));
  CHECK(accepted(running(), core_field(offsetof(core_type, momentum)), 0.25f));
  // Schedules: an unknown family, a parameter out of its family's range.
  CHECK(refused(running(), schedules_at, std::uint8_t{9u}));
  CHECK(refused(running(), schedules_at + offsetof(langevin::schedule<float>, b), -10.0f));  // inverse_time offset
  CHECK(refused(running(), temperature_at + offsetof(langevin::schedule<float>, a), -1.0f));
  CHECK(accepted(running(), temperature_at + offsetof(langevin::schedule<float>, a), 0.5f));
}

TEST_CASE("annealing_sgd forged blobs: a learning rate out of range at the saved step restores but does not step",
          "[checkpoint][sgd]") {
  // linear(0 -> 1 over 10 steps) passes schedule::validate() but gives lr(0) = 0: init()
  // refuses it; restore does not evaluate schedules (stack budget), and step() refuses the
  // step, changing nothing, as it does for a schedule that leaves its range in a run.
  static sgd_type target;
  auto blob = langevin_test::blob_of(started());
  langevin_test::forge<sgd_type>(blob, schedules_at, langevin::schedule<float>::linear(0.0f, 1.0f, 10u));
  REQUIRE(langevin::restore_checkpoint(target, blob.data(), blob.size()) == status::ok);
  unsigned char before[sizeof(sgd_type)];
  std::memcpy(before, &target, sizeof(sgd_type));
  CHECK(target.step(line_model{}, samples).status == status::invalid_argument);
  CHECK(std::memcmp(before, &target, sizeof(sgd_type)) == 0);
}

TEST_CASE("annealing_sgd forged blobs: the generator and the counters", "[checkpoint][sgd]") {
  // The increment is derived from the stream: 2 stream + 1.
  CHECK(refused(running(), core_field(offsetof(core_type, stream)), std::uint64_t{4u}));
  CHECK(refused(running(), core_field(offsetof(core_type, generator) + 8u), std::uint64_t{9u}));
  // rejected <= steps.
  CHECK(refused(running(), core_field(offsetof(core_type, rejected)), std::uint64_t{8u}));
  // One batch per step: 7 steps are one epoch of 4 batches and 3 more (position 12).
  CHECK(refused(running(), core_field(offsetof(core_type, steps)), std::uint64_t{8u}));
  CHECK(refused(running(), core_field(offsetof(core_type, steps)), std::uint64_t{3u}));
  CHECK(refused(running(), sampler_field(offsetof(sampler_core, epochs)), std::uint64_t{0u}));
  CHECK(refused(running(), sampler_field(offsetof(sampler_core, cursor)), std::uint32_t{8u}));
  // One epoch later on both counters is consistent: the forge is sound.
  static sgd_type target;
  auto later = langevin_test::blob_of(running());
  langevin_test::forge<sgd_type>(later, core_field(offsetof(core_type, steps)), std::uint64_t{11u});
  langevin_test::forge<sgd_type>(later, sampler_field(offsetof(sampler_core, epochs)), std::uint64_t{2u});
  CHECK(langevin::restore_checkpoint(target, later.data(), later.size()) == status::ok);
  CHECK(target.epochs() == 2u);
}

TEST_CASE("annealing_sgd forged blobs: the sampler agrees with the options", "[checkpoint][sgd]") {
  CHECK(refused(running(), sampler_field(offsetof(sampler_core, batch)), std::uint32_t{3u}));
  CHECK(refused(running(), sampler_field(offsetof(sampler_core, mode)), langevin::sampling::in_order));
  CHECK(refused(running(), sampler_field(offsetof(sampler_core, count)), std::uint32_t{0u}));
  CHECK(refused(running(), order_at + 3u, std::uint8_t{13u}));  // an order entry past N
  CHECK(refused(running(), order_at + 3u, running().sampler().order()[4]));  // a repeated entry
}

TEST_CASE("annealing_sgd forged blobs: parameters, velocity, best and best loss", "[checkpoint][sgd]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float infinity = std::numeric_limits<float>::infinity();
  CHECK(refused(running(), theta_at, nan));
  CHECK(refused(running(), velocity_at + 4u, infinity));
  CHECK(refused(running(), best_at, -infinity));
  CHECK(refused(running(), core_field(offsetof(core_type, best_loss)), nan));
  CHECK(refused(running(), core_field(offsetof(core_type, best_loss)), -infinity));
  // With best tracking, an accepted step leaves a finite best loss.
  CHECK(refused(running(), core_field(offsetof(core_type, best_loss)), infinity));
  // Without best tracking the best loss stays +infinity.
  CHECK(refused(running(), core_field(offsetof(core_type, track_best)), std::uint8_t{0u}));
  // Before any accepted step: zero velocity, best = the parameters, best loss +infinity.
  CHECK(refused(started(), velocity_at, 0.125f));
  CHECK(refused(started(), best_at + 4u, 0.25f));
  CHECK(refused(started(), core_field(offsetof(core_type, best_loss)), 1.0f));
  CHECK(accepted(started(), theta_at + 4u, -0.5f));  // the same value: the forge is sound
  // All steps rejected count as none accepted.
  CHECK(refused(running(), core_field(offsetof(core_type, rejected)), std::uint64_t{7u}));
}

TEST_CASE("annealing_sgd forged blobs: a never-initialized state holds its start values", "[checkpoint][sgd]") {
  CHECK(refused(fresh(), core_field(offsetof(core_type, steps)), std::uint64_t{1u}));
  CHECK(refused(fresh(), core_field(offsetof(core_type, momentum)), 0.5f));
  CHECK(refused(fresh(), core_field(offsetof(core_type, seed)), std::uint64_t{1u}));
  CHECK(refused(fresh(), core_field(offsetof(core_type, generator)), std::uint64_t{12345u}));
  CHECK(refused(fresh(), core_field(offsetof(core_type, batches)), langevin::sampling::in_order));
  CHECK(refused(fresh(), schedules_at + offsetof(langevin::schedule<float>, a), 0.02f));
  CHECK(refused(fresh(), temperature_at + offsetof(langevin::schedule<float>, a), 1.0f));
  CHECK(refused(fresh(), sampler_field(offsetof(sampler_core, count)), std::uint32_t{13u}));
  CHECK(refused(fresh(), velocity_at, 1.0f));
  // A point placed before init() is a start value like any other.
  static sgd_type placed;
  REQUIRE(placed.place({2.0f, 3.0f}) == status::ok);
  CHECK(accepted(placed, theta_at, 2.0f));
  CHECK(refused(placed, best_at, 0.0f));  // best = the placed point
}

TEST_CASE("batch_sampler forged blobs: reserved bytes, mode and a never-initialized state", "[checkpoint][sgd]") {
  static sampler_type source;
  static sampler_type fresh_sampler;
  REQUIRE(source.init(13u, 4u, langevin::sampling::without_replacement) == status::ok);
  CHECK(sampler_refused(source, offsetof(sampler_core, reserved), std::uint8_t{1u}));
  CHECK(sampler_refused(source, offsetof(sampler_core, mode), std::uint8_t{3u}));
  CHECK(sampler_refused(source, offsetof(sampler_core, batch), std::uint32_t{14u}));
  // Never initialised: all zero, the start mode, an untouched order buffer.
  CHECK(sampler_refused(fresh_sampler, offsetof(sampler_core, epochs), std::uint64_t{1u}));
  CHECK(sampler_refused(fresh_sampler, offsetof(sampler_core, mode), langevin::sampling::with_replacement));
  CHECK(sampler_refused(fresh_sampler, sizeof(sampler_core) + 5u, std::uint8_t{1u}));
  static sampler_type target;
  const auto blob = langevin_test::blob_of(fresh_sampler);
  CHECK(langevin::restore_checkpoint(target, blob.data(), blob.size()) == status::ok);
}

TEST_CASE("annealing_sgd forged blobs: the gradient-noise meter", "[checkpoint][sgd]") {
  const auto& m = metered();
  REQUIRE(m.noise_readings() == 7u);
  REQUIRE(m.options().hold_temperature);
  const auto blob = langevin_test::blob_of(m);
  REQUIRE((langevin_test::payload_value<float, sgd_type>(blob, step_variance_at) > 0.0f));
  CHECK(accepted(m, meter_field(offsetof(meter_type, window)), std::uint32_t{4u}));
  CHECK(accepted(m, meter_field(offsetof(meter_type, window)), std::uint32_t{1000u}));  // any window init() takes
  // Flags 0 or 1, reserved bytes 0, a window init() accepts, hold only with the meter on.
  CHECK(refused(m, meter_field(offsetof(meter_type, measure)), std::uint8_t{2u}));
  CHECK(refused(m, meter_field(offsetof(meter_type, hold)), std::uint8_t{2u}));
  CHECK(refused(m, meter_field(offsetof(meter_type, has_previous)), std::uint8_t{2u}));
  CHECK(refused(m, meter_field(offsetof(meter_type, has_reading)), std::uint8_t{2u}));
  CHECK(refused(m, meter_field(offsetof(meter_type, reserved) + 1u), std::uint8_t{1u}));
  CHECK(refused(m, meter_field(offsetof(meter_type, window)), std::uint32_t{0u}));
  CHECK(refused(m, meter_field(offsetof(meter_type, measure)), std::uint8_t{0u}));  // hold without the meter
  // Counters: readings and clamped steps at most the steps; clamped steps only when holding.
  CHECK(refused(m, meter_field(offsetof(meter_type, readings)), std::uint64_t{8u}));
  CHECK(refused(m, meter_field(offsetof(meter_type, clamped)), std::uint64_t{8u}));
  CHECK(accepted(m, meter_field(offsetof(meter_type, clamped)), std::uint64_t{3u}));
  CHECK(refused(running(), meter_field(offsetof(meter_type, clamped)), std::uint64_t{1u}));
  // Values: a finite factor >= 0, finite variances >= 0, a finite previous sample.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float infinity = std::numeric_limits<float>::infinity();
  CHECK(refused(m, meter_field(offsetof(meter_type, factor)), -1.0f));
  CHECK(refused(m, meter_field(offsetof(meter_type, factor)), infinity));
  CHECK(refused(m, step_variance_at, -0.5f));
  CHECK(refused(m, average_variance_at + 4u, nan));
  CHECK(refused(m, previous_sample_at, infinity));
  CHECK(accepted(m, average_variance_at, 0.25f));
  // A meter that is off holds nothing; a run without steps has no readings.
  CHECK(refused(running(), meter_field(offsetof(meter_type, readings)), std::uint64_t{1u}));
  CHECK(refused(running(), meter_field(offsetof(meter_type, factor)), 0.5f));
  CHECK(refused(running(), average_variance_at, 0.5f));
  CHECK(refused(running(), previous_sample_at, 0.5f));
  CHECK(refused(started(), meter_field(offsetof(meter_type, has_previous)), std::uint8_t{1u}));
  // A step reading needs a reading; no readings: zero variances.
  static sgd_type no_readings;
  {
    auto blob0 = langevin_test::blob_of(m);
    langevin_test::forge<sgd_type>(blob0, meter_field(offsetof(meter_type, readings)), std::uint64_t{0u});
    CHECK(langevin_test::refused_unchanged(blob0, no_readings));
  }
  // Never initialised: the default options' meter.
  CHECK(refused(fresh(), meter_field(offsetof(meter_type, window)), std::uint32_t{7u}));
  CHECK(refused(fresh(), meter_field(offsetof(meter_type, measure)), std::uint8_t{1u}));
  // The restored meter continues with the same bits as the original.
  static sgd_type restored;
  static sgd_type original;
  original = m;
  REQUIRE(langevin::restore_checkpoint(restored, blob.data(), blob.size()) == status::ok);
  bool same = true;
  for (int k = 0; k < 10; ++k) {
    const auto a = original.step(line_model{}, samples);
    const auto b = restored.step(line_model{}, samples);
    same = same && a.status == status::ok && b.status == status::ok &&
           std::memcmp(&a.value, &b.value, sizeof(float)) == 0 &&
           std::memcmp(original.current().data(), restored.current().data(), 2u * sizeof(float)) == 0;
  }
  CHECK(same);
  const float t_original = original.average_sgd_temperature();
  const float t_restored = restored.average_sgd_temperature();
  CHECK(std::memcmp(&t_original, &t_restored, sizeof(float)) == 0);
}

namespace {

// RMSprop, V frozen after 4 accepted steps, seven steps in.
const sgd_type& adaptive() {
  static sgd_type object;
  static bool ready = false;
  if (!ready) {
    auto o = options();
    o.preconditioner = langevin::preconditioning::rmsprop;
    o.rmsprop_adapt_steps = 4u;
    ready = object.init(13u, o) == status::ok && object.place({0.5f, -0.5f}) == status::ok &&
            object.run(line_model{}, samples, 7u).status == status::ok;
  }
  return object;
}

// A fixed preconditioner G = (4, 0.25), seven steps in.
const sgd_type& fixed_gains() {
  static sgd_type object;
  static bool ready = false;
  if (!ready) {
    auto o = options();
    o.preconditioner = langevin::preconditioning::fixed;
    ready = object.init(13u, o) == status::ok && object.set_preconditioner({4.0f, 0.25f}) == status::ok &&
            object.place({0.5f, -0.5f}) == status::ok && object.run(line_model{}, samples, 7u).status == status::ok;
  }
  return object;
}

}  // namespace

TEST_CASE("annealing_sgd forged blobs: the preconditioner", "[checkpoint][sgd]") {
  const auto& a = adaptive();
  const auto& f = fixed_gains();
  REQUIRE(a.steps() == 7u);
  REQUIRE(f.steps() == 7u);
  REQUIRE((f.preconditioner(0u) == 4.0f && f.preconditioner(1u) == 0.25f));
  CHECK(accepted(a, preconditioner_field(offsetof(preconditioner_type, updates)), std::uint64_t{4u}));
  CHECK(accepted(f, diagonal_at, 2.0f));
  CHECK(accepted(a, diagonal_at + 4u, 0.5f));
  CHECK(accepted(a, preconditioner_field(offsetof(preconditioner_type, decay)), 0.5f));
  // A mode, decay and epsilon init() accepts; reserved bytes 0.
  CHECK(refused(a, preconditioner_field(offsetof(preconditioner_type, mode)), std::uint8_t{3u}));
  CHECK(refused(a, preconditioner_field(offsetof(preconditioner_type, decay)), 1.0f));
  CHECK(refused(a, preconditioner_field(offsetof(preconditioner_type, epsilon)), 0.0f));
  CHECK(refused(a, preconditioner_field(offsetof(preconditioner_type, epsilon)),
                std::numeric_limits<float>::infinity()));
  CHECK(refused(a, preconditioner_field(offsetof(preconditioner_type, reserved) + 6u), std::uint8_t{1u}));
  // One update per accepted step, up to rmsprop_adapt_steps (4 here, of 7 steps).
  CHECK(refused(a, preconditioner_field(offsetof(preconditioner_type, updates)), std::uint64_t{5u}));
  CHECK(refused(a, preconditioner_field(offsetof(preconditioner_type, updates)), std::uint64_t{3u}));
  CHECK(refused(a, preconditioner_field(offsetof(preconditioner_type, adapt_steps)), std::uint64_t{0u}));
  CHECK(refused(a, preconditioner_field(offsetof(preconditioner_type, adapt_steps)), std::uint64_t{5u}));
  CHECK(refused(f, preconditioner_field(offsetof(preconditioner_type, updates)), std::uint64_t{1u}));
  // The diagonal: fixed, finite and > 0; RMSprop, finite and >= 0; none, zero.
  CHECK(refused(f, diagonal_at, 0.0f));
  CHECK(refused(f, diagonal_at + 4u, std::numeric_limits<float>::infinity()));
  CHECK(refused(a, diagonal_at, -1.0f));
  CHECK(refused(a, diagonal_at + 4u, std::numeric_limits<float>::quiet_NaN()));
  CHECK(refused(running(), diagonal_at, 1.0f));
  // RMSprop before its first update holds V = 0.
  static sgd_type adaptive_started;
  {
    auto o = options();
    o.preconditioner = langevin::preconditioning::rmsprop;
    REQUIRE(adaptive_started.init(13u, o) == status::ok);
  }
  CHECK(accepted(adaptive_started, diagonal_at, 0.0f));
  CHECK(refused(adaptive_started, diagonal_at, 0.5f));
  // Never initialised: the default options' preconditioner.
  CHECK(refused(fresh(), preconditioner_field(offsetof(preconditioner_type, mode)), langevin::preconditioning::fixed));
  CHECK(refused(fresh(), preconditioner_field(offsetof(preconditioner_type, decay)), 0.5f));
  CHECK(refused(fresh(), diagonal_at, 1.0f));
  // Restored, each continues with the original's bits.
  for (const sgd_type* source : {&a, &f}) {
    static sgd_type restored;
    static sgd_type original;
    original = *source;
    const auto blob = langevin_test::blob_of(original);
    REQUIRE(langevin::restore_checkpoint(restored, blob.data(), blob.size()) == status::ok);
    bool same = true;
    for (int k = 0; k < 10; ++k) {
      const auto x = original.step(line_model{}, samples);
      const auto y = restored.step(line_model{}, samples);
      same = same && x.status == status::ok && y.status == status::ok &&
             std::memcmp(&x.value, &y.value, sizeof(float)) == 0 &&
             std::memcmp(original.current().data(), restored.current().data(), 2u * sizeof(float)) == 0;
    }
    CHECK(same);
  }
}
