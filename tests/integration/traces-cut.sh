#!/bin/sh
# What a killed QEMU leaves is usable: a memtrace or BBL trace cut at every
# byte offset of its last 64 records (and of the END record) decodes to
# exactly the output of the complete records before the cut, then one line
# on standard error saying where it was cut, exit status 3; a cut on a
# record boundary of a memtrace is a complete file (exit 0, nothing said).
# Damage that is not a cut stays an error (exit 1).
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

TOOLS=$(dirname "$QI")
LAST=64

# decoded_as WHAT STATUS ERRLINE DECODER ARGS...: DECODER ARGS writes
# exactly exp.txt on standard output and ERRLINE (empty: nothing) on
# standard error, and exits with STATUS.  Fails with WHAT otherwise; no
# output on success, this runs for every offset.
decoded_as() {
    what=$1 want_status=$2 want_err=$3
    shift 3
    "$@" >out.txt 2>err.txt </dev/null
    status=$?
    l1= l2=
    { IFS= read -r l1; IFS= read -r l2; } <err.txt
    [ "$status" = "$want_status" ] && [ "$l1" = "$want_err" ] &&
        [ -z "$l2" ] && cmp -s exp.txt out.txt && return 0
    printf 'FAIL: %s\n--- expected (status %s)\n%s\n--- actual (status %s)\n' \
        "$what" "$want_status" "$want_err" "$status" >&2
    cat err.txt >&2
    diff exp.txt out.txt | head -n 5 >&2
    exit 1
}

# decoded_ok ARGS...: decoded_as ARGS, as one check of its own.
decoded_ok() {
    decoded_as "$@"
    PASSED=$((PASSED + 1))
    echo "ok - $1"
}

# --- memtrace: 16-byte header, 24-byte records, no END record. ---
run out err "$QI" "$QEMU_X86_64" -instr \
    file=memtrace,arg=access=w,arg=out=mt.bin "$GUESTS/stores"
[ "$STATUS" -eq "$(expect_value stores EXIT)" ] || fail "memtrace on stores: status $STATUS: $(cat err)"
run full.txt err "$TOOLS/qi-memtrace" mt.bin
assert_eq "memtrace: the full trace decodes" "0 $(expect_value stores STORES)" \
    "$STATUS $(wc -l < full.txt | tr -d ' ')"
size=$(wc -c < mt.bin)
n=$(((size - 16) / 24))
[ "$n" -gt "$LAST" ] || fail "memtrace: only $n records"
c=$((16 + 24 * (n - LAST)))
checked=0
while [ "$c" -le "$size" ]; do
    k=$(((c - 16) / 24)) part=$(((c - 16) % 24))
    head -c "$c" mt.bin > cut.bin
    if [ "$part" -eq 0 ]; then
        head -n "$k" full.txt > exp.txt
        decoded_as "memtrace cut at $c (after record $k)" 0 "" \
            "$TOOLS/qi-memtrace" cut.bin
    else
        decoded_as "memtrace cut at $c (in record $((k + 1)))" 3 \
            "qi-memtrace: cut.bin: cut short at byte $c (in record $((k + 1)), from byte $((c - part))): the incomplete record is ignored" \
            "$TOOLS/qi-memtrace" cut.bin
    fi
    checked=$((checked + 1))
    c=$((c + 1))
done
assert_eq "memtrace: every offset of the last $LAST records" \
    $((24 * LAST + 1)) "$checked"

# --stats of a cut trace: the statistics of its complete records.
head -c $((size - 24 - 5)) mt.bin > cut.bin
head -c $((size - 48)) mt.bin > whole.bin
run exp.txt err "$TOOLS/qi-memtrace" --stats whole.bin
decoded_ok "memtrace --stats of a cut trace" 3 \
    "qi-memtrace: cut.bin: cut short at byte $((size - 29)) (in record $((n - 1)), from byte $((size - 48))): the incomplete record is ignored" \
    "$TOOLS/qi-memtrace" --stats cut.bin

