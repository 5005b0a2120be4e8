# Footprint report: flash and RAM each library component adds to a Cortex-M program.
#
#   cmake -P cmake/footprint.cmake                       (from the repository root: every CPU)
#   cmake -DCPUS=cortex-m0 -DOUTPUT=footprint.md -DBUILD_DIR=/tmp/fp -P cmake/footprint.cmake
#   (-DSTAGES_ONLY=ON: only the component tables, without the per-size and first-instance ones)
#
# Builds tests/tools/footprint_program.cpp at -Os for each Cortex-M class (CPUS, default
# all six presets: cortex-m0, cortex-m3, cortex-m4, cortex-m33, cortex-m7, cortex-m55; the
# CPU flags and the board come from cmake/toolchains/<cpu>.cmake), once per stage (empty;
# + pcg32; + normal; + overdamped step; + BAOAB; + minimize; + annealing SGD; each stage
# adds to the previous ones), with the startup code and linker script of ports/cortex-m,
# and the same flags and allocation bans as the examples (a component that allocates fails
# to link). Prints a Markdown table of
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
  set(CPUS cortex-m0 cortex-m3 cortex-m4 cortex-m33 cortex-m7 cortex-m55)
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

# The CPU flags and the board of the preset of the same name (cmake/toolchains/<cpu>.cmake).
function(cpu_settings cpu out_flags out_board)
  set(toolchain "${root}/cmake/toolchains/${cpu}.cmake")
  if(NOT EXISTS "${toolchain}")
    message(FATAL_ERROR "unknown CPU ${cpu}: no ${toolchain}")
  endif()
  file(STRINGS "${toolchain}" flags_line REGEX "^set\\(LANGEVIN_CPU_FLAGS ")
  file(STRINGS "${toolchain}" board_line REGEX "^set\\(LANGEVIN_CORTEX_M_BOARD ")
  if(NOT flags_line MATCHES "\"([^\"]+)\"" )
    message(FATAL_ERROR "${toolchain}: no LANGEVIN_CPU_FLAGS")
  endif()
  separate_arguments(flags UNIX_COMMAND "${CMAKE_MATCH_1}")
  if(NOT board_line MATCHES "LANGEVIN_CORTEX_M_BOARD ([^ )]+)")
    message(FATAL_ERROR "${toolchain}: no LANGEVIN_CORTEX_M_BOARD")
  endif()
  set(${out_flags} ${flags} PARENT_SCOPE)
  set(${out_board} ${CMAKE_MATCH_1} PARENT_SCOPE)
endfunction()

function(build_and_measure cpu stage defines out_flash out_ram)
  build_program_and_measure(${cpu} ${stage} "${defines}" ${root}/tests/tools/footprint_program.cpp flash ram)
  set(${out_flash} ${flash} PARENT_SCOPE)
  set(${out_ram} ${ram} PARENT_SCOPE)
  set(measured_text ${measured_text} PARENT_SCOPE)
endfunction()

