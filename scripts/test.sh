#!/bin/sh
# Install what is needed, build, and run the whole test suite (unit and
# integration tests) three times with the same build: against Debian 12's
# QEMU 7.2 (plugin API v1), QEMU 10.0 (plugin API v4, scripts/qemu10.sh's
# cache) and QEMU 10.2 (plugin API v5, scripts/qemu102.sh's cache); then
# scripts/test-deb.sh (the Debian packages, one test) and `make distcheck`
# (the tarball builds, installs and passes the unit tests; the integration
# tests have just run on every QEMU).  Run as root on Debian 12.  Says how
# long each part took ("time: PART N s", the CI budget is 30 minutes) and
# ends with one line "tests: N passed, N failed" over all of them.
# SPDX-License-Identifier: GPL-2.0-or-later
set -u
top=$(cd "$(dirname "$0")/.." && pwd)

# timed PART COMMAND...: run COMMAND, then say on stderr how long it took.
timed() {
    part=$1
    shift
    start=$(date +%s)
    "$@"
    timed_status=$?
    echo "time: $part $(( $(date +%s) - start )) s" >&2
    return $timed_status
}

timed deps "$top/scripts/install-deps.sh" || exit 1
# Each prints its cache directory last (nothing if it failed).
qemu10=$(timed qemu-10.0 "$top/scripts/qemu10.sh" | tail -n 1)
[ -d "$qemu10/bin" ] || { echo "scripts/qemu10.sh failed"; exit 1; }
qemu102=$(timed qemu-10.2 "$top/scripts/qemu102.sh" | tail -n 1)
[ -d "$qemu102/bin" ] || { echo "scripts/qemu102.sh failed"; exit 1; }
timed build "$top/scripts/build.sh" || exit 1
cd "$top/build" || exit 1

# run_suite NAME [MAKE-VARIABLES...]: make check, its log kept as NAME.log.
status=0
logs=
run_suite() {
    name=$1
    shift
    echo "== test suite on $name"
    timed "suite-$name" make -j"$(nproc)" check TEST_SUITE_LOG="$name.log" "$@"
    suite_status=$?
    logs="$logs $name.log"
    if [ $suite_status -ne 0 ]; then
        status=1
        # Show why, right here in the CI log.
        for log in $(grep -l '^FAIL\|^ERROR' $(find tests -name '*.log')); do
            echo "==== $name: $log"; tail -n 40 "$log"
        done
    fi
}
run_suite qemu-7.2
# QEMU 10.0 sits between the two others (the same module as 10.2): to keep
# CI near 25 minutes on a fresh machine, the two soaks do not run on it and
# the shutdown matrix runs once per cell instead of three times.
run_suite qemu-10.0 QI_SKIP_SOAKS=1 SHUTDOWN_REPS=1 \
    QEMU_X86_64="$qemu10/bin/qemu-x86_64" \
    QEMU_AARCH64="$qemu10/bin/qemu-aarch64" \
    QEMU_SYSTEM_X86_64="$qemu10/bin/qemu-system-x86_64" \
    QEMU_STATIC_X86_64="$qemu10/static/qemu-x86_64"
run_suite qemu-10.2 QEMU_X86_64="$qemu102/bin/qemu-x86_64" \
    QEMU_AARCH64="$qemu102/bin/qemu-aarch64" \
    QEMU_SYSTEM_X86_64="$qemu102/bin/qemu-system-x86_64"

# The Debian packages: built (no tests), installed, used, purged.
deb_status=0
timed deb "$top/scripts/test-deb.sh" /usr/bin/qemu-x86_64 \
    "$qemu10/bin/qemu-x86_64" "$qemu102/bin/qemu-x86_64" \
    >test-deb.log 2>&1 || deb_status=1
if [ $deb_status -ne 0 ]; then
    status=1; tail -n 40 test-deb.log; echo "scripts/test-deb.sh failed"
fi

# The tarball builds, installs and passes the unit tests (output in
# distcheck.log).
distcheck() {
    make -j"$(nproc)" distcheck TEST_LOGS='$(UNIT_TEST_LOGS)' >distcheck.log 2>&1
}
# distcheck counts as one test (it runs only when everything else passed).
distcheck_status=0
if [ $status -eq 0 ]; then
    timed distcheck distcheck || {
        tail -n 40 distcheck.log; echo "make distcheck failed"; status=1
        distcheck_status=1; }
fi

count() { sed -n "s/^# $1: *//p" $logs | awk '{ n += $1 } END { print n + 0 }'; }
passed=$(( $(count PASS) + 1 - deb_status ))
failed=$(( $(count FAIL) + $(count ERROR) + $(count XPASS) + deb_status + distcheck_status ))
echo "tests: $passed passed, $failed failed"
exit $status
