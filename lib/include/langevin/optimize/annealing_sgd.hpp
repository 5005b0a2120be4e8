/// \file
/// Gradient descent, SGD and mini-batch SGD as a discretized Langevin process, with a
/// learning-rate schedule (the time step), optional momentum (friction), optional injected
/// thermal noise with its own temperature schedule (SGLD, annealed SGD), gradient
/// clipping and best-so-far tracking. All state is fixed-size and trivially copyable; the
/// data set stays in the caller's memory.
///
/// One step with learning rate eta = lr(n), temperature T = T(n), momentum mu:
///
///     g      = clip(scale * sum_{i in batch} grad l_i(theta))
///     v      = mu * v - eta * g + sqrt(2 * eta * T * (1 - mu) * noise_scale) * xi,  xi ~ N(0, I)
///     theta  = theta + v                      (with mu = 0: theta -= eta g + noise)
///
/// Objective conventions (`objective` option), for a batch of b of the N samples:
///
/// - `objective_scale::sum` (posterior potential): U(theta) = sum over all N samples of
///   l_i(theta). The batch sum times N / b is an unbiased estimate of U and of grad U
///   (scale = N / b) and noise_scale = 1: the step is the SGLD step
///   theta -= eta grad U_hat + sqrt(2 eta T) xi, whose stationary law (small eta) is
///   exp(-U / T); at T = 1 with l_i = -log p(y_i | theta) - log p(theta) / N it samples the
///   Bayesian posterior.
/// - `objective_scale::mean` (the usual machine-learning loss, the default): L = U / N,
///   estimated by the batch mean (scale = 1 / b). The step -eta grad L is the sum-convention
///   step with time step eta / N, so the noise that keeps the same stationary law
///   exp(-U / T) is sqrt(2 (eta / N) T) xi: noise_scale = 1 / N. Injecting sqrt(2 eta T)
///   instead (a common mistake) samples exp(-U / (N T)), a posterior N times too wide.
///
/// In both conventions T is the temperature of U = sum of the per-sample losses, so one
/// temperature schedule means the same thing for any N and B. With momentum mu > 0 the
/// update is stochastic-gradient Hamiltonian Monte Carlo in SGD form (friction 1 - mu),
/// with the same stationary law. Clipping and the mini-batch gradient noise itself
/// (variance proportional to eta^2 (N / b)^2) perturb the stationary law at O(eta).
#ifndef LANGEVIN_OPTIMIZE_ANNEALING_SGD_HPP
#define LANGEVIN_OPTIMIZE_ANNEALING_SGD_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "../detail/state_checks.hpp"
#include "../math.hpp"
#include "../problem.hpp"
#include "../random/normal.hpp"
#include "../random/pcg32.hpp"
#include "../schedule.hpp"
#include "../span.hpp"
#include "../status.hpp"
#include "dataset.hpp"

