// Same bits on every port: FNV-1a 64 hashes of the bit patterns of the first 1000 outputs of
// pcg32, uniform, uniform_open, normal and normal_bounded (float and double, 32- and 64-bit
// generators) for several seeds, compared with constants recorded on the x86-64 host.
// Plus cheap sanity checks of ranges, draw counts and API equivalences. No libm here.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include <langevin/random/detail/local_draws.hpp>
#include <langevin/random/normal.hpp>
#include <langevin/random/pcg32.hpp>
#include <langevin/random/shuffle.hpp>
#include <langevin/random/uniform.hpp>
#include <langevin/span.hpp>

#include "langevin_test.hpp"

namespace {

/// FNV-1a 64 over little-endian bytes, written out explicitly (no memcpy of the integer).
struct fnv1a64 {
  std::uint64_t value = 0xcbf29ce484222325u;
  void add_byte(std::uint32_t byte) {
    value ^= byte & 0xFFu;
    value *= 0x100000001b3u;
  }
  void add(std::uint32_t word) {
    for (int i = 0; i < 4; ++i) add_byte(word >> (8 * i));
  }
  void add(std::uint64_t word) {
    for (int i = 0; i < 8; ++i) add_byte(static_cast<std::uint32_t>(word >> (8 * i)));
  }
  void add(float x) {
    std::uint32_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    add(bits);
  }
  void add(double x) {
    std::uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    add(bits);
  }
};

/// SplitMix64: a 64-bit generator to exercise the 64-bit-word paths.
struct splitmix64 {
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0u; }
  static constexpr result_type max() { return ~std::uint64_t{0}; }
  result_type operator()() {
    state += 0x9e3779b97f4a7c15u;
    std::uint64_t z = state;
    z = (z ^ (z >> 30u)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27u)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31u);
  }
  std::uint64_t state;
};

/// A stuck generator (always the same word): normal() would never finish on some words,
/// normal_bounded() must.
struct constant_generator {
  using result_type = std::uint32_t;
  static constexpr result_type min() { return 0u; }
  static constexpr result_type max() { return 0xFFFFFFFFu; }
  result_type operator()() { return word; }
  std::uint32_t word;
};

struct seed_stream {
  std::uint64_t seed;
  std::uint64_t stream;
};
constexpr seed_stream golden_seeds[3] = {{42u, 54u}, {0u, 0u}, {0xFFFFFFFFFFFFFFFFu, 2026u}};

constexpr int golden_count = 1000;

template <class Draw>
std::uint64_t hash_of(seed_stream s, Draw draw) {
  langevin::pcg32 g{s.seed, s.stream};
  fnv1a64 h;
  for (int i = 0; i < golden_count; ++i) h.add(draw(g));
  return h.value;
}

template <class Draw>
std::uint64_t hash_of_64(std::uint64_t seed, Draw draw) {
  splitmix64 g{seed};
  fnv1a64 h;
  for (int i = 0; i < golden_count; ++i) h.add(draw(g));
  return h.value;
}

// Which sequence a golden hash belongs to.
enum sequence : int {
  raw_pcg32,
  uniform_float,
  uniform_double,
  uniform_open_float,
  uniform_open_double,
  normal_float,
  normal_double,
  normal_bounded_1_float,
  normal_bounded_1_double,
  tail_float,
  tail_double,
  sequence_count
};

std::uint64_t golden_hash(seed_stream s, int which) {
  switch (which) {
    case raw_pcg32:
      return hash_of(s, [](langevin::pcg32& g) { return g(); });
    case uniform_float:
      return hash_of(s, [](langevin::pcg32& g) { return langevin::uniform<float>(g); });
    case uniform_double:
      return hash_of(s, [](langevin::pcg32& g) { return langevin::uniform<double>(g); });
    case uniform_open_float:
      return hash_of(s, [](langevin::pcg32& g) { return langevin::uniform_open<float>(g); });
    case uniform_open_double:
      return hash_of(s, [](langevin::pcg32& g) { return langevin::uniform_open<double>(g); });
    case normal_float:
      return hash_of(s, [](langevin::pcg32& g) { return langevin::normal<float>(g); });
    case normal_double:
      return hash_of(s, [](langevin::pcg32& g) { return langevin::normal<double>(g); });
    case normal_bounded_1_float:
      return hash_of(s, [](langevin::pcg32& g) { return langevin::normal_bounded<float>(g, 1u); });
    case normal_bounded_1_double:
      return hash_of(s, [](langevin::pcg32& g) { return langevin::normal_bounded<double>(g, 1u); });
    case tail_float:  // the rare tail path directly (uses langevin::math::log)
      return hash_of(s, [](langevin::pcg32& g) { return langevin::detail::normal_tail<float>(g, false, 100u); });
    case tail_double:
      return hash_of(s, [](langevin::pcg32& g) { return langevin::detail::normal_tail<double>(g, true, 100u); });
    default:
      return 0u;
  }
}

