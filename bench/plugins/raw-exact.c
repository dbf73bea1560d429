/*
 * raw-exact: a benchmark floor for QEMU 10 (plugin API v4), doing the
 * work of examples/icount as qemu-instr does it to count instructions
 * *retired* (docs/discontinuities.md): at each block's entry, an inline
 * test whether the block before reached its last instruction (if not, a
 * call takes back the instructions it did not run, when execution resumed
 * inside it), the inline addition of its instruction count, and the
 * inline store of the block's record as the vCPU's current block; before
 * its last instruction, an inline store marking the record reached.  The
 * corrections at faults (signal frames, discontinuity callbacks) run only
 * at faults and are left out: the benchmark's workloads take none.
 *
 * Arguments: out=FILE (default: QEMU's log, shown with -d plugin).
 * Output, in icount's format: "insns TOTAL", then "vcpu INDEX COUNT" for
 * each vCPU that ran.
 *
 * Build: cc -O2 -shared -fPIC -I QEMU10/include -o raw-exact.so \
 *            raw-exact.c $(pkg-config --cflags --libs glib-2.0)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <qemu-plugin.h>

#include "raw-count.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* A translated block: its instructions' addresses. */
typedef struct Block {
    size_t n_insns;
    uint64_t vaddrs[];
} Block;

#define REACHED_END (UINT64_C(1) << 63) /* above every host pointer */

static struct qemu_plugin_scoreboard *counts;  /* one uint64_t per vCPU */
static struct qemu_plugin_scoreboard *current; /* Block *, | REACHED_END */
static GMutex lock;
static GPtrArray *blocks; /* every Block, freed at exit */
static char *out_path;

/* The block before did not reach its end: take back what it did not run. */
static void resumed(unsigned int vcpu, void *data)
{
    const Block *now = data;
    uint64_t slot = qemu_plugin_u64_get(qemu_plugin_scoreboard_u64(current),
                                        vcpu);
    const Block *left = (const Block *)(uintptr_t)(slot & ~REACHED_END);
    for (size_t i = 1; left != NULL && i < left->n_insns; i++) {
        if (left->vaddrs[i] == now->vaddrs[0]) {
            qemu_plugin_u64 c = qemu_plugin_scoreboard_u64(counts);
            qemu_plugin_u64_set(c, vcpu, qemu_plugin_u64_get(c, vcpu) -
                                             (left->n_insns - i));
        }
    }
}

static void vcpu_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    size_t n = qemu_plugin_tb_n_insns(tb);
    Block *b = g_malloc(sizeof(Block) + n * sizeof(uint64_t));
    b->n_insns = n;
    for (size_t i = 0; i < n; i++) {
        b->vaddrs[i] = qemu_plugin_insn_vaddr(qemu_plugin_tb_get_insn(tb, i));
    }
    g_mutex_lock(&lock);
    g_ptr_array_add(blocks, b);
    g_mutex_unlock(&lock);
    qemu_plugin_u64 slot = qemu_plugin_scoreboard_u64(current);
    qemu_plugin_register_vcpu_tb_exec_cond_cb(
        tb, resumed, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_COND_LT, slot,
        REACHED_END, b);
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
        tb, QEMU_PLUGIN_INLINE_ADD_U64, qemu_plugin_scoreboard_u64(counts), n);
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
        tb, QEMU_PLUGIN_INLINE_STORE_U64, slot, (uintptr_t)b);
    qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
        qemu_plugin_tb_get_insn(tb, n - 1), QEMU_PLUGIN_INLINE_STORE_U64, slot,
        (uintptr_t)b | REACHED_END);
}

static void plugin_exit(qemu_plugin_id_t id, void *p)
{
    (void)id, (void)p;
    raw_count_report("raw-exact", counts, out_path);
    qemu_plugin_scoreboard_free(counts);
    qemu_plugin_scoreboard_free(current);
    g_ptr_array_free(blocks, TRUE);
    g_free(out_path);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    (void)info;
    if (!raw_count_args("raw-exact", argc, argv, &out_path)) {
        return -1;
    }
    counts = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    current = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    blocks = g_ptr_array_new_with_free_func(g_free);
    qemu_plugin_register_vcpu_tb_trans_cb(id, vcpu_tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
