/*
 * qi-memtrace: read a binary trace written by the memtrace example.
 *
 *     qi-memtrace FILE            every record, as memtrace format=text
 *     qi-memtrace --stats FILE    loads and stores, in total and per size
 *
 * --stats prints "loads N", "stores N", then "load-size BYTES N" and
 * "store-size BYTES N" for each size seen, smallest first.  A file that is
 * not a version-1 trace is an error: one line on standard error, exit
 * status 1 (records before the damage are printed first).  A file that ends
 * inside a record (QEMU was killed while writing it) is decoded up to its
 * last complete record, as if it ended there, then one line on standard
 * error says where it was cut; exit status 3.  The format is in
 * memtrace-format.h.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/wstream.h"
#include "memtrace-format.h"

/* Exit status of a file decoded up to a cut (docs/memtrace.md). */
#define EXIT_CUT 3

/* Access counts: [store][size_shift]. */
typedef uint64_t Stats[2][MT_MAX_SIZE_SHIFT + 1];

/* Prints "qi-memtrace: PATH: MESSAGE" on standard error; returns 1. */
__attribute__((format(printf, 2, 3)))
static int error(const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "qi-memtrace: %s: ", path);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 1;
}

static int check_header(FILE *in, const char *path)
{
    uint8_t h[MT_HEADER_SIZE];
    size_t got = fread(h, 1, sizeof(h), in);
    if (got >= MT_MAGIC_SIZE && memcmp(h, MT_MAGIC, MT_MAGIC_SIZE) != 0) {
        return error(path, "not a memtrace file (bad magic)");
    }
    if (got < sizeof(h)) {
        return error(path, "truncated header (%zu of %d bytes)", got,
                     MT_HEADER_SIZE);
    }
    uint64_t version = mt_get_le(h + 8, 4);
    if (version != MT_VERSION) {
        return error(path, "unsupported version %" PRIu64 " (expected %d)",
                     version, MT_VERSION);
    }
    uint64_t size = mt_get_le(h + 12, 4);
    if (size != MT_RECORD_SIZE) {
        return error(path, "bad record size %" PRIu64 " (expected %d)",
                     size, MT_RECORD_SIZE);
    }
    return 0;
}

static void print_stats(const Stats stats)
{
    for (int store = 0; store < 2; store++) {
        uint64_t total = 0;
        for (int s = 0; s <= MT_MAX_SIZE_SHIFT; s++) {
            total += stats[store][s];
        }
        printf("%s %" PRIu64 "\n", store ? "stores" : "loads", total);
    }
    for (int store = 0; store < 2; store++) {
        for (int s = 0; s <= MT_MAX_SIZE_SHIFT; s++) {
            if (stats[store][s] != 0) {
                printf("%s-size %d %" PRIu64 "\n", store ? "store" : "load",
                       1 << s, stats[store][s]);
            }
        }
    }
}

/* Prints or counts every record of @in; returns the exit status. */
static int decode(FILE *in, const char *path, bool stats_only)
{
    Stats stats = { { 0 } };
    uint8_t buf[MT_RECORD_SIZE];
    uint64_t n = 0;
    size_t got;
    if (check_header(in, path) != 0) {
        return 1;
    }
    while ((got = fread(buf, 1, sizeof(buf), in)) == sizeof(buf)) {
        MTRecord r = mt_decode(buf);
        if (r.size_shift > MT_MAX_SIZE_SHIFT) {
            return error(path, "record %" PRIu64 ": bad size_shift %u",
                         n + 1, r.size_shift);
        }
        if (stats_only) {
            stats[r.flags & MT_STORE][r.size_shift]++;
        } else {
            mt_print(stdout, &r);
        }
        n++;
    }
    if (ferror(in)) {
        return error(path, "%s (after %" PRIu64 " records)",
                     strerror(errno), n);
    }
    if (stats_only) {
        print_stats(stats);
    }
    if (got != 0) {
        /*
         * A killed writer leaves whole stdio buffers, which need not end on
         * a record boundary: the complete records are good data, so they
         * are reported like a complete file's and the cut is one line after.
         */
        uint64_t at = MT_HEADER_SIZE + n * MT_RECORD_SIZE;
        fflush(stdout);
        error(path, "cut short at byte %" PRIu64 " (in record %" PRIu64
              ", from byte %" PRIu64 "): the incomplete record is ignored",
              at + got, n + 1, at);
        return EXIT_CUT;
    }
    return 0;
}

int main(int argc, char **argv)
{
    bool stats_only = argc == 3 && strcmp(argv[1], "--stats") == 0;
    if (argc != 2 + stats_only || argv[argc - 1][0] == '-') {
        fprintf(stderr, "usage: qi-memtrace [--stats] FILE\n");
        return 1;
    }
    /* A full disk is reported as such (wstream.h), even after the fact. */
    if ((stdout = wstream_fdopen(STDOUT_FILENO)) == NULL) {
        return error("standard output", "%s", strerror(errno));
    }
    const char *path = argv[argc - 1];
    FILE *in = fopen(path, "rb");
    if (in == NULL) {
        return error(path, "%s", strerror(errno));
    }
    int status = decode(in, path, stats_only);
    fclose(in);
    if (fclose(stdout) != 0) {
        return error("standard output", "%s", strerror(errno));
    }
    return status;
}
