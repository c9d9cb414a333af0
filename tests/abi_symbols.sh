#!/bin/sh
# The ABI of libparley.so is a deliberate decision: the dynamic symbols it
# exports must be exactly the committed list abi/libparley.symbols (one name
# a line, sorted), and its SONAME libparley.so.MAJOR.
# Usage: abi_symbols.sh LIBRARY SYMBOLS_FILE EXPECTED_SONAME
set -u
lib=$1
list=$2
soname=$3
fail=0
got=$(objdump -p "$lib" | awk '$1 == "SONAME" { print $2 }')
if [ "$got" != "$soname" ]; then
    echo "SONAME of $lib is '$got', expected '$soname'"
    fail=1
fi
tmp=${TMPDIR:-/tmp}/parley-abi.$$
nm -D --defined-only "$lib" | awk '{ print $NF }' | LC_ALL=C sort >"$tmp" || fail=1
if ! diff -u "$list" "$tmp"; then
    echo "The symbols $lib exports differ from $list (- committed, + built)."
    echo "If the change of the ABI is deliberate, regenerate the list and commit it with the change:"
    echo "  nm -D --defined-only $lib | awk '{ print \$NF }' | LC_ALL=C sort >$list"
    echo "(docs/api.md: what a change of the ABI means for the version and the SONAME)"
    fail=1
fi
n=$(wc -l <"$tmp")
rm -f "$tmp"
[ $fail -eq 0 ] && echo "libparley.so exports the $n symbols of $list; SONAME $soname"
exit $fail
