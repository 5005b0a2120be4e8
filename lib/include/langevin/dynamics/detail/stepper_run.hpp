/// \file
/// `run()` of the Langevin steppers: steps along a temperature schedule.
#ifndef LANGEVIN_DYNAMICS_DETAIL_STEPPER_RUN_HPP
#define LANGEVIN_DYNAMICS_DETAIL_STEPPER_RUN_HPP

#include <cstdint>
#include <limits>

#include "../../config.hpp"
#include "../../problem.hpp"
#include "../../schedule.hpp"
#include "../../status.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {
namespace detail {

/// Runs `count` steps of `stepper`, the one with index n = stepper.steps() at temperature
/// `temperature(n)`: the schedule index is part of the stepper's state, so a run resumed
/// from a checkpoint continues the same cooling curve. Stops at the first step whose status
/// is not ok (the steps before it are kept). invalid_argument, no work, for an invalid
/// schedule.
template <class Stepper, class Problem, class Real, class Rng>
run_result<Real> run_stepper(Stepper& stepper, const Problem& problem, const schedule<Real>& temperature, Rng& rng,
                             std::uint64_t count) noexcept {
  return run_steps<Real>(
      temperature.validate() == status::ok ? status::ok : status::invalid_argument,
      [&] { return stepper.step(problem, temperature(stepper.steps()), rng); },
      [count](std::uint64_t steps) { return steps < count; });
}

}  // namespace detail
}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
