# RISC-V 64 Linux (RV64GC, glibc); tests run under qemu-riscv64 user-mode emulation. GCC
# fuses multiply-adds here unless told not to: the library target adds -ffp-contract=off.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR riscv64)
set(CMAKE_C_COMPILER riscv64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER riscv64-linux-gnu-g++)
set(LANGEVIN_SYSROOT /usr/riscv64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH ${LANGEVIN_SYSROOT})
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-riscv64 -L ${LANGEVIN_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
