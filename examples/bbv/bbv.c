/*
 * bbv: SimPoint basic-block vectors, exact per vCPU, and BBL traces.
 *
 * At translation each block gets an id (1, 2, ... in order of first
 * translation; a block translated again with the same address and bytes
 * keeps its id).  Then, one of two ways to count:
 *
 * - Inline (QEMU 9.0 and later, without trace=): each block adds 1 to its
 *   own per-vCPU execution counter and its instruction count to the vCPU's
 *   position in the interval, both inline, and tests inline whether the
 *   position reached the interval's end.  Only then a call runs: it
 *   harvests the vCPU's block counters into the interval (intervals.h),
 *   splitting the block that crossed the end exactly, as below.
 * - One call per block (QEMU 7.2, or trace=), carrying (id, instructions):
 *   it adds the instructions to the running vCPU's interval and, with
 *   trace=, appends the id to the vCPU's trace buffer (trace.h).
 *
 * Either way no locks and no lookups on the common path: per-vCPU state is
 * only touched by its vCPU's thread until qi_fini.
 *
 * Arguments (docs/bbv.md): out=PREFIX, interval=N[K|M|G] (default 100M),
 * partial=on|off (default off), trace=PATH.  out= or trace= is required.
 * Output: PREFIX.<vcpu>.bb per vCPU, PREFIX.bbmap.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <qemu-instr/qi.h>

#include "intervals.h"
#include "trace.h"

QI_EXPORT const int qi_api_version = QI_API_VERSION;

/* What .bbmap says about a block; blocks[id - 1]. */
typedef struct Block {
    uint64_t vaddr;
    uint32_t n_insns;
    uint32_t n_bytes;
    const char *symbol;     /* lives as long as QEMU, or NULL */
    QICounter *executions;  /* inline counting: per vCPU, since harvested */
    GBytes *key;            /* vaddr, then the code bytes */
    uint8_t *insn_sizes;    /* n_insns of them */
} Block;

/* One vCPU's state, written by its own thread only (until qi_fini). */
typedef struct VCPU {
    BBVIntervals iv;
    BBLTraceBuffer *trace;
    /*
     * Instructions of blocks left early that an interval already written
     * holds (bbv_intervals_take_back()).
     */
    uint64_t misplaced;
} VCPU;

/* The block being translated on this thread. */
typedef struct Translation {
    GByteArray *key; /* vaddr, then the code bytes */
    GByteArray *insn_sizes;
    const char *symbol;
} Translation;

static const char *prefix;
static uint64_t interval = 100000000;
static bool partial;
static bool tracing;
static bool counting_inline;
/* Inline counting: per vCPU, instructions into its current interval. */
static QICounter *position;
static FILE *bbmap;

static GMutex blocks_lock;
static GHashTable *ids;  /* GBytes key -> id */
static GArray *blocks;   /* of Block */

static VCPU **vcpus; /* qi_vcpu_max() slots */

static void translation_free(gpointer p)
{
    Translation *t = p;
    g_byte_array_unref(t->key);
    g_byte_array_unref(t->insn_sizes);
    g_free(t);
}

static GPrivate translation = G_PRIVATE_INIT(translation_free);

/* A new state for vCPU @index. */
static VCPU *vcpu_new(unsigned int index)
{
    VCPU *v = g_new0(VCPU, 1);
    FILE *out = NULL;
    if (prefix != NULL) {
        g_autofree char *path = g_strdup_printf("%s.%u.bb", prefix, index);
        out = qi_open_output(path);
        if (out == NULL) {
            fprintf(stderr, "bbv: cannot write %s (counting without it)\n",
                    path);
        }
    }
    bbv_intervals_init(&v->iv, interval, out);
    if (tracing) {
        v->trace = g_new(BBLTraceBuffer, 1);
        v->trace->vcpu = index;
        v->trace->n = 0;
    }
    return vcpus[index] = v;
}

/* A vCPU starts: its state and .bb file (opened in a hook, as it must). */
static void vcpu_started(QICPU vcpu)
{
    unsigned int i = qi_cpu_index(vcpu);
    if (vcpus[i] == NULL) {
        vcpu_new(i);
    }
}

/* The running vCPU's state, NULL on its first block (see vcpu_new). */
static inline VCPU *known_vcpu(QICPU vcpu)
{
    return vcpus[qi_cpu_index(vcpu)];
}

/* Account block args[0], of args[1] instructions, for vCPU @v. */
static void count_block(VCPU *v, const uint64_t *args)
{
    if (prefix != NULL) {
        bbv_intervals_add(&v->iv, args[0], args[1]);
    }
    if (v->trace != NULL) {
        bbl_trace_exec(v->trace, args[0]);
    }
}

