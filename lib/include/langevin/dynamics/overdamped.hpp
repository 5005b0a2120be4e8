/// \file
/// Overdamped Langevin dynamics  gamma dx = -grad E(x) dt + sqrt(2 gamma T) dW  on a
/// fixed-size state, discretised two ways:
///  - euler_maruyama:      x' = x - (h/gamma) grad E(x) + sqrt(2 T h / gamma) xi
///  - leimkuhler_matthews: x' = x - (h/gamma) grad E(x) + sqrt(2 T h / gamma) (xi + xi_next) / 2
/// Both cost one gradient and N Gaussian draws per step. Euler-Maruyama samples the
/// Boltzmann law exp(-E/T)/Z with an O(h) bias; Leimkuhler-Matthews with O(h^2) (and
/// exactly for quadratic E). With gamma = 1, T = 0 and h = learning rate, a step is one
/// iteration of gradient descent; with a noisy gradient it is SGD.
#ifndef LANGEVIN_DYNAMICS_OVERDAMPED_HPP
#define LANGEVIN_DYNAMICS_OVERDAMPED_HPP

#include <array>
#include <cstddef>
#include <cstdint>

#include "../detail/state_checks.hpp"
#include "../math.hpp"
#include "../problem.hpp"
#include "../random/normal.hpp"
#include "../status.hpp"

namespace langevin {

namespace detail {

/// The state and parameters the two overdamped steppers share. Positions are double
/// buffered: a step writes the candidate into the idle buffer and commits it only if it
/// is finite, so a rejected step leaves the state untouched.
template <class Real, std::size_t N>
class overdamped_base {
 public:
  static_assert(N > 0, "a particle needs at least one coordinate");
  using position_type = std::array<Real, N>;

  /// Sets the time step h > 0 (units of time) and the friction gamma > 0 (units of
  /// energy x time / length^2). Returns invalid_argument, changing nothing, otherwise.
  status configure(Real time_step, Real friction = Real(1)) noexcept {
    if (!(math::is_finite(time_step) && math::is_finite(friction) && time_step > Real(0) && friction > Real(0))) {
      return status::invalid_argument;
    }
    if (!math::is_finite(time_step / friction)) return status::invalid_argument;
    time_step_ = time_step;
    friction_ = friction;
    return status::ok;
  }

  /// Places the particle at `x` (every element finite) and restarts the step count.
  status set_position(const position_type& x) noexcept {
    if (!detail::all_finite(x)) return status::invalid_argument;
    position_[current_] = x;
    steps_ = 0;
    return status::ok;
  }

  /// Current position (all elements finite).
  const position_type& position() const noexcept { return position_[current_]; }
  /// Steps taken since set_position(): the index n a schedule is evaluated at.
  std::uint64_t steps() const noexcept { return steps_; }
  Real time_step() const noexcept { return time_step_; }
  Real friction() const noexcept { return friction_; }
  /// Gradient evaluated by the last step (at its starting point); scratch otherwise.
  const position_type& gradient() const noexcept { return gradient_; }

 protected:
  overdamped_base() noexcept = default;

  /// Checks the temperature and evaluates the problem at the current position. A
  /// non-finite gradient is caught by commit(): it makes the candidate non-finite.
  template <class Problem>
  status evaluate(const Problem& problem, Real temperature, Real& energy) noexcept {
    static_assert(is_gradient_problem_v<Problem, Real, N>,
                  "Problem must be callable as Real(const std::array<Real,N>&, std::array<Real,N>&) const");
    if (!(time_step_ > Real(0)) || !math::is_finite(temperature) || !(temperature >= Real(0))) {
      return status::invalid_argument;
    }
    energy = problem(position_[current_], gradient_);
    return math::is_finite(energy) ? status::ok : status::non_finite;
  }

  /// True if this object's values are ones the class can reach: a buffer index of 0 or 1,
  /// a finite current position, and either a time step of 0 with everything else at its
  /// start (never configured: configure() changes all or nothing, and step() refuses to
  /// run) or a finite positive time step and friction with a finite ratio. The gradient
  /// and the idle position buffer are scratch and may hold anything.
  bool holds_reachable_state() const noexcept {
    if (!detail::is_buffer_index(current_) || !detail::all_finite(position_[current_ & 1u])) return false;
    if (time_step_ == Real(0)) return friction_ == Real(1) && steps_ == 0u && current_ == 0u;
    return math::is_finite(time_step_) && time_step_ > Real(0) && math::is_finite(friction_) &&
           friction_ > Real(0) && math::is_finite(time_step_ / friction_);
  }

