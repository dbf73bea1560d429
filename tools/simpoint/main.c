/*
 * qi-simpoint: choose simulation points from SimPoint 3.2 frequency vectors
 * the way SimPoint 3.2 does by default, and write SimPoint's output files.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "bbfile.h"
#include "kmeans.h"
#include "options.h"
#include "project.h"
#include "search.h"
#include "simpoints.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROGRAM "qi-simpoint"

/* An output file opened before the (long) clustering, so that a bad path
 * fails at once. */
typedef struct Output {
    const char *path;
    FILE *f;
} Output;

static gboolean output_open(Output *out, const char *path)
{
    out->path = path;
    out->f = NULL;
    if (!path) {
        return TRUE;
    }
    out->f = fopen(path, "w");
    if (!out->f) {
        fprintf(stderr, PROGRAM ": cannot write '%s': %s\n", path, g_strerror(errno));
        return FALSE;
    }
    return TRUE;
}

static gboolean output_close(Output *out)
{
    if (!out->f) {
        return TRUE;
    }
    gboolean ok = !ferror(out->f);
    ok = (fclose(out->f) == 0) && ok;
    out->f = NULL;
    if (!ok) {
        fprintf(stderr, PROGRAM ": error writing '%s': %s\n", out->path,
                g_strerror(errno));
    }
    return ok;
}

/* The table of -verbose 1. */
static void report(const QiSearch *s, const QiSpOptions *opts, const QiBBFile *bb,
                   size_t dim)
{
    fprintf(stderr, PROGRAM ": %s: %zu intervals, %u block ids, %zu dimensions%s\n",
            bb->path, bb->n_intervals, bb->n_dims, dim,
            opts->no_project ? " (not projected)" : "");
    fprintf(stderr, "%6s %16s %14s %9s %6s %6s\n",
            "k", "BIC", "distortion", "non-empty", "trial", "iters");
    for (size_t i = 0; i < s->n_tried; i++) {
        const QiClustering *c = s->tried[i];
        fprintf(stderr, "%6zu %16.6f %14.6g %9zu %6u %5u%s%s\n",
                c->k, c->bic, c->distortion, c->non_empty, c->trial + 1,
                c->iterations, c->converged ? " " : "+",
                i == s->chosen ? "  <- chosen" : "");
    }
}

static int run(const QiSpOptions *opts)
{
    g_autoptr(GError) error = NULL;
    Output outputs[3] = { 0 };
    int status = EXIT_FAILURE;
    QiBBFile *bb = NULL;
    QiSearch *search = NULL;
    double *data = NULL, *weights = NULL, *dists = NULL;
    uint32_t *labels = NULL;
    QiSimPoint *sps = NULL;

    if (!output_open(&outputs[0], opts->save_simpoints) ||
        !output_open(&outputs[1], opts->save_weights) ||
        !output_open(&outputs[2], opts->save_labels)) {
        goto out;
    }

    bb = qi_bb_read(opts->fv_file, &error);
    if (!bb) {
        fprintf(stderr, PROGRAM ": %s\n", error->message);
        goto out;
    }
    for (guint i = 0; i < bb->warnings->len; i++) {
        fprintf(stderr, PROGRAM ": warning: %s\n",
                (const char *)g_ptr_array_index(bb->warnings, i));
    }

    size_t dim = opts->no_project ? bb->n_dims : opts->dim;
    data = opts->no_project ? qi_project_none(bb, &error)
                            : qi_project(bb, dim, opts->seed_proj, &error);
    if (!data) {
        fprintf(stderr, PROGRAM ": %s: %s\n", bb->path, error->message);
        goto out;
    }
    weights = qi_interval_weights(bb, opts->fixed_length);

    QiPoints pts = { .x = data, .w = weights, .n = bb->n_intervals, .dim = dim };
    QiClusterParams params = {
        .num_init_seeds = opts->num_init_seeds,
        .max_iters = opts->iters,
        .seed = opts->seed_km,
        .init = opts->init,
        .bic_threshold = opts->bic_threshold,
        .min_variance = qi_variance_floor(bb),
        .threads = opts->threads,
    };

    if (opts->k_search) {
        search = qi_search_binary(&pts, opts->max_k, &params);
    } else {
        GArray *ks = opts->k_values;
        for (guint i = 0; i < ks->len; i++) {
            size_t k = g_array_index(ks, size_t, i);
            if (k > pts.n) {
                fprintf(stderr, PROGRAM ": -k: k = %zu exceeds the number of "
                        "intervals (%zu) in %s\n", k, pts.n, bb->path);
                goto out;
            }
        }
        search = qi_search_list(&pts, (const size_t *)(void *)ks->data, ks->len,
                                &params);
    }
    if (opts->verbose) {
        report(search, opts, bb, dim);
    }

    const QiClustering *chosen = qi_search_chosen(search);
    labels = g_new(uint32_t, pts.n);
    dists = g_new(double, pts.n);
    sps = g_new(QiSimPoint, chosen->k);
    size_t n_sps = qi_simpoints_pick(&pts, chosen, labels, dists, sps);

    if (outputs[0].f) {
        qi_simpoints_write(outputs[0].f, sps, n_sps);
    }
    if (outputs[1].f) {
        qi_weights_write(outputs[1].f, sps, n_sps);
    }
    if (outputs[2].f) {
        qi_labels_write(outputs[2].f, labels, dists, pts.n);
    }
    status = EXIT_SUCCESS;

out:
    for (size_t i = 0; i < G_N_ELEMENTS(outputs); i++) {
        if (!output_close(&outputs[i])) {
            status = EXIT_FAILURE;
        }
    }
    qi_search_free(search);
    qi_bb_free(bb);
    g_free(data);
    g_free(weights);
    g_free(labels);
    g_free(dists);
    g_free(sps);
    return status;
}

int main(int argc, char **argv)
{
    g_autoptr(GError) error = NULL;
    QiSpOptions opts;
    int status;

    qi_sp_options_init(&opts);
    if (!qi_sp_options_parse(&opts, argc, argv, &error)) {
        fprintf(stderr, PROGRAM ": %s\nTry '" PROGRAM " -h' for help.\n",
                error->message);
        status = 2;
    } else if (opts.help) {
        qi_sp_options_usage(stdout);
        status = EXIT_SUCCESS;
    } else if (!opts.save_simpoints && !opts.save_weights && !opts.save_labels &&
               !opts.verbose) {
        fprintf(stderr, PROGRAM ": nothing to do: give -saveSimpoints, "
                "-saveSimpointWeights, -saveLabels or -verbose 1\n");
        status = 2;
    } else {
        status = run(&opts);
    }
    qi_sp_options_clear(&opts);
    return status;
}
