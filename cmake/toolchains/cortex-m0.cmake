# Cortex-M0 (ARMv6-M: Thumb-1 plus a few Thumb-2 instructions, no FPU, no divide, no 64-bit
# multiply), soft float; runs on QEMU's microbit (nRF51: 256 KiB flash, 16 KiB RAM).
set(LANGEVIN_CPU_FLAGS "-mcpu=cortex-m0 -mthumb -mfloat-abi=soft")
set(LANGEVIN_QEMU_MACHINE microbit)
set(LANGEVIN_CORTEX_M_BOARD microbit CACHE STRING "" FORCE)
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
