#!/bin/sh
# The run store from the command line (issue 15; docs/store.md).
# Usage: store.sh PARLEY SMALL_JSON WORKDIR (a scratch directory, emptied)
#  1. forecast twice with a what-if in between, then `runs diff 1 2` shows
#     the changed value and how the forecast moved (hand calculation below);
#  2. `runs show` reprints exactly what the forecast printed, in each format,
#     without re-running; `runs export` gives a scenario that reproduces it;
#  3. a file that is not a parley store (exit 1), a symbolic link (exit 3),
#     `-o` onto the store (exit 2): the forecast is still printed (1, 3),
#     and nothing already stored is lost or replaced;
#  4. four concurrent writers lose nothing; an ensemble killed with SIGKILL
#     leaves a sound store without a run of it;
#  5. a full disk (a 160 KiB tmpfs, when this user may mount one) is exit 3,
#     the forecast is printed and the runs already stored stay readable;
#  6. runs rm, and a run number the store does not hold (exit 2).
# (and `runs chart` draws the runs, after 2; `report --runs` refuses a run
# not stored or named twice.)
#  7. ensemble, backtest, report and leverage store their runs; `runs show`
#     reprints them;
#  8. a stored scenario that no longer reads is a data error naming the run
#     (exit 1), not exported;
#  9. an ensemble at --store-level rounds is recorded as level run;
# 10. `runs export` of a run on several experts' codings warns that the
#     export is their median table (parley_store_export), and still exports.
set -u
parley=$1
small=$2
dir=$3
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir" || exit 1
fail=0
check() { # check DESCRIPTION EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then echo "FAIL: $1: expected '$2', got '$3'"; fail=1; fi
}

# 1. two runs, a what-if in between.  small.json: weights c x s = 45, 24, 8;
# mean (45 x 12.5 + 24 x 55 + 8 x 35)/77 = 28.08, with health at 40:
# (45 x 12.5 + 24 x 40 + 8 x 35)/77 = 23.41, a change of -4.68.
"$parley" forecast "$small" -m mean --store runs.db >out1.txt 2>err1.txt
check "first run" 0 $?
grep -q "forecast stored as run 1 in runs.db" err1.txt || { echo "FAIL: no 'stored as run 1'"; fail=1; }
"$parley" forecast "$small" -m mean --store runs.db --set health.budget.position=40 >/dev/null 2>&1
check "what-if run" 0 $?
"$parley" runs --store runs.db diff 1 2 >diff.txt
check "diff" 0 $?
grep -q "^  actor health, issue budget, position: 55 -> 40$" diff.txt || { echo "FAIL: diff lacks the change"; cat diff.txt; fail=1; }
grep -q "^  budget  *mean  *28.08  *23.41  *-4.68$" diff.txt || { echo "FAIL: diff lacks the forecast move"; cat diff.txt; fail=1; }
n=$("$parley" runs --store runs.db list | grep -c " forecast ")
check "list" 2 "$n"

# 2. show reprints the forecast exactly; export reproduces it.
for f in table json csv; do
  "$parley" forecast "$small" -m mean -f "$f" >want.$f 2>/dev/null
  "$parley" runs --store runs.db show 1 -f "$f" >got.$f
  cmp -s want.$f got.$f || { echo "FAIL: runs show 1 -f $f differs from the forecast"; fail=1; }
done
"$parley" runs --store runs.db show 2 | grep -q "^parley [0-9.]* what-if$" || { echo "FAIL: run 2 is not shown as a what-if"; fail=1; }
PARLEY_STORE=runs.db "$parley" runs export 2 -o exported.json
check "export" 0 $?
"$parley" forecast exported.json -m mean -f csv >re.csv 2>/dev/null
grep -q "^budget,mean,ok,23.40909090909091," re.csv || { echo "FAIL: the exported scenario does not reproduce run 2"; cat re.csv; fail=1; }

# a dropped actor: the stored scenario lacks it, and it reads back
"$parley" forecast "$small" -m mean --store runs.db --drop schools >/dev/null 2>&1
check "drop run" 0 $?
"$parley" runs --store runs.db diff 1 3 >diff3.txt
check "diff with a dropped actor" 0 $?
grep -q "^  actor schools dropped$" diff3.txt || { echo "FAIL: diff lacks the dropped actor"; cat diff3.txt; fail=1; }
"$parley" runs --store runs.db rm 3 2>/dev/null

# the runs chart: one chart per issue (small.json has one), both runs listed
"$parley" runs --store runs.db chart 1 2 -o chart.html
check "chart" 0 $?
check "charts in the page" 1 "$(grep -c '<svg' chart.html)"
grep -q -- "--set health.budget.position=40" chart.html || { echo "FAIL: chart lacks run 2's command"; fail=1; }

