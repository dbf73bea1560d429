/*
 * The end of a run: every library finishes once, with the world stopped,
 * each within a bound.
 *
 * Whatever ends the run (the guest's exit, its death of a signal, a
 * crash in a library, a start-up error), the libraries finish the same
 * way: first no other thread runs a hook, an emitted call or a
 * translation (quiesce.h); then each library, last loaded first, gets
 * guest_cpu_exit for every vCPU and qi_fini.  A watchdog thread names a
 * library that has not returned within QEMU_INSTR_FINISH_TIMEOUT seconds
 * (default FINISH_TIMEOUT_DEFAULT) in one line, finishes the others
 * itself and ends the process (with the run's signal, else status 1).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_FINISH_H
#define QEMU_INSTR_FINISH_H

#include <glib.h>
#include <stdbool.h>

#define FINISH_TIMEOUT_DEFAULT 10

/* How far QEMU has stopped its vCPUs when the run ends. */
typedef enum FinishStop {
    /* QEMU's exit path: vCPUs stopped, translated code dropped. */
    FINISH_QEMU_STOPPED,
    /* QEMU 7.2 dying of a signal, on a vCPU thread: nothing stopped. */
    FINISH_VCPUS_RUNNING,
    /* A library crashed: nothing stopped, not on a vCPU thread. */
    FINISH_AFTER_CRASH,
    /*
     * The guest calls execve: nothing is stopped (the process goes on if
     * the call fails), the libraries just finish.
     */
    FINISH_NOTHING_STOPPED,
} FinishStop;

/*
 * Stop the world, finish every library and flush every stream; @sig is
 * the signal the run ends with (0: an exit), should a library overrun.
 * The first call does it; a call from another thread meanwhile waits
 * until it is done (or parks for good, if made from inside the runtime),
 * and later calls return at once.
 */
void finish_run(FinishStop stop, int sig);

/*
 * Start the thread that ends the run after a library crashed (a signal
 * handler cannot), once per process: again in a forked child.
 */
void finish_start_reaper(void);

/*
 * A library crashed with signal @sig on this thread: have the reaper
 * finish the other libraries and end the process with @sig.  Never
 * returns.  Async-signal-safe.
 */
G_NORETURN void finish_after_crash(int sig);

#endif /* QEMU_INSTR_FINISH_H */
