/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cache.S - x86-64 user-mode guest: a known walk over a 64 KiB buffer, for
 * cache simulators.
 *
 * Build:  gcc -nostdlib -static -o cache cache.S
 * Run:    qemu-x86_64 ./cache        (no output, exit status 0)
 *
 * The buffer is 4 KiB-aligned, 1024 lines of 64 bytes.  Every access is
 * 8 bytes at the start of a line; the guest makes no other data access
 * (no stack, no call):
 *
 *   pass 1  store to lines 0..1023    1024 stores
 *   pass 2  load lines 0..1023        1024 loads
 *   pass 3  load lines 0..255          256 loads
 *   pass 4  load lines 0..255          256 loads
 *
 * With per-vCPU LRU caches L1 = 32 KiB, 8-way, 64-byte lines (64 sets)
 * and L2 = 256 KiB, 8-way, 64-byte lines (512 sets), filled on a miss:
 *   pass 1: L1 and L2 miss on all 1024 lines.  L1 keeps the last 8 of the
 *           16 lines of each set (lines 512..1023); L2 keeps all.
 *   pass 2: each L1 set sees its 16 lines in cyclic order, more than its
 *           8 ways: all 1024 miss in L1 and hit in L2.  L1 ends as after
 *           pass 1.
 *   pass 3: lines 0..255 are 4 per L1 set, none cached: 256 L1 misses,
 *           256 L2 hits.
 *   pass 4: the same 256 lines, all in L1 now: 256 L1 hits.
 *   L1: 2560 accesses, 256 hits, 2304 misses.  L2: 2304 accesses, 1280
 *   hits, 1024 misses.
 * A single-level 4 KiB direct-mapped cache (64 sets of 1 way) misses on
 * every access: 2560 misses.  Companion: cache.expect.
 */
        .bss
        .balign 4096
buf:    .skip   65536

/* walk LINES, INSN: INSN (%rsi) on each of the first LINES lines of buf. */
        .macro  walk lines, insn:vararg
        lea     buf(%rip), %rsi
        mov     $\lines, %ecx
0:      \insn
        add     $64, %rsi
        dec     %ecx
        jnz     0b
        .endm

        .text
        .globl  _start
_start:
        walk    1024, mov %rax, (%rsi)  /* pass 1: stores */
        walk    1024, mov (%rsi), %rax  /* pass 2: loads  */
        walk    256, mov (%rsi), %rax   /* pass 3         */
        walk    256, mov (%rsi), %rax   /* pass 4         */
        mov     $231, %eax              /* exit_group(0) */
        xor     %edi, %edi
        syscall
