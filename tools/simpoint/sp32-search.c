/*
 * qi-simpoint: SimPoint 3.2's loop over k values, and the choice of k.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sp32-search.h"

#include "bic.h"
#include "parallel.h"
#include "sp32-kmeans.h"

/* The runs of one k, shared by the threads that do them. */
typedef struct Trials {
    const QiPoints *whole;
    const QiPoints *sample;
    const QiClusterParams *params;
    size_t k;
    int32_t first_seed;       /* the seed of run 0 */
    QiRun **runs;             /* num_init_seeds results */
} Trials;

/* SimPoint's seed arithmetic is on int; wrap around as it does in practice. */
static int32_t add_wrapping(int32_t a, int64_t b)
{
    return (int32_t)(uint32_t)((uint64_t)(int64_t)a + (uint64_t)b);
}

/* Run @t of a k: start, k-means on the sample, BIC on all the data. */
static void trial(size_t t, void *data)
{
    Trials *tr = data;
    const QiClusterParams *p = tr->params;
    int32_t seed = add_wrapping(tr->first_seed, 2 * (int64_t)t);
    QiDataset *init;

    if (p->start) {
        init = qi_dataset_copy(p->start);
    } else {
        init = qi_dataset_new(tr->k, tr->whole->dim, "centres", NULL);
        if (p->init == QI_INIT_FURTHEST) {
            qi_sp32_init_furthest(tr->whole, seed, init);
        } else {
            qi_sp32_init_sample(tr->whole, seed, init);
        }
    }
    /* When k-means sees all the data, its first iteration weighs the start
     * and its last one labels the data for the BIC. */
    gboolean all = tr->sample->x == tr->whole->x;
    QiRun *run = qi_run_new(tr->k, init, NULL);
    size_t n = tr->whole->n;
    uint32_t *labels = g_new(uint32_t, MAX(n, tr->sample->n));
    double *dist2 = g_new(double, n);
    QiSp32Trace trace = {
        .weigh_start = all && p->max_iters > 0,
        .start_weights = init->w,
        .labels = labels,
    };

    if (!trace.weigh_start) {
        qi_sp32_weigh_centers(tr->whole, init);
    }
    run->final = qi_dataset_copy(init);
    run->trial = (unsigned)t;
    run->iterations = qi_sp32_kmeans(tr->sample, run->final, p->max_iters, &trace);
    if (all && trace.converged) {
        for (size_t i = 0; i < n; i++) {
            dist2[i] = qi_sp32_dist2(tr->whole->x + i * tr->whole->dim,
                                     qi_dataset_row(run->final, labels[i]),
                                     tr->whole->dim);
        }
    } else {
        qi_sp32_labels(tr->whole, run->final, labels, dist2);
    }
    run->bic = qi_bic_score(tr->whole, tr->k, labels, dist2, run->final->w, 0);
    g_free(labels);
    g_free(dist2);
    tr->runs[t] = run;
}

/* The kept run of the @r-th k tried, @k. */
static QiRun *cluster(const QiPoints *whole, const QiPoints *sample, size_t k,
                      size_t r, const QiClusterParams *params)
{
    unsigned n = params->num_init_seeds;
    Trials tr = {
        .whole = whole, .sample = sample, .params = params, .k = k,
        .first_seed = add_wrapping(params->seed, (int64_t)r * n),
        .runs = g_new0(QiRun *, n),
    };

    qi_parallel_for(n, params->threads, trial, &tr);
    size_t best = 0;
    for (size_t t = 1; t < n; t++) {
        if (tr.runs[t]->bic > tr.runs[best]->bic) {
            best = t;
        }
    }
    QiRun *kept = tr.runs[best];
    for (size_t t = 0; t < n; t++) {
        if (t != best) {
            qi_run_free(tr.runs[t]);
        }
    }
    g_free(tr.runs);
    return kept;
}

static double bic_of(const QiSearch *s, size_t i)
{
    return ((const QiRun *)g_ptr_array_index(s->runs, i))->bic;
}

/*
 * SimPoint's choice: the smallest k whose score reaches
 * min + threshold * (max - min), in plain floating point (an infinite or NaN
 * score may leave no k; SimPoint then reads out of bounds).
 */
static gboolean choose(QiSearch *s, double threshold, GError **error)
{
    size_t n = s->runs->len;

    s->chosen = 0;
    if (n == 1) {
        return TRUE;
    }
    double lo = bic_of(s, 0), hi = lo;
    for (size_t i = 1; i < n; i++) {
        hi = bic_of(s, i) > hi ? bic_of(s, i) : hi;
        lo = bic_of(s, i) < lo ? bic_of(s, i) : lo;
    }
    double limit = (hi - lo) * threshold + lo;
    size_t best = n;
    for (size_t i = 0; i < n; i++) {
        const QiRun *run = g_ptr_array_index(s->runs, i);
        if (run->bic >= limit &&
            (best == n || run->k < ((const QiRun *)g_ptr_array_index(s->runs, best))->k)) {
            best = i;
        }
    }
    if (best == n) {
        g_set_error(error, QI_SEARCH_ERROR, 0,
                    "no k reaches the BIC threshold (scores are not finite)");
        return FALSE;
    }
    s->chosen = best;
    return TRUE;
}

QiSearch *qi_sp32_search(const QiPoints *whole, const QiPoints *sample,
                         const size_t *ks, size_t n_ks, size_t max_k,
                         const QiClusterParams *params, GError **error)
{
    QiSearch *s = qi_search_new();
    g_autoptr(GArray) todo = g_array_new(FALSE, FALSE, sizeof(size_t));
    QiWindow w = { 1, max_k };
    size_t lo_i = 0, hi_i = 0;

    if (max_k > 0) {
        size_t first[3] = { 1, max_k, (1 + max_k) / 2 };
        g_array_append_vals(todo, first, 3);
    } else {
        g_array_append_vals(todo, ks, (guint)n_ks);
    }
    for (size_t r = 0; r < todo->len; r++) {
        size_t k = g_array_index(todo, size_t, r);
        QiRun *run = cluster(whole, sample, k, r, params);

        g_ptr_array_add(s->runs, run);
        if (max_k == 0) {
            continue;
        }
        /* The binary search compares positions of the extreme scores. */
        if (run->bic > bic_of(s, hi_i)) {
            hi_i = r;
        }
        if (run->bic < bic_of(s, lo_i)) {
            lo_i = r;
        }
        if (r < 2) {
            continue;
        }
        double limit = bic_of(s, lo_i) +
                       (bic_of(s, hi_i) - bic_of(s, lo_i)) * params->bic_threshold;
        size_t next = qi_window_next(&w, k, hi_i > lo_i && run->bic < limit);
        if (next) {
            g_array_append_val(todo, next);
        }
    }
    if (!choose(s, params->bic_threshold, error)) {
        qi_search_free(s);
        return NULL;
    }
    return s;
}
