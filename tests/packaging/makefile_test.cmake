cmake_minimum_required(VERSION 3.25)
# Builds tests/packaging/consumer with its plain Makefile (the flags the README documents,
# headers straight from lib/include) in a scratch directory, then runs it, under EMULATOR
# for a cross compiler. Parameters: SOURCE_DIR WORK_DIR MAKE CXX [EMULATOR]
separate_arguments(emulator UNIX_COMMAND "${EMULATOR}")
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
execute_process(COMMAND ${MAKE} -C ${WORK_DIR} -f ${SOURCE_DIR}/tests/packaging/consumer/Makefile
    CXX=${CXX} "CXXFLAGS=-O2 -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wdouble-promotion -Werror"
    LANGEVIN_INCLUDE=${SOURCE_DIR}/lib/include
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "${out}")
if(rc)
  message(FATAL_ERROR "make failed (${rc}):\n${err}")
endif()
if(NOT out MATCHES "-ffp-contract=off")
  message(FATAL_ERROR "the Makefile did not pass -ffp-contract=off")
endif()
execute_process(COMMAND ${emulator} ${WORK_DIR}/consumer RESULT_VARIABLE rc OUTPUT_VARIABLE out)
message(STATUS "${out}")
if(rc OR NOT out MATCHES "hash 0x[0-9a-f]+, ok")
  message(FATAL_ERROR "the Makefile consumer failed (${rc})")
endif()
