#!/bin/sh
# bbv on the loop guest with interval sizes that split blocks (the loop
# block has 4 instructions): every full interval holds exactly N
# instructions, the rest is the last, partial interval, reported in the
# .bbmap and written only with partial=on.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
. "$TESTS_SRC/lib/bbv-lib.sh"

insns=$(expect_value loop INSNS)
for n in 1 3 7 1000 1K 40004 40005; do
    case $n in *K) v=$((${n%K} * 1000)) ;; *) v=$n ;; esac
    full=$((insns / v)) rest=$((insns % v))
    run out err "$QI" "$QEMU_X86_64" -instr file=bbv,arg=out=l,arg=interval=$n \
        "$GUESTS/loop"
    assert_eq "interval=$n: exit status and stderr" "0 []" "$STATUS [$(cat err)]"
    assert_eq "interval=$n: $full full intervals of $v" \
        "$(repeat_line $full $v)" "$(bb_sums l.0.bb)"
    assert_eq "interval=$n: .bbmap reports the rest" "$full $rest" \
        "$(bbmap_vcpu l.bbmap 0)"

    run out err "$QI" "$QEMU_X86_64" \
        -instr file=bbv,arg=out=lp,arg=interval=$n,arg=partial=on "$GUESTS/loop"
    assert_eq "interval=$n, partial=on: total = INSNS" "$insns" "$(bb_total lp.0.bb)"
    if [ $rest -ne 0 ]; then
        assert_eq "interval=$n, partial=on: last line holds the rest" "$rest" \
            "$(bb_sums lp.0.bb | tail -n 1)"
    fi
    assert_eq "interval=$n, partial=on: full lines as without" "" \
        "$(head -n $full lp.0.bb | cmp - l.0.bb)"
done
done_testing
