/// \file
/// Umbrella header: includes every public header of the langevin library.
#ifndef LANGEVIN_LANGEVIN_HPP
#define LANGEVIN_LANGEVIN_HPP

#include "config.hpp"
#include "status.hpp"
#include "math.hpp"
#include "span.hpp"
#include "problem.hpp"
#include "schedule.hpp"
#include "random/pcg32.hpp"
#include "random/uniform.hpp"
#include "random/normal.hpp"
#include "random/shuffle.hpp"
#include "dynamics/brownian.hpp"
#include "dynamics/overdamped.hpp"
#include "dynamics/underdamped.hpp"
#include "dynamics/replica_exchange.hpp"
#include "optimize/dataset.hpp"
#include "optimize/annealing_sgd.hpp"
#include "box.hpp"
#include "optimize/minimize.hpp"
#include "optimize/simulated_annealing.hpp"
#include "checkpoint.hpp"
#include "slot_storage.hpp"
#include "ram_slot_storage.hpp"
#include "nor_flash_simulator.hpp"
#include "checkpoint_store.hpp"

#endif
