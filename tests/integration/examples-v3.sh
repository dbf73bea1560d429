#!/bin/sh
# The examples of API version 3, with the exact numbers their guests give
# by construction, on x86-64 and AArch64: branches (taken, not taken,
# mispredicted per conditional branch), cache (hits and misses per level),
# strace (names, strings read from guest memory where QEMU allows it, and
# lines written after the guest closed its standard error); their bad
# arguments.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

# reads_memory QEMU: does this QEMU let plugins read guest memory (9.2+)?
reads_memory() {
    v=$("$1" --version | sed -n 's/.* version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
    set -- $v
    [ "$1" -gt 9 ] || { [ "$1" -eq 9 ] && [ "$2" -ge 2 ]; }
}

check_guests() { # QEMU SUFFIX (guests branches$SUFFIX, cache$SUFFIX, files$SUFFIX)
    q=$1 b=branches$2 c=cache$2 f=files$2

    run out err "$QI" "$q" -instr file=branches,arg=top=0,arg=out=b.txt \
        "$GUESTS/$b"
    assert_eq "$b: exit status" "$(expect_value $b EXIT)" "$STATUS"
    expected=$(for o in $(expect_value $b OUTCOMES); do
        label=${o%%:*} counts=${o#*:}
        echo "$(symbol_address "$GUESTS/$b" "$label") $(echo "$counts" | tr : ' ')"
    done | sort)
    assert_eq "$b: taken, not taken, mispredicted per branch" "$expected" \
        "$(awk '/^0x/ { print $1, $2, $3, $4 }' b.txt | sort)"
    run ignored err "$QI" "$q" -instr file=icount,arg=out=i.txt "$GUESTS/$b"
    assert_eq "$b: metric lines (common/metric.h), instructions = icount's" \
        "metric instructions $(sed -n 's/^insns //p' i.txt)
metric conditional-branches $(expect_value $b COND_EXECS)
metric taken 15
metric mispredicted $(expect_value $b MISPREDICTED)" "$(grep '^metric ' b.txt)"
    assert_eq "$b: summary" \
        "# 4 conditional branches, $(expect_value $b COND_EXECS) executions, 15 taken, $(expect_value $b MISPREDICTED) mispredicted (59.09%)" \
        "$(tail -n 1 b.txt)"
    run out err "$QI" "$q" -instr file=branches,arg=top=1,arg=out=b1.txt \
        "$GUESTS/$b"
    assert_eq "$b: top=1 keeps the most executed (ties by address)" \
        "$(symbol_address "$GUESTS/$b" "$(expect_value $b OUTCOMES | cut -d: -f1)") 5 5 10" \
        "$(awk '/^0x/ { print $1, $2, $3, $4 }' b1.txt)"

    run out err "$QI" "$q" -instr "file=cache,$(expect_value $c CACHE_ARGS),arg=out=c.txt" \
        "$GUESTS/$c"
    assert_eq "$c: exit status" "$(expect_value $c EXIT)" "$STATUS"
    assert_eq "$c: accesses, hits, misses per level" \
        "L1 $(expect_value $c LEVEL_1)
L2 $(expect_value $c LEVEL_2)" "$(awk '/^L[0-9]/ { print $1, $5, $6, $7 }' c.txt)"
    run ignored err "$QI" "$q" -instr file=icount,arg=out=i.txt "$GUESTS/$c"
    assert_eq "$c: metric lines (common/metric.h), instructions = icount's" \
        "metric instructions $(sed -n 's/^insns //p' i.txt)
$(expect_value $c LEVEL_1 | awk '{ print "metric L1-accesses", $1; print "metric L1-misses", $3 }')
$(expect_value $c LEVEL_2 | awk '{ print "metric L2-accesses", $1; print "metric L2-misses", $3 }')" \
        "$(grep '^metric ' c.txt)"
    run out err "$QI" "$q" -instr "file=cache,$(expect_value $c DM_ARGS),arg=out=c.txt" \
        "$GUESTS/$c"
    assert_eq "$c: one direct-mapped level" "L1 $(expect_value $c DM_LEVEL_1)" \
        "$(awk '/^L[0-9]/ { print $1, $5, $6, $7 }' c.txt)"
    run out err "$QI" "$q" -instr "file=cache,$(expect_value $c CACHE_ARGS),arg=access=w,arg=out=c.txt" \
        "$GUESTS/$c"
    assert_eq "$c: stores only (pass 1: all miss)" "L1 1024 0 1024
L2 1024 0 1024" "$(awk '/^L[0-9]/ { print $1, $5, $6, $7 }' c.txt)"

    # strace on standard error: the guest closes its fd 2 before exiting.
    run out err "$QI" "$q" -instr file=strace "$GUESTS/$f"
    assert_eq "$f: exit status and output" \
        "$(expect_value $f EXIT) $(expect_value $f STDOUT)" "$STATUS $(cat out)"
    if reads_memory "$q"; then
        expected=$(expect_value $f STRACE)
    else
        expected="qemu-instr: lib0 (strace.so): this QEMU cannot read guest memory (QEMU 9.2 or later can): strings and buffers are shown as addresses
$(expect_value $f STRACE_NO_MEMORY | sed \
            -e "s/@path/$(symbol_address "$GUESTS/$f" path)/" \
            -e "s/@hello/$(symbol_address "$GUESTS/$f" hello)/")"
    fi
    assert_eq "$f: calls, strings and results, after close(2) too" \
        "$expected" "$(cat err)"
}

check_guests "$QEMU_X86_64" ""
if [ -n "$QEMU_AARCH64" ] && [ -x "$GUESTS/branches-aarch64" ]; then
    check_guests "$QEMU_AARCH64" -aarch64
fi

# threads: 4 guest threads run threads_loop, which ends with a jnz back
# to it, 100000 times each: taken 99999 times and not taken once per
# thread, counted exactly whatever the interleaving (the predictor's
# state is shared, so its mispredictions are not known).
run out err "$QI" "$QEMU_X86_64" -instr file=branches,arg=top=0,arg=out=t.txt \
    "$GUESTS/threads"
loop=$(symbol_address "$GUESTS/threads" threads_loop)
assert_eq "threads: taken and not taken per vCPU thread, summed" \
    "$(( $(expect_value threads DEFAULT_LOOP_EXECS) - $(expect_value threads DEFAULT_THREADS) )) $(expect_value threads DEFAULT_THREADS)" \
    "$(awk -v t="$loop" '/^0x/ && $NF == t { print $2, $3 }' t.txt)"

# refused QEMU_ARGS EXPECTED_MESSAGE: the load fails with exactly that line.
refused() {
    run out err "$QI" "$QEMU_X86_64" -instr "$1" "$GUESTS/loop"
    assert_eq "refused: $1" "1 qemu-instr: library lib0 ($MODS/$2" \
        "$STATUS $(cat err)"
}
MODS=$(dirname "$("$QI" --dry-run "$QEMU_X86_64" /bin/true | sed -n 's/.*-plugin \([^ ]*\) .*/\1/p')")
MODS=${MODS%/instrument/.libs}/examples/.libs
refused file=cache,arg=l1=32K:3:64 \
    "cache.so): qi_init failed (returned -1): bad l1 '32K:3:64' (expected SIZE:ASSOC:LINE, e.g. 32K:8:64, LINE a power of two, SIZE a multiple of ASSOC x LINE, or none)"
refused file=cache,arg=l2=none,arg=l3=1M:16:64 \
    "cache.so): qi_init failed (returned -1): l3 given below l2=none"
refused file=cache,arg=l1=none \
    "cache.so): qi_init failed (returned -1): l1=none: at least one cache level is needed"
refused file=cache,arg=access=x \
    "cache.so): qi_init failed (returned -1): bad access 'x' (expected r, w or rw)"
refused file=branches,arg=top=x \
    "branches.so): qi_init failed (returned -1): bad top 'x' (expected a number of lines, 0 for all)"
refused file=strace,arg=colour=red \
    "strace.so): qi_init failed (returned -1): unknown argument 'colour' (expected out)"
# An architecture the runtime does not decode (QEMU 7.2 has riscv64 too).
RISCV=$(dirname "$QEMU_X86_64")/qemu-riscv64
if [ -x "$RISCV" ]; then
    run out err "$QI" "$RISCV" -instr file=branches "$GUESTS/loop"
    assert_eq "branches refuses a guest architecture it cannot decode" \
        "1 qemu-instr: library lib0 ($MODS/branches.so): qi_init failed (returned -1): cannot tell branches apart on riscv64 guests (qemu-instr decodes x86_64, i386 and aarch64)" \
        "$STATUS $(cat err)"
fi
done_testing
