#!/bin/sh
# `parley template` writes files that `parley forecast` and `validate` take
# at once, in every format and size (issue 14: "filling it in and running
# parley forecast on it works at once"); an existing file is not replaced.
# Usage: template_forecast.sh PARLEY SCRATCH_DIR
set -u
parley=$1
tmp=$2
rm -rf "$tmp"
mkdir -p "$tmp"
cd "$tmp" || exit 1
fail=0
for ext in json csv; do
    for size in "1 1" "3 1" "4 2" "7 3"; do
        set -- $size
        f=t_$1x$2.$ext
        if ! "$parley" template -o "$f" --actors "$1" --issues "$2"; then
            echo "FAIL: template -o $f --actors $1 --issues $2"; fail=1; continue
        fi
        "$parley" validate "$f" >/dev/null 2>validate.err ||
            { echo "FAIL: validate $f"; cat validate.err; fail=1; }
        # every model (nbs on a table: no status quo, reported, not an error)
        "$parley" forecast "$f" >/dev/null 2>forecast.err ||
            { echo "FAIL: forecast $f"; cat forecast.err; fail=1; }
        "$parley" ensemble -n 50 -q "$f" >/dev/null 2>ensemble.err ||
            { echo "FAIL: ensemble $f"; cat ensemble.err; fail=1; }
    done
done
# By hand, the 3-actor table: positions 0, 50, 100, saliences 50, capabilities
# 35, 25, 15: the mean is (25 x 50 + 15 x 100) / 75 = 2750 / 75 = 36.666...
got=$("$parley" forecast -m mean -f csv t_3x1.csv 2>/dev/null | tr -d '\r' | awk -F, 'NR == 2 { print $4 }')
[ "$got" = "36.666666666666664" ] || { echo "FAIL: mean of the 3-actor template is '$got'"; fail=1; }
# the JSON template has a status quo: the Nash bargaining solution runs
"$parley" forecast -m nbs -f csv t_3x1.json 2>/dev/null | tr -d '\r' | grep -q '^issue1,nbs,ok,' ||
    { echo "FAIL: nbs does not run on the JSON template"; fail=1; }
# the .xlsx template: the JSON template's content in the sheets Actors and
# Issues, read back with openpyxl when a python3 has it
"$parley" template -o t.xlsx --actors 3 --issues 2 || { echo "FAIL: template -o t.xlsx"; fail=1; }
for py in python3 /usr/bin/python3; do
    if "$py" -c 'import openpyxl' 2>/dev/null; then
        "$py" - <<'PY' || { echo "FAIL: t.xlsx content"; fail=1; }
import openpyxl
wb = openpyxl.load_workbook("t.xlsx")
actors = list(wb["Actors"].iter_rows(values_only=True))
assert actors[0] == ("Actor", "Description", "Capability", "Position issue1", "Salience issue1",
                     "Position issue2", "Salience issue2"), actors[0]
# positions ((a + i) mod 3) x 50, saliences 50, capabilities 35, 25, 15
assert [r[2:] for r in actors[1:]] == [(35, 0, 50, 50, 50), (25, 50, 50, 100, 50),
                                       (15, 100, 50, 0, 50)], actors
issues = list(wb["Issues"].iter_rows(values_only=True))
assert [r[:6] for r in issues[1:]] == [("issue1", issues[1][1], 0, 100, 50, None),
                                       ("issue2", issues[2][1], 0, 100, 50, None)], issues
PY
        break
    fi
done
# the .xlsx template reads back as the JSON template (Issues and Scenario
# sheets: bounds, labels, status quo, name) and forecasts at once
"$parley" template -o t_3x2.json --actors 3 --issues 2 &&
    "$parley" convert t_3x2.json t_json.json && "$parley" convert t.xlsx t_xlsx.json &&
    cmp -s t_json.json t_xlsx.json || { echo "FAIL: t.xlsx does not read as the JSON template"; fail=1; }
"$parley" forecast -m nbs -f csv t.xlsx 2>/dev/null | tr -d '\r' | grep -q '^issue1,nbs,ok,' ||
    { echo "FAIL: nbs does not run on the .xlsx template"; fail=1; }
# an existing file is not replaced; --force replaces it
echo keep >keep.csv
if "$parley" template -o keep.csv 2>/dev/null; then echo "FAIL: replaced keep.csv"; fail=1; fi
[ "$(cat keep.csv)" = keep ] || { echo "FAIL: keep.csv changed"; fail=1; }
"$parley" template -o keep.csv --force || { echo "FAIL: --force"; fail=1; }
head -1 keep.csv | grep -q '^Actor,Capability,Position' || { echo "FAIL: --force did not write"; fail=1; }
[ $fail -eq 0 ] && echo "template: every template forecasts at once"
exit $fail
