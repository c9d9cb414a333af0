#!/bin/sh
# parley report --experts (issue 14): the report of three experts' codings
# (tests/data/experts: a.json, b.csv, c.json) shows under "How sure" where
# they disagree most, worked by hand:
#   Russia's salience: A 0.5, B 40/100 = 0.4, C 0.7 -> 0.4 (#2) to 0.7 (#3),
#     range 0.3 = 30 % of the 0-1 scale, the widest;
#   China's salience: A 0.6, B 0.7, C 0.5 -> 0.5 (#3) to 0.7 (#2), 20 %.
#   tests/report/experts.sh PARLEY DATA_DIR SCRATCH
parley=$1 data=$2 tmp=$3
rm -rf "$tmp" && mkdir -p "$tmp" && cd "$tmp" || exit 1
fail=0
e=$data/experts
"$parley" report --no-interactive --experts "$e/a.json" "$e/b.csv" "$e/c.json" -o r.html 2>err ||
    { echo "FAIL: report --experts: status $?"; cat err; fail=1; }
has() { grep -q -- "$1" r.html || { echo "FAIL: r.html lacks: $1"; fail=1; }; }
has 'Where the experts disagree most'
has 'Russia: sanctions salience 0.4 (#2) to 0.7 (#3); China: sanctions salience 0.5 (#3) to 0.7 (#2);'
has 'the 9 widest of 9 values'
has 'The scenario is the median of several experts'
has "parley report --experts $e/a.json $e/b.csv $e/c.json"
# the first bar is 30 (%), the second 20
bars=$(sed -n '/id="chart-experts"/,/<\/svg>/p' r.html | grep -o 'font-size="11">[0-9.]*<' |
    head -2 | sed 's/.*>//; s/<//' | tr '\n' ' ')
[ "$bars" = "30 20 " ] || { echo "FAIL: first bars '$bars', expected '30 20 '"; fail=1; }
# one coding alone: no experts' section
"$parley" report --no-interactive "$e/a.json" -o one.html 2>/dev/null || fail=1
grep -q 'Where the experts disagree' one.html && { echo "FAIL: experts' chart without --experts"; fail=1; }
# mismatched codings: a located error, exit 1, no report written
"$parley" report --experts "$e/a.json" "$e/misspelt.json" -o bad.html 2>err
[ $? -eq 1 ] && [ ! -e bad.html ] && grep -q 'misspelt.json' err ||
    { echo "FAIL: mismatched experts"; cat err; fail=1; }
[ $fail -eq 0 ] && echo "report --experts: disagreement shown as worked by hand"
exit $fail
