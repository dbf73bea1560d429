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

        .text
        .globl  _start
_start:
        adrp    x1, buf
        mov     x2, #1024
pass1:  str     x0, [x1], #64
        subs    x2, x2, #1
        b.ne    pass1

        adrp    x1, buf
        mov     x2, #1024
pass2:  ldr     x0, [x1], #64
        subs    x2, x2, #1
        b.ne    pass2

        adrp    x1, buf
        mov     x2, #256
pass3:  ldr     x0, [x1], #64
        subs    x2, x2, #1
        b.ne    pass3

        adrp    x1, buf
        mov     x2, #256
pass4:  ldr     x0, [x1], #64
        subs    x2, x2, #1
        b.ne    pass4

        mov     x0, #0
        mov     x8, #94                 /* exit_group(0) */
        svc     #0
