/*
 * qi-bbltrace: read a BBL trace written by the bbv library's trace= option
 * (format: bbltrace-format.h, docs/bbltrace.md).
 *
 *   qi-bbltrace [--stats] TRACE               blocks, executions, instructions
 *   qi-bbltrace --text TRACE                  dictionary and executions as text
 *   qi-bbltrace --bb=PREFIX --interval=N [--partial] TRACE
 *                                             PREFIX.<vcpu>.bb, byte for byte
 *                                             what bbv out=PREFIX writes
 *
 * The .bb files come from the same interval code as the library's
 * (examples/bbv/intervals.c).  A malformed trace, or one cut inside its
 * header, is an error naming the file and the byte offset (exit status 1).
 * A trace cut anywhere after the header (QEMU killed: no END record, or a
 * last record cut in the middle) is decoded up to its last complete record,
 * then one line on standard error says where it was cut (exit status 3).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <glib.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bbltrace-format.h"
#include "common/wstream.h"
#include "examples/bbv/intervals.h"

/* Sanity bounds against corrupt files (the writer stays far below). */
#define MAX_VCPU 65535u
#define MAX_CHUNK (1u << 24)

/* Exit status of a trace decoded up to a cut (docs/bbltrace.md). */
#define EXIT_CUT 3

typedef struct Reader {
    FILE *f;
    const char *path;
    uint64_t offset;    /* of the next byte */
    uint64_t record_at; /* where the record being read starts */
    uint64_t n_records; /* complete records read, END excluded */
    bool cut;           /* the file ended before the END record did */
} Reader;

/* What is known of one vCPU. */
typedef struct VCPUStats {
    uint64_t execs, insns;
    BBVIntervals iv; /* with --bb */
} VCPUStats;

static gboolean opt_stats, opt_text, opt_partial;
static char *opt_bb, *opt_interval;

static G_NORETURN G_GNUC_PRINTF(2, 3) void die(const Reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_printerr("qi-bbltrace: %s: %s\n", r->path, msg);
    exit(1);
}

/*
 * Read @n bytes; false if the file ends first, which marks the trace cut
 * (@r->offset is then the file's size).  A read error is fatal.
 */
static bool read_exact(Reader *r, void *buf, size_t n)
{
    size_t got = fread(buf, 1, n, r->f);
    if (got != n && ferror(r->f)) {
        die(r, "read error at byte %" PRIu64 " (%s)", r->offset + got,
            g_strerror(errno));
    }
    r->offset += got;
    r->cut = got != n;
    return !r->cut;
}

/* Field @i (0, 1, ...) of the 32-bit words in @buf. */
static uint32_t word(const uint8_t *buf, unsigned i)
{
    uint32_t v;
    memcpy(&v, buf + 4 * i, sizeof(v));
    return v;
}

static uint64_t dword(const uint8_t *buf, unsigned i)
{
    uint64_t v;
    memcpy(&v, buf + 4 * i, sizeof(v));
    return v;
}

/* A header cut short is an error: without it, nothing says this is a trace. */
static void read_header(Reader *r)
{
    uint8_t h[BBLT_MAGIC_LEN + 8];
    if (!read_exact(r, h, BBLT_MAGIC_LEN)) {
        die(r, "truncated at byte 0 (in the header)");
    }
    if (memcmp(h, BBLT_MAGIC, BBLT_MAGIC_LEN) != 0) {
        die(r, "not a BBL trace (bad magic)");
    }
    if (!read_exact(r, h + BBLT_MAGIC_LEN, 8)) {
        die(r, "truncated at byte %d (in the header)", BBLT_MAGIC_LEN);
    }
    uint32_t version = word(h, 2);
    if (version != BBLT_VERSION) {
        die(r, "trace format version %" PRIu32 ", this reader knows %u",
            version, BBLT_VERSION);
    }
}

/*
 * A BLOCK record (its type read): its instruction count in @n_insns_out;
 * false if the file ends inside it (then nothing of it is used).
 */
static bool read_block(Reader *r, uint32_t expected_id, uint32_t *n_insns_out)
{
    uint64_t at = r->record_at;
    uint8_t f[20];
    if (!read_exact(r, f, sizeof(f))) {
        return false;
    }
    uint32_t id = word(f, 0);
    uint64_t vaddr = dword(f, 1);
    uint32_t n_insns = word(f, 3);
    uint32_t n_bytes = word(f, 4);
    if (id != expected_id || n_insns == 0 || n_bytes > MAX_CHUNK) {
        die(r, "bad BLOCK record at byte %" PRIu64 " (id %" PRIu32
            ", expected %" PRIu32 "; %" PRIu32 " instructions, %" PRIu32 " bytes)",
            at, id, expected_id, n_insns, n_bytes);
    }
    guint8 *code = g_malloc(n_bytes);
    if (!read_exact(r, code, n_bytes)) {
        g_free(code);
        return false;
    }
    if (opt_text) {
        printf("block %" PRIu32 " 0x%" PRIx64 " %" PRIu32 " ", id, vaddr, n_insns);
        for (uint32_t i = 0; i < n_bytes; i++) {
            printf("%02x", code[i]);
        }
        putchar('\n');
    }
    g_free(code);
    *n_insns_out = n_insns;
    return true;
}

