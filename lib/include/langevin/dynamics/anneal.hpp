/// \file
/// Drives any stepper of the library (euler_maruyama, leimkuhler_matthews, baoab) with a
/// temperature schedule: the step with index n runs at T = schedule(n).
#ifndef LANGEVIN_DYNAMICS_ANNEAL_HPP
#define LANGEVIN_DYNAMICS_ANNEAL_HPP

#include <cstdint>

#include "../schedule.hpp"
#include "../status.hpp"

namespace langevin {

/// Runs `count` steps of `stepper` on `problem`, the step with index n = stepper.steps()
/// at temperature `temperature(n)`. The schedule index is part of the stepper's state,
/// so a run resumed from a saved stepper continues the same cooling curve.
/// Returns invalid_argument (no work) for an invalid schedule, otherwise the first
/// status other than ok that a step returned (the steps before it are kept), or ok.
/// `steps_done`, if given, receives the number of steps that succeeded.
template <class Stepper, class Problem, class Real, class Rng>
status anneal(Stepper& stepper, const Problem& problem, const schedule<Real>& temperature, Rng& rng,
              std::uint64_t count, std::uint64_t* steps_done = nullptr) noexcept {
  if (steps_done != nullptr) *steps_done = 0;
  if (temperature.validate() != status::ok) return status::invalid_argument;
  for (std::uint64_t i = 0; i < count; ++i) {
    const auto result = stepper.step(problem, temperature(stepper.steps()), rng);
    if (result.status != status::ok) return result.status;
    if (steps_done != nullptr) *steps_done = i + 1;
  }
  return status::ok;
}

}  // namespace langevin

#endif
