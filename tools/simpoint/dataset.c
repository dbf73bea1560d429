/*
 * qi-simpoint: weighted vectors and their SimPoint 3.2 file formats.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "dataset.h"

#include "outfile.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

G_DEFINE_QUARK(qi-dataset-error-quark, qi_dataset_error)

QiDataset *qi_dataset_new(size_t rows, size_t cols, const char *what,
                          GError **error)
{
    QiDataset *d = g_new0(QiDataset, 1);

    d->rows = rows;
    d->cols = cols;
    if (cols == 0 || rows <= G_MAXSIZE / sizeof(double) / cols) {
        d->x = g_try_malloc0_n(MAX(rows * cols, 1), sizeof(double));
    }
    d->w = g_try_malloc0_n(MAX(rows, 1), sizeof(double));
    if (!d->x || !d->w) {
        g_set_error(error, QI_DATASET_ERROR, 0,
                    "%s of %zu x %zu values does not fit in memory "
                    "(keep block ids dense)", what, rows, cols);
        qi_dataset_free(d);
        return NULL;
    }
    for (size_t i = 0; i < rows; i++) {
        d->w[i] = 1.0 / (double)rows;
    }
    return d;
}

QiDataset *qi_dataset_copy(const QiDataset *d)
{
    QiDataset *c = g_new(QiDataset, 1);

    c->rows = d->rows;
    c->cols = d->cols;
    c->x = g_memdup2(d->x, MAX(d->rows * d->cols, 1) * sizeof(double));
    c->w = g_memdup2(d->w, MAX(d->rows, 1) * sizeof(double));
    return c;
}

void qi_dataset_free(QiDataset *d)
{
    if (d) {
        g_free(d->x);
        g_free(d->w);
        g_free(d);
    }
}

/* Decreasing weight, then decreasing index. */
static int by_weight_desc(const void *a, const void *b)
{
    const QiRanked *x = a, *y = b;

    if (x->weight != y->weight) {
        return x->weight < y->weight ? 1 : -1;
    }
    return x->index < y->index ? 1 : (x->index > y->index ? -1 : 0);
}

QiRanked *qi_rank_by_weight(const double *w, size_t n)
{
    QiRanked *r = g_new(QiRanked, MAX(n, 1));

    for (size_t i = 0; i < n; i++) {
        r[i] = (QiRanked) { w[i], i };
    }
    qsort(r, n, sizeof(*r), by_weight_desc);
    return r;
}

char *qi_read_file(const char *path, size_t *len, GError **error)
{
    gzFile gz = gzopen(path, "rb");

    if (!gz) {
        g_set_error(error, QI_DATASET_ERROR, 0, "%s: %s", path,
                    errno ? g_strerror(errno) : "cannot open");
        return NULL;
    }

    GByteArray *buf = g_byte_array_new();
    guint8 chunk[65536];
    int n;

    while ((n = gzread(gz, chunk, sizeof(chunk))) > 0) {
        g_byte_array_append(buf, chunk, (guint)n);
    }
    if (n < 0) {
        int code;
        const char *message = gzerror(gz, &code);
        g_set_error(error, QI_DATASET_ERROR, 0, "%s: read error: %s", path,
                    code == Z_ERRNO ? g_strerror(errno) : message);
        gzclose(gz);
        g_byte_array_unref(buf);
        return NULL;
    }
    gzclose(gz);
    *len = buf->len;
    g_byte_array_append(buf, (const guint8 *)"", 1);
    return (char *)g_byte_array_free(buf, FALSE);
}

/* A cursor over a file's bytes, for both formats. */
typedef struct Cursor {
    const char *path;
    const char *start;
    const char *p;
    const char *end;
} Cursor;

static gboolean fail(const Cursor *c, GError **error, const char *what)
{
    g_set_error(error, QI_DATASET_ERROR, 0, "%s: %s (at byte %td)", c->path,
                what, c->p - c->start);
    return FALSE;
}

static void skip_space(Cursor *c)
{
    while (c->p < c->end && g_ascii_isspace(*c->p)) {
        c->p++;
    }
}

/* An unsigned count "<n>:" (no space before the colon, as SimPoint reads). */
static gboolean text_length(Cursor *c, size_t *n, GError **error)
{
    char *stop;

    skip_space(c);
    if (c->p >= c->end || !g_ascii_isdigit(*c->p)) {
        return fail(c, error, "expected a length");
    }
    errno = 0;
    guint64 v = g_ascii_strtoull(c->p, &stop, 10);
    if (errno || v > UINT32_MAX) {
        return fail(c, error, "length out of range");
    }
    c->p = stop;
    if (c->p >= c->end || *c->p != ':') {
        return fail(c, error, "expected ':' after a length");
    }
    c->p++;
    *n = (size_t)v;
    return TRUE;
}

