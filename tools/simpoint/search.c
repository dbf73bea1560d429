/*
 * qi-simpoint: the clusterings SimPoint 3.2 tries, and the choice of k.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "search.h"

#include "bic.h"

#include <math.h>
#include <string.h>

/* One k of a batch: its best trial so far. */
typedef struct Slot {
    size_t k;
    QiClustering *best;
} Slot;

/* Trials shared by the worker threads. */
typedef struct Batch {
    const QiPoints *pts;
    const QiClusterParams *params;
    Slot *slots;
    size_t n_slots;
    size_t n_tasks;           /* n_slots * num_init_seeds */
    gint next;                /* the next task to take */
    GMutex lock;              /* protects slots[].best */
} Batch;

void qi_clustering_free(QiClustering *c)
{
    if (c) {
        g_free(c->centers);
        g_free(c);
    }
}

/* Scores with NaN ranked lowest, for comparisons. */
static double rank(double bic)
{
    return isnan(bic) ? -INFINITY : bic;
}

/* Trial @trial for @k: k-means from its own initialisation, then its score. */
static QiClustering *run_trial(const QiPoints *pts, size_t k, unsigned trial,
                               const QiClusterParams *params)
{
    QiClustering *c = g_new0(QiClustering, 1);
    QiRng rng = qi_rng_derive(params->seed, k, trial);
    uint32_t *labels = g_new(uint32_t, pts->n);
    double *dist2 = g_new(double, pts->n);
    double *weights = g_new(double, k);

    c->k = k;
    c->dim = pts->dim;
    c->trial = trial;
    c->centers = g_new(double, k * pts->dim);
    if (params->init == QI_INIT_FURTHEST) {
        qi_kmeans_init_furthest(pts, k, &rng, c->centers);
    } else {
        qi_kmeans_init_sample(pts, k, &rng, c->centers);
    }
    c->converged = qi_kmeans_run(pts, k, c->centers, params->max_iters,
                                 labels, dist2, weights, &c->iterations);
    c->bic = qi_bic_score(pts, k, labels, dist2, weights, params->min_variance);
    c->distortion = qi_kmeans_distortion(pts, dist2);
    for (size_t j = 0; j < k; j++) {
        c->non_empty += weights[j] > 0;
    }
    g_free(labels);
    g_free(dist2);
    g_free(weights);
    return c;
}

/* Worker: take tasks until none is left; keep the best trial per slot. */
static gpointer batch_worker(gpointer data)
{
    Batch *b = data;
    unsigned seeds = b->params->num_init_seeds;

    for (;;) {
        gint task = g_atomic_int_add(&b->next, 1);
        if ((size_t)task >= b->n_tasks) {
            break;
        }

        Slot *slot = &b->slots[(size_t)task / seeds];
        unsigned trial = (unsigned)((size_t)task % seeds);
        QiClustering *c = run_trial(b->pts, slot->k, trial, b->params);

        g_mutex_lock(&b->lock);
        QiClustering *old = slot->best;
        if (!old || rank(c->bic) > rank(old->bic) ||
            (rank(c->bic) == rank(old->bic) && c->trial < old->trial)) {
            slot->best = c;
            c = old;
        }
        g_mutex_unlock(&b->lock);
        qi_clustering_free(c);
    }
    return NULL;
}

/* Run every trial of every slot, on params->threads threads. */
static void run_batch(const QiPoints *pts, const QiClusterParams *params,
                      Slot *slots, size_t n_slots)
{
    Batch b = {
        .pts = pts, .params = params, .slots = slots, .n_slots = n_slots,
        .n_tasks = n_slots * params->num_init_seeds,
    };
    size_t n_threads = params->threads ? params->threads : g_get_num_processors();

    g_return_if_fail(b.n_tasks <= G_MAXINT);
    n_threads = CLAMP(n_threads, 1, b.n_tasks);
    g_mutex_init(&b.lock);
    if (n_threads == 1) {
        batch_worker(&b);
    } else {
        GThread **threads = g_new(GThread *, n_threads);
        for (size_t t = 0; t < n_threads; t++) {
            threads[t] = g_thread_new("qi-simpoint", batch_worker, &b);
        }
        for (size_t t = 0; t < n_threads; t++) {
            g_thread_join(threads[t]);
        }
        g_free(threads);
    }
    g_mutex_clear(&b.lock);
}

QiClustering *qi_cluster_k(const QiPoints *pts, size_t k,
                           const QiClusterParams *params)
{
    g_return_val_if_fail(k >= 1 && k <= pts->n, NULL);
    g_return_val_if_fail(params->num_init_seeds >= 1, NULL);

    Slot slot = { .k = k };
    run_batch(pts, params, &slot, 1);
    return slot.best;
}

/* An empty search to fill. */
static QiSearch *search_new(void)
{
    QiSearch *s = g_new0(QiSearch, 1);
    s->owned = g_ptr_array_new_with_free_func((GDestroyNotify)qi_clustering_free);
    return s;
}

