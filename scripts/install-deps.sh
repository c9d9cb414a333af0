#!/bin/sh
# Installs the Debian packages parley needs to build and test, if missing,
# and generates the de_DE.UTF-8 locale the locale tests run under.
#   sh scripts/install-deps.sh          build and test (make check, make sanitize)
#   sh scripts/install-deps.sh fuzz     also clang and its libFuzzer runtime (make fuzz)
#   sh scripts/install-deps.sh format   also clang-format (make format, make format-check)
#   sh scripts/install-deps.sh bench    also what bench/references.sh needs to build KTAB's smpc
# Runs apt-get as root (directly, or through sudo when available).
# Prints one line per step; apt's own output goes to a log file
# (PARLEY_DEPS_LOG, default build/install-deps.log in the repository),
# whose last lines are shown when a step fails.
# Another apt or dpkg run (unattended-upgrades on a fresh machine) holds the
# package lock: the script waits for it up to PARLEY_APT_WAIT seconds
# (default 600), saying so, instead of failing at once.
set -eu
# libc6-dev: the C library headers (gcc alone does not pull them in);
# libopenmpi-dev, openmpi-bin: the optional MPI ensemble and its determinism test;
# libxml2-utils: xmllint checks that every chart is well-formed XML;
# chromium: the browser test renders the HTML report (tests/report/);
# libxml2-dev: the KTAB XML reader and the sheets of .xlsx/.ods workbooks;
# libzip-dev: the zip container of .xlsx/.ods workbooks (src/io/sheets.c);
# python3-openpyxl: writes the .xlsx test fixtures at test time;
# locales: the de_DE.UTF-8 locale tests;
# libsqlite3-dev, zlib1g-dev, liblzma-dev: the run store (--store; docs/store.md;
# liblzma keeps its texts, each as a delta from an earlier one; zlib reads schema 1);
# libxlsxwriter-dev: parley convert and template write .xlsx (python3-openpyxl reads them back in the tests);
# python3, python3-pytest: the Python package's tests (python/, CTest python.*);
# emscripten (emcc) and nodejs: the models compiled to WebAssembly for the
# report's live what-if panel, and its parity and browser tests (optional
# for the build: without emcc the report has no panel);
# with "fuzz": clang and its libFuzzer runtime (make fuzz);
# with "format": clang-format (make format, make format-check);
# with "bench": cmake, g++, Qt 5 (Core, Sql, Widgets headers), its SQLite driver
# and TinyXML2, which KTAB's smpc needs (bench/references.sh builds it; not in
# the default list, so that CI does not install Qt).
PKGS="libc6-dev pkg-config libjansson-dev libcmocka-dev libopenmpi-dev openmpi-bin libxml2-utils chromium libxml2-dev libzip-dev libxlsxwriter-dev python3-openpyxl locales libsqlite3-dev zlib1g-dev liblzma-dev python3 python3-pytest emscripten nodejs"
if [ "${1:-}" = "fuzz" ]; then PKGS="$PKGS clang libclang-rt-14-dev"; fi
if [ "${1:-}" = "format" ]; then PKGS="$PKGS clang-format"; fi
if [ "${1:-}" = "bench" ]; then PKGS="$PKGS cmake g++ make qtbase5-dev libqt5sql5-sqlite libtinyxml2-dev"; fi
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
have_locale() { locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; }
[ -z "$missing" ] && have_locale && exit 0
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "parley: need root (or sudo) to install:$missing (and the de_DE.UTF-8 locale)" >&2; exit 1; fi

WAIT="${PARLEY_APT_WAIT:-600}"
case "$WAIT" in '' | *[!0-9]*)
  echo "parley: PARLEY_APT_WAIT must be a whole number of seconds, not '$WAIT'" >&2; exit 2 ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
LOG="${PARLEY_DEPS_LOG:-$root/build/install-deps.log}"
mkdir -p "$(dirname "$LOG")"
: >"$LOG"

LOCKS="/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock"
# 0 if another process holds one of apt's or dpkg's locks (lslocks from
# util-linux lists the POSIX locks dpkg takes; fuser as a fallback).
locked() {
  if command -v lslocks >/dev/null 2>&1; then
    held=$($SUDO lslocks -n -o PATH 2>/dev/null || true)
    for f in $LOCKS; do
      printf '%s\n' "$held" | grep -qx "$f" && return 0
    done
    return 1
  fi
  if command -v fuser >/dev/null 2>&1; then
    for f in $LOCKS; do
      [ -e "$f" ] && $SUDO fuser "$f" >/dev/null 2>&1 && return 0
    done
  fi
  return 1
}

# Waits until no other apt or dpkg run holds the lock, at most $WAIT seconds.
wait_for_lock() {
  waited=0
  if locked; then
    echo "parley: another apt or dpkg run holds the package lock; waiting for it (at most ${WAIT} s, PARLEY_APT_WAIT)" >&2
  fi
  while locked; do
    if [ "$waited" -ge "$WAIT" ]; then
      echo "parley: the apt/dpkg lock is still held after ${WAIT} s; let the other run finish (ps aux | grep -E 'apt|dpkg'), then run 'make deps' again, or set PARLEY_APT_WAIT" >&2
      exit 1
    fi
    sleep 5
    waited=$((waited + 5))
  done
}

# Runs one step ("what it does" then the command), its output into the log.
step() {
  what="$1"; shift
  echo "parley: $what (log: $LOG)" >&2
  echo "+ $*" >>"$LOG"
  if ! "$@" >>"$LOG" 2>&1; then
    echo "parley: failed: $what; the last lines of $LOG:" >&2
    tail -n 20 "$LOG" >&2
    exit 1
  fi
}

if [ -n "$missing" ]; then
  echo "parley: missing packages:$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  # apt-get waits for the lock itself too (DPkg::Lock::Timeout) in case
  # another run takes it between the check and the call.
  wait_for_lock
  step "updating the package lists (apt-get update)" \
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$WAIT" update
  wait_for_lock
  # shellcheck disable=SC2086 # one word per package
  step "installing$missing (apt-get install)" \
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$WAIT" install -y --no-install-recommends $missing
fi
if ! have_locale; then
  step "generating the de_DE.UTF-8 locale for the tests (localedef)" $SUDO localedef -i de_DE -f UTF-8 de_DE.UTF-8
fi
echo "parley: dependencies installed" >&2
