# The size budget of the interactive report (issue 17): `parley report` on
# the default scenario (interactive by default when the WebAssembly module
# is built in) must stay under BUDGET bytes, so that it travels as an e-mail
# attachment.  Fails when the page is not the interactive one (no module).
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE ${TMP})
file(MAKE_DIRECTORY ${TMP})
execute_process(COMMAND ${PARLEY} report -o ${TMP}/report.html
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "parley report failed (${rc}):\n${err}")
endif()
file(READ ${TMP}/report.html html)
string(FIND "${html}" "id=\"parley-live-module\"" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the default report is not interactive (no module): the budget covers the interactive page")
endif()
file(SIZE ${TMP}/report.html size)
if(NOT size LESS BUDGET)
  message(FATAL_ERROR "the interactive report is ${size} bytes; the budget is under ${BUDGET}")
endif()
message(STATUS "interactive report: ${size} bytes (budget: under ${BUDGET})")
