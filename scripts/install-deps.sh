#!/bin/sh
# Installs the Debian packages parley needs to build and test, if missing,
# and generates the de_DE.UTF-8 locale the locale tests run under.
#   sh scripts/install-deps.sh          build and test (make check, make sanitize)
#   sh scripts/install-deps.sh fuzz     also clang and its libFuzzer runtime (make fuzz)
# Runs apt-get as root (directly, or through sudo when available).
set -eu
# libopenmpi-dev, openmpi-bin: the optional MPI ensemble and its determinism test;
# libxml2-utils: xmllint checks that every chart is well-formed XML;
# chromium: the browser test renders the HTML report (tests/report/);
# libxml2-dev: the KTAB XML reader; locales: the de_DE.UTF-8 locale tests;
# with "fuzz": clang and its libFuzzer runtime (make fuzz).
PKGS="pkg-config libjansson-dev libcmocka-dev libopenmpi-dev openmpi-bin libxml2-utils chromium libxml2-dev locales"
if [ "${1:-}" = "fuzz" ]; then PKGS="$PKGS clang libclang-rt-14-dev"; fi
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
have_locale() { locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; }
[ -z "$missing" ] && have_locale && exit 0
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "parley: need root (or sudo) to install:$missing (and the de_DE.UTF-8 locale)" >&2; exit 1; fi
if [ -n "$missing" ]; then
  echo "parley: installing missing packages:$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
if ! have_locale; then
  echo "parley: generating the de_DE.UTF-8 locale for the tests" >&2
  $SUDO localedef -i de_DE -f UTF-8 de_DE.UTF-8
fi
