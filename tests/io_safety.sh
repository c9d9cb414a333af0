#!/bin/sh
# parley never destroys a file: regression tests of issue 10's I/O faults.
# Usage: io_safety.sh PARLEY SMALL_JSON WORKDIR (a scratch directory, emptied)
#  1. an output that is the file on standard input (`- -o in.json < in.json`)
#     is refused with exit 2, for every command that writes, and in.json kept;
#  2. `--rows FILE` uses a unique temporary name: a FILE.tmp already there,
#     or a symbolic link planted there, is neither written nor removed;
#  3. `--rows` (like `-o`) writes into a FIFO or device instead of replacing
#     it, and reports its write errors (/dev/full: exit 3); a symbolic link
#     stays a link;
#  4. an output that is the --outcomes file or the ensemble's --spec file is
#     refused with exit 2 and the file kept (found by the attack on main:
#     `forecast x.json --outcomes oc.csv -o oc.csv` replaced oc.csv);
#  5. an empty --outcomes name is a usage error (exit 2), not "cannot open"
#     reported against the scenario's name; so is an empty scenario, case,
#     coding or input operand, --library, --store, --spec or --svg (attack
#     pass A9: exit 3, "cannot open: No such file or directory" without a
#     name);
#  6. an output that is one of the case library's files is refused with exit 2
#     when the command reads the library (backtest; forecast and report for
#     the combined forecast's verdict) -- found by a review: `backtest -o
#     data/cases/greece_debt_2015.json` replaced the case; report --svg DIR
#     (an existing directory, the last output) is not refused by that check;
#  7. a library case whose file name is not UTF-8 (and holds a control
#     character) is named with '?' in every output, not refused as "out of
#     memory" by the JSON writer (found by a review);
#  8. a scenario whose file name is not UTF-8: the JSON outputs (forecast,
#     what-if, ensemble, leverage, a stored run) write the name's stray byte
#     as U+FFFD instead of failing as "out of memory" (exit 4), and convert
#     does not copy the byte into the scenario name it takes from a CSV
#     file's name (found by the attack pass); report and runs chart write
#     it as U+FFFD in their HTML too;
#  9. a case library path too long to resolve (--library, $PARLEY_CASES) is
#     refused by name (exit 2), not read from an unfilled buffer (found by
#     the attack pass: "no case library at '<garbage>'", exit 3); report's
#     combined forecast as forecast's (it printed the error and exited 0);
#  10. report --svg DIR is all or nothing: DIR an existing file is named at
#     once, whatever the models ("DIR: cannot write: it is not a directory",
#     exit 3; the attack pass found exit 0 with -m mean and, with -m eu, an
#     error naming a chart file below DIR), and a chart that cannot be written
#     (its name a directory) leaves no new SVG, no temporary file and the old
#     ones as they were (the attack pass found 7 of the SVGs written);
#  11. report --svg DIR -o FILE is one commit: -o /dev/full (exit 3) leaves
#     the old charts in DIR as they were and makes no new DIR; a chart file
#     that is a symbolic link to another chart of the report is refused
#     (exit 2, "two outputs are the same file", naming both), nothing written.
#  12. a regular file over the size limit is refused from its size (a sparse
#     file: nothing is read), a stream of binary data (/dev/zero) at once.
# Real devices are only written to, never at risk: the /dev/full checks run
# only after the FIFO checks showed that a non-regular target is not replaced.
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

# ---- 1. the output is the file on standard input
cp "$small" in.json
for args in "forecast - -m mean -o in.json" "convert - in.json" "report - -o in.json" \
    "ensemble - -n 3 -q -o in.json" "ensemble - -n 3 -q -o out.txt --rows in.json" \
    "leverage - -o in.json"; do
    # shellcheck disable=SC2086 # word splitting of args is meant
    "$parley" $args <in.json >/dev/null 2>err.txt
    status=$?
    [ $status -eq 2 ] || bad "'$args < in.json': exit $status, expected 2"
    grep -q "is the file on standard input" err.txt || bad "'$args < in.json': $(cat err.txt)"
    cmp -s in.json "$small" || { bad "'$args < in.json' changed in.json"; cp "$small" in.json; }
