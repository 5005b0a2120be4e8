// Generates lib/include/langevin/random/detail/normal_tables.hpp, the constant tables of the
// ziggurat sampler in lib/include/langevin/random/normal.hpp.
//
//   g++ -std=c++17 -O2 tests/tools/make_normal_tables.cpp -o make_normal_tables
//   ./make_normal_tables > lib/include/langevin/random/detail/normal_tables.hpp
//
// The ziggurat (Marsaglia and Tsang 2000) covers the half density f(x) = exp(-x^2/2), x >= 0,
// with N layers of equal area v:
//   layer 0     : the rectangle [0, r] x [0, f(r)] plus the tail x > r; it is drawn as a
//                 rectangle of width x[0] = v / f(r), and the part beyond r means "tail";
//   layer i >= 1: the rectangle [0, x[i]] x [f(x[i]), f(x[i+1])], where x[1] = r and
//                 x[i+1] = f^-1(f(x[i]) + v / x[i]); x[N] = 0 closes the top layer.
// r is the root of "the recursion ends exactly at f(x[N]) = 1"; v = r f(r) + tail area.
// Everything is computed in long double (64-bit significand on x86-64) with libm, then
// rounded once to float and to double. The integer thresholds and the remaining derived
// values are computed from the ROUNDED widths. The sampler's candidates in layer i are
// x = (2u + 1) * width[i] / 2^B with u in [0, 2^(B-1)) (B = 24 float, 53 double); with
// k[i] = #{u : (2u + 1) * width[i] / 2^B < width[i+1]} (exactly, in integers) the tables
// store the 16-bit threshold[i] = floor(k[i] / 2^(B-17)), so that "top 16 bits of u <
// threshold[i]" implies u < k[i] (the rest of the layer goes to the exact wedge test), and
// the exact base_threshold = k[0], because the base strip's split between rectangle and
// tail has no exact test behind it.
//
// The same functions are used by tests/host/test_random_normal_tables.cpp (with
// LANGEVIN_NORMAL_TABLES_NO_MAIN defined) to regenerate the tables and compare them.
#include <cinttypes>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

