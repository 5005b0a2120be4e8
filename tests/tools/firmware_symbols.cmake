# Fails if a firmware ELF contains a symbol that betrays heap use, exceptions or RTTI.
#   cmake -DNM=<arm-none-eabi-nm> -DELF=<program> [-DBAN=libm,double] -P firmware_symbols.cmake
# BAN adds groups of forbidden symbols: libm (every C math library entry point, float and
# long double variants and newlib's __ieee754_* kernels: the library computes all its math
# itself) and double (the software double-precision helpers __aeabi_d*, __aeabi_*2d, ...: a
# float program must not do double arithmetic).
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

set(libm_names "sqrt|cbrt|hypot|exp|exp2|expm1|exp10|log|log2|log10|log1p|logb|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|fabs|floor|ceil|trunc|round|lround|llround|rint|lrint|llrint|nearbyint|fmod|remainder|remquo|modf|frexp|ldexp|scalbn|scalbln|ilogb|copysign|nextafter|nexttoward|fdim|fmax|fmin|fma|erf|erfc|lgamma|tgamma|sincos|nan|significand|finite|isnan|isinf")
if(BAN MATCHES "libm")
  string(APPEND forbidden_regex "|^(${libm_names})[fl]?$|^__ieee754_.*|^__kernel_.*|^__math_.*")
endif()
if(BAN MATCHES "double")
  string(APPEND forbidden_regex
    "|^__aeabi_(d[a-z0-9]*|[a-z0-9]*2d|[a-z]*2d[a-z]*)$|^__(add|sub|mul|div|neg|eq|ne|lt|le|gt|ge|cmp|unord)df[23]$|^__(fix|fixuns|float|floatun|extend|trunc)[a-z]*df[a-z]*$")
endif()

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
  message(FATAL_ERROR "${ELF}: ${n} forbidden symbol(s) (heap, exceptions, RTTI${BAN}):\n  ${listing}")
endif()
message(STATUS "${ELF}: ${count} symbols, no heap, exception or RTTI symbol; banned groups: ${BAN}")
