/*
 * qi-simpoint: the improved mode's search over k (-improved), which
 * corrects SimPoint 3.2's defects in the choice of clusterings (SimPoint's
 * own search is sp32-search.h).
 *
 * - Run t for k starts from the stream qi_rng_derive(seed, k, t)
 *   (improved-rng.h), so a clustering depends only on the data, k, the seed
 *   and the parameters: not on the order in which k values are tried, nor on
 *   the threads.  A k that the binary search meets again is not clustered
 *   again.
 * - "samp" starts draw k distinct intervals, uniformly.
 * - A cluster that loses all its intervals keeps its centre
 *   (improved-kmeans.h), and the centres returned at the iteration limit are
 *   the last ones.
 * - The BIC's variance has a floor (bic.h), so that clusters of identical
 *   intervals do not score +infinity.
 * - The searched k is capped at the number of intervals; infinite and NaN
 *   scores are handled when choosing k (qi_bic_choose()).
 *
 * Everything else (projection, weights of the initial centres
 * (qi_sp32_weigh_centers()), files) is as in SimPoint 3.2's mode.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_IMPROVED_SEARCH_H
#define QI_SIMPOINT_IMPROVED_SEARCH_H

#include "search.h"

/**
 * The improved mode's search: the arguments and result of qi_sp32_search(),
 * but every k must be at most sample->n, and the result is never NULL.
 */
QiSearch *qi_improved_search(const QiPoints *whole, const QiPoints *sample,
                             const size_t *ks, size_t n_ks, size_t max_k,
                             const QiClusterParams *params);

#endif /* QI_SIMPOINT_IMPROVED_SEARCH_H */
