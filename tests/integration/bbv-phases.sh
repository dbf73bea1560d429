#!/bin/sh
# bbv on the phases guest (A, B, A): the .bb file is exactly the vectors
# phases.expect gives, ids in order of first execution, every interval
# holds exactly INTERVAL instructions and nothing is left over.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
. "$TESTS_SRC/lib/bbv-lib.sh"

G="$GUESTS/phases"
n=$(expect_value phases INTERVAL)
intervals=$(expect_value phases INTERVALS)
run out err "$QI" "$QEMU_X86_64" -instr file=bbv,arg=out=p,arg=interval=$n "$G"
assert_eq "exit status and stderr" "0 []" "$STATUS [$(cat err)]"

# BLOCKS lists the blocks in order of first execution: ids 1, 2, ...
i=0
for b in $(expect_value phases BLOCKS); do
    i=$((i + 1))
    sym=${b%%:*}
    assert_eq "id of $sym" $i "$(block_id p.bbmap "$G" "$sym")"
done
assert_eq "one .bbmap line per block" "$(expect_value phases NBLOCKS)" \
    "$(grep -vc '^#' p.bbmap)"

# BBV_k: "symbol:instructions ..." -> "T:id:count :id:count" by id.
expected=$(k=0
    while [ $k -lt "$intervals" ]; do
        for pair in $(expect_value phases BBV_$k); do
            echo "$(block_id p.bbmap "$G" "${pair%%:*}") ${pair#*:}"
        done | sort -n | awk '{ printf "%s:%s:%s", NR == 1 ? "T" : " ", $1, $2 }
                              END { print "" }'
        k=$((k + 1))
    done)
assert_eq "the .bb file is BBV_0..BBV_$((intervals - 1))" "$expected" "$(cat p.0.bb)"
assert_eq "every interval sums to $n" "$(repeat_line "$intervals" "$n")" \
    "$(bb_sums p.0.bb)"
assert_eq "total = INSNS" "$(expect_value phases INSNS)" "$(bb_total p.0.bb)"
assert_eq "nothing left over" "$intervals 0" "$(bbmap_vcpu p.bbmap 0)"
assert_eq "ends with a newline" "" "$(tail -c 1 p.0.bb)"

# Identical runs give identical files.
run out err "$QI" "$QEMU_X86_64" -instr file=bbv,arg=out=again,arg=interval=$n "$G"
assert_eq "stable .bb" "" "$(cmp p.0.bb again.0.bb)"
assert_eq "stable .bbmap" "" "$(cmp p.bbmap again.bbmap)"
done_testing
