/*
 * hotblocks: the blocks that executed the most instructions.
 *
 * At translation, each block gets a record, found again by its address and
 * bytes when QEMU translates the same code a second time (after a flush),
 * and one emitted call carrying the record.  At execution the call counts
 * one execution of the block, atomically, so vCPU threads running the same
 * block lose nothing.  An execution left early (a fault) still counts as
 * one, but only its retired instructions count (qi_gen_tb_left_early()).
 *
 * Arguments: top=N (default 20; 0 for all), out=FILE (default: standard
 * error).  Output, most instructions first, ties by address:
 *
 *     vaddr, n_insns, executions, instructions
 *     0x401009, 4, 10000, 40000
 *
 * SPDX-License-Identifier: MIT
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>

#include <qemu-instr/qi.h>

#include "../common/top.h"

QI_EXPORT const int qi_api_version = QI_API_VERSION;

typedef struct Block {
    uint64_t vaddr;
    uint64_t n_insns;
    uint64_t execs;
    uint64_t unretired; /* instructions of executions left early */
} Block;

static FILE *out;
static unsigned long top = 20;
static GMutex lock;        /* guards blocks */
static GHashTable *blocks; /* GBytes (vaddr, then the code's bytes) -> Block */
/* The key of the block this thread is translating, built as it goes. */
static _Thread_local GByteArray *key;

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
    __atomic_fetch_add(&b->unretired, b->n_insns - retired, __ATOMIC_RELAXED);
}

/* The instructions @b retired. */
static uint64_t retired_insns(const Block *b)
{
    return b->n_insns * b->execs - b->unretired;
}

static void tb_start(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    uint64_t vaddr = qi_tb_vaddr(tb);
    key = g_byte_array_new();
    g_byte_array_append(key, (const guint8 *)&vaddr, sizeof(vaddr));
}

static void insn_translated(QICPU vcpu, QITB *tb, QIInsn *insn)
{
    (void)vcpu, (void)tb;
    g_byte_array_append(key, qi_insn_data(insn), qi_insn_size(insn));
}

static void tb_end(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    GBytes *k = g_byte_array_free_to_bytes(key);
    key = NULL;
    g_mutex_lock(&lock);
    Block *b = g_hash_table_lookup(blocks, k);
    if (b == NULL) {
        b = g_new0(Block, 1);
        b->vaddr = qi_tb_vaddr(tb);
        b->n_insns = qi_tb_n_insns(tb);
        g_hash_table_insert(blocks, g_bytes_ref(k), b);
    }
    g_mutex_unlock(&lock);
    g_bytes_unref(k);
    QIArg block = qi_arg_const((uintptr_t)b);
    qi_gen_tb_exec(tb, block_executed, 1, &block);
    if (qi_sees_discontinuities()) {
        qi_gen_tb_left_early(tb, block_left_early, 1, &block);
    }
}

/* Most instructions executed first; equal ones by address. */
static gint by_instructions(gconstpointer a, gconstpointer b)
{
    const Block *x = *(Block *const *)a, *y = *(Block *const *)b;
    uint64_t ix = retired_insns(x), iy = retired_insns(y);
    if (ix != iy) {
        return ix > iy ? -1 : 1;
    }
    if (x->vaddr != y->vaddr) {
        return x->vaddr < y->vaddr ? -1 : 1;
    }
    return x->n_insns < y->n_insns ? -1 : x->n_insns > y->n_insns;
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "top", "out", NULL };
    const char *v[2];
    if (qi_args_parse(argc, argv, keys, v) != 0 || parse_top(v[0], &top) != 0 ||
        (out = qi_open_output(v[1])) == NULL) {
        return -1;
    }
    blocks = g_hash_table_new_full(g_bytes_hash, g_bytes_equal,
                                   (GDestroyNotify)g_bytes_unref, g_free);
    qi_event_set_guest_tb_before_trans(tb_start);
    qi_event_set_guest_insn_before_trans(insn_translated);
    qi_event_set_guest_tb_after_trans(tb_end);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    GPtrArray *sorted = g_ptr_array_new();
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, blocks);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        g_ptr_array_add(sorted, value);
    }
    g_ptr_array_sort(sorted, by_instructions);
    fprintf(out, "vaddr, n_insns, executions, instructions\n");
    for (guint i = 0; i < sorted->len && (top == 0 || i < top); i++) {
        Block *b = g_ptr_array_index(sorted, i);
        if (b->execs == 0) {
            break;
        }
        fprintf(out, "0x%" PRIx64 ", %" PRIu64 ", %" PRIu64 ", %" PRIu64 "\n",
                b->vaddr, b->n_insns, b->execs, retired_insns(b));
    }
    qi_close_output(out);
    g_ptr_array_unref(sorted);
    g_hash_table_unref(blocks);
}
