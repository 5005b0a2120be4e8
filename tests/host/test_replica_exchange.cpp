// Replica exchange against the Boltzmann law: on the double well U = (x^2 - 1)^2 at
// T = 0.1 (barrier 1 = 10 T) the coldest replica's histogram passes Pearson's chi-square
// test within a step budget in which a single Langevin chain stays in the well it started
// in (and fails the same test); swap acceptance and round trips are reported.
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include <langevin/checkpoint.hpp>
#include <langevin/dynamics/replica_exchange.hpp>
#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/random/pcg32.hpp>

#include "allocation_counter.hpp"
#include "langevin_test.hpp"
#include "random_test_statistics.hpp"

namespace {

struct double_well {
  template <class Real>
  Real operator()(const std::array<Real, 1>& x, std::array<Real, 1>& g) const {
    const Real s = x[0] * x[0] - Real(1);
    g[0] = Real(4) * x[0] * s;
    return s * s;
  }
};

// 24 bins where the law has its mass at T = 0.1 (each well's standard deviation is
// sqrt(T / U''(1)) = 0.11): 12 over [-1.4, -0.6] and 12 over [0.6, 1.4]; the outer bins of
// each well also hold its tails (beyond 1.4, and between 0.6 and 0), so every bin
// expects at least 5 of 1000 samples, as Pearson's approximation needs.
constexpr int bins = 24;
constexpr double inner = 0.6, outer = 1.4;
constexpr double width = (outer - inner) / 12.0;

int bin_of(double x) {
  const double a = x < 0 ? -x : x;
  int b = static_cast<int>(std::floor((a - inner) / width));
  b = b < 0 ? 0 : (b > 11 ? 11 : b);
  return x < 0 ? 11 - b : 12 + b;
}

// Probabilities of the bins under exp(-U/T) / Z (Simpson's rule, 2000 intervals per
// piece, over [-3, 3]: the mass beyond is below 1e-100 at T <= 0.2).
std::array<double, bins> boltzmann_bins(double temperature) {
  const auto density = [temperature](double x) { return std::exp(-(x * x - 1) * (x * x - 1) / temperature); };
  const auto integral = [&](double a, double b) {
    const int m = 2000;
    const double h = (b - a) / m;
    double s = density(a) + density(b);
    for (int k = 1; k < m; ++k) s += density(a + h * k) * (k % 2 == 1 ? 4.0 : 2.0);
    return s * h / 3.0;
  };
  std::array<double, bins> p{};
  double z = 0;
  for (int k = 0; k < 12; ++k) {
    const double a = k == 0 ? 0.0 : inner + width * k;
    const double c = k == 11 ? 3.0 : inner + width * (k + 1);
    const double mass = integral(a, c);  // the law is symmetric
    p[static_cast<std::size_t>(12 + k)] = mass;
    p[static_cast<std::size_t>(11 - k)] = mass;
    z += 2 * mass;
  }
  for (double& v : p) v /= z;
  return p;
}

double chi_square(const std::array<double, bins>& counts, const std::array<double, bins>& p, double total) {
  double chi2 = 0;
  for (std::size_t b = 0; b < counts.size(); ++b) {
    const double e = p[b] * total;
    chi2 += (counts[b] - e) * (counts[b] - e) / e;
  }
  return chi2;
}

// Lag-1 autocorrelation of the well indicator (sign of x) of a thinned series.
double sign_autocorrelation(const std::vector<double>& xs) {
  double mean = 0;
  for (const double x : xs) mean += (x < 0 ? -1.0 : 1.0) / double(xs.size());
  double c0 = 0, c1 = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double a = (xs[i] < 0 ? -1.0 : 1.0) - mean;
    c0 += a * a;
    if (i + 1 < xs.size()) c1 += a * ((xs[i + 1] < 0 ? -1.0 : 1.0) - mean);
  }
  return c1 / c0;
}

struct sampled {
  std::vector<double> xs;
  std::array<double, bins> counts{};
};

template <class Next>
sampled sample(Next&& next, std::uint64_t burn_in, std::uint64_t steps, std::uint64_t thin) {
  sampled s;
  for (std::uint64_t i = 0; i < burn_in; ++i) next();
  for (std::uint64_t i = 1; i <= steps; ++i) {
    const double x = next();
    if (i % thin == 0u) {
      s.xs.push_back(x);
      s.counts[static_cast<std::size_t>(bin_of(x))] += 1.0;
    }
  }
  return s;
}

}  // namespace

