/*
 * qi-simpoint: the improved mode's random number generator for k-means starts
 * (SimPoint 3.2's k-means starts, and both modes' projection and sampling,
 * use SimPoint's, ran2.h).
 *
 * SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014): the state advances by the golden-ratio constant
 * and each output is the state passed through a 64-bit finaliser.  It is
 * tiny, fast, passes BigCrush, and lets every consumer derive an independent
 * stream from a few integers (a seed, a k, a run number) so that
 * results never depend on the order in which streams are used -- or on how
 * many threads use them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_IMPROVED_RNG_H
#define QI_SIMPOINT_IMPROVED_RNG_H

#include <stdint.h>

/** A SplitMix64 stream; any value is a valid state. */
typedef struct QiRng {
    uint64_t state;
} QiRng;

/** The SplitMix64 finaliser: a bijective mix of all 64 bits of @x. */
static inline uint64_t qi_rng_mix(uint64_t x)
{
    x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

/**
 * A stream determined by three integers only, e.g. (seed, k, run): each is
 * folded in with a mixing step, so streams for neighbouring arguments are
 * unrelated.
 */
static inline QiRng qi_rng_derive(uint64_t a, uint64_t b, uint64_t c)
{
    const uint64_t gamma = UINT64_C(0x9e3779b97f4a7c15);
    QiRng rng = { qi_rng_mix(a + gamma) };

    rng.state = qi_rng_mix(rng.state ^ (b + 2 * gamma));
    rng.state = qi_rng_mix(rng.state ^ (c + 3 * gamma));
    return rng;
}

/** The next 64 random bits of @rng. */
static inline uint64_t qi_rng_next(QiRng *rng)
{
    rng->state += UINT64_C(0x9e3779b97f4a7c15);
    return qi_rng_mix(rng->state);
}

/** A double uniform in [0, 1), from the top 53 bits of the next output. */
static inline double qi_rng_uniform(QiRng *rng)
{
    return (double)(qi_rng_next(rng) >> 11) * 0x1.0p-53;
}

/** An integer uniform in [0, @n), @n > 0 (Lemire's multiply-shift; the bias is below 2^-32 for n < 2^32). */
static inline uint64_t qi_rng_below(QiRng *rng, uint64_t n)
{
    return (uint64_t)(((unsigned __int128)qi_rng_next(rng) * n) >> 64);
}

#endif /* QI_SIMPOINT_IMPROVED_RNG_H */
