/*
 * qi-simpoint: the clusterings SimPoint 3.2 tries, and the choice of k.
 *
 * For each k tried, k-means runs from num_init_seeds initialisations and the
 * run with the highest BIC score is kept (the lowest trial number on ties),
 * as SimPoint 3.2 does.  Trial t for k uses the random stream
 * qi_rng_derive(seed, k, t), so a clustering depends only on the data, k, the
 * seed and the parameters -- not on the order of the k values, on other k
 * values, or on the number of threads that run the trials.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_SEARCH_H
#define QI_SIMPOINT_SEARCH_H

#include "kmeans.h"

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

/** How initial centres are chosen (SimPoint's -initkm). */
typedef enum QiInit {
    QI_INIT_SAMPLE,     /* "samp": k distinct random intervals */
    QI_INIT_FURTHEST,   /* "ff": furthest first */
} QiInit;

/** Parameters of the clusterings. */
typedef struct QiClusterParams {
    unsigned num_init_seeds;  /* trials per k, >= 1 */
    unsigned max_iters;       /* assignment steps per trial, >= 1 */
    uint64_t seed;            /* -seedkm */
    QiInit init;
    double bic_threshold;     /* in [0, 1] */
    double min_variance;      /* floor of the BIC's variance, qi_variance_floor() */
    unsigned threads;         /* trials run in parallel; 0: one per processor */
} QiClusterParams;

/** The best trial for one k. */
typedef struct QiClustering {
    size_t k;
    size_t dim;
    double *centers;          /* k x dim */
    double bic;
    double distortion;        /* qi_kmeans_distortion() */
    size_t non_empty;         /* clusters with at least one interval */
    unsigned trial;           /* the winning initialisation, from 0 */
    unsigned iterations;      /* its assignment steps */
    gboolean converged;
} QiClustering;

/** The clusterings tried, in order, and the one chosen. */
typedef struct QiSearch {
    size_t n_tried;
    size_t *ks;               /* the k of each try (a k may be tried twice) */
    QiClustering **tried;     /* its clustering (shared if k repeats) */
    size_t chosen;            /* index into ks/tried */
    GPtrArray *owned;         /* the distinct clusterings */
} QiSearch;

/**
 * Run the trials for one @k (1 <= @k <= pts->n) and return the best one;
 * free it with qi_clustering_free().
 */
QiClustering *qi_cluster_k(const QiPoints *pts, size_t k,
                           const QiClusterParams *params);

/** Free @c; NULL is allowed. */
void qi_clustering_free(QiClustering *c);

/**
 * SimPoint 3.2's "-k search": a binary search over 1 <= k <= @max_k (capped
 * at pts->n) that tries k = 1, max_k and (1 + max_k) / 2 first, then halves
 * the window below or above the last k depending on whether its BIC reached
 * the threshold; finally the smallest k tried whose BIC reaches
 * min + threshold * (max - min) over all tries is chosen.
 */
QiSearch *qi_search_binary(const QiPoints *pts, size_t max_k,
                           const QiClusterParams *params);

/**
 * Try every k of @ks (@n_ks values, each 1 <= k <= pts->n) and choose by
 * the same BIC threshold rule; all trials run in parallel.
 */
QiSearch *qi_search_list(const QiPoints *pts, const size_t *ks, size_t n_ks,
                         const QiClusterParams *params);

/** The chosen clustering of @s. */
const QiClustering *qi_search_chosen(const QiSearch *s);

/** Free @s and its clusterings; NULL is allowed. */
void qi_search_free(QiSearch *s);

#endif /* QI_SIMPOINT_SEARCH_H */
