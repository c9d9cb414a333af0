#!/bin/sh
# The install test (issue 13): install the build into a temporary prefix,
# check that the prefix holds what docs/api.md lists, then build every
# installed C example against it with pkg-config, run it with the prefix's
# libparley.so and compare its output with tests/install/expected/NAME.out;
# link one example with the static library too; and build a tiny CMake
# project with find_package(parley).  A broken install rule fails here.
# Usage: run.sh BUILD_DIR SOURCE_DIR WORK_DIR LIBDIR VERSION CC [CFLAGS]
set -u
build=$1
src=$2
work=$3
libdir=$4
version=$5
cc=$6
cflags=${7:-}
major=${version%%.*}
data=$src/tests/data/bdm/ec_auto_emissions_1994.csv
fail=0
bad() {
    echo "FAIL: $*"
    fail=1
}

rm -rf "$work" && mkdir -p "$work" || exit 1
prefix=$work/prefix
if ! cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1; then
    cat "$work/install.log"
    echo "FAIL: cmake --install $build --prefix $prefix"
    exit 1
fi

# 1. What the prefix must hold.
for f in "$libdir/libparley.so.$major" "$libdir/libparley.so" "$libdir/libparley.a" \
    "$libdir/pkgconfig/parley.pc" "$libdir/cmake/parley/parleyConfig.cmake" \
    "$libdir/cmake/parley/parleyConfigVersion.cmake" "$libdir/cmake/parley/parleyTargets.cmake" \
    include/parley/parley.h include/parley/version.h include/parley/forecast.h bin/parley \
    share/doc/parley/examples/README.md share/parley/scenarios/six_party_2019.json; do
    [ -e "$prefix/$f" ] || bad "$f is not installed"
