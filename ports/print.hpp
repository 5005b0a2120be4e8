// Small allocation-free text formatting on top of the port console: integers, hex bit
// patterns and fixed/scientific reals. For examples and target tests, not the library.
#ifndef LANGEVIN_PORT_PRINT_HPP
#define LANGEVIN_PORT_PRINT_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "port.hpp"

namespace langevin_port {

/// Fixed-capacity text buffer; appends are truncated silently once `Capacity - 1` bytes
/// are used. Always NUL-terminated.
template <std::size_t Capacity>
class text {
 public:
  static_assert(Capacity >= 2, "text needs room for one character and the terminator");

  text& operator<<(const char* s) noexcept {
    while (*s != '\0') put(*s++);
    return *this;
  }
  text& operator<<(char c) noexcept {
    put(c);
    return *this;
  }
  text& operator<<(std::uint64_t v) noexcept { return unsigned_decimal(v); }
  text& operator<<(std::uint32_t v) noexcept { return unsigned_decimal(v); }
  text& operator<<(std::int64_t v) noexcept {
    if (v < 0) {
      put('-');
      return unsigned_decimal(0u - static_cast<std::uint64_t>(v));
    }
    return unsigned_decimal(static_cast<std::uint64_t>(v));
  }
  text& operator<<(int v) noexcept { return *this << static_cast<std::int64_t>(v); }

  /// Appends `v` as 0x-prefixed hexadecimal with exactly `digits` digits.
  text& hex(std::uint64_t v, int digits = 16) noexcept {
    put('0');
    put('x');
    for (int i = digits - 1; i >= 0; --i) put("0123456789abcdef"[(v >> (4 * i)) & 0xFu]);
    return *this;
  }

  /// Appends `v` in fixed notation with `decimals` digits after the point (|v| < 1e18).
  text& fixed(double v, int decimals = 6) noexcept {
    if (v != v) return *this << "nan";
    if (v < 0) {
      put('-');
      v = -v;
    }
    if (v >= 1e18) return *this << "inf";
    double scale = 1.0;
    for (int i = 0; i < decimals; ++i) scale *= 10.0;
    const auto whole = static_cast<std::uint64_t>(v);
    auto frac = static_cast<std::uint64_t>((v - static_cast<double>(whole)) * scale + 0.5);
    auto whole_part = whole;
    if (static_cast<double>(frac) >= scale) {
      ++whole_part;
      frac = 0;
    }
    unsigned_decimal(whole_part);
    if (decimals > 0) {
      put('.');
      char digits[24];
      for (int i = decimals - 1; i >= 0; --i) {
        digits[i] = static_cast<char>('0' + frac % 10u);
        frac /= 10u;
      }
      for (int i = 0; i < decimals; ++i) put(digits[i]);
    }
    return *this;
  }

  /// Float overloads: the value is widened exactly to double.
  text& fixed(float v, int decimals = 6) noexcept { return fixed(static_cast<double>(v), decimals); }
  text& scientific(float v, int decimals = 6) noexcept { return scientific(static_cast<double>(v), decimals); }

  /// Appends `v` as d.ddddde[+-]xx with `decimals` digits after the point.
  text& scientific(double v, int decimals = 6) noexcept {
    if (v != v) return *this << "nan";
    if (v < 0) {
      put('-');
      v = -v;
    }
    if (v > 1.7976931348623157e308) return *this << "inf";
    int exponent = 0;
    if (v != 0.0) {
      while (v >= 10.0) {
        v /= 10.0;
        ++exponent;
      }
      while (v < 1.0) {
        v *= 10.0;
        --exponent;
      }
    }
    // A mantissa that rounds up to 10 (9.99... at this many decimals) is 1 at the next power.
    double scale = 1.0;
    for (int i = 0; i < decimals; ++i) scale *= 10.0;
    if (v >= 9.0 && (v - 9.0) * scale + 0.5 >= scale) {
      v = 1.0;
      ++exponent;
    }
    fixed(v, decimals);
    put('e');
    put(exponent < 0 ? '-' : '+');
    const int e = exponent < 0 ? -exponent : exponent;
    if (e < 10) put('0');
    return unsigned_decimal(static_cast<std::uint64_t>(e));
  }

  const char* c_str() const noexcept { return buffer_; }
  std::size_t size() const noexcept { return size_; }
  void clear() noexcept {
    size_ = 0;
    buffer_[0] = '\0';
  }

 private:
  void put(char c) noexcept {
    if (size_ + 1 < Capacity) {
      buffer_[size_++] = c;
      buffer_[size_] = '\0';
    }
  }
  text& unsigned_decimal(std::uint64_t v) noexcept {
    char digits[20];
    int n = 0;
    do {
      digits[n++] = static_cast<char>('0' + v % 10u);
      v /= 10u;
    } while (v != 0);
    while (n > 0) put(digits[--n]);
    return *this;
  }

  char buffer_[Capacity] = {};
  std::size_t size_ = 0;
};

/// Writes the text to the console.
template <std::size_t Capacity>
inline void write(const text<Capacity>& t) noexcept {
  write(t.c_str(), t.size());
}

/// Bit pattern of a float or double as an unsigned integer (for golden hex output).
inline std::uint32_t bits(float v) noexcept {
  std::uint32_t u;
  std::memcpy(&u, &v, sizeof u);
  return u;
}
inline std::uint64_t bits(double v) noexcept {
  std::uint64_t u;
  std::memcpy(&u, &v, sizeof u);
  return u;
}

}  // namespace langevin_port

#endif
