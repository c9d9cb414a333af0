# Same source, same bytes (issue 17): compiles the WebAssembly module again
# with the build's arguments (ARGS, '|'-separated, run in SOURCE) into TMP
# and compares it with the module the build embedded (BUILT).
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE ${TMP})
file(MAKE_DIRECTORY ${TMP})
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs
    ${EMCC} ${args} -o ${TMP}/parley.wasm
  WORKING_DIRECTORY ${SOURCE} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "emcc failed (${rc}):\n${err}")
endif()
file(SHA256 ${BUILT} built)
file(SHA256 ${TMP}/parley.wasm again)
file(SIZE ${BUILT} size)
if(NOT built STREQUAL again)
  message(FATAL_ERROR "the module compiled again differs: ${again} vs the build's ${built}")
endif()
message(STATUS "parley.wasm: ${size} bytes, SHA-256 ${built}, the same when compiled again")