namespace langevin {

namespace detail {
/// True if every element is finite: x * 0 is +-0 for finite x and NaN for an infinity or a
/// NaN, so the sum is 0 exactly when all are finite. Floating-point arithmetic on values
/// still in registers (vectorizes, no integer reload of freshly stored vectors, which
/// stalls store forwarding); relies on IEEE semantics (no -ffinite-math-only), as the
/// whole library does.
template <class Real, std::size_t P>
inline bool all_finite_by_arithmetic(const std::array<Real, P>& values) noexcept {
  Real probe = Real(0);
  for (const Real x : values) probe += x * Real(0);
  return probe == Real(0);
}
}  // namespace detail

/// Which objective the learning rate and the reported loss refer to; see the file comment.
enum class objective_scale : unsigned char {
  mean,  ///< L = (1/N) sum l_i; batch estimate (1/b) sum; noise sqrt(2 lr T / N).
  sum,   ///< U = sum l_i; batch estimate (N/b) sum; noise sqrt(2 lr T).
};

/// Configuration of `annealing_sgd`. An aggregate; every field has a default.
template <class Real>
struct annealing_sgd_options {
  /// Samples per batch, B: 1 <= B <= N. B = N with `sampling::in_order` is full-batch GD.
  std::size_t batch_size = 1u;
  /// How batches are drawn (see `sampling`).
  sampling batches = sampling::without_replacement;
  /// Objective convention for the gradient scale, the noise scale and the reported loss.
  objective_scale objective = objective_scale::mean;
  /// Learning rate (time step) lr(n) > 0 at step n, in parameter units^2 per loss unit.
  schedule<Real> learning_rate = schedule<Real>::constant(static_cast<Real>(0.01));
  /// Temperature T(n) >= 0 of the injected noise, in loss units; 0 (the default) injects
  /// none and consumes no random numbers for noise.
  schedule<Real> temperature = schedule<Real>::constant(static_cast<Real>(0));
  /// Momentum mu in [0, 1); 0 is plain (overdamped) SGD.
  Real momentum = static_cast<Real>(0);
  /// Largest Euclidean norm of the scaled batch gradient; larger gradients are scaled
  /// down to it. 0 (the default) disables clipping; otherwise finite and > 0.
  Real max_gradient_norm = static_cast<Real>(0);
  /// Keep a copy of the parameters with the lowest batch loss seen (costs O(P) per
  /// improvement). In full-batch mode the loss is exact; with mini-batches it is the
  /// noisy batch estimate (biased towards lucky batches; re-rank with `full_objective`).
  bool track_best = false;
  /// Seed and stream of the optimizer's own pcg32 (batch draws and noise).
  std::uint64_t seed = 0u;
  std::uint64_t stream = 0u;
};

/// Outcome of `annealing_sgd::run_steps` / `run_epochs`.
template <class Real>
struct sgd_run_result {
  std::uint64_t steps;      ///< Steps attempted by this call (including a failing last one).
  Real loss;                ///< Loss of the last attempted step (NaN if none).
  langevin::status status;  ///< ok, or the status of the step that stopped the run.
};

/// Annealed stochastic gradient descent / stochastic gradient Langevin dynamics for P
/// parameters of type Real (float or double).
///
/// \tparam IndexCapacity  capacity of the epoch order buffer, the largest N usable with
///   `sampling::without_replacement` (see `batch_sampler`); 0 for none.
///
/// Memory: 3 P Reals (parameters, velocity, best) + IndexCapacity indices (1, 2 or 4
/// bytes each) + the options (about 110 bytes: two schedules) + 16 bytes of pcg32 + a
/// few counters; sizeof(annealing_sgd<float, 2, 64>) is 272 bytes on Cortex-M4. No
/// batch buffer: a batch's indices are drawn and used one at a time (with replacement)
/// or are a slice of the epoch order (without replacement). No pointers, no heap: the
/// whole object is trivially copyable, so copying its bytes checkpoints it.
///
/// Random numbers: the optimizer owns its pcg32 (seeded from the options) rather than
/// borrowing one, so a checkpoint captures the random stream too and a restored copy
/// continues bit for bit; two optimizers never interleave draws by accident; and the
/// same seed gives the same run on every port. Use distinct `stream` values for
/// independent replicas.
///
/// The model is any callable
///
///     Real model(const std::array<Real, P>& theta, const Sample& sample,
///                std::array<Real, P>& gradient);
///
/// returning the per-sample loss l(theta; sample) and ADDING grad l (never assigning) into
/// `gradient`. The optimizer zeroes the accumulator once per batch, lets the model add the
/// b per-sample gradients and scales the sum once, so a batch costs b model calls and
/// O(P), with no per-sample copy or scaling. A model that assigns would silently use only
/// the last sample of each batch.
///
/// Data: a `span<const Sample>` of N trivially copyable samples in RAM or flash, passed to
/// every step (it is never stored, so a checkpoint holds no addresses).
///
/// Work per step: b model calls + O(P) + P normal draws if T(n) > 0 + O(b) index draws;
/// no O(N) spike at epoch boundaries (see `batch_sampler`). No heap, no exceptions.
template <class Real, std::size_t P, std::size_t IndexCapacity = 0>
class annealing_sgd {
  static_assert(std::is_floating_point<Real>::value, "Real is float or double");
  static_assert(P > 0, "at least one parameter");

 public:
  using real_type = Real;
  using vector_type = std::array<Real, P>;
  using options_type = annealing_sgd_options<Real>;
  using sampler_type = batch_sampler<IndexCapacity>;
  static constexpr std::size_t parameter_count = P;

