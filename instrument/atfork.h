/*
 * Locks across fork.  The guest forks on one vCPU thread (user mode: QEMU
 * forks with it) while other threads (vCPUs in system-call hooks, monitor
 * threads, the finisher) may hold a lock of the runtime: the child would
 * inherit it held by a thread it does not have.  Each lock registered here
 * is taken before fork() and released after it, in parent and child.
 *
 * The lock order (docs/architecture.md): no runtime lock is taken while
 * another runtime lock is held, so the order the locks are taken before a
 * fork cannot deadlock.  Keep it so: a lock that must nest needs its place
 * written here and in docs/architecture.md.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_ATFORK_H
#define QEMU_INSTR_ATFORK_H

#include <glib.h>

/* Hold @lock across every fork.  From a constructor: ATFORK_GUARD. */
void atfork_guard(GMutex *lock);

/* At file scope after the definition of the GMutex @lock: guard it. */
#define ATFORK_GUARD(lock)                                                 \
    static void __attribute__((constructor)) atfork_guard_##lock(void)     \
    {                                                                      \
        atfork_guard(&lock);                                               \
    }

#endif /* QEMU_INSTR_ATFORK_H */