# Damage that is not a cut: a bad size_shift in the middle stays an error.
cp mt.bin bad.bin
printf '\011' | dd of=bad.bin bs=1 seek=$((16 + 24 * 10 + 20)) conv=notrunc 2>/dev/null
run out err "$TOOLS/qi-memtrace" bad.bin
assert_eq "memtrace: bad size_shift in a complete file" \
    "1 qi-memtrace: bad.bin: record 11: bad size_shift 9" "$STATUS $(cat err)"

# --- BBL traces: records of any length, then END. ---

# records TRACE: "START END LINES_BEFORE LINES" for each record of TRACE,
# END included: its byte range, and the --text lines of the records before
# it and of itself (1 per BLOCK, COUNT per EXEC, 0 for END).
records() {
    od -An -tu1 -v "$1" | awk '
        function u32(o) {
            return b[o] + 256 * (b[o + 1] + 256 * (b[o + 2] + 256 * b[o + 3]))
        }
        { for (i = 1; i <= NF; i++) b[n++] = $i }
        END {
            for (o = 16; o < n; o = e) {
                t = u32(o)
                if (t == 1) { e = o + 24 + u32(o + 20); l = 1 }
                else if (t == 2) { e = o + 12 + 4 * u32(o + 8); l = u32(o + 8) }
                else if (t == 3) { e = o + 16; l = 0 }
                else { print "bad record type " t " at " o; exit 1 }
                print o, e, lines + 0, l
                lines += l
            }
        }'
}

# cut_bbl NAME GUEST EXIT: every cut of the last $LAST records and END of
# the trace of GUEST, which exits with status EXIT.
cut_bbl() {
    run out err "$QI" "$QEMU_X86_64" -instr file=bbv,arg=trace=$1.trace "$2"
    [ "$STATUS" -eq "$3" ] || fail "bbv on $2: status $STATUS: $(cat err)"
    run full.txt err "$TOOLS/qi-bbltrace" --text $1.trace
    [ "$STATUS" -eq 0 ] || fail "$1: full trace: status $STATUS: $(cat err)"
    records $1.trace > $1.records
    grep -q bad $1.records && fail "$1: $(cat $1.records)"
    size=$(wc -c < $1.trace)
    total=$(wc -l < $1.records)
    assert_eq "$1: records end at the end of the file, END last" \
        "$size 0" "$(tail -n 1 $1.records | cut -d' ' -f2,4)"
    assert_eq "$1: the records' lines are the --text lines" \
        "$(wc -l < full.txt)" "$(awk '{ s += $4 } END { print s }' $1.records)"
    first=$((total > LAST + 1 ? total - LAST - 1 : 0))
    i=0 checked=0
    while read -r start end before lines; do
        i=$((i + 1))
        [ "$i" -gt "$first" ] || continue
        head -n "$before" full.txt > exp.txt
        c=$start
        while [ "$c" -lt "$end" ]; do
            head -c "$c" $1.trace > cut.trace
            if [ "$c" -eq "$start" ]; then
                decoded_as "$1 cut at $c (before record $i)" 3 \
                    "qi-bbltrace: cut.trace: cut short at byte $c (no END record after $((i - 1)) complete records)" \
                    "$TOOLS/qi-bbltrace" --text cut.trace
            else
                decoded_as "$1 cut at $c (in record $i)" 3 \
                    "qi-bbltrace: cut.trace: cut short at byte $c (in record $i, from byte $start): the incomplete record is ignored" \
                    "$TOOLS/qi-bbltrace" --text cut.trace
            fi
            checked=$((checked + 1))
            c=$((c + 1))
        done
    done < $1.records
    cp full.txt exp.txt
    head -c "$size" $1.trace > cut.trace
    decoded_as "$1: uncut" 0 "" "$TOOLS/qi-bbltrace" --text cut.trace
    first_byte=$(sed -n "$((first + 1))p" $1.records | cut -d' ' -f1)
    assert_eq "$1: every offset of the last $((total - first)) records" \
        $((size - first_byte)) "$checked"
}

