#!/bin/sh
# bbv on the phases guests (A, B, A; phases and phases-rate): the .bb file
# is exactly the vectors GUEST.expect gives, ids in order of first
# execution, every interval holds exactly INTERVAL instructions and nothing
# is left over.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
. "$TESTS_SRC/lib/bbv-lib.sh"

for guest in phases phases-rate; do
    G="$GUESTS/$guest"
    n=$(expect_value $guest INTERVAL)
    intervals=$(expect_value $guest INTERVALS)
    run out err "$QI" "$QEMU_X86_64" -instr file=bbv,arg=out=p,arg=interval=$n "$G"
    assert_eq "$guest: exit status and stderr" "0 []" "$STATUS [$(cat err)]"

    # BLOCKS lists the blocks in order of first execution: ids 1, 2, ...
    i=0
    for b in $(expect_value $guest BLOCKS); do
        i=$((i + 1))
        sym=${b%%:*}
        assert_eq "$guest: id of $sym" $i "$(block_id p.bbmap "$G" "$sym")"
    done
    assert_eq "$guest: one .bbmap line per block" "$(expect_value $guest NBLOCKS)" \
        "$(grep -vc '^#' p.bbmap)"

    # BBV_k: "symbol:instructions ..." -> "T:id:count :id:count" by id.
    expected=$(k=0
        while [ $k -lt "$intervals" ]; do
            for pair in $(expect_value $guest BBV_$k); do
                echo "$(block_id p.bbmap "$G" "${pair%%:*}") ${pair#*:}"
            done | sort -n | awk '{ printf "%s:%s:%s", NR == 1 ? "T" : " ", $1, $2 }
                                  END { print "" }'
            k=$((k + 1))
        done)
    assert_eq "$guest: the .bb file is BBV_0..BBV_$((intervals - 1))" "$expected" "$(cat p.0.bb)"
    assert_eq "$guest: every interval sums to $n" "$(repeat_line "$intervals" "$n")" \
        "$(bb_sums p.0.bb)"
    assert_eq "$guest: total = INSNS" "$(expect_value $guest INSNS)" "$(bb_total p.0.bb)"
    assert_eq "$guest: nothing left over" "$intervals 0" "$(bbmap_vcpu p.bbmap 0)"
    assert_eq "$guest: ends with a newline" "" "$(tail -c 1 p.0.bb)"

    # Identical runs give identical files.
    run out err "$QI" "$QEMU_X86_64" -instr file=bbv,arg=out=again,arg=interval=$n "$G"
    assert_eq "$guest: stable .bb" "" "$(cmp p.0.bb again.0.bb)"
    assert_eq "$guest: stable .bbmap" "" "$(cmp p.bbmap again.bbmap)"
done
done_testing
