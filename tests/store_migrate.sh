#!/bin/sh
# A run store of schema version 1, migrated (issue 15; docs/store.md,
# tests/data/store_v1/README.md).
# Usage: store_migrate.sh PARLEY FIXTURE_DIR WORKDIR (a scratch directory, emptied)
#  1. the current parley opens a copy of v1.db (migrating it to the current
#     schema) and answers `runs list`, `show` (every stored output), `diff`,
#     `export` and `chart` exactly as the v1 parley did (expected/);
#  2. a store on a read-only file system is not migrated: a clear I/O error
#     (exit 3) and the file unchanged (when this user may mount a tmpfs);
#  3. a schema newer than this parley knows is refused (exit 1), unchanged.
set -u
here=$(cd "$(dirname "$0")" && pwd)
parley=$1
fixture=$2
dir=$3
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir" || exit 1
fail=0
exp=$fixture/expected
cp "$fixture/v1.db" v1.db

# 1. the same answers after the migration
"$parley" runs --store v1.db list >list.txt 2>err.txt
[ $? -eq 0 ] || { echo "FAIL: runs list on the v1 store"; cat err.txt; fail=1; }
cmp -s list.txt "$exp/list.txt" || { echo "FAIL: runs list differs after the migration"; diff "$exp/list.txt" list.txt; fail=1; }
for f in "$exp"/show_*.txt; do
  b=$(basename "$f" .txt)
  run=$(echo "$b" | cut -d_ -f2)
  kind=$(echo "$b" | cut -d_ -f3)
  fmt=$(echo "$b" | cut -d_ -f4)
  "$parley" runs --store v1.db show "$run" --kind "$kind" --format "$fmt" >got.txt 2>err.txt
  cmp -s got.txt "$f" || { echo "FAIL: runs show $run --kind $kind --format $fmt differs"; cat err.txt; fail=1; }
done
for f in "$exp"/diff_*.txt; do
  b=$(basename "$f" .txt)
  a=$(echo "$b" | cut -d_ -f2)
  c=$(echo "$b" | cut -d_ -f3)
  "$parley" runs --store v1.db diff "$a" "$c" >got.txt 2>err.txt
  cmp -s got.txt "$f" || { echo "FAIL: runs diff $a $c differs"; diff "$f" got.txt; cat err.txt; fail=1; }
done
for f in "$exp"/export_*.json; do
  run=$(basename "$f" .json | cut -d_ -f2)
  "$parley" runs --store v1.db export "$run" >got.json 2>err.txt
  cmp -s got.json "$f" || { echo "FAIL: runs export $run differs"; cat err.txt; fail=1; }
done
# the chart is drawn by the running parley from the results (which
# test_store compares exactly before and after): its runs and one chart per
# issue (budget, and two_issues_gap's second issue)
"$parley" runs --store v1.db chart 1 2 7 >got.html 2>err.txt
[ $? -eq 0 ] || { echo "FAIL: runs chart 1 2 7"; cat err.txt; fail=1; }
[ "$(grep -c '<svg' got.html)" = 2 ] || { echo "FAIL: runs chart 1 2 7 lacks a chart per issue"; fail=1; }
for cmd in "parley forecast small.json -m all --store v1.db --store-level rounds" \
    "parley forecast small.json -m mean,median,eu --store v1.db --set health.budget.position=40" \
    "parley forecast two_issues_gap.json -m mean,exchange --seed 3 --store v1.db --store-level rounds"; do
  grep -qF "$cmd" got.html || { echo "FAIL: runs chart 1 2 7 lacks the run '$cmd'"; fail=1; }
done
# the migrated store takes new runs, numbered after the old ones
"$parley" forecast "$fixture/../cli/small.json" -m mean --store v1.db >/dev/null 2>err.txt
[ $? -eq 0 ] || { echo "FAIL: forecast into the migrated store"; cat err.txt; fail=1; }
grep -q "stored as run 8 " err.txt || { echo "FAIL: the new run is not run 8"; cat err.txt; fail=1; }

# 1b. the migration fills the typed summaries (schema 2) of the ensemble,
#     backtest and leverage runs from their version-1 JSON outputs, and they
#     match those outputs (store_typed.py beside this script; also recomputes
#     the backtest metrics from the per-issue errors)
if command -v python3 >/dev/null 2>&1; then
  for f in "$exp"/show_*_ensemble_json.txt "$exp"/show_*_leverage_json.txt \
    "$exp"/show_*_backtest_json.txt; do
    b=$(basename "$f" .txt)
    run=$(echo "$b" | cut -d_ -f2)
    kind=$(echo "$b" | cut -d_ -f3)
    python3 "$here/store_typed.py" v1.db "$run" "$kind" "$f" ||
      { echo "FAIL: the migrated $kind summaries of run $run"; fail=1; }
  done
fi

# 2. a read-only file system: not migrated, a clear error, v1 intact
mkdir -p ro
if mount -t tmpfs -o size=1m tmpfs ro 2>/dev/null; then
  cp "$fixture/v1.db" ro/v1.db
  mount -o remount,ro ro
  "$parley" runs --store ro/v1.db list >/dev/null 2>err.txt
  rc=$?
  [ $rc -eq 3 ] || { echo "FAIL: read-only v1 store: exit $rc, not 3"; cat err.txt; fail=1; }
  grep -q "a read-only file system or directory" err.txt || { echo "FAIL: no clear read-only error"; cat err.txt; fail=1; }
  cmp -s ro/v1.db "$fixture/v1.db" || { echo "FAIL: the read-only v1 store changed"; fail=1; }
  umount ro
else
  echo "note: cannot mount a tmpfs here; the read-only check is skipped"
fi

# 3. a newer schema is refused and left alone
cp v1.db newer.db
"$parley" runs --store newer.db list >/dev/null 2>&1
if command -v python3 >/dev/null 2>&1; then
  python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version = 99'); c.commit(); c.close()" newer.db
  cp newer.db newer.keep
  "$parley" runs --store newer.db list >/dev/null 2>err.txt
  rc=$?
  [ $rc -eq 1 ] || { echo "FAIL: newer schema: exit $rc, not 1"; cat err.txt; fail=1; }
  grep -q "schema version 99 is newer" err.txt || { echo "FAIL: no 'newer' message"; cat err.txt; fail=1; }
  cmp -s newer.db newer.keep || { echo "FAIL: the newer store changed"; fail=1; }
fi
exit $fail
