/*
 * qi-simpoint: normalisation and random linear projection of intervals.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "project.h"

#include "ran2.h"

#include <string.h>

QiDataset *qi_projection_matrix(int64_t seed, size_t rows, size_t cols,
                                GError **error)
{
    QiDataset *m = qi_dataset_new(rows, cols, "projection matrix", error);
    QiRan2 rng;

    if (!m) {
        return NULL;
    }
    qi_ran2_init(&rng, seed);
    for (size_t i = 0; i < rows * cols; i++) {
        m->x[i] = (double)qi_ran2_float(&rng) * 2.0 - 1.0;
    }
    return m;
}

QiDataset *qi_projection_rows(int64_t seed, const QiBBFile *bb, size_t cols,
                              GError **error)
{
    QiDataset *m = qi_dataset_new(bb->n_used, cols, "projection matrix", error);
    QiRan2 rng;

    if (!m) {
        return NULL;
    }
    qi_ran2_init(&rng, seed);
    /* Every row is drawn in order (the generator has no shortcut); the
     * others are skipped over. */
    uint32_t drawn = 0;   /* rows drawn so far */
    for (size_t i = 0; i < bb->n_used; i++) {
        double *row = qi_dataset_row(m, i);

        qi_ran2_skip(&rng, (uint64_t)(bb->used[i] - 1 - drawn) * cols);
        for (size_t c = 0; c < cols; c++) {
            row[c] = (double)qi_ran2_float(&rng) * 2.0 - 1.0;
        }
        drawn = bb->used[i];
    }
    return m;
}

QiDataset *qi_projection_pick(const QiDataset *full, const QiBBFile *bb,
                              GError **error)
{
    g_return_val_if_fail(full->rows >= bb->n_dims, NULL);

    QiDataset *m = qi_dataset_new(bb->n_used, full->cols, "projection matrix",
                                  error);
    if (!m) {
        return NULL;
    }
    for (size_t i = 0; i < bb->n_used; i++) {
        memcpy(qi_dataset_row(m, i), qi_dataset_row(full, bb->used[i] - 1),
               full->cols * sizeof(double));
    }
    return m;
}

/* Row weights: each interval's total over the sum of all totals. */
static void weigh_by_totals(const QiBBFile *bb, QiDataset *d)
{
    double sum = 0;

    for (size_t i = 0; i < bb->n_intervals; i++) {
        sum += bb->totals[i];
    }
    for (size_t i = 0; i < bb->n_intervals; i++) {
        d->w[i] = bb->totals[i] / sum;
    }
}

QiDataset *qi_project(const QiBBFile *bb, const QiDataset *matrix,
                      GError **error)
{
    g_return_val_if_fail(matrix->rows == bb->n_used, NULL);

    size_t dim = matrix->cols;
    QiDataset *d = qi_dataset_new(bb->n_intervals, dim, "projected data", error);

    if (!d) {
        return NULL;
    }
    for (size_t i = 0; i < bb->n_intervals; i++) {
        double *out = qi_dataset_row(d, i);

        for (size_t p = bb->offsets[i]; p < bb->offsets[i + 1]; p++) {
            const double *row = qi_dataset_row(matrix, bb->columns[p]);
            double value = bb->counts[p] / bb->totals[i];

            for (size_t c = 0; c < dim; c++) {
                out[c] += value * row[c];
            }
        }
    }
    weigh_by_totals(bb, d);
    return d;
}

QiDataset *qi_project_none(const QiBBFile *bb, GError **error)
{
    QiDataset *d = qi_dataset_new(bb->n_intervals, bb->n_dims,
                                  "unprojected data", error);

    if (!d) {
        return NULL;
    }
    for (size_t i = 0; i < bb->n_intervals; i++) {
        double *out = qi_dataset_row(d, i);

        for (size_t p = bb->offsets[i]; p < bb->offsets[i + 1]; p++) {
            out[bb->ids[p] - 1] = bb->counts[p] / bb->totals[i];
        }
    }
    weigh_by_totals(bb, d);
    return d;
}

double qi_variance_floor(const QiBBFile *bb)
{
    double sum = 0;

    for (size_t i = 0; i < bb->n_intervals; i++) {
        sum += bb->totals[i];
    }
    double mean = sum / (double)bb->n_intervals;
    return 1.0 / (12.0 * mean * mean);
}
