cmake_minimum_required(VERSION 3.25)
# Runs the Zephyr module's CMake file (lib/<build.cmake from zephyr/module.yml>) in
# tests/packaging/zephyr, a stand-in Zephyr build whose zephyr_* functions record their
# calls and apply them to zephyr_interface as Zephyr does:
#  - CONFIG_LANGEVIN unset: the module must make no call at all;
#  - CONFIG_LANGEVIN=y: exactly the include directory lib/include and lib/flags.cmake's
#    flags, which must reach the app's compile command; the app builds and runs.
# Parameters: SOURCE_DIR WORK_DIR CXX PYTHON (with PyYAML)
set(lib_dir ${SOURCE_DIR}/lib)
include(${lib_dir}/flags.cmake)
execute_process(COMMAND ${PYTHON} -c
    "import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))['build']['cmake'])" ${lib_dir}/zephyr/module.yml
  RESULT_VARIABLE rc OUTPUT_VARIABLE cmake_dir ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
if(rc)
  message(FATAL_ERROR "reading build.cmake from module.yml failed: ${err}")
endif()
set(module_cmake_dir ${lib_dir}/${cmake_dir})
message(STATUS "module.yml build.cmake: ${module_cmake_dir}")

function(configure_case name config)
  file(REMOVE_RECURSE ${WORK_DIR}/${name})
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/packaging/zephyr -B ${WORK_DIR}/${name}
      -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=Release -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
      -DLANGEVIN_CONFIG=${config} -DMODULE_CMAKE_DIR=${module_cmake_dir}
      -DCONSUMER_SOURCE=${SOURCE_DIR}/tests/packaging/consumer/main.cpp
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc)
    message(FATAL_ERROR "${name}: configure failed:\n${out}\n${err}")
  endif()
  file(READ ${WORK_DIR}/${name}/zephyr_calls.txt calls)
  set(calls "${calls}" PARENT_SCOPE)
endfunction()

configure_case(disabled OFF)
if(NOT calls STREQUAL "")
  message(FATAL_ERROR "CONFIG_LANGEVIN unset, yet the module called:\n${calls}")
endif()

configure_case(enabled ON)
get_filename_component(include_dir ${lib_dir}/include ABSOLUTE)
set(options "$<$<COMPILE_LANG_AND_ID:CXX,GNU,Clang>:${LANGEVIN_REQUIRED_FLAGS}>")
set(expected "zephyr_include_directories(${module_cmake_dir}/../include)\nzephyr_compile_options(${options})\n")
if(NOT calls STREQUAL expected)
  message(FATAL_ERROR "CONFIG_LANGEVIN=y: the module called\n${calls}expected\n${expected}")
endif()
message(STATUS "CONFIG_LANGEVIN=y:\n${calls}")
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/enabled RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc)
  message(FATAL_ERROR "build failed:\n${out}\n${err}")
endif()
file(READ ${WORK_DIR}/enabled/compile_commands.json commands)
foreach(flag ${LANGEVIN_REQUIRED_FLAGS})
  string(FIND "${commands}" "${flag}" at)
  if(at LESS 0)
    message(FATAL_ERROR "the app is not compiled with ${flag}:\n${commands}")
  endif()
endforeach()
string(REGEX MATCH "-I[^ \"]*/include" include_flag "${commands}")
string(SUBSTRING "${include_flag}" 2 -1 seen)
get_filename_component(seen "${seen}" ABSOLUTE)
if(NOT seen STREQUAL include_dir)
  message(FATAL_ERROR "the app's include flag ${include_flag} is not ${include_dir}")
endif()
execute_process(COMMAND ${WORK_DIR}/enabled/app RESULT_VARIABLE rc OUTPUT_VARIABLE out)
message(STATUS "app: ${out}")
if(rc OR NOT out MATCHES ", ok")
  message(FATAL_ERROR "the app failed (${rc})")
endif()
