/*
 * qi-simpoint: normalisation and random linear projection of intervals.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "project.h"

#include "rng.h"

#include <string.h>

void qi_project_row(uint64_t seed, uint32_t id, size_t dim, double *row)
{
    QiRng rng = qi_rng_derive(seed, id, QI_PROJECT_STREAM);

    for (size_t c = 0; c < dim; c++) {
        row[c] = 2.0 * qi_rng_uniform(&rng) - 1.0;
    }
}

/* A zeroed array of @rows x @cols doubles, or NULL with @error set. */
static double *try_alloc_matrix(size_t rows, size_t cols, const char *what,
                                GError **error)
{
    double *m = NULL;

    if (cols == 0 || rows <= G_MAXSIZE / sizeof(double) / cols) {
        m = g_try_malloc0_n(rows * cols, sizeof(double));
    }
    if (!m && rows && cols) {
        g_set_error(error, QI_BB_ERROR, 0,
                    "%s of %zu x %zu values does not fit in memory "
                    "(keep block ids dense)", what, rows, cols);
    }
    return m;
}

double *qi_project(const QiBBFile *bb, size_t dim, uint64_t seed, GError **error)
{
    g_return_val_if_fail(bb != NULL && dim > 0, NULL);

    /* Row j - 1 of the matrix belongs to block id j. */
    double *matrix = try_alloc_matrix(bb->n_dims, dim, "projection matrix", error);
    if (!matrix) {
        return NULL;
    }
    for (uint32_t id = 1; id <= bb->n_dims; id++) {
        qi_project_row(seed, id, dim, matrix + (size_t)(id - 1) * dim);
    }

    double *data = try_alloc_matrix(bb->n_intervals, dim, "projected data", error);
    if (!data) {
        g_free(matrix);
        return NULL;
    }
    for (size_t i = 0; i < bb->n_intervals; i++) {
        double *out = data + i * dim;
        double scale = 1.0 / bb->totals[i];

        for (size_t p = bb->offsets[i]; p < bb->offsets[i + 1]; p++) {
            const double *row = matrix + (size_t)(bb->ids[p] - 1) * dim;
            double value = bb->counts[p] * scale;

            for (size_t c = 0; c < dim; c++) {
                out[c] += value * row[c];
            }
        }
    }
    g_free(matrix);
    return data;
}

double *qi_project_none(const QiBBFile *bb, GError **error)
{
    g_return_val_if_fail(bb != NULL, NULL);

    size_t dim = bb->n_dims;
    double *data = try_alloc_matrix(bb->n_intervals, dim, "unprojected data", error);
    if (!data) {
        return NULL;
    }
    for (size_t i = 0; i < bb->n_intervals; i++) {
        for (size_t p = bb->offsets[i]; p < bb->offsets[i + 1]; p++) {
            data[i * dim + bb->ids[p] - 1] = bb->counts[p] / bb->totals[i];
        }
    }
    return data;
}

double *qi_interval_weights(const QiBBFile *bb, gboolean fixed_length)
{
    g_return_val_if_fail(bb != NULL && bb->n_intervals > 0, NULL);

    size_t n = bb->n_intervals;
    double *weights = g_new(double, n);

    if (fixed_length) {
        for (size_t i = 0; i < n; i++) {
            weights[i] = 1.0 / (double)n;
        }
    } else {
        double sum = 0;
        for (size_t i = 0; i < n; i++) {
            sum += bb->totals[i];
        }
        for (size_t i = 0; i < n; i++) {
            weights[i] = bb->totals[i] / sum;
        }
    }
    return weights;
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
