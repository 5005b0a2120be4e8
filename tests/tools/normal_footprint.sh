#!/bin/sh
# Flash and RAM of langevin::normal<float> on a Cortex-M4F at -Os: builds two tiny programs
# with the cortex-m4 toolchain flags (an empty one and one that draws normal<float> values
# from a pcg32) and prints the arm-none-eabi-size difference.
#   sh tests/tools/normal_footprint.sh [extra compiler flags, e.g. -mcpu=cortex-m3 -mfloat-abi=soft]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cpu_flags=${*:-"-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard"}
cat > "$work/empty.cpp" <<'CPP'
volatile float sink;
int main() {
  for (int i = 0; i < 4; ++i) sink = static_cast<float>(i);
  return 0;
}
CPP
cat > "$work/normal.cpp" <<'CPP'
#include <langevin/random/normal.hpp>
#include <langevin/random/pcg32.hpp>
volatile float sink;
static langevin::pcg32 generator{42u, 54u};
int main() {
  for (int i = 0; i < 4; ++i) sink = langevin::normal<float>(generator);
  return 0;
}
CPP
for program in empty normal; do
  # shellcheck disable=SC2086
  arm-none-eabi-g++ $cpu_flags -std=c++17 -Os -ffp-contract=off -ffunction-sections -fdata-sections \
    -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit -I"$root/lib/include" \
    --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections "$work/$program.cpp" -o "$work/$program.elf"
done
arm-none-eabi-size "$work/empty.elf" "$work/normal.elf"
set -- $(arm-none-eabi-size "$work/empty.elf" | tail -1) $(arm-none-eabi-size "$work/normal.elf" | tail -1)
echo "normal<float> footprint: flash (text + data) $(( ($7 + $8) - ($1 + $2) )) bytes, RAM (data + bss) $(( ($8 + $9) - ($2 + $3) )) bytes"
arm-none-eabi-nm --size-sort -C -S "$work/normal.elf" | grep -Ei "langevin|normal|pcg" || true
