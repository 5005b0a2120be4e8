# Compiles one source file and checks the outcome: that it fails with a diagnostic matching
# EXPECTED_REGEX, or that it compiles.
#   cmake -DCXX=<compiler> -DSOURCE=<file> -DINCLUDE=<dir> "-DFLAGS=<flag;flag>"
#         -DEXPECT=fail|pass [-DEXPECTED_REGEX=<re>] -P compile_outcome.cmake
# Used for what must not compile: a build with -ffast-math (config.hpp refuses it), an
# ignored status (status is [[nodiscard]]).
cmake_minimum_required(VERSION 3.25)
foreach(var CXX SOURCE INCLUDE EXPECT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "compile_outcome.cmake: ${var} is required")
  endif()
endforeach()
execute_process(COMMAND ${CXX} -std=c++17 -fsyntax-only -I${INCLUDE} ${FLAGS} ${SOURCE}
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(log "${out}${err}")
if(EXPECT STREQUAL "pass")
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "expected ${SOURCE} to compile with ${FLAGS}:\n${log}")
  endif()
  message(STATUS "${SOURCE} compiles with ${FLAGS}")
  return()
endif()
if(code EQUAL 0)
  message(FATAL_ERROR "expected ${SOURCE} NOT to compile with ${FLAGS}, but it did")
endif()
if(DEFINED EXPECTED_REGEX AND NOT log MATCHES "${EXPECTED_REGEX}")
  message(FATAL_ERROR "${SOURCE} failed with ${FLAGS}, but without the expected diagnostic '${EXPECTED_REGEX}':\n${log}")
endif()
message(STATUS "${SOURCE} is refused with ${FLAGS}, as expected")
