#!/bin/sh
# Counts across discontinuities: icount on guests that take signals
# mid-block and resume after the faulting instruction (faults.S,
# faults-aarch64.S; docs/discontinuities.md).  From QEMU 10.0 on the runtime
# counts the instructions retired, exactly: RETIRED of the .expect.  Before
# 10.0 it charges each block in full when entered, the documented overcount:
# BLOCK_COUNT = RETIRED + OVERCOUNT (per fault, the instructions from the
# faulting one to its block's end).
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

# qemu_major QEMU: the major version number QEMU prints for --version.
qemu_major() {
    "$1" --version | sed -n 's/.* version \([0-9]*\)\..*/\1/p'
}

# check_guest GUEST QEMU: GUEST's icount under QEMU is the count the
# contract above names for QEMU's version, and its signals all arrived.
check_guest() {
    major=$(qemu_major "$2")
    [ -n "$major" ] || fail "$2 printed no QEMU version"
    if [ "$major" -ge 10 ]; then
        what="instructions retired (QEMU $major)" key=RETIRED
    else
        what="per-block overcount (QEMU $major)" key=BLOCK_COUNT
    fi
    n=$(expect_value "$1" $key)
    run out err "$QI" "$2" -instr file=icount,arg=out=count.txt "$GUESTS/$1"
    assert_eq "$1: exit status (every signal arrived)" \
        "$(expect_value "$1" EXIT)" "$STATUS"
    assert_eq "$1: $what" "insns $n
vcpu 0 $n" "$(cat count.txt)"
}

check_guest faults "$QEMU_X86_64"
if [ -n "$QEMU_AARCH64" ] && [ -x "$GUESTS/faults-aarch64" ]; then
    check_guest faults-aarch64 "$QEMU_AARCH64"
else
    echo "# faults-aarch64 not run: no qemu-aarch64 or no aarch64-linux-gnu-gcc"
fi
done_testing
