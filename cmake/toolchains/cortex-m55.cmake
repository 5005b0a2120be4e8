# Cortex-M55 (ARMv8.1-M Mainline, Helium) with double-precision FPU, hard-float ABI; runs
# on QEMU's mps3-an547 (code in ITCM at 0x10000000, data in DTCM at 0x30000000).
set(LANGEVIN_CPU_FLAGS "-mcpu=cortex-m55 -mthumb -mfloat-abi=hard")
set(LANGEVIN_QEMU_MACHINE mps3-an547)
set(LANGEVIN_CORTEX_M_BOARD mps3-an547 CACHE STRING "" FORCE)
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
