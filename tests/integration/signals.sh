#!/bin/sh
# The guest dies of a signal: every library finishes first, and QEMU dies
# of the same signal.  SIGTERM, SIGINT and SIGHUP at their default action
# (while the guest computes, and while it waits in a system call), a guest
# that kills itself with SIGABRT (exact counts), a guest that handles
# SIGTERM itself (it keeps it), and crashes in a library's code (named; the
# other libraries finish).
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
. "$TESTS_SRC/lib/bbv-lib.sh"

Q=$QEMU_X86_64
ulimit -c 0
# A spin that outlasts any test: it only ends by a signal.
"$CC" -nostdlib -static -DITERS=100000000000 -o spin "$GUEST_SRC/spin.S" ||
    fail "cannot build the long spin guest"

# killed_after SIGNAL SECONDS ARGS...: run the launcher with ARGS in the
# background, every signal at its default action (a non-interactive shell
# starts background jobs with SIGINT ignored), and send SIGNAL after
# SECONDS; sets STATUS.
killed_after() {
    sig=$1 seconds=$2
    shift 2
    perl -e '$SIG{$_} = "DEFAULT" for qw(INT QUIT HUP TERM PIPE); exec @ARGV' \
        -- timeout -s KILL 120 "$QI" "$Q" "$@" >out 2>err </dev/null &
    pid=$!
    sleep "$seconds"
    pkill -"$sig" -P "$pid"
    wait "$pid"
    STATUS=$?
}

# check_finished WHAT: icount's report is complete and bbv's .bb vectors
# (partial=on) add up to the same count: both qi_fini ran at the same point.
check_finished() {
    assert_icount_complete "$1: icount's report is complete" ic.txt
    assert_eq "$1: bbv's vectors add up to icount's count" "$ICOUNT" \
        "$(bb_total bb.0.bb)"
    [ -s bb.bbmap ] || fail "$1: bbv's block map is empty"
}

for sig in TERM:15 INT:2 HUP:1; do
    name=${sig%:*} num=${sig#*:}
    rm -f ic.txt bb.*
    killed_after "$name" 2 -instr file=icount,arg=out=ic.txt \
        -instr file=bbv,arg=out=bb,arg=interval=10000000,arg=partial=on ./spin
    assert_eq "SIG$name: QEMU dies of it" "$((128 + num))" "$STATUS"
    check_finished "SIG$name while the guest computes"
done

# Waiting in a system call (QEMU restarts it to deliver the signal).
rm -f ic.txt bb.*
killed_after TERM 2 -instr file=icount,arg=out=ic.txt \
    -instr file=bbv,arg=out=bb,arg=interval=100000,arg=partial=on /bin/sleep 60
assert_eq "SIGTERM in sleep: QEMU dies of it" 143 "$STATUS"
check_finished "SIGTERM while the guest sleeps"

# A guest that handles SIGTERM keeps it: it exits the way it chose.
rm -f ic.txt bb.* ready
perl -e '$SIG{TERM} = "DEFAULT"; exec @ARGV' -- timeout -s KILL 120 \
    "$QI" "$Q" -instr file=icount,arg=out=ic.txt /bin/sh -c \
    'trap "echo caught; exit 7" TERM; : >ready; while :; do :; done' \
    >out 2>err </dev/null &
pid=$!
for i in $(seq 100); do [ -e ready ] && break; sleep 0.1; done
sleep 0.5
pkill -TERM -P "$pid"
wait "$pid"
STATUS=$?
assert_eq "a guest's own SIGTERM handler runs" "7 caught" "$STATUS $(cat out)"
assert_icount_complete "...and the libraries finish as at any exit" ic.txt

# A guest that kills itself with SIGABRT: exact counts.
insns=$(expect_value aborts INSNS)
run out err "$QI" "$Q" -instr file=icount,arg=out=ic.txt \
    -instr file=bbv,arg=out=bb,arg=interval=1000,arg=partial=on "$GUESTS/aborts"
assert_eq "SIGABRT: QEMU dies of it" "$(expect_value aborts EXIT)" "$STATUS"
assert_eq "SIGABRT: icount counted every instruction" "insns $insns
vcpu 0 $insns" "$(cat ic.txt)"
assert_eq "SIGABRT: bbv counted every instruction" "$insns" "$(bb_total bb.0.bb)"

# A library that crashes in its execution-time call at the 1000th block:
# it is named, icount (loaded before it) still reports.  QEMU runs a
# block's calls before its inline counts, so icount has 999 blocks of
# loop: _start (2) and 998 runs of loop_body (4 each).
crashy="$TESTLIBS/crashy.so"
run out err "$QI" "$Q" -instr file=icount,arg=out=ic.txt \
    -instr file="$crashy",arg=after=1000 "$GUESTS/loop"
assert_eq "crash in an execution-time call" \
    "139 qemu-instr: library lib1 ($crashy) crashed: SIGSEGV at crashy.so+OFFSET in crashy_exec; it is not finished, the other libraries are" \
    "$STATUS $(sed 's/+0x[0-9a-f]*/+OFFSET/' err)"
assert_eq "...the other library finished" "insns 3994
vcpu 0 3994" "$(cat ic.txt)"

# A crash in qi_fini: named with the function, the others finish, and the
# run's status says results were lost.
insns=$(expect_value loop INSNS)
run out err "$QI" "$Q" -instr file=icount,arg=out=ic.txt \
    -instr file="$crashy",arg=at=fini "$GUESTS/loop"
assert_eq "crash in qi_fini" \
    "1 qemu-instr: library lib1 ($crashy) crashed: SIGSEGV at crashy.so+OFFSET in qi_fini while finishing; its outputs are left as they were" \
    "$STATUS $(sed 's/+0x[0-9a-f]*/+OFFSET/' err)"
assert_eq "...the other library finished" "insns $insns
vcpu 0 $insns" "$(cat ic.txt)"

# SIGTERM as soon as the monitor's socket exists, before the guest runs
# (QEMU has no handler yet): held until the guest starts, then the same
# death as later: icount's report complete, the socket removed.
for i in 1 2 3 4 5; do
    rm -f early.sock ic.txt
    perl -e '$SIG{TERM} = "DEFAULT"; exec @ARGV' -- "$QI" "$Q" \
        -instr-qmp "unix:$WORK/early.sock" -instr file=icount,arg=out=ic.txt \
        ./spin >out 2>err </dev/null &
    pid=$!
    while [ ! -e early.sock ] && kill -0 $pid 2>/dev/null; do sleep 0.001; done
    kill -TERM $pid
    wait $pid
    assert_eq "early SIGTERM $i: status" 143 "$?"
    # Killed at its first block, the guest may not have run an instruction.
    assert_eq "early SIGTERM $i: icount's report is complete" yes \
        "$(awk '$1 == "insns" { t = $2; n++ } $1 == "vcpu" { s += $3 }
                END { print (n == 1 && t == s) ? "yes" : "no" }' ic.txt)"
    assert_eq "early SIGTERM $i: the socket is removed" no \
        "$([ -e early.sock ] && echo yes || echo no)"
done
echo "$PASSED checks passed"