static VCPUStats *vcpu_stats(GPtrArray *vcpus, uint32_t vcpu, uint64_t interval)
{
    if (vcpu >= vcpus->len) {
        g_ptr_array_set_size(vcpus, vcpu + 1);
    }
    VCPUStats *s = g_ptr_array_index(vcpus, vcpu);
    if (s == NULL) {
        s = g_new0(VCPUStats, 1);
        FILE *out = NULL;
        if (opt_bb != NULL) {
            char *path = g_strdup_printf("%s.%" PRIu32 ".bb", opt_bb, vcpu);
            if ((out = wstream_fopen(path)) == NULL) {
                g_printerr("qi-bbltrace: cannot write %s: %s\n", path,
                           g_strerror(errno));
                exit(1);
            }
            g_free(path);
        }
        bbv_intervals_init(&s->iv, interval, out);
        g_ptr_array_index(vcpus, vcpu) = s;
    }
    return s;
}

/*
 * An EXEC record (its type read): adds its number of executions to
 * @n_execs; false if the file ends inside it.  The record is read whole
 * before any of it is used, so a cut one adds nothing.
 */
static bool read_exec(Reader *r, const GArray *insns, GPtrArray *vcpus,
                      uint64_t interval, uint64_t *n_execs)
{
    uint64_t at = r->record_at;
    uint8_t f[8];
    if (!read_exact(r, f, sizeof(f))) {
        return false;
    }
    uint32_t vcpu = word(f, 0);
    uint32_t count = word(f, 1);
    if (vcpu > MAX_VCPU || count > MAX_CHUNK) {
        die(r, "bad EXEC record at byte %" PRIu64 " (vcpu %" PRIu32 ", %" PRIu32
            " executions)", at, vcpu, count);
    }
    uint32_t *ids = g_new(uint32_t, count);
    if (!read_exact(r, ids, count * sizeof(*ids))) {
        g_free(ids);
        return false;
    }
    VCPUStats *s = vcpu_stats(vcpus, vcpu, interval);
    for (uint32_t i = 0; i < count; i++) {
        uint32_t id = ids[i];
        if (id == 0 || id > insns->len) {
            die(r, "EXEC record at byte %" PRIu64 " names block %" PRIu32
                ", which no earlier BLOCK record defines", at, id);
        }
        uint32_t n = g_array_index(insns, uint32_t, id - 1);
        s->execs++;
        s->insns += n;
        if (opt_bb != NULL) {
            bbv_intervals_add(&s->iv, id, n);
        }
        if (opt_text) {
            printf("exec %" PRIu32 " %" PRIu32 "\n", vcpu, id);
        }
    }
    g_free(ids);
    *n_execs += count;
    return true;
}

/*
 * The records up to END's type; true if that was read, false if the file
 * ends first.  Block instruction counts land in @insns.
 */
static bool read_records(Reader *r, GArray *insns, GPtrArray *vcpus,
                         uint64_t interval, uint64_t *n_execs)
{
    for (;;) {
        uint32_t type;
        r->record_at = r->offset;
        if (!read_exact(r, &type, sizeof(type))) {
            return false;
        }
        if (type == BBLT_BLOCK) {
            uint32_t n;
            if (!read_block(r, insns->len + 1, &n)) {
                return false;
            }
            g_array_append_val(insns, n);
        } else if (type == BBLT_EXEC) {
            if (!read_exec(r, insns, vcpus, interval, n_execs)) {
                return false;
            }
        } else if (type == BBLT_END) {
            return true;
        } else {
            die(r, "unknown record type %" PRIu32 " at byte %" PRIu64, type,
                r->record_at);
        }
        r->n_records++;
    }
}

/* Read the whole trace; per-vCPU results land in @vcpus. */
static uint32_t read_trace(Reader *r, GPtrArray *vcpus, uint64_t interval)
{
    GArray *insns = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    uint64_t n_execs = 0;
    uint8_t end[12];
    read_header(r);
    /*
     * A killed QEMU leaves whatever its stdio buffers had written: no END
     * record, perhaps a record cut anywhere.  The complete records before
     * the cut are good data, so they are used; main() reports the cut.
     */
    if (read_records(r, insns, vcpus, interval, &n_execs) &&
        read_exact(r, end, sizeof(end))) {
        /* Only a complete END can be checked against what precedes it. */
        uint32_t end_blocks = word(end, 0);
        uint64_t end_execs = dword(end, 1);
        if (end_blocks != insns->len || end_execs != n_execs) {
            die(r, "END record says %" PRIu32 " blocks and %" PRIu64
                " executions, the trace holds %u and %" PRIu64, end_blocks,
                end_execs, insns->len, n_execs);
        }
        if (fgetc(r->f) != EOF) {
            die(r, "data after the END record at byte %" PRIu64, r->offset);
        }
    }
    uint32_t n_blocks = insns->len;
    g_array_free(insns, TRUE);
    return n_blocks;
}

