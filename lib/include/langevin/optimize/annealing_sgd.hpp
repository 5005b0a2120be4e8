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
///
/// ## The gradient-noise meter and SGD's own temperature (`noise_meter`)
///
/// A mini-batch gradient is the full gradient plus noise, so SGD without injected noise is
/// already a Langevin process with a temperature of its own. With the meter on, each step
/// measures it. Notation: per-sample gradients g_i = grad l_i (i = 1..N) at the current
/// parameters, their population mean g_bar and per-coordinate population variance
/// sigma_j^2 = (1/N) sum_i (g_ij - g_bar_j)^2; the batch has b samples.
///
/// 1. *The step is an Euler-Maruyama step of U = sum_i l_i.* In the sum convention the
///    batch estimate is G = (N/b) sum_{k in batch} g_k and the step theta' = theta - lr G
///    is theta - h grad U - h eps with time step h = lr and eps = G - grad U. In the mean
///    convention it is theta - lr (1/b) sum g_k = theta - (lr/N) G: the same step with
///    h = lr / N. Euler-Maruyama at temperature T moves by -h grad U + sqrt(2 h T) xi.
/// 2. *Batch-gradient noise.* With replacement the b draws are independent, each with
///    variance sigma_j^2, so Var(eps_j) = (N/b)^2 b sigma_j^2 = N^2 sigma_j^2 / b. Without
///    replacement (a simple random sample; `in_order` slices are treated alike) the
///    finite-population correction multiplies this by (N - b) / (N - 1), which is 0 for
///    full-batch GD.
/// 3. *Fluctuation-dissipation.* Matching the per-coordinate variance of the noise term,
///    h^2 Var(eps_j) = 2 h T_j, gives the temperature of coordinate j:
///        T_j = h Var(eps_j) / 2
///            = lr N^2 sigma_j^2 f / (2 b)   (sum convention, h = lr)
///            = lr N   sigma_j^2 f / (2 b)   (mean convention, h = lr / N)
///    with f = 1 (with replacement) or (N - b) / (N - 1) (without); with momentum mu the
///    noise enters the velocity and friction 1 - mu divides both by (1 - mu) (the injected
///    noise uses the same 2 h T (1 - mu)). So T_sgd grows like lr / B (Jastrzebski et al.
///    2017). The total T_sgd is the mean of T_j over the P coordinates: the temperature of
///    an isotropic noise with the same total power.
/// 4. *The estimate.* Per step, Welford's recurrence over the b per-sample gradients of the
///    batch (O(P) memory, nothing stored per sample) gives the sample variance
///    s_j^2 = M2_j / (b - 1), whose expectation is sigma_j^2 with replacement and
///    N sigma_j^2 / (N - 1) without; so the meter uses f_hat = 1 or (N - b) / N:
///        T_j = h N^2 s_j^2 f_hat / (2 b (1 - mu)),  unbiased at the current parameters.
///    A batch of one sample (B = 1, or the short last batch of an epoch) has no spread of
///    its own: the meter pairs it with the last sample of the previous batch,
///    s_j^2 = (g_j - g_prev_j)^2 / 2. The parameters moved in between, partly because of
///    g_prev itself, which biases this pair estimate by a relative O(h lambda) (lambda a
///    curvature of U; for a quadratic U, 1 + h lambda + (h lambda)^2 / 2): small where
///    SGLD is accurate at all, since Euler-Maruyama's own bias is h lambda / 2.
///    The running average is the mean of the per-step readings s_j^2 over the last
///    `noise_meter_window` steps in exponential form (the plain mean while fewer readings
///    exist), converted at the current step's lr and b: average_sgd_temperature(). Clipping
///    is not seen by the meter (it reads the per-sample gradients before it).
///
/// ## Temperature-held SGLD (`hold_temperature`)
///
/// Injects only what is missing, per coordinate: T_inject,j = max(0, T(n) - T_sgd,j(n)),
/// so that SGD's own noise plus the injected noise have temperature T(n) whatever lr and B;
/// steps where SGD alone is hotter than T(n) in some coordinate are clamped at 0 there and
/// counted (clamped_steps()). T_sgd,j(n) is the running-average reading, not this step's:
/// at small b the per-step reading is a chi-square with b - 1 degrees of freedom (relative
/// spread sqrt(2 / (b - 1)), and one pair at b = 1), so max(0, T - reading) would clamp on
/// unlucky batches and bias the temperature upward (Jensen), whereas the injected variance
/// is linear in an unbiased reading whenever it is not clamped, so an unbiased but smoothed
/// reading gives the right mean temperature. The average includes this step's reading; it
/// lags a change of the per-sample spread by about `noise_meter_window` steps.
///
/// ## Per-parameter step sizes (`preconditioner`)
///
/// Parameters of different units (offsets in µT beside unitless gains) want different
/// learning rates: one rate small enough for the stiffest parameter barely moves the
/// others. A diagonal preconditioner G > 0 gives parameter j the rate lr G_j, and scales
/// the injected noise to match:
///
///     v = mu * v - eta * G g + sqrt(2 * eta * T * (1 - mu) * noise_scale * G) * xi
///
/// For a constant G this is the Langevin step of U in the coordinates phi = G^(-1/2) theta,
/// so the stationary law stays exp(-U / T) (the map is linear, its Jacobian constant); the
/// noise meter and temperature holding convert at lr G_j per coordinate.
///
/// - `preconditioning::fixed`: G is the diagonal given to set_preconditioner() (1 after
///   init()), e.g. the inverse squares of the parameters' scales.
/// - `preconditioning::rmsprop`: RMSprop-style, as in preconditioned SGLD (Li et al. 2016):
///   V_j is a running mean of g_j^2 (g the scaled, clipped batch gradient; weight
///   max(1 / k, 1 - rmsprop_decay) for the k-th gradient, so the first step already uses
///   V = g^2) and G_j = 1 / (rmsprop_epsilon + sqrt(V_j)). The learning rate is then in
///   parameter units (about the size of a step). While V adapts, G changes with theta and
///   the drift-correction term of Li et al. is omitted (as they do); its bias is
///   O(1 - decay). With `rmsprop_adapt_steps` = K > 0, V adapts during the first K accepted
///   steps and then stays: from there on G is constant and SGLD samples exp(-U / T) exactly
///   (up to the O(eta) discretization).
///
/// The optimizer follows the library's verb set: init(sample_count, options),
/// place(theta0), step(model, data), run(model, data, max_steps), current(), best(), and
/// checkpoints through checkpoint.hpp. Its arithmetic is written once per scalar type
/// (detail::sgd_*, over a run-time parameter count); annealing_sgd<Real, P, IndexCapacity>
/// only owns the arrays and calls the model.
#ifndef LANGEVIN_OPTIMIZE_ANNEALING_SGD_HPP
#define LANGEVIN_OPTIMIZE_ANNEALING_SGD_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "../config.hpp"
#include "../detail/checkpoint_io.hpp"
#include "../detail/finite_tally.hpp"
#include "../detail/phase.hpp"
#include "../field.hpp"
#include "../math.hpp"
#include "../problem.hpp"
#include "../random/detail/local_draws.hpp"
#include "../random/normal.hpp"
#include "../random/pcg32.hpp"
#include "../schedule.hpp"
#include "../span.hpp"
#include "../status.hpp"
#include "dataset.hpp"

// The functions of init(), place() and the phases of step() (detail::sgd_*): on
// microcontrollers (Arm M-profile, or any target without a double-precision FPU) each is a
// function of its own, one copy for every P, and a step's phases run one after another,
// each frame released before the next; elsewhere they are inline, so that their loops
// specialise on P. The same code either way.
#if LANGEVIN_SOFT_DOUBLE || (defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M')
#define LANGEVIN_SGD_PHASE [[gnu::noinline]]
#else
#define LANGEVIN_SGD_PHASE inline
#endif

// sgd_move's single pass keeps five arrays in flight; where GCC vectorises it for M-profile
// vector extension (MVE, e.g. Cortex-M55 at -O3) the vector loop's registers and alias
// checks take its frame from 64 to 136 B, past the step's stack budget (stack_usage). There
// it stays scalar; elsewhere nothing changes.
#if defined(__ARM_FEATURE_MVE) && defined(__GNUC__) && !defined(__clang__)
#define LANGEVIN_SGD_SCALAR_LOOPS [[gnu::optimize("no-tree-vectorize")]]
#else
#define LANGEVIN_SGD_SCALAR_LOOPS
#endif

