/*
 * Instruction classes and direct branch targets (qi_insn_class(),
 * qi_insn_branch_target()), decoded with Capstone for the guest
 * architecture QEMU reports.  Knows nothing of QEMU: unit-tested on bytes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_CLASSIFY_H
#define QEMU_INSTR_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What one instruction is: QIInsnClass flags, and a direct target. */
typedef struct InsnClass {
    unsigned int flags;
    bool has_target;
    uint64_t target;
} InsnClass;

/*
 * Choose the guest architecture by QEMU's target name ("x86_64", "i386",
 * "aarch64"); NULL or another name leaves it unknown.  Returns whether
 * instructions of @target_name can be classified.  Call before any
 * classify(), while no other thread classifies.
 */
bool classify_set_target(const char *target_name);

/* Does classify() know the architecture (classify_set_target())? */
bool classify_known(void);

/*
 * Classify the instruction of @size bytes at @bytes, found at guest
 * address @vaddr.  QI_INSN_UNKNOWN when the architecture is unknown or
 * the bytes do not decode.  Thread-safe (one decoder per thread).
 */
InsnClass classify(const void *bytes, size_t size, uint64_t vaddr);

/*
 * Does the instruction of @size bytes at @bytes (at guest address @vaddr)
 * retire when it raises its exception, a trap whose return address is the
 * next instruction (x86 int3, int n, into, int1, syscall, sysenter;
 * AArch64 svc, hvc, smc)?  False for every other instruction, one that
 * does not decode, or an unknown architecture.  Thread-safe.
 */
bool classify_traps(const void *bytes, size_t size, uint64_t vaddr);

/*
 * The length of the instruction that starts at @bytes (@size bytes
 * available, found at guest address @vaddr): 0 when the architecture is
 * unknown or the bytes do not hold a whole instruction.  Thread-safe.
 */
size_t classify_length(const void *bytes, size_t size, uint64_t vaddr);

#endif /* QEMU_INSTR_CLASSIFY_H */
