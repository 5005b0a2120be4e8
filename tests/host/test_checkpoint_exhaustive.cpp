// Checkpoint / resume, exhaustively on the host: for one blob of every checkpointable
// kind, every single-bit flip and every truncation is rejected (version_mismatch for a flip
// in a version field, corrupt_data otherwise) and leaves the target unchanged; restoring
// mid-run and continuing gives the same bits as never stopping; and every single-bit change
// of a payload that carries a valid CRC is either refused by the class's own validation or
// leaves a usable object.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#include <langevin/checkpoint.hpp>
#include <langevin/langevin.hpp>

#include "langevin_test.hpp"

namespace {

template <class T>
bool same_object(const T& a, const T& b) {
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}

// The status a blob with byte k damaged is refused with: version_mismatch for the format
// version (bytes 4-5) and the layout version (bytes 8-9), corrupt_data for any other byte.
langevin::status refusal_for_byte(std::size_t k) {
  const bool version = k == 4u || k == 5u || k == 8u || k == 9u;
  return version ? langevin::status::version_mismatch : langevin::status::corrupt_data;
}

// Counts the single-bit flips of `blob` that are rejected (with the status
// refusal_for_byte names) with the target unchanged.
template <class T>
std::size_t rejected_bit_flips(const std::vector<unsigned char>& blob, const T& target_before) {
  std::vector<unsigned char> scratch = blob;
  T target;
  std::size_t rejected = 0;
  for (std::size_t byte = 0; byte < blob.size(); ++byte) {
    for (unsigned bit = 0; bit < 8u; ++bit) {
      scratch[byte] = static_cast<unsigned char>(blob[byte] ^ (1u << bit));
      std::memcpy(static_cast<void*>(&target), &target_before, sizeof(T));
      if (langevin::restore_checkpoint(target, scratch.data(), scratch.size()) == refusal_for_byte(byte) &&
          same_object(target, target_before)) {
        ++rejected;
      }
    }
    scratch[byte] = blob[byte];
  }
  return rejected;
}

// Counts the truncations (lengths 0 .. size - 1, in an exactly sized heap buffer so that
// ASan sees any read past the end) that are rejected with the target unchanged.
template <class T>
std::size_t rejected_truncations(const std::vector<unsigned char>& blob, const T& target_before) {
  T target;
  std::size_t rejected = 0;
  for (std::size_t length = 0; length < blob.size(); ++length) {
    const std::vector<unsigned char> prefix(blob.begin(), blob.begin() + static_cast<std::ptrdiff_t>(length));
    std::memcpy(static_cast<void*>(&target), &target_before, sizeof(T));
    if (langevin::restore_checkpoint(target, prefix.data(), prefix.size()) == langevin::status::corrupt_data &&
        same_object(target, target_before)) {
      ++rejected;
    }
  }
  return rejected;
}

template <class T>
std::vector<unsigned char> blob_of(const T& object) {
  std::vector<unsigned char> blob(langevin::checkpoint_size<T>);
  REQUIRE(langevin::save_checkpoint(object, blob.data(), blob.size()) == langevin::status::ok);
  return blob;
}

template <class Real>
struct rosenbrock {
  Real operator()(const std::array<Real, 2>& x, std::array<Real, 2>& g) const noexcept {
    const Real a = Real(1) - x[0];
    const Real b = x[1] - x[0] * x[0];
    g[0] = Real(-2) * a - Real(400) * x[0] * b;
    g[1] = Real(200) * b;
    return a * a + Real(100) * b * b;
  }
};

}  // namespace

TEST_CASE("pcg32 blob: every bit flip and every truncation rejected (exhaustive)", "[checkpoint]") {
  const langevin::pcg32 source{42u, 54u};
  const langevin::pcg32 target_before{3u, 4u};
  const auto blob = blob_of(source);
  CHECK(rejected_bit_flips(blob, target_before) == blob.size() * 8u);
  CHECK(rejected_truncations(blob, target_before) == blob.size());
}

