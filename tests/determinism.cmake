# Byte-identical ensembles and leverage tables whatever the number of
# threads or processes.
#   MODE=threads: OMP_NUM_THREADS = 1, 2, 16 (summary and per-replicate rows);
#                 a 400-actor expected utility forecast traced with 1 and 2 threads;
#                 an ensemble on experts' codings with -j 1 and -j 2;
#                 leverage with -j 1, 2, 3 and OMP_NUM_THREADS=2
#   MODE=mpi:     the MPI build as one plain process and under
#                 mpirun -np 2 and -np 3, against the plain build
# PARLEY, PARLEY_MPI, MPIEXEC, TMP are passed by tests/CMakeLists.txt.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE ${TMP})
file(MAKE_DIRECTORY ${TMP})
set(args ensemble -m mean,median,eu,exchange -n 1500 --seed 12345
  --noise position=normal:0.05 --noise salience=uniform:0.1 --noise capability=normal:0.1
  --noise DPRK.position=uniform:0.2 --drop-rate 0.05 --shock 0.05 --sweep eu.q=0.8,1
  --sweep exchange.p=0.5
  -f json -q)
# leverage: every model on the default scenario (every row), and the
# screened run restricted to some actors
set(lev_args leverage --top 0 -f json -q)
set(lev_screen leverage --top 0 -f json -q --actors USA,China,DPRK,ROK --actors Japan
  --top-actors 2 -m mean,eu,spatial)

function(run_case label out_var)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY ${TMP}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${label}: exit status ${status}\n${err}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

function(same label a b)
  if(NOT "${a}" STREQUAL "${b}")
    file(WRITE ${TMP}/expected.txt "${a}")
    file(WRITE ${TMP}/actual.txt "${b}")
    execute_process(COMMAND diff -u ${TMP}/expected.txt ${TMP}/actual.txt OUTPUT_VARIABLE d)
    message(FATAL_ERROR "${label} differs:\n${d}")
  endif()
endfunction()

run_case("plain build, 1 thread" ref ${CMAKE_COMMAND} -E env OMP_NUM_THREADS=1 ${PARLEY} ${args})
string(LENGTH "${ref}" len)
if(len LESS 1000)
  message(FATAL_ERROR "suspiciously short output:\n${ref}")
endif()

