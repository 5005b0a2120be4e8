# Runs a program (through the cross emulator, if any) and checks its exact exit code and
# that its output matches a regular expression.
#   cmake -DEMULATOR=<a|b|c> -DPROGRAM=<path> -DEXPECTED=<code> -DOUTPUT_REGEX=<re> -P expect_exit_code.cmake
string(REPLACE "|" ";" emulator "${EMULATOR}")
execute_process(COMMAND ${emulator} ${PROGRAM}
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
message("${out}${err}")
if(NOT code STREQUAL "${EXPECTED}")
  message(FATAL_ERROR "exit code ${code}, expected ${EXPECTED}")
endif()
if(NOT "${out}${err}" MATCHES "${OUTPUT_REGEX}")
  message(FATAL_ERROR "output does not match '${OUTPUT_REGEX}'")
endif()
