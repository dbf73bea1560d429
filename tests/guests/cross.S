/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cross.S - x86-64 user-mode guest: instructions at page ends, in three
 * loops of N iterations each.
 *
 * Build:  gcc -nostdlib -static [-DN=...] -o cross cross.S
 * Run:    qemu-x86_64 ./cross       (no output, exit status 0)
 *
 * QEMU's x86 translator ends a block before an instruction that would
 * take it past the end of its first page, unless that instruction is the
 * block's first (then the block ends after it).  QEMU before 8.2 still
 * handed the abandoned instruction to plugins as the block's last, with
 * its bytes up to the read that would cross ("b8" of cross's mov), so
 * per-block counts were N too high.  A block that ends exactly at a page
 * end (loop2, tail) has no such instruction: QEMU does not begin one on
 * the next page.  Each loop is laid out against a page end:
 *
 *   loop1   add; xor                        2 insns, 4 bytes, page end - 6
 *   cross   mov $1,%eax                     1 insn, 5 bytes: crosses the end
 *   after   dec %edi; jnz loop1             2 insns, 4 bytes
 *   loop2   add; xor                        2 insns, ends exactly at the end
 *   page2   dec %edi; jnz loop2             2 insns, starts the next page
 *   loop3   add; dec %edi; jnz loop3        3 insns, jnz ends 1 byte before
 *                                           the end: whole, kept
 *   tail    nop                             1 insn, the page's last byte
 *   exit    mov $231,%eax; xor; syscall     3 insns, on the next page
 *
 *   block     instructions   runs
 *   _start    2 (mov, jmp)    1
 *   loop1     2               N
 *   cross     1               N
 *   after     2               N
 *   to2       2 (mov, jmp)    1
 *   loop2     2               N
 *   page2     2               N
 *   to3       2 (mov, jmp)    1
 *   loop3     3               N
 *   tail      1               1
 *   exit      3               1
 *
 *   INSNS = 12N + 10          (N = 1000: 12010)
 *   BLOCK_EXECS = 6N + 5      (N = 1000: 6005), 11 distinct blocks
 * Companion values: cross.expect (for the default N).
 */
#ifndef N
#define N 1000
#endif

        .text
        .globl  _start
_start:
        mov     $N, %edi
        jmp     loop1

        .balign 4096
        .skip   4096 - 6
loop1:
        add     %edi, %edx
        xor     %edx, %ecx
cross:
        mov     $1, %eax                /* 2 of its bytes on each page  */
after:
        dec     %edi
        jnz     loop1
to2:
        mov     $N, %edi
        jmp     loop2

        .balign 4096
        .skip   4096 - 4
loop2:
        add     %edi, %edx
        xor     %edx, %ecx              /* its last byte ends the page  */
page2:
        dec     %edi
        jnz     loop2
to3:
        mov     $N, %edi
        jmp     loop3

        .balign 4096
        .skip   4096 - 7
loop3:
        add     %edi, %edx
        dec     %edi
        jnz     loop3                   /* ends 1 byte before the end   */
tail:
        nop
exit:
        mov     $231, %eax              /* exit_group(%edi = 0)         */
        xor     %edi, %edi
        syscall
