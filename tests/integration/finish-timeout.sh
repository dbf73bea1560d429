#!/bin/sh
# A library whose qi_fini never returns: after QEMU_INSTR_FINISH_TIMEOUT
# seconds one line names it, the other libraries still finish (their
# outputs complete and exact), and the run ends with status 1, or with the
# signal it was dying of where QEMU lets the runtime know it (QEMU 7.2).
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
. "$GUEST_SRC/loop.expect"

Q=$QEMU_X86_64
slow="$TESTLIBS/slow.so"
hang_line="qemu-instr: library lib1 ($slow) did not finish within 2 s (QEMU_INSTR_FINISH_TIMEOUT): its outputs may be incomplete; the others finish and the run ends"

# The guest exits by itself: icount (finished after the hung one) is exact.
QEMU_INSTR_FINISH_TIMEOUT=2 run out err timeout -s KILL 60 "$QI" "$Q" \
    -instr file=icount,arg=out=ic.txt -instr "file=$slow,arg=fini=100000" \
    "$GUESTS/loop"
assert_eq "exit status 1: a library's outputs may be incomplete" 1 "$STATUS"
assert_eq "one line names the library" "$hang_line" "$(cat err)"
assert_eq "icount finished anyway, exactly" "insns $INSNS
vcpu 0 $INSNS" "$(cat ic.txt)"

# Dying of SIGTERM: the same, and the run still ends.
"$CC" -nostdlib -static -DITERS=100000000000 -o spin "$GUEST_SRC/spin.S" ||
    fail "cannot build the long spin guest"
QEMU_INSTR_FINISH_TIMEOUT=2 perl -e '$SIG{TERM} = "DEFAULT"; exec @ARGV' -- \
    timeout -s KILL 60 "$QI" "$Q" -instr file=icount,arg=out=ic.txt \
    -instr "file=$slow,arg=fini=100000" ./spin >out 2>err </dev/null &
pid=$!
sleep 1
pkill -TERM -P $pid
wait $pid
STATUS=$?
# QEMU 9.0+ finish the libraries in their exit path without saying why.
expected=1
case $PLUGIN in *-v1.so) expected=143 ;; esac
assert_eq "after SIGTERM, ends with status $expected" $expected "$STATUS"
assert_eq "one line names the library" "$hang_line" "$(cat err)"
assert_icount_complete "icount finished anyway" ic.txt
done_testing
