/*
 * cache: a set-associative cache hierarchy, simulated over the guest's
 * data accesses; hits and misses per level.
 *
 * Translation: every instruction gets a memory call (qi_gen_mem_exec()),
 * which QEMU runs only at the accesses the instruction makes.
 *
 * Model: each vCPU has private caches (like per-core caches, without
 * coherence between them), allocated on its own thread at its first
 * access, so no locking.  Each level is set-associative with
 * least-recently-used replacement.  An access looks up level 1, and each
 * next level only when it missed in the previous one; the line is then
 * filled in every level it missed in.  Stores allocate like loads (no
 * write-back traffic is modelled).  An access that spans lines counts once
 * per line.  Instruction fetches are not simulated.
 *
 * Arguments:
 *   l1=SIZE:ASSOC:LINE  level 1 (default 32K:8:64); SIZE in bytes, with an
 *                       optional K or M suffix, LINE a power of two, and
 *                       SIZE a multiple of ASSOC x LINE
 *   l2=..., l3=...      further levels (default l2=1M:16:64, no l3);
 *                       "none" stops the hierarchy there
 *   access=r|w|rw       which accesses to simulate (default rw)
 *   out=FILE            default: standard error
 *
 * Output: the metrics of ../common/metric.h (instructions, all vCPUs,
 * counted inline; Lk-accesses and Lk-misses per level), then one line per
 * level, summed over vCPUs:
 *
 *     metric instructions 10251
 *     metric L1-accesses 2560
 *     metric L1-misses 2304
 *     LEVEL SIZE ASSOC LINE ACCESSES HITS MISSES MISS-RATE
 *     L1 32768 8 64 2560 256 2304 90.00%
 *
 * SPDX-License-Identifier: MIT
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-instr/qi.h>

#include "../common/metric.h"

QI_EXPORT const int qi_api_version = QI_API_VERSION;

#define MAX_LEVELS 3

/* A level's geometry. */
typedef struct Geometry {
    uint64_t size, assoc, line;
    unsigned line_shift;
    uint64_t sets;
} Geometry;

/* One vCPU's cache at one level. */
typedef struct Cache {
    uint64_t *tags;   /* sets x assoc, most recent first; 0 = empty */
    uint64_t hits, misses;
} Cache;

static FILE *out;
static QICounter *insns; /* per vCPU: instructions executed */
static QIMemAccess access_kind = QI_MEM_RW;
static Geometry levels[MAX_LEVELS];
static unsigned n_levels;
static Cache **caches; /* qi_vcpu_max() entries, each n_levels Caches */

/* Parse "SIZE:ASSOC:LINE" into @g; -1 after qi_set_error(). */
static int parse_geometry(const char *key, const char *value, Geometry *g)
{
    char *end;
    g->size = strtoull(value, &end, 10);
    if (*end == 'K' || *end == 'M') {
        g->size <<= *end++ == 'K' ? 10 : 20;
    }
    if (*end++ == ':') {
        g->assoc = strtoull(end, &end, 10);
        if (*end++ == ':') {
            g->line = strtoull(end, &end, 10);
            if (*end == '\0' && g->size > 0 && g->assoc > 0 && g->line > 0 &&
                (g->line & (g->line - 1)) == 0 &&
                g->size % (g->assoc * g->line) == 0) {
                g->line_shift = __builtin_ctzll(g->line);
                g->sets = g->size / (g->assoc * g->line);
                return 0;
            }
        }
    }
    qi_set_error("bad %s '%s' (expected SIZE:ASSOC:LINE, e.g. 32K:8:64, "
                 "LINE a power of two, SIZE a multiple of ASSOC x LINE, "
                 "or none)", key, value);
    return -1;
}

/* Look the line of @addr up at level @l of @c; true on a hit.  Fills it. */
static bool lookup(Cache *c, const Geometry *g, uint64_t addr)
{
    uint64_t line = addr >> g->line_shift;
    uint64_t *set = c->tags + (line % g->sets) * g->assoc;
    uint64_t tag = line + 1; /* 0 marks an empty way */
    uint64_t way = 0;
    while (way < g->assoc - 1 && set[way] != tag) {
        way++;
    }
    bool hit = set[way] == tag;
    /* Move the line (or, on a miss, the new line over the LRU) to the front. */
    memmove(set + 1, set, way * sizeof(uint64_t));
    set[0] = tag;
    return hit;
}

/* This vCPU's caches, allocated on its first access (on its own thread). */
static Cache *vcpu_caches(QICPU vcpu)
{
    Cache **slot = &caches[qi_cpu_index(vcpu)];
    if (*slot == NULL) {
        Cache *c = calloc(n_levels, sizeof(Cache));
        bool ok = c != NULL;
        for (unsigned l = 0; ok && l < n_levels; l++) {
            c[l].tags = calloc(levels[l].sets * levels[l].assoc,
                               sizeof(uint64_t));
            ok = c[l].tags != NULL;
        }
        if (!ok) {
            qi_set_error("out of memory for the caches of vCPU %u",
                         qi_cpu_index(vcpu));
            return NULL;
        }
        *slot = c;
    }
    return *slot;
}

