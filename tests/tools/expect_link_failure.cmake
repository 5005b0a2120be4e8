# Builds one target that must NOT link and checks that it fails for the expected reason.
#   cmake -DBUILD_DIR=<dir> -DTARGET=<target> -DEXPECTED_REGEX=<re> -P expect_link_failure.cmake
# Used by the link-ban probes (cmake/LangevinEmbeddedChecks.cmake): the probe calls
# std::vector / malloc and is linked with -Wl,--wrap bans, so the linker must report an
# undefined __wrap_ symbol.
cmake_minimum_required(VERSION 3.25)
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${TARGET}
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 300)
message("${out}${err}")
if(code EQUAL 0)
  message(FATAL_ERROR "${TARGET} linked although it allocates: the link bans do not work")
endif()
if(NOT "${out}${err}" MATCHES "${EXPECTED_REGEX}")
  message(FATAL_ERROR "${TARGET} failed to build, but not with the expected link error '${EXPECTED_REGEX}'")
endif()
message(STATUS "${TARGET} is rejected at link time as expected")
