/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * branches-aarch64.S - AArch64 user-mode guest: every kind of control
 * transfer a user program runs, each at a global label, with known
 * outcomes (the same shape as branches.S).
 *
 * Build:  aarch64-linux-gnu-gcc -nostdlib -static -o branches-aarch64 branches-aarch64.S
 * Run:    qemu-aarch64 ./branches-aarch64        (no output, exit status 0)
 *
 * x0 counts N = 10 iterations down to 1.  Per label:
 *
 *   i_tbz     tbz x0, #0, even   conditional, direct  taken when x0 is
 *                                                     even: 5 taken, 5 not
 *   i_b       b join             direct jump          5 runs
 *   i_bl      bl func            direct call          5 runs
 *   i_blr     blr x19            indirect call        10 runs
 *   i_cbnz    cbnz x0, br_loop   conditional, direct  9 taken, 1 not
 *   i_br      br x2              indirect jump        1 run
 *   i_bne     b.ne i_b           conditional, direct  0 taken, 1 not
 *                                (x0 is 0 after the loop)
 *   i_cbz     cbz x0, exit       conditional, direct  1 taken, 0 not
 *   i_svc     svc #0             system               1 run (exit_group)
 *   i_ret     ret (in func)      return, indirect     15 runs
 *
 * Conditional branches: 22 executions, 15 taken, 7 not; a 2-bit counter
 * per branch starting weakly not taken mispredicts 10 + 2 + 0 + 1 = 13.
 * Companion: branches-aarch64.expect.
 */
        .text
        .globl  _start, br_loop, even, join, done, exit, func
        .globl  i_tbz, i_b, i_bl, i_blr, i_cbnz, i_br, i_bne, i_cbz
        .globl  i_svc, i_ret
_start:
        mov     x0, #10
        adr     x19, func
br_loop:
i_tbz:  tbz     x0, #0, even
        add     x1, x1, #1
i_b:    b       join
even:
i_bl:   bl      func
join:
i_blr:  blr     x19
        sub     x0, x0, #1
i_cbnz: cbnz    x0, br_loop
        adr     x2, done
i_br:   br      x2
        nop
done:
        cmp     x0, #0
i_bne:  b.ne    i_b
        nop
i_cbz:  cbz     x0, exit
        nop
exit:
        mov     x8, #94                 /* exit_group(0) */
i_svc:  svc     #0
func:
i_ret:  ret