// Recorded on x86-64 (g++ 12, -O2): golden[seed][sequence].
constexpr std::uint64_t golden[3][sequence_count] = {
    {0x65b5e754244bc965u, 0x884595c7e35bb8a7u, 0x9da8fdfdf482cf2cu, 0xd4a0ed05536a97a5u, 0x10269d38c458043du, 0xf686b1f5cf4d2f10u, 0x844db150bc539368u, 0x0cd5cfce9e4036f0u, 0x04efebaa82ef7af2u, 0x8a9b3bd3c0188582u, 0xfe2a6b670464b461u},
    {0x9e7f0928a702c568u, 0x72d4d8532ee38c22u, 0xa383f3ae11b1221au, 0xe026a494d0fbcc57u, 0xc237a27260ee1c66u, 0x3ea82a27ec941d6cu, 0x719507716e84291cu, 0xae9a84cb22dcd1c4u, 0xbb296868ffa1b9f3u, 0x0961a8fc88de99f4u, 0x057e920b6b5a338cu},
    {0x8c9a8432cc322b10u, 0x4ed0e07a7aa2fb96u, 0xa37e5732a190eac8u, 0xf843a2e0b78cf313u, 0x0b0358749dcc7223u, 0xc72eb7208bcd54cfu, 0x865b5790508b5137u, 0x1c5b2df3e84a6073u, 0x3143f8c0cac93176u, 0x21d85ca81748429eu, 0xcda63dea67f4da5du},
};
// 64-bit generator (SplitMix64 seeded 7): uniform<float>, uniform<double>, normal<float>, normal<double>.
constexpr std::uint64_t golden_64[4] = {
    0xc374702b8b21e818u, 0x4c13e40b8d9e2fe0u, 0x9d0f789d29bb1222u, 0x8dbf77e6e60cc558u};

template <class Real>
Real magnitude(Real x) {
  return x < Real(0) ? -x : x;
}

}  // namespace

TEST_CASE("golden hashes of pcg32 and uniform sequences", "[random][golden]") {
  for (int s = 0; s < 3; ++s) {
    for (int which = raw_pcg32; which <= uniform_open_double; ++which) {
      CHECK(golden_hash(golden_seeds[s], which) == golden[s][which]);
    }
  }
}

TEST_CASE("golden hashes of normal sequences", "[random][golden]") {
  for (int s = 0; s < 3; ++s) {
    for (int which = normal_float; which < sequence_count; ++which) {
      CHECK(golden_hash(golden_seeds[s], which) == golden[s][which]);
    }
  }
}

TEST_CASE("golden hashes with a 64-bit generator", "[random][golden]") {
  CHECK(hash_of_64(7u, [](splitmix64& g) { return langevin::uniform<float>(g); }) == golden_64[0]);
  CHECK(hash_of_64(7u, [](splitmix64& g) { return langevin::uniform<double>(g); }) == golden_64[1]);
  CHECK(hash_of_64(7u, [](splitmix64& g) { return langevin::normal<float>(g); }) == golden_64[2]);
  CHECK(hash_of_64(7u, [](splitmix64& g) { return langevin::normal<double>(g); }) == golden_64[3]);
}