function(build_program_and_measure cpu stage defines program out_flash out_ram)
  cpu_settings(${cpu} cpu_flags board)
  string(TOUPPER "${board}" board_macro)
  string(REPLACE "-" "_" board_macro "${board_macro}")
  set(dir "${BUILD_DIR}/${cpu}")
  file(MAKE_DIRECTORY "${dir}")
  # The port (startup, vectors, SysTick handler) is part of every stage, the empty one included.
  set(startup "${dir}/startup.o")
  set(port "${dir}/port_cortex_m.o")
  execute_process(COMMAND ${GCC} ${cpu_flags} -mthumb -Os -std=c11 -ffunction-sections -fdata-sections
      -c ${root}/ports/cortex-m/startup.c -o ${startup}
    RESULT_VARIABLE code ERROR_VARIABLE err)
  execute_process(COMMAND ${GXX} ${cpu_flags} ${common_flags} -I${root}/ports -DLANGEVIN_BOARD_${board_macro}=1
      -c ${root}/ports/cortex-m/port_cortex_m.cpp -o ${port}
    RESULT_VARIABLE code2 ERROR_VARIABLE err2)
  if(NOT code EQUAL 0 OR NOT code2 EQUAL 0)
    message(FATAL_ERROR "compiling the Cortex-M port for ${cpu} failed:\n${err}${err2}")
  endif()
  set(elf "${dir}/${stage}.elf")
  execute_process(COMMAND ${GXX} ${cpu_flags} ${common_flags} ${defines}
      ${program} ${startup} ${port} ${link_flags} -T${root}/ports/cortex-m/${board}.ld
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
  set(measured_text ${CMAKE_MATCH_1} PARENT_SCOPE)
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
      set(base_text_${cpu} ${measured_text})
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

set(size_table "")
set(first_table "")
if(NOT STAGES_ONLY)
  # What each further size of an algorithm costs (tests/tools/footprint_sizes.cpp): code (.text)
  # of a program using the algorithm at N = 2 (difference from the empty program), then what
  # N = 3 and then N = 4 add. Each use is init, place or defaults, run and a checkpoint round
  # trip. (.text only: a static object whose start values are not all zero also puts its
  # image in .data, in flash and RAM alike, as any initialised variable.)
  set(size_algorithms
    "MINIMIZE|minimize(), float|"
    "MINIMIZE|minimizer<float, N>: init, run, checkpoint round trip|CHECKPOINT"
    "EULER_MARUYAMA|euler_maruyama<float, N>: init, run|"
    "EULER_MARUYAMA|euler_maruyama<float, N>: init, run, checkpoint round trip|CHECKPOINT"
    "LEIMKUHLER_MATTHEWS|leimkuhler_matthews<float, N>: init, run|"
    "BAOAB|baoab<float, N>: init, run|"
    "BAOAB|baoab<float, N>: init, run, checkpoint round trip|CHECKPOINT"
    "SIMULATED_ANNEALING|simulated_annealing(), float|"
    "SIMULATED_ANNEALING|simulated_annealer<float, N>: init, run, checkpoint round trip|CHECKPOINT"
    "ANNEALING_SGD|annealing_sgd<float, P = N, 16>: init, run|"
    "ANNEALING_SGD|annealing_sgd<float, P = N, 16>: init, run, checkpoint round trip|CHECKPOINT"
    "REPLICA_EXCHANGE|replica_exchange<euler_maruyama<float, N>, 4>: init, run|")
  # The fields of an entry of size_algorithms: algorithm, label, variant and variant_define
  # (the variant's macro, or empty).
  macro(size_entry_fields entry)
    string(REPLACE "|" ";" fields "${entry}")
    list(GET fields 0 algorithm)
    list(GET fields 1 label)
    list(GET fields 2 variant)
    set(variant_define "")
    if(variant)
      set(variant_define "-DLANGEVIN_SIZES_${variant}")
    endif()
  endmacro()

  set(size_table "| code per size (.text, B) |")
  set(size_rule "|---|")
  foreach(cpu IN LISTS CPUS)
    string(APPEND size_table " ${cpu}: N = 2 | + N = 3 | + N = 4 |")
    string(APPEND size_rule "---:|---:|---:|")
  endforeach()
  string(APPEND size_table "\n${size_rule}\n")
  foreach(entry IN LISTS size_algorithms)
    size_entry_fields("${entry}")
    set(row "| ${label} |")
    foreach(cpu IN LISTS CPUS)
      set(previous ${base_text_${cpu}})
      foreach(count 1 2 3)
        build_program_and_measure(${cpu} SIZES_${algorithm}${variant}_${count}
          "-DLANGEVIN_SIZES_${algorithm};-DLANGEVIN_SIZES_COUNT=${count};${variant_define}"
          ${root}/tests/tools/footprint_sizes.cpp flash ram)
        set(flash ${measured_text})
        math(EXPR delta "${flash} - ${previous}")
        if(count EQUAL 1)
          string(APPEND row " ${delta} |")
        else()
          string(APPEND row " +${delta} |")
        endif()
        set(previous ${flash})
      endforeach()
    endforeach()
    string(APPEND size_table "${row}\n")
  endforeach()

  # The first instance: .text of an object file (compiled, not linked: no libgcc, newlib or
  # port) that uses the algorithm at N = 2 only, as footprint_sizes.cpp's first row does; the
  # measure of issue 12's goal for minimize() (<= 8 KiB on cortex-m4).
  set(first_table "| first instance (object .text, B) |")
  set(first_rule "|---|")
  foreach(cpu IN LISTS CPUS)
    string(APPEND first_table " ${cpu} |")
    string(APPEND first_rule "---:|")
  endforeach()
  string(APPEND first_table "\n${first_rule}\n")
  foreach(entry IN LISTS size_algorithms)
    size_entry_fields("${entry}")
    set(row "| ${label} |")
    foreach(cpu IN LISTS CPUS)
      cpu_settings(${cpu} cpu_flags board)
      set(object "${BUILD_DIR}/${cpu}/FIRST_${algorithm}${variant}.o")
      execute_process(COMMAND ${GXX} ${cpu_flags} ${common_flags} -DLANGEVIN_SIZES_${algorithm}
          -DLANGEVIN_SIZES_COUNT=1 ${variant_define} -c ${root}/tests/tools/footprint_sizes.cpp -o ${object}
        RESULT_VARIABLE code ERROR_VARIABLE err)
      execute_process(COMMAND ${SIZE} -A ${object} RESULT_VARIABLE code2 OUTPUT_VARIABLE sections)
      if(NOT code EQUAL 0 OR NOT code2 EQUAL 0)
        message(FATAL_ERROR "first instance of ${algorithm} for ${cpu} failed:\n${err}")
      endif()
      string(REPLACE "\n" ";" section_lines "${sections}")
      set(text 0)
      foreach(line IN LISTS section_lines)
        if(line MATCHES "^\\.text[^ ]* +([0-9]+)")
          math(EXPR text "${text} + ${CMAKE_MATCH_1}")
        endif()
      endforeach()
      string(APPEND row " ${text} |")
    endforeach()
    string(APPEND first_table "${row}\n")
  endforeach()
endif()

set(report "Footprint at -Os (${version}); each row includes the rows above it; figures are the \
difference from the empty program. flash = text + data, RAM = data + bss (stack excluded).\n\n${table}\n${sgd_table}\n${size_table}\n${first_table}")
if(notes)
  string(APPEND report "\n${notes}")
endif()
message("${report}")
if(OUTPUT)
  file(WRITE "${OUTPUT}" "${report}")
endif()
