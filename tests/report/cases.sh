#!/bin/sh
# parley report and the case library (found by a review):
#  - with --backtest --library DIR the combined forecast is scored by that same
#    backtest, once, on DIR (it ran a second backtest, on $PARLEY_CASES): its
#    verdict is what `parley forecast` prints with PARLEY_CASES=DIR, the same
#    models and seed -- here with $PARLEY_CASES naming another library;
#  - --experts prints the codings' diagnostics once (they came twice).
#   tests/report/cases.sh PARLEY DATA_DIR SCRATCH
parley=$1 data=$2 tmp=$3
rm -rf "$tmp" && mkdir -p "$tmp" && cd "$tmp" || exit 1
fail=0
lib=$data/backtest
mkdir other && cp "$data/cli/small.json" other/
# the verdict: one line of the HTML, a paragraph of the table (joined)
verdict() { grep -o 'On the case library ([0-9]* issues)[^<]*' "$1" | head -1 | sed "s/&#39;/'/g"; }
PARLEY_CASES=$lib "$parley" forecast --seed 5 >f.txt 2>err ||
    { echo "FAIL: forecast: status $?"; cat err; fail=1; }
awk '/On the case library \(/ { on = 1 } on && /^ *$/ { exit } on' f.txt | tr -s ' \n' '  ' |
    sed 's/^ *//; s/ *$//' >f1.txt
want=$(verdict f1.txt)
[ -n "$want" ] || { echo "FAIL: forecast prints no verdict"; cat f.txt; fail=1; }
PARLEY_CASES=$PWD/other "$parley" report --no-interactive --seed 5 --backtest --library "$lib" \
    -o r.html 2>err || { echo "FAIL: report --backtest --library: status $?"; cat err; fail=1; }
got=$(verdict r.html)
[ "$got" = "$want" ] || { printf 'FAIL: report verdict\n  %s\nforecast verdict\n  %s\n' "$got" "$want"; fail=1; }
# --experts: b.csv's note once
e=$data/experts
"$parley" report --no-interactive -m mean,median --experts "$e/a.json" "$e/b.csv" "$e/c.json" \
    -o x.html 2>err || { echo "FAIL: report --experts: status $?"; cat err; fail=1; }
n=$(grep -c 'b.csv: note: salience scale inferred' err)
[ "$n" -eq 1 ] || { echo "FAIL: report --experts printed b.csv's note $n times"; cat err; fail=1; }
exit $fail
