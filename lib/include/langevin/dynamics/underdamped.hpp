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

#include "../config.hpp"
#include "../detail/checkpoint_io.hpp"
#include "../detail/finite_tally.hpp"
#include "../detail/phase.hpp"
#include "../field.hpp"
#include "../math.hpp"
#include "../problem.hpp"
#include "../random/detail/local_draws.hpp"
#include "../random/normal.hpp"
#include "../schedule.hpp"
#include "../status.hpp"
#include "detail/stepper_run.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

/// Parameters of the BAOAB stepper. An aggregate; the defaults are valid.
template <class Real>
struct underdamped_options {
  /// Time step h > 0, in units of time.
  Real time_step = Real(0.01);
  /// Mass m > 0 (energy x time^2 / length^2).
  Real mass = Real(1);
  /// Friction gamma >= 0 (energy x time / length^2); 0 gives Hamiltonian velocity Verlet.
  Real friction = Real(1);

  /// field::none if valid, else the first wrong field: time_step (not finite or <= 0),
  /// mass (not finite or <= 0, or h / m not finite), friction (not finite, < 0, or
  /// gamma h / m not finite).
  field validate() const noexcept {
    if (!(math::is_finite(time_step) && time_step > Real(0))) return field::time_step;
    if (!(math::is_finite(mass) && mass > Real(0) && math::is_finite(time_step / mass))) return field::mass;
    if (!(math::is_finite(friction) && friction >= Real(0) && math::is_finite(friction * time_step / mass))) {
      return field::friction;
    }
    return field::none;
  }
};

namespace detail {

/// The scalars of a BAOAB stepper; its arrays (double-buffered positions, momenta and
/// forces) belong to the sized class.
template <class Real>
struct baoab_core {
  Real time_step = Real(0);       ///< 0 until init() succeeds
  Real mass = Real(1);
  Real friction = Real(1);
  Real damping = Real(1);         ///< O-step: exp(-gamma h / m)
  Real noise_fraction = Real(0);  ///< O-step: sqrt(1 - exp(-2 gamma h / m))
  Real energy = Real(0);          ///< E at the current position, once evaluated
  std::uint64_t steps = 0u;       ///< steps since place(): the schedule index
  std::uint32_t current = 0u;     ///< which half of each double buffer is current (0 or 1)
  std::uint8_t has_force = 0u;    ///< the force at the current position is evaluated
};

/// O-step constants for rate = gamma h / m: exp(-rate) and sqrt(1 - exp(-2 rate)), with
/// the library's deterministic math (the same bits on every port).
template <class Real>
Real baoab_damping(Real rate) noexcept {
  return math::exp(-rate);
}
template <class Real>
Real baoab_noise_fraction(Real rate) noexcept {
  return math::sqrt(-math::expm1(Real(-2) * rate));
}

template <class Real>
[[gnu::noinline]] status baoab_init(baoab_core<Real>& core, const underdamped_options<Real>& options) noexcept {
  if (options.validate() != field::none) return status::invalid_argument;
  const Real rate = options.friction * options.time_step / options.mass;
  core.time_step = options.time_step;
  core.mass = options.mass;
  core.friction = options.friction;
  core.damping = baoab_damping(rate);
  core.noise_fraction = baoab_noise_fraction(rate);
  return status::ok;
}

/// B, A, O, A of a step into (q_next, p_next) over n coordinates, from (q, p) with the
/// force -g: the n draws first (into p_next), then the arithmetic. False if any result is
/// not finite. Only the new positions are tallied: each is drifted + (h/2m) thermalised with
/// h/2m finite and >= 0, so a non-finite momentum (or kick, or drift) before it makes it
/// non-finite too.
template <class Real, class Rng>
inline bool baoab_kick_drift_thermalise(const baoab_core<Real>& core, const Real* q, const Real* p, const Real* g,
                                 Real* q_next, Real* p_next, std::size_t n, Real temperature, Rng& rng) noexcept {
  draw_step_normals(rng, p_next, n);
  return run_phase<Real>(
      [](const baoab_core<Real>* c, const Real* q0, const Real* p0, const Real* g0, Real* q1, Real* p1, std::size_t count,
         Real t) {
        const Real half_step = Real(0.5) * c->time_step;
        const Real half_drift = half_step / c->mass;
        const Real damping = c->damping;
        const Real thermal = c->noise_fraction * math::sqrt(c->mass * t);
        finite_tally<Real> tally;
        for (std::size_t i = 0; i < count; ++i) {
          const Real kicked = p0[i] - half_step * g0[i];                        // B
          const Real drifted = q0[i] + half_drift * kicked;                     // A
          const Real thermalised = damping * kicked + thermal * p1[i];         // O (p1[i]: the draw)
          const Real position = drifted + half_drift * thermalised;            // A
          q1[i] = position;
          p1[i] = thermalised;
          tally.add(position);
        }
        return tally.all_finite(q1, count);
      },
      &core, q, p, g, q_next, p_next, n, temperature);
}

/// The last half kick with the force -g_next at the new position, whose energy is
/// `energy`; commits the step if everything is finite.
template <class Real>
status baoab_finish(baoab_core<Real>& core, Real energy, Real* p_next, const Real* g_next, std::size_t n) noexcept {
  if (!math::is_finite(energy)) return status::non_finite;
  const bool finite = run_phase<Real>(
      [](Real time_step, Real* p1, const Real* g1, std::size_t count) {
        const Real half_step = Real(0.5) * time_step;
        finite_tally<Real> tally;
        for (std::size_t i = 0; i < count; ++i) {
          const Real kicked = p1[i] - half_step * g1[i];  // B
          p1[i] = kicked;
          tally.add(kicked);
        }
        return tally.all_finite(p1, count);
      },
      core.time_step, p_next, g_next, n);
  if (!finite) return status::non_finite;
  core.current ^= 1u;
  core.energy = energy;
  ++core.steps;
  return status::ok;
}

/// The two halves of a step as phases whose types depend on Real and the generator only, so
/// that every size N shares one copy (see overdamped.hpp's move phases).
template <class Real, class Rng>
struct baoab_kick_drift_thermalise_phase {
  bool operator()(const baoab_core<Real>* core, const Real* q, const Real* p, const Real* g, Real* q_next,
                  Real* p_next, std::size_t n, Real temperature, Rng* rng) const noexcept {
    return baoab_kick_drift_thermalise(*core, q, p, g, q_next, p_next, n, temperature, *rng);
  }
};
template <class Real>
struct baoab_finish_phase {
  status operator()(baoab_core<Real>* core, Real energy, Real* p_next, const Real* g_next, std::size_t n) const noexcept {
    return baoab_finish(*core, energy, p_next, g_next, n);
  }
};

/// True if the saved scalars are ones a baoab can hold: flags and buffer index 0 or 1, a
/// finite energy, and either the start values (never initialised) or valid options whose
/// O-step constants equal the ones init() computes from them.
template <class Real>
bool baoab_core_valid(const baoab_core<Real>& core) noexcept {
  if (core.current > 1u || core.has_force > 1u || !math::is_finite(core.energy)) return false;
  if (math::same(core.time_step, Real(0))) {
    return math::same(core.mass, Real(1)) && math::same(core.friction, Real(1)) && math::same(core.damping, Real(1)) &&
           math::same(core.noise_fraction, Real(0)) && core.steps == 0u && core.current == 0u && core.has_force == 0u &&
           math::same(core.energy, Real(0));
  }
  if (underdamped_options<Real>{core.time_step, core.mass, core.friction}.validate() != field::none) return false;
  const Real rate = core.friction * core.time_step / core.mass;
  return math::same(core.damping, baoab_damping(rate)) && math::same(core.noise_fraction, baoab_noise_fraction(rate));
}

}  // namespace detail

