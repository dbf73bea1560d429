#!/bin/sh
# Counts across discontinuities (docs/discontinuities.md).
#
# User mode: guests that take signals mid-block and resume after the
# faulting instruction (faults.S, faults-aarch64.S).  From QEMU 10.0 on
# (9.2, in fact: guest memory and register reads) the runtime sees each
# signal at its handler's entry and every per-block count equals the
# instructions retired: RETIRED of the .expect, for icount, bbv's vectors,
# the BBL trace, hotblocks and opcodes.  Before, each block counts in full
# when entered: BLOCK_COUNT = RETIRED + OVERCOUNT (per fault, the
# instructions from the faulting one to its block's end).
#
# System mode: a multiboot kernel taking page faults, #UD and #BP
# mid-block and a timer interrupt (kernel-faults.S).  From QEMU 10.1 on
# (discontinuity callbacks) the kernel's instructions counted by bbv equal
# those it retired; before, RETIRED + OVERCOUNT.  Its final hlt may or may
# not run (QEMU exits asynchronously on isa-debug-exit): not counted.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
. "$TESTS_SRC/lib/bbv-lib.sh"

DECODER="$(dirname "$QI")/qi-bbltrace"

# qemu_version QEMU: "MAJOR MINOR" as QEMU prints them for --version.
qemu_version() {
    "$1" --version | sed -n 's/.* version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p'
}

# column_sum FILE COLUMN: the sum of a column of comma- or space-separated
# numbers (lines that start with a number only).
column_sum() {
    awk -F'[ ,]+' -v c="$2" '/^[0-9]/ { s += $c } END { printf "%.0f\n", s }' "$1"
}

# check_user GUEST QEMU [BINARY]: every count of GUEST (BINARY, by default
# the built GUEST) under QEMU is the one the contract above names for
# QEMU's version, and its signals all arrived.
check_user() {
    binary=${3:-$GUESTS/$1}
    set -- "$1" "$2" $(qemu_version "$2")
    [ -n "$3" ] || fail "$2 printed no QEMU version"
    if [ "$3" -ge 10 ]; then
        what="instructions retired (QEMU $3.$4)" key=RETIRED
    else
        what="per-block overcount (QEMU $3.$4)" key=BLOCK_COUNT
    fi
    n=$(expect_value "$1" $key)
    run out err "$QI" "$2" -instr file=icount,arg=out=count.txt \
        -instr file=bbv,arg=out=$1,arg=interval=1000,arg=partial=on,arg=trace=$1.trace \
        -instr file=hotblocks,arg=top=0,arg=out=hot.txt \
        -instr file=opcodes,arg=top=0,arg=out=opcodes.txt "$binary"
    assert_eq "$1: exit status (every signal arrived)" \
        "$(expect_value "$1" EXIT)" "$STATUS"
    assert_eq "$1: icount, $what" "insns $n
vcpu 0 $n" "$(cat count.txt)"
    assert_eq "$1: bbv's vectors, $what" "$n" "$(bb_total $1.0.bb)"
    assert_eq "$1: BBL trace instructions, $what" "$n" \
        "$("$DECODER" --stats $1.trace | sed -n 's/^total: .* instructions //p')"
    assert_eq "$1: hotblocks, $what" "$n" "$(column_sum hot.txt 4)"
    assert_eq "$1: opcodes, $what" "$n" "$(column_sum opcodes.txt 1)"
}

check_user faults "$QEMU_X86_64"
# The same guest with its handler installed without SA_SIGINFO: no siginfo
# in the frame, the same counts.
${CC:-cc} -nostdlib -static -DNO_SIGINFO -o faults-nosiginfo \
    "$GUEST_SRC/faults.S" || fail "cannot build faults.S with -DNO_SIGINFO"
check_user faults "$QEMU_X86_64" "$WORK/faults-nosiginfo"

# The opt-in exact mode: where the runtime sees no signal (QEMU 7.2),
# instructions count one by one: every one that started, the 300 faulting
# ones too; where it sees them, it changes nothing.
set -- $(qemu_version "$QEMU_X86_64")
n=$(expect_value faults RETIRED)
if [ "$1" -lt 10 ]; then
    n=$((n + $(expect_value faults NOT_RETIRED)))
fi
QEMU_INSTR_EXACT=insns run out err "$QI" "$QEMU_X86_64" \
    -instr file=icount,arg=out=count.txt "$GUESTS/faults"
assert_eq "faults: icount with QEMU_INSTR_EXACT=insns (QEMU $1.$2)" "insns $n
vcpu 0 $n" "$(cat count.txt)"
QEMU_INSTR_EXACT=yes run out err "$QI" "$QEMU_X86_64" -instr file=icount \
    "$GUESTS/faults"
