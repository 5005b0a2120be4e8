// One test vocabulary for every port. Hosted builds (desktop, AArch64/ARMv7 Linux) use
// Catch2; bare-metal builds use the tiny allocation-free runner below, which implements
// the subset the portable tests use: TEST_CASE, CHECK, REQUIRE, CHECK_FALSE, REQUIRE_FALSE.
// Portable tests use plain boolean expressions (no SECTION, no Approx, no matchers).
#ifndef LANGEVIN_TEST_HPP
#define LANGEVIN_TEST_HPP

#if !defined(LANGEVIN_TEST_MINI)
#include <catch2/catch.hpp>
#else

namespace langevin_test {

using test_function = void (*)();

/// A registered test case; each registrar is a node of an intrusive list built by static
/// constructors, so registration needs no heap.
struct registrar {
  registrar(const char* test_name, test_function test_body) noexcept;
  const char* name;
  test_function body;
  registrar* next;
};

/// Records a failed assertion of the running test case.
void report_failure(const char* file, int line, const char* macro, const char* expression) noexcept;

}  // namespace langevin_test

#define LANGEVIN_TEST_CAT2(a, b) a##b
#define LANGEVIN_TEST_CAT(a, b) LANGEVIN_TEST_CAT2(a, b)
#define LANGEVIN_TEST_CASE_IMPL(fn, test_name)                                              \
  static void fn();                                                                     \
  static ::langevin_test::registrar LANGEVIN_TEST_CAT(fn, _registrar){test_name, &fn}; \
  static void fn()
#define TEST_CASE(test_name, ...) \
  LANGEVIN_TEST_CASE_IMPL(LANGEVIN_TEST_CAT(langevin_test_case_, __COUNTER__), test_name)
#define CHECK(...)                                                                  \
  do {                                                                              \
    if (!(__VA_ARGS__)) ::langevin_test::report_failure(__FILE__, __LINE__, "CHECK", #__VA_ARGS__); \
  } while (false)
#define CHECK_FALSE(...) CHECK(!(__VA_ARGS__))
#define REQUIRE(...)                                                                   \
  do {                                                                                 \
    if (!(__VA_ARGS__)) {                                                              \
      ::langevin_test::report_failure(__FILE__, __LINE__, "REQUIRE", #__VA_ARGS__);    \
      return;                                                                          \
    }                                                                                  \
  } while (false)
#define REQUIRE_FALSE(...) REQUIRE(!(__VA_ARGS__))

#endif
#endif