/// BAOAB integrator of underdamped Langevin dynamics on N coordinates.
///
/// State: positions, momenta and forces, each double buffered so a rejected step leaves
/// the state untouched (6N reals), plus a few scalars; trivially copyable, no heap.
/// init() computes the O-step constants exp(-gamma h / m) and sqrt(1 - exp(-2 gamma h / m))
/// once, with the library's deterministic math (bit-identical on every port).
template <class Real, std::size_t N>
class baoab {
 public:
  static_assert(N > 0, "a particle needs at least one coordinate");
  using real_type = Real;
  using point_type = std::array<Real, N>;
  using options_type = underdamped_options<Real>;

  /// Sets time step, mass and friction (see underdamped_options). Returns
  /// invalid_argument, changing nothing, unless options.validate() is field::none.
  status init(const options_type& options) noexcept { return detail::baoab_init(core_, options); }

  /// Places the particle at position `q` with momentum `p` (all finite, else
  /// invalid_argument and no change) and restarts the step count. The force at q is
  /// evaluated by the next step (one extra problem call).
  status place(const point_type& q, const point_type& p) noexcept {
    for (std::size_t i = 0; i < N; ++i) {
      if (!math::is_finite(q[i]) || !math::is_finite(p[i])) return status::invalid_argument;
    }
    position_[core_.current] = q;
    momentum_[core_.current] = p;
    core_.has_force = 0u;
    core_.steps = 0u;
    return status::ok;
  }

