/*
 * qi-simpoint: SimPoint 3.2's sub-sample of the intervals (-sampleSize).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sample.h"

#include "ran2.h"

#include <string.h>

/* The position whose cumulative range holds @r. */
static size_t find(const QiRanked *cum, size_t n, double r)
{
    size_t lower = 0, upper = n, at = n / 2;

    for (;;) {
        gboolean below = at == 0 || cum[at - 1].weight <= r;
        gboolean above = at == n || cum[at].weight >= r;
        if (below && above) {
            return at;
        }
        if (below) {
            lower = at;
        }
        if (above) {
            upper = at;
        }
        at = (upper + lower) / 2;
    }
}

QiDataset *qi_sample(const QiDataset *data, size_t size, int32_t seed,
                     GError **error)
{
    size_t n = data->rows, positive = 0;

    for (size_t i = 0; i < n; i++) {
        positive += data->w[i] > 0;
    }
    if (positive < size) {
        g_set_error(error, QI_DATASET_ERROR, 0, "-sampleSize %zu: only %zu "
                    "intervals have a positive weight", size, positive);
        return NULL;
    }

    QiRanked *cum = qi_rank_by_weight(data->w, n);
    for (size_t i = 1; i < n; i++) {
        cum[i].weight += cum[i - 1].weight;
    }
    cum[n - 1].weight = 1.0;

    gboolean *chosen = g_new0(gboolean, n);
    size_t count = 0;
    double share = 0;
    QiRan2 rng;

    qi_ran2_init(&rng, seed);
    while (count < size) {
        size_t i = cum[find(cum, n, (double)qi_ran2_float(&rng))].index;
        if (!chosen[i]) {
            chosen[i] = TRUE;
            share += data->w[i];
            count++;
        }
    }

    QiDataset *s = qi_dataset_new(size, data->cols, "sample", error);
    for (size_t i = 0, j = 0; s && i < n; i++) {
        if (chosen[i]) {
            memcpy(qi_dataset_row(s, j), qi_dataset_row(data, i),
                   data->cols * sizeof(double));
            s->w[j++] = data->w[i] / share;
        }
    }
    g_free(cum);
    g_free(chosen);
    return s;
}
