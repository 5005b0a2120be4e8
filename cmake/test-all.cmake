# Runs the workflow (configure, build, test) of every preset in turn and prints the time
# each took. Usage, from the source tree:  cmake -P cmake/test-all.cmake
# Optional: -DPRESETS="host;cortex-m4" to run a subset. Every preset runs even if an
# earlier one failed; the script fails at the end if any did.
if(NOT PRESETS)
  set(PRESETS host host-clang host-sanitize cortex-m4 cortex-m3 cortex-m0 cortex-m33 cortex-m55 cortex-m7
    aarch64-linux armv7-linux riscv64-linux)
endif()
get_filename_component(source_dir "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(summary "")
set(failed "")
string(TIMESTAMP all_start "%s")
foreach(preset IN LISTS PRESETS)
  message(STATUS "==== preset ${preset} ====")
  string(TIMESTAMP start "%s")
  execute_process(COMMAND ${CMAKE_COMMAND} --workflow --preset ${preset} --fresh
    WORKING_DIRECTORY ${source_dir} RESULT_VARIABLE rc)
  string(TIMESTAMP stop "%s")
  math(EXPR seconds "${stop} - ${start}")
  if(rc)
    string(APPEND summary "  ${preset}: ${seconds} s  FAILED (${rc})\n")
    list(APPEND failed ${preset})
  else()
    string(APPEND summary "  ${preset}: ${seconds} s\n")
  endif()
endforeach()
string(TIMESTAMP all_stop "%s")
math(EXPR total "${all_stop} - ${all_start}")
if(failed)
  message("==== time per preset:\n${summary}  total: ${total} s")
  message(FATAL_ERROR "presets failed: ${failed}")
endif()
message("==== all presets passed; time per preset:\n${summary}  total: ${total} s")