TEST_CASE("replica exchange: the coldest replica samples the double well's Boltzmann law at T = 0.1, a single "
          "chain stays in one well", "[replica_exchange][slow]") {
  constexpr std::size_t replicas = 8;
  using stepper = langevin::leimkuhler_matthews<double, 1>;
  langevin::replica_exchange<stepper, replicas> pt;
  langevin::replica_exchange_options<double> o;
  o.stepper.time_step = 0.01;  // Leimkuhler-Matthews: O(h^2) bias, invisible at this sample size
  o.lowest_temperature = 0.1;
  o.highest_temperature = 5.0;  // barrier 1 = T / 5: each visit to the top re-draws the well
  o.swap_interval = 5u;
  REQUIRE(pt.init(o) == langevin::status::ok);
  REQUIRE(pt.place({1.0}) == langevin::status::ok);
  langevin::pcg32 rng{2026u, 15u};
  // The budget: 400000 steps (4000 time units). A single chain at T = 0.1 crosses the
  // barrier at Kramers' rate sqrt(U''(1) |U''(0)|) / (2 pi) exp(-1 / T) = 4.1e-5 per time
  // unit: 0.16 expected crossings in the budget.
  constexpr std::uint64_t budget = 400000u;
  constexpr std::uint64_t burn_in = 10000u;
  // Samples 400 steps (4 time units) apart: 32 relaxation times within a well (1 / U''(1) =
  // 1/8); the well indicator of the coldest replica keeps a memory as long as a replica
  // carries its well down the ladder (autocorrelation 0.11 at lag 50, 0.03 at 200, 0.004 at
  // 400 steps measured on this setting); the lag-1 autocorrelation of the thinned indicator is
  // checked below, so the 1000 samples are close to independent, as Pearson's test assumes.
  constexpr std::uint64_t thin = 400u;
  bool all_ok = true;
  const sampled tempered = sample(
      [&] {
        all_ok = all_ok && pt.step(double_well{}, rng).status == langevin::status::ok;
        return pt.current()[0];
      },
      burn_in, budget, thin);
  REQUIRE(all_ok);

  stepper single;
  REQUIRE(single.init(o.stepper) == langevin::status::ok);
  REQUIRE(single.place({1.0}) == langevin::status::ok);
  const sampled alone = sample(
      [&] {
        all_ok = all_ok && single.step(double_well{}, 0.1, rng).status == langevin::status::ok;
        return single.current()[0];
      },
      burn_in, budget, thin);
  REQUIRE(all_ok);

  const auto p = boltzmann_bins(0.1);
  const double total = double(tempered.xs.size());
  const double chi2_tempered = chi_square(tempered.counts, p, total);
  const double chi2_alone = chi_square(alone.counts, p, total);
  const double chi2_wrong_temperature = chi_square(tempered.counts, boltzmann_bins(0.15), total);
  // Pearson's statistic over 24 bins has 23 degrees of freedom; a false alarm at 1e-3.
  const double critical = random_test::chi_square_critical(double(bins - 1), 1e-3);
  double left_alone = 0;
  for (const double x : alone.xs) left_alone += x < 0 ? 1.0 : 0.0;
  const double rho = sign_autocorrelation(tempered.xs);
  CAPTURE(chi2_tempered, chi2_alone, chi2_wrong_temperature, critical, left_alone, rho, pt.round_trips(),
          pt.swap_rounds(), pt.swap_acceptance(0u), pt.swap_acceptance(1u), pt.swap_acceptance(2u),
          pt.swap_acceptance(3u), pt.swap_acceptance(4u));
  CHECK(chi2_tempered < critical);
  // The thinned well indicator is uncorrelated within 4 standard errors (1 / sqrt(n)).
  CHECK(std::fabs(rho) < 4.0 / std::sqrt(total));
  // The single chain never left its well and fails the same test by far.
  CHECK(left_alone == 0.0);
  CHECK(chi2_alone > 10.0 * critical);
  // Power: the coldest replica's histogram is not the law at T = 0.15 (wells 22% wider).
  CHECK(chi2_wrong_temperature > critical);
  // Replicas travel the ladder: swaps are accepted at every pair, and round trips happen.
  for (std::size_t k = 0; k + 1 < replicas; ++k) CHECK(pt.swap_acceptance(k) > 0.3);
  CHECK(pt.round_trips() > 100u);
}

