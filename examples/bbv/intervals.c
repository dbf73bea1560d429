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

/* Write the current interval's line (it has at least one pair), reset. */
static void write_line(BBVIntervals *iv)
{
    static int warned;
    qsort(iv->used, iv->n_used, sizeof(*iv->used), compare_ids);
    long bytes = 1;
    if (iv->out != NULL) {
        fputc('T', iv->out);
    }
    for (uint32_t i = 0; i < iv->n_used; i++) {
        uint32_t id = iv->used[i];
        if (iv->out != NULL) {
            bytes += fprintf(iv->out, "%s:%" PRIu32 ":%" PRIu64,
                             i == 0 ? "" : " ", id, iv->counts[id]);
        }
        iv->counts[id] = 0;
    }
    if (iv->out != NULL) {
        /* Once per interval: lets a user watch progress, costs nothing. */
        fputc('\n', iv->out);
        fflush(iv->out);
    }
    if (bytes >= LINE_WARN_BYTES && !__atomic_exchange_n(&warned, 1, __ATOMIC_RELAXED)) {
        fprintf(stderr, "bbv: warning: an interval line has %ld bytes; SimPoint 3.2 "
                "rejects lines of 1 MiB (use a smaller interval)\n", bytes);
    }
    iv->n_used = 0;
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
        write_line(iv);
        iv->full++;
        iv->left = iv->interval;
    }
    if (insns > 0) {
        count(iv, id, insns);
    }
}

uint64_t bbv_intervals_finish(BBVIntervals *iv, bool partial)
{
    uint64_t rest = iv->interval - iv->left;
    if (partial && rest > 0) {
        write_line(iv);
    }
    g_free(iv->counts);
    g_free(iv->used);
    iv->counts = NULL;
    iv->used = NULL;
    iv->n_counts = iv->n_used = 0;
    return rest;
}
