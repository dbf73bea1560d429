/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kernel-faults-aarch64.S - bare-metal AArch64 guest for QEMU's `virt`
 * machine (-M virt -cpu cortex-a57 -kernel, entered at EL1 with the MMU
 * off) taking ITER of each synchronous exception at a known instruction
 * between two nops: svc #0, brk #0, udf #0 and a data abort (a load from
 * 0x0a100000, where `virt` maps nothing).  The handler (at VBAR_EL1 +
 * 0x200) returns after the instruction: ELR_EL1 as it is after svc, ELR +
 * 4 otherwise.  It ends with PSCI SYSTEM_OFF (hvc #0), which QEMU handles
 * itself (a host call).
 *
 * Build:  aarch64-linux-gnu-gcc -nostdlib -static \
 *             -Wl,-T,kernel-aarch64.ld -o kernel-faults-aarch64.elf \
 *             kernel-faults-aarch64.S
 *
 * Known by construction (instructions retired; ITER = 100):
 *   _start                          6
 *   svc loop    ITER x (7 + handler: b, mrs, lsr, cmp, b.eq, eret = 6)
 *   mov x20                         1
 *   brk loop    ITER x (6 + handler: b, mrs, lsr, cmp, b.eq, mrs, add,
 *                       msr, eret = 9): brk does not retire
 *   mov x20                         1
 *   udf loop    ITER x (6 + 9)
 *   mov x20; ldr x2                 2
 *   abort loop  ITER x (6 + 9): the load does not retire
 *   ldr x0; hvc                     2
 *   RETIRED = 6 + 13 ITER + 1 + 15 ITER + 1 + 15 ITER + 2 + 15 ITER + 2
 *           = 12 + 58 ITER = 5,812
 * A count per block entry that takes nothing back also counts brk and udf
 * (each ends its block) and the load with the 4 instructions after it:
 * OVERCOUNT = ITER (brk) + ITER (udf) + 5 ITER (the load) = 700.
 *
 * Companion: kernel-faults-aarch64.expect.
 */
#define ITER 100

        .section .text.boot, "ax"
        .globl  _start, svc_at, brk_at, udf_at, abt_at, vectors
_start:
        ldr     x0, =vectors
        msr     vbar_el1, x0
        isb
        ldr     x1, =0x41000000
        mov     sp, x1
        mov     x20, #ITER
loop_svc:
        nop
        nop
svc_at: svc     #0
        nop
        nop
        subs    x20, x20, #1
        b.ne    loop_svc
        mov     x20, #ITER
loop_brk:
        nop
        nop
brk_at: brk     #0
        nop
        nop
        subs    x20, x20, #1
        b.ne    loop_brk
        mov     x20, #ITER
loop_udf:
        nop
        nop
udf_at: .inst   0x00000000              /* udf #0 */
        nop
        nop
        subs    x20, x20, #1
        b.ne    loop_udf
        mov     x20, #ITER
        ldr     x2, =0x0a100000         /* nothing mapped there */
loop_abt:
        nop
        nop
abt_at: ldr     x3, [x2]
        nop
        nop
        subs    x20, x20, #1
        b.ne    loop_abt
        ldr     x0, =0x84000008         /* PSCI SYSTEM_OFF */
        hvc     #0
halt:   b       halt

/* The vector table: synchronous, current EL with SP_ELx at 0x200. */
        .balign 2048
vectors:
        .rept   4
        .balign 128
        b       .
        .endr
        .balign 128
        b       sync
        .rept   11
        .balign 128
        b       .
        .endr
sync:
        mrs     x10, esr_el1
        lsr     x10, x10, #26           /* the exception class */
        cmp     x10, #0x15              /* svc: ELR is the next instruction */
        b.eq    return
        mrs     x11, elr_el1
        add     x11, x11, #4
        msr     elr_el1, x11
return: eret
