# Checks behind the library's embedded promises (issue 8): no heap, bounded stack,
# footprint. Included by the top-level CMakeLists.txt whenever examples or tests are built.

set(LANGEVIN_EMBEDDED_CHECKS_DIR ${CMAKE_CURRENT_LIST_DIR})

# --- host: allocation counting --------------------------------------------------------------
# Links the counting replacements of operator new/delete (tests/support/allocation_counter.cpp)
# into `target`. On ELF platforms the C allocation functions are wrapped as well, so a
# malloc/calloc/realloc/aligned_alloc/posix_memalign/free call compiled into the program is
# counted.
function(langevin_add_allocation_counter target)
  target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support/allocation_counter.cpp)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
  if(CMAKE_EXECUTABLE_FORMAT STREQUAL "ELF" AND NOT LANGEVIN_PORT STREQUAL "cortex-m")
    target_compile_definitions(${target} PRIVATE LANGEVIN_TEST_WRAP_C_ALLOCATION=1)
    target_link_options(${target} PRIVATE
      "LINKER:--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=aligned_alloc,--wrap=posix_memalign,--wrap=free")
  endif()
endfunction()
