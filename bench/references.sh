#!/bin/sh
# Times parley against the public reference implementations in one run, on
# the same inputs, with the same metric on both sides: the CPU time (user +
# system) of the whole process, start-up included, median of REPS runs taken
# alternately (reference, parley, reference, parley, ...).  Prints a table of
# ratios reference / parley.
#
#   bench/references.sh [SCRATCH]
#     SCRATCH   folder for the references' sources and builds, outside the
#               repository (default: ${TMPDIR:-/tmp}/parley-references)
#   REPS=N      runs per side and case (default 5)
#   SCHOLZ_CASES names of tests/data/bdm/*.csv for the Scholz port (default:
#               ec_auto_emissions_1994 iran_election_2013)
#   KTAB_CASES  names of tests/data/ktab/*.csv for KTAB's smpc (default:
#               dummyData_3Dim SOE-Pol-Comp dummyData_6Dim dummyData-a040;
#               dummyData-a080 takes about 3 minutes a run of smpc)
#   MIRROR=DIR  local mirrors of GitHub repositories, DIR/OWNER+NAME/repo
#               (default /work/.mirror); without one the script clones from
#               GitHub with git, and says so
#
# The references, at pinned commits (docs: shared/models/*.md, bench/README.md):
#   - the Python 2 port of the Scholz model of BDM's expected utility model,
#     jmckib/bdm-scholz-expected-utility-model @ 55f63e9 (needs python2);
#   - Decide's exchange model core, foarsitter/decide-exchange-model @
#     51dee66 (Python 3 with typesystem, from PyPI only, which its input
#     reader validates every row with, and structlog, Debian python3-structlog);
#   - KTAB's spatial model driver smpc, lsyaseen/KTAB @ 3b5b063 (C++, CMake,
#     Qt 5 Sql, TinyXML2, SQLite; Debian: cmake g++ make qtbase5-dev
#     libqt5sql5-sqlite libtinyxml2-dev libsqlite3-dev, which
#     "sh scripts/install-deps.sh bench" installs), with Easylogging++,
#     amrayn/easyloggingpp @ v9.94.2 (4d4cb42), which KTAB does not ship or
#     find in Debian and which the script builds into SCRATCH.
# A reference that cannot be built or run here is reported with the figure
# recorded earlier, labelled with its date and machine, never as a ratio.
# Nothing of the references is copied into the repository: their sources are
# unpacked into SCRATCH, and the drivers written there are parley's own.
# SPDX-License-Identifier: MIT
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SCRATCH=${1:-${TMPDIR:-/tmp}/parley-references}
REPS=${REPS:-5}
MIRROR=${MIRROR:-/work/.mirror}
mkdir -p "$SCRATCH"
SCRATCH=$(cd "$SCRATCH" && pwd)
case "$SCRATCH/" in
"$ROOT"/*)
  echo "references.sh: the scratch folder must be outside the repository ($ROOT)" >&2
  exit 2
  ;;
esac

PARLEY=$ROOT/build/parley
if [ ! -x "$PARLEY" ]; then
  echo "== building parley (cmake --preset default)"
  (cd "$ROOT" && cmake --preset default >/dev/null && cmake --build --preset default -j 2 >/dev/null)
fi

# get_source OWNER/NAME COMMIT DIR [PATH...]: the tree of COMMIT (or only the
# PATHs of it, git pathspecs) unpacked into DIR.  The local mirrors may lack
# their largest files (KTAB's zips and reference logs); the PATHs leave them out.
get_source() {
  repo=$1 commit=$2 dir=$3
  shift 3
  if [ -f "$dir/.parley-commit" ] && [ "$(cat "$dir/.parley-commit")" = "$commit" ]; then
    echo "   $repo @ $commit, unpacked earlier in $dir"
    return 0
  fi
  rm -rf "$dir" "$dir.tar"
  mkdir -p "$dir"
  m="$MIRROR/$(echo "$repo" | tr / +)/repo"
  [ -d "$m/.git" ] && m="$m/.git"
  if [ -d "$m" ] && git --git-dir="$m" cat-file -e "$commit^{commit}" 2>/dev/null; then
    echo "   $repo @ $commit from the local mirror $m"
  else
    echo "   $repo @ $commit: no local mirror, cloning from GitHub with git"
    m=$dir.clone
    rm -rf "$m"
    if ! git clone --quiet --bare "https://github.com/$repo.git" "$m"; then
      rm -rf "$m"
      return 1
    fi
  fi
  # git archive into a file first, so that a failure is seen (not hidden by a pipe)
  if ! git --git-dir="$m" archive -o "$dir.tar" "$commit" -- "$@" 2>"$dir.archive.log" ||
    ! tar -x -C "$dir" -f "$dir.tar"; then
    echo "   could not unpack $repo @ $commit (see $dir.archive.log)"
    rm -rf "$dir.tar" "$dir.clone"
    return 1
  fi
  rm -rf "$dir.tar" "$dir.clone" "$dir.archive.log"
  echo "$commit" >"$dir/.parley-commit"
}

# The timer: runs two commands alternately and prints the medians of their
# process CPU times (resource.getrusage of the children) and the ratio.
cat >"$SCRATCH/cputime.py" <<'EOF'
import glob, os, resource, statistics, subprocess, sys

# CPUTIME_CLEAN: glob patterns (in cwd) removed before each run of the
# reference, outside the timed part (KTAB's database and log files).
clean = os.environ.get("CPUTIME_CLEAN", "").split()

def cpu(cmd, cwd, ref=False):
    for pat in clean if ref else []:
        for f in glob.glob(os.path.join(cwd, pat)):
            os.remove(f)
    b = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    a = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit("failed (%d): %s" % (r.returncode, " ".join(cmd)))
    return (a.ru_utime - b.ru_utime) + (a.ru_stime - b.ru_stime)

label, reps, cwd = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rest = sys.argv[4:]
sep = rest.index("--")
ref, par = rest[:sep], rest[sep + 1:]
tr, tp = [], []
for _ in range(reps):
    tr.append(cpu(ref, cwd, True))
    tp.append(cpu(par, cwd))
mr, mp = statistics.median(tr), statistics.median(tp)
print("%-34s %12.4f %12.4f %10.0fx  (ref %.3f-%.3f s, parley %.4f-%.4f s)"
      % (label, mr, mp, mr / mp, min(tr), max(tr), min(tp), max(tp)), flush=True)
EOF

load() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?"; }
echo "parley against the reference tools: process CPU seconds (user + system, start-up included),"
echo "median of $REPS alternate runs per side; $(nproc 2>/dev/null || echo '?') cores, load average $(load) at the start"
echo "scratch folder: $SCRATCH"
header() {
  printf '%-34s %12s %12s %11s\n' "case" "reference" "parley" "ref/parley"
}

# ----------------------------------------------------------- Scholz port
echo
echo "== expected utility: the Scholz port (Python 2) against parley -m eu --preset scholz2011, 10 rounds"
SCHOLZ=$SCRATCH/scholz
PY2=""
for c in python2 python2.7; do
  if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(sys.version_info[0] != 2)' 2>/dev/null; then
    PY2=$(command -v "$c")
    break
  fi
done
if [ -z "$PY2" ] && command -v pyenv >/dev/null 2>&1; then
  for d in "$(pyenv root)"/versions/2.7*; do
    [ -x "$d/bin/python" ] && PY2=$d/bin/python
  done
fi
if [ -n "$PY2" ] && get_source jmckib/bdm-scholz-expected-utility-model \
  55f63e9f2b9528119491d292efab8cfe7f91f78f "$SCHOLZ"; then
  echo "   python 2: $PY2"
  header
  # The port costs O(n^6) per round: 10 actors take seconds, the 17 of
  # saudi_oil_price_1997 over 80 s a run; SCHOLZ_CASES picks others.
  for case in ${SCHOLZ_CASES:-ec_auto_emissions_1994 iran_election_2013}; do
    # the port reads Actor,Capability,Position,Salience headers; the data rows are the same
    sed '1s/.*/Actor,Capability,Position,Salience/' "$ROOT/tests/data/bdm/$case.csv" >"$SCHOLZ/$case.csv"
    python3 "$SCRATCH/cputime.py" "$case" "$REPS" "$SCHOLZ" \
      "$PY2" bdm_scholz_model.py "$case.csv" 10 -- \
      "$PARLEY" forecast -m eu --preset scholz2011 --rounds 10 --sq-replicates 0 "$case.csv"
  done
