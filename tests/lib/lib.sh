# Shared helpers of the integration tests.  Sourced by each test script,
# which runs from the build tree under `make check` with, in its
# environment: QI (the launcher), QEMU_X86_64, QEMU_AARCH64,
# QEMU_SYSTEM_X86_64, GUESTS (built guests), GUEST_SRC (their sources and
# .expect files), TESTLIBS (test libraries' .so), MODULES (the runtime
# modules' directory), CC, AARCH64_CC.
# SPDX-License-Identifier: GPL-2.0-or-later

set -u
export LC_ALL=C

# A scratch directory of the test's own, removed on exit.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/qi-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 99

PASSED=0

# The runtime module for $QEMU_X86_64's plugin API family, for tests that
# pass -plugin themselves: the one the launcher picks.
PLUGIN=$("$QI" --dry-run "$QEMU_X86_64" /bin/true | sed -n 's/^[^ ]* -plugin \([^ ]*\) .*/\1/p')
[ -n "$PLUGIN" ] || { echo "FAIL: no runtime module for $QEMU_X86_64" >&2; exit 99; }

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

# assert_icount_complete WHAT FILE: FILE is one complete icount report,
# "insns N" then "vcpu 0 N", of a count N > 0 (left in ICOUNT): for runs
# whose count is not known beforehand (a signal, an exec).
assert_icount_complete() {
    ICOUNT=$(sed -n 's/^insns //p' "$2")
    [ -n "$ICOUNT" ] && [ "$ICOUNT" -gt 0 ] ||
        fail "$1: no icount report: $(cat "$2")"
    assert_eq "$1" "insns $ICOUNT
vcpu 0 $ICOUNT" "$(cat "$2")"
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

# words LIST: the space-separated items of LIST, one per line, sorted.
words() {
    printf '%s\n' $1 | sort
}

# histogram: "VALUE:COUNT" for each distinct line of standard input, sorted.
histogram() {
    sort | uniq -c | awk '{ print $2 ":" $1 }' | sort
}

# block_table GUEST BINARY: "ADDRESS INSNS EXECS" for each block of
# GUEST's BLOCKS ("symbol:instructions:executions"), addresses from BINARY.
block_table() {
    for b in $(expect_value "$1" BLOCKS); do
        sym=${b%%:*} rest=${b#*:}
        echo "$(symbol_address "$2" "$sym") ${rest%%:*} ${rest#*:}"
    done
}

# expected_hotblocks GUEST: hotblocks' output for the blocks of GUEST.
expected_hotblocks() {
    echo "vaddr, n_insns, executions, instructions"
    block_table "$1" "$GUESTS/$1" |
        awk '{ printf "%s, %d, %d, %d\n", $1, $2, $3, $2 * $3 }' |
        sort -t, -k4,4nr -k1,1
}

# expected_opcodes GUEST BINARY OBJDUMP: "COUNT HEXBYTES" for every
# instruction encoding executed by GUEST, most executed first, ties by
# bytes: each block of BLOCKS runs its INSNS instructions from its address
# on (as OBJDUMP lists them) as many times as it executes.  OBJDUMP shows
# an AArch64 instruction as one 32-bit number; its bytes are little-endian.
expected_opcodes() {
    listing=$("$3" -d --insn-width=16 "$2" | awk -F '\t' 'NF >= 3 {
        addr = $1
        gsub(/[ :]/, "", addr)
        hex = $2
        gsub(/ /, "", hex)
        if ($2 ~ /^[0-9a-f]+ *$/ && length(hex) == 8) {
            le = ""
            for (i = 7; i > 0; i -= 2)
                le = le substr(hex, i, 2)
            hex = le
        }
        print addr, hex
    }')
    block_table "$1" "$2" | while read -r addr insns execs; do
        echo "$listing" | awk -v a="${addr#0x}" -v n="$insns" -v e="$execs" \
            '$1 == a { on = 1 } on && n > 0 { print e, $2; n-- }'
    done | awk '{ n[$2] += $1 } END { for (h in n) print n[h], h }' |
        sort -k1,1nr -k2,2
}

# expected_addrs GUEST: its STORE_ADDRS ("symbol+offset:count" or
# "address:count") as "address:count", sorted; symbols from $GUESTS/GUEST.
expected_addrs() {
    for a in $(expect_value "$1" STORE_ADDRS); do
        where=${a%%:*}
        case $where in
        0x*) addr=$where ;;
        *) addr=$(printf '0x%x' $(($(symbol_address "$GUESTS/$1" \
            "${where%%+*}") + ${where#*+}))) ;;
        esac
        echo "$addr:${a#*:}"
    done | sort
}

done_testing() {
    echo "# $PASSED checks passed"
    exit 0
}