TEMPLATE_TEST_CASE("minimizer blob: every bit flip and every truncation rejected (exhaustive)",
                   "[checkpoint][minimize]", float, double) {
  using Real = TestType;
  using engine = langevin::minimizer<Real, 2>;
  const langevin::box<Real, 2> bounds{{Real(-2), Real(-2)}, {Real(2), Real(2)}};
  langevin::minimize_options<Real> options;
  options.max_calls = 300u;
  options.seed = 5u;
  engine source;
  REQUIRE(source.init(bounds, options) == langevin::status::ok);
  REQUIRE(source.run(rosenbrock<Real>{}, 120u).steps == 120u);
  engine target_before;
  options.seed = 6u;
  REQUIRE(target_before.init(bounds, options) == langevin::status::ok);
  const auto blob = blob_of(source);
  CAPTURE(blob.size());
  CHECK(rejected_bit_flips(blob, target_before) == blob.size() * 8u);
  CHECK(rejected_truncations(blob, target_before) == blob.size());
}

TEMPLATE_TEST_CASE("minimizer resumed from a checkpoint at every 37th call matches the uninterrupted run",
                   "[checkpoint][minimize]", float, double) {
  using Real = TestType;
  using engine = langevin::minimizer<Real, 2, 3, 4>;
  const langevin::box<Real, 2> bounds{{Real(-2), Real(-2)}, {Real(2), Real(2)}};
  langevin::minimize_options<Real> options;
  options.max_calls = 2000u;
  options.seed = 17u;
  engine reference;
  REQUIRE(reference.init(bounds, options) == langevin::status::ok);
  REQUIRE(reference.run(rosenbrock<Real>{}).status == langevin::status::ok);
  // The same run, saved and restored into a fresh object every 37 calls.
  engine running;
  REQUIRE(running.init(bounds, options) == langevin::status::ok);
  std::vector<unsigned char> blob(langevin::checkpoint_size<engine>);
  unsigned restores = 0;
  while (!running.done()) {
    REQUIRE(running.run(rosenbrock<Real>{}, 37u).status == langevin::status::ok);
    REQUIRE(langevin::save_checkpoint(running, blob.data(), blob.size()) == langevin::status::ok);
    engine fresh;
    REQUIRE(langevin::restore_checkpoint(fresh, blob.data(), blob.size()) == langevin::status::ok);
    running = fresh;
    ++restores;
  }
  CHECK(restores > 10u);
  // Compare what the runs produced, not the raw state bytes: the state struct has padding,
  // whose bytes are indeterminate (clang and gcc leave different values there).
  const auto a = reference.result();
  const auto b = running.result();
  CHECK(std::memcmp(a.x.data(), b.x.data(), sizeof a.x) == 0);
  CHECK(std::memcmp(&a.value, &b.value, sizeof a.value) == 0);
  CHECK(a.calls == b.calls);
}