static void report(GPtrArray *vcpus, uint32_t n_blocks)
{
    uint64_t execs = 0, insns = 0;
    printf("blocks %" PRIu32 "\n", n_blocks);
    for (guint i = 0; i < vcpus->len; i++) {
        const VCPUStats *s = g_ptr_array_index(vcpus, i);
        if (s != NULL) {
            printf("vcpu %u: executions %" PRIu64 " instructions %" PRIu64 "\n",
                   i, s->execs, s->insns);
            execs += s->execs;
            insns += s->insns;
        }
    }
    printf("total: executions %" PRIu64 " instructions %" PRIu64 "\n", execs, insns);
}

/* Finish the .bb files, saying what the last partial intervals held. */
static void finish_bb(GPtrArray *vcpus)
{
    for (guint i = 0; i < vcpus->len; i++) {
        VCPUStats *s = g_ptr_array_index(vcpus, i);
        if (s == NULL) {
            continue;
        }
        uint64_t rest = bbv_intervals_finish(&s->iv, opt_partial);
        printf("vcpu %u: %" PRIu64 " full intervals, %" PRIu64 " instructions "
               "in the last, partial interval (%s)\n", i, s->iv.full, rest,
               opt_partial ? "written" : "not written");
        if (fclose(s->iv.out) != 0) {
            g_printerr("qi-bbltrace: cannot write %s.%u.bb: %s\n", opt_bb, i,
                       g_strerror(errno));
            exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    static GOptionEntry entries[] = {
        { "stats", 0, 0, G_OPTION_ARG_NONE, &opt_stats,
          "Print blocks, executions and instructions per vCPU (default)", NULL },
        { "text", 0, 0, G_OPTION_ARG_NONE, &opt_text,
          "Print the dictionary and the executions as text", NULL },
        { "bb", 0, 0, G_OPTION_ARG_STRING, &opt_bb,
          "Write PREFIX.<vcpu>.bb (needs --interval)", "PREFIX" },
        { "interval", 0, 0, G_OPTION_ARG_STRING, &opt_interval,
          "Interval size for --bb (K, M, G suffixes)", "N" },
        { "partial", 0, 0, G_OPTION_ARG_NONE, &opt_partial,
          "With --bb, also write the last, partial interval", NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GError *error = NULL;
    GOptionContext *ctx = g_option_context_new("TRACE");
    g_option_context_set_summary(ctx, "Read a BBL trace written by the bbv "
                                 "library (trace=PATH).");
    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        g_printerr("qi-bbltrace: %s\n", error->message);
        return 1;
    }
    g_option_context_free(ctx);
    uint64_t interval = 1;
    if (argc != 2) {
        g_printerr("qi-bbltrace: expected one TRACE file (see --help)\n");
        return 1;
    }
    if ((opt_bb != NULL) != (opt_interval != NULL)) {
        g_printerr("qi-bbltrace: --bb and --interval go together\n");
        return 1;
    }
    if (opt_interval != NULL && !bbv_parse_interval(opt_interval, &interval)) {
        g_printerr("qi-bbltrace: bad --interval '%s' (expected a positive "
                   "number, optionally with a K, M or G suffix)\n", opt_interval);
        return 1;
    }
    /* A full disk is reported as such (wstream.h), even after the fact. */
    if ((stdout = wstream_fdopen(STDOUT_FILENO)) == NULL) {
        g_printerr("qi-bbltrace: standard output: %s\n", g_strerror(errno));
        return 1;
    }
    Reader r = { .f = fopen(argv[1], "rb"), .path = argv[1] };
    if (r.f == NULL) {
        g_printerr("qi-bbltrace: cannot read %s: %s\n", argv[1], g_strerror(errno));
        return 1;
    }
    GPtrArray *vcpus = g_ptr_array_new_with_free_func(g_free);
    uint32_t n_blocks = read_trace(&r, vcpus, interval);
    fclose(r.f);
    if (opt_bb != NULL) {
        finish_bb(vcpus);
    }
    if (opt_stats || (!opt_text && opt_bb == NULL)) {
        report(vcpus, n_blocks);
    }
    g_ptr_array_free(vcpus, TRUE);
    if (fclose(stdout) != 0) {
        g_printerr("qi-bbltrace: standard output: %s\n", g_strerror(errno));
        return 1;
    }
    if (r.cut) {
        /* After the output, so that it reads as a note on all of it. */
        if (r.offset == r.record_at) {
            g_printerr("qi-bbltrace: %s: cut short at byte %" PRIu64 " (no END "
                       "record after %" PRIu64 " complete records)\n",
                       r.path, r.offset, r.n_records);
        } else {
            g_printerr("qi-bbltrace: %s: cut short at byte %" PRIu64 " (in "
                       "record %" PRIu64 ", from byte %" PRIu64 "): the "
                       "incomplete record is ignored\n", r.path, r.offset,
                       r.n_records + 1, r.record_at);
        }
        return EXIT_CUT;
    }
    return 0;
}
