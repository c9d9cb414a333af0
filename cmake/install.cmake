# Install rules (GNUInstallDirs): `cmake --install build [--prefix P]`, or
# `make install PREFIX=P`.  tests/install/run.sh installs into a temporary
# prefix and builds the examples against it, so a broken rule fails a test.
include(CMakePackageConfigHelpers)

# Libraries: libparley.so.MAJOR.MINOR.PATCH, its SONAME link
# libparley.so.MAJOR and the development link libparley.so; libparley.a.
install(TARGETS parley_shared EXPORT parleyTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS parley ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})

# Public headers, with the generated version.h, under include/parley/.
install(FILES ${PARLEY_PUBLIC_HEADERS} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/parley)

# The programs.
install(TARGETS parley_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET parley_mpi)
  install(TARGETS parley_mpi RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

# The C examples and the default scenario (the library also embeds it:
# parley_default_scenario_json).
file(GLOB PARLEY_EXAMPLES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/examples/*.c)
install(FILES ${PARLEY_EXAMPLES} ${CMAKE_CURRENT_SOURCE_DIR}/examples/README.md
  DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES ${PARLEY_DEFAULT_SCENARIO} DESTINATION ${CMAKE_INSTALL_DATADIR}/parley/scenarios)
# The case library of `parley backtest`, as in the sources: each file with
# its provenance and licence (data/cases/README.md; data/cases/gpl/ holds
# GPL-3.0 data, installed as it is distributed, with its README).
install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/data/cases/
  DESTINATION ${CMAKE_INSTALL_DATADIR}/parley/cases
  FILES_MATCHING PATTERN "*.json" PATTERN "*.md")

# pkg-config: parley.pc names the prefix given at install time
# (`cmake --install --prefix P` changes it after configuring), so the
# install step itself writes the file, straight into the prefix.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(PARLEY_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
  set(PARLEY_PC_DIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
else()
  set(PARLEY_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  set(PARLEY_PC_DIR "\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(PARLEY_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(PARLEY_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
set(PARLEY_PC_LIBS_PRIVATE "-lm")
if(OpenMP_C_FOUND)
  string(APPEND PARLEY_PC_LIBS_PRIVATE " ${OpenMP_C_FLAGS}")
endif()
set(PARLEY_PC_PREFIX "@CMAKE_INSTALL_PREFIX@") # replaced at install time
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/parley.pc.in
  ${CMAKE_CURRENT_BINARY_DIR}/generated/parley.pc.in @ONLY)
install(CODE "
  set(pc \"\$ENV{DESTDIR}${PARLEY_PC_DIR}/parley.pc\")
  message(STATUS \"Installing: \${pc}\")
  configure_file(\"${CMAKE_CURRENT_BINARY_DIR}/generated/parley.pc.in\" \"\${pc}\" @ONLY)
  list(APPEND CMAKE_INSTALL_MANIFEST_FILES \"\${pc}\")")

# CMake package: find_package(parley) gives the imported target
# parley::parley (the shared library).  While the major version is 0 a
# minor release may change the ABI, so only the same MAJOR.MINOR satisfies
# a request; from 1.0 on, the same major version (docs/api.md).
set(PARLEY_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/parley)
install(EXPORT parleyTargets NAMESPACE parley:: DESTINATION ${PARLEY_CMAKE_DIR})
configure_package_config_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/parleyConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/generated/parleyConfig.cmake
  INSTALL_DESTINATION ${PARLEY_CMAKE_DIR})
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(PARLEY_COMPATIBILITY SameMinorVersion)
else()
  set(PARLEY_COMPATIBILITY SameMajorVersion)
endif()
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/generated/parleyConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY ${PARLEY_COMPATIBILITY})
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/generated/parleyConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/generated/parleyConfigVersion.cmake
  DESTINATION ${PARLEY_CMAKE_DIR})