"$parley" report --store runs.db --runs 1,2 -o report_runs.html
check "report --runs" 0 $?
cmp -s chart.html report_runs.html || { echo "FAIL: report --runs differs from runs chart"; fail=1; }
# a run not stored, a run named twice: usage errors (exit 2) with the
# command's prefix and the --help hint; nothing written
for ids in 1,99 1,1; do
  "$parley" report --store runs.db --runs $ids -o bad_runs.html 2>bad_runs.err
  check "report --runs $ids" 2 $?
  grep -q "^parley: report: \(runs.db: \)\?run store: " bad_runs.err || { echo "FAIL: report --runs $ids"; cat bad_runs.err; fail=1; }
  grep -q "^Try 'parley report --help'.$" bad_runs.err || { echo "FAIL: report --runs $ids: no hint"; fail=1; }
  [ ! -e bad_runs.html ] || { echo "FAIL: report --runs $ids wrote a file"; fail=1; }
done

# 3. not a store, a link, -o onto the store
printf 'issue,outcome\n' >notes.csv
cp notes.csv notes.keep
"$parley" forecast "$small" -m mean --store notes.csv >out3.txt 2>err3.txt
check "not a store: exit" 1 $?
grep -q "^Issue 1 of 1: budget" out3.txt || { echo "FAIL: forecast not printed when the store failed"; fail=1; }
grep -q "not a parley store" err3.txt || { echo "FAIL: no 'not a parley store'"; cat err3.txt; fail=1; }
cmp -s notes.csv notes.keep || { echo "FAIL: the foreign file changed"; fail=1; }
ln -s runs.db link.db
"$parley" forecast "$small" -m mean --store link.db >/dev/null 2>err4.txt
check "symbolic link: exit" 3 $?
grep -q "symbolic link" err4.txt || { echo "FAIL: no 'symbolic link'"; cat err4.txt; fail=1; }
cp runs.db runs.keep
"$parley" forecast "$small" -m mean --store runs.db -o runs.db >/dev/null 2>&1
check "-o onto the store: exit" 2 $?
cmp -s runs.db runs.keep || { echo "FAIL: -o onto the store changed it"; fail=1; }

# 4. four concurrent writers
for k in 1 2 3 4; do
  "$parley" forecast "$small" -m mean,median --store runs.db --seed "$k" >/dev/null 2>&1 &
done
wait
n=$("$parley" runs --store runs.db list | grep -c " forecast ")
check "concurrent writers" 6 "$n"

# 4b. an ensemble killed with SIGKILL while it runs leaves the store sound,
# with no run of it (it stores only when it has finished)
"$parley" ensemble -m eu -n 1000000 --store runs.db >/dev/null 2>&1 &
pid=$!
sleep 1
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
n=$("$parley" runs --store runs.db list | grep -c " ensemble ")
check "runs of a killed ensemble" 0 "$n"
if python3 -c "import sqlite3" 2>/dev/null; then
  ok=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])" runs.db)
  check "integrity after a killed ensemble" ok "$ok"
fi

# 5. a full disk
mkdir -p tiny
if mount -t tmpfs -o size=160k tmpfs tiny 2>/dev/null; then
  "$parley" forecast "$small" -m mean --store tiny/runs.db >/dev/null 2>&1
  check "store on the small disk" 0 $?
  dd if=/dev/zero of=tiny/fill bs=4k 2>/dev/null
  "$parley" forecast -m all --store tiny/runs.db >out5.txt 2>err5.txt
  check "full disk: exit" 3 $?
  grep -q "^Issue 1 of 6" out5.txt || { echo "FAIL: forecast not printed on a full disk"; fail=1; }
  grep -q "the disk is full" err5.txt || { echo "FAIL: no full-disk message"; cat err5.txt; fail=1; }
  rm -f tiny/fill
  n=$("$parley" runs --store tiny/runs.db list | grep -c " forecast ")
  check "runs kept after a full disk" 1 "$n"
  umount tiny
else
  echo "note: cannot mount a tmpfs here; the full-disk check is skipped"
fi

