/*
 * qi-simpoint: the improved mode's weighted k-means (Lloyd's algorithm) and
 * its initialisations (SimPoint 3.2's are in sp32-kmeans.h).
 *
 * Points are a row-major (n x dim) array of doubles with a weight each.
 * Distances are Euclidean; the nearest centre wins, the lowest-numbered one
 * on ties (as in SimPoint 3.2).  qi_improved_kmeans() computes exactly
 * Lloyd's iterations but skips distance computations that Hamerly's bounds ("Making
 * k-means even faster", SDM 2010) prove unnecessary.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_IMPROVED_KMEANS_H
#define QI_SIMPOINT_IMPROVED_KMEANS_H

#include "improved-rng.h"
#include "points.h"

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

/**
 * "samp" initialisation: copy @k distinct points (0 < @k <= n), drawn
 * uniformly at random from @rng, into @centers (k x dim), in drawing order.
 */
void qi_improved_init_sample(const QiPoints *pts, size_t k, QiRng *rng,
                             double *centers);

/**
 * "ff" (furthest-first) initialisation: a random point, then repeatedly the
 * point furthest from all centres chosen so far (lowest index on ties).
 */
void qi_improved_init_furthest(const QiPoints *pts, size_t k, QiRng *rng,
                               double *centers);

/**
 * Run k-means from the initial @centers (k x dim, updated in place) for at
 * most @max_iters assignment steps, stopping as soon as no point changes
 * cluster.  Each centre becomes the weighted mean of its points; a centre
 * that loses all its points stays where it is.
 *
 * On return @labels[i] is the nearest final centre of point i, @dist2[i] the
 * squared distance to it, @cluster_weights[c] the total weight of cluster c
 * (all three sized by the caller), and *@iterations (if not NULL) the number
 * of assignment steps.  Returns TRUE if the assignment converged.
 */
gboolean qi_improved_kmeans(const QiPoints *pts, size_t k, double *centers,
                            unsigned max_iters, uint32_t *labels, double *dist2,
                            double *cluster_weights, unsigned *iterations);

/**
 * Assign every point to its nearest centre among @centers (k x dim): fills
 * @labels, @dist2 (squared distances) and @cluster_weights as
 * qi_improved_kmeans() does.
 */
void qi_improved_assign(const QiPoints *pts, size_t k, const double *centers,
                        uint32_t *labels, double *dist2,
                        double *cluster_weights);

#endif /* QI_SIMPOINT_IMPROVED_KMEANS_H */
