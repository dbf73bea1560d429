#!/bin/sh
# qi-campaign with the Slurm engine, on a real single-node Slurm cluster
# started here (slurm-lib.sh): the test campaign plus a failing workload
# gives exactly the local engine's results; each step is one job array
# with the campaign file's resources, the later steps depending task by
# task on the earlier; the failing workload's later tasks never run.  A
# rerun interrupted while its jobs are queued is rejoined by the next run.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
. "$TESTS_SRC/lib/campaign-lib.sh"
. "$TESTS_SRC/lib/slurm-lib.sh"

broken="[workload broken]
command = false
interval = 10K
maxk = 2"
slurm="[slurm]
partition = qitest
[campaign]
profile-time = 10
capture-time = 0:15:00
profile-memory = 900M"

start_slurm

write_campaign local.ini "$WORK/local" "$broken"
t0=$(date +%s.%N)
# Under nohup (SIGHUP ignored, which guests inherit unless qi-campaign
# resets it: gzip then runs other code) while Slurm starts tasks afresh.
run local.out local.err nohup "$CAMPAIGN" --engine local --poll 1 local.ini
t1=$(date +%s.%N)
assert_eq "local engine: the broken workload fails" 1 "$STATUS"

# [campaign] may come twice in a key file: GLib merges the groups.
write_campaign slurm.ini "$WORK/slurm" "$broken
$slurm"
run out err "$CAMPAIGN" --engine slurm --poll 1 slurm.ini
t2=$(date +%s.%N)
log=$WORK/slurm/broken/logs/profile.log
assert_eq "slurm engine: status 1, the broken workload's line" \
    "1 [qi-campaign: broken: profile failed: qemu-instr failed (exit status 1) (log: $log)]" \
    "$STATUS [$(cat err)]"
assert_eq "slurm engine: as the local engine said it" \
    "$(sed "s|$WORK/local/|$WORK/slurm/|" local.err)" "$(cat err)"
assert_eq "slurm engine: 4 of 5 finished" "4 of 5 workloads finished" \
    "$(sed -n 's/^qi-campaign: \(.* finished\) in .*/\1/p' out)"
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
    printf "# wall time of the test campaign: local engine %.1f s, slurm engine %.1f s\n", b - a, c - b }'

# Three job arrays of the five workloads (array index = position in the
# file), with the resources asked for.
jobs=$(sed -n 's/.*submitted \([a-z]*\) of 5 workloads: job array \([0-9]*\)$/\1 \2/p' out)
assert_eq "one job array per step" "profile cluster capture" \
    "$(echo "$jobs" | cut -d' ' -f1 | tr '\n' ' ' | sed 's/ $//')"
job() { echo "$jobs" | awk -v s="$1" '$1 == s { print $2 }'; }
squeue --noheader --array --states=all --jobs="$(job profile),$(job cluster),$(job capture)" \
    --format='%F %K %T %l %m %P %j' | sort -k2n > tasks
for step in profile cluster capture; do
    case $step in
    profile) limits="10:00 900M" ;;
    cluster) limits="UNLIMITED 0" ;;
    capture) limits="15:00 0" ;;
    esac
    for i in 0 1 2 3; do
        assert_eq "$step task $i: completed, with its limits" \
            "COMPLETED $limits qitest qi-campaign-$step" \
            "$(awk -v j="$(job $step)" -v i=$i '$1 == j && $2 == i { print $3, $4, $5, $6, $7 }' tasks)"
    done
done
assert_eq "broken: profile failed, its later tasks never ran" \
    "FAILED CANCELLED CANCELLED" \
    "$(for step in profile cluster capture; do
        awk -v j="$(job $step)" '$1 == j && $2 == 4 { printf "%s ", $3 }' tasks
    done | sed 's/ $//')"

# Exactly the local engine's results.
fingerprint "$WORK/local" > local.sums
fingerprint "$WORK/slurm" > slurm.sums
for w in $WORKLOADS; do
    for step in profile cluster capture; do
        grep -q "  \./$w/$step/" local.sums || fail "no $w/$step in: $(cat local.sums)"
    done
done
assert_eq "same results as the local engine" "" "$(diff local.sums slurm.sums)"
check_phases "$WORK/slurm"

# Fixed, the broken workload alone is submitted; this run is stopped while
# its jobs are queued, and the next run waits for them instead of
# submitting again.
for w in $WORKLOADS; do cat "$WORK"/slurm/$w/*/done.json; done > done-before
write_campaign slurm.ini "$WORK/slurm" "$(echo "$broken" | sed "s|false|true|")
$slurm"
scontrol update partitionname=qitest state=down
"$CAMPAIGN" --engine slurm --poll 1 slurm.ini > stopped.out 2>&1 &
pid=$!
i=0
until grep -q 'submitted capture of 1 workloads' stopped.out 2>/dev/null; do
    i=$((i + 1))
    [ $i -lt 300 ] || { kill $pid; fail "no submission: $(cat stopped.out)"; }
    sleep 0.1
done
kill -TERM $pid
wait $pid
assert_eq "stopped while queued" 130 "$?"
assert_eq "stopped: says the jobs go on" 1 \
    "$(grep -c 'stopped waiting; the jobs go on, and a rerun waits for them' stopped.out)"
scontrol update partitionname=qitest state=up
run out err "$CAMPAIGN" --engine slurm --poll 1 slurm.ini
assert_eq "rejoined: finishes" "0 []" "$STATUS [$(cat err)]"
assert_eq "rejoined: waited for the earlier jobs, submitted none" "1 0" \
    "$(grep -c 'waiting for the job arrays an earlier run submitted' out) $(grep -c 'submitted [a-z]* of' out)"
assert_eq "finished steps not redone" "" \
    "$(for w in $WORKLOADS; do cat "$WORK"/slurm/$w/*/done.json; done | diff done-before -)"
assert_eq "broken: now finished" "| broken | done |" \
    "$(grep '^| broken ' "$WORK/slurm/summary.md" | cut -d'|' -f1-3)|"
done_testing
