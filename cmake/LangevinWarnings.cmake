# Warnings are errors in the project's own targets (never imposed on consumers).
add_library(langevin_warnings INTERFACE)
target_compile_options(langevin_warnings INTERFACE
  $<$<COMPILE_LANG_AND_ID:CXX,GNU,Clang>:-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wdouble-promotion -Werror>
  $<$<COMPILE_LANG_AND_ID:C,GNU,Clang>:-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wdouble-promotion -Werror>)