done
for h in "$src"/include/parley/*.h; do
    [ -e "$prefix/include/parley/${h##*/}" ] || bad "include/parley/${h##*/} is not installed"
done
[ -x "$build/parley_mpi" ] && { [ -x "$prefix/bin/parley_mpi" ] || bad "bin/parley_mpi is not installed"; }
cmp -s "$src/data/scenarios/six_party_2019.json" "$prefix/share/parley/scenarios/six_party_2019.json" ||
    bad "the installed default scenario differs from data/scenarios/six_party_2019.json"
soname=$(objdump -p "$prefix/$libdir/libparley.so.$major" | awk '$1 == "SONAME" { print $2 }')
[ "$soname" = "libparley.so.$major" ] || bad "SONAME is '$soname', not libparley.so.$major"
# the installed program runs
out=$("$prefix/bin/parley" --version 2>&1)
[ "$out" = "parley $version" ] || bad "installed 'parley --version' says '$out'"
# the case library is installed as in the sources, and the installed
# program scores that copy (a case added to it shows up), not the sources'
for c in "$src"/data/cases/*.json "$src"/data/cases/gpl/*.json; do
    rel=${c#"$src"/data/cases/}
    cmp -s "$c" "$prefix/share/parley/cases/$rel" || bad "share/parley/cases/$rel is not installed as data/cases/$rel"
done
cp "$src/data/cases/greece_debt_2015.json" "$prefix/share/parley/cases/zz_installed_only.json"
out=$(cd "$work" && env -u PARLEY_CASES "$prefix/bin/parley" backtest -m mean 2>&1)
case "$out" in *"Case zz_installed_only "*) ;; *) bad "installed 'parley backtest' does not read share/parley/cases: $(echo "$out" | head -1)" ;; esac
rm -f "$prefix/share/parley/cases/zz_installed_only.json"
# a copy of the program away from any case library says so, and never
# falls back to the source tree's cases
mkdir -p "$work/elsewhere/bin" && cp "$prefix/bin/parley" "$work/elsewhere/bin/parley"
out=$(cd "$work" && env -u PARLEY_CASES "$work/elsewhere/bin/parley" backtest -m mean 2>&1)
case "$out" in *"warning: no case library at '$work/elsewhere/share/parley/cases'"*"Backtest: 1 case,"*) ;;
*) bad "a copied 'parley backtest' without a case library: $(echo "$out" | head -2)" ;; esac

# 2. pkg-config finds the prefix's parley.pc
PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
export PKG_CONFIG_PATH
v=$(pkg-config --modversion parley) || bad "pkg-config does not find parley in $PKG_CONFIG_PATH"
[ "${v:-}" = "$version" ] || bad "pkg-config --modversion parley: '${v:-}', not $version"
pcflags=$(pkg-config --cflags parley)
plibs=$(pkg-config --libs parley)
case "$pcflags" in *"$prefix/include"*) ;; *) bad "pkg-config --cflags parley: '$pcflags' misses $prefix/include" ;; esac

# 3. Every installed example, built against the prefix, gives the expected output.
exdir=$prefix/share/doc/parley/examples
n=0
for c in "$src"/examples/*.c; do
    name=$(basename "$c" .c)
    n=$((n + 1))
    [ -f "$exdir/$name.c" ] || {
        bad "example $name.c is not installed"
        continue
    }
    # shellcheck disable=SC2086 # the flags are word lists
    if ! $cc $cflags -std=c11 -Wall -Wextra -Werror $pcflags "$exdir/$name.c" $plibs -o "$work/$name" 2>"$work/$name.cc.log"; then
        cat "$work/$name.cc.log"
        bad "example $name does not build against the installed tree"
        continue
    fi
    # the program loads the prefix's library, not the build tree's
    lib=$(LD_LIBRARY_PATH=$prefix/$libdir ldd "$work/$name" | awk '$1 ~ /^libparley\.so/ { print $3 }')
    [ "$lib" = "$prefix/$libdir/libparley.so.$major" ] || bad "$name loads libparley from '$lib'"
    args=$data
    [ "$name" = scenario_in_code ] && args=
    # shellcheck disable=SC2086
    if ! LD_LIBRARY_PATH=$prefix/$libdir OMP_NUM_THREADS=2 "$work/$name" $args >"$work/$name.out" 2>"$work/$name.err"; then
        cat "$work/$name.err"
        bad "example $name failed"
        continue
    fi
    if ! diff -u "$src/tests/install/expected/$name.out" "$work/$name.out"; then
        bad "example $name: output differs from tests/install/expected/$name.out"
    fi
done
[ $n -ge 4 ] || bad "only $n examples in examples/"

# 4. The static library: an example linked with libparley.a and pkg-config --static.
slibs=$(pkg-config --static --libs parley | sed "s|-lparley|$prefix/$libdir/libparley.a|")
# shellcheck disable=SC2086
if $cc $cflags -std=c11 $pcflags "$exdir/forecast_file.c" $slibs -o "$work/forecast_file_static" 2>"$work/static.log"; then
    if ldd "$work/forecast_file_static" | grep -q libparley; then
        bad "the static build still loads libparley.so"
    fi
    "$work/forecast_file_static" "$data" >"$work/static.out" 2>/dev/null || bad "the statically linked example failed"
    diff -u "$src/tests/install/expected/forecast_file.out" "$work/static.out" || bad "the statically linked example's output differs"
else
    cat "$work/static.log"
    bad "forecast_file does not link with libparley.a ($slibs)"
fi

# 5. find_package(parley) from a CMake project, with the version file.
cons=$work/consumer
if cmake -S "$src/tests/install/consumer" -B "$cons" -DCMAKE_PREFIX_PATH="$prefix" \
    -DPARLEY_WANT="$version" -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$cflags" \
    >"$work/consumer.log" 2>&1 && cmake --build "$cons" >>"$work/consumer.log" 2>&1; then
    out=$(LD_LIBRARY_PATH=$prefix/$libdir "$cons/consumer")
    want="headers $version, library $version; default scenario: 6 actors, 6 issues"
    [ "$out" = "$want" ] || bad "find_package consumer printed '$out', expected '$want'"
else
    cat "$work/consumer.log"
    bad "a CMake project with find_package(parley $version) does not build"
fi
# a request for another major version is refused by parleyConfigVersion.cmake
if cmake -S "$src/tests/install/consumer" -B "$work/consumer-bad" -DCMAKE_PREFIX_PATH="$prefix" \
    -DPARLEY_WANT=$((major + 1)).0 >"$work/consumer-bad.log" 2>&1; then
    bad "find_package(parley $((major + 1)).0) accepted version $version"
fi

[ $fail -eq 0 ] && echo "install test: prefix complete, $n examples and find_package(parley) work against it"
exit $fail
