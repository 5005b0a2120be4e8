# Fails if a firmware ELF contains a symbol that betrays heap use, exceptions or RTTI.
#   cmake -DNM=<arm-none-eabi-nm> -DELF=<program> -P firmware_symbols.cmake
#   cmake ... -DEXPECT_FORBIDDEN=_Znwj,malloc -P firmware_symbols.cmake   (probe mode: passes
#       only if nm runs and every listed symbol is present, proving the check would fire)
# Forbidden: the C allocator (malloc, _malloc_r, calloc, realloc, memalign, ... and
# _sbrk which grows the heap), every operator new (_Znwj*, _Znaj*: size_t is unsigned
# int on 32-bit ARM), the C++ ABI runtime (__cxa_*: throw, allocate_exception, guards,
# atexit, pure virtual), the exception personality routine, and RTTI type_info objects
# (_ZTI*, _ZTS*). Registered by langevin_add_firmware_checks (cmake/LangevinEmbeddedChecks.cmake).
cmake_minimum_required(VERSION 3.25)
if(NOT NM OR NOT ELF)
  message(FATAL_ERROR "usage: cmake -DNM=<nm> -DELF=<program> -P firmware_symbols.cmake")
endif()
execute_process(COMMAND ${NM} ${ELF} RESULT_VARIABLE code OUTPUT_VARIABLE symbols ERROR_VARIABLE errors)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${ELF} (${code}): ${errors}")
endif()

set(forbidden_regex
  "^(malloc|_malloc_r|calloc|_calloc_r|realloc|_realloc_r|memalign|_memalign_r|aligned_alloc|posix_memalign|_sbrk|_sbrk_r|_Znwj.*|_Znaj.*|__cxa_.*|__gxx_personality_v0|_ZTI.*|_ZTS.*)$")

string(REPLACE "\n" ";" lines "${symbols}")
set(count 0)
set(found "")
set(has_entry FALSE)
foreach(line IN LISTS lines)
  if(line MATCHES "^[0-9a-fA-F ]* ([A-Za-z]) ([^ ]+)$")
    math(EXPR count "${count} + 1")
    set(name "${CMAKE_MATCH_2}")
    if(name STREQUAL "Reset_Handler" OR name STREQUAL "main")
      set(has_entry TRUE)
    endif()
    if(name MATCHES "${forbidden_regex}")
      list(APPEND found "${name}")
    endif()
  endif()
endforeach()

# A stripped or empty symbol table would pass vacuously: require the program's entry.
if(NOT has_entry)
  message(FATAL_ERROR "${ELF}: no Reset_Handler or main in its symbol table (${count} symbols); cannot check")
endif()
if(DEFINED EXPECT_FORBIDDEN)
  string(REPLACE "," ";" expected_list "${EXPECT_FORBIDDEN}")
  foreach(expected IN LISTS expected_list)
    if(NOT expected IN_LIST found)
      message(FATAL_ERROR "${ELF}: expected forbidden symbol ${expected} not found (found: ${found})")
    endif()
  endforeach()
  list(REMOVE_DUPLICATES found)
  list(JOIN found " " listing)
  message(STATUS "${ELF}: the check catches the deliberate heap use: ${listing}")
  return()
endif()
if(found)
  list(REMOVE_DUPLICATES found)
  list(LENGTH found n)
  list(JOIN found "\n  " listing)
  message(FATAL_ERROR "${ELF}: ${n} forbidden symbol(s) (heap, exceptions or RTTI):\n  ${listing}")
endif()
message(STATUS "${ELF}: ${count} symbols, no heap, exception or RTTI symbol")