namespace normal_tables_generator {

constexpr std::size_t layer_count = 128;

// Exact products of two 53-bit significands (GCC and Clang on 64-bit targets).
__extension__ typedef unsigned __int128 wide_integer;

inline long double density(long double x) { return std::exp(-x * x / 2.0L); }

/// Integral of exp(-t^2/2) over t > r.
inline long double tail_area(long double r) {
  return std::sqrt(std::acos(-1.0L) / 2.0L) * std::erfc(r / std::sqrt(2.0L));
}

/// The long double ziggurat for tail start r: widths x[0..N] (x[N] = 0) and, through
/// `top_excess`, how far f(x[N-1]) + v / x[N-1] overshoots 1 (the root condition is 0;
/// if the recursion breaks down early it returns a large positive excess).
struct ziggurat {
  long double r = 0;
  long double area = 0;  // v
  long double top_excess = 0;
  std::vector<long double> x;
};

inline ziggurat build(long double r) {
  ziggurat z;
  z.r = r;
  z.area = r * density(r) + tail_area(r);
  z.x.assign(layer_count + 1, 0.0L);
  z.x[0] = z.area / density(r);
  z.x[1] = r;
  for (std::size_t i = 1; i < layer_count - 1; ++i) {
    const long double height = density(z.x[i]) + z.area / z.x[i];
    if (height >= 1.0L) {  // the layers reach the peak too early: r is too small
      z.top_excess = 1.0L + static_cast<long double>(layer_count - i);
      return z;
    }
    z.x[i + 1] = std::sqrt(-2.0L * std::log(height));
  }
  z.top_excess = density(z.x[layer_count - 1]) + z.area / z.x[layer_count - 1] - 1.0L;
  z.x[layer_count] = 0.0L;
  return z;
}

/// Bisection on r: top_excess decreases as r grows.
inline ziggurat solve() {
  long double low = 2.0L;
  long double high = 5.0L;
  for (int iteration = 0; iteration < 200; ++iteration) {
    const long double middle = (low + high) / 2.0L;
    if (middle == low || middle == high) break;
    if (build(middle).top_excess > 0.0L) {
      low = middle;
    } else {
      high = middle;
    }
  }
  return build((low + high) / 2.0L);
}

/// k = the number of integers u >= 0 with (2u + 1) * wide / 2^bits < narrow (exactly, in
/// integer arithmetic), so that "u < k" is the exact test "the point lies left of `narrow`".
template <class Real>
std::uint64_t exact_threshold(Real wide, Real narrow, int bits) {
  if (narrow == 0) return 0;
  int wide_exponent = 0;
  int narrow_exponent = 0;
  const int digits = std::numeric_limits<Real>::digits;
  const auto wide_mantissa = static_cast<std::uint64_t>(
      std::ldexp(std::frexp(static_cast<long double>(wide), &wide_exponent), digits));
  const auto narrow_mantissa = static_cast<std::uint64_t>(
      std::ldexp(std::frexp(static_cast<long double>(narrow), &narrow_exponent), digits));
  // j * wide_mantissa * 2^wide_exponent < narrow_mantissa * 2^(narrow_exponent + bits) holds
  // for the J = floor((N - 1) / wide_mantissa) integers j = 1 .. J (N = the right side
  // scaled to an integer); (J + 1) / 2 of them are odd, j = 2u + 1.
  const int shift = narrow_exponent + bits - wide_exponent;
  if (shift < 0 || shift > 70) std::abort();  // never happens for these tables
  const wide_integer numerator = static_cast<wide_integer>(narrow_mantissa) << shift;
  const wide_integer below = (numerator - 1u) / wide_mantissa;
  return static_cast<std::uint64_t>((below + 1u) / 2u);
}

/// Tables for one floating type with `bits` random magnitude bits.
template <class Real>
struct rounded_tables {
  int magnitude_bits = 0;
  Real tail_start = 0;          // r (= width[1])
  Real inverse_tail_start = 0;  // 1 / r
  std::uint64_t base_threshold = 0;      // k[0], exact
  std::vector<std::uint64_t> threshold;  // floor(k[i] / 2^(B-17)), N entries
  std::vector<Real> scale;               // width[i] / 2^B, N entries
  std::vector<Real> height;              // f(width[i]), N + 1 entries (height[N] = 1)
};

template <class Real>
rounded_tables<Real> round_tables(const ziggurat& z, int magnitude_bits) {
  rounded_tables<Real> t;
  t.magnitude_bits = magnitude_bits;
  std::vector<Real> width(layer_count + 1);
  for (std::size_t i = 0; i <= layer_count; ++i) width[i] = static_cast<Real>(z.x[i]);
  t.tail_start = width[1];
  t.inverse_tail_start = static_cast<Real>(1.0L / static_cast<long double>(width[1]));
  for (std::size_t i = 0; i < layer_count; ++i) {
    const std::uint64_t k = exact_threshold(width[i], width[i + 1], magnitude_bits);
    if (i == 0) t.base_threshold = k;
    t.threshold.push_back(k >> (magnitude_bits - 17));
    t.scale.push_back(static_cast<Real>(std::ldexp(static_cast<long double>(width[i]), -magnitude_bits)));
  }
  for (std::size_t i = 0; i <= layer_count; ++i) {
    t.height.push_back(static_cast<Real>(density(static_cast<long double>(width[i]))));
  }
  return t;
}

inline std::string hex_literal(double value, bool is_float) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%a%s", value, is_float ? "f" : "");
  return buffer;
}