if(MODE STREQUAL "threads")
  run_case("1 thread, rows" ignored ${CMAKE_COMMAND} -E env OMP_NUM_THREADS=1 ${PARLEY} ${args} --rows rows1.csv)
  foreach(n 2 16)
    run_case("${n} threads" out ${CMAKE_COMMAND} -E env OMP_NUM_THREADS=${n} ${PARLEY} ${args} --rows rows${n}.csv)
    same("summary with ${n} threads" "${ref}" "${out}")
    file(READ ${TMP}/rows1.csv r1)
    file(READ ${TMP}/rows${n}.csv rn)
    same("per-replicate rows with ${n} threads" "${r1}" "${rn}")
  endforeach()
  # --threads overrides the environment
  run_case("--threads 3" out ${CMAKE_COMMAND} -E env OMP_NUM_THREADS=1 ${PARLEY} ${args} --threads 3)
  same("summary with --threads 3" "${ref}" "${out}")
  # One forecast large enough for the expected utility model to thread its
  # rounds (from 320 actors): the traced positions, risk exponents and moves
  # of 400 actors (distinct positions from a fixed formula) with 1 and 2 threads.
  set(csv "name,capability,position,salience\n")
  foreach(i RANGE 1 400)
    math(EXPR pos "(${i} * 7919) % 1001")
    math(EXPR sal "(${i} * 613) % 90 + 10")
    math(EXPR cap "(${i} * 331) % 99 + 1")
    string(APPEND csv "A${i},${cap},${pos},0.${sal}\n")
  endforeach()
  file(WRITE ${TMP}/eu400.csv "${csv}")
  set(eu_args forecast -m eu --preset scholz2011 --rounds 3 --trace -f json --sq-replicates 0 eu400.csv)
  run_case("eu 400 actors, 1 thread" eu1 ${CMAKE_COMMAND} -E env OMP_NUM_THREADS=1 ${PARLEY} ${eu_args})
  string(FIND "${eu1}" "\"A400\"" found)
  if(found EQUAL -1)
    message(FATAL_ERROR "the 400-actor forecast lacks its actors:\n${eu1}")
  endif()
  run_case("eu 400 actors, 2 threads" eu2 ${CMAKE_COMMAND} -E env OMP_NUM_THREADS=2 ${PARLEY} ${eu_args})
  same("eu 400-actor trace with 2 threads" "${eu1}" "${eu2}")
  # experts' codings drawn per cell and per expert (the draw has its own stream)
  set(experts ${CMAKE_CURRENT_LIST_DIR}/data/experts)
  foreach(draw cell expert)
    set(eargs ensemble -m mean,median,eu -n 1500 --seed 99 --experts --experts-draw ${draw}
      ${experts}/a.json ${experts}/b.csv ${experts}/c.json -f json -q)
    run_case("experts ${draw}, 1 thread" eref ${CMAKE_COMMAND} -E env OMP_NUM_THREADS=1 ${PARLEY} ${eargs})
    run_case("experts ${draw}, -j 2" out ${CMAKE_COMMAND} -E env OMP_NUM_THREADS=1 ${PARLEY} ${eargs} -j 2)
    same("experts ${draw} with 2 threads" "${eref}" "${out}")
  endforeach()
  foreach(lev lev_args lev_screen)
    run_case("${lev}, -j 1" lref ${CMAKE_COMMAND} -E env OMP_NUM_THREADS=1 ${PARLEY} ${${lev}} -j 1)
    string(LENGTH "${lref}" len)
    if(len LESS 1000)
      message(FATAL_ERROR "suspiciously short leverage output:\n${lref}")
    endif()
    foreach(j 2 3)
      run_case("${lev}, -j ${j}" out ${CMAKE_COMMAND} -E env OMP_NUM_THREADS=1 ${PARLEY} ${${lev}} -j ${j})
      same("${lev} with -j ${j}" "${lref}" "${out}")
    endforeach()
    run_case("${lev}, OMP_NUM_THREADS=2" out ${CMAKE_COMMAND} -E env OMP_NUM_THREADS=2 ${PARLEY} ${${lev}})
    same("${lev} with OMP_NUM_THREADS=2" "${lref}" "${out}")
  endforeach()
elseif(MODE STREQUAL "mpi")
  # Open MPI's own start-up allocations are reported as leaks by LeakSanitizer
  # in the sanitize build: not ours, so leak detection is off for these runs.
  run_case("MPI build, plain process" out ${CMAKE_COMMAND} -E env OMP_NUM_THREADS=2 ${PARLEY_MPI} ${args})
  same("MPI build as one process" "${ref}" "${out}")
  foreach(np 2 3)
    run_case("mpirun -np ${np}" out ${CMAKE_COMMAND} -E env OMP_NUM_THREADS=1 ASAN_OPTIONS=detect_leaks=0
      ${MPIEXEC} --allow-run-as-root --oversubscribe -np ${np} ${PARLEY_MPI} ${args})
    same("mpirun -np ${np}" "${ref}" "${out}")
  endforeach()
  foreach(lev lev_args lev_screen)
    run_case("${lev}, plain build" lref ${CMAKE_COMMAND} -E env OMP_NUM_THREADS=1 ${PARLEY} ${${lev}})
    run_case("${lev}, MPI build, plain process" out ${CMAKE_COMMAND} -E env OMP_NUM_THREADS=2 ${PARLEY_MPI} ${${lev}})
    same("${lev}, MPI build as one process" "${lref}" "${out}")
    foreach(np 1 2 3)
      run_case("${lev}, mpirun -np ${np}" out ${CMAKE_COMMAND} -E env OMP_NUM_THREADS=1 ASAN_OPTIONS=detect_leaks=0
        ${MPIEXEC} --allow-run-as-root --oversubscribe -np ${np} ${PARLEY_MPI} ${${lev}})
      same("${lev}, mpirun -np ${np}" "${lref}" "${out}")
    endforeach()
  endforeach()
else()
  message(FATAL_ERROR "MODE must be threads or mpi")
endif()
