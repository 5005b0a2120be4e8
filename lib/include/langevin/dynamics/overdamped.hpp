/// \file
/// Overdamped Langevin dynamics  gamma dx = -grad E(x) dt + sqrt(2 gamma T) dW  on a
/// fixed-size state, discretised two ways:
///  - euler_maruyama:      x' = x - (h/gamma) grad E(x) + sqrt(2 T h / gamma) xi
///  - leimkuhler_matthews: x' = x - (h/gamma) grad E(x) + sqrt(2 T h / gamma) (xi + xi_next) / 2
/// Both cost one gradient and N Gaussian draws per step. Euler-Maruyama samples the
/// Boltzmann law exp(-E/T)/Z with an O(h) bias; Leimkuhler-Matthews with O(h^2) (and
/// exactly for quadratic E). With gamma = 1, T = 0 and h = learning rate, a step is one
/// iteration of gradient descent; with a noisy gradient it is SGD.
///
/// Both steppers follow the library's verb set: init(options), place(x), step(problem, T,
/// rng), run(problem, schedule, rng, count), current(), and checkpoints through
/// checkpoint.hpp. Their arithmetic is written once per scalar type (detail::overdamped_*,
/// over a run-time dimension); the <Real, N> classes only own the arrays.
#ifndef LANGEVIN_DYNAMICS_OVERDAMPED_HPP
#define LANGEVIN_DYNAMICS_OVERDAMPED_HPP

#include <array>
#include <cstddef>
#include <cstdint>

#include "../config.hpp"
#include "../detail/phase.hpp"
#include "../detail/checkpoint_io.hpp"
#include "../detail/finite_tally.hpp"
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

/// Parameters of the overdamped steppers. An aggregate; the defaults are valid.
template <class Real>
struct overdamped_options {
  /// Time step h > 0, in units of time.
  Real time_step = Real(0.01);
  /// Friction gamma > 0, in energy x time / length^2: the drift per step is (h / gamma) grad E.
  Real friction = Real(1);

  /// field::none if the options are valid, else the first wrong field: time_step (not
  /// finite, <= 0, or h / gamma not finite), friction (not finite or <= 0).
  field validate() const noexcept {
    if (!(math::is_finite(time_step) && time_step > Real(0))) return field::time_step;
    if (!(math::is_finite(friction) && friction > Real(0))) return field::friction;
    if (!math::is_finite(time_step / friction)) return field::time_step;
    return field::none;
  }
};