  /// Makes the candidate buffer current if the update loop found it finite.
  status commit(bool candidate_is_finite) noexcept {
    if (!candidate_is_finite) return status::non_finite;
    current_ ^= 1u;
    ++steps_;
    return status::ok;
  }

  position_type position_[2] = {};
  position_type gradient_ = {};
  Real time_step_ = Real(0);
  Real friction_ = Real(1);
  std::uint64_t steps_ = 0;
  unsigned current_ = 0;
};

}  // namespace detail

/// Euler-Maruyama step of overdamped Langevin dynamics on N coordinates.
///
/// State: 2N + N reals plus a few scalars, trivially copyable; no heap. Usage:
///   euler_maruyama<float, 2> walker;  walker.configure(0.01f);  walker.set_position({1, 0});
///   walker.step(problem, temperature, rng);
/// Until configure() succeeds, step() returns invalid_argument.
template <class Real, std::size_t N>
class euler_maruyama : public detail::overdamped_base<Real, N> {
 public:
  /// The saved state is the whole object (trivially copyable, no pointers): see
  /// checkpoint.hpp for saving it as a blob.
  using state_type = euler_maruyama;

  /// The state, for checkpoints.
  const state_type& state() const noexcept { return *this; }

  /// Restores a state saved by state(). Returns invalid_argument, changing nothing, if it
  /// holds values no euler_maruyama can have (a negative or non-finite time step or
  /// friction, a non-finite position, a corrupt buffer index).
  status set_state(const state_type& saved) noexcept {
    if (!saved.holds_reachable_state()) return status::invalid_argument;
    *this = saved;
    return status::ok;
  }

  /// One step at `temperature` T >= 0 (energy units, k_B = 1): evaluates E and grad E at
  /// the current position x (one problem call) and moves to
  /// x - (h/gamma) grad E(x) + sqrt(2 T h / gamma) xi, xi ~ N(0, I) drawn from `rng`.
  /// Returns {ok, E(x)}; {non_finite, E} with the state unchanged if the energy, the
  /// gradient or the new position is not finite; {invalid_argument, 0} (no problem call,
  /// no draws) for a negative or non-finite T or an unconfigured stepper. Work: one
  /// problem call, N Gaussian draws, O(N).
  template <class Problem, class Rng>
  step_result<Real> step(const Problem& problem, Real temperature, Rng& rng) noexcept {
    Real energy = Real(0);
    const status checked = this->evaluate(problem, temperature, energy);
    if (checked != status::ok) return {checked, energy};
    const Real drift = this->time_step_ / this->friction_;
    const Real noise = math::sqrt(Real(2) * temperature * drift);
    const auto& x = this->position_[this->current_];
    auto& next = this->position_[this->current_ ^ 1u];
    bool finite = true;
#if LANGEVIN_SOFT_DOUBLE
    if constexpr (detail::normal_out_of_line<Real>) {
      // Software double (see normal.hpp): the draws first, into the candidate buffer, so
      // fewer values are live across the sampler's calls; the same draws and arithmetic.
      for (std::size_t i = 0; i < N; ++i) next[i] = normal<Real>(rng);
      for (std::size_t i = 0; i < N; ++i) {
        next[i] = x[i] - drift * this->gradient_[i] + noise * next[i];
        finite &= math::is_finite(next[i]);
      }
      return {this->commit(finite), energy};
    }
#endif
    for (std::size_t i = 0; i < N; ++i) {
      next[i] = x[i] - drift * this->gradient_[i] + noise * normal<Real>(rng);
      finite &= math::is_finite(next[i]);
    }
    return {this->commit(finite), energy};
  }
};

/// Leimkuhler-Matthews step of overdamped Langevin dynamics on N coordinates: the
/// Euler-Maruyama drift with the noise (xi_n + xi_{n+1}) / 2, which averages the
/// discretisation error away to O(h^2) in the stationary law at the same cost. The
/// previous step's draws are part of the state (N more reals).
template <class Real, std::size_t N>
class leimkuhler_matthews : public detail::overdamped_base<Real, N> {
  using base = detail::overdamped_base<Real, N>;

