/*
 * qi-simpoint: the Bayesian Information Criterion of a clustering.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "bic.h"

#include <glib.h>
#include <math.h>

/* SimPoint 3.2's value of pi, short of double precision; kept so that
 * scores are the same to the last bit. */
#define SIMPOINT_PI 3.14159265358979

double qi_bic_distortion(const QiPoints *pts, const double *dist2)
{
    double sum = 0, wsum = 0;

    for (size_t i = 0; i < pts->n; i++) {
        sum += pts->w[i] * dist2[i];
        wsum += pts->w[i];
    }
    return sum / (wsum / (double)pts->n);
}

double qi_bic_score(const QiPoints *pts, size_t k, const uint32_t *labels,
                    const double *dist2, const double *cluster_weights,
                    double min_variance)
{
    double r = (double)pts->n, d = (double)pts->dim;
    double total = 0, spread = qi_bic_distortion(pts, dist2);

    for (size_t i = 0; i < pts->n; i++) {
        total += pts->w[i];
    }

    double sigma2 = MAX(spread / (d * r), min_variance);
    if (!(sigma2 > 0)) {
        return INFINITY;
    }

    double loglik = -d * (log(2.0 * SIMPOINT_PI * sigma2) + 1.0) / 2.0 - log(total);
    for (size_t i = 0; i < pts->n; i++) {
        double wc = cluster_weights[labels[i]];
        if (wc > 0) {
            loglik += log(wc) * pts->w[i] / total;
        }
    }
    loglik *= r;

    double params = (double)(k - 1) + (double)k * d + 1.0;
    return loglik - params / 2.0 * log(r);
}

double qi_bic_limit(double lo, double hi, double threshold)
{
    if (threshold <= 0) {
        return lo;
    }
    if (!isfinite(lo) || !isfinite(hi)) {
        return hi;      /* avoids inf - inf and 0 * inf */
    }
    return lo + threshold * (hi - lo);
}

size_t qi_bic_choose(const double *scores, const size_t *ks, size_t count,
                     double threshold)
{
    g_return_val_if_fail(count > 0, 0);

    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < count; i++) {
        if (!isnan(scores[i])) {
            lo = MIN(lo, scores[i]);
            hi = MAX(hi, scores[i]);
        }
    }

    double limit = qi_bic_limit(lo, hi, threshold);

    size_t best = count;
    for (size_t i = 0; i < count; i++) {
        if (scores[i] >= limit && (best == count || ks[i] < ks[best])) {
            best = i;
        }
    }
    return best == count ? 0 : best;
}
