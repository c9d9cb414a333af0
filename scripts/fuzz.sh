#!/bin/sh
# Builds one libFuzzer binary per reader (clang, AddressSanitizer and
# UndefinedBehaviorSanitizer) and runs each for FUZZ_SECONDS seconds
# (default 6: about 45 s for the seven readers), starting from a seed corpus
# of the test data.  Exits non-zero when a fuzzer finds a crash, a leak,
# undefined behaviour or a broken invariant (tests/fuzz/fuzz_reader.c); the
# input is left in build-fuzz/ (crash-*, leak-*, ...).
#   sh scripts/fuzz.sh [SECONDS]
set -eu
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-${FUZZ_SECONDS:-6}}
CC=${FUZZ_CC:-clang}
OUT=build-fuzz
mkdir -p $OUT
FLAGS="-g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
# the readers and what they need; the ensemble spec reader (io/ensemble_spec.c)
# builds perturbations of the analysis layer and has no fuzzer of its own
SRCS="src/core/*.c src/scenario/*.c $(ls src/io/*.c | grep -v 'src/io/ensemble_spec.c')"
LIBS="$(pkg-config --cflags --libs jansson libxml-2.0 libzip) -lm"
failed=""
# seed workbooks for the .xlsx and .ods readers: the test fixtures (openpyxl
# and zipfile, Debian's python3)
PY=/usr/bin/python3; [ -x $PY ] || PY=python3
rm -rf $OUT/sheets && $PY tests/sheets/make_fixtures.py tests/data/bdm/ec_auto_emissions_1994.csv $OUT/sheets >/dev/null
for spec in json:JSON table:TABLE decide:DECIDE ktab:KTAB_CSV ktab-xml:KTAB_XML xlsx:XLSX ods:ODS; do
  name=${spec%%:*}; fmt=${spec#*:}
  # shellcheck disable=SC2086
  $CC $FLAGS -Iinclude -Isrc -DFUZZ_FORMAT=PARLEY_FORMAT_$fmt $SRCS tests/fuzz/fuzz_reader.c $LIBS \
      -o $OUT/fuzz-$name
  corpus=$OUT/corpus-$name
  mkdir -p $corpus
  case $name in
    json) cp data/scenarios/*.json tests/data/bad/json_*.json $corpus/ ;;
    table) cp tests/data/bdm/*.csv tests/data/bad/table_*.csv $corpus/ ;;
    decide) cp tests/data/decide/*.csv tests/data/decide/*.txt tests/data/bad/decide_*.txt $corpus/ ;;
    ktab) cp tests/data/ktab/*.csv tests/data/bad/ktab_*.csv $corpus/ ;;
    ktab-xml) cp tests/data/ktab/*.xml tests/data/bad/ktabxml_*.xml $corpus/ ;;
    # (not the zip bombs: their declared sizes are refused at once)
    xlsx) find $OUT/sheets -name '*.xlsx' ! -name '*zip_*' -exec cp {} $corpus/ \; ;;
    ods) find $OUT/sheets -name '*.ods' -exec cp {} $corpus/ \; ;;
  esac
  # the too-many-cells files test an early refusal; their mutants just under
  # the limit are slow, and would only measure allocation
  rm -f $corpus/*too_many_cells*
  prefix=$(echo "$name" | tr -d '-')
  for r in tests/fuzz/regressions/"$prefix"_* tests/data/decide/fuzz_regressions/"$prefix"_*; do [ -e "$r" ] && cp "$r" $corpus/; done
  echo "fuzz-$name: $(ls $corpus | wc -l) inputs in the corpus, $SECONDS_EACH s" >&2
  if ! (cd $OUT && ./fuzz-$name -max_total_time="$SECONDS_EACH" -max_len=65536 -rss_limit_mb=4096 \
      -print_final_stats=1 corpus-$name 2> fuzz-$name.log); then
    grep -v "^#\|^INFO" $OUT/fuzz-$name.log | tail -40 >&2
    failed="$failed $name"
  fi
  grep -E "stat::number_of_executed_units|stat::average_exec_per_sec" $OUT/fuzz-$name.log | tr -s ' \n' ' ' >&2
  echo >&2
done
if [ -n "$failed" ]; then
  echo "parley: fuzzing found problems in:$failed (inputs in $OUT/crash-*, leak-*, timeout-*)" >&2
  exit 1
fi
