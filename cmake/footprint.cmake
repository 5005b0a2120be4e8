# Footprint report: flash and RAM each library component adds to a Cortex-M program.
#
#   cmake -P cmake/footprint.cmake                       (from the repository root)
#   cmake -DOUTPUT=footprint.md -DBUILD_DIR=/tmp/fp -P cmake/footprint.cmake
#
# Builds tests/tools/footprint_program.cpp at -Os for cortex-m4 (hard float) and cortex-m3
# (soft float), once per stage (empty; + pcg32; + normal; + overdamped step; + BAOAB;
# + minimize; + annealing SGD; each stage adds to the previous ones), with the startup code
# and linker script of ports/cortex-m, and the same flags and allocation bans as the
# examples (a component that allocates fails to link). Prints a Markdown table of
#   flash = text + data (code, read-only data, vectors and the initial values of .data), and
#   RAM   = data + bss  (static RAM; the stack is not included, see the stack_usage test),
# as the difference from the empty program. Stages whose header does not exist yet are
# skipped with a note. Needs arm-none-eabi-g++ / -gcc / -size on PATH (or -DGXX=..., etc.).
cmake_minimum_required(VERSION 3.25)

get_filename_component(root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
if(NOT BUILD_DIR)
  set(BUILD_DIR "${root}/build/footprint")
endif()
if(NOT GXX)
  set(GXX arm-none-eabi-g++)
endif()
if(NOT GCC)
  set(GCC arm-none-eabi-gcc)
endif()
if(NOT SIZE)
  set(SIZE arm-none-eabi-size)
endif()
if(NOT CPUS)
  set(CPUS cortex-m4 cortex-m3)
endif()
file(MAKE_DIRECTORY "${BUILD_DIR}")

# stage macro | label | header that must exist (empty: always). Each stage also defines the
# macros of the earlier stages that exist.
set(stages
  "EMPTY|empty program (startup, vectors, main)|"
  "PCG32|pcg32|random/pcg32.hpp"
  "NORMAL|+ normal<float>|random/normal.hpp"
  "OVERDAMPED|+ overdamped (Euler-Maruyama) step, float, N = 2|dynamics/overdamped.hpp"
  "BAOAB|+ BAOAB step, float, N = 2|dynamics/underdamped.hpp"
  "MINIMIZE|+ minimize, float, N = 2|optimize/minimize.hpp"
  "SGD|+ annealing SGD, float, P = 2, 64-sample buffer|optimize/annealing_sgd.hpp")

set(common_flags -Os -std=c++17 -mthumb -ffunction-sections -fdata-sections -fno-exceptions -fno-rtti
  -fno-threadsafe-statics -fno-use-cxa-atexit -ffp-contract=off -I${root}/lib/include)
set(link_flags --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections -Wl,-u,langevin_vector_table
  -L${root}/ports/cortex-m)
include(${root}/cmake/LangevinEmbeddedChecks.cmake)
list(TRANSFORM LANGEVIN_FIRMWARE_BANNED_SYMBOLS PREPEND "--wrap=" OUTPUT_VARIABLE wraps)
list(JOIN wraps "," joined_wraps)
list(APPEND link_flags "-Wl,${joined_wraps}")

function(build_and_measure cpu stage defines out_flash out_ram)
  if(cpu STREQUAL "cortex-m4")
    set(cpu_flags -mcpu=cortex-m4 -mfpu=fpv4-sp-d16 -mfloat-abi=hard)
    set(board mps2-an386)
  else()
    set(cpu_flags -mcpu=cortex-m3 -mfloat-abi=soft)
    set(board mps2-an385)
  endif()
  set(dir "${BUILD_DIR}/${cpu}")
  file(MAKE_DIRECTORY "${dir}")
  # The port (startup, vectors, SysTick handler) is part of every stage, the empty one included.
  set(startup "${dir}/startup.o")
  set(port "${dir}/port_cortex_m.o")
  execute_process(COMMAND ${GCC} ${cpu_flags} -mthumb -Os -std=c11 -ffunction-sections -fdata-sections
      -c ${root}/ports/cortex-m/startup.c -o ${startup}
    RESULT_VARIABLE code ERROR_VARIABLE err)
  execute_process(COMMAND ${GXX} ${cpu_flags} ${common_flags} -I${root}/ports
      -c ${root}/ports/cortex-m/port_cortex_m.cpp -o ${port}
    RESULT_VARIABLE code2 ERROR_VARIABLE err2)
  if(NOT code EQUAL 0 OR NOT code2 EQUAL 0)
    message(FATAL_ERROR "compiling the Cortex-M port for ${cpu} failed:\n${err}${err2}")
  endif()
  set(elf "${dir}/${stage}.elf")
  execute_process(COMMAND ${GXX} ${cpu_flags} ${common_flags} ${defines}
      ${root}/tests/tools/footprint_program.cpp ${startup} ${port} ${link_flags} -T${root}/ports/cortex-m/${board}.ld
      -o ${elf}
    RESULT_VARIABLE code ERROR_VARIABLE err OUTPUT_VARIABLE out)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "building footprint stage ${stage} for ${cpu} failed:\n${out}${err}")
  endif()
  execute_process(COMMAND ${SIZE} -B ${elf} RESULT_VARIABLE code OUTPUT_VARIABLE sizes ERROR_VARIABLE err)
  if(NOT code EQUAL 0 OR NOT sizes MATCHES "\n *([0-9]+)[ \t]+([0-9]+)[ \t]+([0-9]+)")
    message(FATAL_ERROR "${SIZE} failed on ${elf}: ${err}${sizes}")
  endif()
  math(EXPR flash "${CMAKE_MATCH_1} + ${CMAKE_MATCH_2}")
  math(EXPR ram "${CMAKE_MATCH_2} + ${CMAKE_MATCH_3}")
  set(${out_flash} ${flash} PARENT_SCOPE)
  set(${out_ram} ${ram} PARENT_SCOPE)
