/*
 * qi-simpoint: what a search over k takes and gives, shared by SimPoint
 * 3.2's search (sp32-search.h) and the improved mode's (improved-search.h):
 * the parameters of the clusterings, the runs kept, the choice, and the
 * window of SimPoint's binary search.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_SEARCH_H
#define QI_SIMPOINT_SEARCH_H

#include "dataset.h"
#include "points.h"

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

/** The error domain of the searches and of the checks of k (code 0). */
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

/** An empty search: no runs yet, run 0 chosen. */
QiSearch *qi_search_new(void);

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
