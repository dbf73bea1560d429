/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * phases-rate.S - x86-64 user-mode guest with three program phases A, B, A
 * like phases.S, built so that every 100000-instruction interval has
 * exactly its phase's conditional-branch rate: 1 conditional branch per 2
 * instructions in A, 1 per 4 in B.  Every block of phase A is 2
 * instructions ending in a conditional branch, every block of phase B 4
 * (the start-up, the set-ups, the loop exits included), but for the exit,
 * which balances its branchless syscall with a lone conditional branch.
 * Validation tests (docs/campaigns.md) get an estimate equal to the
 * whole-program value.  As in phases.S, phase A is one piece of code
 * (phase_a..a_tail) run twice, reached by a branch each time.
 *
 * Build:  gcc -nostdlib -static -o phases-rate phases-rate.S
 * Run:    qemu-x86_64 ./phases-rate      (no output, exit status 0)
 *
 * Blocks (QEMU ends a block at each branch and at syscall); every
 * conditional branch's direction is known (ZF as the comment says), many
 * go to the next instruction: they only end their block.
 *
 *   block      instructions                                  insns br. runs
 *   _start     xor %edi,%edi; jz (ZF=1)                        2   1    1
 *   passes     mov $2,%ebp; jz phase_a (ZF=1)                  2   1    1
 *   phase_a    mov $NA,%ecx; jz a_loop (ZF=1)                  2   1    2
 *   a_loop     dec %ecx; jnz a_loop                            2   1    2*NA
 *   a_tail     dec %ebp; jz done                               2   1    2
 *   phase_b    mov $NB,%ecx; xor %edx,%edx; nop; jz b_loop     4   1    1
 *   b_loop     add %ecx,%edx; rol $1,%edx; dec %ecx; jnz       4   1    NB
 *   b_tail     nop; nop; nop; jz phase_a (ZF=1)                4   1    1
 *   done       mov $231,%eax; jz done_pad (ZF=1)               2   1    1
 *   done_pad   jz done_exit (ZF=1)                             1   1    1
 *   done_exit  syscall (exit_group(0))                         1   0    1
 *
 * ZF is 1 after xor of a register with itself, after each loop's last
 * dec (to 0) and after a_tail's 2nd dec; mov and nop leave it.  The
 * phases, in execution order (_start, A, B, A, done):
 *
 *   A (1st): _start + passes + phase_a + a_loop + a_tail
 *            = 2 + 2 + 2 + 2NA + 2 = 2NA + 8 = 300000 instructions,
 *            NA + 4 = 150000 conditional branches            [0, 300000)
 *   B:       phase_b + b_loop + b_tail = 4 + 4NB + 4 = 400000,
 *            NB + 2 = 100000                                 [300000, 700000)
 *   A (2nd): phase_a + a_loop + a_tail + done + done_pad + done_exit
 *            = 2 + 2NA + 2 + 2 + 1 + 1 = 2NA + 8 = 300000,
 *            NA + 4 = 150000                                 [700000, 1000000)
 *
 * with NA = 149996 and NB = 99998: INSNS = 1000000 exactly, 400000
 * conditional branches (400 per 1000 instructions), BLOCK_EXECS =
 * 2NA + NB + 11 = 400001.
 *
 * So with 100000-instruction intervals there are exactly 10 full
 * intervals, AAABBBBAAA.  Every block of A starts at an even instruction
 * position and every block of B at 300000 + 4k, so every interval border
 * (a multiple of 100000) is a block border: windows hold exactly their
 * interval.  An A interval is 50000 2-instruction blocks with one
 * conditional branch each (interval 9: 49999 of them, done_pad and
 * done_exit): 50000 conditional branches; a B interval is 25000
 * 4-instruction blocks with one each: 25000.  Any weighted mean of A
 * intervals is then 500 per 1000 instructions, of B intervals 250.  No
 * memory accesses: LOADS = STORES = 0.  Companion: phases-rate.expect.
 */
#define NA 149996
#define NB 99998

        .text
        .globl  _start, passes, phase_a, a_loop, a_tail, phase_b, b_loop
        .globl  b_tail, done, done_pad, done_exit
_start:
        xor     %edi, %edi              /* exit status 0; ZF = 1        */
        jz      passes
passes:
        mov     $2, %ebp                /* passes of phase A left       */
        jz      phase_a
phase_a:
        mov     $NA, %ecx
        jz      a_loop
a_loop:
        dec     %ecx
        jnz     a_loop
a_tail:
        dec     %ebp
        jz      done                    /* after the 2nd pass           */
phase_b:
        mov     $NB, %ecx
        xor     %edx, %edx
        nop                             /* B's blocks are 4 instructions */
        jz      b_loop
b_loop:
        add     %ecx, %edx
        rol     $1, %edx
        dec     %ecx
        jnz     b_loop
b_tail:
        nop
        nop
        nop
        jz      phase_a
done:
        mov     $231, %eax              /* exit_group(0)                */
        jz      done_pad
done_pad:
        jz      done_exit               /* balances the syscall's block */
done_exit:
        syscall
