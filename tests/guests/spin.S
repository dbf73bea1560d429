/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spin.S - x86-64 user-mode guest that spins for a long, known time in one
 * already-translated block, with no system call until the final exit (for
 * run-time load/unload tests: after the first iteration QEMU just chains
 * spin_loop to itself and never leaves translated code on its own).
 *
 * Build:  gcc -nostdlib -static [-DITERS=...] -o spin spin.S
 * Run:    qemu-x86_64 ./spin        (no output, exit status 0)
 *
 * Known by construction (ITERS = 500000000 unless -DITERS=..., 1 <= ITERS
 * < 2^63; gas picks movabs above 2^31, still one instruction):
 *
 *   block        instructions                            runs
 *   _start       mov $ITERS,%rdi; jmp spin_loop            1
 *   spin_loop    add; xor; dec %rdi; jnz spin_loop         ITERS
 *   spin_exit    mov $231,%eax; syscall                    1
 *
 *   INSNS = 4 ITERS + 4      (2000000004)
 *   BLOCK_EXECS = ITERS + 2  (500000002), 3 distinct blocks
 *   LOADS = STORES = 0; exactly one syscall: exit_group(0)
 *
 * Same shape as loop.S, only longer: about 0.6 s under bare qemu-x86_64 on
 * this machine class (timing is not part of any expectation).
 * Companion: spin.expect.
 */
#ifndef ITERS
#define ITERS 500000000
#endif

        .text
        .globl  _start, spin_loop, spin_exit
_start:
        mov     $ITERS, %rdi            /* iterations left              */
        jmp     spin_loop               /* end the entry block          */
spin_loop:
        add     %rdi, %rax              /* busy work, registers only    */
        xor     %rax, %rdx
        dec     %rdi
        jnz     spin_loop
spin_exit:
        mov     $231, %eax              /* exit_group(%rdi = 0)         */
        syscall
