/*
 * qi-champsim: read a ChampSim trace (champsim-format.h, docs/champsim.md),
 * xz, gzip or raw as its first bytes say, and tell what ChampSim will make
 * of it.
 *
 *   qi-champsim [--stats] TRACE     instructions, loads, stores, branches
 *                                   per kind as ChampSim classifies them,
 *                                   taken counts, misclassified records
 *   qi-champsim --text [--head=N] TRACE
 *                                   the records (the first N) as text
 *
 * Byte offsets are those of the decompressed trace.  A bad record (ip 0,
 * is_branch or branch_taken other than 0 or 1) or corrupt compressed data
 * is an error naming the file and the byte (exit status 1).  A trace cut
 * short (QEMU killed: compressed data without its end, or a last record
 * cut in the middle) is decoded up to its last complete record, then one
 * line on standard error says where it was cut (exit status 3).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "champsim-format.h"
#include "common/wstream.h"
#include "trace-input.h"

/* Exit status of a trace decoded up to a cut (docs/champsim.md). */
#define EXIT_CUT 3

/* Records read from the decompressor at once. */
#define CHUNK_RECORDS 4096

typedef struct Stats {
    uint64_t records, loads, stores;
    uint64_t kinds[CHAMPSIM_N_KINDS], taken[CHAMPSIM_N_KINDS];
    uint64_t flagged_not_branch; /* is_branch, but no branch by the rules */
    uint64_t branch_not_flagged; /* a branch by the rules, is_branch 0 */
} Stats;

static gboolean opt_stats;
static gboolean opt_text;
static gint64 opt_head = -1; /* all */

static G_NORETURN G_GNUC_PRINTF(2, 3) void die(const char *path,
                                               const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    fflush(stdout);
    g_printerr("qi-champsim: %s: %s\n", path, msg);
    exit(1);
}

/* Prints the non-zero entries of @regs (@n), comma-separated, or "-". */
static void print_list(const char *name, const uint64_t *v, int n, bool hex)
{
    printf(" %s=", name);
    bool any = false;
    for (int i = 0; i < n; i++) {
        if (v[i] != 0) {
            printf(hex ? "%s0x%" PRIx64 : "%s%" PRIu64, any ? "," : "", v[i]);
            any = true;
        }
    }
    if (!any) {
        putchar('-');
    }
}

/*
 * One record as text:
 *   IP KIND is_branch=B taken=T dst=R,R src=R,... store=A,A load=A,...
 */
static void print_record(const ChampsimRecord *r, ChampsimKind kind)
{
    uint64_t regs[CHAMPSIM_SRC_REGS];
    printf("0x%" PRIx64 " %s is_branch=%u taken=%u", r->ip,
           champsim_kind_name(kind), r->is_branch, r->branch_taken);
    for (int i = 0; i < CHAMPSIM_DST_REGS; i++) {
        regs[i] = r->dst_regs[i];
    }
    print_list("dst", regs, CHAMPSIM_DST_REGS, false);
    for (int i = 0; i < CHAMPSIM_SRC_REGS; i++) {
        regs[i] = r->src_regs[i];
    }
    print_list("src", regs, CHAMPSIM_SRC_REGS, false);
    print_list("store", r->dst_mem, CHAMPSIM_DST_MEMS, true);
    print_list("load", r->src_mem, CHAMPSIM_SRC_MEMS, true);
    putchar('\n');
}

/* Checks and accounts record @index, at byte @at; prints it with --text. */
static void record(const char *path, const uint8_t *buf, uint64_t index,
                   Stats *s)
{
    uint64_t at = index * CHAMPSIM_RECORD_SIZE;
    ChampsimRecord r = champsim_decode(buf);
    if (r.ip == 0) {
        die(path, "bad record %" PRIu64 " at byte %" PRIu64 ": ip is 0",
            index + 1, at);
    }
    if (r.is_branch > 1 || r.branch_taken > 1) {
        die(path, "bad record %" PRIu64 " at byte %" PRIu64 ": %s is %u "
            "(expected 0 or 1)", index + 1, at,
            r.is_branch > 1 ? "is_branch" : "branch_taken",
            r.is_branch > 1 ? r.is_branch : r.branch_taken);
    }
    ChampsimKind kind = champsim_classify(&r);
    s->records++;
    s->kinds[kind]++;
    s->taken[kind] += kind != CHAMPSIM_NOT_BRANCH && r.branch_taken;
    s->flagged_not_branch += r.is_branch && kind == CHAMPSIM_NOT_BRANCH;
    s->branch_not_flagged += !r.is_branch && kind != CHAMPSIM_NOT_BRANCH;
    for (int i = 0; i < CHAMPSIM_DST_MEMS; i++) {
        s->stores += r.dst_mem[i] != 0;
    }
    for (int i = 0; i < CHAMPSIM_SRC_MEMS; i++) {
        s->loads += r.src_mem[i] != 0;
    }
    if (opt_text && (opt_head < 0 || (int64_t)index < opt_head)) {
        print_record(&r, kind);
    }
}

