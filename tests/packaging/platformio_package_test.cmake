cmake_minimum_required(VERSION 3.25)
# Assembles the PlatformIO package with cmake/package-platformio.cmake in a scratch
# directory and checks that it stands alone: library.json is lib/library.json, the
# includeDir holds the headers, every file that library.json lists for an example is
# there, and every example compiles (-fsyntax-only) from the package's own files; an
# example needs only the port functions of its port.hpp, which a board supplies.
# Parameters: SOURCE_DIR WORK_DIR CXX
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} -DOUT=${WORK_DIR} -P ${SOURCE_DIR}/cmake/package-platformio.cmake
  RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "cmake/package-platformio.cmake failed: ${rc}")
endif()
set(package ${WORK_DIR}/langevin)
file(READ ${SOURCE_DIR}/lib/library.json source_manifest)
file(READ ${package}/library.json manifest)
if(NOT manifest STREQUAL source_manifest)
  message(FATAL_ERROR "the package's library.json differs from lib/library.json")
endif()
string(JSON include_dir GET "${manifest}" build includeDir)
if(NOT EXISTS ${package}/${include_dir}/langevin/langevin.hpp)
  message(FATAL_ERROR "the package has no ${include_dir}/langevin/langevin.hpp")
endif()
string(JSON count LENGTH "${manifest}" examples)
if(count LESS 1)
  message(FATAL_ERROR "library.json lists no examples")
endif()
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  string(JSON base GET "${manifest}" examples ${i} base)
  string(JSON nfiles LENGTH "${manifest}" examples ${i} files)
  math(EXPR flast "${nfiles} - 1")
  foreach(j RANGE ${flast})
    string(JSON file GET "${manifest}" examples ${i} files ${j})
    if(NOT EXISTS ${package}/${base}/${file})
      message(FATAL_ERROR "the package lacks ${base}/${file}")
    endif()
  endforeach()
  execute_process(COMMAND ${CXX} -std=c++17 -fsyntax-only -Wall -Wextra -Werror
      -I${package}/${include_dir} -I${package}/${base} ${package}/${base}/main.cpp
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(rc)
    message(FATAL_ERROR "${base} does not compile from the package alone:\n${err}")
  endif()
  message(STATUS "${base}: complete, compiles")
endforeach()
