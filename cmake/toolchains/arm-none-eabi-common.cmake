# Shared part of the bare-metal Cortex-M toolchains. The including file sets
# LANGEVIN_CPU_FLAGS (CPU + FPU + ABI) and LANGEVIN_QEMU_MACHINE before including this.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(LANGEVIN_PORT cortex-m CACHE STRING "" FORCE)

set(CMAKE_C_FLAGS_INIT "${LANGEVIN_CPU_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT
  "${LANGEVIN_CPU_FLAGS} -ffunction-sections -fdata-sections -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit")
set(CMAKE_ASM_FLAGS_INIT "${LANGEVIN_CPU_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_INIT
  "${LANGEVIN_CPU_FLAGS} --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections")

find_program(LANGEVIN_QEMU_SYSTEM_ARM qemu-system-arm)
if(NOT LANGEVIN_QEMU_SYSTEM_ARM)
  set(LANGEVIN_QEMU_SYSTEM_ARM qemu-system-arm)
endif()
# ctest runs every target test as: qemu-system-arm ... -kernel <elf>; the program's exit
# code comes back through semihosting SYS_EXIT_EXTENDED.
set(CMAKE_CROSSCOMPILING_EMULATOR
  ${LANGEVIN_QEMU_SYSTEM_ARM} -M ${LANGEVIN_QEMU_MACHINE} -display none -monitor none -serial none
  -semihosting-config enable=on,target=native -kernel)

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
