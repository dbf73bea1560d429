/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aborts.S - x86-64 user-mode guest that runs a known loop, then dies of a
 * signal it sends itself, as abort() does: kill(getpid(), SIGABRT) with
 * SIGABRT at its default action.  For the tests of results kept when the
 * guest dies of a signal.
 *
 * Build:  gcc -nostdlib -static -o aborts aborts.S
 * Run:    qemu-x86_64 ./aborts      (killed by SIGABRT: shell status 134)
 *
 * Known by construction (N = 10000):
 *
 *   block        instructions                              runs
 *   _start       mov $N,%rdi; jmp loop_body                  1
 *   loop_body    add; xor; dec %rdi; jnz loop_body           N
 *   loop_exit    mov $39,%eax (getpid); syscall              1
 *   suicide      mov %rax,%rdi; mov $6,%esi;
 *                mov $62,%eax (kill); syscall                1
 *
 *   INSNS = 4N + 8 (40008), BLOCK_EXECS = N + 3; two system calls.  The
 *   signal is taken when kill returns: nothing after it runs.
 * Companion: aborts.expect.
 */
#define N 10000

        .text
        .globl  _start, loop_body, loop_exit, suicide
_start:
        mov     $N, %rdi
        jmp     loop_body
loop_body:
        add     %rdi, %rax
        xor     %rax, %rdx
        dec     %rdi
        jnz     loop_body
loop_exit:
        mov     $39, %eax               /* getpid()                     */
        syscall
suicide:
        mov     %rax, %rdi              /* kill(pid, SIGABRT)           */
        mov     $6, %esi
        mov     $62, %eax
        syscall
        ud2                             /* never reached                */
