/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * faults-aarch64.S - AArch64 user-mode guest: synchronous signals taken
 * mid-block, each resumed after the instruction that raised it.
 *
 * Build:  aarch64-linux-gnu-gcc -nostdlib -static [-DITER=...] \
 *             -o faults-aarch64 faults-aarch64.S
 * Run:    qemu-aarch64 ./faults-aarch64   (no output; exit status 0 when
 *                                         every signal arrived as designed)
 *
 * One handler (SA_SIGINFO | SA_RESTORER, its own restorer) serves SIGSEGV
 * and SIGTRAP.  Neither instruction retires and the kernel (and QEMU)
 * report the pc of the instruction itself, so the handler adds 4 to the pc
 * in the ucontext (uc_mcontext.pc, 440 bytes into it), counts the signal
 * and returns (x30 = the restorer), which calls rt_sigreturn:
 *   SIGSEGV  ldr x0, [x20] with x20 = 0
 *   SIGTRAP  brk #0
 *
 * The loop body runs ITER times (default 100):
 *   subs; load; 10 nop; load; 10 nop; brk; 10 nop; b.ne
 * so N_SEGV = 2 ITER and N_TRAP = ITER signals.
 *
 * Instructions RETIRED, by construction (a faulting load or brk does not
 * count; every svc does):
 *   setup       2 x (mov, mov, adr, mov, mov, svc) + mov, mov, b   = 15
 *   loop body   subs + 3 x 10 nop + b.ne                           = 32 per iteration
 *   per signal  handler (adr, ldr, add, str, ldr, add, str, ret)
 *               + restorer (mov, svc)                              = 10
 *   exit        adr, ldr, sub, ldr, sub, orr, cmp, cset, mov, svc  = 10
 *   RETIRED = 15 + 32 ITER + 10 (N_SEGV + N_TRAP) + 10
 *           = 25 + 62 ITER                          (ITER = 100: 6225)
 *
 * How QEMU translates the loop (7.2, 10.0 and 10.2 alike: brk ends a block,
 * a load does not; each resumption starts a new block at the resume
 * address):
 *   block from         instructions                            ends at
 *   loop_body          subs, load, 10 nop, load, 10 nop, brk    brk (24)
 *   after load 1       10 nop, load, 10 nop, brk                brk (22)
 *   after load 2       10 nop, brk                              brk (11)
 *   after brk          10 nop, b.ne                             b.ne (11)
 * A count that charges a whole block when it is entered counts, per fault,
 * the instructions from the faulting one to the block's end:
 *   load 1: 23, load 2: 12, brk: 1
 *   OVERCOUNT = 36 ITER                             (ITER = 100: 3600)
 *   BLOCK_COUNT = RETIRED + OVERCOUNT = 25 + 98 ITER (ITER = 100: 9825)
 * Companion values: faults-aarch64.expect (for the default ITER).
 */
#ifndef ITER
#define ITER 100
#endif
#define SIGTRAP 5
#define SIGSEGV 11
#define NOP10 nop; nop; nop; nop; nop; nop; nop; nop; nop; nop

        .text
        .globl  _start, loop_body, loop_exit, handler, restorer
        .globl  fault_load1, fault_load2, fault_brk
_start:
        .irp    sig, SIGSEGV, SIGTRAP
        mov     x8, #134                /* rt_sigaction(sig, &act, 0, 8) */
        mov     x0, #\sig
        adr     x1, act
        mov     x2, #0
        mov     x3, #8
        svc     #0
        .endr
        mov     x19, #ITER              /* iterations left              */
        mov     x20, #0                 /* the address that faults      */
        b       loop_body
        .balign 64
loop_body:
        subs    x19, x19, #1            /* NZCV survive the signals:    */
fault_load1:                            /* rt_sigreturn restores pstate */
        ldr     x0, [x20]
        NOP10
fault_load2:
        ldr     x0, [x20]
        NOP10
fault_brk:
        brk     #0
        NOP10
        b.ne    loop_body
loop_exit:
        adr     x9, counts              /* status 0 if every count is right */
        ldr     x0, [x9, #8 * SIGSEGV]
        sub     x0, x0, #(2 * ITER)
        ldr     x1, [x9, #8 * SIGTRAP]
        sub     x1, x1, #ITER
        orr     x0, x0, x1
        cmp     x0, #0
        cset    x0, ne
        mov     x8, #94                 /* exit_group                   */
        svc     #0

/* handler(signo = x0, siginfo = x1, ucontext = x2), returns to x30 */
handler:
        adr     x9, counts
        ldr     x10, [x9, x0, lsl #3]
        add     x10, x10, #1
        str     x10, [x9, x0, lsl #3]
        ldr     x10, [x2, #440]         /* uc_mcontext.pc += 4          */
        add     x10, x10, #4
        str     x10, [x2, #440]
        ret
restorer:
        mov     x8, #139                /* rt_sigreturn                 */
        svc     #0

        .data
        .balign 8
act:    .quad   handler, 0x04000004, restorer, 0 /* SA_RESTORER|SA_SIGINFO */
counts: .fill   12, 8, 0
