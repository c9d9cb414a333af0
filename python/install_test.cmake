# CTest python.installed: installs the build into a scratch prefix and
# checks the issue's promise from there, with no PARLEY_LIBRARY: the
# package imports from PREFIX/<PYDIR>, finds the installed libparley.so.0
# through the path the install recorded, prints the same JSON as the
# installed CLI, and a bad file raises ParleyError with line and column.
#   cmake -DBUILD=dir -DPREFIX=dir -DPYDIR=rel -DBINDIR=rel -DPYTHON=exe -DSOURCE=dir
#         [-DPRELOAD=libasan.so] -P install_test.cmake
# PRELOAD (a sanitize build): the sanitizer runtime, preloaded into python
# only (not into cmake, which hangs with it).
foreach(v BUILD PREFIX PYDIR BINDIR PYTHON SOURCE)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "install_test.cmake needs -D${v}=...")
  endif()
endforeach()
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD}" --prefix "${PREFIX}"
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(rc)
  message(FATAL_ERROR "cmake --install failed: ${err}")
endif()
if(IS_ABSOLUTE "${PYDIR}")
  set(pypath "${PYDIR}")
else()
  set(pypath "${PREFIX}/${PYDIR}")
endif()
set(preload)
if(PRELOAD)
  set(preload "LD_PRELOAD=${PRELOAD}" "ASAN_OPTIONS=detect_leaks=0")
endif()
set(run ${CMAKE_COMMAND} -E env --unset=PARLEY_LIBRARY "PYTHONPATH=${pypath}" ${preload}
        "${PYTHON}" -c)
set(scenario tests/data/bdm/ec_auto_emissions_1994.csv)

execute_process(COMMAND ${run} "import parley, parley._install as i; print(parley.__file__); print(i.LIBRARY)"
                WORKING_DIRECTORY "${SOURCE}" OUTPUT_VARIABLE where RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc OR NOT where MATCHES "^${PREFIX}/.*\n${PREFIX}/.*libparley\\.so\\.0\n$")
  message(FATAL_ERROR "the package or its library is not the installed one:\n${where}${err}")
endif()

execute_process(COMMAND ${run} "import parley; print(parley.forecast('${scenario}', models=['mean']).to_json(), end='')"
                WORKING_DIRECTORY "${SOURCE}" OUTPUT_VARIABLE py RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc)
  message(FATAL_ERROR "python3 -c 'import parley; ...' failed: ${err}")
endif()
execute_process(COMMAND "${PREFIX}/${BINDIR}/parley" forecast ${scenario} -m mean --format json
                WORKING_DIRECTORY "${SOURCE}" OUTPUT_VARIABLE cli RESULT_VARIABLE rc ERROR_QUIET)
if(rc OR NOT py STREQUAL cli)
  message(FATAL_ERROR "the installed package's JSON differs from the installed CLI's:\n${py}\n---\n${cli}")
endif()

execute_process(COMMAND ${run} "
import parley
try:
    parley.forecast('tests/data/bad/decide_nan_inf.txt')
except parley.ParleyError as e:
    print(e.file, e.line, e.column)
" WORKING_DIRECTORY "${SOURCE}" OUTPUT_VARIABLE bad RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc OR NOT bad STREQUAL "tests/data/bad/decide_nan_inf.txt 4 12\n")
  message(FATAL_ERROR "a bad file did not raise ParleyError with its line and column: ${bad}${err}")
endif()
message(STATUS "installed package OK: ${pypath}")
