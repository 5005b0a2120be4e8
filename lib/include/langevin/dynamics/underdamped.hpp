/// \file
/// Underdamped (inertial) Langevin dynamics
///   dq = p/m dt,   dp = -grad E(q) dt - (gamma/m) p dt + sqrt(2 gamma T) dW
/// discretised by the BAOAB splitting (Leimkuhler-Matthews): half kick (B), half drift
/// (A), exact Ornstein-Uhlenbeck friction + noise (O), half drift (A), half kick (B).
/// Its configurational sampling error is O(h^2), with a small constant, and one step
/// costs one gradient and N Gaussian draws.
#ifndef LANGEVIN_DYNAMICS_UNDERDAMPED_HPP
#define LANGEVIN_DYNAMICS_UNDERDAMPED_HPP

#include <array>
#include <cstddef>
#include <cstdint>

#include "../detail/state_checks.hpp"
#include "../math.hpp"
#include "../problem.hpp"
#include "../random/normal.hpp"
#include "../status.hpp"

namespace langevin {

/// BAOAB integrator of underdamped Langevin dynamics on N coordinates.
///
/// State: positions, momenta and forces, each double buffered so a rejected step leaves
/// the state untouched (6N reals) plus a few scalars; trivially copyable, no heap.
/// Configure once: the O-step constants exp(-gamma h / m) and
/// sqrt(1 - exp(-2 gamma h / m)) are computed there with the library's deterministic
/// math (bit-identical on every port).
template <class Real, std::size_t N>
class baoab {
 public:
  static_assert(N > 0, "a particle needs at least one coordinate");
  using vector_type = std::array<Real, N>;

  /// Sets the time step h > 0, mass m > 0 and friction gamma >= 0 (gamma = 0 gives
  /// Hamiltonian velocity Verlet). Returns invalid_argument, changing nothing, for values
  /// out of range or non-finite.
  status configure(Real time_step, Real mass = Real(1), Real friction = Real(1)) noexcept {
    if (!(math::is_finite(time_step) && math::is_finite(mass) && math::is_finite(friction) &&
          time_step > Real(0) && mass > Real(0) && friction >= Real(0))) {
      return status::invalid_argument;
    }
    const Real rate = friction * time_step / mass;
    if (!math::is_finite(rate) || !math::is_finite(time_step / mass)) return status::invalid_argument;
    time_step_ = time_step;
    mass_ = mass;
    friction_ = friction;
    damping_ = damping_for(rate);
    noise_fraction_ = noise_fraction_for(rate);
    return status::ok;
  }

  /// Places the particle at position `q` with momentum `p` (all finite) and restarts the
  /// step count. The force at q is evaluated by the next step (one extra problem call).
  status set_state(const vector_type& q, const vector_type& p) noexcept {
    if (!detail::all_finite(q) || !detail::all_finite(p)) return status::invalid_argument;
    position_[current_] = q;
    momentum_[current_] = p;
    has_force_ = false;
    steps_ = 0;
    return status::ok;
  }

  /// The saved state is the whole object (trivially copyable, no pointers): see
  /// checkpoint.hpp for saving it as a blob.
  using state_type = baoab;

  /// The state, for checkpoints.
  const state_type& state() const noexcept { return *this; }

  /// Restores a state saved by state(). Returns invalid_argument, changing nothing, if it
  /// holds values no baoab can have: parameters out of configure()'s ranges, O-step
  /// constants that do not match them, a non-finite position, momentum or (once
  /// evaluated) force or energy, a corrupt flag or buffer index.
  status set_state(const state_type& saved) noexcept {
    if (!saved.holds_reachable_state()) return status::invalid_argument;
    *this = saved;
    return status::ok;
  }

