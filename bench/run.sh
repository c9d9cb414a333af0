#!/bin/sh
# Builds the default preset (which builds every bench/NAME.c as bench_NAME)
# and runs every benchmark in name order.  `make bench` runs this.
#   bench/run.sh                      full run (a few minutes on 2 cores)
#   PARLEY_BENCH_QUICK=1 bench/run.sh smaller ensembles (10^5 instead of 10^6)
# The reference tools are not run here: their recorded figures are printed
# with their date and machine, never as ratios; bench/references.sh times
# them against parley in one run (bench/README.md).
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
for b in build/bench/bench_*; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b"
done
