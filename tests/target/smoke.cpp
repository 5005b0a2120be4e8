// Port smoke test: console output, ticks, number formatting (a mantissa that rounds up to
// 10 moves to the next power) and the exit code. Run with an argument-free
// command line; it exits with code 42 so the harness can check the code travels back.
#include "port.hpp"
#include "print.hpp"

int main() {
  langevin_port::text<160> t;
  const std::uint64_t start = langevin_port::ticks();
  volatile std::uint32_t sink = 0;
  for (std::uint32_t i = 0; i < 100000u; ++i) sink = sink + i;
  const std::uint64_t stop = langevin_port::ticks();
  t << "smoke: port " << langevin_port::name() << ", ticks " << (stop >= start ? "monotonic" : "BACKWARDS")
    << ", " << langevin_port::ticks_per_second() << " ticks/s, pi ~ ";
  t.fixed(3.14159265358979, 5) << ", 1e-8f ~ ";
  t.scientific(1e-8f, 1) << ", 9.9999999 ~ ";
  t.scientific(9.9999999, 6) << '\n';
  langevin_port::write(t);
  return stop >= start ? 42 : 1;
}
