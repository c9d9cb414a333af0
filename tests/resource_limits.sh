#!/bin/sh
# parley never takes the machine down: regression tests of issue 10's
# resource faults.
# Usage: resource_limits.sh PARLEY SMALL_JSON WORKDIR (a scratch directory, emptied)
#  5. OMP_NUM_THREADS is checked like -j (1 to 1024): 100000 (which crashed
#     the OpenMP runtime), 0 and text are usage errors (exit 2) naming the
#     variable, for ensemble and report; 1024 threads asked for a
#     10-replicate run start one thread and finish at once; a valid value
#     gives the same numbers as -j 1.
set -u
parley=$1
small=$2
dir=$3
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
fail=0
bad() {
    echo "FAIL: $*"
    fail=1
}

# ---- 5. OMP_NUM_THREADS
for v in 100000 0 abc 2,0 -1; do
    for cmd in "ensemble -m mean -n 10 -q" "report -m mean --ensemble 10 -o r.html"; do
        OMP_NUM_THREADS=$v "$parley" $cmd >out.txt 2>err.txt
        st=$?
        [ "$st" = 2 ] || bad "OMP_NUM_THREADS=$v $cmd: exit $st, expected 2"
        grep -q "OMP_NUM_THREADS must be a whole number from 1 to 1024" err.txt ||
            bad "OMP_NUM_THREADS=$v $cmd: no message naming the variable: $(cat err.txt)"
        [ ! -e r.html ] || bad "OMP_NUM_THREADS=$v $cmd wrote r.html"
    done
done
"$parley" ensemble "$small" -m mean,median -n 600 -q -j 1 >one.txt 2>/dev/null ||
    bad "ensemble -j 1 failed"
OMP_NUM_THREADS=3 "$parley" ensemble "$small" -m mean,median -n 600 -q >env.txt 2>/dev/null ||
    bad "OMP_NUM_THREADS=3 ensemble failed"
cmp -s one.txt env.txt || bad "OMP_NUM_THREADS=3 gives other numbers than -j 1"
# 1024 threads for one block of work: one thread runs, so it is fast
# (starting 1024 threads each with a worker took seconds)
OMP_NUM_THREADS=1024 "$parley" ensemble "$small" -m mean -n 10 -q >/dev/null 2>err.txt ||
    bad "OMP_NUM_THREADS=1024 ensemble -n 10 failed: $(cat err.txt)"
"$parley" ensemble "$small" -m mean -n 10 -q -j 1024 >/dev/null 2>err.txt ||
    bad "ensemble -n 10 -j 1024 failed: $(cat err.txt)"

[ "$fail" = 0 ] && echo "all resource-limit checks passed"
exit "$fail"
