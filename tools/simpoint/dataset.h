/*
 * qi-simpoint: weighted vectors (SimPoint's "Dataset") and their files.
 *
 * A dataset is a row-major matrix with one weight per row: projected
 * intervals, cluster centres or a projection matrix.  Its files are
 * SimPoint 3.2's, so that files saved by either program load in the other:
 *
 * - text: "<rows>:w" then, per row, "<weight> <cols>: <v> <v> ... " with
 *   every number printed as C++ iostreams print at precision 20 ("%.20g");
 *   on reading, the "w" is optional (then every weight is 1/rows);
 * - binary (native byte order, as SimPoint writes it on the same machine):
 *   uint32 rows, uint32 has-weights, then per row an optional double weight,
 *   uint32 cols and cols doubles.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_DATASET_H
#define QI_SIMPOINT_DATASET_H

#include "points.h"

#include <glib.h>
#include <stddef.h>

/** The error domain of the dataset readers and writers (code 0). */
#define QI_DATASET_ERROR (qi_dataset_error_quark())

/** A weighted matrix. */
typedef struct QiDataset {
    size_t rows;
    size_t cols;
    double *x;        /* rows x cols, row-major */
    double *w;        /* rows weights */
} QiDataset;

/** The quark of QI_DATASET_ERROR. */
GQuark qi_dataset_error_quark(void);

/**
 * A zeroed @rows x @cols dataset whose weights are 1/@rows, or NULL with
 * @error set if it does not fit in memory (@what names it in the message).
 */
QiDataset *qi_dataset_new(size_t rows, size_t cols, const char *what,
                          GError **error);

/** A copy of @d. */
QiDataset *qi_dataset_copy(const QiDataset *d);

/** Free @d; NULL is allowed. */
void qi_dataset_free(QiDataset *d);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QiDataset, qi_dataset_free)

/** Row @i of @d. */
static inline double *qi_dataset_row(const QiDataset *d, size_t i)
{
    return d->x + i * d->cols;
}

/** @d as the points k-means clusters. */
static inline QiPoints qi_dataset_points(const QiDataset *d)
{
    return (QiPoints) { .x = d->x, .w = d->w, .n = d->rows, .dim = d->cols };
}

/** A row's weight and index, for ordering rows by weight. */
typedef struct QiRanked {
    double weight;
    size_t index;
} QiRanked;

/**
 * The @n weights @w with their indices, by decreasing weight, then
 * decreasing index (SimPoint sorts (weight, index) pairs and reverses them).
 * Returns a g_free() array.
 */
QiRanked *qi_rank_by_weight(const double *w, size_t n);

/**
 * Read a dataset file at @path, in text (@binary FALSE) or binary format;
 * gzip-compressed files are read too.  Rows must all have the same length.
 * Returns NULL with @error ("path: what is wrong") on failure.
 */
QiDataset *qi_dataset_read(const char *path, gboolean binary, GError **error);

/**
 * Write @d to @path in text or binary format.  Returns FALSE with @error
 * set on failure.
 */
gboolean qi_dataset_write(const QiDataset *d, const char *path, gboolean binary,
                          GError **error);

/**
 * Read the whole file at @path (gzip-compressed or not) into a
 * NUL-terminated buffer; *@len gets its length.  NULL with @error set on
 * failure.
 */
char *qi_read_file(const char *path, size_t *len, GError **error);

#endif /* QI_SIMPOINT_DATASET_H */
