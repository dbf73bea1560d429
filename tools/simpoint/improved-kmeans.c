/*
 * qi-simpoint: the improved mode's weighted k-means and its initialisations.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "improved-kmeans.h"

#include <float.h>
#include <math.h>
#include <string.h>

static inline double dist2_full(const double *a, const double *b, size_t dim)
{
    double d = 0;

    for (size_t j = 0; j < dim; j++) {
        double t = a[j] - b[j];
        d += t * t;
    }
    return d;
}

/*
 * Squared distance, abandoned once it reaches @bound (then any value >=
 * @bound is returned): SimPoint's "partial distance search".
 */
static inline double dist2_bounded(const double *a, const double *b, size_t dim,
                                   double bound)
{
    double d = 0;
    size_t j = 0;

    for (; j + 4 <= dim; j += 4) {
        double t0 = a[j] - b[j], t1 = a[j + 1] - b[j + 1];
        double t2 = a[j + 2] - b[j + 2], t3 = a[j + 3] - b[j + 3];
        d += t0 * t0 + t1 * t1 + t2 * t2 + t3 * t3;
        if (d >= bound) {
            return d;
        }
    }
    for (; j < dim; j++) {
        double t = a[j] - b[j];
        d += t * t;
    }
    return d;
}

void qi_improved_init_sample(const QiPoints *pts, size_t k, QiRng *rng,
                             double *centers)
{
    g_return_if_fail(k > 0 && k <= pts->n);

    size_t *chosen = g_new(size_t, k);

    for (size_t c = 0; c < k; c++) {
        size_t i, p;

        do {    /* draw again until the index is new (k <= n) */
            i = (size_t)qi_rng_below(rng, pts->n);
            for (p = 0; p < c && chosen[p] != i; p++) {
            }
        } while (p < c);
        chosen[c] = i;
        memcpy(centers + c * pts->dim, pts->x + i * pts->dim,
               pts->dim * sizeof(double));
    }
    g_free(chosen);
}

void qi_improved_init_furthest(const QiPoints *pts, size_t k, QiRng *rng,
                               double *centers)
{
    g_return_if_fail(k > 0 && k <= pts->n);

    size_t n = pts->n, dim = pts->dim;
    size_t i = (size_t)qi_rng_below(rng, n);
    double *nearest = g_new(double, n);

    memcpy(centers, pts->x + i * dim, dim * sizeof(double));
    for (size_t c = 1; c < k; c++) {
        const double *last = centers + (c - 1) * dim;
        size_t far = 0;

        for (size_t p = 0; p < n; p++) {
            double d = dist2_full(pts->x + p * dim, last, dim);
            if (c == 1 || d < nearest[p]) {
                nearest[p] = d;
            }
            if (nearest[p] > nearest[far]) {
                far = p;
            }
        }
        memcpy(centers + c * dim, pts->x + far * dim, dim * sizeof(double));
    }
    g_free(nearest);
}

/* Nearest centre of @x (lowest index on ties), its squared distance in *@d1
 * and the squared distance to the second nearest in *@d2 (DBL_MAX if k = 1). */
static uint32_t nearest_two(const double *x, const double *centers, size_t k,
                            size_t dim, double *d1, double *d2)
{
    uint32_t best = 0;
    double b1 = DBL_MAX, b2 = DBL_MAX;

    for (size_t c = 0; c < k; c++) {
        double d = dist2_bounded(x, centers + c * dim, dim, b2);
        if (d < b1) {
            b2 = b1;
            b1 = d;
            best = (uint32_t)c;
        } else if (d < b2) {
            b2 = d;
        }
    }
    *d1 = b1;
    *d2 = b2;
    return best;
}

void qi_improved_assign(const QiPoints *pts, size_t k, const double *centers,
                        uint32_t *labels, double *dist2,
                        double *cluster_weights)
{
    size_t dim = pts->dim;

    memset(cluster_weights, 0, k * sizeof(double));
    for (size_t i = 0; i < pts->n; i++) {
        const double *x = pts->x + i * dim;
        double best = DBL_MAX;
        uint32_t label = 0;

        for (size_t c = 0; c < k; c++) {
            double d = dist2_bounded(x, centers + c * dim, dim, best);
            if (d < best) {
                best = d;
                label = (uint32_t)c;
            }
        }
        labels[i] = label;
        dist2[i] = best;
        cluster_weights[label] += pts->w[i];
    }
}

