include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(DIRECTORY lib/include/langevin DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS langevin EXPORT langevinTargets)
install(EXPORT langevinTargets
  NAMESPACE langevin::
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/langevin)
configure_package_config_file(cmake/langevinConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/langevinConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/langevin)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/langevinConfigVersion.cmake
  COMPATIBILITY SameMinorVersion
  ARCH_INDEPENDENT)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/langevinConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/langevinConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/langevin)

# --- pkg-config: share/pkgconfig/langevin.pc (header-only, so arch-independent) ----------
# Cflags = the include directory + the flags of lib/flags.cmake. The prefix is written at
# install time, so `cmake --install --prefix <dir>` and DESTDIR staging (with
# PKG_CONFIG_SYSROOT_DIR for cross builds) both give a correct file.
include(${PROJECT_SOURCE_DIR}/lib/flags.cmake)
list(JOIN LANGEVIN_REQUIRED_FLAGS " " LANGEVIN_PC_FLAGS)
set(LANGEVIN_PC_PREFIX "@LANGEVIN_PC_PREFIX@")   # kept for the install-time pass below
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(LANGEVIN_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(LANGEVIN_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(cmake/langevin.pc.in ${CMAKE_CURRENT_BINARY_DIR}/langevin.pc.template @ONLY)
# At install time: fill in the prefix in a file of its own per destination (installs to
# several prefixes may run at once, e.g. in the tests), then install that file.
install(CODE "
  set(LANGEVIN_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  string(MD5 destination \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}\")
  set(staged \"${CMAKE_CURRENT_BINARY_DIR}/pkgconfig/\${destination}/langevin.pc\")
  configure_file(\"${CMAKE_CURRENT_BINARY_DIR}/langevin.pc.template\" \"\${staged}\" @ONLY)
  file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/pkgconfig\"
    TYPE FILE FILES \"\${staged}\")")