static gboolean text_number(Cursor *c, double *v, GError **error)
{
    char *stop;

    skip_space(c);
    *v = g_ascii_strtod(c->p, &stop);
    if (stop == c->p) {
        return fail(c, error, "expected a number");
    }
    c->p = stop;
    return TRUE;
}

/* A dataset of @rows x @cols from the arrays read (taken over). */
static QiDataset *take_arrays(size_t rows, size_t cols, GArray *x, GArray *w)
{
    QiDataset *d = g_new(QiDataset, 1);

    *d = (QiDataset) {
        .rows = rows, .cols = cols,
        .x = g_array_steal(x, NULL), .w = g_array_steal(w, NULL),
    };
    return d;
}

static QiDataset *read_text(Cursor *c, GError **error)
{
    size_t rows, cols = 0;

    if (!text_length(c, &rows, error)) {
        return NULL;
    }
    gboolean weighted = c->p < c->end && *c->p == 'w';
    c->p += weighted;

    g_autoptr(GArray) x = g_array_new(FALSE, FALSE, sizeof(double));
    g_autoptr(GArray) w = g_array_new(FALSE, FALSE, sizeof(double));
    for (size_t i = 0; i < rows; i++) {
        double weight = 1.0 / (double)rows, v;
        size_t len;

        if ((weighted && !text_number(c, &weight, error)) ||
            !text_length(c, &len, error)) {
            return NULL;
        }
        if (i > 0 && len != cols) {
            fail(c, error, "rows of different lengths");
            return NULL;
        }
        cols = len;
        g_array_append_val(w, weight);
        for (size_t j = 0; j < len; j++) {
            if (!text_number(c, &v, error)) {
                return NULL;
            }
            g_array_append_val(x, v);
        }
    }
    return take_arrays(rows, cols, x, w);
}

static gboolean take(Cursor *c, void *out, size_t size, GError **error)
{
    if ((size_t)(c->end - c->p) < size) {
        return fail(c, error, "file ends too early");
    }
    memcpy(out, c->p, size);
    c->p += size;
    return TRUE;
}

static QiDataset *read_binary(Cursor *c, GError **error)
{
    uint32_t rows = 0, weighted = 0, len = 0, cols = 0;

    if (!take(c, &rows, sizeof(rows), error) ||
        !take(c, &weighted, sizeof(weighted), error)) {
        return NULL;
    }

    g_autoptr(GArray) x = g_array_new(FALSE, FALSE, sizeof(double));
    g_autoptr(GArray) w = g_array_new(FALSE, FALSE, sizeof(double));
    for (uint32_t i = 0; i < rows; i++) {
        double weight = 1.0 / (double)rows;

        if ((weighted && !take(c, &weight, sizeof(weight), error)) ||
            !take(c, &len, sizeof(len), error)) {
            return NULL;
        }
        if (i > 0 && len != cols) {
            fail(c, error, "rows of different lengths");
            return NULL;
        }
        cols = len;
        g_array_append_val(w, weight);
        g_array_set_size(x, x->len + len);
        if (!take(c, &g_array_index(x, double, x->len - len),
                  len * sizeof(double), error)) {
            return NULL;
        }
    }
    return take_arrays(rows, cols, x, w);
}

QiDataset *qi_dataset_read(const char *path, gboolean binary, GError **error)
{
    size_t len;
    g_autofree char *data = qi_read_file(path, &len, error);

    if (!data) {
        return NULL;
    }
    Cursor c = { .path = path, .start = data, .p = data, .end = data + len };
    QiDataset *d = binary ? read_binary(&c, error) : read_text(&c, error);
    if (d && d->rows == 0) {
        g_set_error(error, QI_DATASET_ERROR, 0, "%s: no rows", path);
        g_clear_pointer(&d, qi_dataset_free);
    }
    return d;
}

static void write_text(FILE *f, const void *data)
{
    const QiDataset *d = data;

    fprintf(f, "%zu:w\n", d->rows);
    for (size_t i = 0; i < d->rows; i++) {
        const double *row = qi_dataset_row(d, i);

        fprintf(f, "%.20g %zu: ", d->w[i], d->cols);
        for (size_t j = 0; j < d->cols; j++) {
            fprintf(f, "%.20g ", row[j]);
        }
        fputc('\n', f);
    }
}

static void write_binary(FILE *f, const void *data)
{
    const QiDataset *d = data;
    uint32_t rows = (uint32_t)d->rows, weighted = 1, cols = (uint32_t)d->cols;

    fwrite(&rows, sizeof(rows), 1, f);
    fwrite(&weighted, sizeof(weighted), 1, f);
    for (size_t i = 0; i < d->rows; i++) {
        fwrite(&d->w[i], sizeof(double), 1, f);
        fwrite(&cols, sizeof(cols), 1, f);
        fwrite(qi_dataset_row(d, i), sizeof(double), d->cols, f);
    }
}

gboolean qi_dataset_write(const QiDataset *d, const char *path, gboolean binary,
                          GError **error)
{
    return qi_write_file(path, binary ? write_binary : write_text, d, error);
}