/* Weighted means of the clusters; empty clusters keep their centre. */
static void update_centers(const QiPoints *pts, size_t k, const uint32_t *labels,
                           double *centers, double *sums, double *cluster_weights)
{
    size_t dim = pts->dim;

    memset(sums, 0, k * dim * sizeof(double));
    memset(cluster_weights, 0, k * sizeof(double));
    for (size_t i = 0; i < pts->n; i++) {
        const double *x = pts->x + i * dim;
        double *s = sums + (size_t)labels[i] * dim;
        double w = pts->w[i];

        for (size_t j = 0; j < dim; j++) {
            s[j] += w * x[j];
        }
        cluster_weights[labels[i]] += w;
    }
    for (size_t c = 0; c < k; c++) {
        if (cluster_weights[c] > 0) {
            for (size_t j = 0; j < dim; j++) {
                centers[c * dim + j] = sums[c * dim + j] / cluster_weights[c];
            }
        }
    }
}

gboolean qi_improved_kmeans(const QiPoints *pts, size_t k, double *centers,
                            unsigned max_iters, uint32_t *labels, double *dist2,
                            double *cluster_weights, unsigned *iterations)
{
    g_return_val_if_fail(k > 0, FALSE);

    size_t n = pts->n, dim = pts->dim;
    /* Hamerly's bounds: upper[i] >= distance to its centre, lower[i] <=
     * distance to any other centre; half[c] is half the distance from centre
     * c to the nearest other centre, moved[c] how far c moved last update. */
    double *upper = dist2;               /* reused: distances, not squared */
    double *lower = g_new(double, n);
    double *old = g_new(double, k * dim);
    double *sums = g_new(double, k * dim);
    double *half = g_new(double, k);
    double *moved = g_new(double, k);
    gboolean converged = FALSE;
    unsigned iter = 0;

    while (iter < max_iters) {
        size_t changes = 0;

        if (iter == 0) {
            for (size_t i = 0; i < n; i++) {
                double d1, d2;
                labels[i] = nearest_two(pts->x + i * dim, centers, k, dim, &d1, &d2);
                upper[i] = sqrt(d1);
                lower[i] = d2 == DBL_MAX ? DBL_MAX : sqrt(d2);
            }
        } else {
            for (size_t c = 0; c < k; c++) {
                double m = DBL_MAX;
                for (size_t o = 0; o < k; o++) {
                    if (o != c) {
                        m = MIN(m, dist2_full(centers + c * dim, centers + o * dim, dim));
                    }
                }
                half[c] = m == DBL_MAX ? DBL_MAX : 0.5 * sqrt(m);
            }
            for (size_t i = 0; i < n; i++) {
                uint32_t a = labels[i];
                double bound = MAX(half[a], lower[i]);

                if (upper[i] <= bound) {
                    continue;
                }
                const double *x = pts->x + i * dim;
                upper[i] = sqrt(dist2_full(x, centers + (size_t)a * dim, dim));
                if (upper[i] <= bound) {
                    continue;
                }
                double d1, d2;
                uint32_t b = nearest_two(x, centers, k, dim, &d1, &d2);
                upper[i] = sqrt(d1);
                lower[i] = d2 == DBL_MAX ? DBL_MAX : sqrt(d2);
                if (b != a) {
                    labels[i] = b;
                    changes++;
                }
            }
        }
        iter++;
        if (iter > 1 && changes == 0) {
            converged = TRUE;
            break;
        }

        /* Move the centres, then loosen the bounds by the moves. */
        memcpy(old, centers, k * dim * sizeof(double));
        update_centers(pts, k, labels, centers, sums, cluster_weights);
        size_t far = 0;
        double far1 = 0, far2 = 0;
        for (size_t c = 0; c < k; c++) {
            moved[c] = sqrt(dist2_full(old + c * dim, centers + c * dim, dim));
            if (moved[c] > far1) {
                far2 = far1;
                far1 = moved[c];
                far = c;
            } else if (moved[c] > far2) {
                far2 = moved[c];
            }
        }
        for (size_t i = 0; i < n; i++) {
            upper[i] += moved[labels[i]];
            if (lower[i] != DBL_MAX) {
                lower[i] -= labels[i] == far ? far2 : far1;
            }
        }
    }
    if (iterations) {
        *iterations = iter;
    }

    /* Labels and exact distances for the final centres. */
    qi_improved_assign(pts, k, centers, labels, dist2, cluster_weights);

    g_free(lower);
    g_free(old);
    g_free(sums);
    g_free(half);
    g_free(moved);
    return converged;
}