  /// One BAOAB step at temperature T >= 0. Returns {ok, E(q')} with E at the new
  /// position; {non_finite, E} with the state unchanged if an energy, force or the new
  /// state is not finite; {invalid_argument, 0} for a bad T or an unconfigured
  /// integrator. Work: one problem call (two on the first step after set_state()),
  /// N Gaussian draws, O(N).
  template <class Problem, class Rng>
  step_result<Real> step(const Problem& problem, Real temperature, Rng& rng) noexcept {
    static_assert(is_gradient_problem_v<Problem, Real, N>,
                  "Problem must be callable as Real(const std::array<Real,N>&, std::array<Real,N>&) const");
    if (!(time_step_ > Real(0)) || !math::is_finite(temperature) || !(temperature >= Real(0))) {
      return {status::invalid_argument, Real(0)};
    }
    const unsigned next = current_ ^ 1u;
    if (!has_force_) {
      const Real energy = problem(position_[current_], gradient_[current_]);
      if (!math::is_finite(energy) || !detail::all_finite(gradient_[current_])) return {status::non_finite, energy};
      energy_ = energy;
      has_force_ = true;
    }
#if LANGEVIN_SOFT_DOUBLE
    if constexpr (detail::soft_double<Real>) {
      // Software double (math.hpp): the N draws first, into the idle momentum buffer, then
      // the rest of the step out of line, so the normal sampler runs below a small frame.
      // The same draws and the same arithmetic on the same values as below.
      for (std::size_t i = 0; i < N; ++i) momentum_[next][i] = normal<Real>(rng);
      return finish_step_out_of_line(problem, noise_fraction_ * math::sqrt(mass_ * temperature));
    }
#endif
    const Real half_step = Real(0.5) * time_step_;
    const Real half_drift = half_step / mass_;
    const Real thermal = noise_fraction_ * math::sqrt(mass_ * temperature);
    const auto& q = position_[current_];
    const auto& p = momentum_[current_];
    const auto& g = gradient_[current_];
    auto& q_next = position_[next];
    auto& p_next = momentum_[next];
    bool finite = true;
    for (std::size_t i = 0; i < N; ++i) {
      const Real kicked = p[i] - half_step * g[i];                                // B
      const Real drifted = q[i] + half_drift * kicked;                            // A
      const Real thermalised = damping_ * kicked + thermal * normal<Real>(rng);  // O
      q_next[i] = drifted + half_drift * thermalised;                             // A
      p_next[i] = thermalised;
      finite &= math::is_finite(thermalised);
      finite &= math::is_finite(q_next[i]);
    }
    if (!finite) return {status::non_finite, energy_};
    const Real energy = problem(q_next, gradient_[next]);
    if (!math::is_finite(energy)) return {status::non_finite, energy};
    const auto& g_next = gradient_[next];
    for (std::size_t i = 0; i < N; ++i) {
      p_next[i] = p_next[i] - half_step * g_next[i];  // B
      finite &= math::is_finite(p_next[i]);
    }
    if (!finite) return {status::non_finite, energy};
    current_ = next;
    energy_ = energy;
    ++steps_;
    return {status::ok, energy};
  }

  const vector_type& position() const noexcept { return position_[current_]; }
  const vector_type& momentum() const noexcept { return momentum_[current_]; }
  /// Energy at position() once a step has evaluated it (0 before the first step).
  Real energy() const noexcept { return energy_; }
  /// Kinetic energy sum p_i^2 / (2 m) of the current momentum.
  Real kinetic_energy() const noexcept {
    Real sum = Real(0);
    for (const Real pi : momentum_[current_]) sum += pi * pi;
    return sum / (Real(2) * mass_);
  }
  /// Steps taken since set_state(): the index n a schedule is evaluated at.
  std::uint64_t steps() const noexcept { return steps_; }
  Real time_step() const noexcept { return time_step_; }
  Real mass() const noexcept { return mass_; }
  Real friction() const noexcept { return friction_; }

