cmake_minimum_required(VERSION 3.25)
# Tests lib/ as an ESP-IDF component without ESP-IDF, in ESP-IDF's two passes:
#  1. requirements (script mode, as ESP-IDF's component_get_requirements.cmake): a stand-in
#     idf_component_register macro records its arguments and returns, so everything before
#     it in lib/CMakeLists.txt must be valid in script mode and nothing after it may run;
#  2. build (tests/packaging/esp_idf, a stand-in project): the component's INTERFACE target
#     must carry the include directory and lib/flags.cmake's flags to the app that links
#     it, the app must build and run, and lib/CMakeLists.txt must stop at its return().
# Parameters: SOURCE_DIR WORK_DIR CXX
set(lib_dir ${SOURCE_DIR}/lib)
include(${lib_dir}/flags.cmake)

# --- pass 1 ---------------------------------------------------------------------------------
set(ESP_PLATFORM 1)
set(CMAKE_BUILD_EARLY_EXPANSION 1)
set(COMPONENT_NAME langevin)
set(COMPONENT_DIR ${lib_dir})
set(registered 0)
macro(idf_component_register)
  set(registered_args "${ARGV}")
  set(registered 1)
  return()
endmacro()
include(${lib_dir}/CMakeLists.txt)
if(NOT registered)
  message(FATAL_ERROR "pass 1: lib/CMakeLists.txt did not call idf_component_register")
endif()
if(NOT registered_args STREQUAL "INCLUDE_DIRS;include")
  message(FATAL_ERROR "pass 1: idf_component_register(${registered_args}), expected INCLUDE_DIRS include")
endif()
message(STATUS "pass 1: idf_component_register(${registered_args})")

# --- pass 2 ---------------------------------------------------------------------------------
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/packaging/esp_idf -B ${WORK_DIR}
    -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=Release -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
    -DLANGEVIN_LIB_DIR=${lib_dir} -DCONSUMER_SOURCE=${SOURCE_DIR}/tests/packaging/consumer/main.cpp
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc)
  message(FATAL_ERROR "pass 2: configure failed:\n${out}\n${err}")
endif()
file(READ ${WORK_DIR}/idf_component_register.txt args)
if(NOT args STREQUAL "INCLUDE_DIRS;include")
  message(FATAL_ERROR "pass 2: idf_component_register(${args})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc)
  message(FATAL_ERROR "pass 2: build failed:\n${out}\n${err}")
endif()
file(READ ${WORK_DIR}/compile_commands.json commands)
foreach(flag "-I${lib_dir}/include" ${LANGEVIN_REQUIRED_FLAGS})
  string(FIND "${commands}" "${flag}" at)
  if(at LESS 0)
    message(FATAL_ERROR "pass 2: the app is not compiled with ${flag}:\n${commands}")
  endif()
endforeach()
execute_process(COMMAND ${WORK_DIR}/app RESULT_VARIABLE rc OUTPUT_VARIABLE out)
message(STATUS "pass 2: ${out}")
if(rc OR NOT out MATCHES ", ok")
  message(FATAL_ERROR "pass 2: the app failed (${rc})")
endif()
