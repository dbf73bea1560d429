/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * loop-aarch64.S - AArch64 user-mode guest: a 4-instruction loop run N times.
 *
 * Build:  aarch64-linux-gnu-gcc -nostdlib -static [-DN=...] -o loop-aarch64 loop-aarch64.S
 * Run:    qemu-aarch64 ./loop-aarch64     (no output, exit status 0)
 *
 * Known by construction (N = 10000 unless -DN=..., 1 <= N < 2^32):
 *
 *   block         instructions                          runs  executed
 *   _start        movz x0; movk x0 (x0 = N); b loop_body  1     3
 *   loop_body     add; eor; subs x0,x0,#1; b.ne loop_body N     4N
 *   loop_exit     mov x8,#94; svc #0                      1     2
 *
 *   INSNS  = 4N + 5         (N = 10000: 40005; one more than loop.S,
 *                            because a 32-bit constant takes movz + movk)
 *   BLOCK_EXECS = N + 2     (10002), 3 distinct blocks
 *   LOADS = STORES = 0      (registers only)
 *
 * QEMU ends a block at each branch and at svc.  x0 counts down to 0, the
 * exit status of exit_group (94).  Companion: loop-aarch64.expect.
 */
#ifndef N
#define N 10000
#endif

        .text
        .globl  _start, loop_body, loop_exit
_start:
        movz    x0, #((N >> 16) & 0xffff), lsl #16
        movk    x0, #(N & 0xffff)       /* x0 = N: iterations left      */
        b       loop_body               /* end the entry block          */
loop_body:
        add     x1, x1, x0              /* busy work, registers only    */
        eor     x2, x2, x1
        subs    x0, x0, #1
        b.ne    loop_body
loop_exit:
        mov     x8, #94                 /* exit_group(x0 = 0)           */
        svc     #0
