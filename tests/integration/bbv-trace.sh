#!/bin/sh
# The BBL trace: qi-bbltrace --bb re-derives, byte for byte, the .bb files
# bbv wrote directly in the same run; --stats and --text agree with the
# guests' known counts; cut traces give their complete records and one
# line; bad traces give one clear error.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
. "$TESTS_SRC/lib/bbv-lib.sh"

DECODER="$(dirname "$QI")/qi-bbltrace"

# round_trip NAME GUEST N [partial]: the decoder reproduces every .bb.
round_trip() {
    p=${4:+,arg=partial=on}
    run out err "$QI" "$QEMU_X86_64" \
        -instr file=bbv,arg=out=$1,arg=interval=$3,arg=trace=$1.trace$p "$GUESTS/$2"
    [ "$STATUS" -eq 0 ] || fail "bbv on $2: status $STATUS: $(cat err)"
    run out err "$DECODER" --bb=$1-decoded --interval=$3 ${4:+--partial} $1.trace
    assert_eq "$1: decoder status" "0 []" "$STATUS [$(cat err)]"
    assert_eq "$1: decoder reports the .bbmap's intervals" \
        "$(grep '^# vcpu' $1.bbmap | sed 's/^# //')" "$(cat out)"
    for f in $1.*.bb; do
        assert_eq "$1: $f re-derived byte for byte" "" \
            "$(cmp "$f" "$1-decoded${f#$1}" 2>&1)"
    done
    assert_eq "$1: same set of .bb files" "$(ls $1.*.bb | sed "s/^$1//")" \
        "$(ls $1-decoded.*.bb | sed "s/^$1-decoded//")"
}

round_trip phases phases "$(expect_value phases INTERVAL)"
round_trip loop7 loop 7 partial
round_trip loop1k loop 1K
round_trip threads threads 100000 partial

# Statistics and text of a single-threaded guest.
run out err "$DECODER" --stats phases.trace
assert_eq "--stats on phases" "blocks $(expect_value phases NBLOCKS)
vcpu 0: executions $(expect_value phases BLOCK_EXECS) instructions $(expect_value phases INSNS)
total: executions $(expect_value phases BLOCK_EXECS) instructions $(expect_value phases INSNS)" \
    "$(cat out)"
run out err "$DECODER" --text loop1k.trace
assert_eq "--text: one line per block and per execution" \
    "$(expect_value loop NBLOCKS) $(expect_value loop BLOCK_EXECS)" \
    "$(grep -c '^block ' out) $(grep -c '^exec 0 ' out)"
assert_eq "--text: the first block is _start" \
    "block 1 $(symbol_address "$GUESTS/loop" _start) 2" \
    "$(head -n 1 out | cut -d' ' -f1-4)"

# A trace alone (no out=) gives the same .bb as the direct run.
run out err "$QI" "$QEMU_X86_64" \
    -instr file=bbv,arg=trace=only.trace "$GUESTS/phases"
run out err "$DECODER" --bb=only --interval=$(expect_value phases INTERVAL) only.trace
assert_eq "trace without out=: same .bb" "" "$(cmp only.0.bb phases.0.bb 2>&1)"

# Cut traces (a killed QEMU): the complete records, then one line naming
# the file, status 3 (every offset: traces-cut.sh).
run full err "$DECODER" phases.trace
size=$(wc -c < phases.trace)
head -c $((size - 5)) phases.trace > cut.trace
run out err "$DECODER" cut.trace
assert_eq "trace cut in its END record: all of its data" "3 $(cat full)" \
    "$STATUS $(cat out)"
assert_eq "trace cut in its END record: one line" 1 \
    "$(grep -c "^qi-bbltrace: cut.trace: cut short at byte $((size - 5)) (in record [0-9]*, from byte $((size - 16))): the incomplete record is ignored\$" err)"
head -c 1000 phases.trace > short.trace
run out err "$DECODER" short.trace
assert_eq "trace cut in the middle: one line naming the file" "3 1" \
    "$STATUS $(grep -c '^qi-bbltrace: short.trace: cut short at byte 1000 ' err)"

# Bad traces.
echo 'T:1:1' > text.trace
run out err "$DECODER" text.trace
assert_eq "not a trace" "1 qi-bbltrace: text.trace: truncated at byte 0 (in the header)" \
    "$STATUS $(cat err)"
printf 'QIBBLT\r\n\2\0\0\0\0\0\0\0' > v2.trace
run out err "$DECODER" v2.trace
assert_eq "future version" "1 qi-bbltrace: v2.trace: trace format version 2, this reader knows 1" \
    "$STATUS $(cat err)"
run out err "$DECODER" --bb=x phases.trace
assert_eq "--bb without --interval" "1 qi-bbltrace: --bb and --interval go together" \
    "$STATUS $(cat err)"
done_testing
