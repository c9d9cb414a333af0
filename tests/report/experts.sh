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
# --ensemble draws each replicate's table from the codings, as parley ensemble
# --experts: same seed, N and model => the report's median and 90 % interval
# are the ensemble's quantiles (perturbing the median table instead gave
# 44.63 to 58.43 here, against 39.57 to 65.89 drawn from the codings)
"$parley" report --no-interactive --experts "$e/a.json" "$e/b.csv" "$e/c.json" -m mean \
    --ensemble 300 --seed 7 -o ens.html 2>err ||
    { echo "FAIL: report --experts --ensemble: status $?"; cat err; fail=1; }
"$parley" ensemble -q -f json -m mean -n 300 --seed 7 --experts "$e/a.json" "$e/b.csv" \
    "$e/c.json" >ens.json 2>err || { echo "FAIL: ensemble --experts: status $?"; cat err; fail=1; }
q() { sed -n "s/.*\"quantiles\": {.*\"$1\": \([-0-9.e]*\).*/\1/p" ens.json; }
q05=$(q 5) q50=$(q 50) q95=$(q 95)
[ -n "$q05" ] && [ -n "$q50" ] && [ -n "$q95" ] || { echo "FAIL: no quantiles in ens.json"; fail=1; }
words=$(printf 'compromise (weighted mean): in 90 %% of runs between %.4g and %.4g.' "$q05" "$q95")
sub=$(printf 'median %.2f; 90%% of the runs between %.2f and' "$q50" "$q05")
end=$(printf '>%.2f (shaded).' "$q95")
for s in "$words" "$sub" "$end"; do
    grep -qF -- "$s" ens.html || { echo "FAIL: ens.html lacks the ensemble's: $s"; fail=1; }
done
grep -q 'table is drawn from the 3 experts' ens.html ||
    { echo "FAIL: the ensemble's caption does not say it draws from the codings"; fail=1; }
# --set or --drop would change the median table but not the codings drawn from
"$parley" report --experts "$e/a.json" "$e/b.csv" "$e/c.json" --ensemble 10 --drop US \
    -o drop.html 2>err
[ $? -eq 2 ] && [ ! -e drop.html ] && grep -q 'does not combine with --set or --drop' err ||
    { echo "FAIL: --experts --ensemble --drop"; cat err; fail=1; }
# the case-library verdict scores the same library with or without --experts
# (it once loaded the experts' median table in place of the embedded
# Six-Party case, which has outcomes, and scored 6 issues fewer)
"$parley" forecast "$e/a.json" 2>/dev/null | grep -o 'case library ([0-9]* issues)' >one.txt
"$parley" forecast --experts "$e/a.json" "$e/b.csv" "$e/c.json" 2>err |
    grep -o 'case library ([0-9]* issues)' >three.txt
[ -s one.txt ] && cmp -s one.txt three.txt ||
    { echo "FAIL: forecast --experts scores another case library: $(cat one.txt) vs $(cat three.txt)"; fail=1; }
[ "$(grep -c 'salience scale inferred' err)" -le 1 ] ||
    { echo "FAIL: forecast --experts read a coding more than once:"; cat err; fail=1; }
[ $fail -eq 0 ] && echo "report --experts: disagreement shown as worked by hand"
exit $fail
