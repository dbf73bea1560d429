#!/bin/sh
# qi-campaign with the local engine on the test campaign (campaign-lib.sh):
# every step of the four workloads finishes; the phases guest's simulation
# points lie in its phases and each captured window holds exactly its
# interval's block executions; real programs' windows agree with their
# intervals' vectors; the summary's numbers are the results'; a second run
# redoes nothing.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
. "$TESTS_SRC/lib/campaign-lib.sh"

write_campaign c.ini "$WORK/results"
run out err "$CAMPAIGN" --poll 1 c.ini
assert_eq "campaign runs" "0 []" "$STATUS [$(cat err)]"
assert_eq "all workloads finished" 1 \
    "$(grep -c '^qi-campaign: 4 of 4 workloads finished in ' out)"
for w in $WORKLOADS; do
    assert_eq "$w: every step's results, no temporary left" \
        "capture cluster logs phases.dat phases.png profile" \
        "$(ls "$WORK/results/$w" | tr '\n' ' ' | sed 's/ $//')"
    assert_eq "$w: phase plot is a PNG" "PNG" \
        "$(head -c 4 "$WORK/results/$w/phases.png" | tail -c 3)"
done

check_phases "$WORK/results"
for w in bzip2 gzip sha256sum; do
    check_real "$WORK/results" $w
done
for m in "$WORK"/results/sha256sum/capture/memtrace.*; do
    run stats err "$MEMTRACE" --stats "$m"
    assert_eq "sha256sum: $(basename "$m") is a complete memory trace" "0 []" \
        "$STATUS [$(cat err)]"
    [ "$(sed -n 's/^loads //p' stats)" -gt 0 ] || fail "$m: no loads"
done
assert_eq "sha256sum: a memory trace per window" \
    "$(($(wc -l < "$WORK/results/sha256sum/capture/windows.tsv") - 1))" \
    "$(ls "$WORK"/results/sha256sum/capture/memtrace.* | wc -l)"

# The summary's row of each workload, from the results themselves.
commas() {
    echo "$1" | sed ':a; s/\B[0-9]\{3\}\>/,&/; ta'
}
for w in $WORKLOADS; do
    d=$WORK/results/$w
    interval=$(sed -n 's/^# qemu-instr bbv: interval \([0-9]*\),.*/\1/p' "$d/profile/prog.bbmap")
    n=$(grep -c '^T' "$d/profile/prog.0.bb")
    insns=$(tr ' ' '\n' < "$d/profile/prog.0.bb" | awk -F: 'NF == 3 { s += $3 } END { print s }')
    partial=$(sed -n 's/^# vcpu 0: .* full intervals, \([0-9]*\) instructions.*/\1/p' "$d/profile/prog.bbmap")
    points=$(sort -n "$d/cluster/simpoints" | while read -r i c; do
        printf '%s (%.3g), ' "$i" "$(awk -v c="$c" '$2 == c { print $1 }' "$d/cluster/weights")"
    done | sed 's/, $//')
    files=$(tail -n +2 "$d/capture/windows.tsv" | cut -f8 | tr ',' '\n' | grep -cv '^-$')
    assert_eq "$w: windows.tsv names every capture file" \
        "$(ls "$d/capture" | grep -v '^done.json$\|^windows.tsv$\|^fidelity$' | sort)" \
        "$(tail -n +2 "$d/capture/windows.tsv" | cut -f8 | tr ',' '\n' | sort)"
    want="| $w | done | $(commas $((insns + partial))) | $n × $(commas "$interval") | $(wc -l < "$d/cluster/simpoints") | $points | $files"
    got=$(grep "^| $w | " "$WORK/results/summary.md" | awk -F ' [|] ' '{
        printf "%s | %s | %s | %s | %s | %s | %s\n", $1, $2, $3, $4, $5, $6,
            substr($7, 1, index($7, " (") - 1) }')
    assert_eq "$w: summary row" "$want" "$got"
done

# A second run finds everything finished and changes nothing.
fingerprint "$WORK/results" > before
cat "$WORK"/results/*/*/done.json > done-before
run out err "$CAMPAIGN" --poll 1 c.ini
assert_eq "second run" "0 []" "$STATUS [$(cat err)]"
assert_eq "second run: nothing to do" 1 \
    "$(grep -c '4 workloads, 4 already finished' out)"
assert_eq "second run: no step started" 0 "$(grep -c ' started$' out)"
assert_eq "second run: results unchanged" "" "$(fingerprint "$WORK/results" | diff before -)"
assert_eq "second run: step records unchanged" "" \
    "$(cat "$WORK"/results/*/*/done.json | diff done-before -)"
done_testing
