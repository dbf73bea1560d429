/*
 * hw-bbv: a benchmark baseline, written directly against QEMU 7.2's TCG
 * plugin ABI (API version 1), doing the work of examples/bbv (without its
 * .bbmap and traces) the way a careful plugin author would: SimPoint
 * basic-block vectors, exact per vCPU.
 *
 * Translation: a block is identified by its address and code bytes, like
 * examples/bbv; the first translation of a block allocates its record
 * (id 1, 2, ... in order of first translation), later ones find it in a
 * hash table.  The record is the exec callback's userdata, so execution
 * needs no lookup.
 *
 * Execution: the callback adds the block's instructions to the running
 * vCPU's interval.  The splitting rule is the bbv example's: every interval
 * holds exactly N instructions; a block crossing a border counts the part
 * before it in the old interval and the rest in the new one(s).  A full
 * interval is written at once as "T:id:count :id:count ...", ids in
 * increasing order; the final partial interval is not written.  Per-vCPU
 * state is touched only by its vCPU's thread until exit: no locks.
 *
 * Arguments: out=PREFIX (required), interval=N (default 100000000).
 * Output: PREFIX.<vcpu>.bb per vCPU.
 *
 * Build (from the source tree's top): cc -O2 -shared -fPIC -I. \
 *     -o hw-bbv.so bench/plugins/hw-bbv.c instrument/phantom.c \
 *     instrument/classify.c $(pkg-config --cflags --libs capstone glib-2.0)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/plugins/v1-insns.h"

__attribute__((visibility("default")))
int qemu_plugin_version = 1;

#define MAX_VCPUS 1024

typedef struct Block {
    uint32_t id;
    uint32_t n_insns;
} Block;

/* One vCPU's interval being filled. */
typedef struct VCPU {
    uint64_t left;     /* instructions still missing from this interval */
    uint64_t *counts;  /* id -> instructions in this interval */
    uint32_t n_counts; /* ids below this have a slot in counts */
    uint32_t *used;    /* ids with a non-zero count, unordered */
    uint32_t n_used;
    FILE *out;
} VCPU;

static const char *prefix;
static uint64_t interval = 100000000;

static GMutex blocks_lock;
static GHashTable *blocks; /* GBytes (vaddr, code bytes) -> Block */
static uint32_t n_blocks;

static VCPU *vcpus[MAX_VCPUS];
static uint64_t lost_insns; /* of vCPUs >= MAX_VCPUS, atomically */

static VCPU *vcpu_new(unsigned int index)
{
    VCPU *v = g_new0(VCPU, 1);
    char *path = g_strdup_printf("%s.%u.bb", prefix, index);
    v->left = interval;
    v->out = fopen(path, "w");
    if (v->out == NULL) {
        perror(path);
        abort();
    }
    g_free(path);
    return vcpus[index] = v;
}