done
# a pipe on standard input is no clash
"$parley" forecast - -m mean -o out.txt <"$small" || bad "forecast - -o out.txt < small.json failed"
cat "$small" | "$parley" forecast - -m mean -o out.txt || bad "forecast - -o out.txt from a pipe failed"
rm -f out.txt err.txt

# ---- 2. --rows FILE: no fixed temporary name, no planted link followed
echo "keep me" >rows.csv.tmp
echo "victim" >victim
ln -s victim rows2.csv.tmp
"$parley" ensemble in.json -m mean -n 3 -q -o out.txt --rows rows.csv || bad "--rows rows.csv failed"
"$parley" ensemble in.json -m mean -n 3 -q -o out.txt --rows rows2.csv || bad "--rows rows2.csv failed"
[ "$(cat rows.csv.tmp)" = "keep me" ] || bad "rows.csv.tmp was overwritten or removed"
[ "$(cat victim)" = "victim" ] || bad "the planted link rows2.csv.tmp was followed"
[ -L rows2.csv.tmp ] || bad "the planted link rows2.csv.tmp was replaced"
[ "$(head -1 rows.csv)" = "$(printf 'replicate,issue,model,forecast,dropped\r')" ] || bad "rows.csv has no header"
[ "$(wc -l <rows.csv)" -eq 4 ] || bad "rows.csv: $(wc -l <rows.csv) lines, expected 4 (1 issue x 3 replicates + header)"
left=$(ls -A | grep '\.tmp\.' || true)
[ -z "$left" ] || bad "temporary files left behind: $left"
rm -f rows.csv rows2.csv rows.csv.tmp rows2.csv.tmp victim out.txt

# ---- 3. --rows into a FIFO, onto a symbolic link, into a device
fifo_ok=1
for opt in --rows -o; do
    mkfifo fifo
    # (the reader gives up after 20 s if parley never opens the FIFO)
    timeout 20 cat fifo >fifo.out &
    reader=$!
    if [ "$opt" = --rows ]; then
        "$parley" ensemble in.json -m mean -n 3 -q -o out.txt --rows fifo || bad "--rows fifo failed"
    else
        "$parley" ensemble in.json -m mean -n 3 -q -o fifo || bad "-o fifo failed"
    fi
    wait $reader
    [ -p fifo ] || { bad "$opt fifo: the FIFO was replaced by a regular file"; fifo_ok=0; }
    [ -s fifo.out ] || bad "$opt fifo: nothing arrived through the FIFO"
    rm -f fifo fifo.out out.txt
done
echo "victim" >target.csv
ln -s target.csv link.csv
"$parley" ensemble in.json -m mean -n 3 -q -o out.txt --rows link.csv || bad "--rows link.csv failed"
[ -L link.csv ] || bad "--rows link.csv: the symbolic link was replaced"
grep -q '^replicate,' target.csv || bad "--rows link.csv: the link's target was not written"
rm -f link.csv target.csv out.txt
if [ "$fifo_ok" = 1 ] && [ -c /dev/full ]; then
    for opt in --rows -o; do
        if [ "$opt" = --rows ]; then
            "$parley" ensemble in.json -m mean -n 3 -q -o out.txt --rows /dev/full 2>err.txt
        else
            "$parley" ensemble in.json -m mean -n 3 -q -o /dev/full 2>err.txt
        fi
        status=$?
        [ $status -eq 3 ] || bad "$opt /dev/full: exit $status, expected 3"
        grep -q "/dev/full: .*No space left on device" err.txt || bad "$opt /dev/full: $(cat err.txt)"
        [ -c /dev/full ] || bad "$opt /dev/full: /dev/full is no longer a character device"
        [ ! -e out.txt ] || bad "$opt /dev/full: the report was written although the rows failed"
        rm -f out.txt err.txt
    done
fi

