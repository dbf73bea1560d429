/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * faults.S - x86-64 user-mode guest: synchronous signals taken mid-block,
 * each resumed after the instruction that raised it.
 *
 * Build:  gcc -nostdlib -static [-DITER=...] [-DNO_SIGINFO] -o faults faults.S
 * Run:    qemu-x86_64 ./faults      (no output; exit status 0 when every
 *                                    signal arrived as designed, else 1)
 *
 * One handler (SA_SIGINFO | SA_RESTORER, its own restorer; with
 * -DNO_SIGINFO, SA_RESTORER alone: the kernel and QEMU still pass the
 * ucontext in rdx, but write no siginfo) serves SIGSEGV, SIGILL and
 * SIGTRAP.  It adds skip[signo] to the interrupted rip in the
 * ucontext (uc_mcontext.gregs[REG_RIP], 168 bytes into it), counts the
 * signal and returns to the restorer, which calls rt_sigreturn:
 *   SIGSEGV  mov 0x0,%rax (8 bytes, absolute address 0): the load faults
 *            and does not retire; rip is the load, skip 8.
 *   SIGILL   ud2 (2 bytes) does not retire; rip is the ud2, skip 2.
 *   SIGTRAP  int3 retires: the kernel (and QEMU) report the rip after it,
 *            skip 0.
 *
 * The loop body runs ITER times (default 100):
 *   dec %rbx; load; 10 nop; load; 10 nop; ud2; 10 nop; int3; 10 nop; jnz
 * so N_SEGV = 2 ITER, N_ILL = ITER, N_TRAP = ITER signals.
 *
 * Instructions RETIRED, by construction (a faulting load or ud2 does not
 * count; int3 and every system call do):
 *   setup       3 x (mov, mov, mov, xor, mov, syscall) + mov, jmp  = 20
 *   loop body   dec + 4 x 10 nop + int3 + jnz                      = 43 per iteration
 *   per signal  handler (mov, add, incq, ret) + restorer (mov, syscall)
 *                                                                  =  6
 *   exit        xor, 3 x (mov, sub), 2 x or, setne, mov, syscall   = 12
 *   RETIRED = 20 + 43 ITER + 6 (N_SEGV + N_ILL + N_TRAP) + 12
 *           = 32 + 67 ITER                           (ITER = 100: 6732)
 *
 * How QEMU translates the loop (7.2, 10.0 and 10.2 alike: ud2 and int3 end
 * a block, a load does not; the body is 64-byte aligned and far from a page
 * end, and each resumption starts a new block at the resume address):
 *   block from         instructions                      ends because
 *   loop_body          dec, load, 10 nop, load, 10 nop, ud2   ud2   (24)
 *   after load 1       10 nop, load, 10 nop, ud2              ud2   (22)
 *   after load 2       10 nop, ud2                            ud2   (11)
 *   after ud2          10 nop, int3                           int3  (11)
 *   after int3         10 nop, jnz                            jnz   (11)
 * A count that charges a whole block when it is entered counts, per fault,
 * the instructions from the faulting one to the block's end:
 *   load 1: 23, load 2: 12, ud2: 1, int3: 0 (it ends its block and retires)
 *   OVERCOUNT = 36 ITER                              (ITER = 100: 3600)
 *   BLOCK_COUNT = RETIRED + OVERCOUNT = 32 + 103 ITER (ITER = 100: 10332)
 * Companion values: faults.expect (for the default ITER).
 */
#ifndef ITER
#define ITER 100
#endif
#define SIGILL 4
#define SIGTRAP 5
#define SIGSEGV 11
#define NOP10 nop; nop; nop; nop; nop; nop; nop; nop; nop; nop

        .text
        .globl  _start, loop_body, loop_exit, handler, restorer
        .globl  fault_load1, fault_load2, fault_ud2, trap_int3
_start:
        .irp    sig, SIGSEGV, SIGILL, SIGTRAP
        mov     $13, %eax               /* rt_sigaction(sig, &act, 0, 8) */
        mov     $\sig, %edi
        mov     $act, %esi
        xor     %edx, %edx
        mov     $8, %r10d
        syscall
        .endr
        mov     $ITER, %ebx             /* iterations left              */
        jmp     loop_body
        .balign 64
loop_body:
        dec     %rbx                    /* ZF survives the signals:     */
fault_load1:                            /* rt_sigreturn restores rflags */
        mov     0x0, %rax               /* 48 8b 04 25 00 00 00 00      */
        NOP10
fault_load2:
        mov     0x0, %rax
        NOP10
fault_ud2:
        ud2
        NOP10
trap_int3:
        int3
        NOP10
        jnz     loop_body
loop_exit:
        xor     %edi, %edi              /* status 0 if every count is right */
        mov     counts + 8 * SIGSEGV, %rax
        sub     $(2 * ITER), %rax
        mov     counts + 8 * SIGILL, %rcx
        sub     $ITER, %rcx
        or      %rcx, %rax
        mov     counts + 8 * SIGTRAP, %rcx
        sub     $ITER, %rcx
        or      %rcx, %rax
        setne   %dil
        mov     $231, %eax              /* exit_group                   */
        syscall

/* handler(signo = %rdi, siginfo = %rsi, ucontext = %rdx) */
handler:
        mov     skip(, %rdi, 8), %rax
        add     %rax, 168(%rdx)         /* uc_mcontext rip += skip      */
        incq    counts(, %rdi, 8)
        ret                             /* to restorer                  */
restorer:
        mov     $15, %eax               /* rt_sigreturn                 */
        syscall

        .data
        .balign 8
#ifdef NO_SIGINFO
act:    .quad   handler, 0x04000000, restorer, 0 /* SA_RESTORER          */
#else
act:    .quad   handler, 0x04000004, restorer, 0 /* SA_RESTORER|SA_SIGINFO */
#endif
skip:   .quad   0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 8 /* by signal number  */
counts: .fill   12, 8, 0
