// A test that must fail. It is registered with WILL_FAIL on every port, which proves
// that a failing check on the (emulated) target turns the test run red.
#include "langevin_test.hpp"

TEST_CASE("deliberately failing check", "[.][deliberate]") {
  const int one = 1;
  CHECK(one + one == 3);
}
