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
