#!/bin/sh
# parley never takes the machine down: regression tests of issue 10's
# resource faults.
# Usage: resource_limits.sh PARLEY SMALL_JSON WORKDIR (a scratch directory, emptied)
#  5. OMP_NUM_THREADS is checked like -j (1 to 1024): 100000 (which crashed
#     the OpenMP runtime), 0 and text are usage errors (exit 2) naming the
#     variable, for ensemble and report; 1024 threads asked for a
#     10-replicate run start one thread and finish at once; a valid value
#     gives the same numbers as -j 1.
#  7. the memory bound: a generated 4-actor x 10,000-issue scenario (the
#     exchange model would need about 7 GB (6.5 GiB, above the 1 GiB limit
#     given); it took the machine's 23 GB before) is refused at once with a data error (exit 1) stating the
#     estimate and the limit; with a small --max-memory a normal case is
#     refused by forecast, ensemble, leverage and report, showing both
#     numbers; a malformed size is a usage error (exit 2).
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

# ---- 7. memory bound
awk 'BEGIN {
    n = 4; m = 10000
    printf "{\"parley\": 1, \"name\": \"4 x 10000\", \"salience_scale\": 100, \"issues\": ["
    for (k = 0; k < m; ++k) printf "%s{\"name\": \"i%d\", \"scale\": {\"min\": 0, \"max\": 100}}", k ? "," : "", k
    printf "], \"actors\": ["
    for (a = 0; a < n; ++a) {
        printf "%s{\"name\": \"a%d\", \"capability\": %d, \"values\": {", a ? "," : "", a, 10 + 20 * a
        for (k = 0; k < m; ++k) printf "%s\"i%d\": {\"position\": %d, \"salience\": %d}", k ? "," : "", k, (k * 37 + a * 11) % 101, 10 + (k * 13 + a * 7) % 91
        printf "}}"
    }
    printf "]}\n"
}' >big.json
start=$(date +%s)
"$parley" forecast big.json -m exchange --max-memory 1G >out.txt 2>err.txt
st=$?
end=$(date +%s)
[ "$st" = 1 ] || bad "4 x 10000 exchange: exit $st, expected 1: $(cat err.txt)"
grep -q "the run needs an estimated .* GiB (.* bytes) of memory (exchange model (equal gain) on 4 actors x 10000 issues), more than the limit of 1.0 GiB (1073741824 bytes)" err.txt ||
    bad "4 x 10000 exchange: no estimate and limit in: $(cat err.txt)"
[ $((end - start)) -lt 60 ] || bad "4 x 10000 exchange took $((end - start)) s to be refused"
[ ! -s out.txt ] || bad "4 x 10000 exchange printed a forecast"
for cmd in "forecast" "ensemble -n 10 -q" "leverage" "report -o r.html"; do
    "$parley" $cmd "$small" -m mean --max-memory 1K >out.txt 2>err.txt
    st=$?
    [ "$st" = 1 ] || bad "$cmd --max-memory 1K: exit $st, expected 1"
    grep -q "the run needs an estimated .* KiB (.* bytes) of memory (compromise (weighted mean) on 3 actors x 1 issues), more than the limit of 1.0 KiB (1024 bytes)" err.txt ||
        bad "$cmd --max-memory 1K: no estimate and limit in: $(cat err.txt)"
    [ ! -e r.html ] || bad "$cmd --max-memory 1K wrote r.html"
    "$parley" $cmd "$small" -m mean --max-memory 1 >out.txt 2>err.txt
    grep -q "more than the limit of 1 byte; refused" err.txt ||
        bad "$cmd --max-memory 1: the limit is not '1 byte' in: $(cat err.txt)"
    "$parley" $cmd "$small" -m mean --max-memory 64M >out.txt 2>err.txt ||
        bad "$cmd --max-memory 64M failed: $(cat err.txt)"
    rm -f r.html
done
for v in 0 -1 12Q 1.5G "" 99999999999T; do
    "$parley" forecast "$small" --max-memory "$v" >out.txt 2>err.txt
    st=$?
    [ "$st" = 2 ] || bad "--max-memory '$v': exit $st, expected 2"
done

[ "$fail" = 0 ] && echo "all resource-limit checks passed"
exit "$fail"