# 7. ensemble, backtest and report record their runs too, reprinted exactly
st2=cmds.db
"$parley" ensemble "$small" -m mean -n 50 --store $st2 >ens.txt 2>/dev/null
check "ensemble --store" 0 $?
"$parley" runs --store $st2 show 1 >ens_show.txt
cmp -s ens.txt ens_show.txt || { echo "FAIL: runs show of an ensemble differs"; fail=1; }
"$parley" backtest "$small" --outcomes "$(dirname "$small")/outcomes.csv" -m mean -f json --store $st2 >bt.json 2>/dev/null
check "backtest --store" 0 $?
"$parley" runs --store $st2 show 2 -f json >bt_show.json
cmp -s bt.json bt_show.json || { echo "FAIL: runs show of a backtest differs"; fail=1; }
"$parley" report "$small" -m mean --store $st2 -o rep.html 2>/dev/null
check "report --store" 0 $?
"$parley" runs --store $st2 show 3 >rep_show.html
cmp -s rep.html rep_show.html || { echo "FAIL: runs show of a report differs"; fail=1; }
check "runs of three commands" 3 "$("$parley" runs --store $st2 list | grep -c ' ok$')"
PARLEY_STORE=env.db "$parley" backtest "$small" --outcomes "$(dirname "$small")/outcomes.csv" -m mean >/dev/null 2>&1
check "backtest stores through PARLEY_STORE" 1 "$("$parley" runs --store env.db list | grep -c ' backtest ')"
"$parley" leverage "$small" -m mean --store $st2 >lev.txt 2>/dev/null
check "leverage --store" 0 $?
"$parley" runs --store $st2 show 4 >lev_show.txt
cmp -s lev.txt lev_show.txt || { echo "FAIL: runs show of a leverage differs"; fail=1; }

# 8. a stored scenario that no longer reads: runs export (and diff) refuse
# it with a data error naming the run (exit 1) instead of passing it on
if python3 -c "import lzma, sqlite3" 2>/dev/null; then
  cp runs.db bad.db
  python3 - bad.db <<'PY'
import lzma, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
t = b'{"actors": [1, 2'
z = lzma.compress(t, format=lzma.FORMAT_RAW,
                  filters=[{"id": lzma.FILTER_LZMA2, "preset": 2, "dict_size": 4096}])
cur = c.execute("INSERT INTO texts (base, size, body) VALUES (NULL, ?, ?)", (len(t), z))
c.execute("UPDATE scenarios SET text_id = ? WHERE id = (SELECT scenario_id FROM runs WHERE id = 2)",
          (cur.lastrowid,))
c.commit()
PY
  "$parley" runs --store bad.db export 2 -o bad.json 2>err8.txt
  check "export of a corrupt scenario: exit" 1 $?
  grep -q "run 2: its stored scenario does not read (run 2 scenario:1:" err8.txt || { echo "FAIL: no clear error for a corrupt scenario"; cat err8.txt; fail=1; }
  [ ! -e bad.json ] || { echo "FAIL: a corrupt scenario was exported"; fail=1; }
fi

# 6. rm and a missing run
"$parley" runs --store runs.db rm 1 2>/dev/null
check "rm" 0 $?
"$parley" runs --store runs.db show 1 >/dev/null 2>err6.txt
check "missing run: exit" 2 $?
grep -q "no run 1 " err6.txt || { echo "FAIL: no 'no run 1'"; cat err6.txt; fail=1; }
grep -q "^Try 'parley runs --help'.$" err6.txt || { echo "FAIL: a missing run's usage error has no Try line"; cat err6.txt; fail=1; }
"$parley" runs --store missing.db list >/dev/null 2>&1
check "missing store: exit" 3 $?
[ ! -e missing.db ] || { echo "FAIL: runs list created a store"; fail=1; }
# 9. an ensemble at --store-level rounds keeps no rounds and is recorded
#    as level run, not rounds (what `runs` and parley.Store report)
if command -v sqlite3 >/dev/null 2>&1; then
  "$parley" ensemble "$small" -m mean -n 5 --store lv.db --store-level rounds >/dev/null 2>&1
  check "ensemble --store-level rounds: exit" 0 $?
  check "ensemble --store-level rounds: level" run "$(sqlite3 lv.db 'SELECT level FROM runs')"
fi
# 10. the export of an --experts run
experts=$(dirname "$small")/../experts
"$parley" forecast --experts "$experts/a.json" "$experts/c.json" -m mean --store ex.db >/dev/null 2>&1
check "forecast --experts --store: exit" 0 $?
"$parley" runs --store ex.db export 1 -o ex.json 2>err10.txt
check "export of an --experts run: exit" 0 $?
check "export of an --experts run: warning" "parley: runs: warning: run 1 used several experts' codings; the export is their median table, which reproduces a forecast but not an ensemble's draws from the codings" "$(cat err10.txt)"
[ -s ex.json ] || { echo "FAIL: the --experts run was not exported"; fail=1; }
exit $fail
