// Runner of the bare-metal test vocabulary (langevin_test.hpp): runs every registered
// test case, prints failures and a summary through the port, and returns non-zero if any
// assertion failed.
#include "langevin_test.hpp"
#include "port.hpp"
#include "print.hpp"

namespace langevin_test {
namespace {
registrar* first_test = nullptr;
registrar* last_test = nullptr;
const char* running_test = "";
unsigned failures_in_test = 0;
}  // namespace

registrar::registrar(const char* test_name, test_function test_body) noexcept
    : name(test_name), body(test_body), next(nullptr) {
  if (last_test == nullptr) {
    first_test = this;
  } else {
    last_test->next = this;
  }
  last_test = this;
}

void report_failure(const char* file, int line, const char* macro, const char* expression) noexcept {
  ++failures_in_test;
  langevin_port::text<512> t;
  t << file << ':' << line << ": FAILED in \"" << running_test << "\": " << macro << '(' << expression << ")\n";
  langevin_port::write(t);
}

}  // namespace langevin_test

int main() {
  using namespace langevin_test;
  std::uint32_t passed = 0;
  std::uint32_t failed = 0;
  std::uint32_t checks_failed = 0;
  langevin_port::text<128> header;
  header << "langevin target tests on " << langevin_port::name() << '\n';
  langevin_port::write(header);
  for (registrar* test = first_test; test != nullptr; test = test->next) {
    running_test = test->name;
    failures_in_test = 0;
    const std::uint64_t start = langevin_port::ticks();
    test->body();
    const std::uint64_t elapsed = langevin_port::ticks() - start;
    langevin_port::text<256> t;
    t << (failures_in_test == 0 ? "  ok   " : "  FAIL ") << test->name << "  ("
      << static_cast<std::uint64_t>(elapsed * 1000u / langevin_port::ticks_per_second()) << " ms)\n";
    langevin_port::write(t);
    if (failures_in_test == 0) {
      ++passed;
    } else {
      ++failed;
      checks_failed += failures_in_test;
    }
  }
  langevin_port::text<128> summary;
  summary << "test cases: " << passed << " passed, " << failed << " failed (" << checks_failed
          << " failed assertions)\n";
  langevin_port::write(summary);
  return failed == 0 && passed > 0 ? 0 : 1;
}