endfunction()

execute_process(COMMAND ${GXX} --version OUTPUT_VARIABLE version)
string(REGEX MATCH "^[^\n]*" version "${version}")

set(header "| component |")
set(rule "|---|")
foreach(cpu IN LISTS CPUS)
  string(APPEND header " ${cpu} flash (B) | ${cpu} RAM (B) |")
  string(APPEND rule "---:|---:|")
endforeach()
set(table "${header}\n${rule}\n")
set(notes "")
set(defines "")
foreach(entry IN LISTS stages)
  string(REPLACE "|" ";" fields "${entry}")
  list(GET fields 0 stage)
  list(GET fields 1 label)
  list(LENGTH fields n)
  set(required "")
  if(n GREATER 2)
    list(GET fields 2 required)
  endif()
  if(required AND NOT EXISTS "${root}/lib/include/langevin/${required}")
    string(APPEND notes "- skipped \"${label}\": lib/include/langevin/${required} does not exist yet\n")
    continue()
  endif()
  if(NOT stage STREQUAL "EMPTY")
    list(APPEND defines -DLANGEVIN_FOOTPRINT_${stage})
  endif()
  set(row "| ${label} |")
  foreach(cpu IN LISTS CPUS)
    build_and_measure(${cpu} ${stage} "${defines}" flash ram)
    if(stage STREQUAL "EMPTY")
      set(base_flash_${cpu} ${flash})
      set(base_ram_${cpu} ${ram})
      string(APPEND row " ${flash} (absolute) | ${ram} (absolute) |")
    else()
      math(EXPR dflash "${flash} - ${base_flash_${cpu}}")
      math(EXPR dram "${ram} - ${base_ram_${cpu}}")
      string(APPEND row " +${dflash} | +${dram} |")
    endif()
  endforeach()
  string(APPEND table "${row}\n")
endforeach()

# Annealing SGD on its own (pcg32 + normal<float> + annealing SGD, nothing else), with every
# schedule family compiled in and with only the four an annealing loop typically uses
# (LANGEVIN_SCHEDULE_KINDS in lib/include/langevin/config.hpp).
set(sgd_table "| annealing SGD alone (pcg32 + normal<float> + SGD, float, P = 2) |")
foreach(cpu IN LISTS CPUS)
  string(APPEND sgd_table " ${cpu} flash (B) | ${cpu} RAM (B) |")
endforeach()
string(APPEND sgd_table "\n${rule}\n")
set(sgd_variants
  "SGD_ALL_SCHEDULES|all seven schedule families (default)|"
  "SGD_FOUR_SCHEDULES|constant, logarithmic, geometric, inverse-time only|-DLANGEVIN_SCHEDULE_KINDS=0x0F")
if(EXISTS "${root}/lib/include/langevin/optimize/annealing_sgd.hpp")
  foreach(entry IN LISTS sgd_variants)
    string(REPLACE "|" ";" fields "${entry}")
    list(GET fields 0 stage)
    list(GET fields 1 label)
    list(GET fields 2 extra)
    set(row "| ${label} |")
    foreach(cpu IN LISTS CPUS)
      build_and_measure(${cpu} ${stage}
        "-DLANGEVIN_FOOTPRINT_PCG32;-DLANGEVIN_FOOTPRINT_NORMAL;-DLANGEVIN_FOOTPRINT_SGD;${extra}" flash ram)
      math(EXPR dflash "${flash} - ${base_flash_${cpu}}")
      math(EXPR dram "${ram} - ${base_ram_${cpu}}")
      string(APPEND row " +${dflash} | +${dram} |")
    endforeach()
    string(APPEND sgd_table "${row}\n")
  endforeach()
endif()

set(report "Footprint at -Os (${version}); each row includes the rows above it; figures are the \
difference from the empty program. flash = text + data, RAM = data + bss (stack excluded).\n\n${table}\n${sgd_table}")
if(notes)
  string(APPEND report "\n${notes}")
endif()
message("${report}")
if(OUTPUT)
  file(WRITE "${OUTPUT}" "${report}")
endif()
