/*
 * qi-simpoint: simulation points of a clustering and SimPoint's output files.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_SIMPOINTS_H
#define QI_SIMPOINT_SIMPOINTS_H

#include "kmeans.h"
#include "search.h"

#include <stdint.h>
#include <stdio.h>

/** The simulation point of one non-empty cluster. */
typedef struct QiSimPoint {
    uint32_t cluster;   /* the cluster's number in the clustering */
    size_t interval;    /* 0-based index of the interval closest to its centre */
    double weight;      /* the cluster's share of the total weight */
    size_t size;        /* its number of intervals */
} QiSimPoint;

/**
 * Label every point of @pts with the nearest centre of @c (@labels, and
 * Euclidean distances in @dists, both sized pts->n), then fill @out (sized
 * c->k) with one simulation point per non-empty cluster in cluster order:
 * the interval closest to the centre (the lowest index on ties) and the
 * cluster's weight, normalised over the non-empty clusters.  Returns the
 * number of simulation points.
 */
size_t qi_simpoints_pick(const QiPoints *pts, const QiClustering *c,
                         uint32_t *labels, double *dists, QiSimPoint *out);

/** Write SimPoint's .simpoints format to @f: "<interval> <cluster>" lines. */
void qi_simpoints_write(FILE *f, const QiSimPoint *sp, size_t n);

/** Write SimPoint's .weights format to @f: "<weight> <cluster>" lines. */
void qi_weights_write(FILE *f, const QiSimPoint *sp, size_t n);

/**
 * Write SimPoint's -saveLabels format to @f: for each interval a line
 * "<cluster> <distance to its centre>".
 */
void qi_labels_write(FILE *f, const uint32_t *labels, const double *dists,
                     size_t n);

#endif /* QI_SIMPOINT_SIMPOINTS_H */
