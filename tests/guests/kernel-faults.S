/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kernel-faults.S - a multiboot (v1) kernel for qemu-system-x86_64 that
 * takes page faults, #UD and #BP mid-block and one timer interrupt.
 *
 * Build:  gcc -m32 -nostdlib -static -Wl,-T,kernel.ld -Wl,--build-id=none \
 *             [-DK=...] [-DM=...] -o kernel-faults.elf kernel-faults.S
 * Run:    qemu-system-x86_64 -kernel kernel-faults.elf -no-reboot \
 *             -device isa-debug-exit,iobase=0xf4,iosize=0x04 -display none
 *         exit status 33 when the timer interrupted exactly once.
 *
 * Entered like kernel.S (32-bit protected mode, paging off, IF = 0), it
 * loads its own GDT and IDT, turns on paging with one 4 MiB page (0-4 MiB,
 * identity), then:
 *   fixup  a load from 0x400000 (not present) mid-block: the #PF handler
 *          maps 4-8 MiB and returns; the load runs again and retires.
 *   loop   K times: dec; a load from 0x800000 (never mapped: the #PF
 *          handler skips its 5 bytes); 10 nop; ud2 (the #UD handler skips
 *          it); 10 nop; int3 (a trap: it retires, #BP returns after it);
 *          10 nop; jnz.
 *   timer  the 8259 (IRQ 0 at vector 0x20, the only one unmasked) and the
 *          PIT channel 0 in mode 0 (one interrupt after 1193 ticks, ~1 ms);
 *          sti; M times a block of 20 adds, dec, jnz; then "wait": cli;
 *          if the interrupt came, 3 nops, else sti; hlt (the interrupt
 *          wakes it); jmp.  Either way both paths retire 6 instructions and
 *          the handler runs exactly once: the total is deterministic even
 *          though where the interrupt lands (which spin iteration, or the
 *          hlt) is not.  QEMU takes interrupts between blocks only
 *          (docs/discontinuities.md), so it never leaves a block early.
 *   exit   cli; writes ticks + 15 to isa-debug-exit: status 33 for one
 *          tick; then hlt with IF = 0.
 *
 * Kernel instructions RETIRED by construction (faulting loads and ud2 do
 * not retire; int3, hlt and the out to isa-debug-exit do):
 *   setup   lgdt, ljmp, 4 mov, mov, 4 gates x 6, lidt, movl,
 *           3 (cr4), 2 (cr3), 3 (cr0), jmp                           =  42
 *   fixup   nop, load (retires when run again), nop, mov, jmp        =   5
 *           + #PF handler, map path (push, mov, cmp, jne, movl, pop,
 *           add, iret)                                               =   8
 *   loop    dec + 3 x 10 nop + int3 + jnz                            =  33 K
 *           + #PF skip path (push, mov, cmp, jne, addl, pop, add,
 *           iret) 8 + #UD (addl, iret) 2 + #BP (iret) 1             =  11 K
 *   timer   8259: 9 mov + 9 out, PIT: 3 mov + 3 out, mov, sti, jmp   =  27
 *           spin: 20 add + dec + jnz                                 =  22 M
 *           wait (either path)                                       =   6
 *           handler (push, incl, mov, out, pop, iret)                =   6
 *   exit    cli, mov, add, out                                       =   4
 *   RETIRED = 42 + 13 + 44 K + 27 + 22 M + 12 + 4
 *           = 98 + 44 K + 22 M            (K = 100, M = 20000: 444498)
 * The exit is asynchronous on QEMU 10.0 and 10.2 (measured): the out ends
 * its block and the hlt after it runs in some runs (6 of 8), not in others,
 * as QEMU's main loop acts on the exit request: the kernel retires RETIRED
 * or RETIRED_HLT = RETIRED + 1 (444499) instructions.  A test that needs
 * one number counts up to the out only (the hlt is at the symbol "halt").
 * Faults: K + 1 #PF, K #UD, K #BP, 1 timer interrupt (vector 0x20).
 *
 * How QEMU translates the faulting blocks (each resumption starts a new
 * block at the resume address; ud2 and int3 end a block, a load does not):
 *   fixup           nop, load, nop, mov, jmp                 (5)
 *   loop            dec, load, 10 nop, ud2                   (13)
 *   after the load  10 nop, ud2                              (11)
 *   after ud2       10 nop, int3                             (11)
 *   after int3      10 nop, jnz                              (11)
 * A count that charges a whole block when it is entered counts, per fault,
 * the instructions from the faulting one to its block's end: fixup 4, per
 * iteration load 12 + ud2 1 + int3 0:
 *   OVERCOUNT = 4 + 13 K                   (K = 100: 1304)
 *   BLOCK_COUNT = the kernel's retired count + OVERCOUNT
 *               (K = 100, M = 20000: 445802 or 445803, measured on 10.0
 *               and 10.2 with the hlt in a block of its own)
 * Everything QEMU runs before _start (firmware) is outside the kernel's
 * 0x100000-0x100fff code and is not known by construction.
 * Companion: kernel-faults.expect.
 */
