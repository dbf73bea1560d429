#!/bin/sh
# Install what is needed, build, and run the whole test suite (unit and
# integration tests) twice with the same build: against Debian 12's QEMU 7.2
# (plugin API v1) and against QEMU 10.0 (plugin API v4, from
# scripts/qemu10.sh's cache); then scripts/test-deb.sh (the Debian
# packages, one test) and `make distcheck`.  Run as root on Debian 12.
# Ends with one line "tests: N passed, N failed" over all of them.
# SPDX-License-Identifier: GPL-2.0-or-later
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh" || exit 1
qemu10=$("$top/scripts/qemu10.sh" | tail -n 1) || exit 1
"$top/scripts/build.sh" || exit 1
cd "$top/build" || exit 1

# run_suite NAME [MAKE-VARIABLES...]: make check, its log kept as NAME.log.
status=0
run_suite() {
    name=$1
    shift
    echo "== test suite on $name"
    make -j"$(nproc)" check TEST_SUITE_LOG="$name.log" "$@"
    suite_status=$?
    if [ $suite_status -ne 0 ]; then
        status=1
        # Show why, right here in the CI log.
        for log in $(grep -l '^FAIL\|^ERROR' $(find tests -name '*.log')); do
            echo "==== $name: $log"; tail -n 40 "$log"
        done
    fi
}
run_suite qemu-7.2
run_suite qemu-10.0 QEMU_X86_64="$qemu10/bin/qemu-x86_64" \
    QEMU_AARCH64="$qemu10/bin/qemu-aarch64" \
    QEMU_SYSTEM_X86_64="$qemu10/bin/qemu-system-x86_64" \
    QEMU_STATIC_X86_64="$qemu10/static/qemu-x86_64"

# The Debian packages: built (no tests), installed, used, purged.
deb_status=0
"$top/scripts/test-deb.sh" /usr/bin/qemu-x86_64 "$qemu10/bin/qemu-x86_64" \
    >test-deb.log 2>&1 || deb_status=1
if [ $deb_status -ne 0 ]; then
    status=1; tail -n 40 test-deb.log; echo "scripts/test-deb.sh failed"
fi

if [ $status -eq 0 ]; then
    make -j"$(nproc)" distcheck >distcheck.log 2>&1 || {
        tail -n 40 distcheck.log; echo "make distcheck failed"; status=1; }
fi

count() { sed -n "s/^# $1: *//p" qemu-7.2.log qemu-10.0.log | awk '{ n += $1 } END { print n + 0 }'; }
passed=$(( $(count PASS) + 1 - deb_status ))
failed=$(( $(count FAIL) + $(count ERROR) + $(count XPASS) + deb_status ))
echo "tests: $passed passed, $failed failed"
exit $status
