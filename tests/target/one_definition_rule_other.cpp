// Built with LANGEVIN_SCHEDULE_KINDS = constant | inverse-time (see
// one_definition_rule_main.cpp): the geometric family is left out of this unit.
#include <langevin/schedule.hpp>

static_assert((LANGEVIN_SCHEDULE_KINDS & LANGEVIN_SCHEDULE_GEOMETRIC) == 0, "built without the geometric family");

float geometric_value_in_other_unit() noexcept { return langevin::schedule<float>::geometric(1.0f, 0.5f)(3u); }

bool geometric_valid_in_other_unit() noexcept {
  return langevin::schedule<float>::geometric(1.0f, 0.5f).validate() == langevin::status::ok;
}
