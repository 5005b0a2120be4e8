// The ziggurat tables (random/detail/normal_tables.hpp) against their defining equations,
// and, where the generator's arithmetic is available (x86-64: 80-bit long double and
// __int128), against a fresh run of tests/tools/make_normal_tables.cpp.
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <langevin/random/detail/normal_tables.hpp>

#if defined(__x86_64__) && defined(__SIZEOF_INT128__)
#define LANGEVIN_CAN_REGENERATE_NORMAL_TABLES 1
#define LANGEVIN_NORMAL_TABLES_NO_MAIN 1
#include "../tools/make_normal_tables.cpp"
#endif

namespace {

using wide = long double;

wide density(wide x) { return std::exp(-x * x / 2.0L); }
wide tail_integral(wide r) { return std::sqrt(std::acos(-1.0L) / 2.0L) * std::erfc(r / std::sqrt(2.0L)); }

/// Unsigned 128-bit values as (high, low) words, for exact threshold checks on every port.
struct u128 {
  std::uint64_t high;
  std::uint64_t low;
};
u128 multiply_64(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t a_low = a & 0xFFFFFFFFu, a_high = a >> 32u;
  const std::uint64_t b_low = b & 0xFFFFFFFFu, b_high = b >> 32u;
  const std::uint64_t low_low = a_low * b_low;
  const std::uint64_t high_low = a_high * b_low;
  const std::uint64_t low_high = a_low * b_high;
  const std::uint64_t middle = (low_low >> 32u) + (high_low & 0xFFFFFFFFu) + (low_high & 0xFFFFFFFFu);
  return {a_high * b_high + (high_low >> 32u) + (low_high >> 32u) + (middle >> 32u),
          (middle << 32u) | (low_low & 0xFFFFFFFFu)};
}
u128 shift_left_64(std::uint64_t a, int shift) {  // 0 <= shift < 128
  if (shift == 0) return {0u, a};
  if (shift >= 64) return {a << (shift - 64), 0u};
  return {a >> (64 - shift), a << shift};
}
bool less_128(u128 a, u128 b) { return a.high < b.high || (a.high == b.high && a.low < b.low); }

/// A copy of one type's tables, so that the checks can also be run on corrupted copies.
template <class Real>
struct table_copy {
  int bits;
  Real tail_start;
  Real inverse_tail_start;
  std::uint64_t base_threshold;
  std::vector<std::uint64_t> threshold;
  std::vector<Real> scale;
  std::vector<Real> height;
};

template <class Real>
table_copy<Real> copy_tables() {
  using tables = langevin::detail::normal_tables<Real>;
  table_copy<Real> t{tables::magnitude_bits, tables::tail_start, tables::inverse_tail_start, tables::base_threshold,
                     {}, {}, {}};
  for (int i = 0; i < tables::layers; ++i) {
    t.threshold.push_back(tables::threshold[i]);
    t.scale.push_back(tables::scale[i]);
  }
  for (int i = 0; i <= tables::layers; ++i) t.height.push_back(tables::height[i]);
  return t;
}

/// Number of failed defining equations of a table set (0 = all hold).
///
/// Tolerances: every stored real is the exact value rounded to nearest, relative error at
/// most u = 2^-(digits) (2^-24 float, 2^-53 double). A layer area
/// A_i = w_i (f(w_{i+1}) - f(w_i)) then has relative error at most
///   u * [ w_i |f(w_{i+1}) - f(w_i)| + w_i^2 f(w_i) w_i + w_i w_{i+1}^2 f(w_{i+1}) ] / A_i
/// to first order (d f(w) / d ln w = -w^2 f(w)), plus the evaluation error of the check itself
/// in long double, about 4 e (f(w_i) + f(w_{i+1})) / |f(w_{i+1}) - f(w_i)| with e its epsilon.
/// The reference area v = r f(r) + T(r) is itself computed from the rounded r (see below).
/// The check allows twice the sum of these bounds. The heights are f(w_i) rounded once: within one
/// ulp (half an ulp for the rounding, plus libm's and long double's error). The thresholds
/// are integers checked exactly: base_threshold = k_0 and threshold[i] = floor(k_i / 2^(B-17))
/// with k_i = #{u >= 0 : (2u + 1) w_i < 2^B w_{i+1}}.
template <class Real>
int count_violations(const table_copy<Real>& t) {
  const int layers = static_cast<int>(t.scale.size());
  const wide u = std::ldexp(1.0L, -std::numeric_limits<Real>::digits);
  const wide e = std::numeric_limits<wide>::epsilon();
  int violations = 0;
  const auto violation = [&](int line) {
    ++violations;
    UNSCOPED_INFO("equation failed at line " << line);
  };
  std::vector<wide> width;
  for (Real s : t.scale) width.push_back(std::ldexp(static_cast<wide>(s), t.bits));
  width.push_back(0.0L);
  const wide r = width[1];
  const wide area = r * density(r) + tail_integral(r);
  // The reference area comes from the rounded r: dv/dr = -r^2 f(r), so its own relative
  // error is up to u r^3 f(r) / v (about 11 u); every area comparison allows for it.
  const wide area_sensitivity = u * r * r * r * density(r) / area;
  if (static_cast<wide>(t.tail_start) != r) violation(__LINE__);
  if (std::fabs(static_cast<wide>(t.inverse_tail_start) * r - 1.0L) > u) violation(__LINE__);

  // Base strip: w_0 f(r) = v, i.e. its area beyond r equals the tail area.
  {
    const wide base = width[0] * density(r);
    // Rounding of w_0 contributes u, rounding of r (through f) u r^2.
    const wide bound = u * (1.0L + r * r) + area_sensitivity + 8.0L * e;
    if (std::fabs(base / area - 1.0L) > 2.0L * bound) violation(__LINE__);
  }
  for (std::size_t i = 1; i < static_cast<std::size_t>(layers); ++i) {
    const wide lower = density(width[i]);
    const wide upper = density(width[i + 1]);
    const wide step = upper - lower;
    const wide layer_area = width[i] * step;
    const wide sensitivity = u *
                             (width[i] * step + width[i] * width[i] * width[i] * lower +
                              width[i] * width[i + 1] * width[i + 1] * upper) /
                             layer_area;
    const wide evaluation = 4.0L * e * (upper + lower) / step;
    if (!(std::fabs(layer_area / area - 1.0L) <= 2.0L * (sensitivity + evaluation + area_sensitivity))) {
      violation(__LINE__);
    }
  }
  for (int i = 0; i <= layers; ++i) {
    const wide exact = density(width[static_cast<std::size_t>(i)]);
    const auto stored = static_cast<wide>(t.height[static_cast<std::size_t>(i)]);
    const Real neighbour = std::nextafter(t.height[static_cast<std::size_t>(i)], Real(2));
    const wide ulp = static_cast<wide>(neighbour) - stored;
    // The reference exp(-w^2/2) itself carries about (w^2/2 + 2) e relative error (the
    // rounding of w^2 scaled by the exponent, plus libm's): negligible with an 80-bit or
    // 128-bit long double, a few double ulps where long double is double (ARMv7).
    const wide w = width[static_cast<std::size_t>(i)];
    const wide reference_error = (w * w / 2.0L + 2.0L) * e * exact;
    if (std::fabs(stored - exact) > ulp + reference_error) violation(__LINE__);
  }
  // "Candidate u of layer i lies inside the part under the curve": (2u + 1) w_i < 2^B w_{i+1},
  // decided in exact 128-bit integer arithmetic on the significands (<= 53 bits each,
  // 2u + 1 < 2^53).
  const auto inside = [&](std::size_t i, std::uint64_t index) {
    if (width[i + 1] == 0.0L) return false;
    int wide_exponent = 0;
    int narrow_exponent = 0;
    const int digits = std::numeric_limits<Real>::digits;
    const auto wide_mantissa = static_cast<std::uint64_t>(std::ldexp(std::frexp(width[i], &wide_exponent), digits));
    const auto narrow_mantissa =
        static_cast<std::uint64_t>(std::ldexp(std::frexp(width[i + 1], &narrow_exponent), digits));
    const int shift = narrow_exponent + t.bits - wide_exponent;
    return less_128(multiply_64(2u * index + 1u, wide_mantissa), shift_left_64(narrow_mantissa, shift));
  };
  // The exact base threshold k_0: u < k_0 <=> inside(0, u).
  if (!(t.base_threshold > 0u && inside(0, t.base_threshold - 1u) && !inside(0, t.base_threshold))) {
    violation(__LINE__);
  }
  // 16-bit thresholds over u in [0, 2^(B-1)): with s = B - 17, every u < threshold << s is
  // inside (conservative) and the next block is not wholly inside (threshold is the largest
  // such value).
  const int block_shift = t.bits - 17;
  for (std::size_t i = 0; i < static_cast<std::size_t>(layers); ++i) {
    const std::uint64_t block = t.threshold[i];
    if (block > 0xFFFFu) violation(__LINE__);
    if (block > 0u && !inside(i, (block << block_shift) - 1u)) violation(__LINE__);
    if (inside(i, ((block + 1u) << block_shift) - 1u)) violation(__LINE__);
  }
  // Widths strictly decrease to 0.
  for (int i = 0; i < layers; ++i) {
    if (!(width[static_cast<std::size_t>(i)] > width[static_cast<std::size_t>(i) + 1])) violation(__LINE__);
  }
  if (t.height[static_cast<std::size_t>(layers)] != Real(1)) violation(__LINE__);
  return violations;
}

template <class Real>
void check_tables_and_their_power() {
  const table_copy<Real> t = copy_tables<Real>();
  CHECK(count_violations(t) == 0);
  // The checks must see a small corruption: a width off by 64 ulps, a height off by a
  // few ulps, a threshold or the base threshold off by one.
  table_copy<Real> bad_width = t;
  bad_width.scale[40] *= Real(1) + Real(64) * std::numeric_limits<Real>::epsilon();
  CHECK(count_violations(bad_width) > 0);
  table_copy<Real> bad_height = t;
  // 2 ulps, or 16 where long double is only double precision (see the reference error).
  const int height_error_ulps =
      std::numeric_limits<long double>::digits > std::numeric_limits<Real>::digits + 8 ? 2 : 16;
  for (int k = 0; k < height_error_ulps; ++k) bad_height.height[70] = std::nextafter(bad_height.height[70], Real(2));
  CHECK(count_violations(bad_height) > 0);
  table_copy<Real> bad_threshold = t;
  bad_threshold.threshold[30] += 1u;
  CHECK(count_violations(bad_threshold) > 0);
  bad_threshold.threshold[30] -= 2u;
  CHECK(count_violations(bad_threshold) > 0);
  table_copy<Real> bad_base = t;
  bad_base.base_threshold += 1u;
  CHECK(count_violations(bad_base) > 0);
  bad_base.base_threshold -= 2u;
  CHECK(count_violations(bad_base) > 0);
}

}  // namespace

TEST_CASE("normal tables satisfy the ziggurat equations (float)", "[random][normal][tables]") {
  check_tables_and_their_power<float>();
}

TEST_CASE("normal tables satisfy the ziggurat equations (double)", "[random][normal][tables]") {
  check_tables_and_their_power<double>();
}

#if defined(LANGEVIN_CAN_REGENERATE_NORMAL_TABLES)
TEST_CASE("normal tables equal a fresh run of the generator", "[random][normal][tables]") {
  std::string path = __FILE__;
  const std::string suffix = "tests/host/test_random_normal_tables.cpp";
  REQUIRE(path.size() > suffix.size());
  path = path.substr(0, path.size() - suffix.size()) + "lib/include/langevin/random/detail/normal_tables.hpp";
  std::ifstream file(path);
  REQUIRE(file.good());
  std::stringstream contents;
  contents << file.rdbuf();
  CHECK(contents.str() == normal_tables_generator::header_text());
}
#endif
