/*
 * qi-simpoint: SimPoint 3.2's k-means, reproduced operation for operation.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sp32-kmeans.h"

#include "ran2.h"

#include <float.h>
#include <math.h>
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
            const double *y = qi_dataset_row(centers, c);
            double d = 0;

            /* Abandoning a sum at the best so far changes nothing: the
             * terms are not negative. */
            for (size_t j = 0; j < pts->dim && d < best; j++) {
                d += (x[j] - y[j]) * (x[j] - y[j]);
            }
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
 * Labels are those of SimPoint's exhaustive search, but most distances are
 * not computed: Elkan's bounds ("Using the triangle inequality to accelerate
 * k-means", ICML 2003) prove that a centre is further from a point than the
 * point's own centre.  The bounds are widened by a relative MARGIN, far above
 * the rounding error of a distance (about dim * 2^-53), so that a centre is
 * only ruled out if SimPoint's rounded distance to it is larger too; the
 * others are searched as SimPoint searches them, in centre order.  The
 * centres are then summed in interval order, as SimPoint does, so they are
 * the same to the last bit.  Above MAX_BOUNDS bounds, every point is searched.
 */
#define MARGIN 1e-9
#define MAX_BOUNDS (1u << 24)

/* Bounds of one run (Euclidean distances, not squared). */
typedef struct Bounds {
    size_t k;
    uint32_t *labels;
    double *upper;    /* n: >= distance of each point to its centre */
    double *lower;    /* n x k: <= distance of each point to each centre; or NULL */
    double *half;     /* k x k: <= half the distance between two centres */
    double *nearest;  /* k: <= half the distance to the nearest other centre */
    double *moved;    /* k: >= how far each centre moved in the last step */
    gboolean *check;  /* k: the centres to search for the current point */
} Bounds;

/*
 * SimPoint's search for the nearest centre of point @i among those with
 * @check set (all if @check is NULL), in centre order, the first on ties.
 * Without bounds to keep, a sum is abandoned once it reaches the best so far,
 * which cannot change the result since the terms are not negative; with
 * bounds, full sums make tighter ones.
 */
static void search(const QiPoints *pts, size_t i, const QiDataset *centers,
                   const gboolean *check, Bounds *b)
{
    const double *x = pts->x + i * pts->dim;
    double *lower = b->lower ? b->lower + i * b->k : NULL;
    double best = DBL_MAX;
    uint32_t label = 0;

    for (size_t c = 0; c < b->k; c++) {
        if (check && !check[c]) {
            continue;
        }
        const double *y = qi_dataset_row(centers, c);
        double d = 0;

        for (size_t j = 0; j < pts->dim && (lower || d < best); j++) {
            d += (x[j] - y[j]) * (x[j] - y[j]);
        }
        if (lower) {
            lower[c] = sqrt(d) * (1 - MARGIN);
        }
        if (d < best) {
            best = d;
            label = (uint32_t)c;
        }
    }
    b->labels[i] = label;
    b->upper[i] = sqrt(best) * (1 + MARGIN);
}

/* Mark in b->check the centres that may be nearer to point @i than its
 * centre @a; returns whether there is one. */
static gboolean open_centers(const Bounds *b, size_t i, uint32_t a)
{
    const double *lower = b->lower + i * b->k, *half = b->half + a * b->k;
    double upper = b->upper[i];
    gboolean open = FALSE;

    for (size_t c = 0; c < b->k; c++) {
        b->check[c] = c != a && upper >= lower[c] && upper >= half[c];
        open |= b->check[c];
    }
    return open;
}

