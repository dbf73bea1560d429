/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * random-phases.S - x86-64 user-mode guest with the phases A, B, A of
 * phases.S, made non-deterministic on purpose: it reads two bytes from
 * /dev/urandom, and each phase's loop runs in one of 256 copies of its
 * code, chosen by one byte (A by the first, B by the second).  Every run
 * executes the same number of instructions in the same phases, at other
 * addresses: two runs run the same A loop with probability 1/256, the
 * same A and B loops with probability 1/65536.  Capture fidelity
 * (docs/campaigns.md) must mark it not reproducible.
 *
 * Build:  gcc -nostdlib -static -o random-phases random-phases.S
 * Run:    qemu-x86_64 ./random-phases      (no output, exit status 0)
 *
 * The copies are 16 bytes apart in a page of their own per phase, so no
 * two copies of a phase share their offset in a page (the key fidelity
 * matches blocks by, with their sizes).  A copy of A is the loop
 *   add %ecx,%eax; dec %ecx; jnz      (3 instructions, NA times)
 * then jmp *%r14 back; a copy of B is
 *   add %ecx,%edx; rol $1,%edx; dec %ecx; jnz   (4 instructions, NB times)
 * then jmp *%r14.  With NA = NB = 100000 the phases are about 300000,
 * 400000 and 300000 instructions (INSNS in random-phases.expect).
 * Companion: random-phases.expect.
 */
#define NA 100000
#define NB 100000

        .text
        .globl  _start
_start:
        mov     $2, %eax                /* open("/dev/urandom", O_RDONLY) */
        lea     urandom(%rip), %rdi
        xor     %esi, %esi
        syscall
        mov     %eax, %edi
        xor     %eax, %eax              /* read(fd, choice, 2) */
        lea     choice(%rip), %rsi
        mov     $2, %edx
        syscall
        cmp     $2, %rax
        jne     failed
        movzbl  choice(%rip), %r12d     /* &a_copies[choice[0]] */
        shl     $4, %r12
        lea     a_copies(%rip), %rax
        add     %rax, %r12
        movzbl  choice+1(%rip), %r13d   /* &b_copies[choice[1]] */
        shl     $4, %r13
        lea     b_copies(%rip), %rax
        add     %rax, %r13
        mov     $2, %ebp                /* passes of phase A left */
        xor     %eax, %eax
phase_a:
        mov     $NA, %ecx
        lea     a_back(%rip), %r14
        jmp     *%r12
a_back:
        dec     %ebp
        jz      done
        mov     $NB, %ecx
        lea     b_back(%rip), %r14
        jmp     *%r13
b_back:
        jmp     phase_a
done:
        mov     $231, %eax              /* exit_group(0) */
        xor     %edi, %edi
        syscall
failed:
        mov     $231, %eax              /* exit_group(1): no random bytes */
        mov     $1, %edi
        syscall

        .balign 4096
a_copies:
        .rept   256
        .balign 16
1:      add     %ecx, %eax
        dec     %ecx
        jnz     1b
        jmp     *%r14
        .endr
        .balign 4096
b_copies:
        .rept   256
        .balign 16
1:      add     %ecx, %edx
        rol     $1, %edx
        dec     %ecx
        jnz     1b
        jmp     *%r14
        .endr

        .section .rodata
urandom:
        .asciz  "/dev/urandom"

        .bss
choice:
        .skip   2
