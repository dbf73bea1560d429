/*
 * qi-simpoint: SimPoint 3.2's k-means, reproduced operation for operation.
 *
 * Everything that decides a label or a centre is done as SimPoint does it,
 * since rounding decides ties between equidistant intervals: squared
 * distances are summed term by term from the first dimension, the first
 * nearest centre wins, centres are sums of weight * vector in interval order
 * divided by the summed weight.  SimPoint's defects are kept (see
 * qi-simpoint(1)):
 *
 * - "samp" starts draw intervals with replacement, from qi_ran2_int() modulo
 *   the number of intervals, so that most draws are even intervals and
 *   several centres may start on the same interval;
 * - a cluster that loses all its intervals gets its centre at the origin;
 * - at the iteration limit, the centres of the previous iteration are
 *   returned (with the weights computed along with them).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_SP32_KMEANS_H
#define QI_SIMPOINT_SP32_KMEANS_H

#include "dataset.h"
#include "points.h"

#include <stdint.h>

/** Squared distance, summed term by term from dimension 0. */
double qi_sp32_dist2(const double *a, const double *b, size_t dim);

/**
 * Label every point of @pts with its nearest row of @centers (the first on
 * ties); @dist2 (optional) gets the squared distances.
 */
void qi_sp32_labels(const QiPoints *pts, const QiDataset *centers,
                    uint32_t *labels, double *dist2);

/**
 * SimPoint's "samp" start: @centers->rows rows drawn with replacement from
 * @pts by a ran2 generator seeded with @seed.
 */
void qi_sp32_init_sample(const QiPoints *pts, int64_t seed, QiDataset *centers);

/**
 * SimPoint's "ff" start: a random point (as for "samp"), then repeatedly the
 * point furthest from the centres chosen so far (the first on ties).
 */
void qi_sp32_init_furthest(const QiPoints *pts, int64_t seed,
                           QiDataset *centers);

/**
 * Set the weights of @centers to the share of @pts's weight nearest to each
 * (SimPoint's weights of initial centres).
 */
void qi_sp32_weigh_centers(const QiPoints *pts, QiDataset *centers);

/** Optional results of qi_sp32_kmeans(), to spare the caller passes over
 * the data. */
typedef struct QiSp32Trace {
    gboolean weigh_start;     /* in: give the initial centres their weights
                                 (qi_sp32_weigh_centers()) from the first
                                 iteration; only if the points are all the data
                                 and max_iters > 0 */
    double *start_weights;    /* out (k), with weigh_start: those weights */
    uint32_t *labels;         /* out (n): the labels of the last iteration,
                                 which are those of the returned centres if the
                                 run converged */
    gboolean converged;       /* out */
} QiSp32Trace;

/**
 * Run SimPoint's k-means on @pts from @centers (updated in place, weights
 * included) for at most @max_iters iterations; it stops when an iteration
 * leaves every centre unchanged.  @trace may be NULL.  Returns the number of
 * iterations done, as SimPoint counts them.
 */
unsigned qi_sp32_kmeans(const QiPoints *pts, QiDataset *centers,
                        unsigned max_iters, QiSp32Trace *trace);

#endif /* QI_SIMPOINT_SP32_KMEANS_H */
