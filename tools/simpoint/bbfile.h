/*
 * qi-simpoint: reader of SimPoint 3.2 frequency-vector (.bb) files.
 *
 * Format: every line whose first byte is 'T' is one interval, made of
 * ":<id>:<count>" pairs, usually separated by white space (ids from 1, counts are
 * non-negative numbers).  The i-th 'T' line (from 0) is interval i.  All
 * other lines are ignored.  Files may be gzip-compressed.
 *
 * The reader is strict where SimPoint 3.2 is silent: malformed pairs, id 0,
 * a 'T' line without pairs (SimPoint stops reading there and drops every
 * later interval), a repeated id within a line, an all-zero interval (its
 * normalisation would divide by zero) and a file without intervals are all
 * errors naming the file and line.  Input that this reader accepts but
 * SimPoint 3.2 would drop or reject (a last line without a newline, a line of
 * 1 MiB or more) produces a warning instead.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_BBFILE_H
#define QI_SIMPOINT_BBFILE_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

/** The error domain of qi_bb_read(); every error uses code 0. */
#define QI_BB_ERROR (qi_bb_error_quark())

/** The largest block id accepted (SimPoint 3.2 reads ids as int). */
#define QI_BB_MAX_ID 0x7fffffffu

/** Length from which SimPoint 3.2 rejects a line (its fgets buffer). */
#define QI_BB_SIMPOINT_MAX_LINE (1024 * 1024 - 1)

/**
 * A frequency-vector file as sparse vectors (compressed rows): the pairs of
 * interval i are ids[offsets[i] .. offsets[i+1]) and counts[same], in file
 * order; totals[i] is the sum of its counts and lines[i] its line number.
 * Memory follows the ids that occur, not the largest one: the n_used
 * distinct ids are used[0..n_used) in increasing order, and columns[p] is
 * the place of ids[p] in used (the pair's dense column).
 */
typedef struct QiBBFile {
    char *path;           /* as given to qi_bb_read() */
    size_t n_intervals;   /* number of 'T' lines, >= 1 */
    uint32_t n_dims;      /* the largest block id */
    size_t n_pairs;       /* total number of pairs */
    size_t *offsets;      /* n_intervals + 1 entries */
    uint32_t *ids;        /* n_pairs block ids, 1-based */
    size_t n_used;        /* number of distinct block ids */
    uint32_t *used;       /* n_used distinct ids, increasing */
    uint32_t *columns;    /* n_pairs places in used */
    double *counts;       /* n_pairs counts, >= 0 */
    double *totals;       /* n_intervals sums, > 0 */
    size_t *lines;        /* n_intervals 1-based line numbers */
    GPtrArray *warnings;  /* char *: "path:line: text" */
} QiBBFile;

/** The quark of QI_BB_ERROR. */
GQuark qi_bb_error_quark(void);

/**
 * Read the frequency-vector file @path (plain or gzip; "-" reads standard
 * input).  Returns NULL and sets @error ("path:line: what is wrong", or
 * "path: what is wrong" for file-level problems) on failure.
 */
QiBBFile *qi_bb_read(const char *path, GError **error);

/** Free @bb and everything it holds; NULL is allowed. */
void qi_bb_free(QiBBFile *bb);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QiBBFile, qi_bb_free)

#endif /* QI_SIMPOINT_BBFILE_H */
