/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * champsim.S - x86-64 user-mode guest for ChampSim traces: every kind of
 * control transfer (as branches.S), then known loads and stores, push and
 * pop, and rep-prefixed string instructions.
 *
 * Build:  gcc -nostdlib -static -o champsim champsim.S
 * Run:    qemu-x86_64 ./champsim        (no output, exit status 0)
 *
 * Transfers, %ecx counting N = 10 iterations down to 1 (ChampSim kind,
 * executions, taken):
 *
 *   i_jz      jz even           conditional     10, 5 taken
 *   i_jmp     jmp join          direct jump      5
 *   i_call    call func         direct call      5
 *   i_callr   call *%rbx        indirect call   10
 *   i_loop    loop br_loop      conditional     10, 9 taken
 *   i_jmpr    jmp *%rdx         indirect jump    1
 *   i_callm   call *fptr(%rip)  indirect call    1 (loads fptr)
 *   i_jnz     jnz i_jmp         conditional      1, 0 taken
 *   i_jrcxz   jrcxz memory      conditional      1, 1 taken
 *   i_ret     ret (in func)     return          16
 *
 * Conditional 22 (15 taken), direct jump 5, indirect jump 1, direct call
 * 5, indirect call 11, return 16: 60 branches, 53 taken.  syscall is no
 * branch.
 *
 * Memory, per instruction (loads; stores):
 *   calls (16)    -; the return address on the stack
 *   i_ret (16)    the return address; -
 *   i_callm       fptr; the return address
 *   m_st0         -; buf          m_st8    -; buf+8
 *   m_ld          buf; -          m_add    buf+16; buf+16
 *   i_push        -; the stack    i_pop    the stack; -
 *   i_movsb       rep movsb of 8 bytes, src -> dst: each byte one load
 *                 and one store
 *   i_stosb       rep stosb of 4 bytes at buf+24: one store each
 * Loads: 16 + 1 + 1 + 1 + 1 + 8 = 28.  Stores: 16 + 1 + 1 + 1 + 1 + 8 +
 * 4 = 32.  Companion: champsim.expect.
 */
        .data
        .balign 8
buf:    .quad   0, 0, 0, 0
src:    .ascii  "abcdefgh"
dst:    .quad   0
fptr:   .quad   func

        .text
        .globl  _start, br_loop, even, join, done, memory, func
        .globl  i_jz, i_jmp, i_call, i_callr, i_loop, i_jmpr, i_callm
        .globl  i_jnz, i_jrcxz, i_syscall, i_ret
        .globl  m_st0, m_st8, m_ld, m_add, i_push, i_pop, i_movsb, i_stosb
        .globl  buf, src, dst, fptr
_start:
        mov     $10, %ecx
        lea     func(%rip), %rbx
br_loop:
        test    $1, %cl
i_jz:   jz      even
        add     $1, %eax
i_jmp:  jmp     join
even:
i_call: call    func
join:
i_callr: call   *%rbx
i_loop: loop    br_loop
        lea     done(%rip), %rdx
i_jmpr: jmp     *%rdx
        nop
done:
i_callm: call   *fptr(%rip)
        test    %rcx, %rcx
i_jnz:  jnz     i_jmp
        nop
i_jrcxz: jrcxz  memory
        nop
memory:
        lea     buf(%rip), %rdi
m_st0:  mov     %rax, (%rdi)
m_st8:  mov     %rax, 8(%rdi)
m_ld:   mov     (%rdi), %rsi
m_add:  add     %rax, 16(%rdi)
i_push: push    %rax
i_pop:  pop     %rax
        lea     src(%rip), %rsi
        lea     dst(%rip), %rdi
        mov     $8, %ecx
i_movsb: rep movsb
        lea     buf+24(%rip), %rdi
        mov     $4, %ecx
i_stosb: rep stosb
        mov     $231, %eax              /* exit_group(0) */
        xor     %edi, %edi
i_syscall: syscall
func:
i_ret:  ret
