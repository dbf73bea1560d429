/*
 * Host signals: nothing recorded is lost to a fatal signal, and a crash in
 * a library's code is blamed on that library.
 *
 * In user mode QEMU installs its own signal handlers when the guest starts,
 * after loading plugins, and changes them when the guest calls
 * rt_sigaction; so the runtime takes its place in front of them then, not
 * at start-up:
 *
 * - A signal that kills the guest (SIGINT, SIGTERM, SIGHUP, ... left at
 *   their default action, or a guest fault) goes through QEMU's "guest
 *   died of a signal" path, where the backend makes every library finish
 *   before QEMU dies of the same signal (Backend.catch_fatal_signals).
 *   Signals the guest handles stay the guest's.
 * - A fault (SIGSEGV, SIGBUS, SIGILL, SIGFPE) whose pc is in a library's
 *   code prints one line naming the library and function; the library is
 *   not finished (its state is suspect), the others are.  A crash inside
 *   a library's qi_fini does not stop the other libraries' qi_fini.
 *   Faults elsewhere are QEMU's, as before.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_SIGNALS_H
#define QEMU_INSTR_SIGNALS_H

#include <stdbool.h>

#include "registry.h"

/*
 * What ends the run after a library crashed with signal @sig on this
 * thread (finish.h): called from the signal handler, never returns.  Set
 * at start-up, before the guest runs.
 */
void signals_set_crash_handler(void (*handler)(int sig));

/*
 * Hold back the signals that end a process by default (SIGTERM, SIGINT,
 * ...) until the guest runs: before then neither QEMU nor the runtime has
 * its handlers in place, and the kernel would end QEMU without the
 * libraries finishing or the monitors' sockets removed.  One that arrives
 * is recorded and sent again by the first signals_refresh().  Also
 * catches, from now on, the death QEMU itself delivers before then
 * (Backend.catch_fatal_signals).  At start-up, user mode only.
 */
void signals_hold_until_guest_runs(void);

/*
 * Take our place in front of QEMU's handlers.  Called on a vCPU thread when
 * the guest's first block is translated, and after each guest
 * rt_sigaction (which may have changed QEMU's handlers).  User mode only.
 */
void signals_refresh(void);

/*
 * Run @fn(@lib) (its guest_cpu_exit handlers and qi_fini) so that a crash
 * inside is reported and ends only that call.  Returns false if it crashed.
 */
bool signals_run_guarded(Library *lib, void (*fn)(Library *));

#endif /* QEMU_INSTR_SIGNALS_H */