namespace {

// Every single-bit flip of the payload of `blob`, under a recomputed (valid) CRC, so that
// only the class's own validation stands between the bytes and the object.
// Each forged blob is either refused (corrupt_data, target unchanged) or accepted; an
// accepted one is handed to `exercise`, which must find the object usable (finite
// outputs). Runs under ASan/UBSan in the host-sanitize preset, so a validation gap that
// lets an index or a flag through shows up as a report. Returns {refused, accepted}.
template <class T, class Exercise>
std::pair<std::size_t, std::size_t> forged_payload_flips(const std::vector<unsigned char>& blob, const T& before,
                                                         Exercise exercise) {
  std::vector<unsigned char> forged = blob;
  const std::size_t payload_end = blob.size() - 4u;
  std::size_t refused = 0;
  std::size_t accepted = 0;
  T target;
  for (std::size_t byte = langevin::detail::checkpoint_header_size; byte < payload_end; ++byte) {
    for (unsigned bit = 0; bit < 8u; ++bit) {
      forged[byte] = static_cast<unsigned char>(blob[byte] ^ (1u << bit));
      const std::uint32_t crc = langevin::detail::crc32(forged.data(), payload_end);
      for (unsigned i = 0; i < 4u; ++i) forged[payload_end + i] = static_cast<unsigned char>(crc >> (8u * i));
      std::memcpy(static_cast<void*>(&target), &before, sizeof(T));
      const langevin::status s = langevin::restore_checkpoint(target, forged.data(), forged.size());
      if (s == langevin::status::ok) {
        ++accepted;
        CAPTURE(byte, bit);
        CHECK(exercise(target));
      } else {
        CHECK(s == langevin::status::corrupt_data);
        CHECK(same_object(target, before));
        ++refused;
      }
    }
    forged[byte] = blob[byte];
  }
  return {refused, accepted};
}

template <class Real, std::size_t N>
struct quartic_bowl {
  Real operator()(const std::array<Real, N>& x, std::array<Real, N>& g) const noexcept {
    Real e = Real(0);
    for (std::size_t i = 0; i < N; ++i) {
      g[i] = x[i] * (Real(1) + x[i] * x[i]);
      e += Real(0.5) * x[i] * x[i] + Real(0.25) * x[i] * x[i] * x[i] * x[i];
    }
    return e;
  }
};

// Steps a restored stepper: every result is ok or non_finite (a forged position may sit
// where the force overflows) and its position stays finite.
template <class Stepper, class Real, std::size_t N>
bool stepper_usable(Stepper& s) {
  langevin::pcg32 rng{1u, 2u};
  for (int i = 0; i < 20; ++i) {
    const auto r = s.step(quartic_bowl<Real, N>{}, Real(0.5), rng);
    if (r.status != langevin::status::ok && r.status != langevin::status::non_finite &&
        r.status != langevin::status::invalid_argument) {
      return false;
    }
    for (const Real x : s.current()) {
      if (!langevin::math::is_finite(x)) return false;
    }
  }
  return true;
}

// Runs the whole-blob checks for one stepper type: bit flips, truncations, forged payload
// flips, and resume at every 7th step against the uninterrupted run.
template <class Stepper, class Real, std::size_t N, class Start>
void check_stepper_checkpoints(Start start) {
  Stepper source;
  start(source, Real(0.5));
  langevin::pcg32 rng{9u, 9u};
  for (int i = 0; i < 9; ++i) REQUIRE(source.step(quartic_bowl<Real, N>{}, Real(0.7), rng).status == langevin::status::ok);
  Stepper before;
  start(before, Real(-1));
  const auto blob = blob_of(source);
  CAPTURE(blob.size());
  CHECK(rejected_bit_flips(blob, before) == blob.size() * 8u);
  CHECK(rejected_truncations(blob, before) == blob.size());
  const auto verdicts = forged_payload_flips(blob, before, [](Stepper& s) { return stepper_usable<Stepper, Real, N>(s); });
  CAPTURE(verdicts.first, verdicts.second);
  CHECK(verdicts.first > 0u);

  Stepper reference;
  Stepper running;
  start(reference, Real(0.25));
  start(running, Real(0.25));
  langevin::pcg32 reference_rng{4u, 1u};
  langevin::pcg32 running_rng{4u, 1u};
  std::vector<unsigned char> stepper_blob(langevin::checkpoint_size<Stepper>);
  langevin::checkpoint_blob<langevin::pcg32> rng_blob{};
  bool same = true;
  for (int i = 0; i < 200; ++i) {
    const auto a = reference.step(quartic_bowl<Real, N>{}, Real(0.4), reference_rng);
    const auto b = running.step(quartic_bowl<Real, N>{}, Real(0.4), running_rng);
    same = same && a.status == b.status && std::memcmp(&a.value, &b.value, sizeof a.value) == 0 &&
           std::memcmp(reference.current().data(), running.current().data(), sizeof(Real) * N) == 0;
    if (i % 7 == 6) {
      REQUIRE(langevin::save_checkpoint(running, stepper_blob.data(), stepper_blob.size()) == langevin::status::ok);
      langevin::save_checkpoint(running_rng, rng_blob);
      Stepper fresh;
      langevin::pcg32 fresh_rng;
      REQUIRE(langevin::restore_checkpoint(fresh, stepper_blob.data(), stepper_blob.size()) == langevin::status::ok);
      REQUIRE(langevin::restore_checkpoint(fresh_rng, rng_blob.data(), rng_blob.size()) == langevin::status::ok);
      running = fresh;
      running_rng = fresh_rng;
    }
  }
  CHECK(same);
}

struct scalar_sample {
  double x;
  double y;
};

template <class Real>
struct tanh_fit {
  Real operator()(const std::array<Real, 3>& w, const scalar_sample& s, std::array<Real, 3>& g) const noexcept {
    const Real x = static_cast<Real>(s.x);
    const Real r = w[0] + w[1] * x + w[2] * x * x - static_cast<Real>(s.y);
    g[0] = Real(2) * r;
    g[1] = Real(2) * r * x;
    g[2] = Real(2) * r * x * x;
    return r * r;
  }
};

std::vector<scalar_sample> quadratic_samples(std::size_t n) {
  std::vector<scalar_sample> data(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = -1.0 + 2.0 * static_cast<double>(i) / static_cast<double>(n - 1u);
    data[i] = {x, 0.5 - x + 0.75 * x * x + 0.05 * ((i * 7u) % 5u == 0u ? 1.0 : -0.25)};
  }
  return data;
}

template <class Real>
langevin::annealing_sgd_options<Real> sgd_options(std::uint64_t seed, langevin::sampling mode) {
  langevin::annealing_sgd_options<Real> o;
  o.batch_size = 5u;
  o.batches = mode;
  o.learning_rate = langevin::schedule<Real>::polynomial(Real(0.2), Real(5), Real(0.6));
  o.temperature = langevin::schedule<Real>::cosine(Real(0.02), Real(0), 17u);
  o.momentum = Real(0.3);
  o.max_gradient_norm = Real(4);
  o.track_best = true;
  o.seed = seed;
  o.stream = 3u;
  return o;
}

}  // namespace

