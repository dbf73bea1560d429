#!/bin/sh
# memtrace records exactly the guests' memory accesses: access=w gives the
# stores with their sizes and addresses, access=r nothing on guests without
# loads; the binary trace decoded by qi-memtrace reads as the text one; a
# cut trace gives its complete records; a damaged trace is an error.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

DECODE="$(dirname "$QI")/qi-memtrace"

# Text records: "VCPU PC load|store SIZE le|be signed|unsigned VADDR".
for guest in stores syscalls; do
    run out err "$QI" "$QEMU_X86_64" -instr \
        file=memtrace,arg=access=w,arg=format=text,arg=out=w.txt "$GUESTS/$guest"
    assert_eq "$guest: exit status" "$(expect_value $guest EXIT)" "$STATUS"
    assert_eq "$guest: one record per store" "$(expect_value $guest STORES)" \
        "$(wc -l < w.txt | tr -d ' ')"
    assert_eq "$guest: all stores, little-endian, by vCPU 0" "0 store le" \
        "$(awk '{ print $1, $3, $5 }' w.txt | sort -u)"
    assert_eq "$guest: sizes" "$(words "$(expect_value $guest STORE_SIZES)")" \
        "$(awk '{ print $4 }' w.txt | histogram)"
    assert_eq "$guest: addresses" "$(expected_addrs $guest)" \
        "$(awk '{ print $7 }' w.txt | histogram)"

    run out err "$QI" "$QEMU_X86_64" -instr \
        file=memtrace,arg=access=w,arg=out=w.bin "$GUESTS/$guest"
    run dec decerr "$DECODE" w.bin
    assert_eq "$guest: binary decodes to the text" "0 same" \
        "$STATUS $(cmp -s w.txt dec && echo same)"
    assert_eq "$guest: binary size" $((16 + 24 * $(expect_value $guest STORES))) \
        "$(wc -c < w.bin | tr -d ' ')"

    run out err "$QI" "$QEMU_X86_64" -instr \
        file=memtrace,arg=access=r,arg=format=text,arg=out=r.txt "$GUESTS/$guest"
    assert_eq "$guest: access=r, no loads" "$(expect_value $guest LOADS)" \
        "$(wc -l < r.txt | tr -d ' ')"
done

# The pc of each store is its instruction: both are in store_loop, the
# 8-byte store first.
loop=$(symbol_address "$GUESTS/stores" store_loop)
run out err "$QI" "$QEMU_X86_64" -instr \
    file=memtrace,arg=format=text,arg=out=rw.txt "$GUESTS/stores"
assert_eq "stores: pc of the 8-byte store" "$loop" \
    "$(awk '$4 == 8 { print $2 }' rw.txt | sort -u)"
run out err "$QI" "$QEMU_X86_64" -instr \
    file=memtrace,arg=access=w,arg=format=text,arg=out=w.txt "$GUESTS/stores"
assert_eq "stores: access=rw is access=w" same \
    "$(cmp -s w.txt rw.txt && echo same)"

# Statistics.
run out err "$QI" "$QEMU_X86_64" -instr \
    file=memtrace,arg=access=rw,arg=out=rw.bin "$GUESTS/stores"
run stats err "$DECODE" --stats rw.bin
assert_eq "--stats" "0 loads $(expect_value stores LOADS)
stores $(expect_value stores STORES)
$(words "$(expect_value stores STORE_SIZES)" | sort -n | sed 's/^/store-size /; s/:/ /')" \
    "$STATUS $(cat stats)"

# A trace cut inside a record (a killed QEMU): its complete records, then
# one line, status 3 (every offset: traces-cut.sh).
head -c 50 rw.bin > cut.bin
run out err "$DECODE" cut.bin
assert_eq "cut trace: the complete record, then one line" \
    "3 $("$DECODE" rw.bin | head -n 1)
qi-memtrace: cut.bin: cut short at byte 50 (in record 2, from byte 40): the incomplete record is ignored" \
    "$STATUS $(cat out)
$(cat err)"

# Damaged traces: one line, status 1.
# refused WHAT FILE MESSAGE: qi-memtrace FILE fails with MESSAGE.
refused() {
    run out err "$DECODE" "$2"
    assert_eq "$1" "1 qi-memtrace: $2: $3" "$STATUS $(cat err)"
}
head -c 10 rw.bin > head.bin
refused "truncated header" head.bin "truncated header (10 of 16 bytes)"
printf 'hello, world, not a trace' > text.bin
refused "not a trace" text.bin "not a memtrace file (bad magic)"
printf 'QIMTRACE\002\000\000\000\030\000\000\000' > v2.bin
refused "version 2" v2.bin "unsupported version 2 (expected 1)"
refused "missing file" nosuch.bin "No such file or directory"
done_testing
