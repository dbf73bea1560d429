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

static gboolean take(Cursor *c, void *out, size_t size, GError **error)
{
    if ((size_t)(c->end - c->p) < size) {
        return fail(c, error, "file ends too early");
    }
    memcpy(out, c->p, size);
    c->p += size;
    return TRUE;
}

/* The text format's "w" after the number of rows. */
static gboolean text_flag(Cursor *c, gboolean *weighted, GError **error)
{
    (void)error;
    *weighted = c->p < c->end && *c->p == 'w';
    c->p += *weighted;
    return TRUE;
}

static gboolean binary_length(Cursor *c, size_t *n, GError **error)
{
    uint32_t v = 0;

    if (!take(c, &v, sizeof(v), error)) {
        return FALSE;
    }
    *n = v;
    return TRUE;
}

static gboolean binary_number(Cursor *c, double *v, GError **error)
{
    return take(c, v, sizeof(*v), error);
}

static gboolean binary_flag(Cursor *c, gboolean *weighted, GError **error)
{
    size_t v = 0;

    if (!binary_length(c, &v, error)) {
        return FALSE;
    }
    *weighted = v != 0;
    return TRUE;
}

/* How a format spells a dataset's parts. */
typedef struct Format {
    gboolean (*length)(Cursor *c, size_t *n, GError **error);
    gboolean (*flag)(Cursor *c, gboolean *weighted, GError **error);
    gboolean (*number)(Cursor *c, double *v, GError **error);
} Format;

static const Format text_format = { text_length, text_flag, text_number };
static const Format binary_format = { binary_length, binary_flag, binary_number };

/* Rows count, weights flag, then per row: weight, length, values. */
static QiDataset *read_rows(Cursor *c, const Format *f, GError **error)
{
    size_t rows, cols = 0;
    gboolean weighted;

    if (!f->length(c, &rows, error) || !f->flag(c, &weighted, error)) {
        return NULL;
    }
    g_autoptr(GArray) x = g_array_new(FALSE, FALSE, sizeof(double));
    g_autoptr(GArray) w = g_array_new(FALSE, FALSE, sizeof(double));
    for (size_t i = 0; i < rows; i++) {
        double weight = 1.0 / (double)rows, v;
        size_t len;

        if ((weighted && !f->number(c, &weight, error)) ||
            !f->length(c, &len, error)) {
            return NULL;
        }
        if (i > 0 && len != cols) {
            fail(c, error, "rows of different lengths");
            return NULL;
        }
        cols = len;
        g_array_append_val(w, weight);
        for (size_t j = 0; j < len; j++) {
            if (!f->number(c, &v, error)) {
                return NULL;
            }
            g_array_append_val(x, v);
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
    QiDataset *d = read_rows(&c, binary ? &binary_format : &text_format, error);
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
