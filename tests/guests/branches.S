/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * branches.S - x86-64 user-mode guest: every kind of control transfer a
 * user program runs, each at a global label, with known outcomes.
 *
 * Build:  gcc -nostdlib -static -o branches branches.S
 * Run:    qemu-x86_64 ./branches        (no output, exit status 0)
 *
 * %ecx counts N = 10 iterations down to 1.  Per label (the instruction
 * there), its kind, target and, for conditional branches, outcomes:
 *
 *   i_jz      jz even           conditional, direct   taken when %ecx is
 *                                                     even: 5 taken, 5 not
 *   i_jmp     jmp join          direct jump           5 runs
 *   i_call    call func         direct call           5 runs
 *   i_callr   call *%rbx        indirect call         10 runs
 *   i_loop    loop br_loop      conditional, direct   9 taken, 1 not
 *   i_jmpr    jmp *%rdx         indirect jump         1 run
 *   i_callm   call *fptr(%rip)  indirect call, memory 1 run
 *   i_jnz     jnz i_jmp         conditional, direct   0 taken, 1 not
 *                               (%rcx is 0 after the loop)
 *   i_jrcxz   jrcxz exit        conditional, direct   1 taken, 0 not
 *   i_syscall syscall           system                1 run (exit_group)
 *   i_ret     ret (in func)     return, indirect      16 runs
 *
 * Conditional branches: 22 executions, 15 taken, 7 not.  A 2-bit
 * saturating counter per branch, starting at 1 (weakly not taken) and
 * predicting taken from 2 up, mispredicts: i_jz all 10 (it alternates
 * T,N,T,...), i_loop 2 (the first and the last), i_jnz 0, i_jrcxz 1:
 * 13 of 22.  Companion: branches.expect.
 */
        .data
fptr:   .quad   func

        .text
        .globl  _start, br_loop, even, join, done, exit, func
        .globl  i_jz, i_jmp, i_call, i_callr, i_loop, i_jmpr, i_callm
        .globl  i_jnz, i_jrcxz, i_syscall, i_ret
_start:
        mov     $10, %ecx
        lea     func(%rip), %rbx
br_loop:
        test    $1, %cl
i_jz:   jz      even
        add     $1, %eax
i_jmp:  jmp     join
even:
i_call: call    func
join:
i_callr: call   *%rbx
i_loop: loop    br_loop
        lea     done(%rip), %rdx
i_jmpr: jmp     *%rdx
        nop
done:
i_callm: call   *fptr(%rip)
        test    %rcx, %rcx
i_jnz:  jnz     i_jmp
        nop
i_jrcxz: jrcxz  exit
        nop
exit:
        mov     $231, %eax              /* exit_group(0) */
        xor     %edi, %edi
i_syscall: syscall
func:
i_ret:  ret
