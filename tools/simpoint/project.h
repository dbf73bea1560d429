/*
 * qi-simpoint: normalisation and random linear projection of intervals.
 *
 * Each interval's vector is divided by its own sum, then multiplied by a
 * (n_dims x dim) matrix whose entries are uniform in [-1, 1).  As in SimPoint
 * 3.2 the matrix is a function of the seed and the block id: row j (block id
 * j) comes from the stream qi_rng_derive(seed, j, QI_PROJECT_STREAM), so it is
 * the same for any file, and renumbering block ids changes the projection.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_PROJECT_H
#define QI_SIMPOINT_PROJECT_H

#include "bbfile.h"

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

/** The third argument of qi_rng_derive() for projection rows ("proj"). */
#define QI_PROJECT_STREAM UINT64_C(0x70726f6a)

/**
 * Fill @row[0 .. @dim) with the projection-matrix row of block @id (>= 1)
 * for @seed: @dim successive uniform values in [-1, 1).
 */
void qi_project_row(uint64_t seed, uint32_t id, size_t dim, double *row);

/**
 * Project every interval of @bb to @dim dimensions with the matrix of @seed.
 * Returns a row-major (bb->n_intervals x @dim) array to free with g_free(),
 * or NULL with @error set if the (bb->n_dims x @dim) matrix does not fit in
 * memory.
 */
double *qi_project(const QiBBFile *bb, size_t dim, uint64_t seed, GError **error);

/**
 * The normalised vectors of @bb without projection (SimPoint's "-dim
 * noProject"): a row-major (bb->n_intervals x bb->n_dims) array to free with
 * g_free(), or NULL with @error set if it does not fit in memory.
 */
double *qi_project_none(const QiBBFile *bb, GError **error);

/**
 * Interval weights for clustering, summing to 1: 1/n each when @fixed_length
 * (SimPoint's "-fixedLength on"), otherwise each interval's total count over
 * the sum of all totals ("off": variable-length intervals).  Returns a
 * g_free() array of bb->n_intervals values.
 */
double *qi_interval_weights(const QiBBFile *bb, gboolean fixed_length);

/**
 * The resolution of @bb's normalised vectors, as a variance: counts are
 * integers, so a component of an interval of total T is only known to within
 * 1/T, a uniform rounding error of variance 1/(12 T^2).  Returns that for the
 * mean interval total T (SimPoint 3.2 has no such floor; see bic.h).
 */
double qi_variance_floor(const QiBBFile *bb);

#endif /* QI_SIMPOINT_PROJECT_H */
