/// \file
/// What the library calls a problem, and the checks it applies to a problem's output.
///
/// A *gradient problem* over `std::array<Real, N>` is any callable with
///   `Real operator()(const std::array<Real, N>& x, std::array<Real, N>& grad) const`
/// returning the energy (loss) E(x) and writing grad E(x) into `grad` (every element).
/// A *value problem* is any callable `Real operator()(const std::array<Real, N>& x) const`.
/// Problems may return NaN or infinity anywhere; the library rejects such outputs with
/// status::non_finite and never lets them into its state.
#ifndef LANGEVIN_PROBLEM_HPP
#define LANGEVIN_PROBLEM_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "config.hpp"
#include "math.hpp"
#include "status.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

/// True if `Problem` can be called as a gradient problem over std::array<Real, N>.
template <class Problem, class Real, std::size_t N>
inline constexpr bool is_gradient_problem_v =
    std::is_invocable_r_v<Real, const Problem&, const std::array<Real, N>&, std::array<Real, N>&>;

/// True if `Problem` can be called as a value problem over std::array<Real, N>.
template <class Problem, class Real, std::size_t N>
inline constexpr bool is_value_problem_v = std::is_invocable_r_v<Real, const Problem&, const std::array<Real, N>&>;

/// Outcome of one step of any stepping object of the library (steppers, minimizer,
/// simulated annealer, annealing SGD): its status and the objective value (energy, loss)
/// the step evaluated; each `step()` documents at which point.
template <class Real>
struct [[nodiscard]] step_result {
  langevin::status status;
  Real value;
};

/// Outcome of `run()`: the status of the last step attempted (ok if every step was), the
/// steps attempted, and the value the last step returned (NaN if none ran).
template <class Real>
struct [[nodiscard]] run_result {
  langevin::status status;
  std::uint64_t steps;
  Real value;
};

namespace detail {

/// True if no element of values[0..count) is NaN or infinite (bit tests: exact under any
/// floating-point optimisation flags; no early exit, so the loop vectorises).
template <class Real>
inline bool all_finite(const Real* values, std::size_t count) noexcept {
  bool finite = true;
  for (std::size_t i = 0; i < count; ++i) finite &= math::is_finite(values[i]);
  return finite;
}

template <class Real, std::size_t N>
inline bool all_finite(const std::array<Real, N>& values) noexcept {
  return all_finite(values.data(), N);
}

/// The loop of the run() of every class but replica_exchange (whose run() follows its
/// exchange rounds, exchange_levels::advance()): from `run` (steps 0, value NaN, and the status the run starts
/// with), while that status is ok and `more(steps taken)` is true, one `step()` (a
/// step_result<Real>): counted, its value and status become the run's. So a run stops after
/// the first step that is not ok, and does nothing if it starts with another status.
template <class Real, class Step, class More>
run_result<Real> run_steps(status start, Step&& step, More&& more) noexcept {
  run_result<Real> run{start, 0u, std::numeric_limits<Real>::quiet_NaN()};
  while (run.status == status::ok && more(run.steps)) {
    const step_result<Real> last = step();
    ++run.steps;
    run.value = last.value;
    run.status = last.status;
  }
  return run;
}

}  // namespace detail
}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
