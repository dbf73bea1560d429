/*
 * qi-simpoint: the runs and results of a search over k, in both modes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "search.h"

G_DEFINE_QUARK(qi-search-error-quark, qi_search_error)

QiRun *qi_run_new(size_t k, QiDataset *init, QiDataset *final)
{
    QiRun *run = g_new0(QiRun, 1);

    run->k = k;
    run->init = init;
    run->final = final;
    return run;
}

QiRun *qi_run_copy(const QiRun *run)
{
    QiRun *c = g_new(QiRun, 1);

    *c = *run;
    c->init = qi_dataset_copy(run->init);
    c->final = qi_dataset_copy(run->final);
    return c;
}

void qi_run_free(QiRun *run)
{
    if (run) {
        qi_dataset_free(run->init);
        qi_dataset_free(run->final);
        g_free(run);
    }
}

size_t qi_window_next(QiWindow *w, size_t k, gboolean upper)
{
    size_t next;

    if (upper) {
        next = (k + w->max) / 2;
        w->min = k;
    } else {
        next = (k + w->min) / 2;
        w->max = k;
    }
    return w->max > w->min + 1 ? next : 0;
}

QiSearch *qi_search_new(void)
{
    QiSearch *s = g_new0(QiSearch, 1);

    s->runs = g_ptr_array_new_with_free_func((GDestroyNotify)qi_run_free);
    return s;
}

const QiRun *qi_search_chosen(const QiSearch *s)
{
    return g_ptr_array_index(s->runs, s->chosen);
}

void qi_search_free(QiSearch *s)
{
    if (s) {
        g_ptr_array_unref(s->runs);
        g_free(s);
    }
}
