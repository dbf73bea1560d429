#!/bin/sh
# The shutdown torture matrix: guests {one thread, 4 busy threads, a forking
# shell} x signals {TERM, TERM twice 10 ms apart, INT, HUP, TERM then KILL
# after 5 s} x libraries {icount + bbv partial=on, icount + bbv trace=,
# hotblocks + opcodes, cache}, each cell SHUTDOWN_REPS times (default 3).
# Every run ends (no hang), dies of the first signal (128 + n), and every
# output is complete and consistent: icount's total = the sum of bbv's .bb
# vectors over vCPUs = the BBL trace's total; hotblocks' instructions =
# opcodes' executions.  Ends with one line of counts (runs, hangs,
# incomplete).
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
. "$TESTS_SRC/lib/bbv-lib.sh"

Q=$QEMU_X86_64
REPS=${SHUTDOWN_REPS:-3}
ulimit -c 0
"$CC" -nostdlib -static -DITERS=100000000000 -o spin "$GUEST_SRC/spin.S" ||
    fail "cannot build the long spin guest"
N=100000000000

runs=0 hangs=0 incomplete=0

# run_cell GUEST SIGNALS LIBS: one run; GUEST and LIBS are names below.
run_cell() {
    guest=$1 signals=$2 libs=$3
    rm -rf cell && mkdir cell && cd cell || fail "no cell directory"
    case $libs in
    icount-bbv) set -- -instr file=icount,arg=out=ic.txt \
        -instr file=bbv,arg=out=bb,arg=interval=1000000,arg=partial=on ;;
    icount-trace) set -- -instr file=icount,arg=out=ic.txt \
        -instr file=bbv,arg=trace=tr.bbl ;;
    hot-opcodes) set -- -instr file=hotblocks,arg=out=hb.txt,arg=top=0 \
        -instr file=opcodes,arg=out=op.txt,arg=top=0 ;;
    cache) set -- -instr file=cache,arg=out=cache.txt ;;
    esac
    case $guest in
    one) set -- "$@" ../spin ;;
    threads) set -- "$@" "$GUESTS/threads" $N $N $N $N ;;
    shell) set -- "$@" /bin/sh -c 'while :; do (:); done' ;;
    esac
    perl -e '$SIG{$_} = "DEFAULT" for qw(INT QUIT HUP TERM PIPE); exec @ARGV' \
        -- "$QI" "$Q" "$@" >out 2>err </dev/null &
    pid=$!
    sleep 1
    case $signals in
    term) kill -TERM $pid ;;
    term2) kill -TERM $pid; sleep 0.01; kill -TERM $pid ;;
    int) kill -INT $pid ;;
    hup) kill -HUP $pid ;;
    term-kill) kill -TERM $pid ;;
    esac
    first=$(echo "$signals" | sed 's/[0-9]*$//; s/-kill$//' | tr a-z A-Z)
    # No hang: TERM-then-KILL gets its KILL after 5 s, every other run 60 s.
    bound=60
    [ "$signals" = term-kill ] && bound=5
    waited=0
    while kill -0 $pid 2>/dev/null && [ $waited -lt $((bound * 10)) ]; do
        sleep 0.1; waited=$((waited + 1))
    done
    hung=0
    if kill -0 $pid 2>/dev/null; then
        hung=1; kill -KILL $pid
    fi
    wait $pid
    status=$?
    runs=$((runs + 1))
    what="$guest/$signals/$libs"
    if [ $hung = 1 ]; then
        hangs=$((hangs + 1))
        fail "$what: still running after $bound s ($(cat err))"
    fi
    assert_eq "$what: dies of SIG$first" $((128 + $(kill -l "$first"))) \
        "$status"
    check_outputs "$what" || incomplete=$((incomplete + 1))
    cd ..
}

# icount's total, after checking that its report is complete.
icount_total() {
    total=$(sed -n 's/^insns //p' ic.txt)
    per_vcpu=$(awk '$1 == "vcpu" { s += $3 } END { printf "%.0f", s }' ic.txt)
    [ -n "$total" ] && [ "$total" -gt 0 ] && [ "$total" = "$per_vcpu" ] &&
        echo "$total"
}

check_outputs() {
    case $libs in
    icount-bbv)
        ic=$(icount_total) || { ok_not "$1: icount's report" "$(cat ic.txt)"; return 1; }
        bb=0
        for f in bb.*.bb; do bb=$((bb + $(bb_total "$f"))); done
        [ -s bb.bbmap ] && [ "$bb" = "$ic" ] ||
            { ok_not "$1: bbv's vectors ($bb) add up to icount's $ic" ""; return 1; }
        ;;
    icount-trace)
        ic=$(icount_total) || { ok_not "$1: icount's report" "$(cat ic.txt)"; return 1; }
        tr=$("$(dirname "$QI")/qi-bbltrace" --stats tr.bbl 2>&1 |
             sed -n 's/^total: .* instructions //p')
        [ "$tr" = "$ic" ] ||
            { ok_not "$1: the trace's total ($tr) is icount's $ic" ""; return 1; }
        ;;
    hot-opcodes)
        hb=$(awk -F', ' 'NR > 1 { s += $4 } END { printf "%.0f", s }' hb.txt)
        op=$(awk '{ s += $1 } END { printf "%.0f", s }' op.txt)
        [ "$hb" -gt 0 ] && [ "$hb" = "$op" ] ||
            { ok_not "$1: hotblocks' $hb instructions = opcodes' $op" ""; return 1; }
        ;;
    cache)
        [ "$(grep -v '^metric ' cache.txt | cut -d' ' -f1 | tr '\n' ' ')" = "LEVEL L1 L2 " ] ||
            { ok_not "$1: the cache report is complete" "$(cat cache.txt)"; return 1; }
        ;;
    esac
    PASSED=$((PASSED + 1))
    echo "ok - $1: outputs complete and consistent"
}

# ok_not WHAT DETAIL: a failed check that does not stop the matrix.
ok_not() {
    echo "not ok - $1"
    [ -n "$2" ] && echo "$2" | sed 's/^/# /'
    FAILED=1
}

FAILED=0
for rep in $(seq "$REPS"); do
    for guest in one threads shell; do
        for signals in term term2 int hup term-kill; do
            for libs in icount-bbv icount-trace hot-opcodes cache; do
                run_cell $guest $signals $libs
            done
        done
    done
done
echo "# $(uname -m) $("$Q" --version | head -n 1): runs $runs, hangs $hangs, outputs incomplete $incomplete"
[ $FAILED = 0 ] || fail "some outputs were incomplete"
done_testing
