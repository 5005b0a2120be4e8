// Cortex-M bare-metal port: semihosting console, files and exit code; SysTick ticks.
#include <cstdint>
#include <cstring>

#include "port.hpp"
#include "semihosting.hpp"

namespace langevin_port {

namespace {

// SysTick (system control space; the same registers on ARMv6-M, ARMv7-M and ARMv8-M).
struct systick_registers {
  volatile std::uint32_t ctrl;
  volatile std::uint32_t load;
  volatile std::uint32_t val;
  volatile std::uint32_t calib;
};
systick_registers& systick() noexcept {
  return *reinterpret_cast<systick_registers*>(0xE000E010u);
}
constexpr std::uint32_t systick_reload = 0x00FFFFFFu;

// The board of the build (ports/CMakeLists.txt defines LANGEVIN_BOARD_<board>): its name
// and the frequency SysTick counts at, i.e. QEMU's processor clock of that board (with
// -icount shift=0, one instruction per nanosecond, so one tick = 1e9 / Hz instructions;
// tests/tools/cost_report.cpp checks each figure against a loop of known length).
#if defined(LANGEVIN_BOARD_MPS2_AN386)
constexpr const char* board_name = "cortex-m4 (mps2-an386)";
constexpr std::uint64_t core_clock_hz = 25000000u;  // MPS2 FPGA images run at 25 MHz
#elif defined(LANGEVIN_BOARD_MPS2_AN385)
constexpr const char* board_name = "cortex-m3 (mps2-an385)";
constexpr std::uint64_t core_clock_hz = 25000000u;
#elif defined(LANGEVIN_BOARD_MPS2_AN500)
constexpr const char* board_name = "cortex-m7 (mps2-an500)";
constexpr std::uint64_t core_clock_hz = 25000000u;
#elif defined(LANGEVIN_BOARD_MPS2_AN505)
constexpr const char* board_name = "cortex-m33 (mps2-an505)";
constexpr std::uint64_t core_clock_hz = 20000000u;  // the SSE-200 image runs at 20 MHz
#elif defined(LANGEVIN_BOARD_MPS3_AN547)
constexpr const char* board_name = "cortex-m55 (mps3-an547)";
constexpr std::uint64_t core_clock_hz = 32000000u;  // the SSE-300 image runs at 32 MHz
#elif defined(LANGEVIN_BOARD_MICROBIT)
constexpr const char* board_name = "cortex-m0 (microbit)";
constexpr std::uint64_t core_clock_hz = 16000000u;  // nRF51 HFCLK
#else
#error "unknown Cortex-M board: define LANGEVIN_BOARD_<board> (see ports/CMakeLists.txt)"
#endif
volatile std::uint32_t systick_wraps = 0;
bool systick_started = false;

void start_systick() noexcept {
  systick().load = systick_reload;
  systick().val = 0;
  systick().ctrl = 0x7u;  // processor clock, interrupt on wrap, enabled
  while (systick().val == 0u) {
  }  // the first reload of LOAD into VAL happens on the first clock after enabling
  systick_started = true;
}

}  // namespace

const char* name() noexcept { return board_name; }

// Semihosting handle of the host console (":tt" opened for writing), opened on first use.
static std::int32_t console_handle() noexcept {
  static std::int32_t handle = -1;
  if (handle < 0) {
    static const char console_name[] = ":tt";
    const std::uint32_t block[3] = {reinterpret_cast<std::uint32_t>(console_name), 4u /* "w" */, 3u};
    handle = semihosting::call(semihosting::sys_open, block);
  }
  return handle;
}

void write(const char* data, std::size_t size) noexcept {
  const std::int32_t handle = console_handle();
  if (handle < 0) return;
  const std::uint32_t block[3] = {static_cast<std::uint32_t>(handle), reinterpret_cast<std::uint32_t>(data),
                                  static_cast<std::uint32_t>(size)};
  semihosting::call(semihosting::sys_write, block);
}

void write(const char* text) noexcept { write(text, std::strlen(text)); }

void exit(int code) noexcept {
  const std::uint32_t block[2] = {0x20026u /* ADP_Stopped_ApplicationExit */,
                                  static_cast<std::uint32_t>(code)};
  semihosting::call(semihosting::sys_exit_extended, block);
  for (;;) {
  }
}

std::uint64_t ticks() noexcept {
  if (!systick_started) start_systick();
  std::uint32_t wraps_before = 0;
  std::uint32_t value = 0;
  std::uint32_t wraps_after = 0;
  do {
    wraps_before = systick_wraps;
    value = systick().val;
    wraps_after = systick_wraps;
  } while (wraps_before != wraps_after);
  return (static_cast<std::uint64_t>(wraps_after) << 24) + (systick_reload - value);
}

std::uint64_t ticks_per_second() noexcept { return core_clock_hz; }

file_handle file_open(const char* path) noexcept {
  const std::uint32_t block[3] = {reinterpret_cast<std::uint32_t>(path), 6u /* "wb" */,
                                  static_cast<std::uint32_t>(std::strlen(path))};
  return semihosting::call(semihosting::sys_open, block);
}

bool file_write(file_handle file, const char* data, std::size_t size) noexcept {
  if (file < 0) return false;
  const std::uint32_t block[3] = {static_cast<std::uint32_t>(file), reinterpret_cast<std::uint32_t>(data),
                                  static_cast<std::uint32_t>(size)};
  return semihosting::call(semihosting::sys_write, block) == 0;  // returns bytes NOT written
}

bool file_close(file_handle file) noexcept {
  if (file < 0) return false;
  const std::uint32_t block[1] = {static_cast<std::uint32_t>(file)};
  return semihosting::call(semihosting::sys_close, block) == 0;
}

}  // namespace langevin_port

extern "C" void SysTick_Handler() { langevin_port::systick_wraps = langevin_port::systick_wraps + 1u; }