  /// One BAOAB step at temperature T >= 0. Returns {ok, E(q')} with E at the new
  /// position; {non_finite, E} with the state unchanged if an energy, force or the new
  /// state is not finite (the draws are consumed, except when the first step after place()
  /// finds E or its force at q not finite: then none is made), including when m T overflows
  /// (the O-step's kick sqrt(m T) is not finite, even at zero friction); {invalid_argument,
  /// 0} for a bad T or before init(). Work: one problem call (two on the first step after place()), N
  /// Gaussian draws, O(N).
  template <class Problem, class Rng>
  step_result<Real> step(const Problem& problem, Real temperature, Rng& rng) noexcept {
    static_assert(is_gradient_problem_v<Problem, Real, N>,
                  "Problem must be callable as Real(const std::array<Real,N>&, std::array<Real,N>&) const");
    if (!(core_.time_step > Real(0)) || !math::is_finite(temperature) || !(temperature >= Real(0))) {
      return {status::invalid_argument, Real(0)};
    }
    const unsigned now = core_.current;
    const unsigned next = now ^ 1u;
    if (core_.has_force == 0u) {
      const Real energy = detail::run_phase<Real>(evaluate<Problem>(), &problem, &position_[now], &gradient_[now]);
      bool finite = math::is_finite(energy);
      for (const Real g : gradient_[now]) finite &= math::is_finite(g);
      if (!finite) return {status::non_finite, energy};
      core_.energy = energy;
      core_.has_force = 1u;
    }
    if (!detail::run_shared<Real>(detail::baoab_kick_drift_thermalise_phase<Real, Rng>{}, &core_,
                                  position_[now].data(), momentum_[now].data(), gradient_[now].data(),
                                  position_[next].data(), momentum_[next].data(), N, temperature, &rng)) {
      return {status::non_finite, core_.energy};
    }
    const Real energy = detail::run_phase<Real>(evaluate<Problem>(), &problem, &position_[next], &gradient_[next]);
    const status finished = detail::run_shared<Real>(detail::baoab_finish_phase<Real>{}, &core_, energy,
                                                     momentum_[next].data(), gradient_[next].data(), N);
    return {finished, energy};
  }

  /// Runs `count` steps, the one with index n = steps() at T = temperature(n); stops at the
  /// first step that is not ok. invalid_argument (no work) for an invalid schedule.
  template <class Problem, class Rng>
  run_result<Real> run(const Problem& problem, const schedule<Real>& temperature, Rng& rng,
                       std::uint64_t count) noexcept {
    return detail::run_stepper(*this, problem, temperature, rng, count);
  }

  /// Current position q (zero until place()).
  const point_type& current() const noexcept { return position_[core_.current]; }
  /// Current momentum p.
  const point_type& momentum() const noexcept { return momentum_[core_.current]; }
  /// E at current() once a step has evaluated it (0 before the first step).
  Real current_value() const noexcept { return core_.energy; }
  /// Kinetic energy sum p_i^2 / (2 m) of the current momentum.
  Real kinetic_energy() const noexcept {
    Real sum = Real(0);
    for (const Real pi : momentum_[core_.current]) sum += pi * pi;
    return sum / (Real(2) * core_.mass);
  }
  /// Steps taken since place(): the index n a schedule is evaluated at.
  std::uint64_t steps() const noexcept { return core_.steps; }
  /// The options given to init() (time step 0 before).
  options_type options() const noexcept { return {core_.time_step, core_.mass, core_.friction}; }

 private:
  /// The problem call, as a phase of its own (see detail::run_phase).
  template <class Problem>
  static constexpr auto evaluate() noexcept {
    return [](const Problem* problem, const point_type* x, point_type* gradient) { return (*problem)(*x, *gradient); };
  }

  friend struct checkpoint_access;
  static constexpr checkpoint_identity checkpoint_id{detail::checkpoint_kind<Real>(0x0022u), 1u,
                                                     detail::checkpoint_shape(N)};
  static constexpr std::size_t checkpoint_payload_size = sizeof(detail::baoab_core<Real>) + 6u * sizeof(point_type);
  void checkpoint_save(detail::checkpoint_writer& out) const noexcept {
    out.put(core_);
    out.put(position_);
    out.put(momentum_);
    out.put(gradient_);
  }
  /// Accepts what baoab_core_valid() accepts, with a finite current position and momentum
  /// and, once evaluated, a finite current force.
  static bool checkpoint_valid(detail::checkpoint_reader in) noexcept {
    const auto core = in.get<detail::baoab_core<Real>>();
    if (!detail::baoab_core_valid(core)) return false;
    const std::size_t now = core.current * N;
    const detail::checkpoint_reader positions = in.take<point_type>(2u);
    const detail::checkpoint_reader momenta = in.take<point_type>(2u);
    const detail::checkpoint_reader forces = in.take<point_type>(2u);
    return detail::saved_values_finite<Real>(positions.take_at<Real>(now), N) &&
           detail::saved_values_finite<Real>(momenta.take_at<Real>(now), N) &&
           (core.has_force == 0u || detail::saved_values_finite<Real>(forces.take_at<Real>(now), N));
  }
  void checkpoint_load(detail::checkpoint_reader in) noexcept {
    in.get_to(core_);
    in.get_to(position_);
    in.get_to(momentum_);
    in.get_to(gradient_);
  }

  detail::baoab_core<Real> core_{};
  point_type position_[2] = {};
  point_type momentum_[2] = {};
  point_type gradient_[2] = {};
};

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
