/*
 * qi-simpoint: normalisation and random linear projection of intervals, as
 * SimPoint 3.2 does them.
 *
 * Each interval's counts are divided by their sum (in file order), then the
 * vector is multiplied by a (max block id x dim) matrix: row j - 1 belongs to
 * block id j.  Only the rows of the ids that occur are kept (QiBBFile.used),
 * so memory follows those ids, not the largest one.  SimPoint's matrix is filled row by row, left to right, from
 * one ran2 generator (ran2.h) seeded with -seedproj, each entry being
 * 2 u - 1 for a float u; a matrix can also be loaded from a file.  The
 * projected values are sums over the interval's pairs in file order.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_PROJECT_H
#define QI_SIMPOINT_PROJECT_H

#include "bbfile.h"
#include "dataset.h"

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

/**
 * SimPoint's random projection matrix of @rows x @cols for @seed (weights
 * 1/rows, as SimPoint saves them), or NULL with @error set if it does not
 * fit in memory.
 */
QiDataset *qi_projection_matrix(int64_t seed, size_t rows, size_t cols,
                                GError **error);

/**
 * The rows of SimPoint's random projection matrix (@cols columns, @seed)
 * that belong to the ids of @bb, in the order of bb->used: every row up to
 * the largest id is drawn, only those are kept.  NULL with @error set if
 * they do not fit in memory.
 */
QiDataset *qi_projection_rows(int64_t seed, const QiBBFile *bb, size_t cols,
                              GError **error);

/**
 * The rows of the whole projection matrix @full (at least bb->n_dims rows)
 * that belong to the ids of @bb, in the order of bb->used; NULL with @error
 * set if they do not fit in memory.
 */
QiDataset *qi_projection_pick(const QiDataset *full, const QiBBFile *bb,
                              GError **error);

/**
 * Project every interval of @bb with @matrix, the rows of its ids
 * (qi_projection_rows() or qi_projection_pick()).
 * Each row's weight is its total count over the sum of all totals.  Returns
 * NULL with @error set if the result does not fit in memory.
 */
QiDataset *qi_project(const QiBBFile *bb, const QiDataset *matrix,
                      GError **error);

/**
 * The normalised vectors of @bb without projection (SimPoint's "-dim
 * noProject"), weighted as by qi_project(); NULL with @error set if they do
 * not fit in memory.
 */
QiDataset *qi_project_none(const QiBBFile *bb, GError **error);

/**
 * The resolution of @bb's normalised vectors, as a variance, for the
 * improved mode's BIC floor: counts are integers, so a component of an
 * interval of total T is only known to within 1/T, a uniform rounding error
 * of variance 1/(12 T^2).  Returns that for the mean interval total T.
 */
double qi_variance_floor(const QiBBFile *bb);

#endif /* QI_SIMPOINT_PROJECT_H */
