// Deterministic runs behind the cross-port checkpoint test (tests/portable/
// test_checkpoint_golden.cpp): each run's first part produces the objects whose blobs the
// test pins byte for byte, and its second part continues from restored objects and hashes
// the trajectory. tests/tools/make_checkpoint_goldens.cpp prints both from these same
// functions; the test checks that every port restores the pinned blobs and continues
// with the pinned hashes.
#ifndef LANGEVIN_TEST_CHECKPOINT_GOLDEN_RUNS_HPP
#define LANGEVIN_TEST_CHECKPOINT_GOLDEN_RUNS_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include <langevin/dynamics/overdamped.hpp>
#include <langevin/dynamics/underdamped.hpp>
#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/optimize/dataset.hpp>
#include <langevin/optimize/minimize.hpp>
#include <langevin/optimize/simulated_annealing.hpp>
#include <langevin/random/pcg32.hpp>

namespace golden_runs {

/// FNV-1a (32-bit) over the bytes of values, in order.
class bit_hash {
 public:
  template <class T>
  void add(const T& value) noexcept {
    unsigned char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    for (unsigned char b : bytes) {
      hash_ ^= b;
      hash_ *= 0x01000193u;
    }
  }
  std::uint32_t value() const noexcept { return hash_; }

 private:
  std::uint32_t hash_ = 0x811C9DC5u;
};

struct tilted_double_well {
  template <class Real>
  Real operator()(const std::array<Real, 2>& x, std::array<Real, 2>& g) const noexcept {
    const Real r = x[0] * x[0] - Real(1);
    g[0] = Real(4) * x[0] * r + Real(0.25) + Real(0.5) * x[1];
    g[1] = Real(2) * x[1] + Real(0.5) * x[0];
    return r * r + Real(0.25) * x[0] + x[1] * x[1] + Real(0.5) * x[0] * x[1];
  }
};

struct ripple {
  float operator()(const std::array<float, 2>& x) const noexcept {
    return x[0] * x[0] + x[1] * x[1] - 0.5f * x[0] * x[1] * x[1] + 0.2f * x[0];
  }
};

using em_type = langevin::euler_maruyama<float, 2>;
using lm_type = langevin::leimkuhler_matthews<double, 2>;
using baoab_type = langevin::baoab<double, 2>;
using sampler_type = langevin::batch_sampler<16>;
using annealer_type = langevin::simulated_annealer<float, 2>;
using sgd_type = langevin::annealing_sgd<float, 2, 16>;

inline void em_prefix(em_type& em, langevin::pcg32& rng) {
  em = em_type();
  rng = langevin::pcg32{77u, 5u};
  static_cast<void>(em.init({0.05f, 1.5f}));
  static_cast<void>(em.place({0.75f, -0.5f}));
  for (int i = 0; i < 20; ++i) static_cast<void>(em.step(tilted_double_well{}, 0.3f, rng));
}

inline std::uint32_t em_suffix(em_type& em, langevin::pcg32& rng) {
  bit_hash h;
  for (int i = 0; i < 40; ++i) {
    h.add(em.step(tilted_double_well{}, 0.3f, rng).value);
    h.add(em.current());
  }
  h.add(em.steps());
  return h.value();
}

inline void lm_prefix(lm_type& lm, langevin::pcg32& rng) {
  lm = lm_type();
  rng = langevin::pcg32{81u, 5u};
  static_cast<void>(lm.init({0.05, 0.8}));
  static_cast<void>(lm.place({-0.75, 0.5}));
  for (int i = 0; i < 20; ++i) static_cast<void>(lm.step(tilted_double_well{}, 0.3, rng));
}

inline std::uint32_t lm_suffix(lm_type& lm, langevin::pcg32& rng) {
  bit_hash h;
  for (int i = 0; i < 40; ++i) {
    h.add(lm.step(tilted_double_well{}, 0.3, rng).value);
    h.add(lm.current());
  }
  h.add(lm.steps());
  return h.value();
}

inline void baoab_prefix(baoab_type& b, langevin::pcg32& rng) {
  b = baoab_type();
  rng = langevin::pcg32{78u, 5u};
  static_cast<void>(b.init({0.1, 1.5, 0.75}));
  static_cast<void>(b.place({0.5, 0.25}, {-0.5, 1.0}));
  for (int i = 0; i < 20; ++i) static_cast<void>(b.step(tilted_double_well{}, 0.4, rng));
}

inline std::uint32_t baoab_suffix(baoab_type& b, langevin::pcg32& rng) {
  bit_hash h;
  for (int i = 0; i < 40; ++i) {
    h.add(b.step(tilted_double_well{}, 0.4, rng).value);
    h.add(b.current());
    h.add(b.momentum());
  }
  return h.value();
}

using minimizer_type = langevin::minimizer<float, 2>;

inline void minimizer_prefix(minimizer_type& m) {
  m = minimizer_type();
  langevin::minimize_options<float> o;
  o.max_calls = 200u;
  o.seed = 83u;
  const langevin::box<float, 2> bounds{{-2.0f, -2.0f}, {2.0f, 2.0f}};
  static_cast<void>(m.init(bounds, o));
  static_cast<void>(m.run(tilted_double_well{}, 70u));
}

inline std::uint32_t minimizer_suffix(minimizer_type& m) {
  bit_hash h;
  while (!m.done()) {
    h.add(m.point());
    h.add(m.step(tilted_double_well{}).value);
  }
  h.add(m.best());
  h.add(m.best_value());
  h.add(m.calls());
  return h.value();
}

inline void sampler_prefix(sampler_type& s, langevin::pcg32& rng) {
  s = sampler_type();
  rng = langevin::pcg32{79u, 5u};
  static_cast<void>(s.init(13u, 4u, langevin::sampling::without_replacement));
  for (int i = 0; i < 6; ++i) s.draw(rng, [](std::size_t) {});
}

inline std::uint32_t sampler_suffix(sampler_type& s, langevin::pcg32& rng) {
  bit_hash h;
  for (int i = 0; i < 20; ++i) s.draw(rng, [&](std::size_t index) { h.add(static_cast<std::uint32_t>(index)); });
  h.add(s.epochs());
  return h.value();
}

inline void annealer_prefix(annealer_type& a) {
  a = annealer_type();
  langevin::simulated_annealing_options<float> o;
  o.max_calls = 300u;
  o.initial_samples = 10u;
  o.seed = 80u;
  const langevin::box<float, 2> bounds{{-2.0f, -2.0f}, {2.0f, 2.0f}};
  static_cast<void>(a.init(bounds, o));
  // The 10 initial samples, then 30 proposals.
  for (int i = 0; i < 40; ++i) static_cast<void>(a.step(ripple{}));
}

inline std::uint32_t annealer_suffix(annealer_type& a) {
  bit_hash h;
  for (int i = 0; i < 300; ++i) {
    const auto r = a.step(ripple{});
    h.add(static_cast<std::uint32_t>(r.status));
    h.add(r.value);
    h.add(a.current());
  }
  h.add(a.best());
  h.add(a.accepted());
  return h.value();
}

struct line_sample {
  float x;
  float y;
};

struct line_model {
  float operator()(const std::array<float, 2>& theta, const line_sample& s, std::array<float, 2>& g) const noexcept {
    const float r = theta[0] + theta[1] * s.x - s.y;
    g[0] = 2.0f * r;
    g[1] = 2.0f * r * s.x;
    return r * r;
  }
};

inline langevin::span<const line_sample> line_samples() {
  static const line_sample samples[11] = {{-1.0f, -0.9f}, {-0.8f, -0.5f}, {-0.6f, -0.3f}, {-0.4f, 0.0f},
                                          {-0.2f, 0.3f},  {0.0f, 0.5f},   {0.2f, 0.6f},   {0.4f, 1.0f},
                                          {0.6f, 1.2f},   {0.8f, 1.5f},   {1.0f, 1.6f}};
  return langevin::span<const line_sample>{samples};
}

// The plain golden run's options: the rate, temperature and seed of sgd_prefix.
inline langevin::annealing_sgd_options<float> sgd_golden_options() {
  langevin::annealing_sgd_options<float> o;
  o.batch_size = 3u;
  o.batches = langevin::sampling::without_replacement;
  o.learning_rate = langevin::schedule<float>::inverse_time(0.4f, 8.0f);
  o.temperature = langevin::schedule<float>::logarithmic(0.02f, 2.0f);
  o.momentum = 0.25f;
  o.seed = 82u;
  return o;
}

// A fresh run with options o over the 11 line samples, 10 steps in.
inline void sgd_run_prefix(sgd_type& sgd, const langevin::annealing_sgd_options<float>& o) {
  sgd = sgd_type();
  static_cast<void>(sgd.init(11u, o));
  static_cast<void>(sgd.run(line_model{}, line_samples(), 10u));
}

inline void sgd_prefix(sgd_type& sgd) { sgd_run_prefix(sgd, sgd_golden_options()); }

// The same run with the RMSprop preconditioner (and its V frozen after 12 accepted steps),
// a smaller rate and its own seed, so that the gains' arithmetic (sqrt, divisions) is
// pinned on every port too.
inline void sgd_rmsprop_prefix(sgd_type& sgd) {
  langevin::annealing_sgd_options<float> o = sgd_golden_options();
  o.learning_rate = langevin::schedule<float>::inverse_time(0.05f, 8.0f);
  o.seed = 83u;
  o.preconditioner = langevin::preconditioning::rmsprop;
  o.rmsprop_decay = 0.9f;
  o.rmsprop_adapt_steps = 12u;
  sgd_run_prefix(sgd, o);
}

inline std::uint32_t sgd_suffix(sgd_type& sgd) {
  bit_hash h;
  for (int i = 0; i < 40; ++i) {
    h.add(sgd.step(line_model{}, line_samples()).value);
    h.add(sgd.current());
  }
  h.add(sgd.epochs());
  return h.value();
}

}  // namespace golden_runs

#endif
