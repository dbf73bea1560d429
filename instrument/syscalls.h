/*
 * The guest's system call numbers the runtime acts on, per target.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_SYSCALLS_H
#define QEMU_INSTR_SYSCALLS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct SyscallNumbers {
    int64_t execve, execveat, rt_sigaction, exit_group;
} SyscallNumbers;

/*
 * The numbers on guest target @target (QEMU's target name; NULL: none).
 * False if the target is not known.
 */
bool syscalls_of(const char *target, SyscallNumbers *numbers);

#endif /* QEMU_INSTR_SYSCALLS_H */
