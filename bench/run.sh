#!/bin/sh
# Runs every benchmark (bench/*.c) on an optimised build and prints one table.
#   bench/run.sh            full run (about two minutes on 2 cores)
#   bench/run.sh --quick    smaller ensembles
# Reference figures are those quoted in issue 5 for the same machine type.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DPARLEY_BENCH=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build build-bench -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
printf '%-48s %14s %16s %12s  %s\n' "benchmark" "parley" "reference" "ratio" "target"
for b in build-bench/bench/bench_*; do
  [ -x "$b" ] || continue
  "$b" "$@"
done
