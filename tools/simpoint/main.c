/*
 * qi-simpoint: choose simulation points from frequency vectors exactly as
 * SimPoint 3.2 does (or, with -improved, with its defects corrected), with
 * SimPoint's options and files.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "improved-search.h"
#include "input.h"
#include "options.h"
#include "sample.h"
#include "simpoints.h"
#include "sp32-search.h"
#include "start.h"

#include <stdio.h>
#include <stdlib.h>

#define PROGRAM "qi-simpoint"

/* The table of -verbose 1. */
static void report(const QiSearch *s, const QiInput *in)
{
    fprintf(stderr, PROGRAM ": %s, %zu dimensions\n", in->what, in->data->cols);
    fprintf(stderr, "%6s %6s %24s %6s %6s\n", "run", "k", "BIC", "trial", "iters");
    for (size_t i = 0; i < s->runs->len; i++) {
        const QiRun *run = g_ptr_array_index(s->runs, i);
        fprintf(stderr, "%6zu %6zu %24.17g %6u %6u%s\n", i + 1, run->k, run->bic,
                run->trial + 1, run->iterations,
                i == s->chosen ? "  <- chosen" : "");
    }
}

/* The user's initial centres, if any. */
static QiDataset *given_start(const QiSpOptions *opts, const QiDataset *data,
                              GError **error)
{
    if (opts->load_init_labels) {
        return qi_start_from_labels(opts->load_init_labels, data, error);
    }
    return qi_start_from_centers(opts->load_init_ctrs, data, error);
}

/* In improved mode k cannot exceed the number of intervals clustered. */
static gboolean check_k(const QiSpOptions *opts, size_t n, GError **error)
{
    for (guint i = 0; opts->improved && i < opts->k_values->len; i++) {
        size_t k = g_array_index(opts->k_values, size_t, i);
        if (k > n) {
            g_set_error(error, QI_SEARCH_ERROR, 0, "-k: k = %zu exceeds the "
                        "number of intervals clustered (%zu)", k, n);
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean run(const QiSpOptions *opts, GError **error)
{
    g_autoptr(QiInput) in = qi_input_load(opts, error);

    if (!in) {
        return FALSE;
    }
    for (guint i = 0; i < in->warnings->len; i++) {
        fprintf(stderr, PROGRAM ": warning: %s\n",
                (const char *)g_ptr_array_index(in->warnings, i));
    }

    g_autoptr(QiDataset) sample = NULL;
    if (opts->sample_size > 0 && (size_t)opts->sample_size < in->data->rows) {
        sample = qi_sample(in->data, (size_t)opts->sample_size, opts->seed_sample,
                           error);
        if (!sample) {
            return FALSE;
        }
    }
    g_autoptr(QiDataset) start = NULL;
    if (opts->load_init_ctrs || opts->load_init_labels) {
        start = given_start(opts, in->data, error);
        if (!start) {
            return FALSE;
        }
    }

    QiPoints whole = qi_dataset_points(in->data);
    QiPoints part = sample ? qi_dataset_points(sample) : whole;
    QiClusterParams params = {
        .num_init_seeds = opts->num_init_seeds,
        .max_iters = opts->iters,
        .seed = opts->seed_km,
        .init = opts->init,
        .start = start,
        .bic_threshold = opts->bic_threshold,
        .min_variance = in->min_variance,
        .threads = opts->threads,
    };
    size_t start_k = start ? start->rows : 0;
    const size_t *ks = start ? &start_k : (const size_t *)(void *)opts->k_values->data;
    size_t n_ks = start ? 1 : opts->k_values->len;
    size_t max_k = opts->k_search ? opts->max_k : 0;

    if (!check_k(opts, part.n, error)) {
        return FALSE;
    }
    QiSearch *s = opts->improved
        ? qi_improved_search(&whole, &part, ks, n_ks, max_k, &params)
        : qi_sp32_search(&whole, &part, ks, n_ks, max_k, &params, error);
    if (!s) {
        return FALSE;
    }
    if (opts->verbose) {
        report(s, in);
    }
    gboolean ok = TRUE;
    for (size_t i = 0; ok && i < s->runs->len; i++) {
        if (i == s->chosen || opts->save_all) {
            ok = qi_save_run(opts, in->data, g_ptr_array_index(s->runs, i), i + 1,
                             error);
        }
    }
    qi_search_free(s);
    return ok;
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
    } else if (!run(&opts, &error)) {
        fprintf(stderr, PROGRAM ": %s\n", error->message);
        status = EXIT_FAILURE;
    } else {
        status = EXIT_SUCCESS;
    }
    qi_sp_options_clear(&opts);
    return status;
}
