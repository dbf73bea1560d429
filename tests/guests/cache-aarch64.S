/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cache-aarch64.S - AArch64 user-mode guest: the walk of cache.S (see
 * there for the passes and the numbers they give), with post-indexed
 * 8-byte loads and stores.
 *
 * Build:  aarch64-linux-gnu-gcc -nostdlib -static -o cache-aarch64 cache-aarch64.S
 * Run:    qemu-aarch64 ./cache-aarch64        (no output, exit status 0)
 *
 * Companion: cache-aarch64.expect (the same values as cache.expect).
 */
        .bss
        .balign 4096
buf:    .skip   65536

/* walk LINES, OP: OP x0, [x1], #64 on each of the first LINES lines of buf. */
        .macro  walk lines, op
        adrp    x1, buf
        mov     x2, #\lines
0:      \op    x0, [x1], #64
        subs    x2, x2, #1
        b.ne    0b
        .endm

        .text
        .globl  _start
_start:
        walk    1024, str               /* pass 1: stores */
        walk    1024, ldr               /* pass 2: loads  */
        walk    256, ldr                /* pass 3         */
        walk    256, ldr                /* pass 4         */
        mov     x0, #0
        mov     x8, #94                 /* exit_group(0) */
        svc     #0