TEMPLATE_TEST_CASE("stepper blobs: every bit flip, truncation and forged payload flip; resume every 7th step",
                   "[checkpoint][dynamics]", float, double) {
  using Real = TestType;
  check_stepper_checkpoints<langevin::euler_maruyama<Real, 3>, Real, 3>([](auto& s, Real x0) {
    REQUIRE(s.init({Real(0.05), Real(2)}) == langevin::status::ok);
    REQUIRE(s.place({x0, Real(0.5), Real(-0.5)}) == langevin::status::ok);
  });
  check_stepper_checkpoints<langevin::leimkuhler_matthews<Real, 3>, Real, 3>([](auto& s, Real x0) {
    REQUIRE(s.init({Real(0.05)}) == langevin::status::ok);
    REQUIRE(s.place({x0, Real(-0.5), Real(1)}) == langevin::status::ok);
  });
  check_stepper_checkpoints<langevin::baoab<Real, 3>, Real, 3>([](auto& s, Real x0) {
    REQUIRE(s.init({Real(0.1), Real(1.5), Real(0.8)}) == langevin::status::ok);
    REQUIRE(s.place({x0, Real(0.25), Real(0)}, {Real(0), Real(1), Real(-1)}) == langevin::status::ok);
  });
}

// The minimizer's saved state, every single-bit flip of its payload under a valid CRC: an
// accepted blob must give a minimizer that asks only for points inside its (possibly
// flipped, but valid) box, finite ones, stays within its budget and keeps a best value
// that is finite or +infinity. The source is saved mid-quench and mid-jump.
TEMPLATE_TEST_CASE("minimizer blobs: every forged payload flip is refused or leaves a sound minimizer",
                   "[checkpoint][minimize]", float, double) {
  using Real = TestType;
  using engine = langevin::minimizer<Real, 2>;
  const langevin::box<Real, 2> bounds{{Real(-2), Real(-1)}, {Real(2), Real(3)}};
  langevin::minimize_options<Real> options;
  options.max_calls = 300u;
  options.seed = 8u;
  engine before;
  REQUIRE(before.init(bounds, options) == langevin::status::ok);
  for (const std::uint64_t calls : {std::uint64_t{37}, std::uint64_t{90}}) {
    CAPTURE(calls);
    engine source;
    options.seed = 9u;
    REQUIRE(source.init(bounds, options) == langevin::status::ok);
    REQUIRE(source.run(rosenbrock<Real>{}, calls).steps == calls);
    const auto blob = blob_of(source);
    const auto verdicts = forged_payload_flips(blob, before, [](engine& m) {
      const std::uint64_t budget = m.settings().max_calls;
      // The box the accepted blob holds: the block (lower, then upper) follows the core,
      // the replica records, the request and the quench trial in the payload.
      const auto accepted = blob_of(m);
      const std::size_t block = langevin::detail::checkpoint_header_size + sizeof(langevin::detail::minimizer_core<Real>) +
                                2u * sizeof(langevin::detail::replica_record<Real>) + 2u * 2u * sizeof(Real);
      langevin::box<Real, 2> box{};
      std::memcpy(box.lower.data(), accepted.data() + block, sizeof box.lower);
      std::memcpy(box.upper.data(), accepted.data() + block + sizeof box.lower, sizeof box.upper);
      bool sound = box.validate() == langevin::status::ok;
      for (int i = 0; i < 60 && !m.done(); ++i) {
        sound = sound && box.contains(m.point());
        const auto r = m.step(rosenbrock<Real>{});
        sound = sound && r.status == langevin::status::ok;
      }
      const Real best = m.best_value();
      return sound && m.calls() <= budget && !langevin::math::is_nan(best) &&
             best != -std::numeric_limits<Real>::infinity() && langevin::detail::all_finite(m.best());
    });
    CAPTURE(verdicts.first, verdicts.second);
    CHECK(verdicts.first > 0u);
    CHECK(verdicts.second > 0u);
  }
}

