/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * loop.S - x86-64 user-mode guest: a 4-instruction loop run N times.
 *
 * Build:  gcc -nostdlib -static [-DN=...] -o loop loop.S
 * Run:    qemu-x86_64 ./loop        (no output, exit status 0)
 *
 * Known by construction (N = 10000 unless -DN=..., 1 <= N < 2^63):
 *
 *   block         instructions                     runs   executed
 *   _start        mov $N,%rdi; jmp loop_body        1      2
 *   loop_body     add; xor; dec %rdi; jnz loop_body N      4N
 *   loop_exit     mov $231,%eax; syscall            1      2
 *                                                  ---    ------
 *   INSNS  = 4N + 4         (N = 10000: 40004, the syscall included)
 *   BLOCK_EXECS = N + 2     (N = 10000: 10002), 3 distinct blocks
 *   LOADS = STORES = 0      (no memory operand, no push/pop/call/ret)
 *
 * QEMU ends a translation block at every branch and at syscall, so the
 * three labels are exactly the three blocks.  _start ends with a jmp so that
 * the loop body is a block of its own and runs exactly N times (falling into
 * it would merge the first iteration into the entry block).  The counter
 * %rdi reaches 0, which is then the exit status of exit_group (231).
 * Companion values: loop.expect (for the default N).
 */
#ifndef N
#define N 10000
#endif

        .text
        .globl  _start, loop_body, loop_exit
_start:
        mov     $N, %rdi                /* iterations left              */
        jmp     loop_body               /* end the entry block          */
loop_body:
        add     %rdi, %rax              /* busy work, registers only    */
        xor     %rax, %rdx
        dec     %rdi
        jnz     loop_body
loop_exit:
        mov     $231, %eax              /* exit_group(%rdi = 0)         */
        syscall