static void on_access(QICPU vcpu, uint64_t vaddr, QIMemInfo info,
                   const uint64_t *args)
{
    (void)args;
    Cache *c = vcpu_caches(vcpu);
    if (c == NULL) {
        return;
    }
    uint64_t last = vaddr + (1u << info.size_shift) - 1;
    for (uint64_t a = vaddr >> levels[0].line_shift << levels[0].line_shift;
         a <= last; a += levels[0].line) {
        unsigned l = 0;
        while (l < n_levels && !lookup(&c[l], &levels[l], a)) {
            c[l++].misses++;
        }
        if (l < n_levels) {
            c[l].hits++;
        }
    }
}

static void tb_translated(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    qi_gen_tb_count_insns(tb, insns);
}

static void insn_translated(QICPU vcpu, QITB *tb, QIInsn *insn)
{
    (void)vcpu, (void)tb;
    qi_gen_mem_exec(insn, access_kind, on_access, 0, NULL);
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "l1", "l2", "l3", "access", "out",
                                        NULL };
    static const char *const defaults[] = { "32K:8:64", "1M:16:64", "none" };
    const char *v[5];
    if (qi_args_parse(argc, argv, keys, v) != 0) {
        return -1;
    }
    for (n_levels = 0; n_levels < MAX_LEVELS; n_levels++) {
        const char *value = v[n_levels] ? v[n_levels] : defaults[n_levels];
        if (strcmp(value, "none") == 0) {
            break;
        }
        if (parse_geometry(keys[n_levels], value, &levels[n_levels]) != 0) {
            return -1;
        }
    }
    if (n_levels == 0) {
        qi_set_error("l1=none: at least one cache level is needed");
        return -1;
    }
    for (unsigned l = n_levels + 1; l < MAX_LEVELS; l++) {
        if (v[l] != NULL) {
            qi_set_error("%s given below %s=none", keys[l], keys[n_levels]);
            return -1;
        }
    }
    const char *a = v[3] ? v[3] : "rw";
    access_kind = strcmp(a, "r") == 0 ? QI_MEM_R
                  : strcmp(a, "w") == 0 ? QI_MEM_W
                  : strcmp(a, "rw") == 0 ? QI_MEM_RW : 0;
    if (access_kind == 0) {
        qi_set_error("bad access '%s' (expected r, w or rw)", a);
        return -1;
    }
    caches = calloc(qi_vcpu_max(), sizeof(Cache *));
    if (caches == NULL || (out = qi_open_output(v[4])) == NULL) {
        free(caches);
        return -1;
    }
    insns = qi_counter_new();
    qi_event_set_guest_insn_before_trans(insn_translated);
    qi_event_set_guest_tb_after_trans(tb_translated);
    return 0;
}

/* Level @l's hits and misses, summed over vCPUs. */
static void level_totals(unsigned l, uint64_t *hits, uint64_t *misses)
{
    *hits = *misses = 0;
    for (unsigned i = 0; i < qi_vcpu_max(); i++) {
        if (caches[i] != NULL) {
            *hits += caches[i][l].hits;
            *misses += caches[i][l].misses;
        }
    }
}

QI_EXPORT void qi_fini(void)
{
    uint64_t hits, misses;
    metric_print(out, "instructions", qi_counter_sum(insns));
    for (unsigned l = 0; l < n_levels; l++) {
        char name[32];
        level_totals(l, &hits, &misses);
        snprintf(name, sizeof name, "L%u-accesses", l + 1);
        metric_print(out, name, hits + misses);
        snprintf(name, sizeof name, "L%u-misses", l + 1);
        metric_print(out, name, misses);
    }
    fprintf(out, "LEVEL SIZE ASSOC LINE ACCESSES HITS MISSES MISS-RATE\n");
    for (unsigned l = 0; l < n_levels; l++) {
        level_totals(l, &hits, &misses);
        const Geometry *g = &levels[l];
        fprintf(out, "L%u %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
                " %" PRIu64 " %" PRIu64 " %.2f%%\n", l + 1, g->size,
                g->assoc, g->line, hits + misses, hits, misses,
                hits + misses ? 100.0 * misses / (hits + misses) : 0.0);
    }
    qi_close_output(out);
    for (unsigned i = 0; i < qi_vcpu_max(); i++) {
        for (unsigned l = 0; caches[i] != NULL && l < n_levels; l++) {
            free(caches[i][l].tags);
        }
        free(caches[i]);
    }
    free(caches);
    qi_counter_free(insns);
}
