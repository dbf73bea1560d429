#!/bin/sh
# bbv on the multi-threaded guest: one exact .bb per vCPU.  Every full line
# of every vCPU sums to N, and the loop block (found by its address in the
# .bbmap) counts, per vCPU, exactly its executions x LOOP_INSNS.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
. "$TESTS_SRC/lib/bbv-lib.sh"

G="$GUESTS/threads"
n=100000
run out err "$QI" "$QEMU_X86_64" \
    -instr file=bbv,arg=out=t,arg=interval=$n,arg=partial=on "$G"
assert_eq "exit status and stderr" "$(expect_value threads EXIT) []" \
    "$STATUS [$(cat err)]"
assert_eq "one .bb per vCPU (main thread and DEFAULT_THREADS)" \
    "$(seq 0 "$(expect_value threads DEFAULT_THREADS)" | sed 's/.*/t.&.bb/')" \
    "$(ls t.*.bb | sort -t. -k2n)"

loop=$(block_id t.bbmap "$G" "$(expect_value threads LOOP_SYMBOL)")
loop_insns=$(expect_value threads LOOP_INSNS)
for f in t.*.bb; do
    vcpu=${f#t.}
    vcpu=${vcpu%.bb}
    set -- $(bbmap_vcpu t.bbmap $vcpu)
    full=$1 rest=$2
    assert_eq "vcpu $vcpu: full lines sum to $n, then the rest" \
        "$(repeat_line "$full" $n; [ "$rest" -eq 0 ] || echo "$rest")" \
        "$(bb_sums "$f")"
    execs=0
    for pair in $(expect_value threads DEFAULT_LOOP_EXECS_PER_VCPU); do
        [ "${pair%:*}" = "$vcpu" ] && execs=${pair#*:}
    done
    assert_eq "vcpu $vcpu: loop block counts executions x LOOP_INSNS" \
        $((execs * loop_insns)) "$(bb_block_total "$f" "$loop")"
done
done_testing
