// SGD's own temperature, measured and held, and replica exchange (issue 15).
//
// 1. The gradient-noise meter of annealing_sgd reads the temperature that mini-batch noise
//    gives SGD, T_sgd = lr N^2 sigma^2 / (2 B) (sum convention, batches drawn with
//    replacement; sigma^2 the spread of the per-sample gradients), on a grid of learning
//    rates and batch sizes: T_sgd against lr / B with the theory line (sgd_temperature.svg),
//    and the exponents of a fit T ~ lr^a B^b.
// 2. SGLD on a conjugate Gaussian model at T = 1: the posterior width from plain SGLD (its
//    own noise adds T_sgd to the injected T) and from temperature-held SGLD (injects only
//    T - T_sgd) against the batch size B (sgd_temperature_width.svg).
// 3. Replica exchange on the double well U = (x^2 - 1)^2 at T = 0.1: the coldest replica's
//    histogram against exp(-U/T) / Z, next to a single Langevin chain's with the same number
//    of steps, which stays in the well it started in (sgd_temperature_exchange.svg).
// Data for all three go to sgd_temperature.csv, one row per point: part,x,a,b,c with
//   temperature: lr / B, meter's T_sgd, theory, relative standard error;
//   exponents: 0, fitted exponent of lr, of B, 0;
//   width: B, plain SGLD's width / exact, held SGLD's, plain's theory sqrt(1 + T_sgd / T);
//   swap_acceptance: pair k, acceptance, T_k, T_k+1;
//   round_trips: rounds, round trips, chi-square of replica exchange, of the single chain;
//   histogram: bin centre, replica exchange count, expected count, single chain count.
// The program exits non-zero unless: the
// meter is within 5 standard errors of the theory at every grid point and the fitted
// exponents are 1 and -1 within 0.1; held SGLD's width is within 4 standard errors of the
// exact one at every B while plain SGLD's is wider by more than that at B = 1; the
// coldest replica passes Pearson's chi-square test at 0.1% while the single chain fails it
// and all of its samples (every 400th step after 2000) lie in one well.
#include <array>
#include <cstdint>

#include <langevin/dynamics/overdamped.hpp>
#include <langevin/dynamics/replica_exchange.hpp>
#include <langevin/math.hpp>
#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/random/normal.hpp>
#include <langevin/random/pcg32.hpp>

#include "port.hpp"
#include "print.hpp"
#include "svg_plot.hpp"