TEST_CASE("replica exchange with BAOAB replicas (momenta rescaled on exchange) samples the same law",
          "[replica_exchange][slow]") {
  constexpr std::size_t replicas = 8;
  using stepper = langevin::baoab<double, 1>;
  langevin::replica_exchange<stepper, replicas> pt;
  langevin::replica_exchange_options<double, langevin::underdamped_options<double>> o;
  o.stepper.time_step = 0.05;
  o.stepper.friction = 2.0;
  o.lowest_temperature = 0.1;
  o.highest_temperature = 5.0;
  o.swap_interval = 5u;
  REQUIRE(pt.init(o) == langevin::status::ok);
  REQUIRE(pt.place({-1.0}) == langevin::status::ok);
  langevin::pcg32 rng{2026u, 16u};
  bool all_ok = true;
  const sampled tempered = sample(
      [&] {
        all_ok = all_ok && pt.step(double_well{}, rng).status == langevin::status::ok;
        return pt.current()[0];
      },
      4000u, 400000u, 400u);
  REQUIRE(all_ok);
  // Samples 400 steps apart, as above. BAOAB's configurational bias is O(h^2) with a small
  // constant: at h = 0.05 it is far below what 1000 samples resolve (<x^2> and <x^4> agree
  // with the law within 0.1% over 2 million steps). 23 degrees of freedom, false alarm at 1e-3.
  const double total = double(tempered.xs.size());
  const double chi2 = chi_square(tempered.counts, boltzmann_bins(0.1), total);
  const double critical = random_test::chi_square_critical(double(bins - 1), 1e-3);
  CAPTURE(chi2, critical, pt.round_trips(), pt.swap_acceptance(0u), sign_autocorrelation(tempered.xs));
  CHECK(chi2 < critical);
  CHECK(std::fabs(sign_autocorrelation(tempered.xs)) < 4.0 / std::sqrt(total));
  CHECK(pt.round_trips() > 50u);
}

TEST_CASE("replica exchange and the metered, held SGD steps allocate nothing", "[replica_exchange][no_heap]") {
  struct sample {
    double y;
  };
  struct mean_model {
    double operator()(const std::array<double, 1>& w, const sample& s, std::array<double, 1>& g) const {
      g[0] = w[0] - s.y;
      return 0.5 * g[0] * g[0];
    }
  };
  static const sample data[8] = {{0.1}, {0.4}, {-0.3}, {1.2}, {0.7}, {-0.8}, {0.0}, {0.5}};
  std::size_t allocations = 0;
  langevin::status outcome = langevin::status::ok;
  {
    langevin_test::allocation_scope scope;
    langevin::replica_exchange<langevin::baoab<double, 1>, 4> pt;
    langevin::replica_exchange_options<double, langevin::underdamped_options<double>> o;
    o.lowest_temperature = 0.2;
    o.highest_temperature = 2.0;
    o.swap_interval = 3u;
    langevin::pcg32 rng{1u, 2u};
    if (pt.init(o) != langevin::status::ok || pt.place({0.5}) != langevin::status::ok) {
      outcome = langevin::status::invalid_argument;
    }
    const auto run = pt.run(double_well{}, rng, 300u);
    if (run.status != langevin::status::ok) outcome = run.status;
    langevin::checkpoint_blob<decltype(pt)> blob;
    langevin::save_checkpoint(pt, blob);
    if (langevin::restore_checkpoint(pt, blob.data(), blob.size()) != langevin::status::ok) {
      outcome = langevin::status::corrupt_data;
    }
    langevin::annealing_sgd<double, 1, 8> sgd;
    langevin::annealing_sgd_options<double> so;
    so.batch_size = 3u;
    so.batches = langevin::sampling::without_replacement;
    so.hold_temperature = true;
    so.temperature = langevin::schedule<double>::constant(0.5);
    if (sgd.init(8u, so) != langevin::status::ok) outcome = langevin::status::invalid_argument;
    const auto trained = sgd.run(mean_model{}, data, 200u);
    if (trained.status != langevin::status::ok) outcome = trained.status;
    allocations = scope.allocations();
  }
  CHECK(outcome == langevin::status::ok);
  CHECK(allocations == 0u);
}

