#!/bin/sh
# bbv on an aarch64 guest under qemu-aarch64: a valid .bb whose total is
# the known instruction count.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
. "$TESTS_SRC/lib/bbv-lib.sh"

[ -n "$QEMU_AARCH64" ] || skip "qemu-aarch64 not found by configure"
[ -x "$GUESTS/loop-aarch64" ] || skip "no aarch64 guest (no aarch64 cross compiler)"

insns=$(expect_value loop-aarch64 INSNS)
n=1000
run out err "$QI" "$QEMU_AARCH64" \
    -instr file=bbv,arg=out=a,arg=interval=$n,arg=partial=on "$GUESTS/loop-aarch64"
assert_eq "exit status and stderr" "0 []" "$STATUS [$(cat err)]"
assert_eq "full lines sum to $n, then the rest" \
    "$(repeat_line $((insns / n)) $n; echo $((insns % n)))" "$(bb_sums a.0.bb)"
assert_eq "total = INSNS" "$insns" "$(bb_total a.0.bb)"
assert_eq "valid lines: T, then :id:count pairs with ids from 1" "" \
    "$(grep -Ev '^T:[1-9][0-9]*:[1-9][0-9]*( :[1-9][0-9]*:[1-9][0-9]*)*$' a.0.bb)"
assert_eq "ids are dense" "$(expect_value loop-aarch64 NBLOCKS)" \
    "$(grep -vc '^#' a.bbmap)"
done_testing