namespace langevin {
inline namespace LANGEVIN_ABI {

/// Which objective the learning rate and the reported loss refer to; see the file comment.
enum class objective_scale : unsigned char {
  mean,  ///< L = (1/N) sum l_i; batch estimate (1/b) sum; noise sqrt(2 lr T / N).
  sum,   ///< U = sum l_i; batch estimate (N/b) sum; noise sqrt(2 lr T).
};

/// How annealing_sgd scales the step of each parameter (see the file comment).
enum class preconditioning : unsigned char {
  none,     ///< one learning rate for every parameter (G = 1)
  fixed,    ///< G = the diagonal given to set_preconditioner() (all 1 after init())
  rmsprop,  ///< G_j = 1 / (rmsprop_epsilon + sqrt(V_j)), V the running mean of g_j^2
};

/// The learning-rate schedule of annealing_sgd_options: a schedule<Real> whose default,
/// also after `o.learning_rate = {}`, is the documented constant `default_value` (a plain
/// `schedule<Real>{}` is the constant 1). Any schedule<Real> converts to it.
template <class Real>
struct sgd_learning_rate : schedule<Real> {
  /// lr(n) = 0.01 parameter units^2 per loss unit.
  static constexpr Real default_value = Real(0.01);
  constexpr sgd_learning_rate() noexcept : schedule<Real>(schedule<Real>::constant(default_value)) {}
  // cppcheck-suppress noExplicitConstructor ; implicit by design: any schedule converts
  constexpr sgd_learning_rate(const schedule<Real>& other) noexcept : schedule<Real>(other) {}  // NOLINT: implicit by design
};

/// The temperature schedule of annealing_sgd_options: a schedule<Real> whose default, also
/// after `o.temperature = {}`, is the documented constant `default_value` = 0 (no injected
/// noise), not schedule<Real>{}'s 1. Any schedule<Real> converts to it.
template <class Real>
struct sgd_temperature : schedule<Real> {
  /// T(n) = 0: plain SGD, no noise draws.
  static constexpr Real default_value = Real(0);
  constexpr sgd_temperature() noexcept : schedule<Real>(schedule<Real>::constant(default_value)) {}
  // cppcheck-suppress noExplicitConstructor ; implicit by design: any schedule converts
  constexpr sgd_temperature(const schedule<Real>& other) noexcept : schedule<Real>(other) {}  // NOLINT: implicit by design
};

namespace detail {

template <class Real>
bool sgd_rate_valid(Real rate) noexcept {
  return rate > Real(0) && math::is_finite(rate);
}
template <class Real>
bool sgd_temperature_valid(Real temperature) noexcept {
  return temperature >= Real(0) && math::is_finite(temperature);
}
template <class Real>
bool sgd_learning_rate_schedule_valid(const schedule<Real>& rate) noexcept {
  return rate.validate() == status::ok && sgd_rate_valid(rate(0u));
}
template <class Real>
bool sgd_temperature_schedule_valid(const schedule<Real>& temperature) noexcept {
  return temperature.validate() == status::ok && sgd_temperature_valid(temperature(0u));
}
template <class Real>
bool sgd_momentum_valid(Real momentum) noexcept {
  return momentum >= Real(0) && momentum < Real(1);
}
template <class Real>
bool sgd_max_gradient_norm_valid(Real norm) noexcept {
  return norm >= Real(0) && math::is_finite(norm);
}
inline bool sgd_noise_meter_window_valid(std::uint64_t window) noexcept { return window >= 1u && window <= 0xFFFFFFFFu; }
inline bool sgd_batch_size_valid(std::uint64_t batch_size) noexcept {
  return batch_size >= 1u && batch_size <= largest_sample_count;
}
constexpr bool is_objective_scale(objective_scale objective) noexcept {
  return objective == objective_scale::mean || objective == objective_scale::sum;
}
constexpr bool is_preconditioning(preconditioning mode) noexcept {
  return mode == preconditioning::none || mode == preconditioning::fixed || mode == preconditioning::rmsprop;
}
template <class Real>
bool sgd_rmsprop_decay_valid(Real decay) noexcept {
  return decay > Real(0) && decay < Real(1);
}
/// A normal number (so the largest gain, 1 / epsilon, is finite) and finite.
template <class Real>
bool sgd_rmsprop_epsilon_valid(Real epsilon) noexcept {
  return epsilon >= std::numeric_limits<Real>::min() && math::is_finite(epsilon);
}

}  // namespace detail

/// Configuration of `annealing_sgd`. An aggregate; every field has a default, and the
/// defaults initialise and step with any IndexCapacity (including 0).
template <class Real>
struct annealing_sgd_options {
  /// Samples per batch, B: 1 <= B <= N. B = N with `sampling::in_order` is full-batch GD.
  std::size_t batch_size = 1u;
  /// How batches are drawn (see `sampling`). The default, with replacement, needs no index
  /// buffer, so annealing_sgd<Real, P> (IndexCapacity 0) works with default options; its
  /// batches are independent draws, the setting SGLD's theory assumes. Shuffled epochs
  /// (without_replacement, usually better for plain optimisation) need N <= IndexCapacity.
  sampling batches = sampling::with_replacement;
  /// Objective convention for the gradient scale, the noise scale and the reported loss.
  objective_scale objective = objective_scale::mean;
  /// Learning rate (time step) lr(n) at step n, in parameter units^2 per loss unit: a valid
  /// schedule with lr(0) > 0 and finite. Default: constant 0.01 (also after `= {}`).
  sgd_learning_rate<Real> learning_rate{};
  /// Temperature T(n) of the injected noise, in loss units (of U = sum of the per-sample
  /// losses): a valid schedule with T(0) >= 0 and finite. Default: constant 0 (also after
  /// `= {}`): no noise, and no random numbers drawn for it.
  sgd_temperature<Real> temperature{};
  /// Momentum mu in [0, 1); 0 (the default) is plain (overdamped) SGD.
  Real momentum = Real(0);
  /// Largest Euclidean norm of the scaled batch gradient; larger gradients are scaled
  /// down to it. 0 (the default) disables clipping; otherwise finite and > 0.
  Real max_gradient_norm = Real(0);
  /// Keep a copy of the parameters with the lowest batch loss seen (costs O(P) per
  /// improvement). In full-batch mode the loss is exact; with mini-batches it is the
  /// noisy batch estimate (biased towards lucky batches; re-rank with `full_objective`).
  /// Default: off.
  bool track_best = false;
  /// Seed and stream of the optimizer's own pcg32 (batch draws and noise). Default 0, 0.
  std::uint64_t seed = 0u;
  std::uint64_t stream = 0u;
  /// The gradient-noise meter (see the file comment): each step measures the spread of the
  /// batch's per-sample gradients and the temperature T_sgd it implies (sgd_temperature(),
  /// average_sgd_temperature()). Costs about 6 P flops and one division per sample; off
  /// (the default) it costs one flag test per step and changes no bit of a run. It never
  /// changes the trajectory by itself.
  bool noise_meter = false;
  /// Temperature-held SGLD: inject only T_inject,j = max(0, T(n) - T_sgd,j) (see the file
  /// comment). Turns the meter on. Default: off.
  bool hold_temperature = false;
  /// Steps over which the meter's running average forgets (exponential weight
  /// 1 / noise_meter_window once that many readings exist; their plain mean before).
  /// 1 <= window < 2^32; default 100.
  std::size_t noise_meter_window = 100u;
  /// Per-parameter step sizes (see the file comment and `preconditioning`). Default: none.
  preconditioning preconditioner = preconditioning::none;
  /// RMSprop: the running mean of g^2 keeps this share of its value at each step, once
  /// 1 / (1 - decay) gradients have been seen (their plain mean before). 0 < decay < 1;
  /// default 0.99.
  Real rmsprop_decay = Real(0.99);
  /// RMSprop: lambda in G_j = 1 / (lambda + sqrt(V_j)), in gradient units (loss units per
  /// parameter unit): the largest gain is 1 / lambda. Finite and at least the smallest
  /// normal Real (1.2e-38 in float), so that 1 / lambda is finite; default 1e-5.
  Real rmsprop_epsilon = Real(1e-5);
  /// RMSprop: V adapts during the first rmsprop_adapt_steps accepted steps after init() /
  /// place() and then stays (G constant: exact SGLD); 0 (the default) adapts at every step.
  std::uint64_t rmsprop_adapt_steps = 0u;

  /// field::none if the options are valid for some data set, else the first wrong field:
  /// batch_size (0 or >= 2^32), batches or objective (not an enumerator), learning_rate
  /// (invalid schedule, or lr(0) <= 0 or not finite), temperature (invalid schedule, or
  /// T(0) < 0 or not finite), momentum (outside [0, 1), NaN), max_gradient_norm (< 0 or
  /// not finite), noise_meter_window (0 or >= 2^32), preconditioner (not an enumerator),
  /// rmsprop_decay (outside (0, 1), NaN), rmsprop_epsilon (below the smallest normal Real,
  /// or not finite).
  field validate() const noexcept {
    if (!detail::sgd_batch_size_valid(batch_size)) return field::batch_size;
    if (!detail::is_sampling_mode(batches)) return field::batches;
    if (!detail::is_objective_scale(objective)) return field::objective;
    if (!detail::sgd_learning_rate_schedule_valid<Real>(learning_rate)) return field::learning_rate;
    if (!detail::sgd_temperature_schedule_valid<Real>(temperature)) return field::temperature;
    if (!detail::sgd_momentum_valid(momentum)) return field::momentum;
    if (!detail::sgd_max_gradient_norm_valid(max_gradient_norm)) return field::max_gradient_norm;
    if (!detail::sgd_noise_meter_window_valid(noise_meter_window)) return field::noise_meter_window;
    if (!detail::is_preconditioning(preconditioner)) return field::preconditioner;
    if (!detail::sgd_rmsprop_decay_valid(rmsprop_decay)) return field::rmsprop_decay;
    if (!detail::sgd_rmsprop_epsilon_valid(rmsprop_epsilon)) return field::rmsprop_epsilon;
    return field::none;
  }

  /// As validate(), then for a data set of `sample_count` samples: sample_count (0 or
  /// >= 2^32), batch_size (larger than sample_count). annealing_sgd::init() returns
  /// invalid_argument exactly when this is not field::none.
  field validate(std::size_t sample_count) const noexcept {
    const field wrong = validate();
    if (wrong != field::none) return wrong;
    if (sample_count == 0u || sample_count > detail::largest_sample_count) {
      return field::sample_count;
    }
    if (batch_size > sample_count) return field::batch_size;
    return field::none;
  }
};

/// True if `Model` can be called as an annealing_sgd model over P parameters of type Real
/// and samples of type Sample (see annealing_sgd).
template <class Model, class Real, std::size_t P, class Sample>
inline constexpr bool is_sample_model_v = std::is_invocable_r_v<Real, const Model&, const std::array<Real, P>&,
                                                                 const Sample&, std::array<Real, P>&>;

namespace detail {

/// The scalars of an annealing_sgd: the options (without the schedules, which follow it in
/// the object and in a checkpoint), the generator, counters and flags. The arrays belong
/// to the sized class. Every byte is a field (`reserved` pads to the alignment), so a saved
/// core holds no indeterminate bytes; the defaults are the default options' values.
template <class Real>
struct sgd_core {
  pcg32 generator{0u, 0u};      ///< seeded from (seed, stream) by init()
  std::uint64_t steps = 0u;     ///< batches consumed since init() / place(): the schedule index
  std::uint64_t rejected = 0u;  ///< of them, steps rejected as non_finite
  std::uint64_t seed = 0u;
  std::uint64_t stream = 0u;
  Real momentum = Real(0);
  Real max_gradient_norm = Real(0);
  Real best_loss = std::numeric_limits<Real>::infinity();
  std::uint32_t batch_size = 1u;
  sampling batches = sampling::with_replacement;
  objective_scale objective = objective_scale::mean;
  std::uint8_t track_best = 0u;
  std::uint8_t initialized = 0u;
  std::uint8_t reserved[sizeof(Real)] = {};
};
static_assert(sizeof(sgd_core<float>) == 72u && sizeof(sgd_core<double>) == 88u, "sgd_core has no padding");
static_assert(sizeof(schedule<float>) == 32u && sizeof(schedule<double>) == 48u, "a saved schedule's size");

/// The two schedules of an annealing_sgd, as kept (and saved, one after the other).
template <class Real>
struct sgd_schedules {
  schedule<Real> learning_rate = sgd_learning_rate<Real>{};
  schedule<Real> temperature = sgd_temperature<Real>{};
};

static_assert(sizeof(sgd_schedules<float>) == 2u * sizeof(schedule<float>) &&
                  sizeof(sgd_schedules<double>) == 2u * sizeof(schedule<double>),
              "the saved schedules follow one another");

/// The scalars of the gradient-noise meter (saved after the sampler core). Every byte is a
/// field; the defaults are the default options' values and a meter without readings.
template <class Real>
struct sgd_meter_core {
  std::uint64_t readings = 0u;  ///< variance readings folded into the running average since init() / place()
  std::uint64_t clamped = 0u;   ///< held steps with T_inject clamped at 0 in some coordinate
  Real factor = Real(0);        ///< T_j = factor * variance_j at the last metered step (0 before)
  std::uint32_t window = 100u;  ///< noise_meter_window
  std::uint8_t measure = 0u;    ///< the meter is on
  std::uint8_t hold = 0u;       ///< temperature-held injection (implies measure)
  std::uint8_t has_previous = 0u;  ///< previous_sample holds the previous batch's last per-sample gradient
  std::uint8_t has_reading = 0u;   ///< step_variance is the last step's reading
  std::uint8_t reserved[sizeof(Real)] = {};
};
static_assert(sizeof(sgd_meter_core<float>) == 32u && sizeof(sgd_meter_core<double>) == 40u,
              "sgd_meter_core has no padding");

/// The scalars of the preconditioner (saved after the meter core). Every byte is a field;
/// the defaults are the default options' values.
template <class Real>
struct sgd_preconditioner_core {
  std::uint64_t updates = 0u;      ///< RMSprop: gradients folded into V since init() / place()
  std::uint64_t adapt_steps = 0u;  ///< rmsprop_adapt_steps
  Real decay = Real(0.99);         ///< rmsprop_decay
  Real epsilon = Real(1e-5);       ///< rmsprop_epsilon
  preconditioning mode = preconditioning::none;
  std::uint8_t reserved[7] = {};
};
static_assert(sizeof(sgd_preconditioner_core<float>) == 32u && sizeof(sgd_preconditioner_core<double>) == 40u,
              "sgd_preconditioner_core has no padding");

/// The saved scalars of an annealing_sgd, one after another: the first part of its
/// checkpoint payload (every byte a field), and what the size-erased functions reach
/// through one pointer.
template <class Real>
struct sgd_state {
  sgd_core<Real> core{};
  sgd_schedules<Real> schedules{};
  sgd_meter_core<Real> meter{};
  sgd_preconditioner_core<Real> preconditioner{};
};
static_assert(sizeof(sgd_state<float>) == 200u && sizeof(sgd_state<double>) == 264u, "sgd_state has no padding");

/// The meter's arrays, n elements each: saved (step and average variance, previous sample)
/// and the scratch a metered batch leaves (M2 of the batch, its last per-sample gradient).
template <class Real>
struct sgd_meter_arrays {
  Real* step_variance;
  Real* average_variance;
  Real* previous_sample;
  const Real* batch_m2;
  const Real* batch_last;
  std::size_t n;
};

/// The working values of one step, handed from phase to phase.
template <class Real>
struct sgd_step_values {
  Real rate;         ///< lr(n)
  Real temperature;  ///< T(n)
  Real loss;         ///< the sum of the batch's losses, then the batch loss
};

/// The arrays of the sized class that a step's update reads and writes, n elements each.
template <class Real>
struct sgd_arrays {
  Real* theta;
  Real* velocity;
  Real* best;
  Real* next_theta;     ///< scratch: the draws, then the parameters before the update
  Real* next_velocity;  ///< scratch: the velocity before the update
  const Real* gradient;
  std::size_t n;
};

/// `to` = `from`, with the padding bytes of `to` zeroed, so a saved copy is canonical.
template <class Real>
void sgd_copy_schedule(schedule<Real>& to, const schedule<Real>& from) noexcept {
  std::memset(static_cast<void*>(&to), 0, sizeof(to));
  to.kind = from.kind;
  to.a = from.a;
  to.b = from.b;
  to.k = from.k;
  to.period = from.period;
  to.floor = from.floor;
}

template <class Real>
void sgd_fill_zero(Real* values, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) values[i] = Real(0);
}

/// The options into the core and the schedules, with the generator seeded from them.
template <class Real>
void sgd_take_options(sgd_core<Real>& core, sgd_schedules<Real>& schedules,
                      const annealing_sgd_options<Real>& options) noexcept {
  sgd_copy_schedule(schedules.learning_rate, static_cast<const schedule<Real>&>(options.learning_rate));
  sgd_copy_schedule(schedules.temperature, static_cast<const schedule<Real>&>(options.temperature));
  core.generator = pcg32{options.seed, options.stream};
  core.seed = options.seed;
  core.stream = options.stream;
  core.momentum = options.momentum;
  core.max_gradient_norm = options.max_gradient_norm;
  core.batch_size = static_cast<std::uint32_t>(options.batch_size);
  core.batches = options.batches;
  core.objective = options.objective;
  core.track_best = options.track_best ? 1u : 0u;
}

/// The meter's options into its core (hold implies measure).
template <class Real>
void sgd_take_meter_options(sgd_meter_core<Real>& meter, const annealing_sgd_options<Real>& options) noexcept {
  meter.window = static_cast<std::uint32_t>(options.noise_meter_window);
  meter.hold = options.hold_temperature ? 1u : 0u;
  meter.measure = (options.noise_meter || options.hold_temperature) ? 1u : 0u;
}

/// The preconditioner's options into its core.
template <class Real>
void sgd_take_preconditioner_options(sgd_preconditioner_core<Real>& preconditioner,
                                     const annealing_sgd_options<Real>& options) noexcept {
  preconditioner.mode = options.preconditioner;
  preconditioner.decay = options.rmsprop_decay;
  preconditioner.epsilon = options.rmsprop_epsilon;
  preconditioner.adapt_steps = options.rmsprop_adapt_steps;
}

/// The preconditioner at init(): G = 1 (fixed), V = 0 (RMSprop), 0 (none); no updates.
template <class Real>
void sgd_preconditioner_start(sgd_preconditioner_core<Real>& preconditioner, Real* diagonal,
                              std::size_t n) noexcept {
  preconditioner.updates = 0u;
  const Real value = preconditioner.mode == preconditioning::fixed ? Real(1) : Real(0);
  for (std::size_t i = 0; i < n; ++i) diagonal[i] = value;
}

/// The preconditioner at place(): RMSprop forgets V; a fixed G stays.
template <class Real>
void sgd_preconditioner_restart(sgd_preconditioner_core<Real>& preconditioner, Real* diagonal,
                                std::size_t n) noexcept {
  if (preconditioner.mode == preconditioning::rmsprop) sgd_preconditioner_start(preconditioner, diagonal, n);
}

/// True while RMSprop's V takes in each accepted step's gradient.
template <class Real>
bool sgd_rmsprop_adapting(const sgd_preconditioner_core<Real>& preconditioner) noexcept {
  return preconditioner.mode == preconditioning::rmsprop &&
         (preconditioner.adapt_steps == 0u || preconditioner.updates < preconditioner.adapt_steps);
}

/// G_j at the preconditioner's current state: the fixed diagonal, RMSprop's
/// 1 / (epsilon + sqrt(V_j)), or 1 without a preconditioner.
template <class Real>
Real sgd_gain(const sgd_preconditioner_core<Real>& preconditioner, const Real* diagonal, std::size_t j) noexcept {
  switch (preconditioner.mode) {
    case preconditioning::fixed: return diagonal[j];
    case preconditioning::rmsprop: return Real(1) / (preconditioner.epsilon + math::sqrt(diagonal[j]));
    case preconditioning::none: break;
  }
  return Real(1);
}

/// The meter forgets its readings (init() and place()).
template <class Real>
void sgd_meter_restart(sgd_meter_core<Real>& meter, Real* step_variance, Real* average_variance,
                       Real* previous_sample, std::size_t n) noexcept {
  meter.readings = 0u;
  meter.clamped = 0u;
  meter.factor = Real(0);
  meter.has_previous = 0u;
  meter.has_reading = 0u;
  sgd_fill_zero(step_variance, n);
  sgd_fill_zero(average_variance, n);
  sgd_fill_zero(previous_sample, n);
}

/// A run starts (init() or place()): counters 0, zero velocity, best = theta with best loss
/// +infinity, the sampler at position 0 of epoch 0.
template <class Real>
void sgd_restart(sgd_core<Real>& core, sampler_core& sampler, const Real* theta, Real* velocity, Real* best,
                 std::size_t n) noexcept {
  core.steps = 0u;
  core.rejected = 0u;
  core.best_loss = std::numeric_limits<Real>::infinity();
  sgd_fill_zero(velocity, n);
  for (std::size_t i = 0; i < n; ++i) best[i] = theta[i];
  sampler_restart(sampler);
}

/// The state of an annealing_sgd as its size-erased functions see it: the saved scalars,
/// the sampler's core, the step's working values and the arrays of the sized class, n
/// elements each. `scratch` is six
/// arrays one after another (see sgd_scratch), not saved.
template <class Real>
struct sgd_view {
  sgd_state<Real>* state;
  sampler_core* sampler;
  sgd_step_values<Real>* work;
  Real* theta;
  Real* velocity;
  Real* best;
  Real* step_variance;
  Real* average_variance;
  Real* previous_sample;
  Real* diagonal;  ///< the fixed G, or RMSprop's V
  Real* scratch;
  std::size_t n;

  sgd_core<Real>& core() const noexcept { return state->core; }
  sgd_schedules<Real>& schedules() const noexcept { return state->schedules; }
  sgd_meter_core<Real>& meter() const noexcept { return state->meter; }
  sgd_preconditioner_core<Real>& preconditioner() const noexcept { return state->preconditioner; }
};

/// Where each scratch array of a step lies in sgd_view::scratch, in units of n elements:
/// the batch's gradient sum, the draws and then the parameters before the update, the
/// velocity before it, and the metered batch's Welford mean, M2 and last per-sample
/// gradient.
enum sgd_scratch : std::size_t {
  sgd_gradient = 0,
  sgd_next_theta = 1,
  sgd_next_velocity = 2,
  sgd_batch_mean = 3,
  sgd_batch_m2 = 4,
  sgd_batch_last = 5,
  sgd_scratch_arrays = 6,
};

template <class Real>
Real* sgd_scratch_array(const sgd_view<Real>& v, sgd_scratch which) noexcept {
  return v.scratch + static_cast<std::size_t>(which) * v.n;
}

template <class Real>
sgd_meter_arrays<Real> sgd_meter_arrays_of(const sgd_view<Real>& v) noexcept {
  return {v.step_variance, v.average_variance, v.previous_sample, sgd_scratch_array(v, sgd_batch_m2),
          sgd_scratch_array(v, sgd_batch_last), v.n};
}

template <class Real>
sgd_arrays<Real> sgd_arrays_of(const sgd_view<Real>& v) noexcept {
  return {v.theta, v.velocity, v.best, sgd_scratch_array(v, sgd_next_theta), sgd_scratch_array(v, sgd_next_velocity),
          sgd_scratch_array(v, sgd_gradient), v.n};
}

/// init(): validates everything first (nothing changes on failure), then takes the options,
/// starts the sampler and restarts the run at the current parameters. Out of line on every
/// target: it runs once, and inlined into init() on the Cortex-M55 GCC 12 emitted a cbnz
/// beyond its 126-byte reach ("branch out of range" from the assembler).
template <class Real, class Index>
[[gnu::noinline]] status sgd_init(const sgd_view<Real>& v, Index* order, std::uint32_t capacity,
                                  std::size_t sample_count, const annealing_sgd_options<Real>& options) noexcept {
  if (options.validate(sample_count) != field::none) return status::invalid_argument;
  const status fits = sampler_check(sample_count, options.batch_size, options.batches, capacity);
  if (fits != status::ok) return fits;
  sampler_start(*v.sampler, order, low_32_bits(sample_count), low_32_bits(options.batch_size), options.batches);
  sgd_take_options(v.core(), v.schedules(), options);
  sgd_take_meter_options(v.meter(), options);
  sgd_take_preconditioner_options(v.preconditioner(), options);
  sgd_restart(v.core(), *v.sampler, v.theta, v.velocity, v.best, v.n);
  sgd_meter_restart(v.meter(), v.step_variance, v.average_variance, v.previous_sample, v.n);
  sgd_preconditioner_start(v.preconditioner(), v.diagonal, v.n);
  v.core().initialized = 1u;
  return status::ok;
}

/// place(): the parameters at x (all finite, else invalid_argument and no change), and the
/// run restarts there.
template <class Real>
LANGEVIN_SGD_PHASE status sgd_place(const sgd_view<Real>& v, const Real* x) noexcept {
  if (!all_finite(x, v.n)) return status::invalid_argument;
  for (std::size_t i = 0; i < v.n; ++i) v.theta[i] = x[i];
  sgd_restart(v.core(), *v.sampler, v.theta, v.velocity, v.best, v.n);
  sgd_meter_restart(v.meter(), v.step_variance, v.average_variance, v.previous_sample, v.n);
  sgd_preconditioner_restart(v.preconditioner(), v.diagonal, v.n);
  return status::ok;
}

/// set_preconditioner(): with a fixed preconditioner, G = `diagonal` (each finite and > 0);
/// else invalid_argument and no change.
template <class Real>
LANGEVIN_SGD_PHASE status sgd_set_gains(const sgd_view<Real>& v, const Real* diagonal) noexcept {
  if (v.core().initialized == 0u || v.preconditioner().mode != preconditioning::fixed) return status::invalid_argument;
  bool positive = true;
  for (std::size_t i = 0; i < v.n; ++i) positive &= diagonal[i] > Real(0) && math::is_finite(diagonal[i]);
  if (!positive) return status::invalid_argument;
  for (std::size_t i = 0; i < v.n; ++i) v.diagonal[i] = diagonal[i];
  return status::ok;
}

// --- the phases of a step, in order; each a function of its own (one copy for every P) -----

/// Before any work: true with the learning rate and temperature of step n = steps in
/// `work`, if initialised, `usable_samples` (the data's size, 0 for a null pointer) is N,
/// lr(n) > 0 and T(n) >= 0, both finite; else false, and nothing changes.
template <class Real>
LANGEVIN_SGD_PHASE bool sgd_prepare(const sgd_core<Real>& core, const sgd_schedules<Real>& schedules,
                                   const sampler_core& sampler, std::size_t usable_samples,
                                   sgd_step_values<Real>& work) noexcept {
  if (core.initialized == 0u || usable_samples != sampler.count) return false;
  const Real rate = schedules.learning_rate(core.steps);
  const Real t = schedules.temperature(core.steps);
  if (!sgd_rate_valid(rate) || !sgd_temperature_valid(t)) return false;
  work.rate = rate;
  work.temperature = t;
  return true;
}

/// Scales the gradient down to Euclidean norm `limit` if it is longer (the norm computed
/// as largest |g_i| times the norm of g / largest, which cannot overflow).
template <class Real>
LANGEVIN_SGD_PHASE void sgd_clip(Real* gradient, std::size_t n, Real limit) noexcept {
  Real largest = Real(0);
  for (std::size_t i = 0; i < n; ++i) {
    const Real magnitude = gradient[i] < Real(0) ? -gradient[i] : gradient[i];
    if (magnitude > largest) largest = magnitude;
  }
  if (!(largest > Real(0))) return;
  Real sum_of_squares = Real(0);
  for (std::size_t i = 0; i < n; ++i) {
    const Real ratio = gradient[i] / largest;
    sum_of_squares += ratio * ratio;
  }
  const Real norm = largest * math::sqrt(sum_of_squares);
  if (!(norm > limit)) return;
  const Real factor = limit / norm;
  for (std::size_t i = 0; i < n; ++i) gradient[i] *= factor;
}

/// After the model ran on the batch (work.loss and `gradient` hold the sums): the sampler
/// moves past the batch and the step count advances, whatever happens next; the sums are
/// scaled to the objective (N / b or 1 / b) and the gradient clipped (if the options say
/// so). ok, or non_finite (a rejected step, counted) if the batch loss is not finite.
template <class Real>
LANGEVIN_SGD_PHASE status sgd_end_batch(sgd_core<Real>& core, sampler_core& sampler, sgd_step_values<Real>& work,
                                       Real* gradient, std::size_t n) noexcept {
  const std::uint32_t drawn = sampler_next_batch_size(sampler);
  sampler_finish_batch(sampler);
  ++core.steps;
  const Real scale = core.objective == objective_scale::sum
                         ? static_cast<Real>(sampler.count) / static_cast<Real>(drawn)
                         : Real(1) / static_cast<Real>(drawn);
  work.loss = work.loss * scale;
  if (!math::is_finite(work.loss)) {
    ++core.rejected;
    return status::non_finite;
  }
  for (std::size_t i = 0; i < n; ++i) gradient[i] *= scale;
  if (core.max_gradient_norm > Real(0)) sgd_clip(gradient, n, core.max_gradient_norm);
  return status::ok;
}

/// The n normal draws xi of a step at temperature T > 0, into `draws`; none at T = 0.
template <class Real>
LANGEVIN_SGD_PHASE void sgd_draw_noise(sgd_core<Real>& core, const sgd_step_values<Real>& work, Real* draws,
                                      std::size_t n) noexcept {
  if (!(work.temperature > Real(0))) return;
  if constexpr (!soft_arithmetic<Real> && std::is_same<Real, float>::value) {
    draw_normals_locally(core.generator, draws, n);
  } else {
    for (std::size_t i = 0; i < n; ++i) draws[i] = normal<Real>(core.generator);
  }
}

/// The meter's reading of a batch (before the sampler moves past it): the conversion
/// factor h N^2 f_hat / (2 b (1 - mu)) at this step's lr and b; the per-coordinate variance
/// M2 / (b - 1), or for a batch of one sample the pair (g - g_prev)^2 / 2 with the previous
/// batch's last sample (no reading without one); a finite reading becomes the step reading
/// and is folded into the running average with weight 1 / min(readings, window). A factor
/// that is not finite leaves the meter as it was (no reading this step). A reading that is
/// not finite gives no reading this step, but the factor still becomes this step's (the
/// running average is converted at the last step's lr and batch size, as temperature
/// holding uses it) and a finite last sample still becomes the previous one.
template <class Real>
LANGEVIN_SGD_PHASE void sgd_meter_read(sgd_meter_core<Real>& meter, const sgd_core<Real>& core,
                                      const sampler_core& sampler, Real rate,
                                      const sgd_meter_arrays<Real>& m) noexcept {
  const std::uint32_t drawn = sampler_next_batch_size(sampler);
  const Real count = static_cast<Real>(sampler.count);
  const Real batch = static_cast<Real>(drawn);
  const Real per_batch = count / batch;
  const Real scale = core.objective == objective_scale::sum ? count * per_batch : per_batch;
  const Real correction = sampler.mode == sampling::with_replacement ? Real(1) : (count - batch) / count;
  const Real factor = rate * scale * correction / (Real(2) * (Real(1) - core.momentum));
  meter.has_reading = 0u;
  if (!math::is_finite(factor)) return;
  meter.factor = factor;
  bool finite = true;
  if (drawn >= 2u) {
    const Real inverse = Real(1) / static_cast<Real>(drawn - 1u);
    for (std::size_t i = 0; i < m.n; ++i) finite &= math::is_finite(m.batch_m2[i] * inverse);
    if (finite) {
      for (std::size_t i = 0; i < m.n; ++i) m.step_variance[i] = m.batch_m2[i] * inverse;
    }
  } else if (meter.has_previous != 0u) {
    for (std::size_t i = 0; i < m.n; ++i) {
      const Real d = m.batch_last[i] - m.previous_sample[i];
      finite &= math::is_finite(Real(0.5) * d * d);
    }
    if (finite) {
      for (std::size_t i = 0; i < m.n; ++i) {
        const Real d = m.batch_last[i] - m.previous_sample[i];
        m.step_variance[i] = Real(0.5) * d * d;
      }
    }
  } else {
    finite = false;
  }
  const bool last_finite = all_finite(m.batch_last, m.n);
  if (last_finite) {
    for (std::size_t i = 0; i < m.n; ++i) m.previous_sample[i] = m.batch_last[i];
  }
  meter.has_previous = last_finite ? 1u : 0u;
  if (!finite) return;
  ++meter.readings;
  const std::uint64_t weight_count = meter.readings < meter.window ? meter.readings : meter.window;
  const Real weight = Real(1) / math::from_count<Real>(weight_count);
  for (std::size_t i = 0; i < m.n; ++i) {
    m.average_variance[i] += weight * (m.step_variance[i] - m.average_variance[i]);
  }
  meter.has_reading = 1u;
}

/// One more per-sample gradient g, the k-th of the batch (k >= 1, g in the scratch's
/// last-gradient array, where it stays as the batch's last), into Welford's running mean
/// and M2 of the batch (in `scratch`, sgd_scratch): d = g - mean; mean += d / k;
/// M2 += d (g - mean), from mean = M2 = 0 at k = 1.
template <class Real>
LANGEVIN_SGD_PHASE void sgd_welford_add(Real* scratch, std::uint32_t k, std::size_t n) noexcept {
  Real* const mean = scratch + static_cast<std::size_t>(sgd_batch_mean) * n;
  Real* const m2 = scratch + static_cast<std::size_t>(sgd_batch_m2) * n;
  const Real* const g = scratch + static_cast<std::size_t>(sgd_batch_last) * n;
  const bool first = k == 1u;
  const Real inverse = Real(1) / static_cast<Real>(k);
  for (std::size_t i = 0; i < n; ++i) {
    const Real mean_before = first ? Real(0) : mean[i];
    const Real m2_before = first ? Real(0) : m2[i];
    const Real deviation = g[i] - mean_before;
    mean[i] = mean_before + deviation * inverse;
    m2[i] = m2_before + deviation * (g[i] - mean[i]);
  }
}

/// Temperature-held injection: with T = T(n) and T_sgd,j = factor * G_j * average_variance_j
/// (G_j = gains[j], or 1 for null gains), scales the draws xi_j (in `draws`, at T > 0) by
/// sqrt(T_inject,j / T), T_inject,j = max(0, T - T_sgd,j), so that the update's amplitude
/// sqrt(2 lr G_j T (1 - mu) / [N]) injects temperature T_inject,j; counts the step if some
/// coordinate was clamped at 0.
template <class Real>
LANGEVIN_SGD_PHASE void sgd_hold_noise(sgd_meter_core<Real>& meter, const sgd_step_values<Real>& work,
                                      const Real* average_variance, const Real* gains, Real* draws,
                                      std::size_t n) noexcept {
  const Real target = work.temperature;
  const Real factor = meter.factor;
  bool clamped = false;
  for (std::size_t i = 0; i < n; ++i) {
    const Real reading = factor * average_variance[i];
    Real missing = target - (gains != nullptr ? gains[i] * reading : reading);
    if (missing < Real(0)) {
      clamped = true;
      missing = Real(0);
    }
    if (target > Real(0)) draws[i] *= math::sqrt(missing / target);
  }
  if (clamped) ++meter.clamped;
}

/// This step's gains G (a preconditioned step, before the hold and the update): fixed, the
/// diagonal; RMSprop, 1 / (epsilon + sqrt(V')) into the scratch's batch-M2 array, where V'
/// = V + w (g^2 - V), w = max(1 / (updates + 1), 1 - decay), goes to its batch-mean array
/// while V adapts (and becomes V when the step is accepted, sgd_move), else V' = V. Null
/// if V' is not finite (g^2 overflowed): the step is then rejected.
template <class Real>
LANGEVIN_SGD_PHASE const Real* sgd_gains(const sgd_view<Real>& v) noexcept {
  const sgd_preconditioner_core<Real>& preconditioner = v.preconditioner();
  if (preconditioner.mode == preconditioning::fixed) return v.diagonal;
  const Real epsilon = preconditioner.epsilon;
  const Real* mean_square = v.diagonal;
  if (sgd_rmsprop_adapting(preconditioner)) {
    const Real fresh = Real(1) / math::from_count<Real>(preconditioner.updates + 1u);
    const Real floor = Real(1) - preconditioner.decay;
    const Real weight = fresh > floor ? fresh : floor;
    const Real* const g = sgd_scratch_array(v, sgd_gradient);
    Real* const next = sgd_scratch_array(v, sgd_batch_mean);
    for (std::size_t i = 0; i < v.n; ++i) next[i] = v.diagonal[i] + weight * (g[i] * g[i] - v.diagonal[i]);
    if (!all_finite(next, v.n)) return nullptr;
    mean_square = next;
  }
  Real* const gains = sgd_scratch_array(v, sgd_batch_m2);
  for (std::size_t i = 0; i < v.n; ++i) gains[i] = Real(1) / (epsilon + math::sqrt(mean_square[i]));
  return gains;
}

/// A preconditioned step's gradient times G, and its draws (at T > 0) times sqrt(G).
template <class Real>
LANGEVIN_SGD_PHASE void sgd_apply_gains(const Real* gains, Real* gradient, Real* draws, bool noisy,
                                       std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) gradient[i] *= gains[i];
  if (!noisy) return;
  for (std::size_t i = 0; i < n; ++i) draws[i] *= math::sqrt(gains[i]);
}

/// The update v' = mu v - lr g (+ sqrt(2 lr T (1 - mu) / [N]) xi), theta' = theta + v', with
/// the draws xi in next_theta at T > 0 (g and xi already scaled by a preconditioner's G and
/// sqrt(G)), written in place with theta and v kept in the scratch arrays (next_theta,
/// next_velocity); accepted if theta' is finite (then v' is too), keeping theta as the best
/// point if its batch loss is the lowest yet (with best tracking), and RMSprop's V' while
/// it adapts; else rejected: theta and v are restored from the scratch (nothing but the
/// counter changes).
template <class Real>
LANGEVIN_SGD_SCALAR_LOOPS LANGEVIN_SGD_PHASE step_result<Real> sgd_move(const sgd_view<Real>& v) noexcept {
  sgd_core<Real>& core = v.core();
  const sgd_step_values<Real>& work = *v.work;
  const sgd_arrays<Real> a = sgd_arrays_of(v);
  // Locals, not the structs' fields, in the loops: the arrays could alias the structs.
  const Real momentum = core.momentum;
  const Real rate = work.rate;
  const bool noisy = work.temperature > Real(0);
  Real amplitude = Real(0);
  if (noisy) {
    Real variance = Real(2) * rate * work.temperature * (Real(1) - momentum);
    if (core.objective == objective_scale::mean) variance /= static_cast<Real>(v.sampler->count);
    amplitude = math::sqrt(variance);
  }
  // One pass per coordinate, each value rounded as in separate passes (v', v' plus the
  // noise, theta'); the old theta replaces the draw it no longer needs. theta' is tallied
  // for the finiteness verdict.
  Real* const old_theta = a.next_theta;
  Real* const old_velocity = a.next_velocity;
  finite_tally<Real> tally;
  if (noisy) {
    for (std::size_t i = 0; i < a.n; ++i) {
      const Real theta = a.theta[i];
      const Real velocity = a.velocity[i];
      Real next_velocity = momentum * velocity - rate * a.gradient[i];
      next_velocity += amplitude * old_theta[i];
      const Real next_theta = theta + next_velocity;
      old_theta[i] = theta;
      old_velocity[i] = velocity;
      a.theta[i] = next_theta;
      a.velocity[i] = next_velocity;
      tally.add(next_theta);
    }
  } else {
    for (std::size_t i = 0; i < a.n; ++i) {
      const Real theta = a.theta[i];
      const Real velocity = a.velocity[i];
      const Real next_velocity = momentum * velocity - rate * a.gradient[i];
      const Real next_theta = theta + next_velocity;
      old_theta[i] = theta;
      old_velocity[i] = velocity;
      a.theta[i] = next_theta;
      a.velocity[i] = next_velocity;
      tally.add(next_theta);
    }
  }
  if (!tally.all_finite(a.theta, a.n)) {
    for (std::size_t i = 0; i < a.n; ++i) {
      a.theta[i] = old_theta[i];
      a.velocity[i] = old_velocity[i];
    }
    ++core.rejected;
    return {status::non_finite, work.loss};
  }
  if (core.track_best != 0u && work.loss < core.best_loss) {
    core.best_loss = work.loss;
    for (std::size_t i = 0; i < a.n; ++i) a.best[i] = old_theta[i];
  }
  if (sgd_rmsprop_adapting(v.preconditioner())) {
    const Real* const next = sgd_scratch_array(v, sgd_batch_mean);
    for (std::size_t i = 0; i < a.n; ++i) v.diagonal[i] = next[i];
    ++v.preconditioner().updates;
  }
  return {status::ok, work.loss};
}

/// The first phase of a step, before any work: sgd_prepare. ok, or invalid_argument (and
/// nothing changes).
template <class Real>
LANGEVIN_SGD_PHASE status sgd_prepare_phase(const sgd_view<Real>& v, std::size_t usable_samples) noexcept {
  return sgd_prepare(v.core(), v.schedules(), *v.sampler, usable_samples, *v.work) ? status::ok
                                                                                : status::invalid_argument;
}

/// The end of a step's batch, once the model ran on it: with the meter on, its reading of
/// the batch; then sgd_end_batch (ok, or non_finite; work.loss is the batch loss).
template <class Real>
LANGEVIN_SGD_PHASE status sgd_end_phase(const sgd_view<Real>& v, std::size_t) noexcept {
  if (v.meter().measure != 0u) sgd_meter_read(v.meter(), v.core(), *v.sampler, v.work->rate, sgd_meter_arrays_of(v));
  return sgd_end_batch(v.core(), *v.sampler, *v.work, sgd_scratch_array(v, sgd_gradient), v.n);
}

/// After the draws: a preconditioner's gains (non_finite, a rejected step, if RMSprop's V'
/// is not finite); with temperature holding, the draws' scaling; the gains applied.
template <class Real>
LANGEVIN_SGD_PHASE status sgd_scale_phase(const sgd_view<Real>& v) noexcept {
  const Real* gains = nullptr;
  if (v.preconditioner().mode != preconditioning::none) {
    gains = sgd_gains(v);
    if (gains == nullptr) {
      ++v.core().rejected;
      return status::non_finite;
    }
  }
  Real* const draws = sgd_scratch_array(v, sgd_next_theta);
  if (v.meter().hold != 0u) sgd_hold_noise(v.meter(), *v.work, v.average_variance, gains, draws, v.n);
  if (gains != nullptr) {
    sgd_apply_gains(gains, sgd_scratch_array(v, sgd_gradient), draws, v.work->temperature > Real(0), v.n);
  }
  return status::ok;
}

/// The last phase of a step, after the draws: their scaling (sgd_scale_phase, which keeps
/// nothing on the stack under the update), then the update (sgd_move).
template <class Real>
LANGEVIN_SGD_PHASE status sgd_move_phase(const sgd_view<Real>& v, std::size_t) noexcept {
  if ((v.preconditioner().mode != preconditioning::none || v.meter().hold != 0u) &&
      sgd_scale_phase(v) != status::ok) {
    return status::non_finite;
  }
  return sgd_move(v).status;
}

/// Everything of a step after the model ran on the batch: the end of the batch, the draws
/// and the last phase. Out of line where the library arranges code for size
/// (LANGEVIN_SOFT_DOUBLE: one copy for every P, each phase in a frame of its own), inline
/// elsewhere. Not where Real is emulated in software: there the draws run from step()'s
/// own frame (see annealing_sgd::step).
template <class Real>
LANGEVIN_SGD_PHASE step_result<Real> sgd_finish_step(const sgd_view<Real>& v) noexcept {
  const status batch = sgd_end_phase(v, 0u);
  if (batch != status::ok) return {batch, v.work->loss};
  sgd_draw_noise(v.core(), *v.work, sgd_scratch_array(v, sgd_next_theta), v.n);
  return {sgd_move_phase(v, 0u), v.work->loss};
}

// --- checkpoint validation, one part of the payload at a time -------------------------------
//
// A saved annealing_sgd is: core, learning rate, temperature, meter core, preconditioner
// core (sgd_state), sampler core, parameters, velocity, best, step variance, average
// variance, previous sample, preconditioner diagonal, order buffer. Each check below reads the few saved fields it needs where
// they lie (a field of the core through its offset), so no part of the payload is copied
// whole except a schedule or the sampler core, and the checks run one after another.

/// The saved core field at `offset` (offsetof(sgd_core<Real>, field)) as a T.
template <class T>
T saved_member(checkpoint_reader core, std::size_t offset) noexcept {
  return core.take_at<unsigned char>(offset).at<T>(0u);
}

/// Flags, enumerators, reserved bytes and counters of a saved core: reserved bytes 0;
/// initialized and track_best 0 or 1; known enumerators; rejected <= steps; never
/// initialised: steps 0.
template <class Real>
[[gnu::noinline]] bool saved_sgd_flags_valid(checkpoint_reader core) noexcept {
  using C = sgd_core<Real>;
  const checkpoint_reader reserved = core.take_at<unsigned char>(offsetof(C, reserved));
  for (std::size_t i = 0; i < sizeof(Real); ++i) {
    if (reserved.at<std::uint8_t>(i) != 0u) return false;
  }
  const auto initialized = saved_member<std::uint8_t>(core, offsetof(C, initialized));
  if (initialized > 1u || saved_member<std::uint8_t>(core, offsetof(C, track_best)) > 1u) return false;
  if (!is_sampling_mode(saved_member<sampling>(core, offsetof(C, batches))) ||
      !is_objective_scale(saved_member<objective_scale>(core, offsetof(C, objective)))) {
    return false;
  }
  const auto steps = saved_member<std::uint64_t>(core, offsetof(C, steps));
  if (saved_member<std::uint64_t>(core, offsetof(C, rejected)) > steps) return false;
  return initialized != 0u || steps == 0u;
}

/// The options and generator of a saved core: a batch size, momentum and clipping norm
/// init() accepts; the generator's increment that of `stream`; never initialised: the
/// default options and the generator they seed.
template <class Real>
[[gnu::noinline]] bool saved_sgd_settings_valid(checkpoint_reader core) noexcept {
  using C = sgd_core<Real>;
  const auto momentum = saved_member<Real>(core, offsetof(C, momentum));
  const auto max_gradient_norm = saved_member<Real>(core, offsetof(C, max_gradient_norm));
  const auto batch_size = saved_member<std::uint32_t>(core, offsetof(C, batch_size));
  if (!sgd_batch_size_valid(batch_size) || !sgd_momentum_valid(momentum) ||
      !sgd_max_gradient_norm_valid(max_gradient_norm)) {
    return false;
  }
  const auto generator = saved_member<pcg32_state>(core, offsetof(C, generator));
  const auto seed = saved_member<std::uint64_t>(core, offsetof(C, seed));
  const auto stream = saved_member<std::uint64_t>(core, offsetof(C, stream));
  if (generator.increment != ((stream << 1u) | 1u)) return false;
  if (saved_member<std::uint8_t>(core, offsetof(C, initialized)) != 0u) return true;
  constexpr annealing_sgd_options<Real> defaults{};
  constexpr pcg32_state seeded = pcg32{defaults.seed, defaults.stream}.state();
  return seed == defaults.seed && stream == defaults.stream && math::same(momentum, defaults.momentum) &&
         math::same(max_gradient_norm, defaults.max_gradient_norm) && batch_size == defaults.batch_size &&
         saved_member<sampling>(core, offsetof(C, batches)) == defaults.batches &&
         saved_member<objective_scale>(core, offsetof(C, objective)) == defaults.objective &&
         saved_member<std::uint8_t>(core, offsetof(C, track_best)) == (defaults.track_best ? 1u : 0u) &&
         generator.state == seeded.state;
}

/// Which of the two schedules a saved schedule is.
enum class sgd_schedule_role : unsigned char { learning_rate, temperature };

template <class Real>
bool same_schedule(const schedule<Real>& a, const schedule<Real>& b) noexcept {
  return a.kind == b.kind && math::same(a.a, b.a) && math::same(a.b, b.b) && math::same(a.k, b.k) && a.period == b.period && math::same(a.floor, b.floor);
}

/// A saved schedule: the default one if never initialised, else one whose parameters are
/// valid (schedule::validate()). Its value at step 0 is not evaluated here: the deepest
/// families (pow in double) would take restore past its stack budget on soft-double
/// targets, and every step() checks lr(n) > 0 and T(n) >= 0 (finite) before any work, so a
/// schedule out of range at the saved step makes step() answer invalid_argument and change
/// nothing, as a schedule that leaves its range later in a run does.
template <class Real>
[[gnu::noinline]] bool saved_sgd_schedule_valid(checkpoint_reader in, bool initialized,
                                                sgd_schedule_role role) noexcept {
  const auto saved = in.get<schedule<Real>>();
  if (initialized) return saved.validate() == status::ok;
  const Real default_value =
      role == sgd_schedule_role::learning_rate ? sgd_learning_rate<Real>::default_value : sgd_temperature<Real>::default_value;
  return same_schedule<Real>(saved, schedule<Real>::constant(default_value));
}

/// The saved sampler (checked on its own by saved_sampler_valid) agrees with the core:
/// initialised together; once initialised, the options' batch size and mode, and exactly
/// one batch per step since init() / place(): steps = epochs * ceil(N / B) + position / B.
template <class Real>
[[gnu::noinline]] bool saved_sgd_sampler_matches(checkpoint_reader core, checkpoint_reader sampler_bytes) noexcept {
  using C = sgd_core<Real>;
  const auto sampler = sampler_bytes.get<sampler_core>();
  const bool initialized = saved_member<std::uint8_t>(core, offsetof(C, initialized)) != 0u;
  if (initialized != (sampler.count != 0u)) return false;
  if (!initialized) return true;
  if (sampler.batch != saved_member<std::uint32_t>(core, offsetof(C, batch_size)) ||
      sampler.mode != saved_member<sampling>(core, offsetof(C, batches))) {
    return false;
  }
  const std::uint64_t steps = saved_member<std::uint64_t>(core, offsetof(C, steps));
  const std::uint64_t per_epoch = sampler_batches_per_epoch(sampler);
  return steps / per_epoch == sampler.epochs && steps % per_epoch == sampler.cursor / sampler.batch;
}

/// The saved arrays and best loss: parameters, velocity and best parameters finite; a best
/// loss finite or +infinity, and +infinity without best tracking; before any accepted step
/// (steps = rejected) exactly as init() / place() left them (zero velocity, best = the
/// parameters, best loss +infinity); after one, with best tracking on, a finite best loss.
template <class Real>
[[gnu::noinline]] bool saved_sgd_arrays_valid(checkpoint_reader core, checkpoint_reader theta,
                                              checkpoint_reader velocity, checkpoint_reader best,
                                              std::size_t n) noexcept {
  using C = sgd_core<Real>;
  if (!saved_values_finite<Real>(theta, n) || !saved_values_finite<Real>(velocity, n) ||
      !saved_values_finite<Real>(best, n)) {
    return false;
  }
  const auto best_loss = saved_member<Real>(core, offsetof(C, best_loss));
  const Real infinity = std::numeric_limits<Real>::infinity();
  const bool tracking = saved_member<std::uint8_t>(core, offsetof(C, track_best)) != 0u;
  if (!(math::is_finite(best_loss) || math::same(best_loss, infinity)) || (!tracking && !math::same(best_loss, infinity))) return false;
  const bool any_accepted = saved_member<std::uint64_t>(core, offsetof(C, steps)) !=
                            saved_member<std::uint64_t>(core, offsetof(C, rejected));
  if (any_accepted) return !tracking || !math::same(best_loss, infinity);
  if (!math::same(best_loss, infinity)) return false;
  for (std::size_t i = 0; i < n; ++i) {
    if (!math::same(velocity.at<Real>(i), Real(0)) || !math::same(best.at<Real>(i), theta.at<Real>(i))) return false;
  }
  return true;
}

/// True if the n saved values are all zero.
template <class Real>
bool saved_values_zero(checkpoint_reader values, std::size_t n) noexcept {
  bool zero = true;
  for (std::size_t i = 0; i < n; ++i) zero &= math::same(values.at<Real>(i), Real(0));
  return zero;
}

/// True if the n saved values are all finite and >= 0 (variances).
template <class Real>
bool saved_variances_valid(checkpoint_reader values, std::size_t n) noexcept {
  bool valid = true;
  for (std::size_t i = 0; i < n; ++i) {
    const Real v = values.at<Real>(i);
    valid &= math::is_finite(v) && v >= Real(0);
  }
  return valid;
}

/// The saved meter's scalars against the saved sgd core (each field read where it lies):
/// reserved bytes 0, flags 0 or 1, a window init() accepts, hold only with measure, a
/// finite factor >= 0; readings and clamped steps at most the steps; hold off: no clamped
/// steps; a step reading only after a reading; meter off or no step yet: no readings, no
/// clamped steps, no previous sample, factor 0; never initialised: the default options'
/// meter.
template <class Real>
[[gnu::noinline]] bool saved_sgd_meter_scalars_valid(checkpoint_reader core, checkpoint_reader meter) noexcept {
  using C = sgd_core<Real>;
  using M = sgd_meter_core<Real>;
  const checkpoint_reader reserved = meter.take_at<unsigned char>(offsetof(M, reserved));
  for (std::size_t i = 0; i < sizeof(Real); ++i) {
    if (reserved.at<std::uint8_t>(i) != 0u) return false;
  }
  const auto measure = saved_member<std::uint8_t>(meter, offsetof(M, measure));
  const auto hold = saved_member<std::uint8_t>(meter, offsetof(M, hold));
  const auto has_previous = saved_member<std::uint8_t>(meter, offsetof(M, has_previous));
  const auto has_reading = saved_member<std::uint8_t>(meter, offsetof(M, has_reading));
  if (measure > 1u || hold > measure || has_previous > 1u || has_reading > 1u) return false;
  const auto window = saved_member<std::uint32_t>(meter, offsetof(M, window));
  if (!sgd_noise_meter_window_valid(window)) return false;
  const auto factor = saved_member<Real>(meter, offsetof(M, factor));
  if (!math::is_finite(factor) || factor < Real(0)) return false;
  const auto readings = saved_member<std::uint64_t>(meter, offsetof(M, readings));
  const auto clamped = saved_member<std::uint64_t>(meter, offsetof(M, clamped));
  const auto steps = saved_member<std::uint64_t>(core, offsetof(C, steps));
  if (readings > steps || clamped > steps || (hold == 0u && clamped != 0u)) return false;
  if (has_reading != 0u && readings == 0u) return false;
  const bool untouched = readings == 0u && clamped == 0u && has_previous == 0u && math::same(factor, Real(0));
  if ((steps == 0u || measure == 0u) && !untouched) return false;
  if (saved_member<std::uint8_t>(core, offsetof(C, initialized)) != 0u) return true;
  constexpr annealing_sgd_options<Real> defaults{};
  return window == defaults.noise_meter_window && measure == (defaults.noise_meter ? 1u : 0u) &&
         hold == (defaults.hold_temperature ? 1u : 0u);
}

/// The saved meter's arrays: variances finite and >= 0, all zero before the first reading;
/// a finite previous sample, zero while the meter has seen no step (or is off).
template <class Real>
[[gnu::noinline]] bool saved_sgd_meter_arrays_valid(checkpoint_reader core, checkpoint_reader meter,
                                                    checkpoint_reader step_variance,
                                                    checkpoint_reader average_variance,
                                                    checkpoint_reader previous_sample, std::size_t n) noexcept {
  using M = sgd_meter_core<Real>;
  if (!saved_variances_valid<Real>(step_variance, n) || !saved_variances_valid<Real>(average_variance, n) ||
      !saved_values_finite<Real>(previous_sample, n)) {
    return false;
  }
  if (saved_member<std::uint64_t>(meter, offsetof(M, readings)) == 0u &&
      (!saved_values_zero<Real>(step_variance, n) || !saved_values_zero<Real>(average_variance, n))) {
    return false;
  }
  const bool idle = saved_member<std::uint64_t>(core, offsetof(sgd_core<Real>, steps)) == 0u ||
                    saved_member<std::uint8_t>(meter, offsetof(M, measure)) == 0u;
  return !idle || saved_values_zero<Real>(previous_sample, n);
}

/// The saved preconditioner against the saved core: reserved bytes 0; a known mode; a decay
/// and epsilon init() accepts; RMSprop, exactly one update per accepted step since init() /
/// place() (steps - rejected) up to rmsprop_adapt_steps (if > 0); another mode, no
/// updates. The diagonal: none, all 0; fixed, finite and > 0; RMSprop, finite and >= 0,
/// all 0 before the first update. Never initialised: the default options' preconditioner.
template <class Real>
[[gnu::noinline]] bool saved_sgd_preconditioner_valid(checkpoint_reader core, checkpoint_reader preconditioner,
                                                      checkpoint_reader diagonal, std::size_t n) noexcept {
  using C = sgd_core<Real>;
  using G = sgd_preconditioner_core<Real>;
  const checkpoint_reader reserved = preconditioner.take_at<unsigned char>(offsetof(G, reserved));
  for (std::size_t i = 0; i < sizeof(G::reserved); ++i) {
    if (reserved.at<std::uint8_t>(i) != 0u) return false;
  }
  const auto mode = saved_member<preconditioning>(preconditioner, offsetof(G, mode));
  const auto decay = saved_member<Real>(preconditioner, offsetof(G, decay));
  const auto epsilon = saved_member<Real>(preconditioner, offsetof(G, epsilon));
  if (!is_preconditioning(mode) || !sgd_rmsprop_decay_valid(decay) || !sgd_rmsprop_epsilon_valid(epsilon)) {
    return false;
  }
  const auto updates = saved_member<std::uint64_t>(preconditioner, offsetof(G, updates));
  const auto adapt_steps = saved_member<std::uint64_t>(preconditioner, offsetof(G, adapt_steps));
  const std::uint64_t accepted = saved_member<std::uint64_t>(core, offsetof(C, steps)) -
                                 saved_member<std::uint64_t>(core, offsetof(C, rejected));
  const std::uint64_t expected =
      mode != preconditioning::rmsprop ? 0u : (adapt_steps != 0u && adapt_steps < accepted ? adapt_steps : accepted);
  if (updates != expected) return false;
  bool diagonal_valid = true;
  for (std::size_t i = 0; i < n; ++i) {
    const Real d = diagonal.at<Real>(i);
    switch (mode) {
      case preconditioning::none: diagonal_valid &= math::same(d, Real(0)); break;
      case preconditioning::fixed: diagonal_valid &= d > Real(0) && math::is_finite(d); break;
      case preconditioning::rmsprop:
        diagonal_valid &= d >= Real(0) && math::is_finite(d) && (updates != 0u || math::same(d, Real(0)));
        break;
    }
  }
  if (!diagonal_valid) return false;
  if (saved_member<std::uint8_t>(core, offsetof(C, initialized)) != 0u) return true;
  constexpr annealing_sgd_options<Real> defaults{};
  return mode == defaults.preconditioner && math::same(decay, defaults.rmsprop_decay) &&
         math::same(epsilon, defaults.rmsprop_epsilon) && adapt_steps == defaults.rmsprop_adapt_steps;
}

/// The saved preconditioner of a saved annealing_sgd over n parameters (the whole payload
/// in `in`), read where it lies: saved_sgd_preconditioner_valid, in a frame of its own so
/// that its readers are not on the stack under the other checks.
template <class Real>
[[gnu::noinline]] bool saved_sgd_preconditioner_part_valid(checkpoint_reader in, std::size_t n) noexcept {
  const checkpoint_reader core = in.take<sgd_core<Real>>(1u);
  in.skip(sizeof(sgd_schedules<Real>) + sizeof(sgd_meter_core<Real>));
  const checkpoint_reader preconditioner = in.take<sgd_preconditioner_core<Real>>(1u);
  in.skip(sizeof(sampler_core) + 6u * n * sizeof(Real));
  return saved_sgd_preconditioner_valid<Real>(core, preconditioner, in.take<Real>(n), n);
}

/// A saved annealing_sgd over n parameters with an order buffer of `capacity` indices (the
/// layout above): every part valid.
template <class Real, class Index>
bool saved_sgd_valid(checkpoint_reader in, std::size_t n, std::uint32_t capacity) noexcept {
  if (!saved_sgd_preconditioner_part_valid<Real>(in, n)) return false;
  const checkpoint_reader core = in.take<sgd_core<Real>>(1u);
  const checkpoint_reader rate = in.take<schedule<Real>>(1u);
  const checkpoint_reader temperature = in.take<schedule<Real>>(1u);
  const checkpoint_reader meter = in.take<sgd_meter_core<Real>>(1u);
  in.skip(sizeof(sgd_preconditioner_core<Real>));
  const checkpoint_reader sampler = in.take<sampler_core>(1u);
  const checkpoint_reader theta = in.take<Real>(n);
  const checkpoint_reader velocity = in.take<Real>(n);
  const checkpoint_reader best = in.take<Real>(n);
  const checkpoint_reader step_variance = in.take<Real>(n);
  const checkpoint_reader average_variance = in.take<Real>(n);
  const checkpoint_reader previous_sample = in.take<Real>(n);
  in.skip(n * sizeof(Real));
  if (!saved_sgd_flags_valid<Real>(core) || !saved_sgd_settings_valid<Real>(core)) return false;
  const bool initialized = saved_member<std::uint8_t>(core, offsetof(sgd_core<Real>, initialized)) != 0u;
  return saved_sgd_schedule_valid<Real>(rate, initialized, sgd_schedule_role::learning_rate) &&
         saved_sgd_schedule_valid<Real>(temperature, initialized, sgd_schedule_role::temperature) &&
         saved_sampler_valid<Index>(sampler, in, capacity) && saved_sgd_sampler_matches<Real>(core, sampler) &&
         saved_sgd_arrays_valid<Real>(core, theta, velocity, best, n) &&
         saved_sgd_meter_scalars_valid<Real>(core, meter) &&
         saved_sgd_meter_arrays_valid<Real>(core, meter, step_variance, average_variance, previous_sample, n);
}

}  // namespace detail