else
  echo "   not run here (no python 2, or the sources could not be had)."
  echo "   Recorded: EC case, 10 rounds: 2.6-3.2 s of process CPU (issue 16, 2026-12, 2-core AMD EPYC VM);"
  echo "   about 5 s (issue 5, 2026-11-29, same machine type). Not a live ratio."
fi

# ----------------------------------------------------------- Decide core
echo
echo "== exchange model: Decide's model core (Python 3) against parley -m exchange, 10 rounds"
DECIDE=$SCRATCH/decide
cat >"$SCRATCH/decide_core.py" <<'EOF'
# Runs Decide's equal-gain exchange model for 10 rounds without output
# (parley's driver; Decide's own code is imported from argv[1]).
import random, sys, tempfile
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from decide.data.modelfactory import ModelFactory
from decide.data.reader import InputDataFile
from decide.model import equalgain
from decide.model.observers.observer import Observable
from decide.model.utils import ModelLoop
random.seed(42)
model = ModelFactory(InputDataFile.open(Path(sys.argv[2])))(
    model_klass=equalgain.EqualGainModel, randomized_value="0.0")
loop = ModelLoop(model, Observable(model, Path(tempfile.gettempdir())), 0)
for _ in range(10):
    loop.loop()
EOF
if python3 -c 'import typesystem, structlog' 2>/dev/null &&
  get_source foarsitter/decide-exchange-model 51dee664ee941f048a007069fe71ee857171df6f "$DECIDE"; then
  header
  for case in sample_data.txt copenhagen.csv cop21.csv; do
    python3 "$SCRATCH/cputime.py" "${case%.*}" "$REPS" "$DECIDE" \
      python3 "$SCRATCH/decide_core.py" "$DECIDE" "data/input/$case" -- \
      "$PARLEY" forecast -m exchange --rounds 10 --sq-replicates 0 "data/input/$case"
  done
