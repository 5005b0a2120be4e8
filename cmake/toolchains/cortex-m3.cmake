# Cortex-M3, no FPU (soft float); runs on QEMU's mps2-an385.
set(LANGEVIN_CPU_FLAGS "-mcpu=cortex-m3 -mthumb -mfloat-abi=soft")
set(LANGEVIN_QEMU_MACHINE mps2-an385)
set(LANGEVIN_CORTEX_M_BOARD mps2-an385 CACHE STRING "" FORCE)
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