# ---- 4. an output onto the --outcomes or --spec input
printf 'issue,outcome\nbudget,22.5\n' >oc.csv
cp oc.csv oc.keep
echo '{"replicates": 3}' >spec.json
cp spec.json spec.keep
for args in "forecast in.json -m mean --outcomes oc.csv -o oc.csv" \
    "convert in.json oc.csv --to table --lossy --outcomes oc.csv" \
    "report in.json --outcomes oc.csv -o oc.csv" "leverage in.json --outcomes oc.csv -o oc.csv" \
    "ensemble in.json -m mean -q --outcomes oc.csv -o oc.csv" \
    "ensemble in.json -m mean -q --outcomes oc.csv -o out.txt --rows ./oc.csv" \
    "ensemble in.json -m mean -q --spec spec.json -o spec.json"; do
    # shellcheck disable=SC2086 # word splitting of args is meant
    "$parley" $args >/dev/null 2>err.txt
    status=$?
    [ $status -eq 2 ] || bad "'$args': exit $status, expected 2"
    grep -q "is the input file" err.txt || bad "'$args': $(cat err.txt)"
    cmp -s oc.csv oc.keep || { bad "'$args' changed oc.csv"; cp oc.keep oc.csv; }
    cmp -s spec.json spec.keep || { bad "'$args' changed spec.json"; cp spec.keep spec.json; }
done
rm -f oc.csv oc.keep spec.json spec.keep err.txt out.txt

# ---- 5. an empty --outcomes file name
for cmd in forecast validate convert ensemble leverage report; do
    out=
    [ $cmd = convert ] && out=out.json
    "$parley" $cmd --outcomes '' in.json $out >/dev/null 2>err.txt
    status=$?
    [ $status -eq 2 ] || bad "$cmd --outcomes '': exit $status, expected 2"
    grep -q "^parley: $cmd: empty --outcomes file name" err.txt || bad "$cmd --outcomes '': $(cat err.txt)"
done
for args in "forecast|scenario file" "leverage|scenario file" "report|scenario file" \
    "validate|scenario file" "forecast --experts in.json|coding file" \
    "validate --experts in.json|coding file" "backtest|case file" "convert|input file" \
    "backtest --library|--library directory" "runs list --store|--store file" \
    "ensemble --spec|--spec file" "report in.json --library|--library directory" \
    "report in.json --svg|--svg directory"; do
    cmd=${args%%|*}
    # shellcheck disable=SC2086 # word splitting of cmd is meant
    PARLEY_STORE=s.db "$parley" $cmd '' out.json >/dev/null 2>err.txt
    status=$?
    [ $status -eq 2 ] || bad "$cmd '': exit $status, expected 2"
    grep -q "^parley: ${cmd%% *}: empty ${args#*|} name" err.txt || bad "$cmd '': $(cat err.txt)"
done
"$parley" convert in.json '' --to json >/dev/null 2>err.txt
status=$?
[ $status -eq 2 ] || bad "convert in.json '': exit $status, expected 2"
grep -q "^parley: convert: empty output file name" err.txt || bad "convert in.json '': $(cat err.txt)"
grep -q "^Try 'parley convert --help'" err.txt || bad "convert in.json '': no Try line: $(cat err.txt)"
rm -f err.txt out.json

# ---- 6. an output onto a file of the case library
mkdir lib && cp "$small" lib/case.json && cp "$small" lib/case.keep
for args in "backtest --library lib -o lib/case.json" "forecast in.json -o lib/case.json" \
    "report in.json -o lib/case.json" "report in.json --library lib -o lib/case.json"; do
    # shellcheck disable=SC2086 # word splitting of args is meant
    PARLEY_CASES=lib "$parley" $args >/dev/null 2>err.txt
    status=$?
    [ $status -eq 2 ] || bad "'$args': exit $status, expected 2"
    grep -q "is the input file" err.txt || bad "'$args': $(cat err.txt)"
    cmp -s lib/case.json lib/case.keep || { bad "'$args' changed lib/case.json"; cp lib/case.keep lib/case.json; }
