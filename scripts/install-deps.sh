#!/bin/sh
# Installs the Debian packages parley needs to build and test, if missing.
# Runs apt-get as root (directly, or through sudo when available).
set -eu
# libopenmpi-dev, openmpi-bin: the optional MPI ensemble and its determinism test;
# libxml2-utils: xmllint checks that every chart is well-formed XML;
# chromium: the browser test renders the HTML report (tests/report/).
PKGS="pkg-config libjansson-dev libcmocka-dev libopenmpi-dev openmpi-bin libxml2-utils chromium"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "parley: installing missing packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "parley: need root (or sudo) to install:$missing" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
