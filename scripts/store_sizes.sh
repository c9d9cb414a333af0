#!/bin/sh
# Measures the run store's size per run (docs/store.md, "Size per run"):
# for each case, the store file's size after the first run (which holds the
# scenario and the first outputs in full) and the average growth per further
# run over ten runs with seeds 1..10.  Usage: sh scripts/store_sizes.sh [PARLEY]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
parley=${1:-$root/build/parley}
ktab=$root/tests/data/ktab
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
size() { wc -c <"$1" | tr -d ' '; }
measure() { # measure LABEL ARGS...: the command's args after the subcommand
  label=$1
  shift
  db=$tmp/m.db
  rm -f "$db"
  first=0
  for seed in 1 2 3 4 5 6 7 8 9 10; do
    "$@" --store "$db" --seed "$seed" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
    [ "$seed" -eq 1 ] && first=$(size "$db")
  done
  last=$(size "$db")
  awk -v l="$label" -v f="$first" -v t="$last" \
    'BEGIN { printf "| %s | %.0f | %.1f |\n", l, f / 1024, (t - f) / 9 / 1024 }'
}
echo "| command | first run (KiB) | each further run (KiB) |"
echo "| --- | --- | --- |"
measure "\`parley forecast\` (default scenario, every model and the combined forecast)" "$parley" forecast
measure "\`parley forecast -m mean\`" "$parley" forecast -m mean
measure "\`parley forecast --store-level rounds\`" "$parley" forecast --store-level rounds
measure "\`parley forecast -m eu --store-level rounds\`" "$parley" forecast -m eu --store-level rounds
measure "\`parley forecast ktab/dummyData-a080.csv\` (every model)" "$parley" forecast "$ktab/dummyData-a080.csv"
measure "\`parley forecast ktab/dummyData-a080.csv --store-level rounds\`" "$parley" forecast "$ktab/dummyData-a080.csv" --store-level rounds
measure "\`parley forecast ktab/dummyData-a080.csv -m spatial --store-level rounds\`" "$parley" forecast "$ktab/dummyData-a080.csv" -m spatial --store-level rounds
measure "\`parley forecast ktab/dummyData-a160.csv --store-level rounds\`" "$parley" forecast "$ktab/dummyData-a160.csv" --store-level rounds
measure "\`parley forecast ktab/dummyData-a160.csv -m eu --store-level rounds\`" "$parley" forecast "$ktab/dummyData-a160.csv" -m eu --store-level rounds
measure "\`parley report -m mean,median\` (the HTML page, its WebAssembly module included)" "$parley" report -m mean,median -o "$tmp/r.html"
