#!/usr/bin/env bash
# Runs every example of README.md and docs/*.md as written, from the root of a
# scratch copy of the repository's shipped files, and checks it (CTest
# docs.examples; jq's manual tests work the same way).
#   tests/docs_examples.sh SOURCE_DIR BUILD_DIR SCRATCH_DIR
# BUILD_DIR holds the parley (and parley_mpi) under test; the scratch copy
# sees it as build/, so `export PATH="$PWD/build:$PATH"` and ./build/parley
# work as the README says.
#
# What runs:
#   ```sh blocks     every command line (a line ending in \ continues it) must
#                    exit 0, or N when the line carries a `# exit N` comment;
#                    `cd`, `export` and variables carry over within a block.
#   ```console       every `$ COMMAND` line runs the same way; the lines after
#                    it are its expected output (standard output and error
#                    together): each must appear in the real output, in order
#                    (a line `...` stands for lines left out).
#   ```sh norun      not run (e.g. `make check` itself); use sparingly.
# Every block starts in a fresh copy of the scratch tree's root.  Commands
# that start mpirun run with ASAN_OPTIONS=detect_leaks=0 (Open MPI's own
# allocations are reported as leaks under AddressSanitizer).
set -u
src=${1:?source dir} bin=${2:?build dir} tmp=${3:?scratch dir}
rm -rf "$tmp"
mkdir -p "$tmp"
tmp=$(cd "$tmp" && pwd)
bin=$(cd "$bin" && pwd)

# the shipped files the examples read
base="$tmp/base"
mkdir -p "$base/build" "$base/tests"
cp -R "$src/data" "$base/data"
cp -R "$src/tests/data" "$base/tests/data"
for p in parley parley_mpi; do
  [ -x "$bin/$p" ] && ln -s "$bin/$p" "$base/build/$p"
done

failures=0 commands=0 blocks=0

# "Use it from C" (README.md) builds an example against an installed parley
# in $HOME/.local: the blocks run with HOME set to a scratch directory where
# the build under test is installed first (as `make install
# PREFIX="$HOME/.local"` would), and see the examples/ directory.
cp -R "$src/examples" "$base/examples"
home="$tmp/home"
mkdir -p "$home"
if [ -f "$bin/cmake_install.cmake" ] &&
  ! cmake --install "$bin" --prefix "$home/.local" >"$tmp/install.log" 2>&1; then
  cat "$tmp/install.log"
  echo "DOCS-FAIL cmake --install $bin --prefix $home/.local failed"
  failures=$((failures + 1))
fi
# Under the sanitizers libparley.so needs their runtime loaded first: the
# examples' `cc` then compiles with them (a wrapper in the scratch build/).
if grep -q '^PARLEY_SANITIZE:BOOL=ON' "$bin/CMakeCache.txt" 2>/dev/null; then
  printf '#!/bin/sh\nexec %s -fsanitize=address,undefined "$@"\n' "$(command -v cc)" >"$base/build/cc"
  chmod +x "$base/build/cc"
fi

