/*
 * opcodes: the mix of instruction encodings executed, the efficient way.
 *
 * At translation, each block is described once: the list of its
 * instructions' encodings (bytes), each interned with its disassembly the
 * first time it is seen.  At execution, the block's single emitted call
 * only counts one execution of the block.  At exit, every block's count is
 * credited to each encoding it holds, which gives executions per encoding.
 *
 * Arguments: top=N (default 20; 0 for all), out=FILE (default: standard
 * error).  Output, most executed first, ties by bytes:
 *
 *     COUNT  HEXBYTES  DISASSEMBLY
 *     10000  4801f8  add    %rdi,%rax
 *
 * Exactness: the block counter is added atomically, so vCPU threads running
 * the same block lose nothing.  An execution left early (a fault) credits
 * only the instructions that retired (qi_gen_tb_left_early()).  When QEMU discards its translated code
 * (the flush event), no block record can run any more: each is credited
 * to its encodings and freed, so records do not pile up over a run with
 * many flushes (e.g. libraries loaded through a monitor).
 *
 * SPDX-License-Identifier: MIT
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <qemu-instr/qi.h>

#include "../common/top.h"

QI_EXPORT const int qi_api_version = QI_API_VERSION;

/* An instruction encoding, and the executions of it seen so far. */
typedef struct Encoding {
    GBytes *bytes;
    char *disas;
    uint64_t count;
} Encoding;

/* A translated block: its encodings in order, and how often it ran. */
typedef struct Block {
    uint64_t execs;
    GPtrArray *insns; /* of Encoding *, owned by encodings */
    /* stops[k]: executions left early after k retired instructions */
    uint64_t *stops;
} Block;

static FILE *out;
static unsigned long top = 20;
static GMutex lock;           /* guards encodings and blocks */
static GHashTable *encodings; /* GBytes -> Encoding */
static GPtrArray *blocks;     /* of Block *, translated since the last flush */
/* The block this thread is translating. */
static _Thread_local Block *current;

static void block_executed(QICPU vcpu, const uint64_t *args)
{
    (void)vcpu;
    Block *b = (Block *)(uintptr_t)args[0];
    __atomic_fetch_add(&b->execs, 1, __ATOMIC_RELAXED);
}

static void block_left_early(QICPU vcpu, uint32_t retired,
                             const uint64_t *args)
{
    (void)vcpu;
    Block *b = (Block *)(uintptr_t)args[0];
    __atomic_fetch_add(&b->stops[retired], 1, __ATOMIC_RELAXED);
}

static void tb_start(QICPU vcpu, QITB *tb)
{
    (void)vcpu, (void)tb;
    current = g_new0(Block, 1);
    current->insns = g_ptr_array_new();
}

static void insn_translated(QICPU vcpu, QITB *tb, QIInsn *insn)
{
    (void)vcpu, (void)tb;
    GBytes *bytes = g_bytes_new(qi_insn_data(insn), qi_insn_size(insn));
    g_mutex_lock(&lock);
    Encoding *e = g_hash_table_lookup(encodings, bytes);
    if (e == NULL) {
        e = g_new0(Encoding, 1);
        e->bytes = g_bytes_ref(bytes);
        e->disas = g_strchomp(qi_insn_disas(insn));
        g_hash_table_insert(encodings, e->bytes, e);
    }
    g_mutex_unlock(&lock);
    g_bytes_unref(bytes);
    g_ptr_array_add(current->insns, e);
}

static void tb_end(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    QIArg block = qi_arg_const((uintptr_t)current);
    qi_gen_tb_exec(tb, block_executed, 1, &block);
    current->stops = g_new0(uint64_t, current->insns->len);
    if (qi_sees_discontinuities()) {
        qi_gen_tb_left_early(tb, block_left_early, 1, &block);
    }
    g_mutex_lock(&lock);
    g_ptr_array_add(blocks, current);
    g_mutex_unlock(&lock);
    current = NULL;
}

static void free_encoding(gpointer p)
{
    Encoding *e = p;
    g_bytes_unref(e->bytes);
    free(e->disas);
    g_free(e);
}

static void free_block(gpointer p)
{
    Block *b = p;
    g_ptr_array_unref(b->insns);
    g_free(b->stops);
    g_free(b);
}

/* Most executed first; equal counts in byte order. */
static gint by_count_then_bytes(gconstpointer a, gconstpointer b)
{
    const Encoding *x = *(Encoding *const *)a, *y = *(Encoding *const *)b;
    if (x->count != y->count) {
        return x->count > y->count ? -1 : 1;
    }
    return g_bytes_compare(x->bytes, y->bytes);
}

/* Credit every block's executions to its encodings, and drop the blocks. */
static void credit_blocks(void)
{
    for (guint i = 0; i < blocks->len; i++) {
        Block *b = g_ptr_array_index(blocks, i);
        uint64_t runs = b->execs; /* executions that reached instruction j */
        for (guint j = 0; j < b->insns->len; j++) {
            runs -= b->stops[j];
            ((Encoding *)g_ptr_array_index(b->insns, j))->count += runs;
        }
    }
    g_ptr_array_set_size(blocks, 0);
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "top", "out", NULL };
    const char *v[2];
    if (qi_args_parse(argc, argv, keys, v) != 0 || parse_top(v[0], &top) != 0 ||
        (out = qi_open_output(v[1])) == NULL) {
        return -1;
    }
    encodings = g_hash_table_new_full(g_bytes_hash, g_bytes_equal, NULL,
                                      free_encoding);
    blocks = g_ptr_array_new_with_free_func(free_block);
    qi_event_set_guest_tb_before_trans(tb_start);
    qi_event_set_guest_insn_before_trans(insn_translated);
    qi_event_set_guest_tb_after_trans(tb_end);
    qi_event_set_flush(credit_blocks);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    credit_blocks();
    GPtrArray *sorted = g_ptr_array_new();
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, encodings);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        g_ptr_array_add(sorted, value);
    }
    g_ptr_array_sort(sorted, by_count_then_bytes);
    for (guint i = 0; i < sorted->len && (top == 0 || i < top); i++) {
        Encoding *e = g_ptr_array_index(sorted, i);
        if (e->count == 0) {
            break;
        }
        gsize size;
        const guint8 *p = g_bytes_get_data(e->bytes, &size);
        fprintf(out, "%" PRIu64 "  ", e->count);
        for (gsize k = 0; k < size; k++) {
            fprintf(out, "%02x", p[k]);
        }
        fprintf(out, "  %s\n", e->disas);
    }
    qi_close_output(out);
    g_ptr_array_unref(sorted);
    g_ptr_array_unref(blocks);
    g_hash_table_unref(encodings);
}