template <class Real>
std::string emit(const rounded_tables<Real>& t, const char* type_name, const char* integer_type,
                 const char* integer_suffix) {
  const bool is_float = sizeof(Real) == sizeof(float);
  std::string out;
  char line[160];
  out += "template <>\nstruct normal_tables<";
  out += type_name;
  out += "> {\n";
  std::snprintf(line, sizeof line, "  static constexpr int magnitude_bits = %d;\n", t.magnitude_bits);
  out += line;
  out += "  static constexpr " + std::string(type_name) + " tail_start = " +
         hex_literal(static_cast<double>(t.tail_start), is_float) + ";\n";
  out += "  static constexpr " + std::string(type_name) + " inverse_tail_start = " +
         hex_literal(static_cast<double>(t.inverse_tail_start), is_float) + ";\n";
  std::snprintf(line, sizeof line, "  static constexpr %s base_threshold = 0x%" PRIx64 "%s;\n", integer_type,
                t.base_threshold, integer_suffix);
  out += line;
  out += "  static constexpr std::uint16_t threshold[layers] = {\n";
  for (std::size_t i = 0; i < layer_count; ++i) {
    std::snprintf(line, sizeof line, "%s0x%04" PRIx64 "u,", i % 8 == 0 ? "      " : " ", t.threshold[i]);
    out += line;
    if (i % 8 == 7) out += "\n";
  }
  out += "  };\n";
  out += "  static constexpr " + std::string(type_name) + " scale[layers] = {\n";
  for (std::size_t i = 0; i < layer_count; ++i) {
    out += (i % 4 == 0 ? "      " : " ") + hex_literal(static_cast<double>(t.scale[i]), is_float) + ",";
    if (i % 4 == 3) out += "\n";
  }
  out += "  };\n";
  out += "  static constexpr " + std::string(type_name) + " height[layers + 1] = {\n";
  for (std::size_t i = 0; i <= layer_count; ++i) {
    out += (i % 4 == 0 ? "      " : " ") + hex_literal(static_cast<double>(t.height[i]), is_float) + ",";
    if (i % 4 == 3 || i == layer_count) out += "\n";
  }
  out += "  };\n};\n";
  return out;
}

/// The whole header text.
inline std::string header_text() {
  const ziggurat z = solve();
  std::string out;
  char line[400];
  out +=
      "/// \\file\n"
      "/// Tables of the ziggurat normal sampler (random/normal.hpp). GENERATED by\n"
      "/// tests/tools/make_normal_tables.cpp, checked by tests/host/test_random_normal_tables.cpp;\n"
      "/// do not edit by hand.\n"
      "///\n"
      "/// 128 layers of equal area under f(x) = exp(-x^2/2), x >= 0. Layer i has width\n"
      "/// w[i] = scale[i] * 2^B, B = magnitude_bits (w[0] = area / f(r) is the base strip that\n"
      "/// also stands for the tail, w[1] = r = tail_start, w[128] = 0). Its candidates are\n"
      "/// +-(2u + 1) * scale[i], u in [0, 2^(B-1)): the point lies inside the part of layer i\n"
      "/// wholly under f when u's top 16 bits are below threshold[i] (a conservative test: the\n"
      "/// points it misses go to the exact wedge test), and inside the base strip's rectangle\n"
      "/// [0, r) exactly when u < base_threshold.\n"
      "/// height[i] = f(w[i]) bounds layer i from below, height[i+1] from above (height[128] = 1).\n";
  std::snprintf(line, sizeof line, "/// r = %.21Lg, layer area v = %.21Lg (long double solution).\n",
                z.r, z.area);
  out += line;
  out +=
      "#ifndef LANGEVIN_RANDOM_DETAIL_NORMAL_TABLES_HPP\n"
      "#define LANGEVIN_RANDOM_DETAIL_NORMAL_TABLES_HPP\n\n"
      "#include <cstdint>\n\n"
      "#include \"../../config.hpp\"\n\n"
      "namespace langevin {\n"
      "inline namespace LANGEVIN_ABI {\n"
      "namespace detail {\n\n";
  std::snprintf(line, sizeof line,
                "/// Number of ziggurat layers (a power of two: the layer is 7 random bits).\n"
                "constexpr int normal_layer_bits = 7;\n"
                "constexpr int normal_layers = 1 << normal_layer_bits;\n"
                "static_assert(normal_layers == %d, \"generator and tables disagree\");\n\n",
                static_cast<int>(layer_count));
  out += line;
  out +=
      "template <class Real>\n"
      "struct normal_tables;\n\n"
      "// float: odd multipliers below 2^24, so (2u + 1) * scale has an exact multiplier.\n";
  std::string float_part = emit(round_tables<float>(z, 24), "float", "std::uint32_t", "u");
  std::string double_part = emit(round_tables<double>(z, 53), "double", "std::uint64_t", "u");
  const std::string layers_decl = "  static constexpr int layers = normal_layers;\n";
  const auto insert_layers = [&](std::string& part) {
    const auto brace = part.find("{\n");
    part.insert(brace + 2, layers_decl);
  };
  insert_layers(float_part);
  insert_layers(double_part);
  out += float_part;
  out += "\n// double: odd multipliers below 2^53.\n";
  out += double_part;
  out +=
      "\n}  // namespace detail\n"
      "}  // namespace LANGEVIN_ABI\n"
      "}  // namespace langevin\n\n"
      "#endif\n";
  return out;
}