# run_block FILE LINE KIND: runs the block text on stdin.
run_block() {
  local file=$1 start=$2 kind=$3
  local dir="$tmp/run$blocks"
  rm -rf "$dir"
  cp -R "$base" "$dir"
  local script="$tmp/block$blocks.sh"
  {
    echo 'cd "$1" || exit 99; export PATH="$1/build:$PATH"'
    printf 'export HOME=%q\n' "$home"
    echo 'check() { local want=$1 got=$2 where=$3; if [ "$got" != "$want" ]; then echo "DOCS-FAIL $where: exit status $got, expected $want" >&2; fi; }'
  } >"$script"
  local n=$start cmd="" cmd_line=0 expect=() line
  flush_expect() {
    if [ ${#expect[@]} -gt 0 ]; then
      printf 'DOCS-EXPECT %s\n' "${expect[@]}" >>"$script.expect.$commands"
    fi
    expect=()
  }
  emit() {
    local text=$1 where=$2 want=0
    if [[ $text =~ \#[[:space:]]*exit[[:space:]]+([0-9]+) ]]; then want=${BASH_REMATCH[1]}; fi
    commands=$((commands + 1))
    local pre=""
    [[ $text == *mpirun* ]] && pre="ASAN_OPTIONS=detect_leaks=0 "
    {
      echo "echo 'DOCS-CMD $commands' >&2"
      echo "{ ${pre}$text"
      echo "} >>\"\$2.out.$commands\" 2>&1"
      echo "check $want \$? '$where: $(printf '%s' "$text" | sed "s/'/'\\\\''/g")'"
    } >>"$script"
  }
  while IFS= read -r line; do
    n=$((n + 1))
    if [ "$kind" = console ]; then
      if [[ $line == '$ '* ]]; then
        flush_expect
        emit "${line#\$ }" "$file:$n"
      elif [ $commands -gt $commands_before ] && [ -n "$line" ]; then
        expect+=("$line")
      fi
      continue
    fi
    if [ -n "$cmd" ]; then
      cmd+=$'\n'"$line"
    else
      [[ $line =~ ^[[:space:]]*(#.*)?$ ]] && continue
      cmd=$line
      cmd_line=$n
    fi
    if [[ $line == *\\ ]]; then continue; fi
    emit "$cmd" "$file:$cmd_line"
    cmd=""
  done
  [ "$kind" = console ] && flush_expect
  local first=$((commands_before + 1))
  ASAN_OPTIONS=${ASAN_OPTIONS:-} bash "$script" "$dir" "$tmp/block$blocks" 2>"$tmp/block$blocks.err" </dev/null
  if grep -q '^DOCS-FAIL' "$tmp/block$blocks.err"; then
    grep '^DOCS-FAIL' "$tmp/block$blocks.err"
    failures=$((failures + $(grep -c '^DOCS-FAIL' "$tmp/block$blocks.err")))
  fi
  # every file the block wrote must be covered by .gitignore (when the
  # sources are a git checkout)
  if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
    local f
    while IFS= read -r f; do
      [ -e "$base/$f" ] && continue
      if ! git -C "$src" check-ignore -q --no-index "$f"; then
        echo "DOCS-FAIL $file (block at line $start): writes $f, which .gitignore does not cover"
        failures=$((failures + 1))
      fi
    done < <(cd "$dir" && find . -type f -o -type l | sed 's|^\./||' | sort)
  fi
  # expected output of console commands: each line, in order
  local k
  for ((k = first; k <= commands; k++)); do
    [ -f "$script.expect.$k" ] || continue
    local out="$tmp/block$blocks.out.$k" pos=0 want ok=1
    while IFS= read -r want; do
      want=${want#DOCS-EXPECT }
      [ "$want" = "..." ] && continue
      local at
      at=$(tail -n +$((pos + 1)) "$out" 2>/dev/null | grep -nxF -- "$want" | head -1 | cut -d: -f1)
      if [ -z "$at" ]; then
        echo "DOCS-FAIL $file (block at line $start), command $((k - commands_before)): output lacks the line (or it is out of order):"
        echo "    $want"
        echo "  the command printed:"
        sed 's/^/    /' "$out" 2>/dev/null | head -20
        ok=0
        break
      fi
      pos=$((pos + at))
    done <"$script.expect.$k"
    [ $ok = 1 ] || failures=$((failures + 1))
  done
}

shopt -s nullglob
for file in "$src/README.md" "$src"/docs/*.md; do
  rel=${file#"$src"/}
  n=0 inblock="" start=0 body=""
  while IFS= read -r line; do
    n=$((n + 1))
    if [[ $line =~ ^[[:space:]]*\`\`\`(.*)$ ]]; then
      if [ -z "$inblock" ]; then
        inblock="x${BASH_REMATCH[1]}" start=$n body=""
        continue
      fi
      info=${inblock#x}
      inblock=""
      case "$info" in
        sh | bash | shell) kind=sh ;;
        console) kind=console ;;
        *) continue ;;
      esac
      blocks=$((blocks + 1))
      commands_before=$commands
      run_block "$rel" "$start" "$kind" <<<"${body%$'\n'}"
      continue
    fi
    [ -n "$inblock" ] && body+="$line"$'\n'
  done <"$file"
done
echo "docs examples: $commands commands in $blocks blocks, $failures failures"
[ $blocks -gt 0 ] && [ $failures -eq 0 ]
