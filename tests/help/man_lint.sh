#!/bin/sh
# The man pages (cmake/help-man.cmake) render without a warning:
# groff -man -ww -z (every warning on, plus the man macros' style checks),
# else mandoc -T lint; with neither installed, a check that every request is
# one the generator writes.  Each page has the sections of a man page.
# Usage: man_lint.sh PAGE.1...
set -u
fail=0
if command -v groff >/dev/null 2>&1; then
    echo "checking with groff -man -ww -rCHECKSTYLE=3 -z"
elif command -v mandoc >/dev/null 2>&1; then
    echo "checking with mandoc -T lint"
else
    echo "neither groff nor mandoc: checking the requests only"
fi
for f in "$@"; do
    if [ ! -s "$f" ]; then
        echo "FAIL: $f is missing or empty"
        fail=1
        continue
    fi
    if command -v groff >/dev/null 2>&1; then
        out=$(LC_ALL=C.UTF-8 groff -man -ww -rCHECKSTYLE=3 -z "$f" 2>&1)
    elif command -v mandoc >/dev/null 2>&1; then
        out=$(mandoc -T lint -W warning "$f" 2>&1)
    else
        out=$(grep -n '^[.'"'"']' "$f" | grep -v -E '^[0-9]+:\.(\\"|TH|SH|SS|TP|PP|RS|RE|nf|fi|BR)( |$)')
    fi
    if [ -n "$out" ]; then
        echo "FAIL: $f:"
        echo "$out"
        fail=1
    fi
    for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" EXAMPLES "SEE ALSO"; do
        grep -q "^\.SH $s\$" "$f" || { echo "FAIL: $f has no $s section"; fail=1; }
    done
    if grep -n -E '^\.(SH|SS|TP) +$|^\.(SH|SS)$' "$f"; then
        echo "FAIL: $f: a heading without text"
        fail=1
    fi
    head -2 "$f" | grep -q '^\.TH "PARLEY' || { echo "FAIL: $f: no .TH"; fail=1; }
    if grep -n -E '@[A-Z]+@' "$f"; then
        echo "FAIL: $f: a name from the registry was not filled in"
        fail=1
    fi
done
[ "$fail" = 0 ] && echo "ok: $# man pages"
exit "$fail"