  /// Validates `options` for N = `sample_count` samples and starts at `initial` with zero
  /// velocity, step 0, epoch 0. Returns invalid_argument (B = 0, B > N, N = 0, momentum
  /// outside [0, 1), negative or non-finite clipping norm, invalid schedule, lr(0) <= 0,
  /// T(0) < 0, non-finite initial parameters, unknown enumerator) or buffer_too_small
  /// (without replacement and N > IndexCapacity) before doing any work; the optimizer is
  /// then unchanged.
  status init(const options_type& options, const vector_type& initial, std::size_t sample_count) noexcept {
    if (!options_valid(options)) return status::invalid_argument;
    for (const Real value : initial) {
      if (!math::is_finite(value)) return status::invalid_argument;
    }
    sampler_type sampler = sampler_;
    const status sampler_status = sampler.init(sample_count, options.batch_size, options.batches);
    if (sampler_status != status::ok) return sampler_status;

    sampler_ = sampler;
    options_ = options;
    generator_ = pcg32{options.seed, options.stream};
    current_ = 0u;
    parameters_[0] = initial;
    velocity_[0] = vector_type{};
    best_ = initial;
    best_loss_ = std::numeric_limits<Real>::infinity();
    steps_ = 0u;
    rejected_ = 0u;
    initialized_ = true;
    return status::ok;
  }

  /// The saved state is the whole object: parameters, velocity, best, options, the
  /// generator and the batch sampler (trivially copyable, no pointers; the data set is not
  /// part of it). See checkpoint.hpp for saving it as a blob.
  using state_type = annealing_sgd;

  /// The state, for checkpoints.
  const state_type& state() const noexcept { return *this; }

  /// Restores a state saved by state(). Returns invalid_argument, changing nothing, if it
  /// holds values no annealing_sgd can have: options init() would refuse, a sampler that
  /// batch_sampler::is_valid_state() refuses or that disagrees with the options, an even
  /// generator increment, non-finite parameters, velocity or best parameters, a best loss
  /// that is neither finite nor +infinity, more rejected steps or epochs than steps, a
  /// corrupt flag or buffer index, or (never initialized) counters or best loss not at
  /// their start values. O(P + N) (see batch_sampler::is_valid_state).
  status set_state(const state_type& saved) noexcept {
    if (!saved.holds_reachable_state()) return status::invalid_argument;
    *this = saved;
    return status::ok;
  }

  /// One step on the next batch of `data` (which must hold the N samples given to init),
  /// at lr = learning_rate(steps()) and T = temperature(steps()). Returns {status, energy}
  /// with energy the batch estimate of the objective (per `objective_scale`) at the
  /// parameters *before* the step:
  ///  - ok: the step was taken;
  ///  - non_finite: the loss, the gradient or the new parameters were not finite; the
  ///    step is rejected (parameters, velocity and best unchanged) but the batch is
  ///    consumed (sampler, generator and steps() advance), so a control loop moves on to
  ///    fresh samples; rejected_steps() counts these;
  ///  - invalid_argument, energy NaN: not initialized, `data` of another size than N, or
  ///    the schedules give lr <= 0, T < 0 or a non-finite value at this step; nothing
  ///    changes and the model is not called.
  template <class Model, class Sample>
  step_result<Real> step(Model&& model, span<const Sample> data) noexcept {
    static_assert(std::is_trivially_copyable<Sample>::value, "samples are trivially copyable");
    static_assert(std::is_invocable_r<Real, Model&, const vector_type&, const Sample&, vector_type&>::value,
                  "Model must be callable as Real(const std::array<Real,P>&, const Sample&, std::array<Real,P>&)");
    if (!initialized_ || data.size() != sampler_.sample_count() || data.data() == nullptr) {
      return {status::invalid_argument, std::numeric_limits<Real>::quiet_NaN()};
    }
    const Real rate = options_.learning_rate(steps_);
    const Real temperature = options_.temperature(steps_);
    if (!rate_and_temperature_valid(rate, temperature)) {
      return {status::invalid_argument, std::numeric_limits<Real>::quiet_NaN()};
    }

    vector_type gradient{};
    Real loss_sum = static_cast<Real>(0);
    const std::size_t drawn = sampler_.next_batch_size();
    for (std::size_t k = 0; k < drawn; ++k) {
      loss_sum += model(static_cast<const vector_type&>(parameters_[current_]), data[sampler_.pick(generator_, k)],
                        gradient);
    }
    sampler_.finish_batch();
    ++steps_;

    const Real scale = options_.objective == objective_scale::sum
                           ? static_cast<Real>(sampler_.sample_count()) / static_cast<Real>(drawn)
                           : static_cast<Real>(1) / static_cast<Real>(drawn);
    const Real loss = loss_sum * scale;
    if (!math::is_finite(loss)) return reject(loss);
    for (Real& component : gradient) component *= scale;
    if (options_.max_gradient_norm > Real(0)) clip(gradient, options_.max_gradient_norm);

    // A non-finite gradient or an overflow makes the new position non-finite, so checking
    // it is enough. Written into the idle buffers and committed only if finite.
    const unsigned idle = current_ ^ 1u;
    const vector_type& theta = parameters_[current_];
    const vector_type& velocity = velocity_[current_];
    vector_type& next_theta = parameters_[idle];
    vector_type& next_velocity = velocity_[idle];
    for (std::size_t i = 0; i < P; ++i) next_velocity[i] = options_.momentum * velocity[i] - rate * gradient[i];
    if (temperature > Real(0)) {
      Real variance = Real(2) * rate * temperature * (Real(1) - options_.momentum);
      if (options_.objective == objective_scale::mean) variance /= static_cast<Real>(sampler_.sample_count());
      const Real amplitude = math::sqrt(variance);
      for (Real& component : next_velocity) component += amplitude * normal<Real>(generator_);
    }
    for (std::size_t i = 0; i < P; ++i) next_theta[i] = theta[i] + next_velocity[i];
    if (!detail::all_finite_by_arithmetic(next_theta)) return reject(loss);

    if (options_.track_best && loss < best_loss_) {
      best_loss_ = loss;
      best_ = theta;
    }
    current_ = idle;
    return {status::ok, loss};
  }

