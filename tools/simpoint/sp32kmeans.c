/*
 * qi-simpoint: SimPoint 3.2's k-means, reproduced operation for operation.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sp32kmeans.h"

#include "ran2.h"

#include <float.h>
#include <string.h>

double qi_sp32_dist2(const double *a, const double *b, size_t dim)
{
    double d = 0;

    for (size_t j = 0; j < dim; j++) {
        d += (a[j] - b[j]) * (a[j] - b[j]);
    }
    return d;
}

void qi_sp32_labels(const QiPoints *pts, const QiDataset *centers,
                    uint32_t *labels, double *dist2)
{
    for (size_t i = 0; i < pts->n; i++) {
        const double *x = pts->x + i * pts->dim;
        double best = qi_sp32_dist2(x, centers->x, pts->dim);
        uint32_t label = 0;

        for (size_t c = 1; c < centers->rows; c++) {
            double d = qi_sp32_dist2(x, qi_dataset_row(centers, c), pts->dim);
            if (d < best) {
                best = d;
                label = (uint32_t)c;
            }
        }
        labels[i] = label;
        if (dist2) {
            dist2[i] = best;
        }
    }
}

static void copy_point(const QiPoints *pts, size_t i, QiDataset *centers,
                       size_t c)
{
    memcpy(qi_dataset_row(centers, c), pts->x + i * pts->dim,
           pts->dim * sizeof(double));
}

void qi_sp32_init_sample(const QiPoints *pts, int64_t seed, QiDataset *centers)
{
    QiRan2 rng;

    qi_ran2_init(&rng, seed);
    for (size_t c = 0; c < centers->rows; c++) {
        copy_point(pts, (size_t)qi_ran2_int(&rng) % pts->n, centers, c);
    }
}

void qi_sp32_init_furthest(const QiPoints *pts, int64_t seed,
                           QiDataset *centers)
{
    QiRan2 rng;
    double *nearest = g_new(double, pts->n);

    qi_ran2_init(&rng, seed);
    copy_point(pts, (size_t)qi_ran2_int(&rng) % pts->n, centers, 0);
    for (size_t c = 1; c < centers->rows; c++) {
        const double *last = qi_dataset_row(centers, c - 1);
        size_t far = 0;

        for (size_t i = 0; i < pts->n; i++) {
            double d = qi_sp32_dist2(pts->x + i * pts->dim, last, pts->dim);
            if (c == 1 || d < nearest[i]) {
                nearest[i] = d;
            }
        }
        for (size_t i = 1; i < pts->n; i++) {
            if (nearest[i] > nearest[far]) {
                far = i;
            }
        }
        copy_point(pts, far, centers, c);
    }
    g_free(nearest);
}

void qi_sp32_weigh_centers(const QiPoints *pts, QiDataset *centers)
{
    uint32_t *labels = g_new(uint32_t, pts->n);
    double total = 0;

    qi_sp32_labels(pts, centers, labels, NULL);
    memset(centers->w, 0, centers->rows * sizeof(double));
    for (size_t i = 0; i < pts->n; i++) {
        centers->w[labels[i]] += pts->w[i];
    }
    for (size_t c = 0; c < centers->rows; c++) {
        total += centers->w[c];
    }
    for (size_t c = 0; c < centers->rows; c++) {
        centers->w[c] /= total;
    }
    g_free(labels);
}

/*
 * The nearest centre of @x; the search over dimensions stops as soon as the
 * partial sum reaches the best distance so far, which cannot change the
 * result since the terms are not negative.
 */
static uint32_t nearest(const double *x, const QiDataset *centers)
{
    double best = DBL_MAX;
    uint32_t label = 0;
    size_t dim = centers->cols;

    for (size_t c = 0; c < centers->rows; c++) {
        const double *y = qi_dataset_row(centers, c);
        double d = 0;

        for (size_t j = 0; j < dim && d < best; j++) {
            d += (x[j] - y[j]) * (x[j] - y[j]);
        }
        if (d < best) {
            best = d;
            label = (uint32_t)c;
        }
    }
    return label;
}

/* One Lloyd step from @old into @new; empty clusters end at the origin. */
static void step(const QiPoints *pts, const QiDataset *old, QiDataset *new)
{
    size_t dim = pts->dim;

    memset(new->x, 0, new->rows * dim * sizeof(double));
    memset(new->w, 0, new->rows * sizeof(double));
    for (size_t i = 0; i < pts->n; i++) {
        const double *x = pts->x + i * dim;
        uint32_t label = nearest(x, old);
        double *sum = qi_dataset_row(new, label);
        double w = pts->w[i];

        for (size_t j = 0; j < dim; j++) {
            sum[j] += x[j] * w;
        }
        new->w[label] += w;
    }
    for (size_t c = 0; c < new->rows; c++) {
        if (new->w[c] > 0) {
            double *row = qi_dataset_row(new, c);
            for (size_t j = 0; j < dim; j++) {
                row[j] /= new->w[c];
            }
        }
    }
}

static gboolean same_centers(const QiDataset *a, const QiDataset *b)
{
    for (size_t i = 0; i < a->rows * a->cols; i++) {
        if (a->x[i] != b->x[i]) {
            return FALSE;
        }
    }
    return TRUE;
}

unsigned qi_sp32_kmeans(const QiPoints *pts, QiDataset *centers,
                        unsigned max_iters)
{
    QiDataset *spare = qi_dataset_copy(centers);
    QiDataset *new = spare, *old = centers;
    unsigned iter;

    for (iter = 0; iter < max_iters; iter++) {
        step(pts, old, new);
        if (same_centers(new, old)) {
            break;
        }
        QiDataset *t = new;
        new = old;
        old = t;
    }
    /* After a swap at the limit, "new" holds the previous iteration. */
    if (new != centers) {
        memcpy(centers->x, new->x, centers->rows * centers->cols * sizeof(double));
        memcpy(centers->w, new->w, centers->rows * sizeof(double));
    }
    qi_dataset_free(spare);
    return iter;
}
