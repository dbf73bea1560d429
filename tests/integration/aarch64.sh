#!/bin/sh
# A second ISA: icount, memtrace and opcodes give the exact by-construction
# numbers on the AArch64 guests under qemu-aarch64.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

[ -n "$QEMU_AARCH64" ] || skip "qemu-aarch64 not found"
for guest in loop-aarch64 stores-aarch64; do
    [ -x "$GUESTS/$guest" ] || skip "no $guest (no aarch64-linux-gnu-gcc)"
done
OBJDUMP=${AARCH64_CC%gcc}objdump
command -v "$OBJDUMP" >/dev/null || skip "$OBJDUMP not found"

for guest in loop-aarch64 stores-aarch64; do
    run out err "$QI" "$QEMU_AARCH64" -instr file=icount,arg=out=count.txt \
        -instr file=opcodes,arg=top=0,arg=out=mix.txt "$GUESTS/$guest"
    assert_eq "$guest: exit status" "$(expect_value $guest EXIT)" "$STATUS"
    assert_eq "$guest: instructions" "insns $(expect_value $guest INSNS)" \
        "$(head -n 1 count.txt)"
    assert_eq "$guest: executions per encoding" \
        "$(expected_opcodes $guest "$GUESTS/$guest" "$OBJDUMP")" \
        "$(awk '{ print $1, $2 }' mix.txt)"
done

G="$GUESTS/stores-aarch64"
run out err "$QI" "$QEMU_AARCH64" -instr \
    file=memtrace,arg=access=w,arg=format=text,arg=out=w.txt "$G"
assert_eq "stores: one record per store" "$(expect_value stores-aarch64 STORES)" \
    "$(wc -l < w.txt | tr -d ' ')"
assert_eq "stores: all stores, little-endian" "store le" \
    "$(awk '{ print $3, $5 }' w.txt | sort -u)"
assert_eq "stores: sizes" "$(words "$(expect_value stores-aarch64 STORE_SIZES)")" \
    "$(awk '{ print $4 }' w.txt | histogram)"
assert_eq "stores: addresses" "$(expected_addrs stores-aarch64)" \
    "$(awk '{ print $7 }' w.txt | histogram)"
run out err "$QI" "$QEMU_AARCH64" -instr \
    file=memtrace,arg=access=r,arg=format=text,arg=out=r.txt "$G"
assert_eq "stores: no loads" "$(expect_value stores-aarch64 LOADS)" \
    "$(wc -l < r.txt | tr -d ' ')"
done_testing
