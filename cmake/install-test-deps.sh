#!/bin/sh
# Installs, from Debian 12's packages, everything the full test suite needs: the ARM and
# RISC-V cross toolchains, QEMU (system mode for Cortex-M, user mode for Linux targets),
# Catch2, pcg-cpp (test oracle), Google Benchmark, Clang and SciPy (for the dual_annealing
# comparison), pkgconf, PyYAML and kconfiglib (packaging tests). Works as root and through
# sudo.
set -e
if [ "$(id -u)" -eq 0 ]; then as_root=""; else as_root="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -qq
$as_root apt-get install -y -qq --no-install-recommends \
  cmake make g++ clang libclang-rt-14-dev clang-tidy cppcheck \
  catch2 libpcg-cpp-dev libbenchmark-dev \
  gcc-arm-none-eabi libstdc++-arm-none-eabi-newlib qemu-system-arm qemu-user \
  g++-aarch64-linux-gnu g++-arm-linux-gnueabihf g++-riscv64-linux-gnu \
  pkgconf python3 python3-scipy python3-yaml python3-kconfiglib >/dev/null
echo "install-test-deps: done"
