// The one-definition rule and the configuration macros: this translation unit is built with
// every schedule family (the default mask), one_definition_rule_other.cpp with
// LANGEVIN_SCHEDULE_KINDS = constant | inverse-time only. Both call the same inline
// functions of schedule.hpp. Before the mask was part of the library's inline namespace
// (config.hpp, LANGEVIN_ABI), the two units defined those functions with different bodies
// under one name, the linker kept one of them, and both units silently computed with it:
// geometric(1, 0.5)(3) was 0.125 in both, or NaN in both, depending on link order. Now each
// unit's symbols carry its mask, so each keeps its own behaviour. Exit 0 when both do.
#include <cstdint>

#include <langevin/math.hpp>
#include <langevin/schedule.hpp>

#include "port.hpp"
#include "print.hpp"

// Defined in one_definition_rule_other.cpp (mask without the geometric family).
float geometric_value_in_other_unit() noexcept;
bool geometric_valid_in_other_unit() noexcept;

int main() {
  const langevin::schedule<float> geometric = langevin::schedule<float>::geometric(1.0f, 0.5f);
  const bool here_value = geometric(3u) == 0.125f;
  const bool here_valid = geometric.validate() == langevin::status::ok;
  const bool other_value = langevin::math::is_nan(geometric_value_in_other_unit());
  const bool other_valid = !geometric_valid_in_other_unit();
  langevin_port::text<200> t;
  t << "one definition rule: geometric in this unit " << (here_value && here_valid ? "evaluates" : "BROKEN")
    << ", left out in the other unit " << (other_value && other_valid ? "refused" : "BROKEN") << '\n';
  langevin_port::write(t);
  const bool passed = here_value && here_valid && other_value && other_valid;
  langevin_port::write(passed ? "one definition rule: each unit keeps its own schedule families\n"
                              : "one definition rule: FAILED\n");
  langevin_port::exit(passed ? 0 : 1);
}
