#!/bin/sh
# hotblocks lists every block of the by-construction guests with its exact
# executions, and the loop of the multi-threaded guest with the executions
# of all its threads.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

for guest in loop stores phases syscalls; do
    run out err "$QI" "$QEMU_X86_64" -instr file=hotblocks,arg=top=0,arg=out=hot.txt \
        "$GUESTS/$guest"
    assert_eq "$guest: every block" "$(expected_hotblocks $guest)" \
        "$(cat hot.txt)"
done

# top=N keeps the first N lines.
run out err "$QI" "$QEMU_X86_64" -instr file=hotblocks,arg=top=2,arg=out=hot.txt \
    "$GUESTS/phases"
assert_eq "top=2" "$(expected_hotblocks phases | head -n 3)" "$(cat hot.txt)"

# Four threads run the same block concurrently: no execution is lost.
loop=$(symbol_address "$GUESTS/threads" "$(expect_value threads LOOP_SYMBOL)")
execs=$(expect_value threads DEFAULT_LOOP_EXECS)
for attempt in 1 2; do
    run out err "$QI" "$QEMU_X86_64" -instr file=hotblocks,arg=top=0,arg=out=hot.txt \
        "$GUESTS/threads"
    assert_eq "threads run $attempt: the loop block" \
        "$loop, $(expect_value threads LOOP_INSNS), $execs, $(expect_value threads DEFAULT_LOOP_INSTRUCTIONS)" \
        "$(grep "^$loop," hot.txt)"
done
done_testing