assert_eq "QEMU_INSTR_EXACT=yes: refused in one line" "1 [qemu-instr: \
QEMU_INSTR_EXACT='yes': expected insns or blocks]" "$STATUS [$(cat err)]"
if [ -n "$QEMU_AARCH64" ] && [ -x "$GUESTS/faults-aarch64" ]; then
    check_user faults-aarch64 "$QEMU_AARCH64"
else
    echo "# faults-aarch64 not run: no qemu-aarch64 or no aarch64-linux-gnu-gcc"
fi

# The kernel's instructions in bbv's vectors: blocks from _start up to the
# data (kernel.ld), without the final hlt's.
kernel_count() {
    start=$(symbol_address "$GUESTS/kernel-faults.elf" _start)
    halt=$(symbol_address "$GUESTS/kernel-faults.elf" halt)
    awk -v start="$start" -v halt="$halt" '
        function num(h,   i, v) {   # 0x... to a number (mawk has no strtonum)
            v = 0
            for (i = 3; i <= length(h); i++)
                v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
            return v
        }
        FNR == NR { if ($1 ~ /^[0-9]+$/ && num($2) >= num(start) &&
                        num($2) < num("0x101000") && num($2) != num(halt))
                        kernel[$1] = 1
                    next }
        /^T/ { n = split($0, f, ":")
               for (i = 2; i < n; i += 2) if (f[i] + 0 in kernel) s += f[i + 1] }
        END { printf "%.0f\n", s }' kernel.bbmap kernel.0.bb
}

if [ -n "$QEMU_SYSTEM_X86_64" ]; then
    set -- $(qemu_version "$QEMU_SYSTEM_X86_64")
    retired=$(expect_value kernel-faults RETIRED)
    if [ "$1" -gt 10 ] || { [ "$1" -eq 10 ] && [ "$2" -ge 1 ]; }; then
        what="instructions retired (QEMU $1.$2)" n=$retired
    else
        what="per-block overcount (QEMU $1.$2)"
        n=$((retired + $(expect_value kernel-faults OVERCOUNT)))
    fi
    run out err timeout 120 "$QI" "$QEMU_SYSTEM_X86_64" \
        -instr file=bbv,arg=out=kernel,arg=interval=1G,arg=partial=on \
        -kernel "$GUESTS/kernel-faults.elf" -display none -no-reboot \
        -nodefaults -device isa-debug-exit,iobase=0xf4,iosize=0x04
    assert_eq "kernel-faults: exit status" \
        "$(expect_value kernel-faults EXIT)" "$STATUS"
    # The block of the out (symbol exit): with the hlt after it on QEMU
    # 7.2, which then counts it.
    exit_at=$(symbol_address "$GUESTS/kernel-faults.elf" exit)
    exit_bytes=$(awk -v a="$exit_at" '$2 == a { print $4 }' kernel.bbmap)
    halt=$(symbol_address "$GUESTS/kernel-faults.elf" halt)
    if [ $((exit_at + exit_bytes)) -gt $((halt)) ]; then
        n=$((n + 1)) what="$what, with the hlt"
    fi
    assert_eq "kernel-faults: bbv's kernel instructions, $what" "$n" \
        "$(kernel_count)"
fi

# AArch64 system mode (docs/discontinuities.md): one exception report per
# exception, naming the instruction that did not retire (after svc, the
# next one).  Only where QEMU_SYSTEM_AARCH64 names a QEMU 10.1 or later
# (CI builds none: by hand, with QEMU 10.2's aarch64-softmmu).
if [ -n "${QEMU_SYSTEM_AARCH64:-}" ] && [ -f "$GUESTS/kernel-faults-aarch64.elf" ]; then
    set -- $(qemu_version "$QEMU_SYSTEM_AARCH64")
    if [ "$1" -gt 10 ] || { [ "$1" -eq 10 ] && [ "$2" -ge 1 ]; }; then
        run out err timeout 120 "$QI" "$QEMU_SYSTEM_AARCH64" \
            -instr file=icount,arg=out=a64.icount \
            -instr file=bbv,arg=out=a64,arg=interval=1G,arg=partial=on \
            -M virt -cpu cortex-a57 -display none -nodefaults \
            -kernel "$GUESTS/kernel-faults-aarch64.elf"
        assert_eq "kernel-faults-aarch64: exit status" \
            "$(expect_value kernel-faults-aarch64 EXIT) " "$STATUS $(cat err)"
        retired=$(expect_value kernel-faults-aarch64 RETIRED)
        assert_eq "kernel-faults-aarch64: icount = instructions retired" \
            "insns $retired" "$(head -n 1 a64.icount)"
        assert_eq "kernel-faults-aarch64: bbv's vectors = instructions retired" \
            "$retired" "$(awk -F: '/^T/ { for (i = 3; i <= NF; i += 2) s += $i }
                                    END { print s }' a64.0.bb)"
    fi
fi
done_testing
