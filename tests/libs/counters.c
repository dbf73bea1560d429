/*
 * Test library of API version 2's counters, conditional calls and memory
 * reads, each with a result known by construction on the test guests.
 *
 * Arguments: out=FILE; every=K (default 1000); nth=M (default 20000);
 * addr=ADDRESS (a block whose executions are counted per vCPU);
 * reg=NAME (a register read when that block first runs).
 * Output lines:
 *   by-tb T         instructions counted per block (qi_gen_tb_count)
 *   by-insn T       instructions counted one by one (qi_gen_insn_count)
 *   every F R       a call each time a vCPU ran K more instructions:
 *                   F calls, R instructions left over (T = F * K + R)
 *   nth C           calls at the M-th instruction (EQ, value a promise)
 *   memory S        "same": the first block's bytes read back from guest
 *                   memory match its translation; "unavailable" where
 *                   qi_can_read_memory() is false and reads fail
 *   register V      reg= in the block at addr= on its first run (V as an
 *                   unsigned little-endian number), or "unavailable" where
 *                   qi_can_read_registers() is false and reads fail
 *   vcpu I E        executions of the block at addr= by vCPU I
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-instr/qi.h>

/* Uses only API version 2, and says so: version-2 libraries still load. */
QI_EXPORT const int qi_api_version = 2;

static QICounter *by_tb, *by_insn, *since_call, *block_execs;
static uint64_t every = 1000, nth = 20000, block_addr;
static uint64_t every_calls, nth_calls; /* single-vCPU guests: plain adds */
static FILE *out;

/* The first block translated: its address and bytes, and the read result. */
static uint64_t first_vaddr;
static unsigned char first_bytes[16];
static size_t first_size;
static const char *memory = "not run";

static const char *reg_name;
static char reg_value[64] = "not run";

static void k_more(QICPU vcpu, const uint64_t *args)
{
    (void)args;
    unsigned int i = qi_cpu_index(vcpu);
    qi_counter_set(since_call, i, qi_counter_get(since_call, i) - every);
    __atomic_fetch_add(&every_calls, 1, __ATOMIC_RELAXED);
}

static void mth_insn(QICPU vcpu, const uint64_t *args)
{
    (void)vcpu, (void)args;
    __atomic_fetch_add(&nth_calls, 1, __ATOMIC_RELAXED);
}

static void first_block_runs(QICPU vcpu, const uint64_t *args)
{
    (void)args;
    unsigned char bytes[sizeof(first_bytes)];
    int rc = qi_vcpu_read_memory(vcpu, first_vaddr, bytes, first_size);
    if (!qi_can_read_memory()) {
        memory = rc == -1 ? "unavailable" : "read without support";
    } else {
        memory = rc == 0 && memcmp(bytes, first_bytes, first_size) == 0
                     ? "same" : "different";
    }
}

static void block_runs(QICPU vcpu, const uint64_t *args)
{
    (void)args;
    static int done;
    if (__atomic_exchange_n(&done, 1, __ATOMIC_RELAXED)) {
        return;
    }
    uint8_t bytes[8] = { 0 };
    int size = qi_vcpu_read_register(vcpu, qi_register_find(reg_name), bytes,
                                     sizeof(bytes));
    if (!qi_can_read_registers()) {
        snprintf(reg_value, sizeof(reg_value), "%s",
                 size == -1 ? "unavailable" : "read without support");
        return;
    }
    uint64_t value = 0;
    for (int i = 7; i >= 0; i--) {
        value = value << 8 | bytes[i];
    }
    snprintf(reg_value, sizeof(reg_value), "%s %d %" PRIu64, reg_name, size,
             value);
}

static void insn_translated(QICPU vcpu, QITB *tb, QIInsn *insn)
{
    (void)vcpu;
    qi_gen_insn_count(insn, by_insn, qi_arg_const(1));
    /* nth: a promise as the comparison value, set in tb_after. */
    QIPromise *m = qi_promise_new(tb);
    qi_gen_insn_exec_if(insn, by_insn, QI_COND_EQ, qi_arg_promise(m),
                        mth_insn, 0, NULL);
    qi_promise_set(m, nth);
    if (first_size == 0 && qi_insn_vaddr(insn) == qi_tb_vaddr(tb)) {
        size_t n = qi_insn_size(insn);
        first_size = n < sizeof(first_bytes) ? n : sizeof(first_bytes);
        first_vaddr = qi_insn_vaddr(insn);
        memcpy(first_bytes, qi_insn_data(insn), first_size);
        qi_gen_insn_exec(insn, first_block_runs, 0, NULL);
    }
}

static void block_translated(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    QIArg n = qi_arg_const(qi_tb_n_insns(tb));
    qi_gen_tb_count(tb, by_tb, n);
    qi_gen_tb_count(tb, since_call, n);
    qi_gen_tb_exec_if(tb, since_call, QI_COND_GE, qi_arg_const(every), k_more,
                      0, NULL);
    if (qi_tb_vaddr(tb) == block_addr) {
        qi_gen_tb_count(tb, block_execs, qi_arg_const(1));
        if (reg_name != NULL) {
            qi_gen_tb_exec(tb, block_runs, 0, NULL);
        }
    }
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "out", "every", "nth", "addr", "reg",
                                        NULL };
    const char *v[5];
    if (qi_args_parse(argc, argv, keys, v) != 0 ||
        (out = qi_open_output(v[0])) == NULL) {
        return -1;
    }
    every = v[1] ? strtoull(v[1], NULL, 0) : every;
    nth = v[2] ? strtoull(v[2], NULL, 0) : nth;
    block_addr = v[3] ? strtoull(v[3], NULL, 0) : 0;
    reg_name = v[4];
    if (reg_name != NULL) {
        qi_request_registers();
    }
    by_tb = qi_counter_new();
    by_insn = qi_counter_new();
    since_call = qi_counter_new();
    block_execs = qi_counter_new();
    qi_event_set_guest_insn_before_trans(insn_translated);
    qi_event_set_guest_tb_after_trans(block_translated);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    fprintf(out, "by-tb %" PRIu64 "\nby-insn %" PRIu64 "\n",
            qi_counter_sum(by_tb), qi_counter_sum(by_insn));
    fprintf(out, "every %" PRIu64 " %" PRIu64 "\nnth %" PRIu64 "\n",
            every_calls, qi_counter_sum(since_call), nth_calls);
    fprintf(out, "memory %s\n", memory);
    if (reg_name != NULL) {
        fprintf(out, "register %s\n", reg_value);
    }
    for (unsigned int i = 0; i < qi_vcpu_count(); i++) {
        if (qi_counter_get(block_execs, i) != 0) {
            fprintf(out, "vcpu %u %" PRIu64 "\n", i,
                    qi_counter_get(block_execs, i));
        }
    }
    qi_close_output(out);
    /* by_tb and the others are left to the runtime, which frees them. */
}
