/*
 * qi-simpoint: SimPoint 3.2's sub-sample of the intervals (-sampleSize).
 *
 * Intervals are drawn with probability proportional to their weight, with
 * replacement, until @size distinct ones are drawn: each draw is a ran2
 * float (seeded with -seedsample) looked up by binary search in the
 * cumulative weights of the intervals sorted by decreasing weight (then
 * decreasing index), the last cumulative weight being set to 1.  The sample
 * keeps interval order, and its weights are the drawn intervals' weights over
 * their sum.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_SAMPLE_H
#define QI_SIMPOINT_SAMPLE_H

#include "dataset.h"

#include <glib.h>
#include <stdint.h>

/**
 * The sample of @size rows of @data (0 < @size < data->rows) for @seed, or
 * NULL with @error set if fewer than @size rows have a positive weight
 * (SimPoint would draw forever).
 */
QiDataset *qi_sample(const QiDataset *data, size_t size, int32_t seed,
                     GError **error);

#endif /* QI_SIMPOINT_SAMPLE_H */
