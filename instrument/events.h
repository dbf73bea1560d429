/*
 * Execution-time events of the contract: QEMU's callbacks for vCPU life
 * cycle and system calls, fanned out to every active library.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_EVENTS_H
#define QEMU_INSTR_EVENTS_H

#include <stdint.h>

#include "qemu-instr/qi.h"

void events_vcpu_init(unsigned int vcpu_index);
void events_vcpu_exit(unsigned int vcpu_index);
/* Idle and resume: only used to learn which vCPU runs on this thread. */
void events_vcpu_idle(unsigned int vcpu_index);
void events_syscall(unsigned int vcpu_index, int64_t num, uint64_t a1,
                    uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
                    uint64_t a6, uint64_t a7, uint64_t a8);
void events_syscall_ret(unsigned int vcpu_index, int64_t num, int64_t ret);

/* A discontinuity, after the corrections (retire.h): tell the libraries. */
void events_discontinuity(unsigned int vcpu_index, QIDiscontinuity kind,
                          uint64_t from_pc, uint64_t to_pc);

/*
 * Once, before the guest runs: learn the guest's execve numbers (an
 * execve is reported), and notice guest forks (user mode: QEMU forks with
 * the guest): the child's return from the fork system call hands the
 * libraries over to it.
 */
void events_init(void);

/*
 * The guest runs (called on its first block or system call): in user mode,
 * QEMU has set up its signal handlers and the runtime steps in front
 * (signals.h).  Acts once.
 */
void events_guest_running(void);

/*
 * User mode: the status the guest passed to exit_group (0-255), or -1 if
 * it has not called it (it runs, or dies of a signal).
 */
int events_exit_status(void);

#endif /* QEMU_INSTR_EVENTS_H */
