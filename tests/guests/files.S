/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * files.S - x86-64 user-mode guest: system calls with string arguments,
 * then it closes its standard error.
 *
 * Build:  gcc -nostdlib -static -o files files.S
 * Run:    qemu-x86_64 ./files        (prints "hello\n", exit status 0)
 *
 * In order (x86-64 numbers):
 *   1  openat(AT_FDCWD = -100, "/nonexistent/qi-files", O_RDONLY = 0, 0)
 *                                       -> -2 (ENOENT)
 *   2  write(1, "hello\n", 6)           -> 6
 *   3  close(2)                         -> 0
 *   4  exit_group(0)                    never returns
 * The strings live in .rodata at the symbols path and hello.
 * Companion: files.expect.
 */
        .section .rodata
        .globl  path, hello
path:   .asciz  "/nonexistent/qi-files"
hello:  .ascii  "hello\n"

        .text
        .globl  _start
_start:
        mov     $257, %eax              /* openat */
        mov     $-100, %rdi
        lea     path(%rip), %rsi
        xor     %edx, %edx
        xor     %r10d, %r10d
        syscall
        mov     $1, %eax                /* write */
        mov     $1, %edi
        lea     hello(%rip), %rsi
        mov     $6, %edx
        syscall
        mov     $3, %eax                /* close */
        mov     $2, %edi
        syscall
        mov     $231, %eax              /* exit_group(0) */
        xor     %edi, %edi
        syscall
