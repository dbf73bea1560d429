/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * branches-i386.S - i386 user-mode guest: the control transfers of 32-bit
 * x86 code, each at a global label (for qemu-i386, whose target QEMU
 * names "i386").
 *
 * Build:  gcc -m32 -nostdlib -static -o branches-i386 branches-i386.S
 *         (needs no gcc-multilib: nothing from libc or libgcc is linked)
 * Run:    qemu-i386 ./branches-i386        (no output, exit status 0)
 *
 *   i_call   call f          direct call          3 runs
 *   i_loop   loop i_call     conditional, direct  2 taken, 1 not
 *   i_jmp    jmp exit        direct jump          1 run
 *   i_int    int $0x80       system (exit(0))     1 run
 *   i_ret    ret (in f)      return, indirect     3 runs
 *
 * Companion: branches-i386.expect.
 */
        .text
        .globl  _start, exit, f, i_call, i_loop, i_jmp, i_int, i_ret
_start:
        mov     $3, %ecx
i_call: call    f
i_loop: loop    i_call
i_jmp:  jmp     exit
        nop
exit:
        mov     $1, %eax                /* exit(0) */
        xor     %ebx, %ebx
i_int:  int     $0x80
f:
i_ret:  ret