TEST_CASE("uniform values are the documented bits and draw counts", "[random][uniform]") {
  langevin::pcg32 g{3u, 4u};
  for (int i = 0; i < 200; ++i) {
    langevin::pcg32 copy = g;
    const float f = langevin::uniform<float>(g);
    const std::uint32_t word = copy();
    CHECK(f * 16777216.0f == static_cast<float>(word >> 8u));
    CHECK(g == copy);
    const double d = langevin::uniform<double>(g);
    const std::uint64_t high = copy();
    const std::uint64_t low = copy();
    CHECK(d * 9007199254740992.0 == static_cast<double>(((high << 32u) | low) >> 11u));
    CHECK(g == copy);
    const float fo = langevin::uniform_open<float>(g);
    CHECK(fo * 16777216.0f == static_cast<float>(((copy() >> 9u) << 1u) | 1u));
    const double dopen = langevin::uniform_open<double>(g);
    const std::uint64_t high2 = copy();
    const std::uint64_t low2 = copy();
    CHECK(dopen * 9007199254740992.0 == static_cast<double>(((((high2 << 32u) | low2) >> 12u) << 1u) | 1u));
    CHECK(g == copy);
  }
  splitmix64 wide{11u};
  splitmix64 wide_copy = wide;
  const double d = langevin::uniform<double>(wide);
  CHECK(d * 9007199254740992.0 == static_cast<double>(wide_copy() >> 11u));
  const float f = langevin::uniform<float>(wide);
  CHECK(f * 16777216.0f == static_cast<float>(static_cast<std::uint32_t>(wide_copy() >> 40u)));
}

TEST_CASE("uniform extremes stay inside the documented intervals", "[random][uniform]") {
  constant_generator zeros{0u};
  constant_generator ones{0xFFFFFFFFu};
  CHECK(langevin::uniform<float>(zeros) == 0.0f);
  CHECK(langevin::uniform<double>(zeros) == 0.0);
  CHECK(langevin::uniform<float>(ones) == 1.0f - 0x1p-24f);
  CHECK(langevin::uniform<double>(ones) == 1.0 - 0x1p-53);
  CHECK(langevin::uniform_open<float>(zeros) == 0x1p-24f);
  CHECK(langevin::uniform_open<double>(zeros) == 0x1p-53);
  CHECK(langevin::uniform_open<float>(ones) == 1.0f - 0x1p-24f);
  CHECK(langevin::uniform_open<double>(ones) == 1.0 - 0x1p-53);
  langevin::pcg32 g{5u, 5u};
  for (int i = 0; i < 1000; ++i) {
    const float a = langevin::uniform(g, -2.0f, 3.0f);
    CHECK((a >= -2.0f && a <= 3.0f));
    const double b = langevin::uniform<double>(g, 10.0, 10.5);
    CHECK((b >= 10.0 && b <= 10.5));
  }
}

TEST_CASE("normal values are finite, bounded and roughly standard", "[random][normal]") {
  // 1000 samples: |mean| < 5 / sqrt(1000) = 0.158 and |variance - 1| < 5 sqrt(2 / 1000) = 0.224
  // (5 standard errors each). Largest possible |x|: 8.3 (float), 14.2 (double).
  langevin::pcg32 g{6u, 6u};
  double sum_f = 0.0;
  double squares_f = 0.0;
  double sum_d = 0.0;
  double squares_d = 0.0;
  bool bounded = true;
  for (int i = 0; i < 1000; ++i) {
    const float f = langevin::normal<float>(g);
    const double d = langevin::normal<double>(g);
    bounded = bounded && magnitude(f) < 8.3f && magnitude(d) < 14.2;
    sum_f += static_cast<double>(f);
    squares_f += static_cast<double>(f) * static_cast<double>(f);
    sum_d += d;
    squares_d += d * d;
  }
  CHECK(bounded);
  CHECK(magnitude(sum_f / 1000.0) < 0.158);
  CHECK(magnitude(squares_f / 1000.0 - 1.0) < 0.224);
  CHECK(magnitude(sum_d / 1000.0) < 0.158);
  CHECK(magnitude(squares_d / 1000.0 - 1.0) < 0.224);
}

TEST_CASE("the integer uniform fraction equals the float product", "[random][uniform]") {
  // fraction_of_2_24(k) is what uniform<float> and uniform_open<float> compute where float is
  // emulated (LANGEVIN_SOFT_FLOAT): every k below 2^12, the powers of two and their
  // neighbours, and a stride over [0, 2^24), against the port's own k * 2^-24.
  std::uint32_t mismatches = 0u;
  std::uint32_t checked = 0u;
  const auto check = [&](std::uint32_t k) {
    const float expected = static_cast<float>(static_cast<std::int32_t>(k)) * 0x1p-24f;
    const float got = langevin::detail::fraction_of_2_24(k);
    std::uint32_t expected_bits;
    std::uint32_t got_bits;
    std::memcpy(&expected_bits, &expected, sizeof expected_bits);
    std::memcpy(&got_bits, &got, sizeof got_bits);
    if (got_bits != expected_bits) ++mismatches;
    ++checked;
  };
  for (std::uint32_t k = 0u; k < 4096u; ++k) check(k);
  for (std::uint32_t bit = 12u; bit < 24u; ++bit) {
    check((1u << bit) - 1u);
    check(1u << bit);
    check((1u << bit) + 1u);
  }
  for (std::uint32_t k = 4096u; k < (1u << 24u); k += 251u) check(k);
  CHECK(checked > 70000u);
  CHECK(mismatches == 0u);
}