namespace {

// Every single-bit change of the payload of `source`'s blob, under a recomputed (valid)
// CRC: refused with corrupt_data and the target unchanged, or accepted and then usable
// (`exercise` true: steps keep a finite state). Returns the number accepted.
template <class T, class Exercise>
std::size_t forged_flips(const T& source, Exercise exercise, std::size_t& refused) {
  langevin::checkpoint_blob<T> blob;
  langevin::save_checkpoint(source, blob);
  std::vector<unsigned char> forged(blob.begin(), blob.end());
  const std::size_t payload_end = blob.size() - langevin::detail::checkpoint_crc_size;
  std::size_t accepted = 0;
  static T target;
  static T before;
  before = source;
  bool all_ok = true;
  for (std::size_t byte = langevin::detail::checkpoint_header_size; byte < payload_end; ++byte) {
    for (unsigned bit = 0; bit < 8u; ++bit) {
      forged[byte] = static_cast<unsigned char>(blob[byte] ^ (1u << bit));
      const std::uint32_t crc = langevin::detail::crc32(forged.data(), payload_end);
      for (unsigned i = 0; i < 4u; ++i) forged[payload_end + i] = static_cast<unsigned char>(crc >> (8u * i));
      target = before;
      const langevin::status s = langevin::restore_checkpoint(target, forged.data(), forged.size());
      if (s == langevin::status::ok) {
        ++accepted;
        all_ok = all_ok && exercise(target);
      } else {
        all_ok = all_ok && s == langevin::status::corrupt_data &&
                 std::memcmp(static_cast<const void*>(&target), static_cast<const void*>(&before), sizeof(T)) == 0;
        ++refused;
      }
    }
    forged[byte] = blob[byte];
  }
  CHECK(all_ok);
  return accepted;
}

}  // namespace

TEST_CASE("replica exchange and metered SGD blobs: every single-bit forgery is refused or leaves a usable object",
          "[replica_exchange][checkpoint]") {
  using exchange = langevin::replica_exchange<langevin::leimkuhler_matthews<float, 1>, 4>;
  static exchange pt;
  langevin::replica_exchange_options<float> o;
  o.stepper.time_step = 0.02f;
  o.lowest_temperature = 0.1f;
  o.highest_temperature = 2.0f;
  o.swap_interval = 3u;
  langevin::pcg32 rng{3u, 4u};
  REQUIRE(pt.init(o) == langevin::status::ok);
  REQUIRE(pt.place({1.0f}) == langevin::status::ok);
  REQUIRE(pt.run(double_well{}, rng, 40u).status == langevin::status::ok);
  std::size_t refused = 0;
  const std::size_t accepted = forged_flips(pt, [](exchange& t) {
    langevin::pcg32 g{5u, 6u};
    for (int i = 0; i < 12; ++i) {
      const auto r = t.step(double_well{}, g);
      if (r.status != langevin::status::ok && r.status != langevin::status::non_finite) return false;
      for (std::size_t level = 0; level < 4u; ++level) {
        if (!std::isfinite(t.current(level)[0])) return false;
      }
    }
    return true;
  }, refused);
  CHECK(accepted + refused == 8u * (langevin::checkpoint_size<exchange> - 24u));

  struct sample {
    float y;
  };
  struct mean_model {
    float operator()(const std::array<float, 2>& w, const sample& s, std::array<float, 2>& g) const {
      g[0] = w[0] - s.y;
      g[1] = w[1] + s.y;
      return 0.5f * (g[0] * g[0] + g[1] * g[1]);
    }
  };
  static const sample data[13] = {{0.1f}, {0.4f}, {-0.3f}, {1.2f}, {0.7f}, {-0.8f}, {0.0f},
                                  {0.5f}, {0.2f}, {-0.1f}, {0.9f}, {0.3f}, {-0.6f}};
  using sgd_type = langevin::annealing_sgd<float, 2, 16>;
  static sgd_type sgd;
  langevin::annealing_sgd_options<float> so;
  so.batch_size = 4u;
  so.batches = langevin::sampling::without_replacement;
  so.hold_temperature = true;
  so.noise_meter_window = 5u;
  so.temperature = langevin::schedule<float>::constant(0.05f);
  REQUIRE(sgd.init(13u, so) == langevin::status::ok);
  REQUIRE(sgd.run(mean_model{}, data, 11u).status == langevin::status::ok);
  std::size_t sgd_refused = 0;
  const std::size_t sgd_accepted = forged_flips(sgd, [](sgd_type& t) {
    for (int i = 0; i < 12; ++i) {
      const auto r = t.step(mean_model{}, data);
      if (r.status == langevin::status::invalid_argument) return true;  // a schedule out of range: refuses, no change
      if (r.status != langevin::status::ok && r.status != langevin::status::non_finite) return false;
      if (!std::isfinite(t.current()[0]) || !std::isfinite(t.current()[1])) return false;
      const float temperature = t.average_sgd_temperature();
      if (!(temperature >= 0.0f) || !std::isfinite(temperature)) return false;
    }
    return true;
  }, sgd_refused);
  CHECK(sgd_accepted + sgd_refused == 8u * (langevin::checkpoint_size<sgd_type> - 24u));
}
