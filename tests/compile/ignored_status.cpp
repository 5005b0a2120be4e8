// Ignores the status of a fallible call: with -Werror=unused-result this must not compile
// (langevin::status is a [[nodiscard]] type), while casting it to void does.
#include <langevin/dynamics/overdamped.hpp>

void configure(langevin::euler_maruyama<float, 2>& walker) {
#if defined(LANGEVIN_TEST_DISCARD_EXPLICITLY)
  static_cast<void>(walker.init({}));
#else
  walker.init({});
#endif
}
