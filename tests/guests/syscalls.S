/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * syscalls.S - x86-64 user-mode guest: a fixed sequence of system calls,
 * every one with all six argument registers (rdi, rsi, rdx, r10, r8, r9)
 * set to constants, and with deterministic results.
 *
 * Build:  gcc -nostdlib -static -o syscalls syscalls.S
 * Run:    qemu-x86_64 ./syscalls    (prints "hello\n", exit status 3)
 *
 * Arguments a syscall does not use hold 0x1111 * (argument position), so a
 * swapped or dropped argument is visible.  The message lives at a fixed
 * address: the guest maps an anonymous page at MSG = 0x20000000 and stores
 * "hello\n" into it.  Known by construction, in order (num, a1..a6 -> ret):
 *
 *   1  mmap(0x20000000, 0x1000, PROT_READ|PROT_WRITE = 0x3,
 *           MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED = 0x32, fd -1, off 0)
 *        9 0x20000000 0x1000 0x3 0x32 0xffffffffffffffff 0x0 -> 0x20000000
 *   2  write(1, MSG, 6)        1 0x1 0x20000000 0x6 0x4444 0x5555 0x6666 -> 6
 *   3  close(1000)             3 0x3e8 0x2222 0x3333 0x4444 0x5555 0x6666 -> -9 (EBADF)
 *   4  syscall 1000 (unknown)  1000 0x1111 0x2222 0x3333 0x4444 0x5555 0x6666 -> -38 (ENOSYS)
 *   5  exit_group(3)           231 0x3 0x2222 0x3333 0x4444 0x5555 0x6666, never returns
 *
 * QEMU's syscall event also passes a7 and a8; on x86-64 they are always 0.
 *
 * Instructions: each syscall is 7 register moves + syscall = 8, plus the two
 * stores of "hello\n": INSNS = 5 * 8 + 2 = 42.  syscall ends a translation
 * block, so there are 5 blocks, each run once: _start (8 instructions),
 * do_write (10: the two stores, then write), do_close, do_enosys, do_exit (8).
 * Memory: STORES = 2 (4 bytes "hell" at MSG, 2 bytes "o\n" at MSG+4),
 * LOADS = 0.  Companion: syscalls.expect.
 */
#define MSG 0x20000000

        .text
        .globl  _start, do_write, do_close, do_enosys, do_exit
_start:
        mov     $9, %eax                /* mmap                         */
        mov     $MSG, %rdi              /* addr                         */
        mov     $0x1000, %rsi           /* length                       */
        mov     $0x3, %rdx              /* PROT_READ | PROT_WRITE       */
        mov     $0x32, %r10             /* MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED */
        mov     $-1, %r8                /* fd                           */
        mov     $0, %r9                 /* offset                       */
        syscall                         /* -> MSG                       */

do_write:
        movl    $0x6c6c6568, MSG        /* "hell"                       */
        movw    $0x0a6f, MSG+4          /* "o\n"                        */

        mov     $1, %eax                /* write                        */
        mov     $1, %rdi                /* stdout                       */
        mov     $MSG, %rsi
        mov     $6, %rdx
        mov     $0x4444, %r10
        mov     $0x5555, %r8
        mov     $0x6666, %r9
        syscall                         /* -> 6                         */

do_close:
        mov     $3, %eax                /* close                        */
        mov     $1000, %rdi             /* not an open descriptor       */
        mov     $0x2222, %rsi
        mov     $0x3333, %rdx
        mov     $0x4444, %r10
        mov     $0x5555, %r8
        mov     $0x6666, %r9
        syscall                         /* -> -EBADF = -9               */

do_enosys:
        mov     $1000, %eax             /* no such system call          */
        mov     $0x1111, %rdi
        mov     $0x2222, %rsi
        mov     $0x3333, %rdx
        mov     $0x4444, %r10
        mov     $0x5555, %r8
        mov     $0x6666, %r9
        syscall                         /* -> -ENOSYS = -38             */

do_exit:
        mov     $231, %eax              /* exit_group                   */
        mov     $3, %rdi                /* status                       */
        mov     $0x2222, %rsi
        mov     $0x3333, %rdx
        mov     $0x4444, %r10
        mov     $0x5555, %r8
        mov     $0x6666, %r9
        syscall