 public:
  using typename base::position_type;
  /// The saved state is the whole object, including the previous step's draws (see
  /// euler_maruyama::state_type).
  using state_type = leimkuhler_matthews;

  /// The state, for checkpoints.
  const state_type& state() const noexcept { return *this; }

  /// Restores a state saved by state(). Returns invalid_argument, changing nothing, for
  /// values no leimkuhler_matthews can have: as euler_maruyama::set_state, plus a corrupt
  /// noise flag, a noise buffer index that differs from the position's (they flip
  /// together), remembered draws while never configured, or remembered draws that
  /// normal() cannot produce (non-finite or larger than 16 in magnitude; normal() stays
  /// below 8.3 in float and 14.1 in double).
  status set_state(const state_type& saved) noexcept {
    if (!saved.holds_reachable_state() || !detail::holds_bool(saved.has_noise_) ||
        saved.noise_current_ != saved.current_) {
      return status::invalid_argument;
    }
    if (saved.has_noise_) {
      if (saved.time_step_ == Real(0)) return status::invalid_argument;
      for (const Real draw : saved.noise_[saved.noise_current_ & 1u]) {
        if (!(draw >= -largest_draw && draw <= largest_draw)) return status::invalid_argument;
      }
    }
    *this = saved;
    return status::ok;
  }

  /// Places the particle at `x` and forgets the previous noise (the next step draws a
  /// fresh xi_n first, N extra draws).
  status set_position(const position_type& x) noexcept {
    const status s = base::set_position(x);
    if (s == status::ok) has_noise_ = false;
    return s;
  }

  /// One step at temperature T >= 0: x' = x - (h/gamma) grad E(x) + sqrt(2 T h / gamma)
  /// (xi_n + xi_{n+1}) / 2. Same results and guarantees as euler_maruyama::step; the
  /// first step after set_position() draws 2N normals, later steps N.
  template <class Problem, class Rng>
  step_result<Real> step(const Problem& problem, Real temperature, Rng& rng) noexcept {
    Real energy = Real(0);
    const status checked = this->evaluate(problem, temperature, energy);
    if (checked != status::ok) return {checked, energy};
    auto& previous = noise_[noise_current_];
    if (!has_noise_) {
      for (std::size_t i = 0; i < N; ++i) previous[i] = normal<Real>(rng);
    }
    const Real drift = this->time_step_ / this->friction_;
    const Real half_noise = Real(0.5) * math::sqrt(Real(2) * temperature * drift);
    const auto& x = this->position_[this->current_];
    auto& next = this->position_[this->current_ ^ 1u];
    auto& fresh = noise_[noise_current_ ^ 1u];
    bool finite = true;
#if LANGEVIN_SOFT_DOUBLE
    if constexpr (detail::normal_out_of_line<Real>) {
      // Software double: the draws first (see euler_maruyama::step); the same values.
      for (std::size_t i = 0; i < N; ++i) fresh[i] = normal<Real>(rng);
      for (std::size_t i = 0; i < N; ++i) {
        next[i] = x[i] - drift * this->gradient_[i] + half_noise * (previous[i] + fresh[i]);
        finite &= math::is_finite(next[i]);
      }
    } else
#endif
    {
      for (std::size_t i = 0; i < N; ++i) {
        fresh[i] = normal<Real>(rng);
        next[i] = x[i] - drift * this->gradient_[i] + half_noise * (previous[i] + fresh[i]);
        finite &= math::is_finite(next[i]);
      }
    }
    const status committed = this->commit(finite);
    if (committed == status::ok) {
      noise_current_ ^= 1u;
      has_noise_ = true;
    }
    return {committed, energy};
  }

 private:
  static constexpr Real largest_draw = Real(16);

  std::array<Real, N> noise_[2] = {};
  unsigned noise_current_ = 0;
  bool has_noise_ = false;
};

}  // namespace langevin

#endif
