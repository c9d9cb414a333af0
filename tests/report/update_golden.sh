#!/bin/sh
# Rewrites tests/report/golden/ from the current build's output, with the
# same arguments as the report.golden_markup test (tests/CMakeLists.txt).
# Usage: tests/report/update_golden.sh [PATH/TO/parley]   (default build/parley)
# Look at the diff (git diff tests/report/golden) before committing it.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
parley=$(cd "$(dirname "${1:-$root/build/parley}")" && pwd)/$(basename "${1:-parley}")
cd "$root/tests/data/report"
cmake -DPARLEY="$parley" -DSCENARIO=markup.json "-DACTOR=steel <union>" \
  "-DEXTRA=--ensemble;50;--leverage;--no-interactive" -DGOLDEN="$root/tests/report/golden" \
  -DTMP="${TMPDIR:-/tmp}/parley-golden-$$" -DWORKDIR="$PWD" -DUPDATE=1 \
  -P "$root/tests/report/run_golden.cmake"
rm -rf "${TMPDIR:-/tmp}/parley-golden-$$"
