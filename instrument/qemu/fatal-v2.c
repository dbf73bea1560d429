/*
 * Fatal signals on plugin API v2+ (QEMU 9.0 and later, user mode).
 *
 * These QEMUs run the plugins' exit callbacks when the guest dies of a
 * signal QEMU handles, but handle only faults themselves: SIGINT, SIGTERM,
 * SIGHUP, SIGPIPE, ... left at the guest's default action are left at the
 * host's, so the kernel kills QEMU outright.  The runtime gives those
 * signals QEMU's own handler (the one it installs for SIGSEGV), which is
 * what QEMU installs itself as soon as the guest handles them: QEMU then
 * delivers them to the guest, sees it die, finishes the plugins and dies
 * of the same signal.  Signals the guest ignores stay ignored; guest
 * handlers are untouched.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <signal.h>
#include <stddef.h>

#include "fatal.h"

void fatal_signals_v2(void)
{
    /* QEMU's handler, read once: later, the runtime stands in front of it. */
    static struct sigaction qemu_handler;
    if (qemu_handler.sa_sigaction == NULL) {
        sigaction(SIGSEGV, NULL, &qemu_handler);
    }
    if (!(qemu_handler.sa_flags & SA_SIGINFO)) {
        return; /* not the QEMU this was written for: change nothing */
    }
    for (int sig = 1; sig < SIGRTMIN; sig++) {
        struct sigaction current;
        /* QEMU's own abort() must not look like the guest's. */
        /*
         * sa_handler and sa_sigaction share storage: QEMU sets SIG_DFL
         * with SA_SIGINFO when the guest asks for the default (dash does).
         */
        if (sig != SIGKILL && sig != SIGABRT && fatal_signal_by_default(sig) &&
            sigaction(sig, NULL, &current) == 0 &&
            current.sa_handler == SIG_DFL) {
            sigaction(sig, &qemu_handler, NULL);
        }
    }
}