else
  echo "   not run here: Decide needs the Python modules typesystem (PyPI only; its input reader's row"
  echo "   types are typesystem schemas, which parse and validate every field, so no stand-in will do)"
  echo "   and structlog (Debian python3-structlog): python3 -c 'import typesystem, structlog' fails."
  echo "   Recorded (shared/models/exchange-model.md section 10, 2026-11, 2-core AMD EPYC VM, CPython 3.11,"
  echo "   model core without output, 10 rounds): sample_data 1.47 s, Copenhagen 2.11 s, CoP21 15.78 s of CPU."
  echo "   Not a live ratio."
fi

# ----------------------------------------------------------- KTAB smpc
echo
echo "== spatial model: KTAB's smpc --logmin against parley -m spatial, to the end"
KTAB=$SCRATCH/ktab
missing=""
for t in cmake g++ make pkg-config; do
  command -v $t >/dev/null 2>&1 || missing="$missing $t"
done
if command -v pkg-config >/dev/null 2>&1; then
  pkg-config --exists Qt5Core Qt5Sql Qt5Widgets 2>/dev/null || missing="$missing qtbase5-dev"
  pkg-config --exists tinyxml2 2>/dev/null || missing="$missing libtinyxml2-dev"
  pkg-config --exists sqlite3 2>/dev/null || missing="$missing libsqlite3-dev"
fi
SMPC=""
# KTAB logs through Easylogging++, which it does not ship: its build wants the
# library built from upstream's sources with KTAB's CMakeLists.txt and
# installed (its CI clones github.com/muflihun/easyloggingpp, now
# amrayn/easyloggingpp; KTAB names 9.94.2 and later).  Here v9.94.2 is built
# into SCRATCH/ktab/local, which CMAKE_PREFIX_PATH points the KTAB build to.
# The mirror of KTAB lacks its zips and reference logs, so only the folders
# smpc is built from are unpacked.
if [ -z "$missing" ] &&
  get_source lsyaseen/KTAB 3b5b063541c7d5ee36cc9c61d9d3e0717f2d180f "$KTAB" \
    KTAB/kutils KTAB/kmodel KTAB/cmakemodules examples/smp/CMakeLists.txt examples/smp/libsrc \
    examples/smp/src examples/smp/smpc-logger.conf easyloggingpp minicsv LICENSE &&
  get_source amrayn/easyloggingpp 4d4cb42848d19ed8de97f8ba2b71317210ca9246 "$KTAB/elpp"; then
  if [ -x "$KTAB/examples/smp/smpc" ]; then
    SMPC=$KTAB/examples/smp/smpc
    echo "   smpc built earlier"
  else
    echo "   building Easylogging++ 9.94.2 and KTAB's smpc (kutils, kmodel, examples/smp; log: $KTAB/build.log)"
    # smpc links Qt5::Widgets but KTAB's CMakeLists finds only Qt's Core and
    # Sql when its GUIs are off: this file (parley's) finds Widgets too.
    echo 'find_package(Qt5 REQUIRED COMPONENTS Widgets)' >"$KTAB/qt5widgets.cmake"
    # KTAB's examples/smp forces a Debug build (kutils and kmodel set no
    # type): every part is optimised as CMake's Release would (-O3 -DNDEBUG),
    # so the reference is timed at its fastest.
    if (
      set -e
      CMAKE_PREFIX_PATH="$KTAB/local"
      export CMAKE_PREFIX_PATH
      cp "$KTAB/easyloggingpp/CMakeLists.txt" "$KTAB/elpp/CMakeLists.txt"
      cmake -S "$KTAB/elpp" -B "$KTAB/elpp/build" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_INSTALL_PREFIX="$KTAB/local"
      make -C "$KTAB/elpp/build" -j 2 install
      for t in kutils kmodel; do
        cmake -S "$KTAB/KTAB/$t" -B "$KTAB/KTAB/$t/build" -DCMAKE_BUILD_TYPE=Release \
          "-DCMAKE_CXX_FLAGS=-O3 -DNDEBUG"
        make -C "$KTAB/KTAB/$t/build" -j 2 "$t"
      done
      cmake -S "$KTAB/examples/smp" -B "$KTAB/examples/smp/build" "-DCMAKE_CXX_FLAGS=-O3 -DNDEBUG" \
        -DENABLE_QT_SMPQ_GUI=OFF -DENABLE_QT_SASQ_GUI=OFF \
        -DCMAKE_PROJECT_INCLUDE="$KTAB/qt5widgets.cmake"
      make -C "$KTAB/examples/smp/build" -j 2 smpc
    ) >"$KTAB/build.log" 2>&1 && [ -x "$KTAB/examples/smp/smpc" ]; then
      SMPC=$KTAB/examples/smp/smpc
    else
      echo "   the KTAB build failed (see $KTAB/build.log)"
    fi
  fi