/* A vCPU's first block: out of line, so the common path needs no frame. */
static G_GNUC_NO_INLINE void first_block(QICPU vcpu, const uint64_t *args)
{
    count_block(vcpu_new(qi_cpu_index(vcpu)), args);
}

/* Executed: block args[0], of args[1] instructions; .bb files only. */
static void block_executed(QICPU vcpu, const uint64_t *args)
{
    VCPU *v = known_vcpu(vcpu);
    if (G_UNLIKELY(v == NULL)) {
        first_block(vcpu, args);
    } else {
        bbv_intervals_add(&v->iv, args[0], args[1]);
    }
}

/* The same when a trace is recorded (with or without .bb files). */
static void block_executed_traced(QICPU vcpu, const uint64_t *args)
{
    VCPU *v = known_vcpu(vcpu);
    if (G_UNLIKELY(v == NULL)) {
        first_block(vcpu, args);
    } else {
        count_block(v, args);
    }
}

/*
 * Inline counting: move vCPU @index's block executions into its interval.
 * When @crossing is a block id, that block's last execution crossed the
 * interval's end: every other execution since the last harvest lies
 * before it, so they go in first and it goes in last, split exactly.
 */
static void harvest(VCPU *v, unsigned int index, uint32_t crossing)
{
    g_mutex_lock(&blocks_lock);
    for (guint id = 1; id <= blocks->len; id++) {
        const Block *b = &g_array_index(blocks, Block, id - 1);
        uint64_t execs =
            b->executions ? qi_counter_get(b->executions, index) : 0;
        if (execs != 0) {
            qi_counter_set(b->executions, index, 0);
            uint64_t insns = (execs - (id == crossing)) * b->n_insns;
            if (insns != 0) {
                bbv_intervals_add(&v->iv, id, insns);
            }
        }
    }
    uint64_t crossing_insns =
        crossing ? g_array_index(blocks, Block, crossing - 1).n_insns : 0;
    g_mutex_unlock(&blocks_lock);
    if (crossing_insns != 0) {
        bbv_intervals_add(&v->iv, crossing, crossing_insns);
    }
    qi_counter_set(position, index, interval - v->iv.left);
}

/* Inline counting: the running vCPU reached its interval's end in block args[0]. */
static void interval_reached(QICPU vcpu, const uint64_t *args)
{
    unsigned int i = qi_cpu_index(vcpu);
    harvest(vcpus[i] ? vcpus[i] : vcpu_new(i), i, args[0]);
}

static void block_started(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    Translation *t = g_private_get(&translation);
    if (t == NULL) {
        t = g_new0(Translation, 1);
        t->key = g_byte_array_new();
        t->insn_sizes = g_byte_array_new();
        g_private_set(&translation, t);
    }
    uint64_t vaddr = qi_tb_vaddr(tb);
    g_byte_array_set_size(t->key, 0);
    g_byte_array_set_size(t->insn_sizes, 0);
    g_byte_array_append(t->key, (const guint8 *)&vaddr, sizeof(vaddr));
    t->symbol = NULL;
}

static void insn_translated(QICPU vcpu, QITB *tb, QIInsn *insn)
{
    (void)vcpu, (void)tb;
    Translation *t = g_private_get(&translation);
    if (t->key->len == sizeof(uint64_t)) {
        t->symbol = qi_insn_symbol(insn);
    }
    uint8_t size = qi_insn_size(insn);
    g_byte_array_append(t->key, qi_insn_data(insn), size);
    g_byte_array_append(t->insn_sizes, &size, 1);
}

/*
 * The id of the block of @n_insns instructions (sizes @insn_sizes) whose
 * key (vaddr, then bytes) is @key[@len]: a known key keeps its own, a new
 * one gets the next id (and, when tracing, its description in the trace).
 * @translated: QEMU translated it (else it is the prefix of one, which
 * only ever runs as its block left early): inline counting counts its
 * executions.  Any thread.
 */
