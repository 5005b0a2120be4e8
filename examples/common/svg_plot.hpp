// A small SVG line-plot writer for the examples: axes with ticks, a title, axis labels,
// polylines, markers and a legend, streamed through the port's file functions (on
// Cortex-M the file lands on the host through semihosting). No heap, no plotting
// dependency. Coordinates are data units; the writer maps them onto a 720 x 480 canvas.
#ifndef LANGEVIN_EXAMPLES_SVG_PLOT_HPP
#define LANGEVIN_EXAMPLES_SVG_PLOT_HPP

// The examples draw their pictures unless the build turns them off (examples/CMakeLists.txt
// does on the 16 KiB Cortex-M0); a build without CMake (the PlatformIO package) draws them.
#ifndef LANGEVIN_EXAMPLE_PICTURES
#define LANGEVIN_EXAMPLE_PICTURES 1
#endif

#include <cstddef>
#include <cstdint>

#include "port.hpp"
#include "print.hpp"

namespace example {

/// Data range of a plot axis.
struct range {
  double low;
  double high;
};

/// A colour ramp for heat maps: t in [0, 1] from pale yellow (low) to deep blue (high).
inline std::uint32_t ramp(double t) {
  t = t < 0 ? 0 : (t > 1 ? 1 : t);
  const auto channel = [t](double low, double high) { return static_cast<std::uint32_t>(low + (high - low) * t + 0.5); };
  return (channel(255, 40) << 16) | (channel(247, 60) << 8) | channel(200, 140);
}

/// Smallest range holding values[0..count), padded by 5% on each side.
inline range padded_extent(const float* values, std::size_t count, std::size_t stride = 1) {
  double low = static_cast<double>(values[0]), high = low;
  for (std::size_t i = 0; i < count; i += stride) {
    const auto v = static_cast<double>(values[i]);
    low = v < low ? v : low;
    high = v > high ? v : high;
  }
  const double pad = high > low ? 0.05 * (high - low) : 1.0;
  return {low - pad, high + pad};
}

class svg_plot {
 public:
  static constexpr double width = 720, height = 480, left = 80, right = 30, top = 50, bottom = 60;

  svg_plot(const char* path, const char* title, const char* x_label, const char* y_label, range x, range y)
      : file_(langevin_port::file_open(path)), x_(x), y_(y) {
    langevin_port::text<1024> t;
    t << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" height=\"480\" viewBox=\"0 0 720 480\" "
         "font-family=\"sans-serif\" font-size=\"13\">\n<rect width=\"720\" height=\"480\" fill=\"white\"/>\n";
    t << "<text x=\"360\" y=\"30\" text-anchor=\"middle\" font-size=\"18\">" << title << "</text>\n";
    t << "<text x=\"";
    t.fixed(left + (width - left - right) / 2, 1) << "\" y=\"465\" text-anchor=\"middle\">" << x_label << "</text>\n";
    t << "<text x=\"20\" y=\"";
    t.fixed(top + (height - top - bottom) / 2, 1) << "\" text-anchor=\"middle\" transform=\"rotate(-90 20 ";
    t.fixed(top + (height - top - bottom) / 2, 1) << ")\">" << y_label << "</text>\n";
    t << "<rect x=\"80\" y=\"50\" width=\"610\" height=\"370\" fill=\"none\" stroke=\"black\"/>\n"
         "<clipPath id=\"plot-area\"><rect x=\"80\" y=\"50\" width=\"610\" height=\"370\"/></clipPath>\n";
    emit(t);
    const double x_step = tick_step(x_.high - x_.low), y_step = tick_step(y_.high - y_.low);
    for (double xv = first_tick(x_.low, x_step); xv <= x_.high; xv += x_step) {
      langevin_port::text<256> tick;
      tick << "<line x1=\"";
      tick.fixed(px(xv), 1) << "\" y1=\"420\" x2=\"";
      tick.fixed(px(xv), 1) << "\" y2=\"426\" stroke=\"black\"/><text x=\"";
      tick.fixed(px(xv), 1) << "\" y=\"441\" text-anchor=\"middle\">";
      number(tick, xv, x_step) << "</text>\n";
      emit(tick);
    }
    for (double yv = first_tick(y_.low, y_step); yv <= y_.high; yv += y_step) {
      langevin_port::text<256> tick;
      tick << "<line x1=\"74\" y1=\"";
      tick.fixed(py(yv), 1) << "\" x2=\"80\" y2=\"";
      tick.fixed(py(yv), 1) << "\" stroke=\"black\"/><text x=\"70\" y=\"";
      tick.fixed(py(yv) + 4, 1) << "\" text-anchor=\"end\">";
      number(tick, yv, y_step) << "</text>\n";
      emit(tick);
    }
  }
  svg_plot(const svg_plot&) = delete;
  svg_plot& operator=(const svg_plot&) = delete;
  ~svg_plot() { close(); }

  /// Starts a polyline; add its vertices with vertex() and finish with end_polyline().
  /// Streaming keeps memory constant however long the line is.
  void begin_polyline(const char* color, double line_width = 1.0) {
    langevin_port::text<160> t;
    t << "<polyline clip-path=\"url(#plot-area)\" fill=\"none\" stroke=\"" << color << "\" stroke-width=\"";
    t.fixed(line_width, 2) << "\" stroke-linejoin=\"round\" points=\"";
    emit(t);
  }
  void vertex(double x, double y) { point(x, y, ' '); }
  void vertex(float x, float y) { point(static_cast<double>(x), static_cast<double>(y), ' '); }
  void end_polyline() {
    langevin_port::text<16> end;
    end << "\"/>\n";
    emit(end);
  }

