/*
 * Instruction-exact intervals written as SimPoint 3.2 frequency vectors.
 *
 * SPDX-License-Identifier: MIT
 */
#include "intervals.h"

#include <glib.h>
#include <inttypes.h>
#include <stdlib.h>

#include <qemu-instr/count.h>

/* SimPoint 3.2 fails on a line of about 1 MiB; warn a little before. */
#define LINE_WARN_BYTES (1024 * 1024 - 64 * 1024)

bool bbv_parse_interval(const char *text, uint64_t *value)
{
    uint64_t n;
    if (!qi_count_parse(text, &n) || n == 0) {
        return false;
    }
    *value = n;
    return true;
}

void bbv_intervals_init(BBVIntervals *iv, uint64_t interval, FILE *out)
{
    *iv = (BBVIntervals){ .interval = interval, .left = interval, .out = out };
}

static int compare_ids(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Write the held interval's line, if any. */
static void write_held(BBVIntervals *iv)
{
    static int warned;
    if (!iv->holding) {
        return;
    }
    iv->holding = false;
    if (iv->out == NULL) {
        return;
    }
    long bytes = 1;
    fputc('T', iv->out);
    for (uint32_t i = 0; i < iv->n_held; i++) {
        bytes += fprintf(iv->out, "%s:%" PRIu32 ":%" PRIu64, i == 0 ? "" : " ",
                         iv->held_ids[i], iv->held_counts[i]);
    }
    /* Once per interval: lets a user watch progress, costs nothing. */
    fputc('\n', iv->out);
    fflush(iv->out);
    if (bytes >= LINE_WARN_BYTES && !__atomic_exchange_n(&warned, 1, __ATOMIC_RELAXED)) {
        fprintf(stderr, "bbv: warning: an interval line has %ld bytes; SimPoint 3.2 "
                "rejects lines of 1 MiB (use a smaller interval)\n", bytes);
    }
}

/*
 * The current interval is full, its last @part instructions from block
 * @id: write the line held so far, hold this one (pairs in id order) and
 * start an empty interval.
 */
static void hold_line(BBVIntervals *iv, uint32_t id, uint64_t part)
{
    write_held(iv);
    qsort(iv->used, iv->n_used, sizeof(*iv->used), compare_ids);
    iv->held_ids = g_renew(uint32_t, iv->held_ids, iv->n_used);
    iv->held_counts = g_renew(uint64_t, iv->held_counts, iv->n_used);
    for (uint32_t i = 0; i < iv->n_used; i++) {
        iv->held_ids[i] = iv->used[i];
        iv->held_counts[i] = iv->counts[iv->used[i]];
        iv->counts[iv->used[i]] = 0;
    }
    iv->n_held = iv->n_used;
    iv->n_used = 0;
    iv->holding = true;
    iv->held_last_id = id;
    iv->held_last_part = part;
}

/* Count @insns of block @id in the current interval, which they fit. */
static void count(BBVIntervals *iv, uint32_t id, uint64_t insns)
{
    if (id >= iv->n_counts) {
        /* Grown on the owner's thread: ids are dense, so doubling is cheap. */
        uint32_t n = MAX(id + 1, iv->n_counts * 2);
        iv->counts = g_renew(uint64_t, iv->counts, n);
        iv->used = g_renew(uint32_t, iv->used, n);
        for (uint32_t i = iv->n_counts; i < n; i++) {
            iv->counts[i] = 0;
        }
        iv->n_counts = n;
    }
    if (iv->counts[id] == 0) {
        iv->used[iv->n_used++] = id;
    }
    iv->counts[id] += insns;
    iv->left -= insns;
}

void bbv_intervals_add_slow(BBVIntervals *iv, uint32_t id, uint64_t insns)
{
    while (insns >= iv->left) {
        uint64_t part = iv->left;
        count(iv, id, part);
        insns -= part;
        hold_line(iv, id, part);
        iv->full++;
        iv->left = iv->interval;
    }
    if (insns > 0) {
        count(iv, id, insns);
    }
}

/* Take up to @insns of @id out of the current interval; returns how many. */
static uint64_t take(BBVIntervals *iv, uint32_t id, uint64_t insns)
{
    uint64_t taken = MIN(id < iv->n_counts ? iv->counts[id] : 0, insns);
    if (taken == 0) {
        return 0;
    }
    iv->counts[id] -= taken;
    iv->left += taken;
    if (iv->counts[id] == 0) {
        /* Drop @id from the ids in use (unordered: swap in the last one). */
        for (uint32_t i = 0; i < iv->n_used; i++) {
            if (iv->used[i] == id) {
                iv->used[i] = iv->used[--iv->n_used];
                break;
            }
        }
    }
    return taken;
}

uint64_t bbv_intervals_take_back(BBVIntervals *iv, uint32_t id,
                                 uint64_t insns)
{
    uint64_t rest = insns - take(iv, id, insns);
    if (rest > 0 && iv->holding && iv->n_used == 0 &&
        id == iv->held_last_id && rest <= iv->held_last_part) {
        /* The execution ended before the held interval's end: reopen it. */
        for (uint32_t i = 0; i < iv->n_held; i++) {
            count(iv, iv->held_ids[i], iv->held_counts[i]);
        }
        iv->holding = false;
        iv->full--;
        iv->left = 0;
        rest -= take(iv, id, rest);
    }
    return rest;
}

uint64_t bbv_intervals_finish(BBVIntervals *iv, bool partial)
{
    write_held(iv);
    uint64_t rest = iv->interval - iv->left;
    if (partial && rest > 0) {
        hold_line(iv, 0, 0);
        write_held(iv);
    }
    g_free(iv->counts);
    g_free(iv->used);
    g_free(iv->held_ids);
    g_free(iv->held_counts);
    iv->counts = NULL;
    iv->used = NULL;
    iv->held_ids = NULL;
    iv->held_counts = NULL;
    iv->n_counts = iv->n_used = 0;
    return rest;
}