static uint32_t block_id(const uint8_t *key, size_t len, uint32_t n_insns,
                         const uint8_t *insn_sizes, const char *symbol,
                         bool translated)
{
    GBytes *bytes = g_bytes_new(key, len);
    g_mutex_lock(&blocks_lock);
    uint32_t id = GPOINTER_TO_UINT(g_hash_table_lookup(ids, bytes));
    if (id == 0) {
        uint64_t vaddr;
        memcpy(&vaddr, key, sizeof vaddr);
        Block b = { vaddr, n_insns, len - sizeof(uint64_t), symbol,
                    counting_inline && translated ? qi_counter_new() : NULL,
                    g_bytes_ref(bytes), g_memdup2(insn_sizes, n_insns) };
        g_array_append_val(blocks, b);
        id = blocks->len;
        g_hash_table_insert(ids, g_bytes_ref(bytes), GUINT_TO_POINTER(id));
        if (tracing) {
            bbl_trace_block(id, b.vaddr, n_insns, key + sizeof(uint64_t),
                            b.n_bytes);
        }
    }
    g_mutex_unlock(&blocks_lock);
    g_bytes_unref(bytes);
    return id;
}

/*
 * Block @id was left early after @retired of its @n_insns instructions
 * (qi_gen_tb_left_early()): what ran is the block of its first @retired
 * instructions, which gets an id of its own.  Its last execution, counted
 * and traced in full, becomes one of that prefix block.
 */
static void block_left_early(QICPU vcpu, uint32_t retired,
                             const uint64_t *args)
{
    unsigned int i = qi_cpu_index(vcpu);
    VCPU *v = vcpus[i] ? vcpus[i] : vcpu_new(i);
    uint32_t id = args[0], n_insns = args[1], prefix_id = 0;
    if (retired > 0) {
        g_mutex_lock(&blocks_lock);
        const Block *b = &g_array_index(blocks, Block, id - 1);
        const uint8_t *key = g_bytes_get_data(b->key, NULL);
        const uint8_t *sizes = b->insn_sizes;
        const char *symbol = b->symbol;
        g_mutex_unlock(&blocks_lock); /* blocks may move, keys and sizes not */
        size_t len = sizeof(uint64_t);
        for (uint32_t k = 0; k < retired; k++) {
            len += sizes[k];
        }
        prefix_id = block_id(key, len, retired, sizes, symbol, false);
    }
    if (counting_inline) {
        harvest(v, i, 0); /* the execution is in the interval, in full */
    }
    if (prefix != NULL) {
        v->misplaced += bbv_intervals_take_back(&v->iv, id, n_insns);
        if (prefix_id != 0) {
            bbv_intervals_add(&v->iv, prefix_id, retired);
        }
    }
    if (counting_inline) {
        qi_counter_set(position, i, interval - v->iv.left);
    }
    if (v->trace != NULL) {
        bbl_trace_replace_last(v->trace, prefix_id);
    }
}

/* Give the block its id (a known (vaddr, bytes) keeps its own), emit the call. */
static void block_translated(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    Translation *t = g_private_get(&translation);
    uint32_t n_insns = qi_tb_n_insns(tb);
    uint32_t id = block_id(t->key->data, t->key->len, n_insns,
                           t->insn_sizes->data, t->symbol, true);
    g_mutex_lock(&blocks_lock);
    QICounter *executions = g_array_index(blocks, Block, id - 1).executions;
    g_mutex_unlock(&blocks_lock);
    QIArg args[] = { qi_arg_const(id), qi_arg_const(n_insns) };
    if (counting_inline) {
        qi_gen_tb_count(tb, executions, qi_arg_const(1));
        qi_gen_tb_count(tb, position, args[1]);
        qi_gen_tb_exec_if(tb, position, QI_COND_GE, qi_arg_const(interval),
                          interval_reached, 1, args);
    } else {
        qi_gen_tb_exec(tb, tracing ? block_executed_traced : block_executed,
                       2, args);
    }
    if (qi_sees_discontinuities()) {
        qi_gen_tb_left_early(tb, block_left_early, 2, args);
    }
}

/* PREFIX.bbmap: a summary of each vCPU's intervals, then one line per id. */
static void write_bbmap(const uint64_t *rest)
{
    fprintf(bbmap, "# qemu-instr bbv: interval %" PRIu64 ", partial=%s\n",
            interval, partial ? "on" : "off");
    for (unsigned int i = 0; i < qi_vcpu_max(); i++) {
        if (vcpus[i] != NULL) {
            fprintf(bbmap, "# vcpu %u: %" PRIu64 " full intervals, %" PRIu64
                    " instructions in the last, partial interval (%s)\n",
                    i, vcpus[i]->iv.full, rest[i],
                    partial ? "written" : "not written");
            if (vcpus[i]->misplaced != 0) {
                /* Rare: see bbv_intervals_take_back(). */
                fprintf(bbmap, "# vcpu %u: %" PRIu64 " instructions counted "
                        "in an interval before the one they ran in (blocks "
                        "left early that had filled more than an interval)\n",
                        i, vcpus[i]->misplaced);
                qi_log("vcpu %u: %" PRIu64 " instructions counted in the "
                       "interval before the one they ran in (see %s.bbmap)",
                       i, vcpus[i]->misplaced, prefix);
            }
        }
    }
    fprintf(bbmap, "# id vaddr instructions bytes symbol\n");
    for (guint id = 1; id <= blocks->len; id++) {
        const Block *b = &g_array_index(blocks, Block, id - 1);
        fprintf(bbmap, "%u 0x%" PRIx64 " %" PRIu32 " %" PRIu32 " %s\n", id,
                b->vaddr, b->n_insns, b->n_bytes, b->symbol ? b->symbol : "-");
    }
    qi_close_output(bbmap);
}

