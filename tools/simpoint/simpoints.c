/*
 * qi-simpoint: SimPoint 3.2's files after clustering.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "simpoints.h"

#include "outfile.h"
#include "sp32-kmeans.h"

#include <math.h>

/* What the writers need. */
typedef struct Report {
    const QiDataset *centers;
    const gboolean *keep;     /* clusters to write */
    const uint32_t *labels;   /* of every interval */
    const double *dists;      /* Euclidean distance to its centre */
    const long *points;       /* simulation point of each cluster, or -1 */
    size_t n;                 /* intervals */
} Report;

static void write_labels(FILE *f, const void *data)
{
    const Report *r = data;

    for (size_t i = 0; i < r->n; i++) {
        fprintf(f, "%u %g\n", r->labels[i], r->dists[i]);
    }
}

static void write_points(FILE *f, const void *data)
{
    const Report *r = data;

    for (size_t c = 0; c < r->centers->rows; c++) {
        if (r->keep[c]) {
            fprintf(f, "%ld %zu\n", r->points[c], c);
        }
    }
}

static void write_weights(FILE *f, const void *data)
{
    const Report *r = data;
    double sum = 0;

    for (size_t c = 0; c < r->centers->rows; c++) {
        if (r->keep[c]) {
            sum += r->centers->w[c];
        }
    }
    for (size_t c = 0; c < r->centers->rows; c++) {
        if (r->keep[c]) {
            fprintf(f, "%g %zu\n", r->centers->w[c] / sum, c);
        }
    }
}

gboolean *qi_largest_clusters(const QiDataset *centers, double coverage)
{
    size_t k = centers->rows;
    QiRanked *order = qi_rank_by_weight(centers->w, k);
    gboolean *keep = g_new0(gboolean, k);
    double covered = 0;

    for (size_t i = 0; i < k && covered < coverage && order[i].weight > 0; i++) {
        covered += order[i].weight;
        keep[order[i].index] = TRUE;
    }
    g_free(order);
    return keep;
}

/* @base, or with -saveAll "base.run_<number>_k_<k>". */
static char *name_for(const QiSpOptions *opts, const char *base,
                      const QiRun *run, size_t number)
{
    return opts->save_all
        ? g_strdup_printf("%s.run_%zu_k_%zu", base, number, run->k)
        : g_strdup(base);
}

/* Write @fill's file as @base (and, with @lpt, @base.lpt<P>). */
static gboolean save(const QiSpOptions *opts, const char *base, QiWriteFn fill,
                     Report *r, const gboolean *all, const gboolean *largest,
                     const QiRun *run, size_t number, GError **error)
{
    if (!base) {
        return TRUE;
    }
    g_autofree char *name = name_for(opts, base, run, number);
    r->keep = all;
    if (!qi_write_file(name, fill, r, error)) {
        return FALSE;
    }
    if (!largest) {
        return TRUE;
    }
    g_autofree char *lpt = g_strdup_printf("%s.lpt%g", base, opts->coverage);
    g_autofree char *lpt_name = name_for(opts, lpt, run, number);
    r->keep = largest;
    return qi_write_file(lpt_name, fill, r, error);
}

static gboolean save_centers(const QiSpOptions *opts, const char *base,
                             const QiDataset *centers, const QiRun *run,
                             size_t number, GError **error)
{
    if (!base) {
        return TRUE;
    }
    g_autofree char *name = name_for(opts, base, run, number);
    return qi_dataset_write(centers, name, FALSE, error);
}

gboolean qi_save_run(const QiSpOptions *opts, const QiDataset *data,
                     const QiRun *run, size_t number, GError **error)
{
    const QiDataset *centers = run->final;
    QiPoints pts = qi_dataset_points(data);
    uint32_t *labels = g_new(uint32_t, data->rows);
    double *dists = g_new(double, data->rows);
    long *points = g_new(long, centers->rows);
    double *nearest = g_new(double, centers->rows);

    qi_sp32_labels(&pts, centers, labels, dists);
    for (size_t c = 0; c < centers->rows; c++) {
        points[c] = -1;
    }
    for (size_t i = 0; i < data->rows; i++) {
        uint32_t l = labels[i];

        dists[i] = sqrt(dists[i]);
        if (points[l] == -1 || dists[i] < nearest[l]) {
            points[l] = (long)i;
            nearest[l] = dists[i];
        }
    }

    gboolean *all = qi_largest_clusters(centers, 1.0);
    gboolean *largest = opts->coverage < 1.0
        ? qi_largest_clusters(centers, opts->coverage) : NULL;
    Report r = {
        .centers = centers, .labels = labels, .dists = dists,
        .points = points, .n = data->rows,
    };
    gboolean ok =
        save_centers(opts, opts->save_init_ctrs, run->init, run, number, error) &&
        save_centers(opts, opts->save_final_ctrs, centers, run, number, error) &&
        save(opts, opts->save_labels, write_labels, &r, NULL, NULL, run, number,
             error) &&
        save(opts, opts->save_simpoints, write_points, &r, all, largest, run,
             number, error) &&
        save(opts, opts->save_weights, write_weights, &r, all, largest, run,
             number, error);

    g_free(labels);
    g_free(dists);
    g_free(points);
    g_free(nearest);
    g_free(all);
    g_free(largest);
    return ok;
}