/* Labels for the centres @old: exact on the first step, bounded after. */
static void assign(const QiPoints *pts, const QiDataset *old, gboolean first,
                   Bounds *b)
{
    size_t k = b->k;

    if (first || !b->lower) {
        for (size_t i = 0; i < pts->n; i++) {
            search(pts, i, old, NULL, b);
        }
        return;
    }
    for (size_t c = 0; c < k; c++) {
        b->nearest[c] = INFINITY;
        for (size_t o = 0; o < k; o++) {
            double d = qi_sp32_dist2(qi_dataset_row(old, c), qi_dataset_row(old, o),
                                     old->cols);
            b->half[c * k + o] = 0.5 * sqrt(d) * (1 - MARGIN);
            if (o != c) {
                b->nearest[c] = MIN(b->nearest[c], b->half[c * k + o]);
            }
        }
    }
    for (size_t i = 0; i < pts->n; i++) {
        uint32_t a = b->labels[i];

        if (b->upper[i] < b->nearest[a]) {
            continue;
        }
        /* Tighten the upper bound to the exact distance, and look again. */
        double d = qi_sp32_dist2(pts->x + i * pts->dim, qi_dataset_row(old, a),
                                 pts->dim);
        b->upper[i] = sqrt(d) * (1 + MARGIN);
        b->lower[i * k + a] = sqrt(d) * (1 - MARGIN);
        if (b->upper[i] >= b->nearest[a] && open_centers(b, i, a)) {
            b->check[a] = TRUE;
            search(pts, i, old, b->check, b);
        }
    }
}

/* One Lloyd step from @old into @new; empty clusters end at the origin. */
static void step(const QiPoints *pts, const QiDataset *old, QiDataset *new,
                 gboolean first, Bounds *b)
{
    size_t dim = pts->dim;

    assign(pts, old, first, b);
    memset(new->x, 0, new->rows * dim * sizeof(double));
    memset(new->w, 0, new->rows * sizeof(double));
    for (size_t i = 0; i < pts->n; i++) {
        const double *x = pts->x + i * dim;
        uint32_t label = b->labels[i];
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

/* Loosen the bounds by how far each centre moved from @old to @new. */
static void loosen(const QiPoints *pts, const QiDataset *old,
                   const QiDataset *new, Bounds *b)
{
    if (!b->lower) {
        return;
    }
    for (size_t c = 0; c < b->k; c++) {
        double m = qi_sp32_dist2(qi_dataset_row(old, c), qi_dataset_row(new, c),
                                 old->cols);
        b->moved[c] = sqrt(m) * (1 + MARGIN);
    }
    for (size_t i = 0; i < pts->n; i++) {
        double *lower = b->lower + i * b->k;

        b->upper[i] = (b->upper[i] + b->moved[b->labels[i]]) * (1 + MARGIN);
        for (size_t c = 0; c < b->k; c++) {
            lower[c] = (lower[c] - b->moved[c]) * (1 - MARGIN);
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

/* SimPoint's weights of the initial centres @start from the first step's
 * cluster weights in @first. */
static void weigh_start(const QiDataset *first, QiDataset *start, double *out)
{
    double total = 0;

    for (size_t c = 0; c < first->rows; c++) {
        total += first->w[c];
    }
    for (size_t c = 0; c < first->rows; c++) {
        start->w[c] = out[c] = first->w[c] / total;
    }
}

unsigned qi_sp32_kmeans(const QiPoints *pts, QiDataset *centers,
                        unsigned max_iters, QiSp32Trace *trace)
{
    QiDataset *spare = qi_dataset_copy(centers);
    QiDataset *new = spare, *old = centers;
    size_t k = centers->rows;
    gboolean bounded = pts->n <= MAX_BOUNDS / MAX(k, 1);
    Bounds b = {
        .k = k,
        .labels = g_new(uint32_t, pts->n),
        .upper = g_new(double, pts->n),
        .lower = bounded ? g_new(double, pts->n * k) : NULL,
        .half = g_new(double, k * k),
        .nearest = g_new(double, k),
        .moved = g_new(double, k),
        .check = g_new(gboolean, k),
    };
    unsigned iter;

    for (iter = 0; iter < max_iters; iter++) {
        step(pts, old, new, iter == 0, &b);
        if (iter == 0 && trace && trace->weigh_start) {
            weigh_start(new, old, trace->start_weights);
        }
        if (same_centers(new, old)) {
            break;
        }
        loosen(pts, old, new, &b);
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
    if (trace) {
        trace->converged = iter < max_iters;
        memcpy(trace->labels, b.labels, pts->n * sizeof(uint32_t));
    }
    g_free(b.labels);
    g_free(b.upper);
    g_free(b.lower);
    g_free(b.half);
    g_free(b.nearest);
    g_free(b.moved);
    g_free(b.check);
    return iter;
}
