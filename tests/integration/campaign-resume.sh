#!/bin/sh
# An interrupted campaign resumes: killed once with SIGTERM and once with
# SIGKILL in the middle, it leaves only complete steps (and temporaries),
# no QEMU running, and each rerun continues without redoing a finished
# step.  A failing workload is reported with its log and does not stop the
# others; once its command is fixed, a rerun runs only it.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
. "$TESTS_SRC/lib/campaign-lib.sh"

broken="[workload broken]
command = false
interval = 10K
maxk = 2"
write_campaign c.ini "$WORK/results" "$broken"
# One workload at a time, so that the campaign is long enough to stop in
# the middle and the order of the steps is known.
sed -i 's/^jobs = 2$/jobs = 1/' c.ini

# finished: "WORKLOAD/STEP" of every finished step.
finished() {
    (cd "$WORK/results" && ls -d */*/done.json 2>/dev/null | sed 's|/done.json||')
}

# interrupt SIGNAL FILE: run the campaign, send SIGNAL once FILE has data.
interrupt() {
    "$CAMPAIGN" --poll 1 c.ini > run.out 2> run.err &
    pid=$!
    i=0
    until [ -s "$2" ]; do
        i=$((i + 1))
        [ $i -lt 1200 ] || { kill -KILL $pid; fail "$2 never appeared"; }
        sleep 0.05
    done
    kill -"$1" $pid
    wait $pid
    STATUS=$?
    # What qi-campaign ran must be gone with it (even after SIGKILL).
    i=0
    while pgrep -f "$WORK/results" >/dev/null && [ $i -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    assert_eq "$1: no process of the campaign left" "" \
        "$(pgrep -af "$WORK/results")"
    assert_eq "$1: every step directory is complete" "" \
        "$(cd "$WORK/results" && for d in */profile */cluster */capture; do
              [ -d "$d" ] && [ ! -f "$d/done.json" ] && echo "$d"; done)"
    keep_records $1
}

# keep_records NAME: the finished steps, their records and how many times
# each was started, in finished.NAME and record.*.
keep_records() {
    finished > finished.$1
    for s in $(cat finished.$1); do
        cp "$WORK/results/$s/done.json" "record.$(echo "$s" | tr / .)"
        starts "$s" > "starts.$(echo "$s" | tr / .)"
    done
}

# starts WORKLOAD/STEP: how many times the step was started.
starts() {
    grep -c "^== ${1#*/} of ${1%/*} started" "$WORK/results/${1%/*}/logs/${1#*/}.log"
}

# resumed SIGNAL: the steps finished before SIGNAL were not run again.
resumed() {
    for s in $(cat finished.$1); do
        assert_eq "after $1: $s not redone" "" \
            "$(cmp "$WORK/results/$s/done.json" "record.$(echo "$s" | tr / .)" 2>&1)"
        assert_eq "after $1: $s not started again" \
            "$(cat "starts.$(echo "$s" | tr / .)")" "$(starts "$s")"
    done
}

interrupt TERM "$WORK/results/bzip2/profile.tmp/prog.0.bb"
assert_eq "SIGTERM: interrupted" 130 "$STATUS"
assert_eq "SIGTERM: says so" 1 "$(grep -c 'SIGTERM: stopping; a rerun continues from the finished steps' run.out)"
assert_eq "SIGTERM: phases finished, bzip2 not" \
    "phases/capture phases/cluster phases/profile" "$(cat finished.TERM | tr '\n' ' ' | sed 's/ $//')"

interrupt KILL "$WORK/results/gzip/profile.tmp/prog.0.bb"
resumed TERM
assert_eq "SIGKILL: killed" 137 "$STATUS"
assert_eq "SIGKILL: bzip2 finished, gzip not" \
    "bzip2/capture bzip2/cluster bzip2/profile phases/capture phases/cluster phases/profile" \
    "$(cat finished.KILL | tr '\n' ' ' | sed 's/ $//')"

# The rerun finishes everything but the broken workload, which it reports.
run out err "$CAMPAIGN" --poll 1 c.ini
resumed KILL
log=$WORK/results/broken/logs/profile.log
assert_eq "broken workload: status 1, one line naming its log" \
    "1 [qi-campaign: broken: profile failed: qemu-instr failed (exit status 1) (log: $log)]" \
    "$STATUS [$(cat err)]"
assert_eq "broken workload: its log says why" 1 "$(grep -c '^== failed: qemu-instr failed (exit status 1)$' "$log")"
assert_eq "the other workloads finished" \
    "4 of 5 workloads finished" "$(sed -n 's/^qi-campaign: \(.* finished\) in .*/\1/p' out)"
assert_eq "summary: broken's row" \
    "| broken | **profile not finished** | – | – | – | – | – | – | – | – | – |" \
    "$(grep '^| broken ' "$WORK/results/summary.md")"
check_phases "$WORK/results"
for w in bzip2 gzip sha256sum; do
    check_real "$WORK/results" $w
done

# Fixed, the broken workload runs alone.
keep_records fix
write_campaign c.ini "$WORK/results" "$(echo "$broken" | sed "s|false|true|")"
run out err "$CAMPAIGN" --poll 1 c.ini
assert_eq "fixed: finishes" "0 []" "$STATUS [$(cat err)]"
resumed fix
assert_eq "fixed: only broken ran" "broken: profile started
broken: cluster started
broken: capture started" "$(sed -n 's/^\[ *[0-9.]* s\] \(.*started\)$/\1/p' out)"
done_testing