TEMPLATE_TEST_CASE("annealing_sgd blobs: every bit flip, truncation and forged payload flip; resume every 5th step",
                   "[checkpoint][sgd]", float, double) {
  using Real = TestType;
  using sgd = langevin::annealing_sgd<Real, 3, 32>;
  const auto samples = quadratic_samples(23u);
  const langevin::span<const scalar_sample> data{samples.data(), samples.size()};
  for (const langevin::sampling mode : {langevin::sampling::without_replacement, langevin::sampling::with_replacement,
                                        langevin::sampling::in_order}) {
    sgd source;
    REQUIRE(source.init(samples.size(), sgd_options<Real>(1u, mode)) == langevin::status::ok);
    REQUIRE(source.run(tanh_fit<Real>{}, data, 11u).status == langevin::status::ok);
    sgd before;
    REQUIRE(before.init(7u, sgd_options<Real>(2u, langevin::sampling::in_order)) == langevin::status::ok);
    REQUIRE(before.place({Real(1), Real(1), Real(1)}) == langevin::status::ok);
    const auto blob = blob_of(source);
    CAPTURE(blob.size());
    CHECK(rejected_bit_flips(blob, before) == blob.size() * 8u);
    CHECK(rejected_truncations(blob, before) == blob.size());
    const auto verdicts = forged_payload_flips(blob, before, [&](sgd& s) {
      const auto run = s.run(tanh_fit<Real>{}, data, 30u);
      bool finite = run.status == langevin::status::ok || run.status == langevin::status::non_finite ||
                    run.status == langevin::status::invalid_argument;
      for (const Real w : s.current()) finite = finite && langevin::math::is_finite(w);
      for (const Real v : s.velocity()) finite = finite && langevin::math::is_finite(v);
      return finite;
    });
    CAPTURE(verdicts.first, verdicts.second);
    CHECK(verdicts.first > 0u);

    sgd reference;
    sgd running;
    REQUIRE(reference.init(samples.size(), sgd_options<Real>(8u, mode)) == langevin::status::ok);
    REQUIRE(reference.place({Real(0.5), Real(0), Real(0)}) == langevin::status::ok);
    running = reference;
    std::vector<unsigned char> saved(langevin::checkpoint_size<sgd>);
    bool same = true;
    for (int i = 0; i < 300; ++i) {
      const auto a = reference.step(tanh_fit<Real>{}, data);
      const auto b = running.step(tanh_fit<Real>{}, data);
      same = same && a.status == b.status && std::memcmp(&a.value, &b.value, sizeof a.value) == 0 &&
             std::memcmp(reference.current().data(), running.current().data(), sizeof(Real) * 3u) == 0;
      if (i % 5 == 4) {
        REQUIRE(langevin::save_checkpoint(running, saved.data(), saved.size()) == langevin::status::ok);
        sgd fresh;
        REQUIRE(langevin::restore_checkpoint(fresh, saved.data(), saved.size()) == langevin::status::ok);
        running = fresh;
      }
    }
    CHECK(same);
    CHECK(std::memcmp(reference.best().data(), running.best().data(), sizeof(Real) * 3u) == 0);
  }
}

