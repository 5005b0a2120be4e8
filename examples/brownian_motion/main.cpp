// Brownian motion, the Langevin equation with no potential: a 2-D path of 5000 Gaussian
// steps (seed 42) built as cumulative sums of the jumps, linearly interpolated to 10
// points per step and drawn as a blue path with small markers (brownian_motion.svg,
// brownian_motion.csv). Then the mean squared displacement of many such paths is
// compared with Einstein's 2 d D t; the program exits non-zero if they disagree.
#include <array>
#include <cstdint>

#include <langevin/dynamics/brownian.hpp>
#include <langevin/random/pcg32.hpp>

#include "port.hpp"
#include "print.hpp"
#include "svg_plot.hpp"

namespace {

constexpr std::size_t steps = 5000;
constexpr std::size_t points_per_step = 10;
// Unit-variance jumps: sqrt(2 D dt) = 1 with D = 0.5 and dt = 1.
constexpr float diffusion = 0.5f;
constexpr float time_step = 1.0f;

#if LANGEVIN_EXAMPLE_PICTURES
std::array<std::array<float, 2>, steps + 1> path;

void write_picture() {
  static float xs[steps + 1];
  static float ys[steps + 1];
  for (std::size_t k = 0; k <= steps; ++k) {
    xs[k] = path[k][0];
    ys[k] = path[k][1];
  }
  example::svg_plot plot("brownian_motion.svg", "Brownian Motion", "x", "y", example::padded_extent(xs, steps + 1),
                         example::padded_extent(ys, steps + 1));
  plot.begin_polyline("#1f5fbf", 0.6);
  for (std::size_t k = 0; k < steps; ++k) {
    for (std::size_t j = 0; j < points_per_step; ++j) {
      const float f = static_cast<float>(j) / static_cast<float>(points_per_step);
      plot.vertex(xs[k] + f * (xs[k + 1] - xs[k]), ys[k] + f * (ys[k + 1] - ys[k]));
    }
  }
  plot.vertex(xs[steps], ys[steps]);
  plot.end_polyline();
  plot.markers(xs, ys, steps + 1, "#1f5fbf", 0.9);
  const bool svg_ok = plot.close();

  const langevin_port::file_handle csv = langevin_port::file_open("brownian_motion.csv");
  bool csv_ok = langevin_port::file_write(csv, "step,x,y\n", 9);
  for (std::size_t k = 0; k <= steps; ++k) {
    langevin_port::text<64> row;
    row << static_cast<std::uint64_t>(k) << ',';
    row.fixed(xs[k], 5) << ',';
    row.fixed(ys[k], 5) << '\n';
    csv_ok = langevin_port::file_write(csv, row.c_str(), row.size()) && csv_ok;
  }
  csv_ok = langevin_port::file_close(csv) && csv_ok;
  langevin_port::write(svg_ok && csv_ok ? "wrote brownian_motion.svg and brownian_motion.csv\n"
                                        : "could not write the picture files (continuing)\n");
}
#endif

}  // namespace

int main() {
  langevin::pcg32 rng{42u, 54u};
#if LANGEVIN_EXAMPLE_PICTURES
  if (langevin::brownian_path(langevin::span<std::array<float, 2>>(path), diffusion, time_step, rng) !=
      langevin::status::ok) {
    return 2;
  }
  langevin_port::text<160> t;
  t << "Brownian path: " << static_cast<std::uint64_t>(steps) << " steps, end point (";
  t.fixed(path[steps][0], 3) << ", ";
  t.fixed(path[steps][1], 3) << ")\n";
  langevin_port::write(t);
  write_picture();
#else
  // No room for the picture's 5000-point path: walk it one step at a time instead (the
  // same operations, so the same end point and the same random stream afterwards).
  std::array<float, 2> end{0.0f, 0.0f};
  for (std::size_t k = 0; k < steps; ++k) {
    if (langevin::brownian_step(end, diffusion, time_step, rng) != langevin::status::ok) return 2;
  }
  langevin_port::text<160> t;
  t << "Brownian path: " << static_cast<std::uint64_t>(steps) << " steps, end point (";
  t.fixed(end[0], 3) << ", ";
  t.fixed(end[1], 3) << ")\n";
  langevin_port::write(t);
#endif

  // Einstein: MSD(t) = 2 d D t. For M endpoints, |x|^2 / (2 D t) ~ chi-square(2), whose
  // mean has relative standard error 1 / sqrt(M); accept 4 standard errors.
  constexpr std::size_t paths = 2000, path_steps = 1000;
  static std::array<std::array<float, 2>, path_steps + 1> walk;
  double sum = 0.0;
  for (std::size_t p = 0; p < paths; ++p) {
    if (langevin::brownian_path(langevin::span<std::array<float, 2>>(walk), diffusion, time_step, rng) !=
        langevin::status::ok) {
      return 2;
    }
    const auto x = static_cast<double>(walk[path_steps][0]), y = static_cast<double>(walk[path_steps][1]);
    sum += x * x + y * y;
  }
  const double msd = sum / paths;
  const double einstein = langevin::einstein_mean_squared_displacement(2u, 0.5, 1.0 * path_steps);
  const double relative_error = (msd - einstein) / einstein;
  const double bound = 4.0 / 44.72135955;  // 4 / sqrt(2000)
  langevin_port::text<256> r;
  r << "MSD after " << static_cast<std::uint64_t>(path_steps) << " steps over " << static_cast<std::uint64_t>(paths)
    << " paths: ";
  r.fixed(msd, 1) << ", Einstein 2 d D t = ";
  r.fixed(einstein, 1) << " (relative error ";
  r.fixed(100.0 * relative_error, 2) << "%, bound ";
  r.fixed(100.0 * bound, 2) << "%)\n";
  langevin_port::write(r);
  const bool ok = relative_error < bound && relative_error > -bound;
  langevin_port::write(ok ? "brownian_motion: ok\n" : "brownian_motion: FAILED Einstein check\n");
  return ok ? 0 : 1;
}
