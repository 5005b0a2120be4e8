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

#include <langevin/langevin.hpp>
#include <langevin/math.hpp>
#include <langevin/optimize/dataset.hpp>

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
}

// A blob from the input (arbitrary bytes, or a valid blob with fuzzed edits): restore
// either succeeds with exactly the saved state or fails leaving the target unchanged.
void fuzz_checkpoint_pcg32(byte_reader& in) {
  unsigned char blob[40] = {};
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
    FUZZ_REQUIRE(s == langevin::status::corrupt_data);
    FUZZ_REQUIRE(target == before);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  byte_reader in{data, size};
  while (!in.empty()) {
    switch (in.byte() % 8u) {
      case 0: fuzz_pcg32(in); break;
      case 1: fuzz_samplers<float>(in); break;
      case 2: fuzz_samplers<double>(in); break;
      case 3: fuzz_shuffle(in); break;
      case 4: fuzz_math<float>(in); break;
      case 5: fuzz_math<double>(in); break;
      case 6: fuzz_batch_sampler(in); break;
      case 7: fuzz_checkpoint_pcg32(in); break;
      default: break;
    }
  }
  return 0;
}
