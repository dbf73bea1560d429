/*
 * qi-simpoint: the vectors to cluster, from SimPoint 3.2's input options.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "input.h"

#include "bbfile.h"
#include "outfile.h"
#include "project.h"

#include <errno.h>
#include <string.h>

/*
 * The rows of the projection matrix for @bb's ids: of the matrix loaded, or
 * of SimPoint's random one, which is only made whole when it is saved.
 */
static QiDataset *matrix_for(const QiSpOptions *opts, const QiBBFile *bb,
                             GError **error)
{
    const char *path = opts->load_proj_txt ? opts->load_proj_txt : opts->load_proj_bin;
    gboolean save = opts->save_proj_txt || opts->save_proj_bin;

    if (!path && !save) {
        return qi_projection_rows(opts->seed_proj, bb, opts->dim, error);
    }
    g_autoptr(QiDataset) m =
        path ? qi_dataset_read(path, opts->load_proj_bin != NULL, error)
             : qi_projection_matrix(opts->seed_proj, bb->n_dims, opts->dim, error);
    if (!m) {
        return NULL;
    }
    if (path && m->rows != bb->n_dims) {
        g_set_error(error, QI_DATASET_ERROR, 0, "%s: projection matrix of %zu "
                    "rows for %u block ids in %s", path, m->rows, bb->n_dims,
                    bb->path);
        return NULL;
    }
    if (path && m->cols != opts->dim) {
        g_set_error(error, QI_DATASET_ERROR, 0, "%s: projection matrix of %zu "
                    "columns, but -dim is %zu", path, m->cols, opts->dim);
        return NULL;
    }
    if ((opts->save_proj_txt && !qi_dataset_write(m, opts->save_proj_txt, FALSE, error)) ||
        (opts->save_proj_bin && !qi_dataset_write(m, opts->save_proj_bin, TRUE, error))) {
        return NULL;
    }
    return qi_projection_pick(m, bb, error);
}

/* -numFVs and -FVDim state the size of the file; SimPoint fails otherwise. */
static gboolean check_size(const QiSpOptions *opts, const QiBBFile *bb,
                           GError **error)
{
    if (opts->num_fvs && (size_t)opts->num_fvs != bb->n_intervals) {
        g_set_error(error, QI_BB_ERROR, 0, "%s: %zu intervals, but -numFVs is %d",
                    bb->path, bb->n_intervals, opts->num_fvs);
        return FALSE;
    }
    if (opts->fv_dim && (uint32_t)opts->fv_dim != bb->n_dims) {
        g_set_error(error, QI_BB_ERROR, 0, "%s: largest block id %u, but -FVDim is %d",
                    bb->path, bb->n_dims, opts->fv_dim);
        return FALSE;
    }
    return TRUE;
}

/* The vectors of -loadFVFile, projected unless -dim noProject. */
static QiDataset *from_fv_file(const QiSpOptions *opts, QiInput *in,
                               GError **error)
{
    g_autoptr(QiBBFile) bb = qi_bb_read(opts->fv_file, error);

    if (!bb || !check_size(opts, bb, error)) {
        return NULL;
    }
    g_ptr_array_extend_and_steal(in->warnings, g_steal_pointer(&bb->warnings));
    bb->warnings = NULL;
    in->min_variance = qi_variance_floor(bb);
    in->what = g_strdup_printf("%s: %zu intervals, %zu block ids (largest %u)",
                               bb->path, bb->n_intervals, bb->n_used,
                               bb->n_dims);
    if (opts->no_project) {
        return qi_project_none(bb, error);
    }

    g_autoptr(QiDataset) matrix = matrix_for(opts, bb, error);
    if (!matrix) {
        return NULL;
    }
    return qi_project(bb, matrix, error);
}

double *qi_read_numbers(const char *path, size_t n, GError **error)
{
    size_t len;
    g_autofree char *text = qi_read_file(path, &len, error);

    if (!text) {
        return NULL;
    }
    double *v = g_new(double, MAX(n, 1));
    char *p = text, *end;
    for (size_t i = 0; i < n; i++, p = end) {
        v[i] = g_ascii_strtod(p, &end);
        if (end == p) {
            g_set_error(error, QI_DATASET_ERROR, 0, "%s: %zu numbers, %zu expected "
                        "(one per interval)", path, i, n);
            g_free(v);
            return NULL;
        }
    }
    return v;
}

/* SimPoint's applyWeights(): uniform, loaded, or kept from the input. */
static gboolean weigh(const QiSpOptions *opts, QiDataset *d, GError **error)
{
    if (opts->fixed_length) {
        for (size_t i = 0; i < d->rows; i++) {
            d->w[i] = 1.0 / (double)d->rows;
        }
    } else if (opts->load_vector_weights) {
        g_autofree double *w = qi_read_numbers(opts->load_vector_weights, d->rows,
                                               error);
        double total = 0;

        if (!w) {
            return FALSE;
        }
        for (size_t i = 0; i < d->rows; i++) {
            total += w[i];
        }
        for (size_t i = 0; i < d->rows; i++) {
            d->w[i] = w[i] / total;
        }
    }
    return TRUE;
}

static void write_weights(FILE *f, const void *data)
{
    const QiDataset *d = data;

    for (size_t i = 0; i < d->rows; i++) {
        fprintf(f, "%.20g\n", d->w[i]);
    }
}

QiInput *qi_input_load(const QiSpOptions *opts, GError **error)
{
    g_autoptr(QiInput) in = g_new0(QiInput, 1);
    const char *vectors = opts->load_vectors_txt ? opts->load_vectors_txt
                                                 : opts->load_vectors_bin;

    in->warnings = g_ptr_array_new_with_free_func(g_free);
    if (vectors) {
        in->data = qi_dataset_read(vectors, opts->load_vectors_bin != NULL, error);
        if (in->data) {
            in->what = g_strdup_printf("%s: %zu vectors", vectors, in->data->rows);
        }
    } else {
        in->data = from_fv_file(opts, in, error);
    }
    if (!in->data || !weigh(opts, in->data, error) ||
        (opts->save_vectors_txt &&
         !qi_dataset_write(in->data, opts->save_vectors_txt, FALSE, error)) ||
        (opts->save_vectors_bin &&
         !qi_dataset_write(in->data, opts->save_vectors_bin, TRUE, error)) ||
        (opts->save_vector_weights &&
         !qi_write_file(opts->save_vector_weights, write_weights, in->data, error))) {
        return NULL;
    }
    return g_steal_pointer(&in);
}

void qi_input_free(QiInput *in)
{
    if (in) {
        qi_dataset_free(in->data);
        if (in->warnings) {
            g_ptr_array_unref(in->warnings);
        }
        g_free(in->what);
        g_free(in);
    }
}
