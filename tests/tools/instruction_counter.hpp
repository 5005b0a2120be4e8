// Instruction counting on QEMU's Cortex-M boards, for tests/tools/cost_report.cpp. Knows
// nothing of the library's API.
//
// Method: QEMU run with `-icount shift=0` advances its virtual clock by exactly 1 ns per
// executed instruction, and SysTick counts that clock at the board's processor frequency
// (ports/cortex-m/port_cortex_m.cpp), so one tick is 1e9 / Hz instructions (40 on the
// 25 MHz mps2 boards). calibrate() checks that figure against a loop of known length (two
// instructions per iteration, written in assembly): a wrong clock, or a run without
// -icount (then virtual time is host time), fails the report. Every measurement must span
// at least `min_ticks` ticks, so the +-1 tick granularity and the two timer reads stay
// below 0.1% of each figure.
#ifndef LANGEVIN_TOOLS_INSTRUCTION_COUNTER_HPP
#define LANGEVIN_TOOLS_INSTRUCTION_COUNTER_HPP

#include <cstdint>

#include "port.hpp"
#include "print.hpp"

namespace instruction_counter {

/// Smallest number of ticks a measurement may span.
constexpr std::uint64_t min_ticks = 1000u;

/// Runs `iterations` iterations of a two-instruction loop (subs; bne): 2 * iterations
/// instructions plus a constant.
[[gnu::noinline]] inline void known_loop(std::uint32_t iterations) noexcept {
  if (iterations == 0u) return;
  // GCC hands Thumb-1 inline assembly to the assembler in divided syntax: ask for unified.
  __asm__ volatile(
      ".syntax unified\n"
      "1:\n\t"
      "subs %0, %0, #1\n\t"
      "bne 1b"
      : "+l"(iterations)
      :
      : "cc");
}

/// Results and failures of one report.
class counter {
 public:
  /// Instructions per SysTick tick claimed by the port (1e9 / Hz).
  double instructions_per_tick() const noexcept {
    return 1e9 / static_cast<double>(langevin_port::ticks_per_second());
  }

  /// Checks the claimed clock against known_loop at three lengths: each difference of
  /// lengths must read as 2 instructions per iteration within 0.5%. Prints what it found.
  bool calibrate() noexcept {
    constexpr std::uint32_t lengths[3] = {100000u, 400000u, 1000000u};
    std::uint64_t ticks[3] = {};
    for (int k = 0; k < 3; ++k) {
      const std::uint64_t start = langevin_port::ticks();
      known_loop(lengths[k]);
      ticks[k] = langevin_port::ticks() - start;
    }
    bool ok = true;
    langevin_port::text<320> t;
    t << "calibration: SysTick at " << langevin_port::ticks_per_second() << " Hz claimed; a loop of 2n instructions";
    for (int k = 1; k < 3; ++k) {
      const double expected = 2.0 * static_cast<double>(lengths[k] - lengths[0]);
      const double measured = static_cast<double>(ticks[k] - ticks[0]) * instructions_per_tick();
      const double ratio = measured / expected;
      t << (k == 1 ? " reads " : ", ");
      t.fixed(ratio, 5) << " x";
      if (!(ratio > 0.995 && ratio < 1.005)) ok = false;
    }
    t << " the expected count (n = " << lengths[0] << ".." << lengths[2] << ")"
      << (ok ? ": ok\n" : ": WRONG CLOCK or no -icount shift=0\n");
    langevin_port::write(t);
    if (!ok) ++failures_;
    return ok;
  }

  /// Instructions per unit of the work `body` does: body() runs once between two timer
  /// reads and does `units` units of work. Counts a failure if the run spans fewer than
  /// min_ticks ticks.
  template <class Body>
  double per_unit(const char* label, double units, Body&& body) noexcept {
    const std::uint64_t start = langevin_port::ticks();
    body();
    const std::uint64_t elapsed = langevin_port::ticks() - start;
    if (elapsed < min_ticks) {
      langevin_port::text<200> t;
      t << "FAILED: " << label << " spans " << elapsed << " ticks (< " << min_ticks << "): run it longer\n";
      langevin_port::write(t);
      ++failures_;
    }
    return static_cast<double>(elapsed) * instructions_per_tick() / units;
  }

  /// Counts a failure with a message (a figure that is not positive and finite, say).
  void fail(const char* message) noexcept {
    langevin_port::write("FAILED: ");
    langevin_port::write(message);
    langevin_port::write("\n");
    ++failures_;
  }

  unsigned failures() const noexcept { return failures_; }

 private:
  unsigned failures_ = 0;
};

/// Prints `v` with `decimals` digits after the point.
template <std::size_t Capacity>
langevin_port::text<Capacity>& figure(langevin_port::text<Capacity>& t, double v, int decimals = 1) noexcept {
  return t.fixed(v, decimals);
}

}  // namespace instruction_counter

#endif
