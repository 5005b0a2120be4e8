# Helpers for the test suite.

# Adds a test that runs `target` (through the cross emulator when there is one) and checks
# its exact exit code and that its output matches `regex`.
function(langevin_add_exit_code_test target expected_code regex)
  string(REPLACE ";" "|" emulator "${CMAKE_CROSSCOMPILING_EMULATOR}")
  add_test(NAME ${target}
    COMMAND ${CMAKE_COMMAND} "-DEMULATOR=${emulator}" "-DPROGRAM=$<TARGET_FILE:${target}>"
      -DEXPECTED=${expected_code} "-DOUTPUT_REGEX=${regex}"
      -P ${PROJECT_SOURCE_DIR}/tests/cmake/expect_exit_code.cmake)
endfunction()

# Catch2 (Debian's catch2, 2.13) and pcg-cpp (libpcg-cpp-dev, the test oracle) are
# header-only. Their CMake packages add -I/usr/include, which breaks cross builds, so the
# headers are copied into the build tree and used from there on every hosted port.
macro(langevin_find_host_test_headers)
  set(LANGEVIN_THIRD_PARTY_INCLUDE ${PROJECT_BINARY_DIR}/third_party/include)
  find_file(LANGEVIN_CATCH2_HEADER catch2/catch.hpp PATHS /usr/include /usr/local/include NO_CMAKE_FIND_ROOT_PATH)
  find_file(LANGEVIN_CATCH2_CMAKE Catch.cmake PATHS /usr/lib/cmake/Catch2 /usr/local/lib/cmake/Catch2 NO_CMAKE_FIND_ROOT_PATH)
  find_path(LANGEVIN_PCG_INCLUDE pcg_random.hpp PATHS /usr/include /usr/local/include NO_CMAKE_FIND_ROOT_PATH)
  if(NOT LANGEVIN_CATCH2_HEADER OR NOT LANGEVIN_CATCH2_CMAKE OR NOT LANGEVIN_PCG_INCLUDE)
    message(FATAL_ERROR "The tests need Catch2 2.x and pcg-cpp: apt-get install catch2 libpcg-cpp-dev "
                        "(or configure with -DLANGEVIN_BUILD_TESTS=OFF)")
  endif()
  configure_file(${LANGEVIN_CATCH2_HEADER} ${LANGEVIN_THIRD_PARTY_INCLUDE}/catch2/catch.hpp COPYONLY)
  foreach(header pcg_random.hpp pcg_extras.hpp pcg_uint128.hpp)
    configure_file(${LANGEVIN_PCG_INCLUDE}/${header} ${LANGEVIN_THIRD_PARTY_INCLUDE}/${header} COPYONLY)
  endforeach()
  include(${LANGEVIN_CATCH2_CMAKE})
endmacro()
