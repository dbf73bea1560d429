/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * files-aarch64.S - AArch64 user-mode guest: the system calls of files.S
 * (see there), with AArch64's numbers: openat 56, write 64, close 57,
 * exit_group 94.
 *
 * Build:  aarch64-linux-gnu-gcc -nostdlib -static -o files-aarch64 files-aarch64.S
 * Run:    qemu-aarch64 ./files-aarch64        (prints "hello\n", exit status 0)
 *
 * Companion: files-aarch64.expect.
 */
        .section .rodata
        .globl  path, hello
path:   .asciz  "/nonexistent/qi-files"
hello:  .ascii  "hello\n"

        .text
        .globl  _start
_start:
        mov     x8, #56                 /* openat */
        mov     x0, #-100
        adr     x1, path
        mov     x2, #0
        mov     x3, #0
        svc     #0
        mov     x8, #64                 /* write */
        mov     x0, #1
        adr     x1, hello
        mov     x2, #6
        svc     #0
        mov     x8, #57                 /* close */
        mov     x0, #2
        svc     #0
        mov     x8, #94                 /* exit_group(0) */
        mov     x0, #0
        svc     #0
