/*
 * qi-simpoint: independent tasks spread over threads.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "parallel.h"

#include <glib.h>

typedef struct Batch {
    size_t count;
    QiTaskFn fn;
    void *data;
    gint next;        /* the next task to take */
} Batch;

/* Take tasks until none is left. */
static gpointer worker(gpointer data)
{
    Batch *b = data;

    for (;;) {
        size_t task = (size_t)g_atomic_int_add(&b->next, 1);
        if (task >= b->count) {
            return NULL;
        }
        b->fn(task, b->data);
    }
}

void qi_parallel_for(size_t count, unsigned threads, QiTaskFn fn, void *data)
{
    g_return_if_fail(count <= G_MAXINT);

    Batch b = { .count = count, .fn = fn, .data = data };
    size_t n = threads ? threads : g_get_num_processors();

    n = CLAMP(n, 1, MAX(count, 1));
    if (n == 1) {
        worker(&b);
        return;
    }
    GThread **pool = g_new(GThread *, n - 1);
    for (size_t t = 0; t + 1 < n; t++) {
        pool[t] = g_thread_new("qi-simpoint", worker, &b);
    }
    worker(&b);     /* this thread works too */
    for (size_t t = 0; t + 1 < n; t++) {
        g_thread_join(pool[t]);
    }
    g_free(pool);
}