namespace detail {

/// The scalars of an overdamped stepper; its arrays (positions, gradient, noise) belong to
/// the sized class and are passed to the functions below with the dimension n.
template <class Real>
struct overdamped_core {
  Real time_step = Real(0);   ///< 0 until init() succeeds
  Real friction = Real(1);
  std::uint64_t steps = 0u;   ///< steps since place(): the schedule index
  std::uint32_t current = 0u; ///< which half of each double buffer is current (0 or 1)
  std::uint8_t has_noise = 0u;  ///< leimkuhler_matthews: the previous step's draws are held
};

template <class Real>
status overdamped_init(overdamped_core<Real>& core, const overdamped_options<Real>& options) noexcept {
  if (options.validate() != field::none) return status::invalid_argument;
  core.time_step = options.time_step;
  core.friction = options.friction;
  return status::ok;
}

template <class Real>
status overdamped_ready(const overdamped_core<Real>& core, Real temperature) noexcept {
  const bool valid = core.time_step > Real(0) && math::is_finite(temperature) && temperature >= Real(0);
  return valid ? status::ok : status::invalid_argument;
}

/// Makes the candidate buffer current if the update found it finite.
template <class Real>
status overdamped_commit(overdamped_core<Real>& core, bool candidate_is_finite) noexcept {
  if (!candidate_is_finite) return status::non_finite;
  core.current ^= 1u;
  ++core.steps;
  return status::ok;
}

/// The constants of an overdamped move at temperature t: the drift h/gamma and the noise
/// amplitude sqrt(2 t h/gamma), times `noise_scale` (1/2 for Leimkuhler-Matthews).
template <class Real>
struct overdamped_move_constants {
  Real drift;
  Real noise;
};
template <class Real>
[[gnu::always_inline]] inline overdamped_move_constants<Real> overdamped_constants(const overdamped_core<Real>& core,
                                                                                   Real t, Real noise_scale) noexcept {
  const Real drift = core.time_step / core.friction;
  // t h/gamma first: 2 t overflows for a huge T whose noise is finite (2 (t drift) is the
  // same value wherever t drift is a normal number).
  return {drift, noise_scale * math::sqrt(t * drift * Real(2))};
}
/// One coordinate of an overdamped move: x - drift g + noise xi.
template <class Real>
[[gnu::always_inline]] inline Real overdamped_coordinate(const overdamped_move_constants<Real>& k, Real x, Real g,
                                                         Real xi) noexcept {
  return x - k.drift * g + k.noise * xi;
}

/// next = x - (h/gamma) g + sqrt(2 T h / gamma) xi over n coordinates: the n draws first
/// (into `next`), then the arithmetic, each a phase of its own; committed if finite.
template <class Real, class Rng>
inline status euler_maruyama_move(overdamped_core<Real>& core, const Real* x, const Real* gradient, Real* next,
                                  std::size_t n, Real temperature, Rng& rng) noexcept {
  draw_step_normals(rng, next, n);
  const bool finite = run_phase<Real>(
      [](const overdamped_core<Real>* c, const Real* from, const Real* grad, Real* to, std::size_t count, Real t) {
        const overdamped_move_constants<Real> k = overdamped_constants(*c, t, Real(1));
        finite_tally<Real> tally;
        for (std::size_t i = 0; i < count; ++i) {
          const Real value = overdamped_coordinate(k, from[i], grad[i], to[i]);
          to[i] = value;
          tally.add(value);
        }
        return tally.all_finite(to, count);
      },
      &core, x, gradient, next, n, temperature);
  return overdamped_commit(core, finite);
}

/// next = x - (h/gamma) g + sqrt(2 T h / gamma) (previous + fresh) / 2, with the two noise
/// vectors in `noise` (previous at current * n, fresh at the other half): draws `previous`
/// first when none is held, then `fresh`; committed (and `fresh` kept) if finite.
template <class Real, class Rng>
inline status leimkuhler_matthews_move(overdamped_core<Real>& core, const Real* x, const Real* gradient, Real* next,
                                       Real* noise, std::size_t n, Real temperature, Rng& rng) noexcept {
  Real* previous = noise + core.current * n;
  Real* fresh = noise + (core.current ^ 1u) * n;
  if (core.has_noise == 0u) draw_step_normals(rng, previous, n);
  draw_step_normals(rng, fresh, n);
  const bool finite = run_phase<Real>(
      [](const overdamped_core<Real>* c, const Real* from, const Real* grad, Real* to, const Real* draws,
         std::size_t count, Real t) {
        const overdamped_move_constants<Real> k = overdamped_constants(*c, t, Real(0.5));
        const Real* old_noise = draws + c->current * count;
        const Real* new_noise = draws + (c->current ^ 1u) * count;
        finite_tally<Real> tally;
        for (std::size_t i = 0; i < count; ++i) {
          const Real value = overdamped_coordinate(k, from[i], grad[i], old_noise[i] + new_noise[i]);
          to[i] = value;
          tally.add(value);
        }
        return tally.all_finite(to, count);
      },
      &core, x, gradient, next, noise, n, temperature);
  const status committed = overdamped_commit(core, finite);
  if (committed == status::ok) core.has_noise = 1u;
  return committed;
}

/// The moves as phases whose types depend on Real and the generator only, so that every size
/// N of a stepper shares one copy (detail::run_shared: out of line on hardware floating point,
/// inline where it is emulated, for stack depth).
template <class Real, class Rng>
struct euler_maruyama_move_phase {
  status operator()(overdamped_core<Real>* core, const Real* x, const Real* gradient, Real* next, std::size_t n,
                    Real temperature, Rng* rng) const noexcept {
    return euler_maruyama_move(*core, x, gradient, next, n, temperature, *rng);
  }
};
template <class Real, class Rng>
struct leimkuhler_matthews_move_phase {
  status operator()(overdamped_core<Real>* core, const Real* x, const Real* gradient, Real* next, Real* noise,
                    std::size_t n, Real temperature, Rng* rng) const noexcept {
    return leimkuhler_matthews_move(*core, x, gradient, next, noise, n, temperature, *rng);
  }
};

/// Checks the scalars of a saved overdamped stepper: a buffer index of 0 or 1, a noise
/// flag of 0 or 1 (always 0 for Euler-Maruyama), and either the start values (never
/// initialised: init() changes all or nothing and step() refuses to run) or valid options.
template <class Real>
bool overdamped_core_valid(const overdamped_core<Real>& core, bool keeps_noise) noexcept {
  if (core.current > 1u || core.has_noise > (keeps_noise ? 1u : 0u)) return false;
  if (math::same(core.time_step, Real(0))) return math::same(core.friction, Real(1)) && core.steps == 0u && core.current == 0u && core.has_noise == 0u;
  return overdamped_options<Real>{core.time_step, core.friction}.validate() == field::none;
}

/// The shared part of the two overdamped classes: scalars, positions and gradient.
template <class Real, std::size_t N>
class overdamped_stepper {
 public:
  static_assert(N > 0, "a particle needs at least one coordinate");
  using real_type = Real;
  using point_type = std::array<Real, N>;
  using options_type = overdamped_options<Real>;

