# Cortex-M33 (ARMv8-M Mainline) with single-precision FPU, hard-float ABI; runs on QEMU's
# mps2-an505 (secure state; code at 0x10000000, RAM at 0x38000000).
set(LANGEVIN_CPU_FLAGS "-mcpu=cortex-m33 -mthumb -mfpu=fpv5-sp-d16 -mfloat-abi=hard")
set(LANGEVIN_QEMU_MACHINE mps2-an505)
set(LANGEVIN_CORTEX_M_BOARD mps2-an505 CACHE STRING "" FORCE)
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
