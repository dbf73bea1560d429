/*
 * qi-simpoint: SimPoint 3.2's files after clustering: simulation points,
 * their weights, labels, centres, for the chosen k (or every k, -saveAll).
 *
 * A run's clusters are those of its final centres; a cluster counts as
 * non-empty if its centre's weight is positive (SimPoint's rule: after
 * k-means stopped at its iteration limit, such a cluster may hold no interval
 * and is then written with simulation point -1).  The simulation point of a
 * cluster is its interval nearest to the centre (the first on ties); its
 * weight is the centre's weight over the sum of those written.  Numbers are
 * printed as C++ iostreams print them by default: "%g".  With -coveragePct P
 * < 1, the largest clusters (by decreasing weight, then decreasing number)
 * are taken until their weights sum to P, and also written to FILE.lptP.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_SIMPOINTS_H
#define QI_SIMPOINT_SIMPOINTS_H

#include "options.h"
#include "search.h"

#include <glib.h>

/**
 * Write the files @opts asks for about @run, the @number-th run (from 1),
 * on the intervals @data.  Returns FALSE with @error set on failure.
 */
gboolean qi_save_run(const QiSpOptions *opts, const QiDataset *data,
                     const QiRun *run, size_t number, GError **error);

/**
 * Which clusters of @centers SimPoint keeps for @coverage (0..1): the
 * largest until their weights sum to at least @coverage, positive weights
 * only.  Returns a g_free() array of centers->rows flags.
 */
gboolean *qi_largest_clusters(const QiDataset *centers, double coverage);

#endif /* QI_SIMPOINT_SIMPOINTS_H */
