/*
 * qi-simpoint: SimPoint 3.2's random number generator (ran2).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "ran2.h"

#include <string.h>

enum {
    M1 = 2147483563, M2 = 2147483399,   /* moduli */
    A1 = 40014, A2 = 40692,             /* multipliers */
    Q1 = 53668, Q2 = 52774,             /* M / A, for Schrage's method */
    R1 = 12211, R2 = 3791,              /* M % A */
    WARMUP = 8,                         /* draws discarded before the table */
};

/* Slots of the table per value of the first generator's range. */
#define DIVISOR (1 + (M1 - 1) / QI_RAN2_TABLE)

/* x = a x mod m without overflow (Schrage). */
static inline int64_t lcg(int64_t x, int64_t a, int64_t q, int64_t rem, int64_t m)
{
    int64_t h = x / q;

    x = a * (x - h * q) - h * rem;
    return x < 0 ? x + m : x;
}

void qi_ran2_init(QiRan2 *r, int64_t seed)
{
    memset(r, 0, sizeof(*r));
    r->state = seed > 1 ? -seed : seed;
    r->state2 = 123456789;
}

/* Fill the table on the first draw after qi_ran2_init(). */
static void seed_table(QiRan2 *r)
{
    if (r->state <= 0) {
        r->state = r->state == 0 ? 1 : -r->state;
        r->state2 = r->state;
        for (int j = QI_RAN2_TABLE + WARMUP - 1; j >= 0; j--) {
            r->state = lcg(r->state, A1, Q1, R1, M1);
            if (j < QI_RAN2_TABLE) {
                r->table[j] = r->state;
            }
        }
        r->last = r->table[0];
    }
}

/* One step of both generators and the shuffle; r->last is the output. */
static inline void step(QiRan2 *r)
{
    r->state = lcg(r->state, A1, Q1, R1, M1);
    r->state2 = lcg(r->state2, A2, Q2, R2, M2);

    int64_t j = r->last / DIVISOR;
    r->last = r->table[j] - r->state2;
    r->table[j] = r->state;
    if (r->last < 1) {
        r->last += M1 - 1;
    }
}

void qi_ran2_skip(QiRan2 *r, uint64_t n)
{
    seed_table(r);
    for (uint64_t i = 0; i < n; i++) {
        step(r);
    }
}

float qi_ran2_float(QiRan2 *r)
{
    seed_table(r);
    step(r);
    /* The product is rounded to float, then compared in double. */
    float f = (float)((1.0 / M1) * (double)r->last);
    const double max = 1.0 - 1.2e-7;
    return (double)f > max ? (float)max : f;
}

int32_t qi_ran2_int(QiRan2 *r)
{
    float f = qi_ran2_float(r) * 2147483648.0f;   /* (float)INT_MAX */
    return (int32_t)f;
}
