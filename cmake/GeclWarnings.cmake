# Warnings and sanitizers, applied to every target of the project through one interface target.
add_library(gecl_warnings INTERFACE)
target_compile_options(gecl_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wpointer-arith -Wno-unused-parameter
  $<$<COMPILE_LANGUAGE:C>:-Wstrict-prototypes -Wmissing-prototypes>)
if(GECL_WERROR)
  target_compile_options(gecl_warnings INTERFACE -Werror)
endif()
if(GECL_SANITIZE)
  add_compile_options(-fsanitize=${GECL_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${GECL_SANITIZE})
endif()
