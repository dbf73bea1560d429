/*
 * qi-simpoint: initial centres given by the user (-loadInitCtrs,
 * -loadInitLabels), as SimPoint 3.2 reads them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_START_H
#define QI_SIMPOINT_START_H

#include "dataset.h"

#include <glib.h>

/**
 * The centres of the text dataset file @path; their dimension must be
 * data->cols.  NULL with @error set on failure.
 */
QiDataset *qi_start_from_centers(const char *path, const QiDataset *data,
                                 GError **error);

/**
 * The centres of the clusters that the labels of @path give to the rows of
 * @data: one whitespace-separated word per row, any words; clusters are
 * numbered in order of first appearance and each centre is the weighted mean
 * of its rows.  NULL with @error set on failure.
 */
QiDataset *qi_start_from_labels(const char *path, const QiDataset *data,
                                GError **error);

#endif /* QI_SIMPOINT_START_H */