TEST_CASE("batch_sampler blobs: every bit flip, truncation and forged payload flip", "[checkpoint][sgd]") {
  using sampler = langevin::batch_sampler<40>;
  sampler source;
  REQUIRE(source.init(37u, 6u, langevin::sampling::without_replacement) == langevin::status::ok);
  langevin::pcg32 rng{5u, 6u};
  for (int b = 0; b < 4; ++b) source.draw(rng, [](std::size_t) {});
  sampler before;
  REQUIRE(before.init(10u, 3u, langevin::sampling::in_order) == langevin::status::ok);
  const auto blob = blob_of(source);
  CHECK(rejected_bit_flips(blob, before) == blob.size() * 8u);
  CHECK(rejected_truncations(blob, before) == blob.size());
  const auto verdicts = forged_payload_flips(blob, before, [](sampler& s) {
    langevin::pcg32 g{1u, 1u};
    bool inside = true;
    for (int b = 0; b < 30; ++b) s.draw(g, [&](std::size_t i) { inside = inside && i < s.sample_count(); });
    return inside;
  });
  CAPTURE(verdicts.first, verdicts.second);
  CHECK(verdicts.first > 0u);
}

TEMPLATE_TEST_CASE("simulated_annealer blobs: every bit flip, truncation and forged payload flip; resume every 9th step",
                   "[checkpoint][annealing]", float, double) {
  using Real = TestType;
  using annealer = langevin::simulated_annealer<Real, 2>;
  const langevin::box<Real, 2> bounds{{Real(-3), Real(-3)}, {Real(3), Real(3)}};
  auto f = [](const std::array<Real, 2>& x) {
    return x[0] * x[0] + x[1] * x[1] - Real(0.5) * x[0] * x[1] * x[1] + Real(0.1) * x[0];
  };
  langevin::simulated_annealing_options<Real> options;
  options.max_calls = 500u;
  options.seed = 21u;
  annealer source;
  REQUIRE(source.init(bounds, options) == langevin::status::ok);
  REQUIRE(source.run(f, 50u).steps == 50u);  // 20 initial samples, 30 proposals
  annealer before;
  options.seed = 22u;
  options.temperature_mode = langevin::cooling::scheduled;
  options.temperature = langevin::schedule<Real>::logarithmic(Real(1), Real(2));
  REQUIRE(before.init(bounds, options) == langevin::status::ok);
  const auto blob = blob_of(source);
  CHECK(rejected_bit_flips(blob, before) == blob.size() * 8u);
  CHECK(rejected_truncations(blob, before) == blob.size());
  const auto verdicts = forged_payload_flips(blob, before, [&](annealer& a) {
    // A flip may leave a valid but different box (an exponent bit of a bound), so the
    // check is finiteness and the budget, not the original box.
    const auto run = a.run(f, 30u);
    bool usable = langevin::detail::all_finite(a.current()) && langevin::detail::all_finite(a.best());
    return usable && run.status == langevin::status::ok && langevin::math::is_finite(a.best_value()) &&
           a.calls() <= a.options().max_calls;
  });
  CAPTURE(verdicts.first, verdicts.second);
  CHECK(verdicts.first > 0u);

  options.seed = 23u;
  annealer reference;
  REQUIRE(reference.init(bounds, options) == langevin::status::ok);
  annealer running = reference;
  std::vector<unsigned char> saved(langevin::checkpoint_size<annealer>);
  bool same = true;
  for (int i = 0; i < 500; ++i) {
    const auto a = reference.step(f);
    const auto b = running.step(f);
    same = same && a.status == b.status && std::memcmp(&a.value, &b.value, sizeof a.value) == 0;
    if (i % 9 == 8) {
      REQUIRE(langevin::save_checkpoint(running, saved.data(), saved.size()) == langevin::status::ok);
      annealer fresh;
      REQUIRE(langevin::restore_checkpoint(fresh, saved.data(), saved.size()) == langevin::status::ok);
      running = fresh;
    }
  }
  CHECK(same);
  const auto ra = reference.result();
  const auto rb = running.result();
  CHECK(std::memcmp(ra.x.data(), rb.x.data(), sizeof ra.x) == 0);
  CHECK(ra.calls == rb.calls);
}