TEST_CASE("the integer float candidate equals the float product, rounding included", "[random][normal]") {
  // odd_multiple_of(t, scale) is what normal<float> computes where float is emulated
  // (LANGEVIN_SOFT_FLOAT); here it is compared with the port's own float product on every
  // layer, for every t near 0 (short products: many exact ties) and a stride over the whole
  // 24-bit range. Power: the sample must contain products that round up and ties, counted
  // from the exact 48-bit product, so a truncating or ties-away variant would fail.
  using tables = langevin::detail::normal_tables<float>;
  std::uint32_t mismatches = 0u;
  std::uint32_t round_ups = 0u;
  std::uint32_t ties = 0u;
  for (int layer = 0; layer < tables::layers; ++layer) {
    const float scale = tables::scale[layer];
    std::uint32_t scale_bits;
    std::memcpy(&scale_bits, &scale, sizeof scale_bits);
    const std::uint64_t significand = (scale_bits & 0x7FFFFFu) | 0x800000u;
    for (std::int32_t step = 0; step < 2048 + 1025; ++step) {
      const std::int32_t t = step < 2048 ? step - 1024 : -(1 << 23) + (step - 2048) * 16383;
      const float expected = static_cast<float>(2 * t + 1) * scale;
      const float got = langevin::detail::odd_multiple_of(t, scale);
      std::uint32_t expected_bits;
      std::uint32_t got_bits;
      std::memcpy(&expected_bits, &expected, sizeof expected_bits);
      std::memcpy(&got_bits, &got, sizeof got_bits);
      if (got_bits != expected_bits) ++mismatches;
      const std::uint64_t magnitude_t = static_cast<std::uint64_t>(t < 0 ? -(2 * static_cast<std::int64_t>(t) + 1) : 2 * t + 1);
      const std::uint64_t product = magnitude_t * significand;
      int length = 0;
      while (length < 64 && (product >> length) != 0u) ++length;
      if (length > 24) {
        const int shift = length - 24;
        const std::uint64_t rest = product & ((std::uint64_t{1} << shift) - 1u);
        const std::uint64_t half = std::uint64_t{1} << (shift - 1);
        if (rest > half) ++round_ups;
        if (rest == half) ++ties;
      }
    }
  }
  CHECK(mismatches == 0u);
  CHECK(round_ups > 1000u);
  CHECK(ties > 100u);
}

TEST_CASE("normal tail path lies beyond r and stays below the documented maximum", "[random][normal]") {
  langevin::pcg32 g{8u, 8u};
  const float r_float = langevin::detail::normal_tables<float>::tail_start;
  const double r_double = langevin::detail::normal_tables<double>::tail_start;
  for (int i = 0; i < 300; ++i) {
    const float f = langevin::detail::normal_tail<float>(g, i % 2 == 0, 1000u);
    CHECK((magnitude(f) >= r_float && magnitude(f) < 8.3f));
    CHECK((f < 0.0f) == (i % 2 == 0));
    const double d = langevin::detail::normal_tail<double>(g, false, 1000u);
    CHECK((d >= r_double && d < 14.2));
  }
}

TEST_CASE("normal_bounded equals normal until its budget runs out", "[random][normal]") {
  langevin::pcg32 a{9u, 9u};
  langevin::pcg32 b{9u, 9u};
  bool same = true;
  for (int i = 0; i < 2000; ++i) {
    same = same && langevin::normal<float>(a) == langevin::normal_bounded<float>(b);
    same = same && langevin::normal<double>(a) == langevin::normal_bounded<double>(b, 20u);
  }
  CHECK(same);
  CHECK(a == b);
}

