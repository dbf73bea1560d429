#!/bin/sh
# Instructions at page ends (tests/guests/cross.S, cross-aarch64.S): every
# library counts exactly what the guest runs, per block as per instruction.
# QEMU before 8.2 hands plugins an x86 instruction it abandoned at a page
# end (instrument/phantom.h); the runtime drops it.  Real programs: the
# per-block count equals the per-instruction count.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
. "$TESTS_SRC/lib/bbv-lib.sh"

command -v objdump >/dev/null || skip "objdump not found"
DECODER="$(dirname "$QI")/qi-bbltrace"

# expected_bbmap GUEST: "ADDRESS INSNS BYTES" per block, sorted.
expected_bbmap() {
    for b in $(expect_value "$1" BLOCKS); do
        sym=${b%%:*} rest=${b#*:}
        bytes=$(printf '%s\n' $(expect_value "$1" BLOCK_BYTES) |
            sed -n "s/^$sym://p")
        echo "$(symbol_address "$GUESTS/$1" "$sym") ${rest%%:*} $bytes"
    done | sort
}

# check_guest GUEST QEMU OBJDUMP: icount, per-block and per-instruction
# counts, hotblocks, opcodes, bbv and its BBL trace in one run of GUEST.
check_guest() {
    g=$1 bin="$GUESTS/$1"
    insns=$(expect_value "$g" INSNS)
    run out err "$QI" "$2" -instr file=icount,arg=out=count.txt \
        -instr file="$TESTLIBS/counters.so",arg=out=c.txt \
        -instr file=hotblocks,arg=top=0,arg=out=hot.txt \
        -instr file=opcodes,arg=top=0,arg=out=mix.txt \
        -instr file=bbv,arg=out=v,arg=interval=1000,arg=partial=on,arg=trace=v.trace \
        "$bin"
    assert_eq "$g: exit status and stderr" "$(expect_value "$g" EXIT) []" \
        "$STATUS [$(cat err)]"
    assert_eq "$g: icount" "insns $insns
vcpu 0 $insns" "$(cat count.txt)"
    assert_eq "$g: per block = per instruction" "by-tb $insns
by-insn $insns" "$(grep '^by-' c.txt)"
    assert_eq "$g: hotblocks" "$(expected_hotblocks "$g")" "$(cat hot.txt)"
    assert_eq "$g: opcodes" "$(expected_opcodes "$g" "$bin" "$3")" \
        "$(awk '{ print $1, $2 }' mix.txt)"
    assert_eq "$g: .bbmap blocks" "$(expected_bbmap "$g")" \
        "$(awk '!/^#/ { print $2, $3, $4 }' v.bbmap | sort)"
    assert_eq "$g: .bb vectors sum to the instructions" "$insns" \
        "$(bb_total v.0.bb)"
    for b in $(expect_value "$g" BLOCKS); do
        sym=${b%%:*} rest=${b#*:}
        assert_eq "$g: .bb total of block $sym" \
            "$((${rest%%:*} * ${rest#*:}))" \
            "$(bb_block_total v.0.bb "$(block_id v.bbmap "$bin" "$sym")")"
    done
    run out err "$DECODER" --stats v.trace
    assert_eq "$g: bbltrace totals" "blocks $(expect_value "$g" NBLOCKS)
vcpu 0: executions $(expect_value "$g" BLOCK_EXECS) instructions $insns
total: executions $(expect_value "$g" BLOCK_EXECS) instructions $insns" \
        "$(cat out)"
}

check_guest cross "$QEMU_X86_64" objdump

# by_block_and_insn NAME CMD...: the per-block count equals the
# per-instruction count (and there is one) for the program CMD.
by_block_and_insn() {
    name=$1
    shift
    run out err "$QI" "$QEMU_X86_64" \
        -instr file="$TESTLIBS/counters.so",arg=out=c.txt "$@"
    assert_eq "$name: exit status and stderr" "0 []" "$STATUS [$(cat err)]"
    n=$(sed -n 's/^by-insn //p' c.txt)
    [ -n "$n" ] && [ "$n" -gt 0 ] || fail "$name: no count: $(cat c.txt)"
    assert_eq "$name: per block = per instruction" "by-tb $n" \
        "$(grep '^by-tb ' c.txt)"
}

by_block_and_insn "/bin/ls" /bin/ls -l "$GUEST_SRC"
if command -v bzip2 >/dev/null; then
    seq 1 20000 > data.txt
    by_block_and_insn "bzip2 -9" "$(command -v bzip2)" -9 -k data.txt
fi

if [ -n "$QEMU_AARCH64" ] && [ -x "$GUESTS/cross-aarch64" ]; then
    OBJDUMP=${AARCH64_CC%gcc}objdump
    command -v "$OBJDUMP" >/dev/null || skip "$OBJDUMP not found"
    check_guest cross-aarch64 "$QEMU_AARCH64" "$OBJDUMP"
fi
done_testing
