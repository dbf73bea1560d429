/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * forks.S - x86-64 user-mode guest: forks CHILDREN = 3 children one after
 * the other, each exiting at once with status 7; the parent waits for each
 * (wait4), then exits with status 0.  Built with -DCHILDREN=C -DSPIN=S, it
 * makes C children and spins S iterations after each wait (for soaks).
 *
 * Build:  gcc -nostdlib -static [-DCHILDREN=C -DSPIN=S] -o forks forks.S
 *
 * Known by construction (blocks end at syscall and at branches):
 *
 *   parent  mov $3,%r12                                            1
 *           3 x [ mov $57,%eax; syscall (fork)                      2
 *                 test; jz child (not taken)                        2
 *                 mov; mov; xor; xor; xor; syscall (wait4)          6
 *                 dec %r12; jnz fork_one ]                          2
 *           mov $231,%eax; xor %edi,%edi; syscall (exit_group 0)    3
 *           INSNS = 1 + 3 * 12 + 3 = 40
 *   with SPIN: after each wait4, mov $S,%rcx, then dec %rcx; jnz   1 + 2S
 *           INSNS = 4 + C * (12 + 1 + 2S)
 *   child   test; jz child (taken)                                 2
 *           mov $231,%eax; mov $7,%edi; syscall (exit_group 7)     3
 *           CHILD_INSNS = 5 (from its return from fork)
 *
 * Companion: forks.expect.
 */
        .text
        .globl  _start, fork_one, child
#ifndef CHILDREN
#define CHILDREN 3
#endif
_start:
        mov     $CHILDREN, %r12         /* children left to make        */
fork_one:
        mov     $57, %eax               /* fork                         */
        syscall
        test    %rax, %rax
        jz      child
        mov     $61, %eax               /* wait4(-1, NULL, 0, NULL)     */
        mov     $-1, %rdi
        xor     %esi, %esi
        xor     %edx, %edx
        xor     %r10d, %r10d
        syscall
#ifdef SPIN
        mov     $SPIN, %rcx
spin:
        dec     %rcx
        jnz     spin
#endif
        dec     %r12
        jnz     fork_one
        mov     $231, %eax              /* exit_group(0)                */
        xor     %edi, %edi
        syscall
child:
        mov     $231, %eax              /* exit_group(7)                */
        mov     $7, %edi
        syscall