TEST_CASE("normal_bounded terminates on a stuck generator", "[random][normal]") {
  // All ones: layer 127 (always a wedge test) and t = -1, so x = -scale[127] (tiny); the
  // wedge's y rounds to 1 and exp(-x^2/2) is 1, so the test rejects and normal() would loop
  // forever on this word.
  constant_generator ones{0xFFFFFFFFu};
  const float f = langevin::normal_bounded<float>(ones, 3u);
  CHECK(f == -langevin::detail::normal_tables<float>::scale[127]);
  const double d = langevin::normal_bounded<double>(ones, 0u);
  CHECK(d == -langevin::detail::normal_tables<double>::scale[127]);
  // All zeros: layer 0, t = 0, the rectangle accepts x = +scale[0] at once (never exactly 0).
  constant_generator zeros{0u};
  CHECK(langevin::normal<float>(zeros) == langevin::detail::normal_tables<float>::scale[0]);
  // Layer 0 with the largest positive t: the tail branch; uniform_open gives 0.5 - 2^-24
  // twice, so a = log(2) / r is accepted at once.
  constant_generator tail_word{0x7FFFFF00u};
  const float t = langevin::normal_bounded<float>(tail_word, 5u);
  CHECK(t >= langevin::detail::normal_tables<float>::tail_start);
}

TEST_CASE("normal_fill equals repeated normal calls", "[random][normal]") {
  langevin::pcg32 a{10u, 10u};
  langevin::pcg32 b{10u, 10u};
  float values[64];
  CHECK(langevin::normal_fill<float>(a, values, 64u) == langevin::status::ok);
  bool same = true;
  for (float v : values) same = same && v == langevin::normal<float>(b);
  std::array<double, 16> doubles{};
  langevin::normal_fill(a, doubles);
  for (double v : doubles) same = same && v == langevin::normal<double>(b);
  double more[8];
  CHECK(langevin::normal_fill(a, langevin::span<double>(more, 8u)) == langevin::status::ok);
  for (double v : more) same = same && v == langevin::normal<double>(b);
  CHECK(same);
  CHECK(a == b);
  float* none = nullptr;
  CHECK(langevin::normal_fill<float>(a, none, 3u) == langevin::status::invalid_argument);
  CHECK(langevin::normal_fill<float>(a, none, 0u) == langevin::status::ok);
  CHECK(a == b);
  const float shifted = langevin::normal(a, 2.0f, 0.5f);
  CHECK(shifted == 2.0f + 0.5f * langevin::normal<float>(b));
}

TEST_CASE("the steps' draw loop equals repeated normal calls at one and four draws per pass", "[random][normal]") {
  // Every count from 0 to 13 covers the four-per-pass loop's whole passes and each of its
  // three leftover counts; the guards either side catch a pass that writes past the end.
  for (std::size_t count = 0; count <= 13u; ++count) {
    langevin::pcg32 one{11u, count};
    langevin::pcg32 four{11u, count};
    langevin::pcg32 reference{11u, count};
    float by_one[15];
    float by_four[15];
    for (std::size_t i = 0; i < 15u; ++i) by_one[i] = by_four[i] = -7.0f;
    langevin::detail::draw_normals_locally<float, langevin::pcg32, 1u>(one, by_one + 1, count);
    langevin::detail::draw_normals_locally<float, langevin::pcg32, 4u>(four, by_four + 1, count);
    bool same = by_one[0] == -7.0f && by_four[0] == -7.0f;
    for (std::size_t i = 0; i < count; ++i) {
      const float expected = langevin::normal<float>(reference);
      same = same && by_one[i + 1u] == expected && by_four[i + 1u] == expected;
    }
    for (std::size_t i = count + 1u; i < 15u; ++i) same = same && by_one[i] == -7.0f && by_four[i] == -7.0f;
    CHECK(same);
    CHECK(one == reference);
    CHECK(four == reference);
  }
}

TEST_CASE("golden permutation of a shuffled index buffer", "[random][shuffle][golden]") {
  std::uint16_t index[100];
  for (std::uint16_t i = 0; i < 100u; ++i) index[i] = i;
  langevin::pcg32 g{42u, 54u};
  CHECK(langevin::shuffle(g, index, 100u) == langevin::status::ok);
  fnv1a64 h;
  for (std::uint16_t v : index) h.add(static_cast<std::uint32_t>(v));
  CHECK(h.value == 0x64ded769416287d5u);
}