done
# --svg DIR, the last output, is a directory that exists (a review found the
# library check refusing it: "svg: cannot write: it is a directory", exit 3)
mkdir svg
PARLEY_CASES=lib "$parley" report in.json --svg svg -o out.html >/dev/null 2>err.txt
status=$?
[ $status -eq 0 ] || bad "report --svg DIR: exit $status, expected 0: $(cat err.txt)"
[ -s out.html ] && ls svg/*.svg >/dev/null 2>&1 || bad "report --svg DIR wrote no report or no SVG"
rm -rf lib svg err.txt out.html

# ---- 7. a library file name that is not text
mkdir lib && cp "$(dirname "$small")/../backtest/alpha.json" "lib/$(printf 'caf\377\001')name.json"
"$parley" backtest --library lib -f json >out.json 2>err.txt
status=$?
[ $status -eq 0 ] || bad "backtest of a non-UTF-8 file name: exit $status: $(cat err.txt)"
grep -q '"name": "caf??name"' out.json || bad "backtest of a non-UTF-8 file name: no case named caf??name"
rm -rf lib out.json err.txt

# ---- 8. a scenario file name that is not UTF-8
ff=$(printf '\377')
fffd=$(printf '\357\277\275')
cp "$small" "g$ff.json"
for args in "forecast -m mean" "forecast -m mean --set finance.budget.position=20" \
    "ensemble -n 2 -m mean" "leverage -m mean"; do
    # shellcheck disable=SC2086
    "$parley" $args -f json "g$ff.json" >out.json 2>err.txt
    status=$?
    [ $status -eq 0 ] || bad "$args -f json on a non-UTF-8 file name: exit $status: $(cat err.txt)"
    grep -q "g$fffd.json\"" out.json || bad "$args -f json: the file name is not g<U+FFFD>.json"
    ! grep -q "$ff" out.json || bad "$args -f json: the byte 0xFF is in the output"
done
"$parley" forecast -m mean --store runs.db "g$ff.json" >/dev/null 2>err.txt || bad "--store: $(cat err.txt)"
"$parley" runs --store runs.db show 1 -f json >out.json 2>err.txt
status=$?
[ $status -eq 0 ] || bad "runs show -f json of a non-UTF-8 file name: exit $status: $(cat err.txt)"
grep -q "g$fffd.json\"" out.json || bad "runs show -f json: the file name is not g<U+FFFD>.json"
head -4 "$(dirname "$small")/outcome_table.csv" >"t$ff.csv"
"$parley" convert "t$ff.csv" out.json 2>err.txt || bad "convert t<FF>.csv: $(cat err.txt)"
grep -q "\"name\": \"t$fffd\"" out.json || bad "convert t<FF>.csv: the name is not t<U+FFFD>"
"$parley" validate out.json >/dev/null 2>err.txt || bad "convert t<FF>.csv wrote invalid JSON: $(cat err.txt)"
# the HTML writer too (attack pass: report and runs chart copied the byte)
"$parley" report -m mean "g$ff.json" -o out.html 2>err.txt || bad "report: $(cat err.txt)"
"$parley" runs --store runs.db chart 1 -o chart.html 2>err.txt || bad "runs chart: $(cat err.txt)"
for h in out.html chart.html; do
    grep -q "g$fffd.json" $h || bad "$h: the file name is not g<U+FFFD>.json"
    ! grep -q "$ff" $h || bad "$h: the byte 0xFF is in the output"
done
rm -f "g$ff.json" "t$ff.csv" runs.db out.json err.txt out.html chart.html

# ---- 9. a case library path too long to resolve
long=/tmp/$(printf '%2500s' | sed 's| |a/|g')
"$parley" backtest --library "$long" >/dev/null 2>err.txt
status=$?
[ $status -eq 2 ] || bad "backtest --library <5000 bytes>: exit $status, expected 2"
grep -q "^parley: backtest: --library: the case library's path is too long$" err.txt ||
    bad "backtest --library <5000 bytes>: $(cat err.txt)"
PARLEY_CASES=$long "$parley" forecast in.json >out.txt 2>err.txt
status=$?
[ $status -eq 2 ] || bad "PARLEY_CASES=<5000 bytes> forecast: exit $status, expected 2"
grep -q "^parley: forecast: \$PARLEY_CASES: the case library's path is too long$" err.txt ||
    bad "PARLEY_CASES=<5000 bytes> forecast: $(cat err.txt)"
# report's combined forecast reads the same library: refused alike (a review
# found it printed the error and went on, exit 0)
PARLEY_CASES=$long "$parley" report in.json -o out.html >out.txt 2>err.txt
status=$?
[ $status -eq 2 ] || bad "PARLEY_CASES=<5000 bytes> report: exit $status, expected 2"
grep -q "^parley: report: \$PARLEY_CASES: the case library's path is too long$" err.txt ||
    bad "PARLEY_CASES=<5000 bytes> report: $(cat err.txt)"
[ ! -e out.html ] || bad "PARLEY_CASES=<5000 bytes> report wrote out.html"
rm -f out.html
rm -f err.txt out.txt

# ---- 10. report --svg DIR: a file in DIR's place, a chart that fails
echo "not a directory" >notdir
for model in mean eu; do
    "$parley" report in.json -m $model --svg notdir -o out.html >/dev/null 2>err.txt
    status=$?
    [ $status -eq 3 ] || bad "report -m $model --svg FILE: exit $status, expected 3"
    [ "$(cat err.txt)" = "parley: notdir: cannot write: it is not a directory" ] ||
        bad "report -m $model --svg FILE: $(cat err.txt)"
    [ "$(cat notdir)" = "not a directory" ] || bad "report -m $model --svg FILE changed the file"
    [ ! -e out.html ] || bad "report -m $model --svg FILE wrote out.html"
done
rm -f notdir out.html err.txt
mkdir svg
"$parley" report in.json -m eu --svg svg >/dev/null || bad "report -m eu --svg svg failed"
first=$(ls svg | sed -n 1p)
third=$(ls svg | sed -n 3p)
[ -n "$third" ] || bad "report -m eu --svg svg wrote fewer than 3 charts"
find svg -name '*.svg' ! -name "$first" -exec rm -f {} +
echo "old chart" >"svg/$first"
mkdir "svg/$third"
"$parley" report in.json -m eu --svg svg -o out.html >/dev/null 2>err.txt
status=$?
[ $status -eq 3 ] || bad "report --svg with svg/$third a directory: exit $status, expected 3"
[ "$(cat err.txt)" = "parley: svg/$third: cannot write: it is a directory" ] ||
    bad "report --svg with svg/$third a directory: $(cat err.txt)"
[ "$(ls -A svg | tr '\n' ' ')" = "$first $third " ] ||
    bad "report --svg with svg/$third a directory left: $(ls -A svg | tr '\n' ' ')"
[ "$(cat "svg/$first")" = "old chart" ] || bad "report --svg with svg/$third a directory replaced $first"
[ ! -e out.html ] || bad "report --svg with svg/$third a directory wrote out.html"
rm -rf svg out.html err.txt

# ---- 11. report --svg DIR -o FILE is one commit: the charts are put in
# place only once the page is written (the attack pass found every SVG
# replaced, or DIR made, when -o failed with exit 3), and a chart file that
# is a symbolic link to another chart is refused before anything is written
# (the attack pass found the power chart silently replaced by the landing one)
mkdir svg
"$parley" report in.json --svg svg >/dev/null || bad "report --svg svg failed"
[ -f svg/power-1-budget-eu.svg ] && [ -f svg/landing-1-budget.svg ] ||
    bad "report --svg svg: no power-1-budget-eu.svg or landing-1-budget.svg: $(ls svg | tr '\n' ' ')"
charts=$(ls -A svg | tr '\n' ' ')
for f in svg/*.svg; do echo "old $f" >"$f"; done
if [ "$fifo_ok" = 1 ] && [ -c /dev/full ]; then
    "$parley" report in.json --svg svg -o /dev/full >/dev/null 2>err.txt
    status=$?
    [ $status -eq 3 ] || bad "report --svg svg -o /dev/full: exit $status, expected 3"
    grep -q "/dev/full: .*No space left on device" err.txt ||
        bad "report --svg svg -o /dev/full: $(cat err.txt)"
    [ "$(ls -A svg | tr '\n' ' ')" = "$charts" ] ||
        bad "report --svg svg -o /dev/full left: $(ls -A svg | tr '\n' ' ')"
    for f in svg/*.svg; do
        [ "$(cat "$f")" = "old $f" ] || bad "report --svg svg -o /dev/full replaced $f"
    done
    "$parley" report in.json --svg new -o /dev/full >/dev/null 2>err.txt
    status=$?
    [ $status -eq 3 ] || bad "report --svg new -o /dev/full: exit $status, expected 3"
    [ ! -e new ] || bad "report --svg new -o /dev/full made the directory new"
fi
rm -f svg/landing-1-budget.svg
ln -s power-1-budget-eu.svg svg/landing-1-budget.svg
"$parley" report in.json --svg svg -o out.html >/dev/null 2>err.txt
status=$?
[ $status -eq 2 ] || bad "report --svg with a chart linked to another: exit $status, expected 2"
grep -q "^parley: report: two outputs are the same file ('svg/power-1-budget-eu.svg' and 'svg/landing-1-budget.svg')\$" err.txt ||
    bad "report --svg with a chart linked to another: $(cat err.txt)"
[ "$(cat svg/power-1-budget-eu.svg)" = "old svg/power-1-budget-eu.svg" ] ||
    bad "report --svg with a chart linked to another replaced the power chart"
[ "$(readlink svg/landing-1-budget.svg)" = "power-1-budget-eu.svg" ] ||
    bad "report --svg with a chart linked to another replaced the link"
[ "$(ls -A svg | tr '\n' ' ')" = "$charts" ] ||
    bad "report --svg with a chart linked to another left: $(ls -A svg | tr '\n' ' ')"
[ ! -e out.html ] || bad "report --svg with a chart linked to another wrote out.html"
# a chart's name linked to the input scenario: refused, the input untouched
# (the final attack pass found in.json replaced by an SVG, exit 0)
rm -f svg/landing-1-budget.svg
ln -s ../in.json svg/landing-1-budget.svg
cp in.json in.before
"$parley" report in.json --svg svg -o out.html >/dev/null 2>err.txt
status=$?
[ $status -eq 3 ] || bad "report --svg with a chart linked to the input: exit $status, expected 3"
grep -q "^parley: svg/landing-1-budget.svg: cannot write: it is a symbolic link" err.txt ||
    bad "report --svg with a chart linked to the input: $(cat err.txt)"
cmp -s in.json in.before || bad "report --svg with a chart linked to the input replaced in.json"
[ ! -e out.html ] || bad "report --svg with a chart linked to the input wrote out.html"
rm -f svg/landing-1-budget.svg in.before
# the page to a reader that closes early: a failed write (exit 3) that
# leaves no staged temporary file, not a SIGPIPE that left all of them
"$parley" report in.json --svg svg 2>err.txt | head -c 1 >/dev/null
[ -z "$(ls -A svg | grep '\.tmp\.')" ] ||
    bad "report --svg svg | head left temporary files: $(ls -A svg | tr '\n' ' ')"
rm -rf svg out.html err.txt

# ---- 12. inputs over the size limit (1 GiB), a stream of binary data
truncate -s 1100M big.json || exit 1
"$parley" validate big.json 2>err.txt
status=$?
[ $status -eq 3 ] || bad "validate of a 1100 MiB file: exit $status, expected 3"
grep -q "the file is 1153433600 bytes, over parley's limit" err.txt || bad "1100 MiB file: $(cat err.txt)"
rm -f big.json err.txt
"$parley" validate /dev/zero 2>err.txt
status=$?
[ $status -eq 1 ] || bad "validate /dev/zero: exit $status, expected 1"
grep -q "/dev/zero:1:1: error: NUL byte" err.txt || bad "validate /dev/zero: $(cat err.txt)"
rm -f err.txt in.json

left=$(ls -A)
[ -z "$left" ] || bad "files left in the scratch directory: $left"
exit $fail