# syscalls: five BLOCK records, one EXEC record, END: cuts in each field of
# each kind of record.
cut_bbl syscalls "$GUESTS/syscalls" "$(expect_value syscalls EXIT)"

# A chain of $LAST + 8 one-jump blocks, each run once: more BLOCK records
# than $LAST, then one EXEC record of them all, END.  (Real programs end
# with an EXEC record of thousands of entries, a decoder run per byte; the
# long EXEC record of phases is cut once, below.)
{
    printf '\t.text\n\t.globl _start\n_start:\n\tjmp b0\n'
    i=0
    while [ $i -lt $((LAST + 8)) ]; do
        printf 'b%d:\n\tnop\n\tjmp b%d\n' $i $((i + 1))
        i=$((i + 1))
    done
    printf 'b%d:\n\tmov $231, %%eax\n\txor %%edi, %%edi\n\tsyscall\n' $i
} > chain.S
"$CC" -nostdlib -static -o chain chain.S || fail "cannot build chain.S"
cut_bbl chain ./chain 0

# --stats and --bb of a trace cut inside its last EXEC record: those of the
# trace cut just before that record.
run out err "$QI" "$QEMU_X86_64" -instr \
    file=bbv,arg=out=phases,arg=interval=$(expect_value phases INTERVAL),arg=trace=phases.trace \
    "$GUESTS/phases"
[ "$STATUS" -eq "$(expect_value phases EXIT)" ] || fail "bbv on phases: status $STATUS: $(cat err)"
records phases.trace > phases.records
set -- $(awk '$4 > 25 { s = $1; k = NR } END { print s, k }' phases.records)
last_exec=$1 k=$2
head -c "$last_exec" phases.trace > before.trace
head -c $((last_exec + 100)) phases.trace > cut.trace
run exp.txt err "$TOOLS/qi-bbltrace" --stats before.trace
decoded_ok "--stats of a cut trace" 3 \
    "qi-bbltrace: cut.trace: cut short at byte $((last_exec + 100)) (in record $k, from byte $last_exec): the incomplete record is ignored" \
    "$TOOLS/qi-bbltrace" --stats cut.trace
run exp.txt err "$TOOLS/qi-bbltrace" --bb=before --interval=$(expect_value phases INTERVAL) \
    --partial before.trace
decoded_ok "--bb of a cut trace: the summary" 3 \
    "qi-bbltrace: cut.trace: cut short at byte $((last_exec + 100)) (in record $k, from byte $last_exec): the incomplete record is ignored" \
    "$TOOLS/qi-bbltrace" --bb=cut --interval=$(expect_value phases INTERVAL) \
    --partial cut.trace
assert_eq "--bb of a cut trace: the .bb of the complete records" "" \
    "$(cmp before.0.bb cut.0.bb 2>&1)"
# The complete records' full intervals are those bbv wrote itself.
full_lines=$(grep -c '^T' cut.0.bb)
assert_eq "--bb of a cut trace: its full intervals are bbv's own" \
    "$(head -n $((full_lines - 1)) phases.0.bb)" "$(head -n $((full_lines - 1)) cut.0.bb)"

# Damage that is not a cut: an unknown record type in a complete file, or
# an END record that does not match the records, stays an error.
cp syscalls.trace bad.trace
printf '\011' | dd of=bad.trace bs=1 seek=16 conv=notrunc 2>/dev/null
run out err "$TOOLS/qi-bbltrace" bad.trace
assert_eq "BBL: unknown record type in a complete file" \
    "1 qi-bbltrace: bad.trace: unknown record type 9 at byte 16" "$STATUS $(cat err)"
cp syscalls.trace bad.trace
printf '\011' | dd of=bad.trace bs=1 seek=$(($(wc -c < syscalls.trace) - 12)) conv=notrunc 2>/dev/null
run out err "$TOOLS/qi-bbltrace" bad.trace
assert_eq "BBL: END record that does not match" 1 "$STATUS"
done_testing
