/*
 * Instruction-exact intervals of a stream of block executions, written as
 * SimPoint 3.2 frequency vectors ("T:id:count :id:count ...\n" lines).
 *
 * Shared by the bbv library, which feeds it executions as they happen, and
 * by qi-bbltrace, which feeds it a recorded trace: one splitting rule, so
 * both write the same bytes.  The rule: every interval holds exactly N
 * instructions; a block whose instructions cross a border counts the part
 * before the border in the old interval and the rest in the new one(s).
 * An interval's line, pairs in increasing id order, is written when the
 * next interval is full (or at the end): held back one interval, so that
 * the block execution that filled it can still be taken back if it was
 * left early (bbv_intervals_take_back()).  One BBVIntervals belongs to one
 * thread (no locks).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef QI_BBV_INTERVALS_H
#define QI_BBV_INTERVALS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/** BBVIntervals: the interval being filled for one instruction stream. */
typedef struct BBVIntervals {
    uint64_t interval; /* N */
    uint64_t left;     /* instructions still missing from this interval */
    uint64_t *counts;  /* id -> instructions in this interval */
    uint32_t n_counts; /* ids below this have a slot in counts */
    uint32_t *used;    /* ids with a non-zero count, unordered */
    uint32_t n_used;
    uint64_t full;     /* full intervals so far (the last one held) */
    FILE *out;         /* NULL: count, write nothing */
    /* The last full interval, not written yet (see above). */
    bool holding;
    uint32_t *held_ids;      /* in increasing order */
    uint64_t *held_counts;
    uint32_t n_held;
    uint32_t held_last_id;   /* the execution that filled it: its block */
    uint64_t held_last_part; /* and its instructions in it */
} BBVIntervals;

/**
 * bbv_parse_interval() - read an interval size.
 * @text: a count as qi_count_parse() reads it (<qemu-instr/count.h>): digits
 *        with an optional K, M or G suffix (x 10^3, 10^6, 10^9).
 * @value: receives the size.
 *
 * Returns false for anything else, for 0 and on overflow.
 */
bool bbv_parse_interval(const char *text, uint64_t *value);

/**
 * bbv_intervals_init() - start the first interval.
 * @iv: state to initialise.
 * @interval: N, at least 1.
 * @out: where lines go (may be NULL); the caller keeps ownership.
 */
void bbv_intervals_init(BBVIntervals *iv, uint64_t interval, FILE *out);

/** bbv_intervals_add_slow() - bbv_intervals_add()'s rare cases. */
void bbv_intervals_add_slow(BBVIntervals *iv, uint32_t id, uint64_t insns);

/**
 * bbv_intervals_add() - account one execution of a block.
 * @id: the block's id, at least 1.
 * @insns: its instruction count.
 *
 * Inline, because it runs at every block execution: the common case (known
 * id, interval not full) is a few instructions.
 */
static inline void bbv_intervals_add(BBVIntervals *iv, uint32_t id,
                                     uint64_t insns)
{
    if (__builtin_expect(id < iv->n_counts && insns < iv->left &&
                         iv->counts[id] != 0, 1)) {
        iv->counts[id] += insns;
        iv->left -= insns;
    } else {
        bbv_intervals_add_slow(iv, id, insns);
    }
}

/**
 * bbv_intervals_take_back() - the last execution of block @id, added in
 * full, retired only @insns fewer instructions (it was left early).
 *
 * Takes them from the interval being filled; when that execution filled
 * the interval before and retired less than it put there, that interval
 * (held back) is reopened.  Returns the instructions it could not take
 * back: 0, unless the execution was not the last one added or filled
 * more than one interval (an interval shorter than a block).
 */
uint64_t bbv_intervals_take_back(BBVIntervals *iv, uint32_t id,
                                 uint64_t insns);

/**
 * bbv_intervals_finish() - end the stream.
 * @partial: also write the final, partial interval (if it has any
 *           instructions) as a line; SimPoint will take it for a full one.
 *
 * Returns the number of instructions in the final partial interval, which
 * were not written unless @partial.  Frees @iv's memory, not @iv->out.
 */
uint64_t bbv_intervals_finish(BBVIntervals *iv, bool partial);

#endif /* QI_BBV_INTERVALS_H */
