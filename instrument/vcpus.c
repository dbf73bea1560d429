/*
 * The live vCPUs (see vcpus.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vcpus.h"

#include <glib.h>
#include <stdlib.h>

#include "atfork.h"

/* live[i] is TRUE while vCPU i exists.  vCPUs come and go on any thread. */
static GMutex lock;
ATFORK_GUARD(lock)
static GArray *live;
static unsigned int count; /* read without the lock */

void vcpus_add(unsigned int index)
{
    g_mutex_lock(&lock);
    if (live == NULL) {
        live = g_array_new(FALSE, TRUE, sizeof(gboolean));
    }
    if (index >= live->len) {
        g_array_set_size(live, index + 1);
    }
    g_array_index(live, gboolean, index) = TRUE;
    if (index >= count) {
        __atomic_store_n(&count, index + 1, __ATOMIC_RELEASE);
    }
    g_mutex_unlock(&lock);
}

unsigned int vcpus_count(void)
{
    return __atomic_load_n(&count, __ATOMIC_ACQUIRE);
}

void vcpus_remove(unsigned int index)
{
    g_mutex_lock(&lock);
    if (live != NULL && index < live->len) {
        g_array_index(live, gboolean, index) = FALSE;
    }
    g_mutex_unlock(&lock);
}

void vcpus_foreach(void (*fn)(QICPU vcpu, void *data), void *data)
{
    /* Work on a snapshot: @fn runs library code, which must not hold our lock. */
    g_autoptr(GArray) snapshot = g_array_new(FALSE, FALSE, sizeof(unsigned));
    g_mutex_lock(&lock);
    for (unsigned i = 0; live != NULL && i < live->len; i++) {
        if (g_array_index(live, gboolean, i)) {
            g_array_append_val(snapshot, i);
        }
    }
    g_mutex_unlock(&lock);
    for (unsigned i = 0; i < snapshot->len; i++) {
        fn(qicpu(g_array_index(snapshot, unsigned, i)), data);
    }
}

static _Thread_local unsigned int this_thread;

void vcpus_note_this_thread(unsigned int index)
{
    this_thread = index;
}

unsigned int vcpus_this_thread(void)
{
    return this_thread;
}

static unsigned int max = VCPUS_USER_MAX;

bool vcpus_init_max(unsigned int system_max, char **why)
{
    const char *env = g_getenv("QEMU_INSTR_MAX_VCPUS");
    if (system_max > 0) {
        max = system_max;
    } else if (env != NULL) {
        char *end;
        unsigned long n = strtoul(env, &end, 10);
        if (end == env || *end != '\0' || env[0] == '-' || n < 1 ||
            n > 65536) {
            *why = g_strdup_printf("QEMU_INSTR_MAX_VCPUS='%s': expected a "
                                   "number of vCPUs from 1 to 65536", env);
            return false;
        }
        max = n;
    }
    return true;
}

unsigned int vcpus_max(void)
{
    return max;
}
