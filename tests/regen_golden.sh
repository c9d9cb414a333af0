#!/bin/sh
# Regenerates the expected output of CLI golden tests from the current build:
#   sh tests/regen_golden.sh NAME...      (NAME as in tests/cli/NAME.args)
# Only the files a case already has (.out, .err, .status) are rewritten; read
# `git diff tests/cli` and say in the commit why each change is right.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
parley=${PARLEY:-$root/build/parley}
data=$root/tests/data
for name in "$@"; do
    case=$root/tests/cli/$name
    [ -f "$case.args" ] || { echo "regen_golden: no $case.args" >&2; exit 2; }
    tmp=$(mktemp -d)
    set --
    while IFS= read -r line || [ -n "$line" ]; do
        line=$(printf '%s' "$line" | sed -e "s|@DATA@|$data|g" -e "s|@TMP@|$tmp|g")
        set -- "$@" "$line"
    done < "$case.args"
    status=0
    envs=""
    [ -f "$case.env" ] && envs=$(cat "$case.env")
    (cd "$tmp" && env $envs "$parley" "$@" > "$tmp/.out" 2> "$tmp/.err") || status=$?
    for s in out err; do
        if [ -f "$case.$s" ]; then
            sed -e "s|$tmp|@TMP@|g" -e "s|$data|@DATA@|g" "$tmp/.$s" > "$case.$s"
        fi
    done
    if [ -f "$case.status" ] || [ "$status" -ne 0 ]; then echo "$status" > "$case.status"; fi
    rm -rf "$tmp"
    echo "regen_golden: $name (exit $status)"
done
