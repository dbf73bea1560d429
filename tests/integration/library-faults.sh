#!/bin/sh
# A library that breaks the promise or handle rules is reported (library,
# hook or function, guest pc) and disabled: its qi_fini runs, its calls
# stop, and the guest and the other libraries go on, exactly.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

lib="$TESTLIBS/misuse.so"
start=$(symbol_address "$GUESTS/loop" _start)
body=$(symbol_address "$GUESTS/loop" loop_body)
insns=$(expect_value loop INSNS)

# fault BUG MESSAGE: the misuse library commits BUG in the second block
# translated (loop_body, after _start).
fault() {
    run out err "$QI" "$QEMU_X86_64" \
        -instr file="$lib",arg=bug="$1",arg=skip=1,arg=out=fini.txt \
        -instr file=icount,arg=out=count.txt "$GUESTS/loop"
    assert_eq "$1: guest runs to its end" "$(expect_value loop EXIT)" "$STATUS"
    assert_eq "$1: one line names library, place and pc" \
        "qemu-instr: library lib0 ($lib) disabled: $2" "$(cat err)"
    assert_eq "$1: the library's qi_fini ran" "fini" "$(cat fini.txt)"
    assert_eq "$1: the other library stays exact" "insns $insns" \
        "$(head -n 1 count.txt)"
}

fault unset "promise created in guest_tb_before_trans at pc $body was never set (block $body)"
fault foreign "qi_gen_tb_exec: handle of block $start used in guest_tb_before_trans at pc $body, another block"
fault stale "qi_tb_vaddr: handle of block $body used outside the translation of its block"
fault null-tb "qi_promise_new: NULL handle in guest_tb_before_trans at pc $body"
fault null-promise "qi_promise_set: NULL handle in guest_tb_before_trans at pc $body"
done_testing
