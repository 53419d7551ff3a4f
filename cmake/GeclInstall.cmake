# Installs headers, both libraries, a CMake package (find_package(gecl) -> gecl::gecl) and a
# pkg-config file. Headers go under include/ with include/acl also on the consumer's path, so
# both #include "acl/acl.h" and #include "acl.h" work, as with CANN's SDK.
include(CMakePackageConfigHelpers)
set(GECL_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/gecl)

install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS gecl gecl_static EXPORT geclTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} ${CMAKE_INSTALL_INCLUDEDIR}/acl)
install(TARGETS gecl_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT geclTargets NAMESPACE gecl:: DESTINATION ${GECL_CMAKE_DIR})

configure_package_config_file(cmake/geclConfig.cmake.in
  ${CMAKE_BINARY_DIR}/geclConfig.cmake INSTALL_DESTINATION ${GECL_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/geclConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/geclConfig.cmake ${CMAKE_BINARY_DIR}/geclConfigVersion.cmake
  DESTINATION ${GECL_CMAKE_DIR})

# Relocatable: paths are relative to where the .pc file ends up.
file(RELATIVE_PATH GECL_PC_TO_PREFIX "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
string(REGEX REPLACE "/$" "" GECL_PC_TO_PREFIX "${GECL_PC_TO_PREFIX}")
configure_file(cmake/gecl.pc.in ${CMAKE_BINARY_DIR}/gecl.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/gecl.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
