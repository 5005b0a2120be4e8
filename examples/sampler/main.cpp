// Langevin dynamics as a sampler: particles in the double well U(x) = (x^2 - 1)^2 run
// Leimkuhler-Matthews steps at three temperatures, and their position histograms are
// compared with the Boltzmann law exp(-U/T) / Z (sampler.svg, sampler.csv). The program
// exits non-zero if a histogram fails Pearson's chi-square test against the law.
#include <array>
#include <cstdint>

#include <langevin/dynamics/overdamped.hpp>
#include <langevin/math.hpp>
#include <langevin/random/pcg32.hpp>

#include "port.hpp"
#include "print.hpp"
#include "svg_plot.hpp"

namespace {

constexpr std::size_t particles = 128;
constexpr int bins = 24;
constexpr float lo = -2.0f, hi = 2.0f, bin_width = (hi - lo) / bins;
constexpr float time_step = 0.02f;
constexpr int burn_in_steps = 1000, samples_per_particle = 12, steps_between_samples = 250;
// Pearson's chi-square over `bins` bins has bins - 1 = 23 degrees of freedom; its 0.1%
// critical value is 49.73. Samples of one particle are 5 time units apart, far longer
// than the relaxation time inside a well (1 / U''(1) = 1/8); half the particles start in
// each well, which is the symmetric law's split, so the samples behave as independent.
constexpr float chi_square_critical = 49.73f;

struct double_well {
  float operator()(const std::array<float, particles>& x, std::array<float, particles>& g) const {
    float e = 0.0f;
    for (std::size_t i = 0; i < particles; ++i) {
      const float s = x[i] * x[i] - 1.0f;
      g[i] = 4.0f * x[i] * s;
      e += s * s;
    }
    return e;
  }
};

float energy(float x) { return (x * x - 1.0f) * (x * x - 1.0f); }

// Probability of each bin under exp(-U/T)/Z, by Simpson's rule on a fine grid; returns Z.
float boltzmann_bins(float temperature, float (&probability)[bins]) {
  constexpr int sub = 64;
  float z = 0.0f;
  for (int b = 0; b < bins; ++b) {
    const float left = lo + bin_width * static_cast<float>(b);
    const float h = bin_width / sub;
    float s = 0.0f;
    for (int k = 0; k <= sub; ++k) {
      const float w = (k == 0 || k == sub) ? 1.0f : (k % 2 == 1 ? 4.0f : 2.0f);
      s += w * langevin::math::exp(-energy(left + h * static_cast<float>(k)) / temperature);
    }
    probability[b] = s * h / 3.0f;
    z += probability[b];
  }
  for (float& p : probability) p /= z;  // the mass outside [-2, 2]: 4.9e-6 at T = 1, 4e-10 at 0.5
  return z;
}

}  // namespace

int main() {
  const float temperatures[3] = {0.25f, 0.5f, 1.0f};
  const char* colors[3] = {"#1f5fbf", "#e07b00", "#2a9d3a"};
  static float counts[3][bins];
  static float expected[3][bins];
  float partition[3] = {};
  bool all_ok = true;
  langevin::pcg32 rng{2026u, 7u};
  for (int t = 0; t < 3; ++t) {
    static langevin::leimkuhler_matthews<float, particles> sampler;
    std::array<float, particles> start{};
    for (std::size_t i = 0; i < particles; ++i) start[i] = i % 2 == 0 ? -1.0f : 1.0f;
    if (sampler.init({time_step}) != langevin::status::ok || sampler.place(start) != langevin::status::ok) {
      return 2;
    }
    for (int n = 0; n < burn_in_steps; ++n) {
      if (sampler.step(double_well{}, temperatures[t], rng).status != langevin::status::ok) return 2;
    }
    float total = 0.0f;
    for (int sample = 0; sample < samples_per_particle; ++sample) {
      for (int n = 0; n < steps_between_samples; ++n) {
        if (sampler.step(double_well{}, temperatures[t], rng).status != langevin::status::ok) return 2;
      }
      for (const float x : sampler.current()) {
        if (x >= lo && x < hi) counts[t][static_cast<int>((x - lo) / bin_width)] += 1.0f;
        total += 1.0f;
      }
    }
    partition[t] = boltzmann_bins(temperatures[t], expected[t]);
    float chi_square = 0.0f;
    for (int b = 0; b < bins; ++b) {
      const float e = expected[t][b] * total;
      chi_square += (counts[t][b] - e) * (counts[t][b] - e) / e;
      counts[t][b] /= total * bin_width;  // now a density
      expected[t][b] /= bin_width;
    }
    const bool ok = chi_square < chi_square_critical;
    all_ok = all_ok && ok;
    langevin_port::text<200> line;
    line << "T = ";
    line.fixed(temperatures[t], 2) << ": chi-square ";
    line.fixed(chi_square, 2) << " over " << bins << " bins (critical value at 0.1%: ";
    line.fixed(chi_square_critical, 2) << ") " << (ok ? "ok" : "FAILED") << '\n';
    langevin_port::write(line);
  }

  {
    example::svg_plot plot("sampler.svg", "Double well: Langevin histograms vs exp(-U/T)/Z", "x", "density",
                           {static_cast<double>(lo), static_cast<double>(hi)}, {0.0, 1.2});
    for (int t = 0; t < 3; ++t) {
      plot.begin_polyline(colors[t], 1.2);  // the histogram, as steps
      for (int b = 0; b < bins; ++b) {
        const float left = lo + bin_width * static_cast<float>(b);
        plot.vertex(left, counts[t][b]);
        plot.vertex(left + bin_width, counts[t][b]);
      }
      plot.end_polyline();
      plot.begin_polyline(colors[t], 2.5);  // the Boltzmann density
      for (int k = 0; k <= 200; ++k) {
        const float x = lo + (hi - lo) * static_cast<float>(k) / 200.0f;
        plot.vertex(x, langevin::math::exp(-energy(x) / temperatures[t]) / partition[t]);
      }
      plot.end_polyline();
    }
    plot.legend("T = 0.25", colors[0]);
    plot.legend("T = 0.5", colors[1]);
    plot.legend("T = 1", colors[2]);
    plot.close();
  }
  langevin_port::write(all_ok ? "sampler: ok\n" : "sampler: FAILED\n");
  return all_ok ? 0 : 1;
}
