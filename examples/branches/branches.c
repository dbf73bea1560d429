/*
 * branches: how often each conditional branch is taken, and how well a
 * simple predictor would have guessed it.
 *
 * Translation: the runtime tells which instructions are conditional
 * branches and where they go (qi_insn_class(), qi_insn_branch_target()),
 * on every guest architecture it decodes (x86-64, i386, AArch64).  Each
 * conditional branch gets one record, kept across retranslations.
 *
 * Execution, without a call in blocks that follow no conditional branch
 * (on QEMU 9.0 and later): QEMU ends a block after each branch, so the
 * next block the vCPU runs starts at the branch's target (taken) or right
 * after it (not taken).  A block ending with a conditional branch adds
 * its record's address to the vCPU's `pending` counter as it starts; every
 * block starts with a conditional call, made only when `pending` is not
 * 0, which takes the record, clears `pending` and compares the block's
 * address with the record's target.  A block entered any other way (a
 * fault or signal before the branch ran) is counted as neither.  A branch
 * still pending when the library finishes (the last block of a window)
 * ran, but no block has shown where it went: it counts among the
 * conditional branches executed, in neither direction.
 *
 * Prediction: a 2-bit saturating counter per branch (the classic bimodal
 * predictor), starting at 1, "weakly not taken"; it predicts taken at 2
 * and 3, and moves one step towards each outcome.  The counter is shared
 * by all vCPUs, so with several threads the mispredictions depend on
 * their interleaving; taken and not-taken counts are exact.
 *
 * Arguments: top=N (default 20; 0 for all), out=FILE (default: standard
 * error).  Output: the metrics of ../common/metric.h (instructions, all
 * vCPUs, counted inline; conditional-branches, taken, mispredicted), the N
 * branches executed most (ties by address), then a summary:
 *
 *     metric instructions 83
 *     metric conditional-branches 22
 *     metric taken 15
 *     metric mispredicted 13
 *     ADDRESS TAKEN NOT-TAKEN MISPREDICTED DISASSEMBLY
 *     0x40100f 5 5 10 je 0x401016
 *     ...
 *     # 4 conditional branches, 22 executions, 15 taken, 13 mispredicted (59.09%)
 *
 * On a guest architecture the runtime does not decode, the load fails with
 * one line saying so.  Instructions Capstone cannot decode (newer than
 * it) count as no branch.
 *
 * SPDX-License-Identifier: MIT
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <qemu-instr/qi.h>

#include "../common/metric.h"
#include "../common/top.h"

QI_EXPORT const int qi_api_version = QI_API_VERSION;

/* One conditional branch. */
typedef struct Branch {
    uint64_t pc, target, fallthrough;
    char *disas;
    uint64_t taken, not_taken, mispredicted; /* added atomically */
    uint8_t state; /* 0-1 predict not taken, 2-3 taken */
} Branch;

static FILE *out;
static unsigned long top = 20;
static QICounter *pending;    /* per vCPU: the Branch its last block ended */
static QICounter *insns;      /* per vCPU: instructions executed */
static GMutex lock;           /* guards branches and by_pc */
static GPtrArray *branches;   /* every Branch */
static GHashTable *by_pc;     /* pc -> Branch */
/* The conditional branch ending the block this thread translates, if any. */
static _Thread_local Branch *last_branch;

/* The record of the branch at @insn's address, created on first sight. */
static Branch *branch_at(QIInsn *insn, uint64_t target)
{
    uint64_t pc = qi_insn_vaddr(insn);
    g_mutex_lock(&lock);
    Branch *b = g_hash_table_lookup(by_pc, &pc);
    if (b == NULL) {
        b = g_new0(Branch, 1);
        b->pc = pc;
        b->target = target;
        b->fallthrough = qi_insn_fallthrough(insn);
        b->disas = qi_insn_disas(insn);
        b->state = 1;
        g_hash_table_insert(by_pc, &b->pc, b);
        g_ptr_array_add(branches, b);
    }
    g_mutex_unlock(&lock);
    return b;
}

/* The block at args[0] starts right after the vCPU ran a conditional branch. */
static void resolve(QICPU vcpu, const uint64_t *args)
{
    unsigned int i = qi_cpu_index(vcpu);
    Branch *b = (Branch *)(uintptr_t)qi_counter_get(pending, i);
    qi_counter_set(pending, i, 0);
    bool taken = args[0] == b->target;
    if (!taken && args[0] != b->fallthrough) {
        return; /* left its block another way */
    }
    uint8_t state = __atomic_load_n(&b->state, __ATOMIC_RELAXED);
    if ((state >= 2) != taken) {
        __atomic_fetch_add(&b->mispredicted, 1, __ATOMIC_RELAXED);
    }
    state = taken ? (state < 3 ? state + 1 : 3) : (state > 0 ? state - 1 : 0);
    __atomic_store_n(&b->state, state, __ATOMIC_RELAXED);
    __atomic_fetch_add(taken ? &b->taken : &b->not_taken, 1,
                       __ATOMIC_RELAXED);
}

