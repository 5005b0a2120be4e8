// ARM semihosting calls (bkpt 0xAB in Thumb state), as QEMU implements them with
// -semihosting-config enable=on,target=native.
#ifndef LANGEVIN_PORT_SEMIHOSTING_HPP
#define LANGEVIN_PORT_SEMIHOSTING_HPP

#include <cstdint>

namespace langevin_port::semihosting {

enum operation : std::uint32_t {
  sys_open = 0x01,
  sys_close = 0x02,
  sys_write0 = 0x04,
  sys_write = 0x05,
  sys_exit = 0x18,
  sys_exit_extended = 0x20,
};

/// Issues one semihosting call; `argument` is a pointer to the parameter block or a value.
inline std::int32_t call(operation op, const void* argument) noexcept {
  register std::uint32_t r0 __asm__("r0") = op;
  register const void* r1 __asm__("r1") = argument;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return static_cast<std::int32_t>(r0);
}

}  // namespace langevin_port::semihosting

#endif