 private:
#if LANGEVIN_SOFT_DOUBLE
  /// step() after the draws, which are in momentum_[next]; `thermal` = noise_fraction_
  /// sqrt(m T). Software double only: the same arithmetic as step() (keep them in step; the
  /// golden hashes on the Cortex-M ports pin it).
  template <class Problem>
  [[gnu::noinline]] step_result<Real> finish_step_out_of_line(const Problem& problem, Real thermal) noexcept {
    const unsigned next = current_ ^ 1u;
    const Real half_step = Real(0.5) * time_step_;
    const Real half_drift = half_step / mass_;
    const auto& q = position_[current_];
    const auto& p = momentum_[current_];
    const auto& g = gradient_[current_];
    auto& q_next = position_[next];
    auto& p_next = momentum_[next];
    bool finite = true;
    for (std::size_t i = 0; i < N; ++i) {
      const Real kicked = p[i] - half_step * g[i];                         // B
      const Real drifted = q[i] + half_drift * kicked;                     // A
      const Real thermalised = damping_ * kicked + thermal * p_next[i];  // O (p_next[i]: the draw)
      q_next[i] = drifted + half_drift * thermalised;                      // A
      p_next[i] = thermalised;
      finite &= math::is_finite(thermalised);
      finite &= math::is_finite(q_next[i]);
    }
    if (!finite) return {status::non_finite, energy_};
    const Real energy = problem(q_next, gradient_[next]);
    if (!math::is_finite(energy)) return {status::non_finite, energy};
    const auto& g_next = gradient_[next];
    for (std::size_t i = 0; i < N; ++i) {
      p_next[i] = p_next[i] - half_step * g_next[i];  // B
      finite &= math::is_finite(p_next[i]);
    }
    if (!finite) return {status::non_finite, energy};
    current_ = next;
    energy_ = energy;
    ++steps_;
    return {status::ok, energy};
  }
#endif

  /// O-step constants for rate = gamma h / m: exp(-rate) and sqrt(1 - exp(-2 rate)).
  static Real damping_for(Real rate) noexcept { return math::exp(-rate); }
  static Real noise_fraction_for(Real rate) noexcept { return math::sqrt(-math::expm1(Real(-2) * rate)); }

  bool holds_reachable_state() const noexcept {
    if (!detail::is_buffer_index(current_) || !detail::holds_bool(has_force_)) return false;
    const unsigned now = current_ & 1u;
    if (!detail::all_finite(position_[now]) || !detail::all_finite(momentum_[now])) return false;
    if (!math::is_finite(energy_) || (has_force_ && !detail::all_finite(gradient_[now]))) return false;
    if (time_step_ == Real(0)) {
      // Never configured (configure() changes all or nothing, step() refuses to run): the
      // defaults, and no step taken.
      return mass_ == Real(1) && friction_ == Real(1) && damping_ == Real(1) && noise_fraction_ == Real(0) &&
             steps_ == 0u && current_ == 0u && !has_force_ && energy_ == Real(0);
    }
    const bool in_range = math::is_finite(time_step_) && math::is_finite(mass_) && math::is_finite(friction_) &&
                          time_step_ > Real(0) && mass_ > Real(0) && friction_ >= Real(0);
    if (!in_range) return false;
    const Real rate = friction_ * time_step_ / mass_;
    if (!math::is_finite(rate) || !math::is_finite(time_step_ / mass_)) return false;
    return damping_ == damping_for(rate) && noise_fraction_ == noise_fraction_for(rate);
  }

  vector_type position_[2] = {};
  vector_type momentum_[2] = {};
  vector_type gradient_[2] = {};
  Real time_step_ = Real(0);
  Real mass_ = Real(1);
  Real friction_ = Real(1);
  Real damping_ = Real(1);
  Real noise_fraction_ = Real(0);
  Real energy_ = Real(0);
  std::uint64_t steps_ = 0;
  unsigned current_ = 0;
  bool has_force_ = false;
};

}  // namespace langevin

#endif
