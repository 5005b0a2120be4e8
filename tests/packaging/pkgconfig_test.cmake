cmake_minimum_required(VERSION 3.25)
# Installs the project, then builds tests/packaging/consumer/main.cpp with nothing but
# `pkg-config --cflags langevin` (plus -O2 and the project's warnings) and runs it.
#   host:  cmake --install --prefix <work>/prefix, PKG_CONFIG_LIBDIR=<prefix>/share/pkgconfig
#   cross: DESTDIR=<work>/sysroot cmake --install --prefix /usr, PKG_CONFIG_LIBDIR and
#          PKG_CONFIG_SYSROOT_DIR pointing into that staging sysroot, a cross compiler and
#          EMULATOR (e.g. qemu-aarch64 -L /usr/aarch64-linux-gnu).
# With POWER_CHECK, the consumer is also built with the -I flags alone and must then give
# different bits (on a target whose compiler fuses multiply-adds, e.g. AArch64): this shows
# that the Cflags' -ffp-contract=off is what makes the bits agree, and that the test would
# catch its loss.
# Parameters: BUILD_DIR SOURCE_DIR WORK_DIR CXX VERSION PKG_CONFIG [CROSS] [EMULATOR] [POWER_CHECK]
foreach(var BUILD_DIR SOURCE_DIR WORK_DIR CXX VERSION PKG_CONFIG)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "${var} not set")
  endif()
endforeach()
separate_arguments(emulator UNIX_COMMAND "${EMULATOR}")

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
if(CROSS)
  set(ENV{DESTDIR} ${WORK_DIR}/sysroot)
  execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix /usr
    RESULT_VARIABLE rc OUTPUT_QUIET)
  unset(ENV{DESTDIR})
  set(ENV{PKG_CONFIG_LIBDIR} ${WORK_DIR}/sysroot/usr/share/pkgconfig)
  set(ENV{PKG_CONFIG_SYSROOT_DIR} ${WORK_DIR}/sysroot)
  set(expected_include "-I${WORK_DIR}/sysroot/usr/include")
else()
  execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix
    RESULT_VARIABLE rc OUTPUT_QUIET)
  set(ENV{PKG_CONFIG_LIBDIR} ${WORK_DIR}/prefix/share/pkgconfig)
  unset(ENV{PKG_CONFIG_SYSROOT_DIR})
  set(expected_include "-I${WORK_DIR}/prefix/include")
endif()
if(rc)
  message(FATAL_ERROR "install failed: ${rc}")
endif()
unset(ENV{PKG_CONFIG_PATH})

execute_process(COMMAND ${PKG_CONFIG} --modversion langevin
  RESULT_VARIABLE rc OUTPUT_VARIABLE modversion ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
if(rc OR NOT modversion STREQUAL VERSION)
  message(FATAL_ERROR "pkg-config --modversion langevin: '${modversion}' (${rc} ${err}), expected ${VERSION}")
endif()
execute_process(COMMAND ${PKG_CONFIG} --cflags langevin
  RESULT_VARIABLE rc OUTPUT_VARIABLE cflags ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
if(rc)
  message(FATAL_ERROR "pkg-config --cflags langevin failed: ${err}")
endif()
message(STATUS "pkg-config --cflags langevin: ${cflags}")
separate_arguments(cflags UNIX_COMMAND "${cflags}")
include(${SOURCE_DIR}/lib/flags.cmake)
foreach(flag ${expected_include} ${LANGEVIN_REQUIRED_FLAGS})
  if(NOT flag IN_LIST cflags)
    message(FATAL_ERROR "pkg-config --cflags lacks ${flag}")
  endif()
endforeach()
string(SUBSTRING "${expected_include}" 2 -1 include_dir)
if(NOT EXISTS ${include_dir}/langevin/langevin.hpp)
  message(FATAL_ERROR "${include_dir}/langevin/langevin.hpp was not installed")
endif()

# The language standard is the user's choice (the .pc file must not lower a C++20 build), so
# it is given here with the optimisation and the project's warnings; langevin's own flags
# come from pkg-config alone.
set(extra_flags -std=c++17 -O2 -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wdouble-promotion -Werror)
function(build_and_run name)
  execute_process(COMMAND ${CXX} ${extra_flags} ${ARGN} ${SOURCE_DIR}/tests/packaging/consumer/main.cpp
      -o ${WORK_DIR}/${name}
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(rc)
    message(FATAL_ERROR "building ${name} failed:\n${err}")
  endif()
  execute_process(COMMAND ${emulator} ${WORK_DIR}/${name} RESULT_VARIABLE rc OUTPUT_VARIABLE out)
  message(STATUS "${name}: ${out}")
  set(rc ${rc} PARENT_SCOPE)
  set(out "${out}" PARENT_SCOPE)
endfunction()

build_and_run(consumer ${cflags})
if(rc OR NOT out MATCHES "langevin ${VERSION}, hash 0x[0-9a-f]+, ok")
  message(FATAL_ERROR "the consumer built with pkg-config's flags failed (${rc})")
endif()
if(POWER_CHECK)
  set(includes_only ${cflags})
  list(FILTER includes_only INCLUDE REGEX "^-I")
  build_and_run(consumer_without_flags ${includes_only})
  if(NOT rc OR NOT out MATCHES "DIFFERENT BITS")
    message(FATAL_ERROR "power check: without ${LANGEVIN_REQUIRED_FLAGS} the consumer should give different bits here (${rc})")
  endif()
endif()
message(STATUS "pkg-config consumer: ok")
