# Cortex-M7 with double-precision FPU (FPv5-D16), hard-float ABI; runs on QEMU's
# mps2-an500 (memory map of mps2-an385).
set(LANGEVIN_CPU_FLAGS "-mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard")
set(LANGEVIN_QEMU_MACHINE mps2-an500)
set(LANGEVIN_CORTEX_M_BOARD mps2-an500 CACHE STRING "" FORCE)
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