/// Annealed stochastic gradient descent / stochastic gradient Langevin dynamics for P
/// parameters of type Real (float or double).
///
/// \tparam IndexCapacity  capacity of the epoch order buffer, the largest N usable with
///   `sampling::without_replacement` (see `batch_sampler`); 0 (the default) for none:
///   with_replacement (the default sampling) and in_order need no buffer.
///
/// Memory: 13 P + 3 Reals (parameters, velocity, best, the noise meter's step variance,
/// average variance and previous sample, and the preconditioner's diagonal, saved; the
/// batch gradient, the next parameters and velocity and the meter's batch mean, M2 and last
/// sample, scratch) + IndexCapacity indices (1, 2 or 4 bytes each) + two schedules + the
/// scalars (72 bytes in float, 88 in double, with the pcg32) + 24 bytes of sampler + 32
/// (float) or 40 (double) bytes of meter + 32 / 40 bytes of preconditioner.
/// No pointers, no heap: the object is trivially copyable and checkpointable
/// (checkpoint.hpp). A step keeps two arrays of P Reals on the stack (the batch gradient
/// and one sample's gradient, in registers where they fit), four with the meter on where
/// the stack is plentiful (none on microcontrollers: the scratch members instead); the
/// rest of its stack does not depend on P.
///
/// Random numbers: the optimizer owns its pcg32 (seeded from the options), so a
/// checkpoint captures the random stream too and a restored copy continues bit for bit;
/// two optimizers never interleave draws by accident; and the same seed gives the same
/// run on every port. Use distinct `stream` values for independent replicas.
///
/// The model is any callable (`is_sample_model_v`)
///
///     Real model(const std::array<Real, P>& theta, const Sample& sample,
///                std::array<Real, P>& gradient) const;
///
/// returning the per-sample loss l(theta; sample) and WRITING grad l into `gradient`, as
/// every problem of the library writes its gradient. The optimizer zeroes `gradient` before
/// each call and sums the b per-sample gradients itself, so a model that adds into
/// `gradient` instead gives the same bits, and one that leaves an element alone
/// contributes 0 there.
///
/// Data: the N trivially copyable samples in RAM or flash, as a `span<const Sample>`, a
/// `span<Sample>`, a `std::array<Sample, K>` or a C array `Sample[K]` (viewed, never
/// copied), passed to every step: it is never stored, so a checkpoint holds no addresses.
///
/// Work per step: b model calls + O(b P) + P normal draws if T(n) > 0 + O(b) index draws;
/// no O(N) spike at epoch boundaries (see `batch_sampler`); with the meter, one division
/// and about 6 P more flops per sample and O(P) per step (P square roots when holding the
/// temperature). No heap, no exceptions.
template <class Real, std::size_t P, std::size_t IndexCapacity = 0>
class annealing_sgd {
  static_assert(std::is_floating_point<Real>::value, "Real is float or double");
  static_assert(P > 0, "at least one parameter");

