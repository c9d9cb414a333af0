#!/bin/sh
# Builds parley with optimisation in build-bench/ and runs every benchmark.
# Usage: bench/run.sh [REPEATS]   (from the project's root)
set -eu
cd "$(dirname "$0")/.."
repeats=${1:-20}
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build-bench -j2 >/dev/null
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -m), $(nproc) cores"
# Exchange model, 10 rounds, default parameters (equal gain, ties by order).
# Inputs: the Decide test fixtures (GPL-3.0, tests/data/decide/; read, not shipped).
for s in sample_data copenhagen cop21; do
  build-bench/bench_exchange tests/data/decide/$s.json "$repeats"
done
for s in sample_data copenhagen cop21; do
  printf 'quirks=decide: '
  build-bench/bench_exchange tests/data/decide/$s.json "$repeats" decide
done
