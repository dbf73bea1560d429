/*
 * qi-simpoint: simulation points of a clustering and SimPoint's output files.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "simpoints.h"

#include <glib.h>
#include <math.h>

size_t qi_simpoints_pick(const QiPoints *pts, const QiClustering *c,
                         uint32_t *labels, double *dists, QiSimPoint *out)
{
    size_t k = c->k;
    double *weights = g_new0(double, k);
    size_t *closest = g_new(size_t, k);
    size_t *sizes = g_new0(size_t, k);

    qi_kmeans_assign(pts, k, c->centers, labels, dists, weights);
    for (size_t i = 0; i < pts->n; i++) {
        uint32_t l = labels[i];

        dists[i] = sqrt(dists[i]);
        if (sizes[l]++ == 0 || dists[i] < dists[closest[l]]) {
            closest[l] = i;
        }
    }

    double total = 0;
    for (size_t j = 0; j < k; j++) {
        if (sizes[j]) {
            total += weights[j];
        }
    }
    size_t n = 0;
    for (size_t j = 0; j < k; j++) {
        if (sizes[j]) {
            out[n++] = (QiSimPoint) {
                .cluster = (uint32_t)j,
                .interval = closest[j],
                .weight = weights[j] / total,
                .size = sizes[j],
            };
        }
    }
    g_free(weights);
    g_free(closest);
    g_free(sizes);
    return n;
}

void qi_simpoints_write(FILE *f, const QiSimPoint *sp, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%zu %u\n", sp[i].interval, sp[i].cluster);
    }
}

void qi_weights_write(FILE *f, const QiSimPoint *sp, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%.10g %u\n", sp[i].weight, sp[i].cluster);
    }
}

void qi_labels_write(FILE *f, const uint32_t *labels, const double *dists,
                     size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%u %.9g\n", labels[i], dists[i]);
    }
}