 public:
  using real_type = Real;
  using point_type = std::array<Real, P>;
  using options_type = annealing_sgd_options<Real>;
  using sampler_type = batch_sampler<IndexCapacity>;
  static constexpr std::size_t parameter_count = P;

  /// Prepares a run on `sample_count` samples (N): copies the options, seeds the generator,
  /// starts the sampler at epoch 0 and the step count at 0, zeroes the velocity and sets
  /// best = current() (zero, or what place() put there) with best_value() +infinity.
  /// Returns invalid_argument exactly when options.validate(sample_count) is not
  /// field::none; buffer_too_small for without_replacement with N > IndexCapacity. On
  /// failure nothing changes. Work: O(P), plus O(N) without replacement.
  status init(std::size_t sample_count, const options_type& options) noexcept {
    return detail::sgd_init(view(), sampler_.order_.data(), sampler_type::capacity(), sample_count, options);
  }

  /// Puts the parameters at `theta0` (every element finite, else invalid_argument and no
  /// change) with zero velocity and best = theta0, and restarts the run: steps(),
  /// rejected_steps() and epochs() 0, the sampler at the start of an epoch, best_value()
  /// +infinity. The generator continues; RMSprop's V restarts, a fixed preconditioner
  /// stays. Before init() it sets the start point init() keeps. The default start point is
  /// zero.
  status place(const point_type& theta0) noexcept {
    return detail::sgd_place(view(), theta0.data());
  }

