#!/bin/sh
# SimPoint end to end on a guest with phases A, B, A (tests/guests/phases.S):
# bbv's vectors, clustered by qi-simpoint, give exactly two clusters whose
# weights are the phases' shares of the intervals, and whose simulation
# points lie in the right phases.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
SIMPOINT=$(dirname "$QI")/qi-simpoint

interval=$(expect_value phases INTERVAL)
phases=$(expect_value phases INTERVAL_PHASES)   # e.g. "A A A B B B B A A A"
run out err "$QI" "$QEMU_X86_64" \
    -instr file=bbv,arg=interval="$interval",arg=out=phases "$GUESTS/phases"
assert_eq "guest ran" 0 "$STATUS"
# -maxK well below the 10 intervals: with as many clusters as intervals,
# BIC rewards splitting near-identical intervals (as SimPoint does).
for maxk in 2 3 5; do
    run out err "$SIMPOINT" -loadFVFile phases.0.bb -maxK $maxk \
        -saveSimpoints sp.txt -saveSimpointWeights w.txt
    assert_eq "qi-simpoint -maxK $maxk succeeds" "0 []" "$STATUS [$(cat err)]"
    assert_eq "-maxK $maxk: exactly two clusters" 2 "$(wc -l < sp.txt | tr -d ' ')"
    # For each cluster: the phase of its simulation point, and its weight.
    sort -k2 sp.txt > sp.sorted
    sort -k2 w.txt > w.sorted
    got=$(join -1 2 -2 2 -o 1.1,2.1 sp.sorted w.sorted |
        while read -r point weight; do
            phase=$(echo $phases | cut -d' ' -f$((point + 1)))
            share=$(echo $phases | tr ' ' '\n' | grep -c "^$phase$")
            total=$(echo $phases | wc -w)
            printf '%s %s %s\n' "$phase" "$weight" \
                "$(awk -v s="$share" -v t="$total" 'BEGIN { print s / t }')"
        done | sort)
    assert_eq "-maxK $maxk: one point per phase, weights = shares" \
        "A 0.6 0.6
B 0.4 0.4" "$(echo "$got" | awk '{ printf "%s %g %g\n", $1, $2, $3 }')"
done

# A malformed vector file: the error names the file and the line.
printf 'T:1:5 :2:7\nT:0:3\n' > bad.bb
run out err "$SIMPOINT" -loadFVFile bad.bb -maxK 2 -saveSimpoints sp.txt \
    -saveSimpointWeights w.txt
assert_eq "block id 0 refused" 1 "$STATUS"
assert_eq "error names the line" 1 "$(grep -c '^qi-simpoint: bad.bb:2: ' err)"
done_testing