static void report(const TraceInput *in, const Stats *s)
{
    uint64_t branches = 0, taken = 0;
    for (int k = CHAMPSIM_DIRECT_JUMP; k < CHAMPSIM_N_KINDS; k++) {
        branches += s->kinds[k];
        taken += s->taken[k];
    }
    printf("format %s\n", trace_input_format(in));
    printf("instructions %" PRIu64 "\n", s->records);
    printf("loads %" PRIu64 "\n", s->loads);
    printf("stores %" PRIu64 "\n", s->stores);
    printf("branches %" PRIu64 " taken %" PRIu64 "\n", branches, taken);
    for (int k = CHAMPSIM_DIRECT_JUMP; k < CHAMPSIM_N_KINDS; k++) {
        printf("%s %" PRIu64 " taken %" PRIu64 "\n",
               champsim_kind_name((ChampsimKind)k), s->kinds[k], s->taken[k]);
    }
    printf("misclassified %" PRIu64 " (is_branch but no branch %" PRIu64
           ", a branch without is_branch %" PRIu64 ")\n",
           s->flagged_not_branch + s->branch_not_flagged,
           s->flagged_not_branch, s->branch_not_flagged);
}

int main(int argc, char **argv)
{
    static GOptionEntry entries[] = {
        { "stats", 0, 0, G_OPTION_ARG_NONE, &opt_stats,
          "Print counts per ChampSim kind (default)", NULL },
        { "text", 0, 0, G_OPTION_ARG_NONE, &opt_text,
          "Print the records as text", NULL },
        { "head", 0, 0, G_OPTION_ARG_INT64, &opt_head,
          "With --text, print only the first N records", "N" },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GError *error = NULL;
    GOptionContext *ctx = g_option_context_new("TRACE");
    g_option_context_set_summary(ctx, "Read a ChampSim trace (xz, gzip or "
                                 "raw) and classify its records as ChampSim "
                                 "does.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        g_printerr("qi-champsim: %s\n", error->message);
        return 1;
    }
    g_option_context_free(ctx);
    if (opt_head < -1 || (opt_head >= 0 && !opt_text)) {
        g_printerr("qi-champsim: --head=N needs --text and N >= 0\n");
        return 1;
    }
    if (argc != 2) {
        g_printerr("qi-champsim: expected one TRACE file (see --help)\n");
        return 1;
    }
    /* A full disk is reported as such (wstream.h), even after the fact. */
    if ((stdout = wstream_fdopen(STDOUT_FILENO)) == NULL) {
        g_printerr("qi-champsim: standard output: %s\n", g_strerror(errno));
        return 1;
    }
    const char *path = argv[1];
    TraceInput *in = trace_input_open(path);
    if (in == NULL) {
        g_printerr("qi-champsim: cannot read %s: %s\n", path,
                   g_strerror(errno));
        return 1;
    }
    Stats s = { 0 };
    static uint8_t buf[CHUNK_RECORDS * CHAMPSIM_RECORD_SIZE];
    size_t got;
    do {
        got = trace_input_read(in, buf, sizeof(buf));
        for (size_t i = 0; i + CHAMPSIM_RECORD_SIZE <= got;
             i += CHAMPSIM_RECORD_SIZE) {
            record(path, buf + i, s.records, &s);
        }
    } while (got == sizeof(buf));
    TraceInputStatus status = trace_input_status(in);
    if (status == TRACE_INPUT_ERROR) {
        die(path, "%s, after %" PRIu64 " complete records",
            trace_input_error(in), s.records);
    }
    size_t partial = got % CHAMPSIM_RECORD_SIZE;
    if (opt_stats || !opt_text) {
        report(in, &s);
    }
    trace_input_close(in);
    if (fclose(stdout) != 0) {
        g_printerr("qi-champsim: standard output: %s\n", g_strerror(errno));
        return 1;
    }
    uint64_t at = s.records * CHAMPSIM_RECORD_SIZE;
    if (partial != 0) {
        /* After the output, so that it reads as a note on all of it. */
        g_printerr("qi-champsim: %s: cut short at byte %" PRIu64 " (in record "
                   "%" PRIu64 ", from byte %" PRIu64 "): the incomplete "
                   "record is ignored\n", path, at + partial, s.records + 1,
                   at);
        return EXIT_CUT;
    }
    if (status == TRACE_INPUT_CUT) {
        g_printerr("qi-champsim: %s: cut short at byte %" PRIu64 " (the "
                   "compressed data ends before its end, after %" PRIu64
                   " complete records)\n", path, at, s.records);
        return EXIT_CUT;
    }
    return 0;
}