static int compare_ids(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static void write_line(VCPU *v)
{
    qsort(v->used, v->n_used, sizeof(*v->used), compare_ids);
    fputc('T', v->out);
    for (uint32_t i = 0; i < v->n_used; i++) {
        uint32_t id = v->used[i];
        fprintf(v->out, "%s:%" PRIu32 ":%" PRIu64, i == 0 ? "" : " ", id,
                v->counts[id]);
        v->counts[id] = 0;
    }
    fputc('\n', v->out);
    v->n_used = 0;
}

/* Count @insns of block @id in the current interval, which they fit. */
static void count(VCPU *v, uint32_t id, uint64_t insns)
{
    if (id >= v->n_counts) {
        uint32_t n = MAX(id + 1, v->n_counts * 2);
        v->counts = g_renew(uint64_t, v->counts, n);
        v->used = g_renew(uint32_t, v->used, n);
        memset(v->counts + v->n_counts, 0,
               (n - v->n_counts) * sizeof(*v->counts));
        v->n_counts = n;
    }
    if (v->counts[id] == 0) {
        v->used[v->n_used++] = id;
    }
    v->counts[id] += insns;
    v->left -= insns;
}

/* The rare cases, out of line: new id in this interval, interval full. */
static __attribute__((noinline, cold))
void add_slow(VCPU *v, uint32_t id, uint64_t insns)
{
    while (insns >= v->left) {
        uint64_t part = v->left;
        count(v, id, part);
        insns -= part;
        write_line(v);
        v->left = interval;
    }
    if (insns > 0) {
        count(v, id, insns);
    }
}

static __attribute__((noinline, cold))
void add_to_new_vcpu(unsigned int vcpu_index, const Block *b)
{
    if (vcpu_index >= MAX_VCPUS) {
        __atomic_fetch_add(&lost_insns, b->n_insns, __ATOMIC_RELAXED);
    } else {
        add_slow(vcpu_new(vcpu_index), b->id, b->n_insns);
    }
}

static void block_executed(unsigned int vcpu_index, void *userdata)
{
    const Block *b = userdata;
    VCPU *v = vcpu_index < MAX_VCPUS ? vcpus[vcpu_index] : NULL;
    if (__builtin_expect(v == NULL, 0)) {
        add_to_new_vcpu(vcpu_index, b);
    } else if (__builtin_expect(b->id < v->n_counts && b->n_insns < v->left &&
                                v->counts[b->id] != 0, 1)) {
        v->counts[b->id] += b->n_insns;
        v->left -= b->n_insns;
    } else {
        add_slow(v, b->id, b->n_insns);
    }
}

static void block_translated(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    static __thread GByteArray *key;
    size_t n = v1_block_insns(tb);
    uint64_t vaddr = qemu_plugin_tb_vaddr(tb);
    if (key == NULL) {
        key = g_byte_array_new();
    }
    g_byte_array_set_size(key, 0);
    g_byte_array_append(key, (const guint8 *)&vaddr, sizeof(vaddr));
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        g_byte_array_append(key, qemu_plugin_insn_data(insn),
                            qemu_plugin_insn_size(insn));
    }
    GBytes *bytes = g_bytes_new(key->data, key->len);
    g_mutex_lock(&blocks_lock);
    Block *b = g_hash_table_lookup(blocks, bytes);
    if (b == NULL) {
        b = g_new(Block, 1);
        b->id = ++n_blocks;
        b->n_insns = n;
        g_hash_table_insert(blocks, g_bytes_ref(bytes), b);
    }
    g_mutex_unlock(&blocks_lock);
    g_bytes_unref(bytes);
    qemu_plugin_register_vcpu_tb_exec_cb(tb, block_executed,
                                         QEMU_PLUGIN_CB_NO_REGS, b);
}

static void at_exit(qemu_plugin_id_t id, void *userdata)
{
    (void)id, (void)userdata;
    for (unsigned int i = 0; i < MAX_VCPUS; i++) {
        VCPU *v = vcpus[i];
        if (v != NULL) {
            if (ferror(v->out) | fclose(v->out)) {
                fprintf(stderr, "hw-bbv: cannot write %s.%u.bb\n", prefix, i);
            }
            g_free(v->counts);
            g_free(v->used);
            g_clear_pointer(&vcpus[i], g_free);
        }
    }
    if (lost_insns != 0) {
        fprintf(stderr, "hw-bbv: vCPUs >= %d: %" PRIu64 " instructions "
                "not counted\n", MAX_VCPUS, lost_insns);
    }
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                        int argc, char **argv)
{
    v1_insns_init(info);
    for (int i = 0; i < argc; i++) {
        char *end;
        if (strncmp(argv[i], "out=", 4) == 0) {
            prefix = argv[i] + 4;
        } else if (strncmp(argv[i], "interval=", 9) == 0 &&
                   (interval = strtoull(argv[i] + 9, &end, 10)) > 0 &&
                   *end == '\0') {
            continue;
        } else {
            fprintf(stderr, "hw-bbv: bad argument '%s' (expected out=PREFIX "
                    "or interval=N)\n", argv[i]);
            return -1;
        }
    }
    if (prefix == NULL) {
        fprintf(stderr, "hw-bbv: missing out=PREFIX\n");
        return -1;
    }
    blocks = g_hash_table_new_full(g_bytes_hash, g_bytes_equal,
                                   (GDestroyNotify)g_bytes_unref, g_free);
    qemu_plugin_register_vcpu_tb_trans_cb(id, block_translated);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