/// Probability that one ziggurat round accepts in the rectangle test, computed from
/// the long double widths; printed by the generator for the documentation.
inline long double rectangle_acceptance(const ziggurat& z) {
  long double sum = 0.0L;
  for (std::size_t i = 0; i < layer_count; ++i) sum += z.x[i + 1] / z.x[i];
  return sum / static_cast<long double>(layer_count);
}

}  // namespace normal_tables_generator

#if !defined(LANGEVIN_NORMAL_TABLES_NO_MAIN)
int main(int argc, char** argv) {
  using namespace normal_tables_generator;
  if (argc > 1 && std::string(argv[1]) == "--stats") {
    const ziggurat z = solve();
    const long double half_area = std::sqrt(std::acos(-1.0L) / 2.0L);
    const long double round_acceptance = half_area / (static_cast<long double>(layer_count) * z.area);
    const long double tail_probability = tail_area(z.r) / (static_cast<long double>(layer_count) * z.area);
    std::printf("r = %.21Lg\nv = %.21Lg\ntop excess = %Lg\n", z.r, z.area, z.top_excess);
    std::printf("P(rectangle accept per round) = %.12Lf\n", rectangle_acceptance(z));
    std::printf("P(accept per round incl. wedge and tail) = %.12Lf\n", round_acceptance);
    std::printf("P(round enters the tail) = %.6Le\n", tail_probability);
    // Marsaglia's tail method: a ~ Exp(rate r), accepted with probability exp(-a^2/2).
    const long double tail_acceptance = z.r * std::exp(z.r * z.r / 2.0L) * tail_area(z.r);
    std::printf("P(tail iteration accepts) = %.12Lf\n", tail_acceptance);
    // Generator words per sample (Wald): rounds per sample times words per round; a round
    // is one word, plus one uniform in a wedge, plus 2 uniforms per tail iteration.
    const long double wedge_probability = 1.0L - rectangle_acceptance(z) - tail_probability;
    const long double words_per_round = 1.0L + wedge_probability + tail_probability * 2.0L / tail_acceptance;
    std::printf("P(round does a wedge test) = %.12Lf\n", wedge_probability);
    std::printf("mean rounds per sample = %.9Lf\n", 1.0L / round_acceptance);
    std::printf("mean 32-bit words per sample: float %.6Lf, double %.6Lf\n", words_per_round / round_acceptance,
                2.0L * words_per_round / round_acceptance);
    // Rounds as normal_bounded counts them: a layer round ends in a sample, a wedge
    // rejection (next layer round) or a tail iteration; every further tail iteration is
    // one more round. Probability that k rounds are not enough:
    long double in_layer = 1.0L;  // probability of starting the next round with a layer draw
    long double in_tail = 0.0L;   // ... with a repeated tail iteration
    for (int k = 1; k <= 12; ++k) {
      const long double next_layer = in_layer * (1.0L - round_acceptance);
      const long double next_tail =
          in_layer * tail_probability * (1.0L - tail_acceptance) + in_tail * (1.0L - tail_acceptance);
      in_layer = next_layer;
      in_tail = next_tail;
      std::printf("P(more than %2d rounds) = %.3Le\n", k, in_layer + in_tail);
    }
    return 0;
  }
  std::fputs(header_text().c_str(), stdout);
  return 0;
}
#endif
