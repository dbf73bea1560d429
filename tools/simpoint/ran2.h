/*
 * qi-simpoint: SimPoint 3.2's random number generator.
 *
 * It is "ran2" of Numerical Recipes in C (2nd ed., section 7.1): two
 * multiplicative congruential generators (L'Ecuyer's combination, moduli
 * 2147483563 and 2147483399) with a 32-entry Bays-Durham shuffle table.
 * Outputs are floats in (0, 1), rounded from a double, as in SimPoint, whose
 * projection matrices, k-means starts and samples all come from it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_RAN2_H
#define QI_SIMPOINT_RAN2_H

#include <stdint.h>

/** Size of the shuffle table. */
#define QI_RAN2_TABLE 32

/** The generator's state. */
typedef struct QiRan2 {
    int64_t state;                 /* first generator; <= 0 until seeded */
    int64_t state2;                /* second generator */
    int64_t last;                  /* the previous output, picks a table slot */
    int64_t table[QI_RAN2_TABLE];
} QiRan2;

/**
 * Start @r from @seed as SimPoint does: any seed above 1 is negated, and the
 * first draw turns a seed <= 0 into its absolute value (0 into 1) and fills
 * the table.  Seed 1 skips that initialisation in SimPoint, whose output then
 * depends on uninitialised memory; here the table is zero in that case.
 */
void qi_ran2_init(QiRan2 *r, int64_t seed);

/** The next output: a float in (0, 1 - 1.2e-7]. */
float qi_ran2_float(QiRan2 *r);

/** Advance @r by @n draws, as @n calls of qi_ran2_float() would. */
void qi_ran2_skip(QiRan2 *r, uint64_t n);

/**
 * SimPoint's random integer: the next float times INT_MAX, multiplied in
 * float precision (so it is a multiple of 2^7 above 2^30) and truncated.
 */
int32_t qi_ran2_int(QiRan2 *r);

#endif /* QI_SIMPOINT_RAN2_H */
