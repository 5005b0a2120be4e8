# Cortex-M4F with single-precision FPU, hard-float ABI; runs on QEMU's mps2-an386.
set(LANGEVIN_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard")
set(LANGEVIN_QEMU_MACHINE mps2-an386)
set(LANGEVIN_CORTEX_M_BOARD mps2-an386 CACHE STRING "" FORCE)
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