  /// With `preconditioning::fixed` (after init()): parameter j's learning rate becomes
  /// lr(n) G_j and its noise sqrt(G_j) times the plain one, from the next step on; the run
  /// goes on. Every G_j finite and > 0: for parameters of typical sizes s_j, G_j =
  /// (s_j / s_ref)^2 gives each the rate a parameter of size s_ref gets from lr.
  /// invalid_argument, and no change, before init(), with another preconditioning, or for
  /// an entry <= 0 or not finite.
  status set_preconditioner(const point_type& diagonal) noexcept {
    return detail::sgd_set_gains(view(), diagonal.data());
  }

  /// The preconditioner's G_j now: the fixed diagonal, RMSprop's 1 / (epsilon + sqrt(V_j))
  /// (1 / epsilon before the first step), or 1 without one. NaN for j >= P.
  Real preconditioner(std::size_t j) const noexcept {
    return j < P ? detail::sgd_gain(state_.preconditioner, diagonal_.data(), j) : not_a_number();
  }

  /// One step on the next batch of `data` (the N samples given to init; see the class
  /// comment for the accepted forms), at lr = learning_rate(steps()) and
  /// T = temperature(steps()). Returns {status, value} with value the batch estimate of the
  /// objective (per `objective_scale`) at the parameters *before* the step:
  ///  - ok: the step was taken;
  ///  - non_finite: the loss, the gradient or the new parameters were not finite; the
  ///    step is rejected (parameters, velocity and best unchanged) but the batch is
  ///    consumed (sampler, generator and steps() advance), so a control loop moves on to
  ///    fresh samples; rejected_steps() counts these;
  ///  - invalid_argument, value NaN: not initialized, `data` of another size than N, or
  ///    the schedules give lr <= 0, T < 0 or a non-finite value at this step; nothing
  ///    changes and the model is not called.
  template <class Model, class Data>
  step_result<Real> step(const Model& model, const Data& data) noexcept {
    static_assert(detail::is_sample_data_v<Data>,
                  "data must be a langevin::span of samples, a std::array of samples or a C array of samples");
    using sample_type = detail::sample_of_t<Data>;
    static_assert(std::is_trivially_copyable<sample_type>::value, "samples are trivially copyable");
    static_assert(is_sample_model_v<Model, Real, P, sample_type>,
                  "Model must be callable as Real(const std::array<Real,P>&, const Sample&, std::array<Real,P>&) const");
    const span<const sample_type> samples = detail::sample_view(data);
    const std::size_t usable = samples.data() != nullptr ? samples.size() : 0u;
    if constexpr (deep_phases) {
      // The view lives only in the frames of with_view(), and the draws (the deepest phase:
      // the normal sampler's tail) run from this frame, so that a step stays within its
      // stack budget.
      if (with_view(&detail::sgd_prepare_phase<Real>, usable) != status::ok) {
        return {status::invalid_argument, std::numeric_limits<Real>::quiet_NaN()};
      }
      detail::run_phase<Real>([&] { add_batch(model, samples); });
      const status batch = with_view(&detail::sgd_end_phase<Real>);
      if (batch != status::ok) return {batch, work_.loss};
      detail::sgd_draw_noise(state_.core, work_, scratch_.data() + detail::sgd_next_theta * P, P);
      return {with_view(&detail::sgd_move_phase<Real>), work_.loss};
    } else {
      if (!detail::sgd_prepare(state_.core, state_.schedules, sampler_.core_, usable, work_)) {
        return {status::invalid_argument, std::numeric_limits<Real>::quiet_NaN()};
      }
      add_batch(model, samples);
      return detail::sgd_finish_step(view());
    }
  }

