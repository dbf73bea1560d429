/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cross-aarch64.S - AArch64 user-mode guest: a loop whose first block
 * ends exactly at a page end, run N times.
 *
 * Build:  aarch64-linux-gnu-gcc -nostdlib -static [-DN=...] -o cross-aarch64 cross-aarch64.S
 * Run:    qemu-aarch64 ./cross-aarch64   (no output, exit status 0)
 *
 * AArch64 instructions are 4 bytes, aligned: none crosses a page.  QEMU
 * ends a block at a page end, so the loop is two blocks, the second
 * starting the next page:
 *
 *   block     instructions                          runs  executed
 *   _start    movz x0; movk x0 (x0 = N); b loop       1     3
 *   loop      add; eor (its last word ends the page)  N     2N
 *   page2     subs x0,x0,#1; b.ne loop                N     2N
 *   exit      mov x8,#94; svc #0                      1     2
 *
 *   INSNS = 4N + 5            (N = 1000: 4005)
 *   BLOCK_EXECS = 2N + 2      (N = 1000: 2002), 4 distinct blocks
 * Companion values: cross-aarch64.expect (for the default N).
 */
#ifndef N
#define N 1000
#endif

        .text
        .globl  _start
_start:
        movz    x0, #((N >> 16) & 0xffff), lsl #16
        movk    x0, #(N & 0xffff)       /* x0 = N: iterations left      */
        b       loop

        .balign 4096
        .skip   4096 - 8
loop:
        add     x1, x1, x0
        eor     x2, x2, x1              /* its last byte ends the page  */
page2:
        subs    x0, x0, #1
        b.ne    loop
exit:
        mov     x8, #94                 /* exit_group(x0 = 0)           */
        svc     #0
