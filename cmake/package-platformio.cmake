cmake_minimum_required(VERSION 3.25)
# Assembles the PlatformIO library package: lib/library.json, the headers, LICENSE,
# README.md and the examples listed in library.json, each with the port headers it
# includes (port.hpp, print.hpp, svg_plot.hpp), so that the package stands alone.
# Usage, from the source tree:
#   cmake -DOUT=build/package/platformio -P cmake/package-platformio.cmake
#   pio pkg pack build/package/platformio/langevin      (or pio pkg publish)
if(NOT OUT)
  message(FATAL_ERROR "usage: cmake -DOUT=<dir> -P cmake/package-platformio.cmake")
endif()
get_filename_component(source_dir "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
get_filename_component(package "${OUT}/langevin" ABSOLUTE)
file(REMOVE_RECURSE "${package}")
file(MAKE_DIRECTORY "${package}")
file(COPY "${source_dir}/lib/library.json" "${source_dir}/lib/include"
          "${source_dir}/LICENSE" "${source_dir}/README.md"
     DESTINATION "${package}")

# Each example's files come from examples/<name>/ or, for the helpers, from
# examples/common/ and ports/.
file(READ "${source_dir}/lib/library.json" manifest)
string(JSON count LENGTH "${manifest}" examples)
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  string(JSON base GET "${manifest}" examples ${i} base)
  string(JSON name GET "${manifest}" examples ${i} name)
  string(JSON nfiles LENGTH "${manifest}" examples ${i} files)
  math(EXPR flast "${nfiles} - 1")
  foreach(j RANGE ${flast})
    string(JSON file GET "${manifest}" examples ${i} files ${j})
    set(found "")
    foreach(dir "examples/${name}" "examples/common" "ports")
      if(EXISTS "${source_dir}/${dir}/${file}")
        set(found "${source_dir}/${dir}/${file}")
        break()
      endif()
    endforeach()
    if(NOT found)
      message(FATAL_ERROR "library.json lists ${base}/${file}, found neither in examples/${name}, examples/common nor ports")
    endif()
    file(COPY "${found}" DESTINATION "${package}/${base}")
  endforeach()
endforeach()
message(STATUS "PlatformIO package assembled in ${package}")