  /// Sets the time step and friction (see overdamped_options). Returns invalid_argument,
  /// changing nothing, unless options.validate() is field::none.
  status init(const options_type& options) noexcept { return overdamped_init(core_, options); }

  /// The current position (all elements finite; zero until place()).
  const point_type& current() const noexcept { return position_[core_.current]; }
  /// Steps taken since place(): the index n a schedule is evaluated at.
  std::uint64_t steps() const noexcept { return core_.steps; }
  /// The options given to init() (time step 0 before).
  options_type options() const noexcept { return {core_.time_step, core_.friction}; }
  /// Gradient evaluated by the last step (at its starting point); scratch otherwise.
  const point_type& gradient() const noexcept { return gradient_; }

 protected:
  status place_position(const point_type& x) noexcept {
    for (const Real value : x) {
      if (!math::is_finite(value)) return status::invalid_argument;
    }
    position_[core_.current] = x;
    core_.steps = 0u;
    return status::ok;
  }

  /// Checks T and evaluates the problem at the current position (one call).
  template <class Problem>
  step_result<Real> evaluate(const Problem& problem, Real temperature) noexcept {
    static_assert(is_gradient_problem_v<Problem, Real, N>,
                  "Problem must be callable as Real(const std::array<Real,N>&, std::array<Real,N>&) const");
    const status ready = overdamped_ready(core_, temperature);
    if (ready != status::ok) return {ready, Real(0)};
    const Real energy = run_phase<Real>([](const Problem* p, const point_type* x, point_type* g) { return (*p)(*x, *g); },
                                        &problem, &position_[core_.current], &gradient_);
    return {math::is_finite(energy) ? status::ok : status::non_finite, energy};
  }

  static constexpr std::size_t base_payload_size = sizeof(overdamped_core<Real>) + 2u * sizeof(point_type) + sizeof(point_type);

