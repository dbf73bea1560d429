/*
 * Fatal signals in user mode: each plugin API family's way of finishing
 * the libraries when the guest dies of a signal (Backend.catch_fatal_signals;
 * see instrument/signals.h for the whole picture).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_QEMU_FATAL_H
#define QEMU_INSTR_QEMU_FATAL_H

#include <signal.h>
#include <stdbool.h>

/* Does @sig end a process at its default action (Linux's table)? */
static inline bool fatal_signal_by_default(int sig)
{
    switch (sig) {
    case SIGCHLD: case SIGCONT: case SIGSTOP: case SIGTSTP:
    case SIGTTIN: case SIGTTOU: case SIGURG: case SIGWINCH:
        return false;
    default:
        return sig > 0 && sig < NSIG;
    }
}

/* API v1 (QEMU up to 8.2): finish the libraries in QEMU's own kill(getpid(), sig). */
void fatal_signals_v1(void);

/* QEMU 9.0+: let QEMU's exit path (which finishes plugins) see them. */
void fatal_signals_v2(void);

#endif /* QEMU_INSTR_QEMU_FATAL_H */