  /// Runs up to `max_steps` steps, stopping after the first step whose status is not ok.
  /// Returns {status of the last step (ok if all were), steps attempted, value of the last
  /// step (NaN if none)}.
  template <class Model, class Data>
  run_result<Real> run(const Model& model, const Data& data, std::uint64_t max_steps) noexcept {
    return detail::run_steps<Real>(
        status::ok, [&] { return step(model, data); }, [max_steps](std::uint64_t steps) { return steps < max_steps; });
  }

  /// Runs steps until `epochs` more epochs are complete (epochs * ceil(N / B) steps when
  /// starting at an epoch boundary), stopping after the first step that is not ok; as run().
  /// invalid_argument (no step) before init().
  template <class Model, class Data>
  run_result<Real> run_epochs(const Model& model, const Data& data, std::uint64_t epochs) noexcept {
    const std::uint64_t done = sampler_.core_.epochs;
    const std::uint64_t target = epochs > ~done ? ~std::uint64_t{0} : done + epochs;  // saturates, never wraps
    return detail::run_steps<Real>(
        state_.core.initialized != 0u ? status::ok : status::invalid_argument, [&] { return step(model, data); },
        [&](std::uint64_t) { return sampler_.core_.epochs < target; });
  }

  /// Current parameters theta (all finite; zero until place()).
  const point_type& current() const noexcept { return theta_; }

