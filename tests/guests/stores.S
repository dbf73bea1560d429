/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stores.S - x86-64 user-mode guest: exactly 2 stores and 0 loads per
 * iteration of a 4-instruction loop run P times; no other memory access
 * anywhere (no push/pop/call/ret, no memory source operand).
 *
 * Build:  gcc -nostdlib -static [-DP=...] -o stores stores.S
 * Run:    qemu-x86_64 ./stores      (no output, exit status 0)
 *
 * Known by construction (P = 1000 unless -DP=..., 1 <= P < 2^63):
 *
 *   block          instructions                         runs  executed
 *   _start         mov $P,%rdi; jmp store_loop           1     2
 *   store_loop     mov %rdi,buf; mov %edi,buf+8;         P     4P
 *                  dec %rdi; jnz store_loop
 *   store_exit     mov $231,%eax; syscall                1     2
 *
 *   INSNS  = 4P + 4          (P = 1000: 4004)
 *   BLOCK_EXECS = P + 2      (P = 1000: 1002), 3 distinct blocks
 *   STORES = 2P              (P = 1000: 2000), all in store_loop:
 *            P x 8 bytes (size_shift 3) at buf, P x 4 bytes (size_shift 2)
 *            at buf+8; STORE_BYTES = 12P (12000); 2 distinct addresses
 *   LOADS  = 0
 *
 * buf is in .bss; its address comes from the link (nm stores | grep buf).
 * The counter %rdi ends at 0, the exit status.  Companion: stores.expect.
 */
#ifndef P
#define P 1000
#endif

        .text
        .globl  _start, store_loop, store_exit, buf
_start:
        mov     $P, %rdi                /* iterations left              */
        jmp     store_loop              /* end the entry block          */
store_loop:
        mov     %rdi, buf(%rip)         /* store 1: 8 bytes at buf      */
        mov     %edi, buf+8(%rip)       /* store 2: 4 bytes at buf+8    */
        dec     %rdi
        jnz     store_loop
store_exit:
        mov     $231, %eax              /* exit_group(%rdi = 0)         */
        syscall

        .bss
        .balign 16
buf:    .skip   16