static void insn_translated(QICPU vcpu, QITB *tb, QIInsn *insn)
{
    (void)vcpu, (void)tb;
    unsigned int class = qi_insn_class(insn);
    uint64_t target;
    last_branch = (class & QI_INSN_CONDITIONAL) &&
                          qi_insn_branch_target(insn, &target)
                      ? branch_at(insn, target) : NULL;
}

static void tb_translated(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    qi_gen_tb_count_insns(tb, insns);
    /* The test of the previous block's branch first, then this block's. */
    QIArg here = qi_arg_const(qi_tb_vaddr(tb));
    qi_gen_tb_exec_if(tb, pending, QI_COND_NE, qi_arg_const(0), resolve, 1,
                      &here);
    if (last_branch != NULL) {
        qi_gen_tb_count(tb, pending, qi_arg_const((uintptr_t)last_branch));
    }
    last_branch = NULL;
}

static void free_branch(gpointer p)
{
    Branch *b = p;
    free(b->disas);
    g_free(b);
}

/* Most executed first, ties by address. */
static gint by_executions(gconstpointer a, gconstpointer b)
{
    const Branch *x = *(Branch *const *)a, *y = *(Branch *const *)b;
    uint64_t ex = x->taken + x->not_taken, ey = y->taken + y->not_taken;
    if (ex != ey) {
        return ex > ey ? -1 : 1;
    }
    return x->pc < y->pc ? -1 : x->pc > y->pc;
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "top", "out", NULL };
    const char *v[2];
    if (qi_args_parse(argc, argv, keys, v) != 0 ||
        parse_top(v[0], &top) != 0 || (out = qi_open_output(v[1])) == NULL) {
        return -1;
    }
    if (!qi_can_classify()) {
        qi_set_error("cannot tell branches apart on %s guests (qemu-instr "
                     "decodes x86_64, i386 and aarch64)", qi_guest_arch());
        return -1;
    }
    pending = qi_counter_new();
    insns = qi_counter_new();
    branches = g_ptr_array_new_with_free_func(free_branch);
    by_pc = g_hash_table_new(g_int64_hash, g_int64_equal);
    qi_event_set_guest_insn_before_trans(insn_translated);
    qi_event_set_guest_tb_after_trans(tb_translated);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    g_ptr_array_sort(branches, by_executions);
    uint64_t execs = 0, taken = 0, missed = 0, unresolved = 0;
    unsigned executed = 0;
    for (unsigned int i = 0; i < qi_vcpu_count(); i++) {
        unresolved += qi_counter_get(pending, i) != 0;
    }
    for (guint i = 0; i < branches->len; i++) {
        const Branch *b = g_ptr_array_index(branches, i);
        execs += b->taken + b->not_taken;
        taken += b->taken;
        missed += b->mispredicted;
    }
    metric_print(out, "instructions", qi_counter_sum(insns));
    metric_print(out, "conditional-branches", execs + unresolved);
    metric_print(out, "taken", taken);
    metric_print(out, "mispredicted", missed);
    fprintf(out, "ADDRESS TAKEN NOT-TAKEN MISPREDICTED DISASSEMBLY\n");
    for (guint i = 0; i < branches->len; i++) {
        Branch *b = g_ptr_array_index(branches, i);
        if (b->taken + b->not_taken == 0) {
            continue;
        }
        executed++;
        if (top == 0 || i < top) {
            fprintf(out, "0x%" PRIx64 " %" PRIu64 " %" PRIu64 " %" PRIu64
                    " %s\n", b->pc, b->taken, b->not_taken, b->mispredicted,
                    b->disas);
        }
    }
    fprintf(out, "# %u conditional branches, %" PRIu64 " executions, %"
            PRIu64 " taken, %" PRIu64 " mispredicted (%.2f%%)", executed,
            execs, taken, missed, execs ? 100.0 * missed / execs : 0.0);
    if (unresolved != 0) {
        fprintf(out, ", %" PRIu64 " more ran last, direction unknown",
                unresolved);
    }
    fputc('\n', out);
    qi_close_output(out);
    g_hash_table_unref(by_pc);
    g_ptr_array_unref(branches);
    qi_counter_free(pending);
    qi_counter_free(insns);
}