TEST_CASE("every stateful object of the library is checkpointable", "[checkpoint][coverage]") {
  CHECK(langevin::is_checkpointable_v<langevin::pcg32>);
  CHECK(langevin::is_checkpointable_v<langevin::minimizer<double, 2>>);
  CHECK(langevin::is_checkpointable_v<langevin::minimizer<float, 3, 2, 3>>);
  CHECK(langevin::is_checkpointable_v<langevin::euler_maruyama<float, 2>>);
  CHECK(langevin::is_checkpointable_v<langevin::euler_maruyama<double, 5>>);
  CHECK(langevin::is_checkpointable_v<langevin::leimkuhler_matthews<float, 2>>);
  CHECK(langevin::is_checkpointable_v<langevin::leimkuhler_matthews<double, 1>>);
  CHECK(langevin::is_checkpointable_v<langevin::baoab<float, 2>>);
  CHECK(langevin::is_checkpointable_v<langevin::baoab<double, 4>>);
  CHECK(langevin::is_checkpointable_v<langevin::annealing_sgd<float, 2, 16>>);
  CHECK(langevin::is_checkpointable_v<langevin::annealing_sgd<double, 7>>);
  CHECK(langevin::is_checkpointable_v<langevin::batch_sampler<16>>);
  CHECK(langevin::is_checkpointable_v<langevin::batch_sampler<0>>);
  CHECK(langevin::is_checkpointable_v<langevin::simulated_annealer<float, 2>>);
  CHECK(langevin::is_checkpointable_v<langevin::simulated_annealer<double, 3>>);
  // Each family has its own kind, and the scalar type is part of it (every kind is pinned
  // in test_checkpoint_layout.cpp).
  using access = langevin::checkpoint_access;
  CHECK(access::identity<langevin::euler_maruyama<float, 2>>().kind !=
        access::identity<langevin::leimkuhler_matthews<float, 2>>().kind);
  CHECK(access::identity<langevin::baoab<float, 2>>().kind != access::identity<langevin::baoab<double, 2>>().kind);
  CHECK(access::identity<langevin::baoab<float, 2>>().shape != access::identity<langevin::baoab<float, 3>>().shape);
}
