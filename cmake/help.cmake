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
set(PARLEY_HELP_PAGES parley forecast ensemble leverage validate convert report backtest
  runs template)
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
# A help text may exceed the 4095 characters C11 (5.2.4.1) requires every
# compiler to support in one string literal (forecast's does); GCC and Clang
# have no such limit, so -Wpedantic's warning is off for this file only.
set_source_files_properties(${PARLEY_HELP_C} PROPERTIES COMPILE_OPTIONS -Wno-overlength-strings)
foreach(cli parley_cli parley_mpi)
  if(TARGET ${cli})
    target_sources(${cli} PRIVATE ${PARLEY_HELP_C})
    target_include_directories(${cli} PRIVATE ${CMAKE_SOURCE_DIR}/src/cli)
  endif()
endforeach()

# The man pages, in <build>/man: parley.1 and parley-COMMAND.1.
set(PARLEY_MAN_DIR ${CMAKE_BINARY_DIR}/man)
set(PARLEY_MAN_PAGES)
foreach(page IN LISTS PARLEY_HELP_PAGES)
  if(page STREQUAL "parley")
    list(APPEND PARLEY_MAN_PAGES ${PARLEY_MAN_DIR}/parley.1)
  else()
    list(APPEND PARLEY_MAN_PAGES ${PARLEY_MAN_DIR}/parley-${page}.1)
  endif()
endforeach()
add_custom_command(
  OUTPUT ${PARLEY_MAN_PAGES}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PARLEY_MAN_DIR}
  COMMAND ${CMAKE_COMMAND} -DSRCDIR=${CMAKE_SOURCE_DIR}/man -DPAGES=${PARLEY_HELP_PAGE_ARG}
          -DPARLEY=$<TARGET_FILE:parley_cli> -DVERSION=${PROJECT_VERSION} -DOUTDIR=${PARLEY_MAN_DIR}
          -P ${CMAKE_SOURCE_DIR}/cmake/help-man.cmake
  DEPENDS ${PARLEY_HELP_SOURCES} parley_cli ${CMAKE_SOURCE_DIR}/cmake/help-man.cmake
          ${CMAKE_SOURCE_DIR}/cmake/help-read.cmake
  COMMENT "Generating the man pages from man/*.txt"
  VERBATIM)
add_custom_target(parley_man ALL DEPENDS ${PARLEY_MAN_PAGES})

install(FILES ${PARLEY_MAN_PAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_SOURCE_DIR}/completion/parley.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME parley)

if(BUILD_TESTING)
  # the man pages render without a warning (groff -ww, else mandoc -T lint)
  add_test(NAME help.man_lint
           COMMAND sh ${CMAKE_SOURCE_DIR}/tests/help/man_lint.sh ${PARLEY_MAN_PAGES})
  # each man page's OPTIONS lists the options its command's getopt table accepts
  add_test(NAME help.man_options
           COMMAND sh ${CMAKE_SOURCE_DIR}/tests/help/man_options.sh ${CMAKE_SOURCE_DIR}
                   ${PARLEY_MAN_DIR} $<TARGET_FILE:parley_cli>)
  # every --help page fits 80 columns
  set(PARLEY_HELP_COMMANDS ${PARLEY_HELP_PAGES})
  list(REMOVE_ITEM PARLEY_HELP_COMMANDS parley)
  add_test(NAME help.width
           COMMAND sh ${CMAKE_SOURCE_DIR}/tests/help/width.sh $<TARGET_FILE:parley_cli>
                   ${PARLEY_HELP_COMMANDS})
  # bash completion: commands, options, model names, presets, --param keys
  add_test(NAME help.completion
           COMMAND bash ${CMAKE_SOURCE_DIR}/tests/help/completion.sh
                   ${CMAKE_SOURCE_DIR}/completion/parley.bash $<TARGET_FILE:parley_cli>)
endif()
