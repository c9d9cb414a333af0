# Help texts, man pages and bash completion, from one source per command
# (man/parley.txt, man/parley-COMMAND.txt; the format is in man/README.md):
#  - generated/help_text.c: the --help texts, compiled into the CLI
#    (cmake/help-c.cmake);
#  - man/parley.1, man/parley-COMMAND.1 in the build tree: the man pages
#    (cmake/help-man.cmake), which fill in the model registry's names by
#    asking the built parley (parley --completion-data vars);
#  - completion/parley.bash, installed as is: it asks parley for its words
#    (parley --completion-data ...), so it cannot drift from the binary.
include(GNUInstallDirs)

# The pages in the order of `parley --help`; "parley" is parley(1).
set(PARLEY_HELP_PAGES parley forecast ensemble leverage validate convert report backtest)
set(PARLEY_HELP_SOURCES)
foreach(page IN LISTS PARLEY_HELP_PAGES)
  if(page STREQUAL "parley")
    list(APPEND PARLEY_HELP_SOURCES ${CMAKE_SOURCE_DIR}/man/parley.txt)
  else()
    list(APPEND PARLEY_HELP_SOURCES ${CMAKE_SOURCE_DIR}/man/parley-${page}.txt)
  endif()
endforeach()

# (passed to the scripts with ',' between the names: a ';' would end the shell command)
string(REPLACE ";" "," PARLEY_HELP_PAGE_ARG "${PARLEY_HELP_PAGES}")

set(PARLEY_HELP_C ${CMAKE_BINARY_DIR}/generated/help_text.c)
add_custom_command(
  OUTPUT ${PARLEY_HELP_C}
  COMMAND ${CMAKE_COMMAND} -DSRCDIR=${CMAKE_SOURCE_DIR}/man -DPAGES=${PARLEY_HELP_PAGE_ARG}
          -DOUTPUT=${PARLEY_HELP_C} -P ${CMAKE_SOURCE_DIR}/cmake/help-c.cmake
  DEPENDS ${PARLEY_HELP_SOURCES} ${CMAKE_SOURCE_DIR}/cmake/help-c.cmake
          ${CMAKE_SOURCE_DIR}/cmake/help-read.cmake
  COMMENT "Generating the help texts from man/*.txt"
  VERBATIM)
foreach(cli parley_cli parley_mpi)
  if(TARGET ${cli})
    target_sources(${cli} PRIVATE ${PARLEY_HELP_C})
    target_include_directories(${cli} PRIVATE ${CMAKE_SOURCE_DIR}/src/cli)
  endif()
endforeach()
