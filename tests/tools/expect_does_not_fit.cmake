# Builds and runs one target that must NOT fit the board's RAM, and passes only if it does
# not: either the link fails because RAM overflows, or the program runs out of stack (the
# startup code's guard exits with code 4) or faults (exit code 3).
#   cmake -DBUILD_DIR=<dir> -DTARGET=<target> -DPROGRAM=<path> -DEMULATOR=<a|b|c> -P expect_does_not_fit.cmake
# Used by the microbit capacity checks (tests/CMakeLists.txt): the size one step above the
# largest recorded one must not fit, so the recorded size is the largest.
cmake_minimum_required(VERSION 3.25)
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${TARGET}
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 300)
if(NOT code EQUAL 0)
  if("${out}${err}" MATCHES "(region `RAM' overflowed|will not fit in region `RAM'|RAM overflow)")
    message(STATUS "${TARGET} does not fit: ${CMAKE_MATCH_1} at link time")
    return()
  endif()
  message("${out}${err}")
  message(FATAL_ERROR "${TARGET} failed to build for another reason than RAM")
endif()
string(REPLACE "|" ";" emulator "${EMULATOR}")
execute_process(COMMAND ${emulator} ${PROGRAM}
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
message("${out}${err}")
if(code STREQUAL "4" OR code STREQUAL "3")
  message(STATUS "${TARGET} links but does not fit: exit code ${code} (stack overflow or fault)")
  return()
endif()
message(FATAL_ERROR "${TARGET} fits (exit code ${code}): the recorded size is not the largest, raise it")