  /// Runs `count` steps, stopping early at the first step whose status is not ok.
  template <class Model, class Sample>
  sgd_run_result<Real> run_steps(Model&& model, span<const Sample> data, std::uint64_t count) noexcept {
    sgd_run_result<Real> run{0u, std::numeric_limits<Real>::quiet_NaN(), status::ok};
    while (run.steps < count) {
      const step_result<Real> result = step(model, data);
      ++run.steps;
      run.loss = result.energy;
      if (result.status != status::ok) {
        run.status = result.status;
        break;
      }
    }
    return run;
  }

  /// Runs steps until `count` more epochs are complete (count * ceil(N / B) steps when
  /// starting at an epoch boundary), stopping early at the first step that is not ok.
  template <class Model, class Sample>
  sgd_run_result<Real> run_epochs(Model&& model, span<const Sample> data, std::uint64_t count) noexcept {
    sgd_run_result<Real> run{0u, std::numeric_limits<Real>::quiet_NaN(), status::ok};
    if (!initialized_) {
      run.status = status::invalid_argument;
      return run;
    }
    const std::uint64_t target = sampler_.epochs() + count;
    while (sampler_.epochs() < target) {
      const step_result<Real> result = step(model, data);
      ++run.steps;
      run.loss = result.energy;
      if (result.status != status::ok) {
        run.status = result.status;
        break;
      }
    }
    return run;
  }

  /// Current parameters theta.
  const vector_type& parameters() const noexcept { return parameters_[current_]; }
  /// Current velocity (the last step's displacement; zero after init).
  const vector_type& velocity() const noexcept { return velocity_[current_]; }
  /// Parameters with the lowest batch loss seen (the initial ones until a step succeeds or
  /// when `track_best` is off).
  const vector_type& best_parameters() const noexcept { return best_; }
  /// The loss of `best_parameters()`; +infinity before the first tracked step.
  Real best_loss() const noexcept { return best_loss_; }
  /// Batches consumed since init, accepted or rejected: the schedule index of the next step.
  std::uint64_t steps() const noexcept { return steps_; }
  /// Steps rejected as non_finite since init.
  std::uint64_t rejected_steps() const noexcept { return rejected_; }
  /// Completed epochs since init.
  std::uint64_t epochs() const noexcept { return sampler_.epochs(); }
  /// The batch sampler (N, B, epoch position, epoch order).
  const sampler_type& sampler() const noexcept { return sampler_; }
  /// The options given to init.
  const options_type& options() const noexcept { return options_; }
  /// The optimizer's own random generator.
  const pcg32& generator() const noexcept { return generator_; }
  /// True after a successful init.
  bool initialized() const noexcept { return initialized_; }

