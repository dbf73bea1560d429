/*
 * Locks across fork (atfork.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "atfork.h"

#include <pthread.h>

/* Every runtime lock there is, with room to spare. */
#define MAX_GUARDED 16

/* Set by constructors, while libqemu-instr.so loads: no thread races. */
static GMutex *guarded[MAX_GUARDED];
static int n_guarded;

static void before_fork(void)
{
    for (int i = 0; i < n_guarded; i++) {
        g_mutex_lock(guarded[i]);
    }
}

static void after_fork(void)
{
    for (int i = n_guarded; i > 0; i--) {
        g_mutex_unlock(guarded[i - 1]);
    }
}

void atfork_guard(GMutex *lock)
{
    if (n_guarded == 0) {
        pthread_atfork(before_fork, after_fork, after_fork);
    }
    g_assert(n_guarded < MAX_GUARDED);
    guarded[n_guarded++] = lock;
}
