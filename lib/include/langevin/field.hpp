/// \file
/// Names of the option fields, so that an options struct's validate() can say which field
/// is wrong instead of a bare invalid_argument.
#ifndef LANGEVIN_FIELD_HPP
#define LANGEVIN_FIELD_HPP

#include "config.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

/// An option field (or an argument of init() / place()). `validate()` of every options
/// struct returns the first field that is out of its documented range, or field::none.
/// The names are those of the struct members; to_string() spells them.
enum class field : unsigned char {
  none = 0,  ///< Every field is valid.
  // steppers (overdamped_options, underdamped_options)
  time_step,
  friction,
  mass,
  // global minimizer (minimize_options) and simulated annealing
  max_calls,
  target_value,
  polish_fraction,
  quench_tolerance,
  quench_max_steps,
  initial_jump,
  quench_fraction,
  explorer_temperature,
  ladder_ratio,
  reseed_patience,
  ground_share,
  initial_samples,
  temperature_mode,
  final_temperature_fraction,
  proposal,
  initial_step,
  min_step,
  max_step,
  target_acceptance,
  adaptation_rate,
  // annealing SGD (annealing_sgd_options)
  batch_size,
  batches,
  objective,
  learning_rate,
  temperature,
  momentum,
  max_gradient_norm,
  noise_meter_window,
  preconditioner,
  rmsprop_decay,
  rmsprop_epsilon,
  // replica exchange (replica_exchange_options)
  lowest_temperature,
  highest_temperature,
  swap_interval,
  // arguments of init() and place()
  bounds,        ///< The box (box::validate() fails).
  sample_count,  ///< The number of samples given to init().
  point,         ///< A point given to place(): not finite, or outside the box.
  temperatures,  ///< A temperature ladder given to init(): not positive, finite and increasing.
};

/// The field's name as written in the options struct ("time_step", ...); "none" for none.
constexpr const char* to_string(field f) noexcept {
  switch (f) {
    case field::none: return "none";
    case field::time_step: return "time_step";
    case field::friction: return "friction";
    case field::mass: return "mass";
    case field::max_calls: return "max_calls";
    case field::target_value: return "target_value";
    case field::polish_fraction: return "polish_fraction";
    case field::quench_tolerance: return "quench_tolerance";
    case field::quench_max_steps: return "quench_max_steps";
    case field::initial_jump: return "initial_jump";
    case field::quench_fraction: return "quench_fraction";
    case field::explorer_temperature: return "explorer_temperature";
    case field::ladder_ratio: return "ladder_ratio";
    case field::reseed_patience: return "reseed_patience";
    case field::ground_share: return "ground_share";
    case field::initial_samples: return "initial_samples";
    case field::temperature_mode: return "temperature_mode";
    case field::final_temperature_fraction: return "final_temperature_fraction";
    case field::proposal: return "proposal";
    case field::initial_step: return "initial_step";
    case field::min_step: return "min_step";
    case field::max_step: return "max_step";
    case field::target_acceptance: return "target_acceptance";
    case field::adaptation_rate: return "adaptation_rate";
    case field::batch_size: return "batch_size";
    case field::batches: return "batches";
    case field::objective: return "objective";
    case field::learning_rate: return "learning_rate";
    case field::temperature: return "temperature";
    case field::momentum: return "momentum";
    case field::max_gradient_norm: return "max_gradient_norm";
    case field::noise_meter_window: return "noise_meter_window";
    case field::preconditioner: return "preconditioner";
    case field::rmsprop_decay: return "rmsprop_decay";
    case field::rmsprop_epsilon: return "rmsprop_epsilon";
    case field::lowest_temperature: return "lowest_temperature";
    case field::highest_temperature: return "highest_temperature";
    case field::swap_interval: return "swap_interval";
    case field::bounds: return "bounds";
    case field::sample_count: return "sample_count";
    case field::point: return "point";
    case field::temperatures: return "temperatures";
  }
  return "unknown";
}

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
