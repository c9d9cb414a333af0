#!/bin/sh
# Every --help page fits an 80-column terminal: no line of `parley --help`
# or `parley COMMAND --help` is longer than 80 characters (the man pages
# are filled by the pager; the help text is printed as written in man/).
# Usage: width.sh PARLEY COMMAND...
set -u
parley=$1
shift
fail=0
for c in "" "$@"; do
    # shellcheck disable=SC2086 # "" stands for the top-level page
    out=$("$parley" $c --help 2>&1 | awk 'length($0) > 80 { printf "  %d columns: %s\n", length($0), $0 }')
    if [ -n "$out" ]; then
        echo "FAIL: parley $c --help has lines over 80 columns:"
        echo "$out"
        fail=1
    fi
done
[ "$fail" = 0 ] && echo "every help page fits 80 columns"
exit "$fail"
