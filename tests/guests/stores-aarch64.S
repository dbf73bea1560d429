/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stores-aarch64.S - AArch64 user-mode guest: exactly 2 stores and 0 loads
 * per iteration of a 4-instruction loop run P times; no other memory access
 * anywhere (constants are built with movz/movk and adr, never loaded).
 *
 * Build:  aarch64-linux-gnu-gcc -nostdlib -static [-DP=...] -o stores-aarch64 stores-aarch64.S
 * Run:    qemu-aarch64 ./stores-aarch64   (no output, exit status 0)
 *
 * Known by construction (P = 1000 unless -DP=..., 1 <= P < 2^32):
 *
 *   block         instructions                          runs  executed
 *   _start        movz x0; movk x0 (x0 = P);              1     4
 *                 adr x1, buf; b store_loop
 *   store_loop    str x0,[x1]; str w0,[x1,#8];            P     4P
 *                 subs x0,x0,#1; b.ne store_loop
 *   store_exit    mov x8,#94; svc #0                      1     2
 *
 *   INSNS  = 4P + 6          (P = 1000: 4006)
 *   BLOCK_EXECS = P + 2      (1002), 3 distinct blocks
 *   STORES = 2P              (2000): P x 8 bytes (size_shift 3) at buf,
 *            P x 4 bytes (size_shift 2) at buf+8; STORE_BYTES = 12P (12000)
 *   LOADS  = 0
 *
 * buf is in .bss (address: nm stores-aarch64 | grep buf).  x0 ends at 0,
 * the exit status.  Companion: stores-aarch64.expect.
 */
#ifndef P
#define P 1000
#endif

        .text
        .globl  _start, store_loop, store_exit, buf
_start:
        movz    x0, #((P >> 16) & 0xffff), lsl #16
        movk    x0, #(P & 0xffff)       /* x0 = P: iterations left      */
        adr     x1, buf                 /* pc-relative, not a load      */
        b       store_loop              /* end the entry block          */
store_loop:
        str     x0, [x1]                /* store 1: 8 bytes at buf      */
        str     w0, [x1, #8]            /* store 2: 4 bytes at buf+8    */
        subs    x0, x0, #1
        b.ne    store_loop
store_exit:
        mov     x8, #94                 /* exit_group(x0 = 0)           */
        svc     #0

        .bss
        .balign 16
buf:    .skip   16
