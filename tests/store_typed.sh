#!/bin/sh
# The typed summaries of the run store (issue 15; docs/store.md): an
# ensemble, a leverage and a backtest run stored with --store, then each
# table compared with the JSON output of the same run printed by another
# process (tests/store_typed.py; for the backtest, each case's and the
# library's metrics are also recomputed from the per-issue errors); `runs
# rm` removes the rows with the run.
# Usage: store_typed.sh PARLEY PYTHON3 SCRIPT_DIR WORKDIR (scratch, emptied)
set -u
parley=$1
python=$2
here=$3
dir=$4
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir" || exit 1
fail=0
run() { # run ID KIND ARGS...: store it as run ID, compare with its JSON output
  id=$1
  kind=$2
  shift 2
  "$parley" "$kind" "$@" --store t.db >/dev/null 2>err.txt ||
    { echo "FAIL: parley $kind $* --store"; cat err.txt; fail=1; }
  "$parley" "$kind" "$@" -f json >out.json 2>err.txt ||
    { echo "FAIL: parley $kind $* -f json"; cat err.txt; fail=1; }
  "$python" "$here/store_typed.py" t.db "$id" "$kind" out.json ||
    { echo "FAIL: the stored $kind summaries of run $id"; fail=1; }
}
run 1 ensemble -n 40 --seed 7
run 2 leverage --seed 3
run 3 backtest
count() {
  "$python" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" t.db "$1"
}
n=$(count "SELECT count(*) FROM ensemble_summaries")
[ "$n" -gt 0 ] || { echo "FAIL: no ensemble summaries stored"; fail=1; }
"$parley" runs --store t.db rm 1 >/dev/null 2>&1 || { echo "FAIL: runs rm 1"; fail=1; }
n=$(count "SELECT count(*) FROM ensemble_summaries")
[ "$n" -eq 0 ] || { echo "FAIL: runs rm left $n ensemble summaries"; fail=1; }
n=$(count "SELECT count(*) FROM backtest_metrics WHERE run_id = 3")
[ "$n" -gt 0 ] || { echo "FAIL: runs rm 1 removed run 3's metrics"; fail=1; }
[ $fail -eq 0 ] && echo "store_typed: ok"
exit $fail
