#!/bin/sh
# icount counts exactly: the by-construction guests give their INSNS, all
# on vCPU 0; a multi-threaded guest gives one count per vCPU that sums to
# the total, and each vCPU runs the guest's loop block exactly as often as
# its thread was told to (emitted calls reach the right vCPU's counter).
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

for guest in loop stores phases phases-rate syscalls; do
    run out err "$QI" "$QEMU_X86_64" -instr file=icount,arg=out=count.txt \
        "$GUESTS/$guest"
    assert_eq "$guest: exit status" "$(expect_value $guest EXIT)" "$STATUS"
    n=$(expect_value $guest INSNS)
    assert_eq "$guest: instructions" "insns $n
vcpu 0 $n" "$(cat count.txt)"
done

# The total of a glibc program is not known by construction, but every
# thread is a vCPU of its own and the per-vCPU counts add up, run after run.
threads=$(expect_value threads DEFAULT_THREADS)
for attempt in 1 2; do
    run out err "$QI" "$QEMU_X86_64" -instr file=icount,arg=out=count.txt \
        "$GUESTS/threads"
    assert_eq "threads run $attempt: exit status" \
        "$(expect_value threads EXIT)" "$STATUS"
    assert_eq "threads run $attempt: one count per vCPU" \
        "$(seq 0 "$threads")" "$(awk '$1 == "vcpu" { print $2 }' count.txt)"
    assert_eq "threads run $attempt: total is the sum of the vCPUs" \
        "$(awk '$1 == "vcpu" { s += $3 } END { print "insns " s }' count.txt)" \
        "$(head -n 1 count.txt)"
done

# icount counts inline while one vCPU exists and switches to per-vCPU calls
# at the second: its total must equal bbv's, which calls from the start.
for attempt in 1 2 3; do
    run out err "$QI" "$QEMU_X86_64" -instr file=icount,arg=out=count.txt \
        -instr file=bbv,arg=interval=1000000,arg=out=bbv "$GUESTS/threads"
    assert_eq "threads run $attempt: icount's total equals bbv's" \
        "$(awk '/^# vcpu [0-9]+:/ { s += $4 * 1000000 + $7 }
                END { print "insns " s }' bbv.bbmap)" "$(head -n 1 count.txt)"
done

loop=$(symbol_address "$GUESTS/threads" "$(expect_value threads LOOP_SYMBOL)")
for mode in DEFAULT UNEVEN; do
    args= # ./threads with no arguments is the DEFAULT mode
    [ $mode = DEFAULT ] || args=$(expect_value threads ${mode}_ARGS)
    # shellcheck disable=SC2086 # $args is a list of numbers
    run out err "$QI" "$QEMU_X86_64" \
        -instr file="$TESTLIBS/block-vcpus.so",arg=addr=$loop,arg=out=loop.txt \
        -instr file=icount,arg=out=count.txt \
        "$GUESTS/threads" $args
    assert_eq "threads, $mode: loop executions per vCPU" \
        "$(words "$(expect_value threads ${mode}_LOOP_EXECS_PER_VCPU)")" \
        "$(sort loop.txt)"
    assert_eq "threads, $mode: one count per vCPU" \
        "$(seq 0 "$(expect_value threads ${mode}_THREADS)")" \
        "$(awk '$1 == "vcpu" { print $2 }' count.txt)"
done
done_testing