  // --- the gradient-noise meter (options noise_meter / hold_temperature) -----------------
  /// SGD's own temperature at the last step, from that step's batch alone: the mean over
  /// the P coordinates of sgd_temperature(j), in the units of T (of U = sum of the
  /// per-sample losses). NaN if the last step gave no reading (meter off, before the first
  /// step, a first batch of one sample, a non-finite reading).
  Real sgd_temperature() const noexcept {
    return state_.meter.has_reading != 0u ? state_.meter.factor * coordinate_mean(step_variance_) : not_a_number();
  }
  /// Coordinate j's share: T_j = h G_j N^2 s_j^2 f_hat / (2 b (1 - mu)) (file comment; G_j
  /// = preconditioner(j), 1 without one). j < P.
  Real sgd_temperature(std::size_t j) const noexcept {
    return state_.meter.has_reading != 0u && j < P ? state_.meter.factor * gained(step_variance_, j) : not_a_number();
  }
  /// SGD's own temperature from the running average of the per-step variance readings,
  /// converted at the last step's lr and batch size: the T_sgd that temperature holding
  /// uses. NaN before the first reading.
  Real average_sgd_temperature() const noexcept {
    return state_.meter.readings != 0u ? state_.meter.factor * coordinate_mean(average_variance_) : not_a_number();
  }
  /// Coordinate j's share of average_sgd_temperature(). j < P.
  Real average_sgd_temperature(std::size_t j) const noexcept {
    return state_.meter.readings != 0u && j < P ? state_.meter.factor * gained(average_variance_, j) : not_a_number();
  }
  /// The last reading's per-sample gradient variance s_j^2, per coordinate (gradient
  /// units^2; valid when sgd_temperature() is not NaN).
  const point_type& gradient_variance() const noexcept { return step_variance_; }
  /// The running average of the readings s_j^2 (zero before the first reading).
  const point_type& average_gradient_variance() const noexcept { return average_variance_; }
  /// Readings folded into the running average since init() / place().
  std::uint64_t noise_readings() const noexcept { return state_.meter.readings; }
  /// Steps since init() / place() at which temperature holding clamped T_inject at 0 in
  /// at least one coordinate (SGD alone was hotter than T(n) there).
  std::uint64_t clamped_steps() const noexcept { return state_.meter.clamped; }
  /// Current velocity (the last accepted step's displacement; zero after init() and place()).
  const point_type& velocity() const noexcept { return velocity_; }
  /// Parameters with the lowest batch loss seen with `track_best` (the start point until a
  /// step improves on +infinity, and always when `track_best` is off).
  const point_type& best() const noexcept { return best_; }
  /// The batch loss of best(); +infinity before the first tracked step.
  Real best_value() const noexcept { return state_.core.best_loss; }
  /// Batches consumed since init() / place(), accepted or rejected: the schedule index of
  /// the next step.
  std::uint64_t steps() const noexcept { return state_.core.steps; }
  /// Steps rejected as non_finite since init() / place().
  std::uint64_t rejected_steps() const noexcept { return state_.core.rejected; }
  /// Completed epochs since init() / place().
  std::uint64_t epochs() const noexcept { return sampler_.core_.epochs; }
  /// The options given to init() (the default options before).
  options_type options() const noexcept {
    options_type o;
    o.batch_size = state_.core.batch_size;
    o.batches = state_.core.batches;
    o.objective = state_.core.objective;
    o.learning_rate = state_.schedules.learning_rate;
    o.temperature = state_.schedules.temperature;
    o.momentum = state_.core.momentum;
    o.max_gradient_norm = state_.core.max_gradient_norm;
    o.track_best = state_.core.track_best != 0u;
    o.seed = state_.core.seed;
    o.stream = state_.core.stream;
    o.noise_meter = state_.meter.measure != 0u;
    o.hold_temperature = state_.meter.hold != 0u;
    o.noise_meter_window = state_.meter.window;
    o.preconditioner = state_.preconditioner.mode;
    o.rmsprop_decay = state_.preconditioner.decay;
    o.rmsprop_epsilon = state_.preconditioner.epsilon;
    o.rmsprop_adapt_steps = state_.preconditioner.adapt_steps;
    return o;
  }
  /// The batch sampler (N, B, epoch position, epoch order).
  const sampler_type& sampler() const noexcept { return sampler_; }
  /// The optimizer's own random generator.
  const pcg32& generator() const noexcept { return state_.core.generator; }
  /// True after a successful init().
  bool initialized() const noexcept { return state_.core.initialized != 0u; }

