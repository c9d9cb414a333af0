# Runs the CLI on every file of the bad-input corpus (tests/data/bad):
# `parley validate FILE` and `parley validate - < FILE` must exit with status
# 1 (data error, as documented in `parley --help`) and print at least one
# error; `parley convert FILE
# out.json` must exit with status 1 and leave no file behind (neither
# out.json nor a temporary file).
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE ${TMP})
file(MAKE_DIRECTORY ${TMP})
file(GLOB corpus ${DATA}/bad/*.csv ${DATA}/bad/*.json ${DATA}/bad/*.txt ${DATA}/bad/*.xml)
list(LENGTH corpus n)
if(n LESS 60)
  message(SEND_ERROR "only ${n} files in the corpus, expected at least 60")
endif()
set(failures 0)
foreach(f IN LISTS corpus)
  get_filename_component(name ${f} NAME)
  execute_process(COMMAND ${PARLEY} validate ${f} WORKING_DIRECTORY ${TMP}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
  if(NOT status EQUAL 1 OR NOT err MATCHES "error: ")
    message(SEND_ERROR "validate ${name}: status ${status}, stderr:\n${err}")
    math(EXPR failures "${failures} + 1")
  endif()
  # the same through standard input: the stream reader (which stops at a
  # block holding a NUL byte) must give a located error too
  execute_process(COMMAND ${PARLEY} validate - INPUT_FILE ${f} WORKING_DIRECTORY ${TMP}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
  if(NOT status EQUAL 1 OR NOT err MATCHES "parley: -:" OR NOT err MATCHES "error: ")
    message(SEND_ERROR "validate - < ${name}: status ${status}, stderr:\n${err}")
    math(EXPR failures "${failures} + 1")
  endif()
  execute_process(COMMAND ${PARLEY} convert ${f} out.json WORKING_DIRECTORY ${TMP}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
  file(GLOB left RELATIVE ${TMP} ${TMP}/* ${TMP}/.*)
  if(NOT status EQUAL 1 OR left)
    message(SEND_ERROR "convert ${name}: status ${status}, files left: '${left}', stderr:\n${err}")
    math(EXPR failures "${failures} + 1")
    file(REMOVE_RECURSE ${TMP})
    file(MAKE_DIRECTORY ${TMP})
  endif()
endforeach()
message(STATUS "${n} corpus files, ${failures} failures")
