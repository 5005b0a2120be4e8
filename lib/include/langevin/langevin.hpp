/// \file
/// Umbrella header: includes every public header of the langevin library.
#ifndef LANGEVIN_LANGEVIN_HPP
#define LANGEVIN_LANGEVIN_HPP

#include "config.hpp"
#include "status.hpp"
#include "math.hpp"
#include "random/pcg32.hpp"
#include "random/uniform.hpp"
#include "random/normal.hpp"
#include "random/shuffle.hpp"

#endif