  void save_base(checkpoint_writer& out) const noexcept {
    out.put(core_);
    out.put(position_);
    out.put(gradient_);
  }
  void load_base(checkpoint_reader& in) noexcept {
    in.get_to(core_);
    in.get_to(position_);
    in.get_to(gradient_);
  }
  /// Reads and checks the saved scalars and positions; leaves `in` after the gradient.
  static bool base_valid(checkpoint_reader& in, overdamped_core<Real>& core, bool keeps_noise) noexcept {
    core = in.get<overdamped_core<Real>>();
    if (!overdamped_core_valid(core, keeps_noise)) return false;
    const checkpoint_reader positions = in.take<point_type>(2u);
    in.skip(sizeof(point_type));
    return saved_values_finite<Real>(positions.take_at<Real>(core.current * N), N);
  }

  overdamped_core<Real> core_{};
  point_type position_[2] = {};
  point_type gradient_ = {};
};

}  // namespace detail

/// Euler-Maruyama step of overdamped Langevin dynamics on N coordinates.
///
/// State: 3N reals (a double-buffered position and the gradient) plus a few scalars;
/// trivially copyable, no heap. Usage:
///   euler_maruyama<float, 2> walker;
///   walker.init({0.01f});  walker.place({1, 0});
///   walker.step(problem, temperature, rng);
/// Until init() succeeds, step() returns invalid_argument.
template <class Real, std::size_t N>
class euler_maruyama : public detail::overdamped_stepper<Real, N> {
  using base = detail::overdamped_stepper<Real, N>;

 public:
  using typename base::point_type;

  /// Places the particle at `x` (every element finite, else invalid_argument and no
  /// change) and restarts the step count.
  status place(const point_type& x) noexcept { return this->place_position(x); }

  /// One step at `temperature` T >= 0 (energy units, k_B = 1): evaluates E and grad E at
  /// the current position x (one problem call) and moves to
  /// x - (h/gamma) grad E(x) + sqrt(2 T h / gamma) xi, xi ~ N(0, I) drawn from `rng`.
  /// Returns {ok, E(x)}; {non_finite, E} with the position unchanged if the energy, the
  /// gradient or the new position is not finite (the draws are consumed, except when E or
  /// its gradient at x is not finite: then none is made); {invalid_argument,
  /// 0} (no problem call, no draws) for a negative or non-finite T or before init(). Work:
  /// one problem call, N Gaussian draws, O(N).
  template <class Problem, class Rng>
  step_result<Real> step(const Problem& problem, Real temperature, Rng& rng) noexcept {
    const step_result<Real> evaluated = this->evaluate(problem, temperature);
    if (evaluated.status != status::ok) return evaluated;
    const unsigned now = this->core_.current;
    const status moved = detail::run_shared<Real>(detail::euler_maruyama_move_phase<Real, Rng>{}, &this->core_,
                                                  this->position_[now].data(), this->gradient_.data(),
                                                  this->position_[now ^ 1u].data(), N, temperature, &rng);
    return {moved, evaluated.value};
  }

  /// Runs `count` steps, the one with index n = steps() at T = temperature(n); stops at the
  /// first step that is not ok. invalid_argument (no work) for an invalid schedule.
  template <class Problem, class Rng>
  run_result<Real> run(const Problem& problem, const schedule<Real>& temperature, Rng& rng,
                       std::uint64_t count) noexcept {
    return detail::run_stepper(*this, problem, temperature, rng, count);
  }

 private:
  friend struct checkpoint_access;
  static constexpr checkpoint_identity checkpoint_id{detail::checkpoint_kind<Real>(0x0020u), 1u,
                                                     detail::checkpoint_shape(N)};
  static constexpr std::size_t checkpoint_payload_size = base::base_payload_size;
  void checkpoint_save(detail::checkpoint_writer& out) const noexcept { this->save_base(out); }
  static bool checkpoint_valid(detail::checkpoint_reader in) noexcept {
    detail::overdamped_core<Real> core;
    return base::base_valid(in, core, false);
  }
  void checkpoint_load(detail::checkpoint_reader in) noexcept { this->load_base(in); }
};

