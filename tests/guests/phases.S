/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * phases.S - x86-64 user-mode guest with three program phases A, B, A for
 * SimPoint tests.  Phase A is one piece of code (phase_a..a_tail) run twice,
 * reached by a jump each time (no call/ret); phase B is a different loop.
 *
 * Build:  gcc -nostdlib -static -o phases phases.S
 * Run:    qemu-x86_64 ./phases      (no output, exit status 0)
 *
 * Blocks (QEMU ends a block at each branch and at syscall):
 *
 *   block     instructions                                   insns  runs
 *   _start    mov $2,%ebp; xor %eax,%eax; jmp phase_a          3     1
 *   phase_a   mov $NA,%ecx; add; dec; jnz a_loop (1st iter.)   4     2
 *   a_loop    add %ecx,%eax; dec %ecx; jnz a_loop              3     2*(NA-1)
 *   a_tail    dec %ebp; jz done                                2     2
 *   phase_b   mov $NB,%ecx; xor %edx,%edx; add; rol; dec; jnz  6     1
 *   b_loop    add %ecx,%edx; rol $1,%edx; dec %ecx; jnz b_loop 4     NB-1
 *   b_tail    add %edx,%eax; jmp phase_a                       2     1
 *   done      mov $231,%eax; xor %edi,%edi; syscall            3     1
 *
 * One pass of A is 4 + 3(NA-1) + 2 = 3NA + 3 instructions, B is
 * 6 + 4(NB-1) + 2 = 4NB + 4.  Execution order: _start, A, B, A, done.
 * With NA = 99998 and NB = 99999:
 *
 *   phase A (1st): _start + A pass  = 3 + 299997 = 300000   [0, 300000)
 *   phase B:       B pass           = 400000                [300000, 700000)
 *   phase A (2nd): A pass + done    = 299997 + 3 = 300000   [700000, 1000000)
 *   INSNS = 1000000 exactly; BLOCK_EXECS = 2NA + NB + 5 = 300000
 *
 * So with 100000-instruction intervals there are exactly 10 full intervals,
 * AAABBBBAAA; each phase border is an interval border and also a block
 * border (a_tail ends at 300000, b_tail at 700000), so even a tool that
 * charges a whole block to the interval it starts in sees pure intervals.
 * Both A phases run the same blocks except that the 1st has _start and the
 * 2nd has done (3 instructions each).  No memory accesses: LOADS = STORES = 0.
 * Companion: phases.expect.
 */
#define NA 99998
#define NB 99999

        .text
        .globl  _start, phase_a, a_loop, a_tail, phase_b, b_loop, b_tail, done
_start:
        mov     $2, %ebp                /* passes of phase A left       */
        xor     %eax, %eax
        jmp     phase_a                 /* end the entry block          */
phase_a:
        mov     $NA, %ecx
a_loop:
        add     %ecx, %eax
        dec     %ecx
        jnz     a_loop
a_tail:
        dec     %ebp
        jz      done                    /* after the 2nd pass           */
phase_b:
        mov     $NB, %ecx
        xor     %edx, %edx
b_loop:
        add     %ecx, %edx
        rol     $1, %edx
        dec     %ecx
        jnz     b_loop
b_tail:
        add     %edx, %eax
        jmp     phase_a
done:
        mov     $231, %eax              /* exit_group(0)                */
        xor     %edi, %edi
        syscall
