/*
 * qi-simpoint: the Bayesian Information Criterion of a clustering, and
 * SimPoint's rule for choosing k from the scores.
 *
 * The score is the one SimPoint 3.2 uses (after Pelleg and Moore, "X-means",
 * ICML 2000): the log-likelihood of the data under a mixture of spherical
 * Gaussians with one shared variance, minus (p/2) log R for p parameters and
 * R points, operation for operation as SimPoint computes it (with its pi,
 * 3.14159265358979).  With R points of weights w_i (sum W), dimension d,
 * distortion D (qi_bic_distortion()) and cluster weights W_c (SimPoint
 * takes the centres' weights, which k-means may leave out of step with the
 * labels):
 *
 *   sigma^2 = D / (d R)
 *   logL    = R * ( -d/2 (log(2 pi sigma^2) + 1) - log W
 *                   + sum_i (w_i / W) log W_c(i) )
 *   p       = (k - 1) + k d + 1
 *   BIC     = logL - p/2 log R
 *
 * The improved mode gives sigma^2 a floor, min_variance: the resolution of
 * the data (see qi_variance_floor()).  Without it (SimPoint 3.2, floor 0), a
 * clustering whose clusters hold identical intervals (sigma^2 = 0, or
 * rounding errors of ~1e-32) scores +infinity (or nearly), so that, e.g.,
 * k = number of intervals would always win, and rounding would decide
 * between such clusterings.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_BIC_H
#define QI_SIMPOINT_BIC_H

#include "points.h"

#include <stddef.h>
#include <stdint.h>

/**
 * SimPoint's distortion: the weighted sum of the squared distances @dist2 of
 * @pts to their centres divided by the mean weight (with equal weights, the
 * plain sum of squared distances).
 */
double qi_bic_distortion(const QiPoints *pts, const double *dist2);

/**
 * The BIC score of the clustering of @pts into @k clusters (empty ones
 * included in p) given each point's @labels and squared distance @dist2 to
 * its centre, the clusters' total weights @cluster_weights, and the floor
 * @min_variance of sigma^2 (>= 0).
 */
double qi_bic_score(const QiPoints *pts, size_t k, const uint32_t *labels,
                    const double *dist2, const double *cluster_weights,
                    double min_variance);

/**
 * SimPoint's BIC threshold min + @threshold * (max - min) for scores between
 * @lo and @hi, defined for infinite scores too: @lo if @threshold <= 0, else
 * @hi if either is infinite.
 */
double qi_bic_limit(double lo, double hi, double threshold);

/**
 * SimPoint's choice among @count clusterings with numbers of clusters @ks
 * and scores @scores: the smallest k whose score reaches
 * min + @threshold * (max - min).  Returns its index (the first one if a k
 * appears twice).  Infinite scores are handled: if the best score is
 * +infinity, the smallest k that reaches it is chosen; NaN scores never are.
 */
size_t qi_bic_choose(const double *scores, const size_t *ks, size_t count,
                     double threshold);

#endif /* QI_SIMPOINT_BIC_H */
