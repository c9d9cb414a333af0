#!/bin/sh
# An interrupted `parley ensemble --rows FILE` leaves no partial file: the
# rows go to a temporary file .FILE.tmp.PID.XXXXXXXX, which the CLI's
# SIGINT/SIGTERM handler removes before the signal ends the process.  Usage: signal_rows.sh PARLEY WORKDIR
set -u
parley=$1
dir=$2
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
fail=0
# (not INT: a non-interactive shell starts background jobs with SIGINT ignored,
# and the CLI rightly leaves an ignored signal alone)
for sig in TERM HUP; do
    # 2^40 replicates: far more than the test waits for
    "$parley" ensemble -n 1099511627776 -m mean -q -j 1 -o big.json --rows big.csv &
    pid=$!
    i=0
    tmp=
    while [ -z "$tmp" ] && [ $i -lt 200 ]; do
        sleep 0.02
        i=$((i + 1))
        for f in .big.csv.tmp.$pid.*; do [ -s "$f" ] && tmp=$f; done
    done
    if [ -z "$tmp" ]; then
        echo "SIG$sig: the temporary file .big.csv.tmp.$pid.* never appeared"
        kill -KILL $pid 2>/dev/null
        exit 1
    fi
    kill -s $sig $pid
    wait $pid
    status=$?
    left=$(ls -A)
    if [ -n "$left" ]; then
        echo "SIG$sig: files left behind: $left"
        fail=1
        rm -f big.*
    fi
    # killed by the signal (status 128 + its number), not a normal exit
    if [ $status -le 128 ]; then
        echo "SIG$sig: exit status $status, expected death by the signal"
        fail=1
    fi
done
exit $fail
