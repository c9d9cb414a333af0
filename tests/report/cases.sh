#!/bin/sh
# parley report and the case library (found by a review):
#  - with --backtest --library DIR the combined forecast is scored by that same
#    backtest, once, on DIR (it ran a second backtest, on $PARLEY_CASES): its
#    verdict is what `parley forecast` prints with PARLEY_CASES=DIR, the same
#    models and seed -- here with $PARLEY_CASES naming another library;
#  - --experts prints the codings' diagnostics once (they came twice);
#  - a case library that cannot be read (a malformed case) leaves the
#    combined forecast unscored, not the command failed: forecast and report
#    exit 0, warn, and the verdict says why (docs/combine.md).
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
# a malformed case in $PARLEY_CASES
mkdir broken && printf '{"bad\n' >broken/x.json
why="$PWD/broken/x.json:1:5: invalid JSON: unexpected newline near '\"bad'"
for cmd in forecast report; do
    PARLEY_CASES=$PWD/broken "$parley" $cmd -o out.$cmd 2>err
    status=$?
    [ $status -eq 0 ] || { echo "FAIL: $cmd with a broken library: status $status"; fail=1; }
    w="parley: $cmd: warning: the combined forecast is not scored against the case library: $why"
    [ "$(cat err)" = "$w" ] || { printf 'FAIL: %s stderr\n%s\nexpected\n%s\n' $cmd "$(cat err)" "$w"; fail=1; }
done
tr -s ' \n' '  ' <out.forecast | grep -qF "Not scored against the case library: $why." ||
    { echo "FAIL: forecast's verdict"; fail=1; }
sed "s/&#39;/'/g; s/&quot;/\"/g" out.report | grep -qF "Not scored against the case library: $why." ||
    { echo "FAIL: report's verdict"; fail=1; }
exit $fail