namespace {

struct observation {
  float y;
};

// Per-sample potential of y_i ~ N(theta, 1) with the prior theta ~ N(0, 4) shared out over
// the N samples: the sum over the data set is the posterior potential U.
template <std::size_t N>
struct gaussian_model {
  float operator()(const std::array<float, 1>& w, const observation& s, std::array<float, 1>& g) const {
    const float r = w[0] - s.y;
    const float prior = 1.0f / (4.0f * static_cast<float>(N));
    g[0] = r + prior * w[0];
    return 0.5f * r * r + 0.5f * prior * w[0] * w[0];
  }
};

template <std::size_t N>
struct data_set {
  std::array<observation, N> samples{};
  double spread = 0;     // population variance of the y_i: the per-sample gradient spread
  double kurtosis = 0;   // its excess kurtosis
  double precision = 0;  // U'' = N + 1/4
  double mean = 0;       // posterior mean
};

template <std::size_t N>
data_set<N> make_data(std::uint64_t seed) {
  data_set<N> d;
  langevin::pcg32 rng{seed, 1u};
  double sum = 0;
  for (auto& s : d.samples) {
    s.y = 1.0f + langevin::normal<float>(rng);
    sum += static_cast<double>(s.y);
  }
  const double n = static_cast<double>(N);
  const double y_bar = sum / n;
  double m2 = 0, m4 = 0;
  for (const auto& s : d.samples) {
    const double e = static_cast<double>(s.y) - y_bar;
    m2 += e * e / n;
    m4 += e * e * e * e / n;
  }
  d.spread = m2;
  d.kurtosis = m4 / (m2 * m2) - 3.0;
  d.precision = n + 0.25;
  d.mean = sum / d.precision;
  return d;
}

double square_root(double x) { return static_cast<double>(langevin::math::sqrt(x)); }
double logarithm(double x) { return langevin::math::log(x); }

langevin_port::file_handle csv;

void csv_row(const char* part, double x, double measured, double theory, double extra) {
  langevin_port::text<200> row;
  row << part << ',';
  row.scientific(x, 6) << ',';
  row.scientific(measured, 6) << ',';
  row.scientific(theory, 6) << ',';
  row.scientific(extra, 6) << '\n';
  langevin_port::file_write(csv, row.c_str(), row.size());
}

// --- 1. T_sgd against lr / B ------------------------------------------------------------

constexpr std::size_t meter_samples = 64;
constexpr int rate_count = 3;
constexpr int size_count = 5;

bool meter_grid() {
  const auto d = make_data<meter_samples>(11u);
  const double n = static_cast<double>(meter_samples);
  const float rates[rate_count] = {1e-4f, 2e-4f, 4e-4f};
  const std::size_t sizes[size_count] = {2u, 4u, 8u, 16u, 32u};
  static float x_axis[rate_count * size_count];
  static float measured[rate_count * size_count];
  double log_lr[rate_count * size_count], log_b[rate_count * size_count], log_t[rate_count * size_count];
  bool ok = true;
  int point = 0;
  langevin_port::write("1. SGD's temperature: meter vs theory T = lr N^2 sigma^2 / (2 B)\n");
  for (int i = 0; i < rate_count; ++i) {
    for (int j = 0; j < size_count; ++j, ++point) {
      const std::size_t b = sizes[j];
      langevin::annealing_sgd<float, 1> sgd;
      langevin::annealing_sgd_options<float> o;
      o.batch_size = b;
      o.objective = langevin::objective_scale::sum;
      o.learning_rate = langevin::schedule<float>::constant(rates[i]);
      o.noise_meter = true;
      o.noise_meter_window = 0xFFFFFFFFu;  // the plain mean of every reading
      o.seed = static_cast<std::uint64_t>(100 + point);
      // 12800 sample gradients per point: 6400 readings at B = 2, 400 at B = 32.
      const std::uint64_t steps = 12800u / b;
      if (sgd.init(meter_samples, o) != langevin::status::ok ||
          sgd.place({static_cast<float>(d.mean)}) != langevin::status::ok ||
          sgd.run(gaussian_model<meter_samples>{}, d.samples, steps).status != langevin::status::ok) {
        return false;
      }
      const double t = static_cast<double>(sgd.average_sgd_temperature());
      const double theory = static_cast<double>(rates[i]) * n * n * d.spread / (2.0 * static_cast<double>(b));
      // Relative standard error of the mean of `steps` independent readings (annealing_sgd.hpp).
      const double error =
          square_root((2.0 / static_cast<double>(b - 1u) + d.kurtosis / static_cast<double>(b)) / static_cast<double>(steps));
      const bool close = (t / theory - 1.0) * (t / theory - 1.0) < 25.0 * error * error;
      ok = ok && close;
      x_axis[point] = rates[i] / static_cast<float>(b);
      measured[point] = static_cast<float>(t);
      log_lr[point] = logarithm(static_cast<double>(rates[i]));
      log_b[point] = logarithm(static_cast<double>(b));
      log_t[point] = logarithm(t);
      csv_row("temperature", static_cast<double>(x_axis[point]), t, theory, error);
      langevin_port::text<160> line;
      line << "   lr ";
      line.fixed(static_cast<double>(rates[i]), 4) << "  B " << static_cast<int>(b) << (b < 10 ? " " : "")
                                                         << "  T_sgd ";
      line.fixed(t, 5) << "  theory ";
      line.fixed(theory, 5) << "  (" << (close ? "ok" : "FAILED") << ")\n";
      langevin_port::write(line);
    }
  }
  // Least squares on the balanced grid: the centred regressors are orthogonal.
  const auto slope = [&](const double* x) {
    double x_bar = 0, sxx = 0, sxy = 0;
    for (int k = 0; k < point; ++k) x_bar += x[k] / point;
    for (int k = 0; k < point; ++k) {
      sxx += (x[k] - x_bar) * (x[k] - x_bar);
      sxy += (x[k] - x_bar) * log_t[k];
    }
    return sxy / sxx;
  };
  const double alpha = slope(log_lr);
  const double beta = slope(log_b);
  const bool exponents = (alpha - 1.0) * (alpha - 1.0) < 0.01 && (beta + 1.0) * (beta + 1.0) < 0.01;
  ok = ok && exponents;
  langevin_port::text<160> fit;
  fit << "   fit T ~ lr^a B^b: a = ";
  fit.fixed(alpha, 3) << ", b = ";
  fit.fixed(beta, 3) << " (" << (exponents ? "ok" : "FAILED") << ")\n";
  langevin_port::write(fit);
  csv_row("exponents", 0.0, alpha, beta, 0.0);

  const double slope_theory = n * n * d.spread / 2.0;
  example::svg_plot plot("sgd_temperature.svg", "SGD's own temperature: the meter vs T = lr N^2 sigma^2 / (2B)",
                         "learning rate / batch size", "T_sgd", {0.0, 2.1e-4}, {0.0, 0.28});
  plot.begin_polyline("#7f7f7f", 2.0);
  plot.vertex(0.0, 0.0);
  plot.vertex(2.1e-4, 2.1e-4 * slope_theory);
  plot.end_polyline();
  plot.legend("theory", "#7f7f7f");
  const char* colors[rate_count] = {"#1f5fbf", "#e07b00", "#2a9d3a"};
  const char* names[rate_count] = {"meter, lr = 1e-4", "meter, lr = 2e-4", "meter, lr = 4e-4"};
  const double radii[rate_count] = {7.0, 5.0, 3.0};  // nested, where points of different lr coincide
  for (int i = 0; i < rate_count; ++i) {
    plot.markers(x_axis + i * size_count, measured + i * size_count, size_count, colors[i], radii[i]);
    plot.legend(names[i], colors[i]);
  }
  return plot.close() && ok;
}

// --- 2. Posterior width: plain vs held SGLD against B ---------------------------------------

constexpr std::size_t width_samples = 32;
constexpr int width_sizes = 5;

// Sample variance of theta over `steps` steps after 500 of burn-in.
double chain_variance(const data_set<width_samples>& d, std::size_t b, bool hold, float lr, std::uint64_t seed,
                      std::uint64_t steps) {
  langevin::annealing_sgd<float, 1> sgld;
  langevin::annealing_sgd_options<float> o;
  o.batch_size = b;
  o.objective = langevin::objective_scale::sum;
  o.learning_rate = langevin::schedule<float>::constant(lr);
  o.temperature = langevin::schedule<float>::constant(1.0f);
  o.hold_temperature = hold;
  o.seed = seed;
  if (sgld.init(width_samples, o) != langevin::status::ok ||
      sgld.place({static_cast<float>(d.mean)}) != langevin::status::ok ||
      sgld.run(gaussian_model<width_samples>{}, d.samples, 500u).status != langevin::status::ok) {
    return -1.0;
  }
  double mean = 0, m2 = 0;
  for (std::uint64_t k = 1; k <= steps; ++k) {
    if (sgld.step(gaussian_model<width_samples>{}, d.samples).status != langevin::status::ok) return -1.0;
    const double x = static_cast<double>(sgld.current()[0]);
    const double delta = x - mean;
    mean += delta / static_cast<double>(k);
    m2 += delta * (x - mean);
  }
  return m2 / static_cast<double>(steps - 1u);
}

bool posterior_widths() {
  const auto d = make_data<width_samples>(12u);
  const double n = static_cast<double>(width_samples);
  const double h = d.precision;
  const double stiffness = 0.04;  // lr h: the chains are AR(1) with rho = 1 - lr h
  const auto lr = static_cast<float>(stiffness / h);
  constexpr std::uint64_t steps = 10000u;
  // Every chain is linear: its stationary variance is T_total / (h (1 - lr h / 2)), T_total the
  // injected plus SGD's own temperature; the exact (held) one has T_total = T = 1. The sample
  // variance of K steps of an AR(1) chain has relative standard error
  // sqrt(2 (1 + rho^2) / ((1 - rho^2) K)) = 7.0% here.
  const double exact = 1.0 / (h * (1.0 - stiffness / 2.0));
  const double rho = 1.0 - stiffness;
  const double error = square_root(2.0 * (1.0 + rho * rho) / ((1.0 - rho * rho) * static_cast<double>(steps)));
  static float sizes[width_sizes], held_width[width_sizes], plain_width[width_sizes];
  static float plain_theory_b[41], plain_theory[41], ones[41];
  bool ok = true;
  langevin_port::write("2. Posterior width at T = 1 (relative to exact): plain vs held SGLD\n");
  for (int k = 0; k < width_sizes; ++k) {
    const std::size_t b = std::size_t{1} << k;
    const double t_sgd = static_cast<double>(lr) * n * n * d.spread / (2.0 * static_cast<double>(b));
    const double held = chain_variance(d, b, true, lr, 200u + static_cast<std::uint64_t>(k), steps);
    const double plain = chain_variance(d, b, false, lr, 300u + static_cast<std::uint64_t>(k), steps);
    if (held < 0 || plain < 0) return false;
    const bool held_ok = (held / exact - 1.0) * (held / exact - 1.0) < 16.0 * error * error;
    const bool plain_wider = plain / exact - 1.0 > 4.0 * error;
    ok = ok && held_ok && (b > 1u || plain_wider);
    sizes[k] = static_cast<float>(k);
    held_width[k] = static_cast<float>(square_root(held / exact));
    plain_width[k] = static_cast<float>(square_root(plain / exact));
    csv_row("width", static_cast<double>(b), square_root(plain / exact), square_root(held / exact),
            square_root(1.0 + t_sgd));
    langevin_port::text<160> line;
    line << "   B " << static_cast<int>(b) << (b < 10 ? " " : "") << "  T_sgd ";
    line.fixed(t_sgd, 3) << "  width plain ";
    line.fixed(square_root(plain / exact), 3) << " (theory ";
    line.fixed(square_root(1.0 + t_sgd), 3) << ")  held ";
    line.fixed(square_root(held / exact), 3) << " (" << (held_ok ? "ok" : "FAILED") << ")\n";
    langevin_port::write(line);
  }
  for (int i = 0; i <= 40; ++i) {
    const double log2_b = 4.0 * i / 40.0;
    double b = 1.0;
    for (int e = 0; e < 40; ++e) {
      if (e < i) b *= 1.0717734625362931;  // 2^(1/10)
    }
    plain_theory_b[i] = static_cast<float>(log2_b);
    plain_theory[i] = static_cast<float>(square_root(1.0 + static_cast<double>(lr) * n * n * d.spread / (2.0 * b)));
    ones[i] = 1.0f;
  }
  example::svg_plot plot("sgd_temperature_width.svg", "Posterior width at T = 1 (dots: measured, lines: theory)",
                         "log2 of the batch size B", "width / exact width", {-0.2, 4.2}, {0.8, 1.5});
  plot.polyline(plain_theory_b, plain_theory, 41, "#e07b00", 1.5);
  plot.polyline(plain_theory_b, ones, 41, "#1f5fbf", 1.5);
  plot.markers(sizes, plain_width, width_sizes, "#e07b00", 5.0);
  plot.markers(sizes, held_width, width_sizes, "#1f5fbf", 5.0);
  plot.legend("plain SGLD", "#e07b00");
  plot.legend("temperature-held SGLD", "#1f5fbf");
  return plot.close() && ok;
}

// --- 3. Replica exchange vs a single chain on the double well at T = 0.1 --------------------

struct double_well {
  float operator()(const std::array<float, 1>& x, std::array<float, 1>& g) const {
    const float s = x[0] * x[0] - 1.0f;
    g[0] = 4.0f * x[0] * s;
    return s * s;
  }
};

constexpr int bins = 16;  // 8 per well over 0.6 <= |x| <= 1.4, the outer ones holding the tails
constexpr double inner = 0.6, outer = 1.4, bin_width = (outer - inner) / 8.0;

int bin_of(float value) {
  const double x = static_cast<double>(value);
  const double a = x < 0 ? -x : x;
  int b = static_cast<int>((a - inner) / bin_width + 8.0) - 8;  // floor for a >= inner - 8 widths
  b = b < 0 ? 0 : (b > 7 ? 7 : b);
  return x < 0 ? 7 - b : 8 + b;
}

double boltzmann(double x) { return langevin::math::exp(-(x * x - 1.0) * (x * x - 1.0) / 0.1); }

// Probability of each bin under exp(-U/T) / Z (Simpson's rule; the law is symmetric).
void boltzmann_bins(double (&p)[bins]) {
  double z = 0;
  for (int k = 0; k < 8; ++k) {
    const double a = k == 0 ? 0.0 : inner + bin_width * k;
    const double c = k == 7 ? 2.5 : inner + bin_width * (k + 1);
    constexpr int m = 400;
    const double step = (c - a) / m;
    double s = boltzmann(a) + boltzmann(c);
    for (int i = 1; i < m; ++i) s += boltzmann(a + step * i) * (i % 2 == 1 ? 4.0 : 2.0);
    p[8 + k] = p[7 - k] = s * step / 3.0;
    z += 2.0 * p[8 + k];
  }
  for (double& v : p) v /= z;
}

bool exchange_histograms() {
  constexpr std::size_t replicas = 8;
  using stepper = langevin::leimkuhler_matthews<float, 1>;
  static langevin::replica_exchange<stepper, replicas> pt;
  langevin::replica_exchange_options<float> o;
  o.stepper.time_step = 0.01f;
  o.lowest_temperature = 0.1f;
  o.highest_temperature = 5.0f;
  o.swap_interval = 5u;
  static stepper single;
  if (pt.init(o) != langevin::status::ok || pt.place({1.0f}) != langevin::status::ok ||
      single.init(o.stepper) != langevin::status::ok || single.place({1.0f}) != langevin::status::ok) {
    return false;
  }
  langevin::pcg32 rng{2026u, 15u};
  // 100000 steps (1000 time units): a single chain crosses the barrier at Kramers' rate
  // 4.1e-5 per time unit at T = 0.1, 0.04 expected crossings. Samples every 400 steps (the
  // coldest replica's well decorrelates in a few hundred steps through the exchanges).
  constexpr std::uint64_t steps = 100000u, burn_in = 2000u, thin = 400u;
  double counts_pt[bins] = {}, counts_single[bins] = {};
  double left_single = 0, total = 0;
  for (std::uint64_t i = 1; i <= burn_in + steps; ++i) {
    if (pt.step(double_well{}, rng).status != langevin::status::ok) return false;
    if (single.step(double_well{}, 0.1f, rng).status != langevin::status::ok) return false;
    if (i > burn_in && i % thin == 0u) {
      counts_pt[bin_of(pt.current()[0])] += 1.0;
      counts_single[bin_of(single.current()[0])] += 1.0;
      left_single += single.current()[0] < 0.0f ? 1.0 : 0.0;
      total += 1.0;
    }
  }
  double p[bins];
  boltzmann_bins(p);
  double chi2_pt = 0, chi2_single = 0;
  for (int b = 0; b < bins; ++b) {
    const double e = p[b] * total;
    chi2_pt += (counts_pt[b] - e) * (counts_pt[b] - e) / e;
    chi2_single += (counts_single[b] - e) * (counts_single[b] - e) / e;
  }
  // Pearson's statistic over 16 bins: 15 degrees of freedom, 0.1% critical value 37.70.
  constexpr double critical = 37.70;
  const bool stayed = left_single == 0.0 || left_single == total;
  const bool ok = chi2_pt < critical && stayed && chi2_single > critical;
  langevin_port::write("3. Double well at T = 0.1, 100000 steps: replica exchange (8 replicas) vs one chain\n");
  langevin_port::text<240> line;
  line << "   chi-square over 16 bins (0.1% critical 37.70): replica exchange ";
  line.fixed(chi2_pt, 1) << ", single chain ";
  line.fixed(chi2_single, 1) << " (in the left well: ";
  line.fixed(left_single / total, 2) << ")\n   swap acceptance by pair:";
  for (std::size_t k = 0; k + 1 < replicas; ++k) line.fixed(static_cast<double>(pt.swap_acceptance(k)), 2) << ' ';
  line << "\n   round trips: " << pt.round_trips() << " in " << pt.swap_rounds() << " rounds ("
       << (ok ? "ok" : "FAILED") << ")\n";
  langevin_port::write(line);
  for (std::size_t k = 0; k + 1 < replicas; ++k) {
    csv_row("swap_acceptance", static_cast<double>(k), static_cast<double>(pt.swap_acceptance(k)),
            static_cast<double>(pt.temperature(k)), static_cast<double>(pt.temperature(k + 1)));
  }
  csv_row("round_trips", static_cast<double>(pt.swap_rounds()), static_cast<double>(pt.round_trips()), chi2_pt,
          chi2_single);

  static float centres[bins], density_pt[bins], density_single[bins];
  for (int b = 0; b < bins; ++b) {
    const int k = b < 8 ? 7 - b : b - 8;
    const double left = inner + bin_width * k;
    const double centre = (b < 8 ? -1.0 : 1.0) * (left + bin_width / 2);
    centres[b] = static_cast<float>(centre);
    // Densities over the bin's nominal width (the outer bins' tails are a tiny share).
    density_pt[b] = static_cast<float>(counts_pt[b] / (total * bin_width));
    density_single[b] = static_cast<float>(counts_single[b] / (total * bin_width));
    csv_row("histogram", centre, counts_pt[b], p[b] * total, counts_single[b]);
  }
  example::svg_plot plot("sgd_temperature_exchange.svg",
                         "Double well at T = 0.1: replica exchange vs one Langevin chain", "x", "density",
                         {-1.6, 1.6}, {0.0, 4.0});
  double z = 0;
  for (int i = 0; i <= 3000; ++i) z += boltzmann(-3.0 + 0.002 * i) * 0.002;
  plot.begin_polyline("#7f7f7f", 2.5);
  for (int i = 0; i <= 320; ++i) {
    const double x = -1.6 + 0.01 * i;
    plot.vertex(x, boltzmann(x) / z);
  }
  plot.end_polyline();
  const auto steps_line = [&](const float* density, const char* color) {
    for (int well = 0; well < 2; ++well) {  // one outline per well
      plot.begin_polyline(color, 1.8);
      for (int b = 8 * well; b < 8 * well + 8; ++b) {
        const double c = static_cast<double>(centres[b]);
        plot.vertex(c - bin_width / 2, static_cast<double>(density[b]));
        plot.vertex(c + bin_width / 2, static_cast<double>(density[b]));
      }
      plot.end_polyline();
    }
  };
  steps_line(density_single, "#e07b00");
  steps_line(density_pt, "#1f5fbf");
  plot.legend("exp(-U/T) / Z", "#7f7f7f");
  plot.legend("replica exchange", "#1f5fbf");
  plot.legend("single chain", "#e07b00");
  return plot.close() && ok;
}

}  // namespace

int main() {
  csv = langevin_port::file_open("sgd_temperature.csv");
  const char header[] = "part,x,a,b,c\n";
  langevin_port::file_write(csv, header, sizeof header - 1);
  const bool meter = meter_grid();
  const bool widths = posterior_widths();
  const bool exchange = exchange_histograms();
  langevin_port::file_close(csv);
  const bool ok = meter && widths && exchange;
  langevin_port::write(ok ? "sgd_temperature: ok\n" : "sgd_temperature: FAILED\n");
  return ok ? 0 : 1;
}
