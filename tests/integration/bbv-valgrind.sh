#!/bin/sh
# Cross-check of bbv with Valgrind's exp-bbv on static guests.  exp-bbv's
# documented quirks (design.md, phases.expect): its first interval holds
# N+1 instructions (so each later border is one instruction later than
# ours) and it does not write the final partial interval.  So with T =
# INSNS: exp-bbv writes floor((T-1)/N) lines summing to N+1, N, N, ...,
# and bbv writes floor(T/N) lines of N; the first floor((T-1)/N) totals
# agree once exp-bbv's extra first instruction is taken off.  exp-bbv's
# "Total instructions" equals bbv's total with partial=on.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
. "$TESTS_SRC/lib/bbv-lib.sh"

command -v valgrind >/dev/null || skip "valgrind is not installed"

# cross_check GUEST N
cross_check() {
    insns=$(expect_value $1 INSNS)
    run out err valgrind --tool=exp-bbv --interval-size=$2 --bb-out-file=vg.bb \
        "$GUESTS/$1"
    [ "$STATUS" -eq 0 ] || fail "valgrind on $1: status $STATUS: $(cat err)"
    run out err "$QI" "$QEMU_X86_64" \
        -instr file=bbv,arg=out=q,arg=interval=$2,arg=partial=on "$GUESTS/$1"
    [ "$STATUS" -eq 0 ] || fail "bbv on $1: status $STATUS: $(cat err)"

    lines=$(((insns - 1) / $2))
    assert_eq "$1, N=$2: exp-bbv writes floor((INSNS-1)/N) lines" $lines \
        "$(grep -c '^T' vg.bb)"
    assert_eq "$1, N=$2: bbv writes floor(INSNS/N) full lines" $((insns / $2)) \
        "$(bbmap_vcpu q.bbmap 0 | cut -d' ' -f1)"
    assert_eq "$1, N=$2: exp-bbv's totals minus its extra first instruction = bbv's" \
        "$(bb_sums q.0.bb | head -n $lines)" \
        "$(bb_sums vg.bb | awk 'NR == 1 { $1 -= 1 } { print }')"
    assert_eq "$1, N=$2: exp-bbv's total instructions = bbv's = INSNS" \
        "$insns $insns" \
        "$(sed -n 's/^#   Total instructions: //p' vg.bb) $(bb_total q.0.bb)"
}

assert_eq "phases.expect agrees with the quirks" \
    "$(expect_value phases VALGRIND_T_LINES)" \
    $((($(expect_value phases INSNS) - 1) / $(expect_value phases INTERVAL)))
cross_check phases "$(expect_value phases INTERVAL)"
cross_check loop 1000
cross_check loop 7
done_testing
