/*
 * qi-simpoint: the improved mode's clusterings and choice of k.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "improved-search.h"

#include "bic.h"
#include "improved-kmeans.h"
#include "parallel.h"
#include "sp32-kmeans.h"

#include <math.h>
#include <string.h>

/* All runs of several k values, done in one parallel batch. */
typedef struct Batch {
    const QiPoints *whole;
    const QiPoints *sample;
    const QiClusterParams *params;
    const size_t *ks;         /* distinct k values */
    QiRun **runs;             /* n_ks * num_init_seeds results */
} Batch;

/* Scores with NaN ranked lowest, for comparisons. */
static double rank(double bic)
{
    return isnan(bic) ? -INFINITY : bic;
}

/* Task @task: run (task % seeds) of the (task / seeds)-th k. */
static void trial(size_t task, void *data)
{
    Batch *b = data;
    const QiClusterParams *p = b->params;
    size_t k = b->ks[task / p->num_init_seeds];
    unsigned t = (unsigned)(task % p->num_init_seeds);
    QiRng rng = qi_rng_derive((uint64_t)(int64_t)p->seed, k, t);
    QiDataset *init;

    if (p->start) {
        init = qi_dataset_copy(p->start);
    } else {
        init = qi_dataset_new(k, b->sample->dim, "centres", NULL);
        if (p->init == QI_INIT_FURTHEST) {
            qi_improved_init_furthest(b->sample, k, &rng, init->x);
        } else {
            qi_improved_init_sample(b->sample, k, &rng, init->x);
        }
    }
    qi_sp32_weigh_centers(b->whole, init);

    QiRun *run = qi_run_new(k, init, qi_dataset_copy(init));
    size_t n = MAX(b->sample->n, b->whole->n);
    uint32_t *labels = g_new(uint32_t, n);
    double *dist2 = g_new(double, n);

    run->trial = t;
    qi_improved_kmeans(b->sample, k, run->final->x, p->max_iters, labels, dist2,
                  run->final->w, &run->iterations);
    qi_improved_assign(b->whole, k, run->final->x, labels, dist2, run->final->w);
    run->bic = qi_bic_score(b->whole, k, labels, dist2, run->final->w,
                            p->min_variance);
    g_free(labels);
    g_free(dist2);
    b->runs[task] = run;
}

/* The kept run of each of the @n_ks distinct @ks, in @out. */
static void cluster(const QiPoints *whole, const QiPoints *sample,
                    const size_t *ks, size_t n_ks, const QiClusterParams *p,
                    QiRun **out)
{
    unsigned seeds = p->num_init_seeds;
    Batch b = {
        .whole = whole, .sample = sample, .params = p, .ks = ks,
        .runs = g_new0(QiRun *, n_ks * seeds),
    };

    qi_parallel_for(n_ks * seeds, p->threads, trial, &b);
    for (size_t i = 0; i < n_ks; i++) {
        QiRun **runs = b.runs + i * seeds;
        size_t best = 0;

        for (size_t t = 1; t < seeds; t++) {
            if (rank(runs[t]->bic) > rank(runs[best]->bic)) {
                best = t;
            }
        }
        for (size_t t = 0; t < seeds; t++) {
            if (t != best) {
                qi_run_free(runs[t]);
            }
        }
        out[i] = runs[best];
    }
    g_free(b.runs);
}

/* The run for @k among the @n first of @runs, or NULL. */
static const QiRun *find(QiRun *const *runs, size_t n, size_t k)
{
    for (size_t i = 0; i < n; i++) {
        if (runs[i]->k == k) {
            return runs[i];
        }
    }
    return NULL;
}

/* Add a copy of @run to @s. */
static void add(QiSearch *s, const QiRun *run)
{
    g_ptr_array_add(s->runs, qi_run_copy(run));
}

/* Binary search as SimPoint's, capped at sample->n, each k clustered once. */
static void binary(QiSearch *s, const QiPoints *whole, const QiPoints *sample,
                   size_t max_k, const QiClusterParams *p)
{
    size_t k_max = MIN(max_k, sample->n), lo_i = 0, hi_i = 0;
    QiWindow w = { 1, k_max };
    size_t todo[64] = { 1, k_max, (1 + k_max) / 2 }, n_todo = 3;
    QiRun *done[64];
    size_t n_done = 0;

    for (size_t r = 0; r < n_todo; r++) {
        size_t k = todo[r];
        const QiRun *run = find(done, n_done, k);

        if (!run) {
            cluster(whole, sample, &k, 1, p, &done[n_done]);
            run = done[n_done++];
        }
        add(s, run);

        double bic = rank(run->bic);
        if (bic > rank(((QiRun *)g_ptr_array_index(s->runs, hi_i))->bic)) {
            hi_i = r;
        }
        if (bic < rank(((QiRun *)g_ptr_array_index(s->runs, lo_i))->bic)) {
            lo_i = r;
        }
        if (r < 2) {
            continue;
        }
        double limit = qi_bic_limit(
            rank(((QiRun *)g_ptr_array_index(s->runs, lo_i))->bic),
            rank(((QiRun *)g_ptr_array_index(s->runs, hi_i))->bic),
            p->bic_threshold);
        size_t next = qi_window_next(&w, k, hi_i > lo_i && bic < limit);
        if (next) {
            todo[n_todo++] = next;
        }
    }
    for (size_t i = 0; i < n_done; i++) {
        qi_run_free(done[i]);
    }
}

/* Every k of @ks, all runs in one batch. */
static void list(QiSearch *s, const QiPoints *whole, const QiPoints *sample,
                 const size_t *ks, size_t n_ks, const QiClusterParams *p)
{
    size_t *distinct = g_new(size_t, n_ks), n = 0;
    QiRun **done = g_new(QiRun *, n_ks);

    for (size_t i = 0; i < n_ks; i++) {
        size_t j = 0;
        while (j < n && distinct[j] != ks[i]) {
            j++;
        }
        if (j == n) {
            distinct[n++] = ks[i];
        }
    }
    cluster(whole, sample, distinct, n, p, done);
    for (size_t i = 0; i < n_ks; i++) {
        add(s, find(done, n, ks[i]));
    }
    for (size_t i = 0; i < n; i++) {
        qi_run_free(done[i]);
    }
    g_free(distinct);
    g_free(done);
}

QiSearch *qi_improved_search(const QiPoints *whole, const QiPoints *sample,
                             const size_t *ks, size_t n_ks, size_t max_k,
                             const QiClusterParams *params)
{
    QiSearch *s = qi_search_new();

    if (max_k > 0) {
        binary(s, whole, sample, max_k, params);
    } else {
        list(s, whole, sample, ks, n_ks, params);
    }

    size_t n = s->runs->len;
    double *scores = g_new(double, n);
    size_t *k_of = g_new(size_t, n);
    for (size_t i = 0; i < n; i++) {
        const QiRun *run = g_ptr_array_index(s->runs, i);
        scores[i] = run->bic;
        k_of[i] = run->k;
    }
    s->chosen = qi_bic_choose(scores, k_of, n, params->bic_threshold);
    g_free(scores);
    g_free(k_of);
    return s;
}
