# Warnings and sanitizers, applied to every target of the project through one interface target.
add_library(gecl_warnings INTERFACE)
target_compile_options(gecl_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wpointer-arith -Wno-unused-parameter
  $<$<COMPILE_LANGUAGE:C>:-Wstrict-prototypes -Wmissing-prototypes>)
if(GECL_WERROR)
  target_compile_options(gecl_warnings INTERFACE -Werror)
endif()
if(GECL_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "GECL_FUZZ needs clang (libFuzzer): configure with CC=clang CXX=clang++")
  endif()
  if(NOT GECL_SANITIZE)
    set(GECL_SANITIZE address,undefined)
  endif()
  # Coverage feedback for libFuzzer from the whole library; the fuzz targets link the fuzzer's
  # main themselves (tests/fuzz/CMakeLists.txt).
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
if(GECL_SANITIZE)
  add_compile_options(-fsanitize=${GECL_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${GECL_SANITIZE})
  # clang's ASan intercepts __cxa_throw but finds no libstdc++ in a C program; C++ OpenCL
  # drivers (Mesa's Clover) then abort when they throw. Load libstdc++ from the start.
  if(CMAKE_C_COMPILER_ID STREQUAL "Clang")
    add_link_options("LINKER:--push-state,--no-as-needed" -lstdc++ "LINKER:--pop-state")
  endif()
endif()
