/*
 * qi-simpoint: SimPoint 3.2's search over k, defects included (see
 * qi-simpoint(1)).
 *
 * The r-th k tried (r from 0; in a binary search a k may come twice and is
 * then clustered again) gets num_init_seeds k-means runs (sp32-kmeans.h);
 * run t starts from a ran2 generator seeded with seedkm + r * num_init_seeds
 * + 2 t (SimPoint advances its seed once per run and adds the run number
 * again; 32-bit wrap-around as in SimPoint).  The run with the highest BIC is
 * kept (the first on ties).  "-k search" is a binary search over
 * 1 <= k <= maxK, not capped at the number of intervals, that tries k = 1,
 * maxK and (1 + maxK) / 2 first, then halves the window below or above the
 * last k depending on whether its BIC reached the threshold.  Finally the
 * smallest k tried whose BIC reaches min + threshold * (max - min) is chosen.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_SP32_SEARCH_H
#define QI_SIMPOINT_SP32_SEARCH_H

#include "search.h"

/**
 * Cluster @sample (the intervals k-means sees; @whole itself unless
 * -sampleSize) for each k of @ks (@n_ks >= 1 values, in order), or, if
 * @max_k > 0, for the k values of the binary search up to @max_k; initial
 * centres are drawn from @whole and BIC scores computed on @whole.  Returns
 * NULL with @error set if no k can be chosen (all scores NaN).
 * @params->min_variance is not used (SimPoint has no floor).
 */
QiSearch *qi_sp32_search(const QiPoints *whole, const QiPoints *sample,
                         const size_t *ks, size_t n_ks, size_t max_k,
                         const QiClusterParams *params, GError **error);

#endif /* QI_SIMPOINT_SP32_SEARCH_H */
