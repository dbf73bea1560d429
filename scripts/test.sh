#!/bin/sh
# Install what is needed, build, and run the whole test suite (unit and
# integration tests, then `make distcheck`).  Run as root on Debian 12.
# Ends with one line "tests: N passed, N failed".
# SPDX-License-Identifier: GPL-2.0-or-later
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh" || exit 1
"$top/scripts/build.sh" || exit 1
cd "$top/build" || exit 1

make -j"$(nproc)" check
status=$?
if [ $status -ne 0 ]; then
    # Show why, right here in the CI log.
    for log in $(grep -l '^FAIL\|^ERROR' $(find tests -name '*.log')); do
        echo "==== $log"; tail -n 40 "$log"
    done
fi
if [ $status -eq 0 ]; then
    make -j"$(nproc)" distcheck >distcheck.log 2>&1 || {
        tail -n 40 distcheck.log; echo "make distcheck failed"; status=1; }
fi

count() { sed -n "s/^# $1: *//p" test-suite.log | head -n 1; }
passed=$(count PASS)
failed=$(( $(count FAIL) + $(count ERROR) + $(count XPASS) ))
echo "tests: ${passed:-0} passed, $failed failed"
exit $status