static bool parse_args(int argc, const char **argv)
{
    static const char *const keys[] = { "out", "interval", "partial", "trace",
                                        NULL };
    const char *v[G_N_ELEMENTS(keys) - 1];
    if (qi_args_parse(argc, argv, keys, v) != 0) {
        return false;
    }
    prefix = v[0];
    if (v[1] != NULL && !bbv_parse_interval(v[1], &interval)) {
        qi_set_error("bad interval '%s' (expected a positive number of "
                     "instructions, optionally with a K, M or G suffix)", v[1]);
        return false;
    }
    if (v[2] != NULL && strcmp(v[2], "on") != 0 && strcmp(v[2], "off") != 0) {
        qi_set_error("bad partial '%s' (expected on or off)", v[2]);
        return false;
    }
    partial = v[2] != NULL && strcmp(v[2], "on") == 0;
    if (prefix == NULL && v[3] == NULL) {
        qi_set_error("missing out=PREFIX (or trace=PATH)");
        return false;
    }
    if (prefix != NULL) {
        char *path = g_strconcat(prefix, ".bbmap", NULL);
        bbmap = qi_open_output(path); /* also proves PREFIX's directory */
        g_free(path);
        if (bbmap == NULL) {
            return false;
        }
    }
    tracing = v[3] != NULL && bbl_trace_open(v[3]);
    return v[3] == NULL || tracing;
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    if (!parse_args(argc, argv)) {
        if (bbmap != NULL) {
            qi_close_output(bbmap);
        }
        return -1;
    }
    ids = g_hash_table_new_full(g_bytes_hash, g_bytes_equal,
                                (GDestroyNotify)g_bytes_unref, NULL);
    blocks = g_array_new(FALSE, FALSE, sizeof(Block));
    vcpus = g_new0(VCPU *, qi_vcpu_max());
    counting_inline = !tracing && qi_has_inline_conditions();
    position = counting_inline ? qi_counter_new() : NULL;
    qi_event_set_guest_cpu_enter(vcpu_started);
    qi_event_set_guest_tb_before_trans(block_started);
    qi_event_set_guest_insn_before_trans(insn_translated);
    qi_event_set_guest_tb_after_trans(block_translated);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    uint64_t *rest = g_new0(uint64_t, qi_vcpu_max());
    for (unsigned int i = 0; counting_inline && i < qi_vcpu_count(); i++) {
        /* What ran since each vCPU's last interval end. */
        uint64_t since = qi_counter_get(position, i);
        VCPU *v = vcpus[i];
        if (v == NULL && since != 0) {
            v = vcpu_new(i);
        }
        if (v != NULL) {
            harvest(v, i, 0);
        }
    }
    for (unsigned int i = 0; i < qi_vcpu_max(); i++) {
        VCPU *v = vcpus[i];
        if (v == NULL) {
            continue;
        }
        rest[i] = bbv_intervals_finish(&v->iv, partial);
        if (v->iv.out != NULL) {
            qi_close_output(v->iv.out); /* reports write errors */
        }
        if (v->trace != NULL) {
            bbl_trace_flush(v->trace);
        }
    }
    if (bbmap != NULL) {
        write_bbmap(rest);
    }
    if (tracing) {
        bbl_trace_close();
    }
    for (unsigned int i = 0; i < qi_vcpu_max(); i++) {
        if (vcpus[i] != NULL) {
            g_free(vcpus[i]->trace);
            g_free(vcpus[i]);
        }
    }
    g_clear_pointer(&vcpus, g_free);
    g_free(rest);
    for (guint id = 1; id <= blocks->len; id++) {
        Block *b = &g_array_index(blocks, Block, id - 1);
        qi_counter_free(b->executions);
        g_bytes_unref(b->key);
        g_free(b->insn_sizes);
    }
    qi_counter_free(position);
    g_hash_table_destroy(ids);
    g_array_free(blocks, TRUE);
}
