/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kernel.S - a tiny multiboot (v1) kernel for qemu-system-x86_64.
 *
 * Build:  gcc -m32 -nostdlib -static -Wl,-T,kernel.ld -Wl,--build-id=none \
 *             [-DSPINS=...] [-DEXIT_VALUE=...] [-DFOREVER | -DHALT] -o kernel.elf kernel.S
 *         (needs no gcc-multilib: nothing from libc or libgcc is linked)
 * Run:    qemu-system-x86_64 -kernel kernel.elf \
 *             -device isa-debug-exit,iobase=0xf4,iosize=0x04 -display none -nographic
 *
 * QEMU's -kernel loads multiboot ELF32 images: its option ROM enters _start
 * in 32-bit protected mode, paging off, interrupts disabled.  The kernel
 * spins SPINS times in a 4-instruction loop, then writes EXIT_VALUE to the
 * isa-debug-exit port, and QEMU exits at once with status
 * (EXIT_VALUE << 1) | 1.  Defaults SPINS = 1000000, EXIT_VALUE = 0x10:
 * exit status 33.  -DFOREVER makes the loop unconditional (never exits).
 * -DHALT halts at once with interrupts off: the vCPU never runs again.
 *
 * kernel.ld links at 1 MiB, so the addresses are fixed by construction:
 *
 *   addr      block        instructions                         runs
 *   0x100000  (multiboot header, 12 bytes of data)
 *   0x100010  _start       mov $SPINS,%ecx; jmp spin_loop          1
 *   0x100020  spin_loop    add; xor; dec %ecx; jnz spin_loop       SPINS
 *   0x100027  spin_exit    mov $EXIT_VALUE,%eax; out %eax,$0xf4    1
 *                          (QEMU exits inside the out; the hlt after it
 *                          never runs)
 *
 *   kernel instructions = 2 + 4 SPINS + 2 = 4 SPINS + 4  (4000004)
 *   spin_loop block executions = SPINS                   (1000000)
 *   no memory accesses in the kernel; one port write.
 *
 * Everything QEMU runs before _start (firmware, option ROM) is outside
 * 0x100000-0x100fff and its amount is not known by construction.
 * Companion: kernel.expect.
 */
#ifndef SPINS
#define SPINS 1000000
#endif
#ifndef EXIT_VALUE
#define EXIT_VALUE 0x10
#endif
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0              /* ELF image: no memory info, no a.out kludge */

        .section .multiboot, "a"
        .balign 4
        .long   MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

        .text
        .code32
        .globl  _start, spin_loop, spin_exit
        .balign 16
_start:
#ifdef HALT
        cli
2:      hlt
        jmp     2b
#endif
        mov     $SPINS, %ecx            /* iterations left              */
        jmp     spin_loop               /* end the entry block          */
        .balign 16                      /* padding is never executed    */
spin_loop:
        add     %ecx, %eax              /* busy work, registers only    */
        xor     %eax, %edx
        dec     %ecx
#ifdef FOREVER
        jmp     spin_loop
#else
        jnz     spin_loop
#endif
spin_exit:
        mov     $EXIT_VALUE, %eax
        out     %eax, $0xf4             /* isa-debug-exit: QEMU exits   */
1:      hlt                             /* not reached                  */
        jmp     1b