#ifndef K
#define K 100
#endif
#ifndef M
#define M 20000
#endif
#define MB_MAGIC 0x1BADB002
#define NOP10 nop; nop; nop; nop; nop; nop; nop; nop; nop; nop

/* GATE vec, fn: an interrupt gate (ring 0, selector 0x08) to fn. */
.macro GATE vec, fn
        mov     $\fn, %eax
        mov     %ax, idt + 8 * \vec
        movw    $0x08, idt + 8 * \vec + 2
        movw    $0x8e00, idt + 8 * \vec + 4
        shr     $16, %eax
        mov     %ax, idt + 8 * \vec + 6
.endm

        .section .multiboot, "a"
        .balign 4
        .long   MB_MAGIC, 0, -MB_MAGIC

        .text
        .code32
        .globl  _start, fixup, fault_fixup, loop, fault_load, fault_ud2
        .globl  trap_int3, timer, spin, wait, arrived, after, exit, halt
        .globl  h_pf, h_ud, h_bp, h_timer
_start:
        lgdt    gdtr
        ljmp    $0x08, $1f
1:      mov     $0x10, %ax
        mov     %ax, %ds
        mov     %ax, %es
        mov     %ax, %ss
        mov     $stack_top, %esp
        GATE    3, h_bp
        GATE    6, h_ud
        GATE    14, h_pf
        GATE    0x20, h_timer
        lidt    idtr
        movl    $0x83, pd               /* 0-4 MiB: present, rw, 4 MiB  */
        mov     %cr4, %eax
        or      $0x10, %eax             /* CR4.PSE                      */
        mov     %eax, %cr4
        mov     $pd, %eax
        mov     %eax, %cr3
        mov     %cr0, %eax
        or      $0x80000000, %eax       /* CR0.PG                       */
        mov     %eax, %cr0
        jmp     fixup
fixup:
        nop
fault_fixup:
        mov     0x400000, %eax          /* #PF, mapped, runs again      */
        nop
        mov     $K, %ecx
        jmp     loop
        .balign 64
loop:
        dec     %ecx                    /* ZF survives: iret restores EFLAGS */
fault_load:
        mov     0x800000, %eax          /* #PF, skipped (a1 00 00 80 00) */
        NOP10
fault_ud2:
        ud2                             /* #UD, skipped                 */
        NOP10
trap_int3:
        int3                            /* #BP after it: retires        */
        NOP10
        jnz     loop
timer:
        mov     $0x11, %al              /* 8259 pair: ICW1..ICW4, masks  */
        out     %al, $0x20
        out     %al, $0xa0
        mov     $0x20, %al
        out     %al, $0x21
        mov     $0x28, %al
        out     %al, $0xa1
        mov     $4, %al
        out     %al, $0x21
        mov     $2, %al
        out     %al, $0xa1
        mov     $1, %al
        out     %al, $0x21
        out     %al, $0xa1
        mov     $0xfe, %al              /* IRQ 0 only                   */
        out     %al, $0x21
        mov     $0xff, %al
        out     %al, $0xa1
        mov     $0x30, %al              /* PIT 0: lo/hi byte, mode 0    */
        out     %al, $0x43
        mov     $(1193 & 0xff), %al
        out     %al, $0x40
        mov     $(1193 >> 8), %al
        out     %al, $0x40
        mov     $M, %ecx
        sti
        jmp     spin
spin:
        .rept   20
        add     %ecx, %edx
        .endr
        dec     %ecx
        jnz     spin
wait:
        cli
        cmpl    $0, ticks
        jne     arrived
        sti                             /* hlt runs before the interrupt */
        hlt
        jmp     after
arrived:
        nop                             /* as many as sti, hlt, jmp     */
        nop
        nop
after:
exit:
        cli                             /* both paths: IF = 0           */
        mov     ticks, %eax
        add     $15, %eax               /* one tick: 0x10, status 33    */
        out     %eax, $0xf4             /* isa-debug-exit: QEMU exits   */
halt:   hlt                             /* may run: see above           */
        jmp     halt

/* #PF: map 4-8 MiB at its first fault, skip any other faulting load. */
h_pf:
        push    %eax
        mov     %cr2, %eax
        cmp     $0x400000, %eax
        jne     1f
        movl    $0x400083, pd + 4       /* was not present: no flush    */
        pop     %eax
        add     $4, %esp                /* the error code               */
        iret
1:      addl    $5, 8(%esp)             /* the saved eip, past the load */
        pop     %eax
        add     $4, %esp
        iret
h_ud:
        addl    $2, (%esp)
        iret
h_bp:
        iret
h_timer:
        push    %eax
        incl    ticks
        mov     $0x20, %al              /* EOI                          */
        out     %al, $0x20
        pop     %eax
        iret

        .data
        .balign 4096                    /* no code shares a data page   */
gdt:    .quad   0, 0x00cf9a000000ffff, 0x00cf92000000ffff
gdtr:   .word   23
        .long   gdt
        .balign 4
idtr:   .word   256 * 8 - 1
        .long   idt
ticks:  .long   0
        .balign 4096
pd:     .fill   1024, 4, 0
idt:    .fill   256, 8, 0
        .fill   4096, 1, 0
stack_top:
