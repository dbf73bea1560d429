/*
 * qi-simpoint: the clusterings tried for each k, and the choice of k.
 *
 * By default this is SimPoint 3.2's loop, defects included (see
 * qi-simpoint(1)).  The r-th k tried (r from 0; in a binary search a k may
 * come twice and is then clustered again) gets num_init_seeds k-means runs;
 * run t starts from a ran2 generator seeded with seedkm + r * num_init_seeds
 * + 2 t (SimPoint advances its seed once per run and adds the run number
 * again; 32-bit wrap-around as in SimPoint).  The run with the highest BIC is
 * kept (the first on ties).  "-k search" is a binary search over
 * 1 <= k <= maxK, not capped at the number of intervals, that tries k = 1,
 * maxK and (1 + maxK) / 2 first, then halves the window below or above the
 * last k depending on whether its BIC reached the threshold.  Finally the
 * smallest k tried whose BIC reaches min + threshold * (max - min) is chosen.
 *
 * In improved mode (improved.h) the runs of a k depend only on (seed, k,
 * run), so the order in which k values are tried does not matter.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_SEARCH_H
#define QI_SIMPOINT_SEARCH_H

#include "dataset.h"
#include "kmeans.h"

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

/** The error domain of qi_search() (code 0). */
#define QI_SEARCH_ERROR (qi_search_error_quark())

/** How initial centres are chosen (SimPoint's -initkm). */
typedef enum QiInit {
    QI_INIT_SAMPLE,     /* "samp": k random intervals */
    QI_INIT_FURTHEST,   /* "ff": furthest first */
} QiInit;

/** Parameters of the clusterings. */
typedef struct QiClusterParams {
    unsigned num_init_seeds;  /* runs per k, >= 1 */
    unsigned max_iters;       /* k-means iterations per run; G_MAXUINT: no limit */
    int32_t seed;             /* -seedkm */
    QiInit init;
    const QiDataset *start;   /* given initial centres (-loadInitCtrs or
                                 -loadInitLabels), or NULL */
    double bic_threshold;     /* in [0, 1] */
    gboolean improved;        /* qi-simpoint's improved mode */
    double min_variance;      /* improved mode: floor of the BIC's variance */
    unsigned threads;         /* runs in parallel; 0: one per processor */
} QiClusterParams;

/** The kept run for one k tried. */
typedef struct QiRun {
    size_t k;
    QiDataset *init;          /* initial centres; weights: share of the data
                                 nearest to each */
    QiDataset *final;         /* final centres and their cluster weights */
    double bic;
    unsigned trial;           /* the kept run, from 0 */
    unsigned iterations;      /* its k-means iterations */
} QiRun;

/** The runs kept, in the order the k values were tried, and the choice. */
typedef struct QiSearch {
    GPtrArray *runs;          /* QiRun * */
    size_t chosen;            /* index into runs */
} QiSearch;

/** The quark of QI_SEARCH_ERROR. */
GQuark qi_search_error_quark(void);

/**
 * Cluster @sample (the intervals k-means sees; @whole itself unless
 * -sampleSize) for each k of @ks (@n_ks >= 1 values, in order), or, if
 * @max_k > 0, for the k values of the binary search up to @max_k; initial
 * centres are drawn from @whole and BIC scores computed on @whole.  Returns
 * NULL with @error set if no k can be chosen (all scores NaN).
 */
QiSearch *qi_search(const QiPoints *whole, const QiPoints *sample,
                    const size_t *ks, size_t n_ks, size_t max_k,
                    const QiClusterParams *params, GError **error);

/** The window of SimPoint's binary search over k. */
typedef struct QiWindow {
    size_t min;
    size_t max;
} QiWindow;

/**
 * One step of the binary search after trying @k: search above it if @upper
 * (its score missed the threshold while the best score came after the
 * worst), else below.  Narrows @w and returns the next k, or 0 when the
 * window is closed.
 */
size_t qi_window_next(QiWindow *w, size_t k, gboolean upper);

/** The chosen run of @s. */
const QiRun *qi_search_chosen(const QiSearch *s);

/** Free @s; NULL is allowed. */
void qi_search_free(QiSearch *s);

/** A new run for @k with @init and @final (taken over). */
QiRun *qi_run_new(size_t k, QiDataset *init, QiDataset *final);

/** A deep copy of @run. */
QiRun *qi_run_copy(const QiRun *run);

/** Free @run; NULL is allowed. */
void qi_run_free(QiRun *run);

#endif /* QI_SIMPOINT_SEARCH_H */
