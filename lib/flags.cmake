# The compiler flags that every translation unit including langevin must be built with
# (GCC and Clang). One list, read by every channel that builds with CMake: the
# langevin::langevin target (lib/CMakeLists.txt), the ESP-IDF component (same file), the
# Zephyr module (zephyr/CMakeLists.txt) and the pkg-config file (cmake/LangevinInstall.cmake).
#  -ffp-contract=off  no a * b + c fused into one multiply-add behind the code's back: its
#                     single rounding changes the bits on every target with an FMA unit
#                     (AArch64, ESP32, Cortex-M4F/M7, RISC-V), and the library promises the
#                     same bits everywhere.
set(LANGEVIN_REQUIRED_FLAGS -ffp-contract=off)
