// libFuzzer target for the public API: the input bytes are decoded into a sequence of
// operations (which entry point, its parameters: seeds, sizes, bit patterns of reals,
// sampling modes, ...) and each result is checked against the documented contract. A
// violated contract aborts (a libFuzzer crash); AddressSanitizer and UBSan report memory
// errors and undefined behaviour. Built with clang: -fsanitize=fuzzer,address,undefined.
//
// Short run (ctest, host-clang preset):  langevin_fuzz -max_total_time=60 -seed=1
// Long run: see tests/fuzz/README (or the final report of issue 8).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include <langevin/checkpoint.hpp>
#include <langevin/langevin.hpp>
#include <langevin/math.hpp>
#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/optimize/dataset.hpp>
#include <langevin/optimize/minimize.hpp>
#include <langevin/optimize/simulated_annealing.hpp>

namespace {

[[noreturn]] void contract_violated(const char* what, int line) {
  std::fprintf(stderr, "fuzz_langevin.cpp:%d: contract violated: %s\n", line, what);
  std::abort();
}
#define FUZZ_REQUIRE(condition) \
  do {                          \
    if (!(condition)) contract_violated(#condition, __LINE__); \
  } while (false)

// Reads fixed-width values from the input; past the end it yields zeros.
class byte_reader {
 public:
  byte_reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const { return position_ >= size_; }
  template <class T>
  T take() {
    unsigned char bytes[sizeof(T)] = {};
    for (std::size_t i = 0; i < sizeof(T) && position_ < size_; ++i) bytes[i] = data_[position_++];
    T value;
    std::memcpy(&value, bytes, sizeof(T));
    return value;
  }
  std::uint8_t byte() { return take<std::uint8_t>(); }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t position_ = 0;
};

template <class Real>
std::uint64_t ulp_distance(Real a, Real b) {
  using bits_t = std::conditional_t<sizeof(Real) == 8, std::uint64_t, std::uint32_t>;
  bits_t ua;
  bits_t ub;
  std::memcpy(&ua, &a, sizeof a);
  std::memcpy(&ub, &b, sizeof b);
  // Map the sign-magnitude bit patterns onto a monotonic integer line.
  const auto ordered = [](bits_t u) -> std::int64_t {
    constexpr bits_t sign = bits_t{1} << (sizeof(Real) * 8 - 1);
    return (u & sign) != 0 ? -static_cast<std::int64_t>(u & ~sign) : static_cast<std::int64_t>(u);
  };
  const std::int64_t d = ordered(ua) - ordered(ub);
  return static_cast<std::uint64_t>(d < 0 ? -d : d);
}

void fuzz_pcg32(byte_reader& in) {
  const auto seed = in.take<std::uint64_t>();
  const auto stream = in.take<std::uint64_t>();
  langevin::pcg32 g{seed, stream};
  const langevin::pcg32 start = g;
  const auto delta = in.take<std::uint64_t>();
  g.advance(delta);
  g.backstep(delta);
  FUZZ_REQUIRE(g == start);
  langevin::pcg32 stepped = g;
  const unsigned steps = in.byte();
  for (unsigned i = 0; i < steps; ++i) stepped();
  g.advance(steps);
  FUZZ_REQUIRE(g == stepped);
  const auto bound = in.take<std::uint32_t>();
  const std::uint32_t k = g.bounded(bound);
  FUZZ_REQUIRE(bound == 0u ? k == 0u : k < bound);
  const langevin::pcg32_state saved{in.take<std::uint64_t>(), in.take<std::uint64_t>()};
  const langevin::pcg32 before = g;
  const langevin::status s = g.set_state(saved);
  if ((saved.increment & 1u) == 0u) {
    FUZZ_REQUIRE(s == langevin::status::invalid_argument);
    FUZZ_REQUIRE(g == before);
  } else {
    FUZZ_REQUIRE(s == langevin::status::ok);
    FUZZ_REQUIRE(g.state().state == saved.state && g.state().increment == saved.increment);
  }
}

template <class Real>
void fuzz_samplers(byte_reader& in) {
  langevin::pcg32 g{in.take<std::uint64_t>(), in.take<std::uint64_t>()};
  const unsigned count = in.byte();
  for (unsigned i = 0; i < count; ++i) {
    const Real u = langevin::uniform<Real>(g);
    FUZZ_REQUIRE(u >= Real(0) && u < Real(1));
    const Real open = langevin::uniform_open<Real>(g);
    FUZZ_REQUIRE(open > Real(0) && open < Real(1));
    const Real z = langevin::normal<Real>(g);
    FUZZ_REQUIRE(std::isfinite(z));
    const Real zb = langevin::normal_bounded<Real>(g, in.byte() % 12u);
    FUZZ_REQUIRE(std::isfinite(zb));
  }
  // Arbitrary parameters: whatever they are, the call must be defined behaviour.
  const Real lower = in.take<Real>();
  const Real upper = in.take<Real>();
  const Real r = langevin::uniform(g, lower, upper);
  if (std::isfinite(lower) && std::isfinite(upper) && std::isfinite(upper - lower)) FUZZ_REQUIRE(std::isfinite(r));
  const Real mean = in.take<Real>();
  const Real sigma = in.take<Real>();
  static_cast<void>(langevin::normal(g, mean, sigma));
  Real buffer[64];
  const std::size_t n = in.byte() % 65u;
  FUZZ_REQUIRE(langevin::normal_fill<Real>(g, buffer, n) == langevin::status::ok);
  for (std::size_t i = 0; i < n; ++i) FUZZ_REQUIRE(std::isfinite(buffer[i]));
  FUZZ_REQUIRE(langevin::normal_fill<Real>(g, static_cast<Real*>(nullptr), n + 1u) ==
               langevin::status::invalid_argument);
}

void fuzz_shuffle(byte_reader& in) {
  langevin::pcg32 g{in.take<std::uint64_t>(), in.take<std::uint64_t>()};
  std::uint16_t values[300];
  const std::size_t n = in.take<std::uint16_t>() % 301u;
  for (std::size_t i = 0; i < n; ++i) values[i] = static_cast<std::uint16_t>(i);
  FUZZ_REQUIRE(langevin::shuffle(g, values, n) == langevin::status::ok);
  bool seen[300] = {};
  for (std::size_t i = 0; i < n; ++i) {
    FUZZ_REQUIRE(values[i] < n && !seen[values[i]]);
    seen[values[i]] = true;
  }
  const langevin::pcg32 before = g;
  FUZZ_REQUIRE(langevin::shuffle(g, static_cast<int*>(nullptr), n + 1u) == langevin::status::invalid_argument);
  FUZZ_REQUIRE(g == before);
}

template <class Real>
void fuzz_math(byte_reader& in) {
  const Real x = in.take<Real>();
  const Real e = langevin::math::exp(x);
  const Real l = langevin::math::log(x);
  if (std::isnan(x)) {
    FUZZ_REQUIRE(std::isnan(e) && std::isnan(l));
    return;
  }
  FUZZ_REQUIRE(!std::isnan(e) && e >= Real(0));
  // glibc's exp/log are within 1 ulp and the library's within 0.6 ulp of the exact value.
  FUZZ_REQUIRE(ulp_distance(e, std::exp(x)) <= 2u);
  if (x < Real(0)) {
    FUZZ_REQUIRE(std::isnan(l));
  } else {
    FUZZ_REQUIRE(ulp_distance(l, std::log(x)) <= 2u);
  }
}

// Checkpoint round trip of `object`, then a forged blob: fuzzed payload edits under a
// recomputed CRC, so that only the class's own validation stands between the bytes and a
// copy of it. A refused blob leaves the copy unchanged; an accepted one is
// handed to `use`, which drives the copy and checks its invariants.
template <class T, class Use>
void fuzz_forged_blob(byte_reader& in, const T& object, Use use) {
  constexpr std::size_t size = langevin::checkpoint_size<T>;
  static unsigned char blob[size];
  FUZZ_REQUIRE(langevin::save_checkpoint(object, blob, size) == langevin::status::ok);
  static T copy;
  FUZZ_REQUIRE(langevin::restore_checkpoint(copy, blob, size) == langevin::status::ok);
  static T before;
  std::memcpy(static_cast<void*>(&before), static_cast<const void*>(&copy), sizeof(T));
  constexpr std::size_t header = langevin::detail::checkpoint_header_size;
  constexpr std::size_t crc_size = langevin::detail::checkpoint_crc_size;
  const unsigned edits = 1u + in.byte() % 8u;
  for (unsigned i = 0; i < edits; ++i) {
    const std::size_t at = header + in.take<std::uint16_t>() % (size - header - crc_size);
    blob[at] = static_cast<unsigned char>(blob[at] ^ in.byte());
  }
  const std::uint32_t crc = langevin::detail::crc32(blob, size - crc_size);
  for (unsigned i = 0; i < 4u; ++i) blob[size - crc_size + i] = static_cast<unsigned char>(crc >> (8u * i));
  const langevin::status s = langevin::restore_checkpoint(copy, blob, size);
  if (s == langevin::status::ok) {
    use(copy);
  } else {
    FUZZ_REQUIRE(s == langevin::status::corrupt_data);  // the header is intact: only the payload is judged
    FUZZ_REQUIRE(std::memcmp(static_cast<const void*>(&copy), static_cast<const void*>(&before), sizeof(T)) == 0);
  }
}

void fuzz_batch_sampler(byte_reader& in) {
  langevin::batch_sampler<200> sampler;
  const std::size_t n = in.take<std::uint16_t>() % 260u;
  const std::size_t b = in.take<std::uint16_t>() % 260u;
  const auto mode = static_cast<langevin::sampling>(in.byte() % 4u);
  const langevin::status s = sampler.init(n, b, mode);
  const bool valid_mode = mode == langevin::sampling::without_replacement ||
                          mode == langevin::sampling::with_replacement || mode == langevin::sampling::in_order;
  if (n == 0 || b == 0 || b > n || !valid_mode) {
    FUZZ_REQUIRE(s == langevin::status::invalid_argument);
    return;
  }
  if (mode == langevin::sampling::without_replacement && n > 200u) {
    FUZZ_REQUIRE(s == langevin::status::buffer_too_small);
    return;
  }
  FUZZ_REQUIRE(s == langevin::status::ok);
  langevin::pcg32 g{in.take<std::uint64_t>(), 1u};
  unsigned visits_in_epoch[260] = {};
  std::size_t epoch_samples = 0;
  const unsigned batches = in.byte();
  for (unsigned k = 0; k < batches; ++k) {
    const std::size_t expected = sampler.next_batch_size();
    std::size_t visited = 0;
    const std::size_t got = sampler.draw(g, [&](std::size_t index) {
      FUZZ_REQUIRE(index < n);
      ++visits_in_epoch[index];
      ++visited;
    });
    FUZZ_REQUIRE(got == expected && got == visited && got >= 1u && got <= b);
    epoch_samples += got;
    if (mode != langevin::sampling::with_replacement && epoch_samples == n) {
      for (std::size_t i = 0; i < n; ++i) FUZZ_REQUIRE(visits_in_epoch[i] == 1u);
      for (std::size_t i = 0; i < n; ++i) visits_in_epoch[i] = 0;
      epoch_samples = 0;
    }
  }
  fuzz_forged_blob(in, sampler, [&](langevin::batch_sampler<200>& copy) {
    const std::size_t count = copy.sample_count();
    if (copy.batch_size() > 4096u) return;  // valid (N and B may reach 2^32 - 1), but slow to draw
    for (unsigned k = 0; k < 8u; ++k) {
      const std::size_t got = copy.draw(g, [&](std::size_t index) { FUZZ_REQUIRE(index < count); });
      FUZZ_REQUIRE(got <= copy.batch_size());
    }
  });
}

// A blob from the input (arbitrary bytes, or a valid blob with fuzzed edits): restore
// either succeeds with exactly the saved state or fails leaving the target unchanged, with
// version_mismatch exactly when the magic is intact and the format version (or, behind the
// right kind, the layout version) is another one.
void fuzz_checkpoint_pcg32(byte_reader& in) {
  unsigned char blob[langevin::checkpoint_size<langevin::pcg32> + 4u] = {};
  const langevin::pcg32 source{in.take<std::uint64_t>(), in.take<std::uint64_t>()};
  const std::uint8_t how = in.byte();
  if ((how & 1u) != 0u) {
    FUZZ_REQUIRE(langevin::save_checkpoint(source, blob, sizeof blob) == langevin::status::ok);
    const unsigned edits = (how >> 1u) % 4u;
    for (unsigned i = 0; i < edits; ++i) {
      const std::uint8_t position = in.byte();
      blob[position % sizeof blob] = static_cast<unsigned char>(blob[position % sizeof blob] ^ in.byte());
    }
  } else {
    for (unsigned char& c : blob) c = in.byte();
  }
  const std::size_t length = in.byte() % (sizeof blob + 1u);
  const langevin::pcg32 before{7u, 9u};
  langevin::pcg32 target = before;
  const langevin::status s = langevin::restore_checkpoint(target, blob, length);
  if (s == langevin::status::ok) {
    FUZZ_REQUIRE(length >= langevin::checkpoint_size<langevin::pcg32>);
    FUZZ_REQUIRE((target.state().increment & 1u) == 1u);
    langevin::checkpoint_blob<langevin::pcg32> again{};
    langevin::save_checkpoint(target, again);
    for (std::size_t i = 0; i < again.size(); ++i) FUZZ_REQUIRE(again[i] == blob[i]);
  } else {
    const auto u16 = [&blob](std::size_t at) { return static_cast<unsigned>(blob[at] | (blob[at + 1u] << 8u)); };
    const bool magic = length >= 6u && blob[0] == 0x4Cu && blob[1] == 0x47u && blob[2] == 0x56u && blob[3] == 0x4Eu;
    // The layout version is judged as soon as the header is complete (before the payload's
    // length), behind the right kind.
    const bool whole_header = length >= langevin::detail::checkpoint_header_size;
    const bool other_version =
        magic && (u16(4u) != langevin::checkpoint_format_version ||
                  (whole_header && u16(6u) == 0x0001u && u16(8u) != 1u));
    FUZZ_REQUIRE(s == (other_version ? langevin::status::version_mismatch : langevin::status::corrupt_data));
    FUZZ_REQUIRE(target == before);
  }
}

// A problem whose outputs the input decides: a scaled bowl, or raw energies and gradients
// (NaN, infinities, huge values included).
template <class Real, std::size_t N>
struct fuzzed_problem {
  byte_reader* in;
  Real operator()(const std::array<Real, N>& x, std::array<Real, N>& g) const {
    const std::uint8_t mode = in->byte();
    if ((mode & 3u) != 0u) {
      const Real k = static_cast<Real>(mode) * Real(0.25);
      Real e = Real(0);
      for (std::size_t i = 0; i < N; ++i) {
        g[i] = Real(2) * k * x[i];
        e += k * x[i] * x[i];
      }
      return e;
    }
    for (std::size_t i = 0; i < N; ++i) g[i] = in->take<Real>();
    return in->take<Real>();
  }
};

template <class Real, std::size_t N>
bool all_finite(const std::array<Real, N>& v) {
  for (Real x : v) {
    if (!std::isfinite(x)) return false;
  }
  return true;
}

// Steppers with fuzzed parameters, temperatures and problem outputs: whatever happens, the
// state stays finite, a refused step changes nothing, and statuses are the documented ones.
template <class Real>
void fuzz_dynamics(byte_reader& in) {
  constexpr std::size_t n = 3;
  langevin::pcg32 g{in.take<std::uint64_t>(), 3u};
  langevin::euler_maruyama<Real, n> em;
  langevin::leimkuhler_matthews<Real, n> lm;
  langevin::baoab<Real, n> integrator;
  const Real h = in.take<Real>();
  const Real gamma = in.take<Real>();
  const Real mass = in.take<Real>();
  // init() refuses exactly what validate() names, and then changes nothing.
  const langevin::overdamped_options<Real> overdamped{h, gamma};
  const langevin::underdamped_options<Real> underdamped{h, mass, gamma};
  const bool overdamped_valid = overdamped.validate() == langevin::field::none;
  const bool underdamped_valid = underdamped.validate() == langevin::field::none;
  FUZZ_REQUIRE((em.init(overdamped) == langevin::status::ok) == overdamped_valid);
  FUZZ_REQUIRE((lm.init(overdamped) == langevin::status::ok) == overdamped_valid);
  FUZZ_REQUIRE((integrator.init(underdamped) == langevin::status::ok) == underdamped_valid);
  if (!overdamped_valid) FUZZ_REQUIRE(em.options().time_step == Real(0) && lm.options().time_step == Real(0));
  if (!underdamped_valid) FUZZ_REQUIRE(integrator.options().time_step == Real(0));
  std::array<Real, n> start{};
  for (Real& v : start) v = in.take<Real>();
  const bool start_finite = all_finite(start);
  FUZZ_REQUIRE((em.place(start) == langevin::status::ok) == start_finite);
  FUZZ_REQUIRE((lm.place(start) == langevin::status::ok) == start_finite);
  FUZZ_REQUIRE((integrator.place(start, start) == langevin::status::ok) == start_finite);
  const fuzzed_problem<Real, n> problem{&in};
  const unsigned steps = in.byte() % 32u;
  for (unsigned k = 0; k < steps && !in.empty(); ++k) {
    const Real temperature = (in.byte() & 1u) != 0u ? in.take<Real>() : Real(0.5);
    const auto em_before = em.current();
    const auto em_steps = em.steps();
    const auto r1 = em.step(problem, temperature, g);
    FUZZ_REQUIRE(all_finite(em.current()));
    if (r1.status != langevin::status::ok) FUZZ_REQUIRE(em.current() == em_before && em.steps() == em_steps);
    const auto lm_before = lm.current();
    const auto r2 = lm.step(problem, temperature, g);
    FUZZ_REQUIRE(all_finite(lm.current()));
    if (r2.status != langevin::status::ok) FUZZ_REQUIRE(lm.current() == lm_before);
    const auto q_before = integrator.current();
    const auto p_before = integrator.momentum();
    const auto r3 = integrator.step(problem, temperature, g);
    FUZZ_REQUIRE(all_finite(integrator.current()) && all_finite(integrator.momentum()));
    if (r3.status != langevin::status::ok) {
      FUZZ_REQUIRE(integrator.current() == q_before && integrator.momentum() == p_before);
    } else {
      FUZZ_REQUIRE(std::isfinite(r3.value) && r3.value == integrator.current_value());
    }
    for (const auto& r : {r1, r2, r3}) {
      FUZZ_REQUIRE(r.status == langevin::status::ok || r.status == langevin::status::non_finite ||
                   r.status == langevin::status::invalid_argument);
    }
  }
  // run() along a fuzzed schedule: at most `count` steps, stopping at the first failure.
  const auto schedule = langevin::schedule<Real>::geometric(in.take<Real>(), in.take<Real>());
  const std::uint64_t count = in.byte() % 16u;
  const auto run = em.run(problem, schedule, g, count);
  FUZZ_REQUIRE(run.steps <= count && all_finite(em.current()));
  if (schedule.validate() != langevin::status::ok) FUZZ_REQUIRE(run.status == langevin::status::invalid_argument);
  if (run.status == langevin::status::ok) FUZZ_REQUIRE(run.steps == count);
  auto drive = [&](auto& stepper) {
    for (unsigned k = 0; k < 8u && !in.empty(); ++k) {
      const auto r = stepper.step(problem, Real(0.5), g);
      FUZZ_REQUIRE(r.status == langevin::status::ok || r.status == langevin::status::non_finite ||
                   r.status == langevin::status::invalid_argument);
      FUZZ_REQUIRE(all_finite(stepper.current()));
    }
  };
  switch (in.byte() % 3u) {
    case 0: fuzz_forged_blob(in, em, drive); break;
    case 1: fuzz_forged_blob(in, lm, drive); break;
    default: fuzz_forged_blob(in, integrator, [&](langevin::baoab<Real, n>& b) {
      drive(b);
      FUZZ_REQUIRE(all_finite(b.momentum()));
    });
  }
  std::array<Real, n> x{};
  const langevin::status bs = langevin::brownian_step(x, in.take<Real>(), in.take<Real>(), g);
  FUZZ_REQUIRE(all_finite(x));
  FUZZ_REQUIRE(bs == langevin::status::ok || bs == langevin::status::invalid_argument ||
               bs == langevin::status::non_finite);
}

struct fuzz_sample {
  float x;
  float y;
};

// A model whose loss and gradient the input decides; it writes its gradient or (as the
// optimizer allows) adds it into the zeroed buffer.
struct fuzzed_model {
  byte_reader* in;
  float operator()(const std::array<float, 2>& theta, const fuzz_sample& s, std::array<float, 2>& g) const {
    const std::uint8_t choice = in->byte();
    if ((choice & 7u) != 0u) {
      const float r = theta[0] * s.x + theta[1] - s.y;
      g[0] = r * s.x;
      g[1] = r;
      return 0.5f * r * r;
    }
    if ((choice & 8u) != 0u) {
      g[0] += in->take<float>();
      g[1] += in->take<float>();
    } else {
      g[0] = in->take<float>();
      g[1] = in->take<float>();
    }
    return in->take<float>();
  }
};

void fuzz_annealing_sgd(byte_reader& in) {
  fuzz_sample data[24];
  for (fuzz_sample& d : data) d = {static_cast<float>(in.byte()) * 0.1f, static_cast<float>(in.byte()) * 0.05f};
  const std::size_t count = 1u + in.byte() % 24u;
  langevin::annealing_sgd_options<float> options;
  options.batch_size = in.byte() % 26u;
  options.batches = static_cast<langevin::sampling>(in.byte() % 4u);
  options.objective = static_cast<langevin::objective_scale>(in.byte() % 3u);
  options.momentum = (in.byte() & 1u) != 0u ? in.take<float>() : 0.5f;
  options.max_gradient_norm = (in.byte() & 1u) != 0u ? in.take<float>() : 0.0f;
  options.learning_rate = langevin::schedule<float>::inverse_time(in.take<float>(), in.take<float>());
  options.temperature = langevin::schedule<float>::geometric(in.take<float>(), in.take<float>());
  options.track_best = (in.byte() & 1u) != 0u;
  options.seed = in.take<std::uint64_t>();
  options.preconditioner = static_cast<langevin::preconditioning>(in.byte() % 4u);
  if ((in.byte() & 1u) != 0u) options.rmsprop_decay = in.take<float>();
  if ((in.byte() & 1u) != 0u) options.rmsprop_epsilon = in.take<float>();
  options.rmsprop_adapt_steps = in.byte() % 8u;
  std::array<float, 2> initial{in.take<float>(), in.take<float>()};
  langevin::annealing_sgd<float, 2, 16> sgd;
  const langevin::status placed = sgd.place(initial);
  FUZZ_REQUIRE((placed == langevin::status::ok) == all_finite(initial));
  FUZZ_REQUIRE(all_finite(sgd.current()));
  const langevin::status s = sgd.init(count, options);
  FUZZ_REQUIRE((s == langevin::status::invalid_argument) == (options.validate(count) != langevin::field::none));
  if (s != langevin::status::ok) {
    FUZZ_REQUIRE(s == langevin::status::invalid_argument || s == langevin::status::buffer_too_small);
    FUZZ_REQUIRE(!sgd.initialized());
    return;
  }
  FUZZ_REQUIRE(all_finite(sgd.current()));
  if (options.preconditioner == langevin::preconditioning::fixed && (in.byte() & 1u) != 0u) {
    const std::array<float, 2> gains{in.take<float>(), in.take<float>()};
    const bool valid = gains[0] > 0.0f && gains[1] > 0.0f && all_finite(gains);
    FUZZ_REQUIRE((sgd.set_preconditioner(gains) == langevin::status::ok) == valid);
  }
  const fuzzed_model model{&in};
  const unsigned steps = in.byte() % 40u;
  for (unsigned k = 0; k < steps && !in.empty(); ++k) {
    const auto before = sgd.current();
    const auto r = sgd.step(model, langevin::span<const fuzz_sample>{data, count});
    FUZZ_REQUIRE(all_finite(sgd.current()) && all_finite(sgd.velocity()));
    if (r.status != langevin::status::ok) FUZZ_REQUIRE(sgd.current() == before);
    for (std::size_t j = 0; j < 2u; ++j) {
      FUZZ_REQUIRE(sgd.preconditioner(j) > 0.0f && langevin::math::is_finite(sgd.preconditioner(j)));
    }
  }
  fuzz_forged_blob(in, sgd, [&](langevin::annealing_sgd<float, 2, 16>& copy) {
    const std::size_t n = copy.sampler().sample_count();
    if (n == 0u || n > 24u) return;  // uninitialized, or a data set larger than ours
    for (unsigned k = 0; k < 8u && !in.empty(); ++k) {
      const auto r = copy.step(model, langevin::span<const fuzz_sample>{data, n});
      FUZZ_REQUIRE(r.status == langevin::status::ok || r.status == langevin::status::non_finite ||
                   r.status == langevin::status::invalid_argument);
      FUZZ_REQUIRE(all_finite(copy.current()) && all_finite(copy.velocity()));
    }
  });
}

// The box a minimizer<Real, 2> holds, read from its blob: the block (lower, then upper)
// follows the core, the two replica records, the request and the quench trial.
template <class Real>
langevin::box<Real, 2> saved_box(const langevin::minimizer<Real, 2>& m) {
  langevin::checkpoint_blob<langevin::minimizer<Real, 2>> blob{};
  langevin::save_checkpoint(m, blob);
  const std::size_t block = langevin::detail::checkpoint_header_size + sizeof(langevin::detail::minimizer_core<Real>) +
                            2u * sizeof(langevin::detail::replica_record<Real>) + 4u * sizeof(Real);
  langevin::box<Real, 2> b{};
  std::memcpy(b.lower.data(), blob.data() + block, sizeof b.lower);
  std::memcpy(b.upper.data(), blob.data() + block + sizeof b.lower, sizeof b.upper);
  return b;
}

// Steps a minimizer `count` times (or until done): every point it asks for lies in `bounds`,
// every step is ok and makes one call, the budget holds and the best value is finite or +inf.
template <class Real>
void drive_minimizer(langevin::minimizer<Real, 2>& m, const fuzzed_problem<Real, 2>& problem,
                     const langevin::box<Real, 2>& bounds, unsigned count) {
  for (unsigned k = 0; k < count && !m.done(); ++k) {
    FUZZ_REQUIRE(bounds.contains(m.point()));
    const std::uint64_t calls = m.calls();
    FUZZ_REQUIRE(m.step(problem).status == langevin::status::ok);
    FUZZ_REQUIRE(m.calls() == calls + 1u);
  }
  FUZZ_REQUIRE(m.calls() <= m.settings().max_calls);
  FUZZ_REQUIRE(!std::isnan(m.best_value()) && m.best_value() > -std::numeric_limits<Real>::infinity());
  FUZZ_REQUIRE(all_finite(m.best()) && bounds.contains(m.best()));
}

template <class Real>
void fuzz_minimizer(byte_reader& in) {
  using engine = langevin::minimizer<Real, 2>;
  langevin::minimize_options<Real> options;
  options.max_calls = in.byte();
  options.seed = in.take<std::uint64_t>();
  if ((in.byte() & 1u) != 0u) {
    options.polish_fraction = in.take<Real>();
    options.quench_tolerance = in.take<Real>();
    options.initial_jump = in.take<Real>();
    options.quench_fraction = in.take<Real>();
    options.explorer_temperature = in.take<Real>();
    options.ladder_ratio = in.take<Real>();
    options.quench_max_steps = in.byte();
    options.reseed_patience = in.byte();
    options.ground_share = in.byte();
    options.target_value = in.take<Real>();
  }
  langevin::box<Real, 2> bounds{{in.take<Real>(), in.take<Real>()}, {in.take<Real>(), in.take<Real>()}};
  if ((in.byte() & 1u) != 0u) bounds = {{Real(-4), Real(-4)}, {Real(4), Real(4)}};
  static engine m;
  m = engine{};
  // init() refuses exactly what validate() and the box refuse, and then stays done.
  const bool valid = options.validate() == langevin::field::none && bounds.validate() == langevin::status::ok;
  const langevin::status s = m.init(bounds, options);
  FUZZ_REQUIRE((s == langevin::status::ok) == valid);
  if (s != langevin::status::ok) {
    FUZZ_REQUIRE(s == langevin::status::invalid_argument && m.done() && m.calls() == 0u);
    return;
  }
  // A warm start: accepted exactly when it lies in the box (closed; finite).
  if ((in.byte() & 1u) != 0u) {
    const std::array<Real, 2> x0{in.take<Real>(), in.take<Real>()};
    const bool placed = m.place(x0) == langevin::status::ok;
    FUZZ_REQUIRE(placed == bounds.contains(x0));
    if (placed) FUZZ_REQUIRE(m.point() == x0);
  }
  const fuzzed_problem<Real, 2> problem{&in};
  drive_minimizer(m, problem, bounds, in.byte());
  const std::uint64_t steps = in.byte();
  const auto run = m.run(problem, steps);
  FUZZ_REQUIRE(run.status == langevin::status::ok && run.steps <= steps);
  FUZZ_REQUIRE(m.calls() <= options.max_calls);
  const auto r = m.result();
  if (r.status == langevin::status::ok) {
    FUZZ_REQUIRE(std::isfinite(r.value) && bounds.contains(r.x));
  }
  // Checkpoint round trip: the copy saves the same bytes. Then a forged blob: fuzzed payload
  // edits with a recomputed CRC, so that only the minimizer's validation stands between the
  // bytes and the copy; an accepted one must drive soundly inside the box it holds.
  static langevin::checkpoint_blob<engine> blob;
  static langevin::checkpoint_blob<engine> again;
  langevin::save_checkpoint(m, blob);
  static engine copy;
  FUZZ_REQUIRE(langevin::restore_checkpoint(copy, blob.data(), blob.size()) == langevin::status::ok);
  langevin::save_checkpoint(copy, again);
  FUZZ_REQUIRE(again == blob);
  fuzz_forged_blob(in, m, [&](engine& forged) {
    const langevin::box<Real, 2> held = saved_box(forged);
    FUZZ_REQUIRE(held.validate() == langevin::status::ok);
    drive_minimizer(forged, problem, held, in.byte());
    static_cast<void>(forged.result());
  });
}

// A value-only problem whose outputs the input decides.
template <class Real, std::size_t N>
struct fuzzed_value_problem {
  byte_reader* in;
  Real operator()(const std::array<Real, N>& x) const {
    if ((in->byte() & 3u) != 0u) return x[0] * x[0] + Real(2) * x[N - 1] * x[N - 1];
    return in->take<Real>();
  }
};

template <class Real>
void fuzz_simulated_annealing(byte_reader& in) {
  langevin::simulated_annealing_options<Real> o;
  o.max_calls = in.byte();
  o.seed = in.take<std::uint64_t>();
  o.initial_samples = in.byte() % 8u;
  o.temperature_mode = static_cast<langevin::cooling>(in.byte() % 3u);
  o.proposal = static_cast<langevin::proposal_kind>(in.byte() % 3u);
  if ((in.byte() & 1u) != 0u) {
    o.final_temperature_fraction = in.take<Real>();
    o.initial_step = in.take<Real>();
    o.min_step = in.take<Real>();
    o.max_step = in.take<Real>();
    o.target_acceptance = in.take<Real>();
    o.adaptation_rate = in.take<Real>();
    o.temperature = langevin::schedule<Real>::geometric(in.take<Real>(), in.take<Real>());
    o.target_value = in.take<Real>();
  }
  langevin::box<Real, 2> bounds{{in.take<Real>(), in.take<Real>()}, {in.take<Real>(), in.take<Real>()}};
  if ((in.byte() & 1u) != 0u) bounds = {{Real(-3), Real(-3)}, {Real(3), Real(3)}};
  const fuzzed_value_problem<Real, 2> f{&in};
  static langevin::simulated_annealer<Real, 2> a;
  a = langevin::simulated_annealer<Real, 2>{};
  const langevin::status s = a.init(bounds, o);
  // init() refuses exactly what validate() and the box refuse, and calls nothing.
  const bool valid = o.validate() == langevin::field::none && bounds.validate() == langevin::status::ok;
  FUZZ_REQUIRE((s == langevin::status::ok) == valid);
  FUZZ_REQUIRE(s == langevin::status::ok || s == langevin::status::invalid_argument);
  FUZZ_REQUIRE(a.calls() == 0u && a.initialized() == valid);
  if (s != langevin::status::ok) return;
  bool placed = false;
  if ((in.byte() & 1u) != 0u) {
    const std::array<Real, 2> x0{in.take<Real>(), in.take<Real>()};
    placed = a.place(x0) == langevin::status::ok;
    FUZZ_REQUIRE(placed == bounds.contains(x0));
  }
  // The chain is running: its state is inside the box and finite, the best not above it.
  const auto chain_sound = [](const langevin::simulated_annealer<Real, 2>& x) {
    if (!x.initialized() || x.sampling() || !std::isfinite(x.best_value())) return true;
    return x.bounds().contains(x.current()) && x.bounds().contains(x.best()) && std::isfinite(x.current_value()) &&
           x.best_value() <= x.current_value() && x.calls() <= x.options().max_calls;
  };
  const unsigned steps = in.byte();
  for (unsigned k = 0; k < steps && !in.empty(); ++k) {
    const std::uint64_t calls_before = a.calls();
    const auto r = a.step(f);
    const std::uint64_t made = a.calls() - calls_before;
    FUZZ_REQUIRE(made <= 1u);
    FUZZ_REQUIRE(r.status == langevin::status::ok || r.status == langevin::status::non_finite ||
                 r.status == langevin::status::budget_exhausted || r.status == langevin::status::invalid_argument);
    // Refused without a call: no start point at all, or the budget spent.
    FUZZ_REQUIRE(r.status != langevin::status::invalid_argument || (made == 0u && !placed && o.initial_samples == 0u));
    FUZZ_REQUIRE(r.status != langevin::status::budget_exhausted || (made == 0u && a.calls() == o.max_calls));
    FUZZ_REQUIRE(r.status != langevin::status::ok || (made == 1u && std::isfinite(r.value)));
    FUZZ_REQUIRE(chain_sound(a));
    FUZZ_REQUIRE(a.calls() <= o.max_calls);
  }
  const std::uint64_t max_steps = in.byte();
  const auto run = a.run(f, max_steps);
  FUZZ_REQUIRE(run.steps <= max_steps && chain_sound(a));
  FUZZ_REQUIRE(run.status == langevin::status::ok || run.status == langevin::status::non_finite ||
               run.status == langevin::status::invalid_argument);
  const auto result = a.result();
  if (result.status == langevin::status::ok) {
    FUZZ_REQUIRE(std::isfinite(result.value) && bounds.contains(result.x) && result.calls <= o.max_calls);
  }
  fuzz_forged_blob(in, a, [&](langevin::simulated_annealer<Real, 2>& copy) {
    if (!copy.initialized()) {
      FUZZ_REQUIRE(copy.step(f).status == langevin::status::invalid_argument);
      return;
    }
    FUZZ_REQUIRE(chain_sound(copy));
    for (unsigned k = 0; k < 8u && !in.empty(); ++k) {
      const auto r = copy.step(f);
      FUZZ_REQUIRE(r.status == langevin::status::ok || r.status == langevin::status::non_finite ||
                   r.status == langevin::status::budget_exhausted || r.status == langevin::status::invalid_argument);
      FUZZ_REQUIRE(chain_sound(copy));
      FUZZ_REQUIRE(copy.calls() <= copy.options().max_calls);
    }
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  byte_reader in{data, size};
  while (!in.empty()) {
    switch (in.byte() % 16u) {
      case 0: fuzz_pcg32(in); break;
      case 1: fuzz_samplers<float>(in); break;
      case 2: fuzz_samplers<double>(in); break;
      case 3: fuzz_shuffle(in); break;
      case 4: fuzz_math<float>(in); break;
      case 5: fuzz_math<double>(in); break;
      case 6: fuzz_batch_sampler(in); break;
      case 7: fuzz_checkpoint_pcg32(in); break;
      case 8: fuzz_dynamics<float>(in); break;
      case 9: fuzz_dynamics<double>(in); break;
      case 10: fuzz_annealing_sgd(in); break;
      case 11: fuzz_minimizer<float>(in); break;
      case 12: fuzz_minimizer<double>(in); break;
      case 13: fuzz_simulated_annealing<float>(in); break;
      case 14: fuzz_simulated_annealing<double>(in); break;
      default: break;
    }
  }
  return 0;
}
