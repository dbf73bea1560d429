/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * champsim-aarch64.S - AArch64 user-mode guest for ChampSim traces: every
 * kind of control transfer (as branches-aarch64.S), then known loads and
 * stores, load and store pairs, writeback.
 *
 * Build:  aarch64-linux-gnu-gcc -nostdlib -static -o champsim-aarch64 champsim-aarch64.S
 * Run:    qemu-aarch64 ./champsim-aarch64        (no output, exit status 0)
 *
 * Transfers, x0 counting N = 10 iterations down to 1 (ChampSim kind,
 * executions, taken):
 *
 *   i_tbz     tbz x0, #0, even   conditional     10, 5 taken
 *   i_b       b join             direct jump      5
 *   i_bl      bl func            direct call      5
 *   i_blr     blr x19            indirect call   10
 *   i_cbnz    cbnz x0, br_loop   conditional     10, 9 taken
 *   i_br      br x2              indirect jump    1
 *   i_bne     b.ne i_b           conditional      1, 0 taken
 *   i_cbz     cbz x0, memory     conditional      1, 1 taken
 *   i_ret     ret (in func)      return          15
 *
 * Conditional 22 (15 taken), direct jump 5, indirect jump 1, direct call
 * 5, indirect call 10, return 15: 58 branches, 51 taken.  svc is no
 * branch.
 *
 * Memory (buf is 64-byte aligned: one cache line), per instruction:
 *   m_str      str x1, [x3]              stores buf
 *   m_ldr      ldr x4, [x3]              loads buf
 *   m_stp      stp x1, x4, [x3, #16]!    stores buf+16 (16 bytes, one
 *                                        line: one address); x3 = buf+16
 *   m_ldp      ldp x5, x6, [x3], #-16    loads buf+16; x3 = buf
 *   m_post     ldr x7, [x3], #8          loads buf; x3 = buf+8
 *   i_push     stp x29, x30, [sp, #-16]! stores the stack
 *   i_pop      ldp x29, x30, [sp], #16   loads the stack
 * Loads 4, stores 3.  Instructions: 2 before the loop, 7 per iteration
 * (tbz, add and b or bl and ret, blr, ret, sub, cbnz), 6 from adr x2 to
 * cbz, 10 from memory on: 88.  Companion: champsim-aarch64.expect.
 */
        .data
        .balign 64
buf:    .quad   0, 0, 0, 0

        .text
        .globl  _start, br_loop, even, join, done, memory, func
        .globl  i_tbz, i_b, i_bl, i_blr, i_cbnz, i_br, i_bne, i_cbz
        .globl  i_svc, i_ret
        .globl  m_str, m_ldr, m_stp, m_ldp, m_post, i_push, i_pop, buf
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
i_cbz:  cbz     x0, memory
        nop
memory:
        adr     x3, buf
m_str:  str     x1, [x3]
m_ldr:  ldr     x4, [x3]
m_stp:  stp     x1, x4, [x3, #16]!
m_ldp:  ldp     x5, x6, [x3], #-16
m_post: ldr     x7, [x3], #8
i_push: stp     x29, x30, [sp, #-16]!
i_pop:  ldp     x29, x30, [sp], #16
        mov     x8, #94                 /* exit_group(0) */
i_svc:  svc     #0
func:
i_ret:  ret
