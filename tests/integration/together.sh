#!/bin/sh
# icount, memtrace, opcodes and hotblocks loaded at once each give exactly
# what they give alone.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

# libs DIR: the four libraries, writing their results into DIR.
libs() {
    mkdir -p "$1"
    for lib in icount "memtrace,arg=format=text" "opcodes,arg=top=0" \
        "hotblocks,arg=top=0"; do
        printf '%s\n' "-instr" "file=$lib,arg=out=$1/${lib%%,*}.txt"
    done
}

for guest in stores phases syscalls; do
    for lib in $(libs alone | grep '^file='); do
        run out err "$QI" "$QEMU_X86_64" -instr "$lib" "$GUESTS/$guest"
        assert_eq "$guest: ${lib%%,*} alone" "$(expect_value $guest EXIT)" \
            "$STATUS"
    done
    # shellcheck disable=SC2046 # one word per line, no spaces
    run out err "$QI" "$QEMU_X86_64" $(libs together) "$GUESTS/$guest"
    assert_eq "$guest: all four" "$(expect_value $guest EXIT)" "$STATUS"
    for f in alone/*.txt; do
        assert_eq "$guest: $(basename "$f" .txt) together as alone" same \
            "$(cmp -s "$f" "together/${f#alone/}" && echo same)"
    done
    rm -rf alone together
done
done_testing