fi
# smpc exits 0 even when it fails (its errors go to its log file only): one
# untimed run per input first, which must write positions to its database.
cat >"$SCRATCH/smpc_check.py" <<'EOF'
import glob, os, sqlite3, sys
try:
    db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
    n, turns = db.execute("select count(*), count(distinct Turn_t) from VectorPosition").fetchone()
except sqlite3.Error:
    n = 0
if n == 0:
    errs = [l.strip() for f in glob.glob("smpc-*_log.txt") for l in open(f) if "Error" in l]
    sys.exit("smpc wrote no positions: %s" % "; ".join(errs[:3]))
print(turns)
EOF
if [ -n "$SMPC" ]; then
  RUN=$KTAB/run
  mkdir -p "$RUN"
  # smpc reads ./smpc-logger.conf: the shipped one (log to a file only)
  cp "$KTAB/examples/smp/smpc-logger.conf" "$RUN/"
  echo "   smpc: $SMPC"
  echo "   inputs: KTAB's CSV files in tests/data/ktab (smpc rejects both shipped XML files,"
  echo "   docs/formats.md); both programs with KTAB's default switches"
  header
  # a080 (183 s a run of smpc) only when asked: KTAB_CASES=dummyData-a080
  for case in ${KTAB_CASES:-dummyData_3Dim SOE-Pol-Comp dummyData_6Dim dummyData-a040}; do
    cp "$ROOT/tests/data/ktab/$case.csv" "$RUN/$case.csv"
    rm -f "$RUN"/run.db "$RUN"/smpc-*_log.txt
    (cd "$RUN" && "$SMPC" --logmin --connstr "Driver=QSQLITE;Database=run" --csv "$case.csv" >/dev/null 2>&1) || true
    if ! turns=$(cd "$RUN" && python3 "$SCRATCH/smpc_check.py" run.db); then
      echo "   $case: smpc failed (see its log in $RUN); not timed"
      continue
    fi
    CPUTIME_CLEAN="run.db smpc-*_log.txt" python3 "$SCRATCH/cputime.py" "$case ($((turns - 1)) steps)" "$REPS" "$RUN" \
      "$SMPC" --logmin --connstr "Driver=QSQLITE;Database=run" --csv "$case.csv" -- \
      "$PARLEY" forecast -m spatial --sq-replicates 0 "$case.csv"
  done
else
  [ -z "$missing" ] || echo "   not built here: missing$missing (Debian packages: sh scripts/install-deps.sh bench)."
  echo "   Recorded (shared/models/spatial-model.md section 1.15, 2026-11, 2-core AMD EPYC VM, smpc --logmin,"
  echo "   process CPU, median of 3): 3Dim 0.095 s, SOE-Pol-Comp 0.77 s, 6Dim 5.7 s, a040 12.5 s, a080 183 s."
  echo "   Not a live ratio."
fi
echo
echo "load average $(load) at the end"