/// Leimkuhler-Matthews step of overdamped Langevin dynamics on N coordinates: the
/// Euler-Maruyama drift with the noise (xi_n + xi_{n+1}) / 2, which averages the
/// discretisation error away to O(h^2) in the stationary law at the same cost. The
/// previous step's draws are part of the state (2N more reals, double buffered).
template <class Real, std::size_t N>
class leimkuhler_matthews : public detail::overdamped_stepper<Real, N> {
  using base = detail::overdamped_stepper<Real, N>;

 public:
  using typename base::point_type;

  /// Places the particle at `x` (as euler_maruyama::place) and forgets the previous noise:
  /// the next step draws a fresh xi_n first (N extra draws).
  status place(const point_type& x) noexcept {
    const status placed = this->place_position(x);
    if (placed == status::ok) this->core_.has_noise = 0u;
    return placed;
  }

  /// One step at temperature T >= 0: x' = x - (h/gamma) grad E(x) + sqrt(2 T h / gamma)
  /// (xi_n + xi_{n+1}) / 2. Same results and guarantees as euler_maruyama::step; the
  /// first step after place() draws 2N normals, later steps N.
  template <class Problem, class Rng>
  step_result<Real> step(const Problem& problem, Real temperature, Rng& rng) noexcept {
    const step_result<Real> evaluated = this->evaluate(problem, temperature);
    if (evaluated.status != status::ok) return evaluated;
    const unsigned now = this->core_.current;
    const status moved = detail::run_shared<Real>(
        detail::leimkuhler_matthews_move_phase<Real, Rng>{}, &this->core_, this->position_[now].data(),
        this->gradient_.data(), this->position_[now ^ 1u].data(), noise_.data(), N, temperature, &rng);
    return {moved, evaluated.value};
  }

  /// As euler_maruyama::run.
  template <class Problem, class Rng>
  run_result<Real> run(const Problem& problem, const schedule<Real>& temperature, Rng& rng,
                       std::uint64_t count) noexcept {
    return detail::run_stepper(*this, problem, temperature, rng, count);
  }

 private:
  /// The previous step's draws at current() * N, the fresh ones at the other half.
  using noise_type = std::array<Real, 2 * N>;

  friend struct checkpoint_access;
  /// Draws remembered in a saved state must be ones normal() can produce: it stays below
  /// 8.3 in float and 14.1 in double.
  static constexpr Real largest_draw = Real(16);
  static constexpr checkpoint_identity checkpoint_id{detail::checkpoint_kind<Real>(0x0021u), 1u,
                                                     detail::checkpoint_shape(N)};
  static constexpr std::size_t checkpoint_payload_size = base::base_payload_size + sizeof(noise_type);
  void checkpoint_save(detail::checkpoint_writer& out) const noexcept {
    this->save_base(out);
    out.put(noise_);
  }
  /// As euler_maruyama's, plus: remembered draws only once initialised, and each of them
  /// finite and within +-largest_draw.
  static bool checkpoint_valid(detail::checkpoint_reader in) noexcept {
    detail::overdamped_core<Real> core;
    if (!base::base_valid(in, core, true)) return false;
    if (core.has_noise == 0u) return true;
    if (math::same(core.time_step, Real(0))) return false;
    const detail::checkpoint_reader draws = in.take_at<Real>(core.current * N);  // noise_ follows the base
    for (std::size_t i = 0; i < N; ++i) {
      const Real draw = draws.at<Real>(i);
      if (!(draw >= -largest_draw && draw <= largest_draw)) return false;
    }
    return true;
  }
  void checkpoint_load(detail::checkpoint_reader in) noexcept {
    this->load_base(in);
    in.get_to(noise_);
  }

  noise_type noise_ = {};
};

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
