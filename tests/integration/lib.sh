# Shared helpers of the integration tests.  Sourced by each test script,
# which runs from the build tree under `make check` with, in its
# environment: QI (the launcher), QEMU_X86_64, QEMU_AARCH64,
# QEMU_SYSTEM_X86_64, GUESTS (built guests), GUEST_SRC (their sources and
# .expect files), TESTLIBS (test libraries' .so), CC, AARCH64_CC.
# SPDX-License-Identifier: GPL-2.0-or-later

set -u

# A scratch directory of the test's own, removed on exit.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/qi-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 99

PASSED=0

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

skip() {
    echo "SKIP: $*" >&2
    exit 77
}

# assert_eq WHAT EXPECTED ACTUAL
assert_eq() {
    if [ "$2" != "$3" ]; then
        printf 'FAIL: %s\n--- expected\n%s\n--- actual\n%s\n' "$1" "$2" "$3" >&2
        exit 1
    fi
    PASSED=$((PASSED + 1))
    echo "ok - $1"
}

# run OUT ERR CMD...: run CMD with stdout/stderr to files; sets STATUS.
run() {
    out=$1 err=$2
    shift 2
    "$@" >"$out" 2>"$err" </dev/null
    STATUS=$?
}

# expect_value GUEST KEY: a value from tests/guests/GUEST.expect.
expect_value() {
    (. "$GUEST_SRC/$1.expect" && eval "printf '%s' \"\${$2}\"")
}

# symbol_address BINARY SYMBOL: the symbol's address as 0x... (lowercase).
symbol_address() {
    addr=$(nm "$1" | awk -v s="$2" '$3 == s { print $1 }')
    [ -n "$addr" ] || fail "no symbol $2 in $1"
    printf '0x%x' "0x$addr"
}

done_testing() {
    echo "# $PASSED checks passed"
    exit 0
}