 private:
  friend struct checkpoint_access;
  using index_type = typename sampler_type::index_type;

  /// True where a step's phases call deep chains (double's schedules and normal tail, or
  /// Real emulated in software): step() then keeps the view out of its own frame.
  static constexpr bool deep_phases = detail::soft_arithmetic<Real> || std::is_same<Real, double>::value;

  /// Draws the next batch and calls the model on each of its samples, each time into a
  /// zeroed buffer; leaves the sum of the losses in work_.loss and the sum of the
  /// per-sample gradients in the scratch's gradient array. With the meter on, Welford's
  /// recurrence runs alongside the sum (the same sum, so the same bits as without) and
  /// leaves the batch's M2 and its last per-sample gradient in the scratch. The only loop of
  /// a step written per size: it calls the model.
  template <class Model, class Sample>
  void add_batch(const Model& model, span<const Sample> samples) noexcept {
    const point_type& theta = theta_;
    const bool metered = state_.meter.measure != 0u;
    const std::uint32_t drawn = detail::sampler_next_batch_size(sampler_.core_);
    Real loss_sum = Real(0);
    point_type sum{};
    for (std::uint32_t k = 0; k < drawn; ++k) {
      const std::uint32_t index = detail::sampler_pick(sampler_.core_, sampler_.order_.data(), state_.core.generator, k);
      point_type sample_gradient{};
      loss_sum += static_cast<Real>(model(theta, samples[index], sample_gradient));
      for (std::size_t i = 0; i < P; ++i) sum[i] += sample_gradient[i];
      if (metered) {
        // Element by element, so that the per-sample gradient's address never escapes and
        // the plain loop keeps it in registers.
        for (std::size_t i = 0; i < P; ++i) scratch_[detail::sgd_batch_last * P + i] = sample_gradient[i];
        detail::sgd_welford_add(scratch_.data(), k + 1u, P);
      }
    }
    for (std::size_t i = 0; i < P; ++i) scratch_[i] = sum[i];
    work_.loss = loss_sum;
  }

  static Real not_a_number() noexcept { return std::numeric_limits<Real>::quiet_NaN(); }
  /// values[j] times G_j (values[j] itself without a preconditioner).
  Real gained(const point_type& values, std::size_t j) const noexcept {
    return state_.preconditioner.mode == preconditioning::none ? values[j] : preconditioner(j) * values[j];
  }
  /// The mean over the coordinates of gained(values, j).
  Real coordinate_mean(const point_type& values) const noexcept {
    Real sum = Real(0);
    for (std::size_t j = 0; j < P; ++j) sum += gained(values, j);
    return sum / static_cast<Real>(P);
  }

  /// `phase` of a step on this object's view, from a frame of its own (so that the view is
  /// not on the stack under the draws, the deepest phase): one copy per size where the
  /// library arranges code for size and stack (LANGEVIN_SGD_PHASE).
  LANGEVIN_SGD_PHASE status with_view(status (*phase)(const detail::sgd_view<Real>&, std::size_t),
                                      std::size_t argument = 0u) noexcept {
    return phase(view(), argument);
  }

  /// What the size-erased functions see of this object (one copy per size where the
  /// library arranges code for size, see LANGEVIN_SGD_PHASE).
  LANGEVIN_SGD_PHASE detail::sgd_view<Real> view() noexcept {
    return {&state_,
            &sampler_.core_,
            &work_,
            theta_.data(),
            velocity_.data(),
            best_.data(),
            step_variance_.data(),
            average_variance_.data(),
            previous_sample_.data(),
            diagonal_.data(),
            scratch_.data(),
            P};
  }

  // Layout 2 (release 0.2 with the noise meter) adds the meter's core after the sampler
  // core and its three arrays after best; layout 3 puts the saved scalars first (core,
  // schedules, meter core, preconditioner core), then the sampler core, and adds the
  // preconditioner's diagonal after the previous sample.
  static constexpr checkpoint_identity checkpoint_id{detail::checkpoint_kind<Real>(0x0030u), 3u,
                                                     detail::checkpoint_shape(P, IndexCapacity)};
  static constexpr std::size_t checkpoint_payload_size =
      sizeof(detail::sgd_state<Real>) + sizeof(detail::sampler_core) + 7u * sizeof(point_type) +
      sampler_type::order_bytes;
  /// Payload: the saved scalars (core, learning rate, temperature, meter core,
  /// preconditioner core), sampler core, parameters, velocity, best, step variance, average
  /// variance, previous sample, preconditioner diagonal, order buffer.
  void checkpoint_save(detail::checkpoint_writer& out) const noexcept {
    out.put(state_);
    out.put(sampler_.core_);
    out.put(theta_);
    out.put(velocity_);
    out.put(best_);
    out.put(step_variance_);
    out.put(average_variance_);
    out.put(previous_sample_);
    out.put(diagonal_);
    if constexpr (IndexCapacity > 0u) out.put(sampler_.order_);
  }
  /// See detail::saved_sgd_valid.
  static bool checkpoint_valid(detail::checkpoint_reader in) noexcept {
    return detail::saved_sgd_valid<Real, index_type>(in, P, sampler_type::capacity());
  }
  void checkpoint_load(detail::checkpoint_reader in) noexcept {
    in.get_to(state_);
    in.get_to(sampler_.core_);
    in.get_to(theta_);
    in.get_to(velocity_);
    in.get_to(best_);
    in.get_to(step_variance_);
    in.get_to(average_variance_);
    in.get_to(previous_sample_);
    in.get_to(diagonal_);
    if constexpr (IndexCapacity > 0u) in.get_to(sampler_.order_);
  }

  detail::sgd_state<Real> state_{};  // core, schedules, meter core, preconditioner core
  sampler_type sampler_{};
  point_type theta_{};
  point_type velocity_{};
  point_type best_{};
  point_type step_variance_{};
  point_type average_variance_{};
  point_type previous_sample_{};
  point_type diagonal_{};  // the fixed G, or RMSprop's V (zero without a preconditioner)
  // Scratch of step(), not saved: each phase leaves its results here for the next, so the
  // phases run one after another rather than one inside another.
  detail::sgd_step_values<Real> work_{};
  std::array<Real, detail::sgd_scratch_arrays * P> scratch_{};
};

/// The objective over the whole data set at `theta` (per `scale`: the mean or the sum of
/// the N per-sample losses), e.g. to re-rank `best()`. O(N) model calls, each writing into
/// a zeroed buffer that is then summed (as annealing_sgd does); `gradient` receives the
/// matching full gradient. Returns NaN (gradient zero) if `data` is empty. `data` takes the
/// same forms as annealing_sgd::step's.
template <class Real, std::size_t P, class Model, class Data>
Real full_objective(const Model& model, const Data& data, const std::array<Real, P>& theta,
                    std::array<Real, P>& gradient, objective_scale scale = objective_scale::mean) noexcept {
  static_assert(detail::is_sample_data_v<Data>,
                "data must be a langevin::span of samples, a std::array of samples or a C array of samples");
  using sample_type = detail::sample_of_t<Data>;
  static_assert(is_sample_model_v<Model, Real, P, sample_type>,
                "Model must be callable as Real(const std::array<Real,P>&, const Sample&, std::array<Real,P>&) const");
  const span<const sample_type> samples = detail::sample_view(data);
  detail::sgd_fill_zero(gradient.data(), P);
  if (samples.size() == 0u) return std::numeric_limits<Real>::quiet_NaN();
  Real sum = Real(0);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    std::array<Real, P> sample_gradient{};
    sum += static_cast<Real>(model(theta, samples[i], sample_gradient));
    for (std::size_t j = 0; j < P; ++j) gradient[j] += sample_gradient[j];
  }
  if (scale == objective_scale::sum) return sum;
  const Real factor = Real(1) / static_cast<Real>(samples.size());
  for (Real& component : gradient) component *= factor;
  return sum * factor;
}

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#undef LANGEVIN_SGD_PHASE

#endif