  /// Draws the points (xs[i*stride], ys[i*stride]) joined by straight lines.
  void polyline(const float* xs, const float* ys, std::size_t count, const char* color, double line_width = 1.0,
                std::size_t stride = 1) {
    begin_polyline(color, line_width);
    for (std::size_t i = 0; i < count; i += stride) vertex(xs[i], ys[i]);  // float overload
    end_polyline();
  }

  /// Draws a circle of `radius` pixels at each point.
  void markers(const float* xs, const float* ys, std::size_t count, const char* color, double radius = 2.0,
               std::size_t stride = 1) {
    for (std::size_t i = 0; i < count; i += stride) {
      langevin_port::text<160> t;
      t << "<circle clip-path=\"url(#plot-area)\" cx=\"";
      t.fixed(px(static_cast<double>(xs[i])), 1) << "\" cy=\"";
      t.fixed(py(static_cast<double>(ys[i])), 1) << "\" r=\"";
      t.fixed(radius, 1) << "\" fill=\"" << color << "\"/>\n";
      emit(t);
    }
  }

  /// Fills the data rectangle [x0, x1] x [y0, y1] with an RGB colour (0xRRGGBB): the cells
  /// of a heat map. Draw cells before lines so the lines stay on top.
  void cell(float x0, float y0, float x1, float y1, std::uint32_t rgb) {
    cell(static_cast<double>(x0), static_cast<double>(y0), static_cast<double>(x1), static_cast<double>(y1), rgb);
  }
  void cell(double x0, double y0, double x1, double y1, std::uint32_t rgb) {
    langevin_port::text<200> t;
    t << "<rect x=\"";
    t.fixed(px(x0), 1) << "\" y=\"";
    t.fixed(py(y1), 1) << "\" width=\"";
    t.fixed(px(x1) - px(x0) + 0.5, 1) << "\" height=\"";
    t.fixed(py(y0) - py(y1) + 0.5, 1) << "\" fill=\"#";
    for (int shift = 20; shift >= 0; shift -= 4) t << "0123456789abcdef"[(rgb >> shift) & 0xFu];
    t << "\"/>\n";
    emit(t);
  }

  /// Adds a legend entry (stacked in the top-right corner).
  void legend(const char* label, const char* color) {
    const double y = top + 18 + 18 * legend_entries_++;
    langevin_port::text<400> t;
    t << "<rect x=\"515\" y=\"";
    t.fixed(y - 14, 1) << "\" width=\"172\" height=\"18\" fill=\"white\" fill-opacity=\"0.8\"/>";
    t << "<line x1=\"520\" y1=\"";
    t.fixed(y - 4, 1) << "\" x2=\"545\" y2=\"";
    t.fixed(y - 4, 1) << "\" stroke=\"" << color << "\" stroke-width=\"3\"/><text x=\"550\" y=\"";
    t.fixed(y, 1) << "\">" << label << "</text>\n";
    emit(t);
  }

  /// Finishes the document; returns false if any write failed.
  bool close() {
    if (closed_) return ok_;
    closed_ = true;
    langevin_port::text<16> t;
    t << "</svg>\n";
    emit(t);
    ok_ = langevin_port::file_close(file_) && ok_;
    return ok_;
  }

 private:
  double px(double x) const { return left + (x - x_.low) / (x_.high - x_.low) * (width - left - right); }
  double py(double y) const { return height - bottom - (y - y_.low) / (y_.high - y_.low) * (height - top - bottom); }

  // A "nice" tick spacing (1, 2 or 5 times a power of ten) giving 4 to 10 ticks.
  static double tick_step(double span) {
    double magnitude = 1.0;
    while (magnitude * 10.0 <= span) magnitude *= 10.0;
    while (magnitude > span) magnitude /= 10.0;
    const double raw = span / 7.0;
    for (const double factor : {0.1, 0.2, 0.5, 1.0, 2.0, 5.0}) {
      if (magnitude * factor >= raw) return magnitude * factor;
    }
    return magnitude * 10.0;
  }
  static double first_tick(double low, double step) {
    const double k = low / step;
    auto whole = static_cast<long long>(k);
    if (static_cast<double>(whole) < k) ++whole;
    return static_cast<double>(whole) * step;
  }
  template <std::size_t C>
  static langevin_port::text<C>& number(langevin_port::text<C>& t, double v, double step) {
    const double magnitude = v < 0 ? -v : v;
    if (magnitude < step * 1e-6) return t << "0";
    if (magnitude < 0.001 || magnitude >= 1e6) return t.scientific(v, 1);
    int decimals = 0;
    for (double s = step; s < 0.999 && decimals < 6; s *= 10.0) ++decimals;
    return t.fixed(v, decimals);
  }

  void point(double x, double y, char separator) {
    langevin_port::text<48> t;
    t.fixed(px(x), 1) << ',';
    t.fixed(py(y), 1) << separator;
    emit(t);
  }

  template <std::size_t C>
  void emit(const langevin_port::text<C>& t) {
    ok_ = langevin_port::file_write(file_, t.c_str(), t.size()) && ok_;
  }

  langevin_port::file_handle file_;
  range x_;
  range y_;
  int legend_entries_ = 0;
  bool ok_ = true;
  bool closed_ = false;
};

}  // namespace example

#endif