/* Record that @c (owned by @s) was tried. */
static void search_add(QiSearch *s, QiClustering *c)
{
    s->ks = g_renew(size_t, s->ks, s->n_tried + 1);
    s->tried = g_renew(QiClustering *, s->tried, s->n_tried + 1);
    s->ks[s->n_tried] = c->k;
    s->tried[s->n_tried] = c;
    s->n_tried++;
}

/* The clustering for @k already in @s, or NULL. */
static QiClustering *search_find(const QiSearch *s, size_t k)
{
    for (size_t i = 0; i < s->owned->len; i++) {
        QiClustering *c = g_ptr_array_index(s->owned, i);
        if (c->k == k) {
            return c;
        }
    }
    return NULL;
}

/* Choose among the tries of @s by the BIC threshold rule. */
static void search_choose(QiSearch *s, double threshold)
{
    double *scores = g_new(double, s->n_tried);

    for (size_t i = 0; i < s->n_tried; i++) {
        scores[i] = s->tried[i]->bic;
    }
    s->chosen = qi_bic_choose(scores, s->ks, s->n_tried, threshold);
    g_free(scores);
}

QiSearch *qi_search_binary(const QiPoints *pts, size_t max_k,
                           const QiClusterParams *params)
{
    g_return_val_if_fail(max_k >= 1 && pts->n >= 1, NULL);

    QiSearch *s = search_new();
    size_t k_max = MIN(max_k, pts->n), k_min = 1;
    size_t lo_i = 0, hi_i = 0;          /* tries with the lowest/highest BIC */
    g_autoptr(GArray) ks = g_array_new(FALSE, FALSE, sizeof(size_t));
    size_t first[3] = { 1, k_max, (1 + k_max) / 2 };

    g_array_append_vals(ks, first, 3);
    for (size_t r = 0; r < ks->len; r++) {
        size_t k = g_array_index(ks, size_t, r);
        QiClustering *c = search_find(s, k);

        if (!c) {
            c = qi_cluster_k(pts, k, params);
            g_ptr_array_add(s->owned, c);
        }
        search_add(s, c);

        double bic = rank(c->bic);
        if (bic > rank(s->tried[hi_i]->bic)) {
            hi_i = r;
        }
        if (bic < rank(s->tried[lo_i]->bic)) {
            lo_i = r;
        }
        if (r < 2) {
            continue;
        }

        /* SimPoint compares the positions of the extremes, not their k. */
        double limit = qi_bic_limit(rank(s->tried[lo_i]->bic),
                                    rank(s->tried[hi_i]->bic),
                                    params->bic_threshold);
        size_t next;
        if (hi_i > lo_i && bic < limit) {
            next = (k + k_max) / 2;     /* search the upper window */
            k_min = k;
        } else {
            next = (k + k_min) / 2;     /* search the lower window */
            k_max = k;
        }
        if (k_max > k_min + 1) {
            g_array_append_val(ks, next);
        }
    }
    search_choose(s, params->bic_threshold);
    return s;
}

QiSearch *qi_search_list(const QiPoints *pts, const size_t *ks, size_t n_ks,
                         const QiClusterParams *params)
{
    g_return_val_if_fail(n_ks >= 1, NULL);
    for (size_t i = 0; i < n_ks; i++) {
        g_return_val_if_fail(ks[i] >= 1 && ks[i] <= pts->n, NULL);
    }

    QiSearch *s = search_new();
    Slot *slots = g_new0(Slot, n_ks);
    size_t n_slots = 0;

    /* Distinct k values, largest first so that long trials start early. */
    for (size_t i = 0; i < n_ks; i++) {
        size_t j = 0;
        while (j < n_slots && slots[j].k != ks[i]) {
            j++;
        }
        if (j == n_slots) {
            slots[n_slots++].k = ks[i];
        }
    }
    for (size_t i = 1; i < n_slots; i++) {
        for (size_t j = i; j > 0 && slots[j - 1].k < slots[j].k; j--) {
            Slot t = slots[j];
            slots[j] = slots[j - 1];
            slots[j - 1] = t;
        }
    }
    run_batch(pts, params, slots, n_slots);
    for (size_t i = 0; i < n_slots; i++) {
        g_ptr_array_add(s->owned, slots[i].best);
    }
    for (size_t i = 0; i < n_ks; i++) {
        search_add(s, search_find(s, ks[i]));
    }
    g_free(slots);
    search_choose(s, params->bic_threshold);
    return s;
}

const QiClustering *qi_search_chosen(const QiSearch *s)
{
    return s->tried[s->chosen];
}

void qi_search_free(QiSearch *s)
{
    if (!s) {
        return;
    }
    g_free(s->ks);
    g_free(s->tried);
    g_ptr_array_unref(s->owned);
    g_free(s);
}
