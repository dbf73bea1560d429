#!/bin/sh
# opcodes counts every instruction encoding exactly: each block of a
# by-construction guest runs its instructions (bytes from objdump) as many
# times as the block executes; encodings shared by blocks add up.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

command -v objdump >/dev/null || skip "objdump not found"

for guest in loop stores phases syscalls; do
    run out err "$QI" "$QEMU_X86_64" -instr file=opcodes,arg=top=0,arg=out=mix.txt \
        "$GUESTS/$guest"
    assert_eq "$guest: exit status" "$(expect_value $guest EXIT)" "$STATUS"
    assert_eq "$guest: executions per encoding" \
        "$(expected_opcodes $guest "$GUESTS/$guest" objdump)" \
        "$(awk '{ print $1, $2 }' mix.txt)"
    assert_eq "$guest: every encoding disassembled" "" \
        "$(awk -F '  ' 'NF < 3 || $3 == ""' mix.txt)"
done

# The default keeps the 20 most executed; top=N the first N.
run out err "$QI" "$QEMU_X86_64" -instr file=opcodes,arg=out=mix.txt \
    "$GUESTS/phases"
assert_eq "default top" 19 "$(wc -l < mix.txt | tr -d ' ')"
run out err "$QI" "$QEMU_X86_64" -instr file=opcodes,arg=top=3,arg=out=top.txt \
    "$GUESTS/phases"
assert_eq "top=3" "$(head -n 3 mix.txt)" "$(cat top.txt)"
done_testing
