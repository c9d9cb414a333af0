#!/bin/sh
# scripts/install-deps.sh against stand-ins for apt-get, dpkg-query and
# lslocks (nothing is installed): one line per step with apt's output in the
# log, libc6-dev asked for, waiting for a held apt/dpkg lock with a message,
# giving up after PARLEY_APT_WAIT seconds, and the log's tail on a failure.
#   tests/install_deps.sh SOURCE_DIR SCRATCH_DIR
# Needs root (the script runs apt-get directly as root); exit 77 (skipped)
# otherwise.
set -u
src=${1:?source dir} tmp=${2:?scratch dir}
[ "$(id -u)" -eq 0 ] || { echo "not root: skipped"; exit 77; }
rm -rf "$tmp"
mkdir -p "$tmp/bin"
fail=0
no() { echo "FAIL: $*"; fail=1; }

# dpkg-query: every package installed except libc6-dev and those in ALSO_MISSING
cat >"$tmp/bin/dpkg-query" <<'EOF'
#!/bin/sh
for p in libc6-dev ${ALSO_MISSING:-}; do
  case " $* " in *" $p "*) echo "unknown ok not-installed"; exit 0 ;; esac
done
echo "install ok installed"
EOF
# apt-get: prints like apt; fails an install when APT_FAIL is set
cat >"$tmp/bin/apt-get" <<'EOF'
#!/bin/sh
echo "apt-get $*"
echo "Reading package lists... Done"
case "$*" in *install*) [ -n "${APT_FAIL:-}" ] && { echo "E: Unable to locate package libc6-dev"; exit 100; } ;; esac
exit 0
EOF
# lslocks: the dpkg frontend lock is held for the first LOCK_CALLS calls
cat >"$tmp/bin/lslocks" <<'EOF'
#!/bin/sh
n=$(cat "$LOCK_COUNT" 2>/dev/null || echo 0)
echo $((n + 1)) >"$LOCK_COUNT"
[ "$n" -lt "${LOCK_CALLS:-0}" ] && echo /var/lib/dpkg/lock-frontend
echo /run/other.lock
EOF
chmod +x "$tmp/bin/"*
run() { env PATH="$tmp/bin:$PATH" LOCK_COUNT="$tmp/count" PARLEY_DEPS_LOG="$tmp/deps.log" "$@" sh "$src/scripts/install-deps.sh" "${MODE:-}" >"$tmp/out" 2>&1; }

# 1. no lock held: one line per step, apt's output only in the log
rm -f "$tmp/count"
run LOCK_CALLS=0 || no "plain run failed: $(cat "$tmp/out")"
grep -q "^parley: installing libc6-dev (apt-get install) (log: $tmp/deps.log)" "$tmp/out" || no "no install line: $(cat "$tmp/out")"
grep -q "^parley: updating the package lists" "$tmp/out" || no "no update line"
grep -q "Reading package lists" "$tmp/out" && no "apt's output on the terminal"
grep -q "install -y --no-install-recommends libc6-dev" "$tmp/deps.log" || no "apt's output not in the log"
grep -q "waiting" "$tmp/out" && no "waited for a lock nobody held"

# 2. the lock is held for two checks: a message, then the install goes on
rm -f "$tmp/count"
run LOCK_CALLS=2 PARLEY_APT_WAIT=60 || no "run with a held lock failed: $(cat "$tmp/out")"
grep -q "holds the package lock; waiting for it (at most 60 s, PARLEY_APT_WAIT)" "$tmp/out" || no "no waiting message: $(cat "$tmp/out")"
grep -q "^parley: dependencies installed" "$tmp/out" || no "did not finish after the lock was freed"

# 3. the lock stays held: give up after PARLEY_APT_WAIT seconds, exit 1
rm -f "$tmp/count"
run LOCK_CALLS=1000 PARLEY_APT_WAIT=0 && no "went on while the lock was held"
grep -q "still held after 0 s" "$tmp/out" || no "no timeout message: $(cat "$tmp/out")"

# 4. apt-get fails: exit 1 and the log's last lines on the terminal
rm -f "$tmp/count"
run APT_FAIL=1 && no "a failed apt-get install exited 0"
grep -q "^parley: failed: installing libc6-dev" "$tmp/out" || no "no failure line: $(cat "$tmp/out")"
grep -q "E: Unable to locate package" "$tmp/out" || no "the log's tail is not shown"

# 5. a bad PARLEY_APT_WAIT is a usage error
run PARLEY_APT_WAIT=ten && no "PARLEY_APT_WAIT=ten accepted"
grep -q "PARLEY_APT_WAIT must be a whole number" "$tmp/out" || no "no message for PARLEY_APT_WAIT=ten"

# 6. "bench" also asks for what KTAB's smpc needs (bench/references.sh) ...
rm -f "$tmp/count"
qt="qtbase5-dev libqt5sql5-sqlite libtinyxml2-dev"
MODE=bench run ALSO_MISSING="$qt" || no "bench run failed: $(cat "$tmp/out")"
grep -q "^parley: installing libc6-dev $qt (apt-get install)" "$tmp/out" || no "bench: not asked for Qt and TinyXML2: $(cat "$tmp/out")"

# 7. ... which the default list (CI) does not install
rm -f "$tmp/count"
run ALSO_MISSING="$qt" || no "plain run with Qt missing failed: $(cat "$tmp/out")"
grep -q "^parley: installing libc6-dev (apt-get install)" "$tmp/out" || no "default: asked for more than libc6-dev: $(cat "$tmp/out")"

[ $fail -eq 0 ] && echo "install-deps: 7 cases passed"
exit $fail
