/*
 * qi-simpoint: the data that both modes cluster.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_POINTS_H
#define QI_SIMPOINT_POINTS_H

#include <stddef.h>

/**
 * Weighted points (projected intervals, usually a view of a QiDataset); the
 * weights are positive and sum to 1.
 */
typedef struct QiPoints {
    const double *x;   /* n x dim, row-major */
    const double *w;   /* n weights */
    size_t n;
    size_t dim;
} QiPoints;

#endif /* QI_SIMPOINT_POINTS_H */