 private:
  static bool rate_and_temperature_valid(Real rate, Real temperature) noexcept {
    return rate > static_cast<Real>(0) && math::is_finite(rate) && temperature >= static_cast<Real>(0) &&
           math::is_finite(temperature);
  }

  static bool options_valid(const options_type& options) noexcept {
    if (options.objective != objective_scale::mean && options.objective != objective_scale::sum) return false;
    if (!(options.momentum >= static_cast<Real>(0)) || !(options.momentum < static_cast<Real>(1))) return false;
    if (!(options.max_gradient_norm >= static_cast<Real>(0)) || !math::is_finite(options.max_gradient_norm)) {
      return false;
    }
    if (options.learning_rate.validate() != status::ok || options.temperature.validate() != status::ok) return false;
    return rate_and_temperature_valid(options.learning_rate(0u), options.temperature(0u));
  }

  bool holds_reachable_state() const noexcept {
    if (!detail::holds_bool(initialized_) || !detail::holds_bool(options_.track_best)) return false;
    if (!detail::is_buffer_index(current_) || rejected_ > steps_) return false;
    if ((generator_.state().increment & 1u) == 0u || !sampler_type::is_valid_state(sampler_)) return false;
    const unsigned now = current_ & 1u;
    const bool best_loss_ok = math::is_finite(best_loss_) || best_loss_ == std::numeric_limits<Real>::infinity();
    if (!detail::all_finite(parameters_[now]) || !detail::all_finite(velocity_[now]) || !detail::all_finite(best_) ||
        !best_loss_ok) {
      return false;
    }
    if (!options_valid(options_)) return false;
    if (!initialized_) {
      // Never initialized (init() changes all or nothing): counters and best at their start.
      return steps_ == 0u && rejected_ == 0u && sampler_.sample_count() == 0u &&
             best_loss_ == std::numeric_limits<Real>::infinity();
    }
    return sampler_.sample_count() > 0u && sampler_.batch_size() == options_.batch_size &&
           sampler_.mode() == options_.batches && sampler_.epochs() <= steps_;
  }

  step_result<Real> reject(Real loss) noexcept {
    ++rejected_;
    return {status::non_finite, loss};
  }

  static void clip(vector_type& gradient, Real limit) noexcept {
    Real largest = static_cast<Real>(0);
    for (const Real component : gradient) {
      const Real magnitude = component < static_cast<Real>(0) ? -component : component;
      if (magnitude > largest) largest = magnitude;
    }
    if (!(largest > static_cast<Real>(0))) return;
    Real sum_of_squares = static_cast<Real>(0);
    for (const Real component : gradient) {
      const Real ratio = component / largest;
      sum_of_squares += ratio * ratio;
    }
    const Real norm = largest * math::sqrt(sum_of_squares);
    if (!(norm > limit)) return;
    const Real factor = limit / norm;
    for (Real& component : gradient) component *= factor;
  }

  vector_type parameters_[2] = {};  // double buffered: a step writes the idle pair and
  vector_type velocity_[2] = {};    // commits it by flipping current_
  vector_type best_{};
  Real best_loss_ = std::numeric_limits<Real>::infinity();
  options_type options_{};
  pcg32 generator_{};
  sampler_type sampler_{};
  std::uint64_t steps_ = 0u;
  std::uint64_t rejected_ = 0u;
  unsigned current_ = 0u;
  bool initialized_ = false;
};

/// The objective over the whole data set at `theta` (per `scale`: the mean or the sum of
/// the N per-sample losses), e.g. to re-rank `best_parameters()`. O(N) model calls;
/// `gradient` receives the matching full gradient (it is zeroed first). Returns NaN if
/// `data` is empty.
template <class Real, std::size_t P, class Model, class Sample>
Real full_objective(Model&& model, span<const Sample> data, const std::array<Real, P>& theta,
                    std::array<Real, P>& gradient, objective_scale scale = objective_scale::mean) noexcept {
  gradient = std::array<Real, P>{};
  if (data.size() == 0u) return std::numeric_limits<Real>::quiet_NaN();
  Real sum = static_cast<Real>(0);
  for (std::size_t i = 0; i < data.size(); ++i) sum += model(theta, data[i], gradient);
  if (scale == objective_scale::sum) return sum;
  const Real factor = static_cast<Real>(1) / static_cast<Real>(data.size());
  for (Real& component : gradient) component *= factor;
  return sum * factor;
}

}  // namespace langevin

#endif
