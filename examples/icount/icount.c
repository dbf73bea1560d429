/*
 * icount: count the guest instructions executed, exactly, per vCPU.
 *
 * While a single vCPU exists, each block gets an inline counter addition
 * of its instruction count: no call at all.  QEMU 7.2's inline add is one
 * non-atomic location shared by every vCPU, so when a second vCPU appears
 * icount asks for all code to be translated again, and from then on each
 * block gets an emitted call that adds its count to the running vCPU's own
 * counter.  The switch loses nothing: in user mode the new vCPU is created
 * by its parent's clone system call, and the parent runs no guest code
 * until the retranslation is done, so one thread at a time adds inline.
 *
 * Arguments: out=FILE (default: standard error).
 * Output: "insns TOTAL", then "vcpu INDEX COUNT" for each vCPU that ran
 * (what was counted inline, before a second vCPU existed, is vCPU 0's).
 *
 * SPDX-License-Identifier: MIT
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#include <qemu-instr/qi.h>

QI_EXPORT const int qi_api_version = QI_API_VERSION;

#define MAX_VCPUS 1024

/* One cache line per vCPU, so vCPU threads never write the same line. */
static struct {
    _Alignas(64) uint64_t insns;
} counts[MAX_VCPUS];
static uint64_t beyond_max; /* vCPUs past MAX_VCPUS share this, atomically */
static uint64_t inline_count; /* while a single vCPU exists */
static int vcpus_seen;
static bool per_vcpu;
static FILE *out;

static void block_executed(QICPU vcpu, const uint64_t *args)
{
    unsigned int i = qi_cpu_index(vcpu);
    if (i < MAX_VCPUS) {
        counts[i].insns += args[0];
    } else {
        __atomic_fetch_add(&beyond_max, args[0], __ATOMIC_RELAXED);
    }
}

static void block_translated(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    QIArg n_insns = qi_arg_const(qi_tb_n_insns(tb));
    if (__atomic_load_n(&per_vcpu, __ATOMIC_ACQUIRE)) {
        qi_gen_tb_exec(tb, block_executed, 1, &n_insns);
    } else {
        qi_gen_tb_counter_add(tb, &inline_count, n_insns);
    }
}

static void vcpu_created(QICPU vcpu)
{
    (void)vcpu;
    if (__atomic_add_fetch(&vcpus_seen, 1, __ATOMIC_ACQ_REL) == 2) {
        __atomic_store_n(&per_vcpu, true, __ATOMIC_RELEASE);
        qi_retranslate();
    }
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "out", NULL };
    const char *path;
    if (qi_args_parse(argc, argv, keys, &path) != 0 ||
        (out = qi_open_output(path)) == NULL) {
        return -1;
    }
    qi_event_set_guest_cpu_enter(vcpu_created);
    qi_event_set_guest_tb_after_trans(block_translated);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    counts[0].insns += inline_count;
    uint64_t total = beyond_max;
    for (unsigned int i = 0; i < MAX_VCPUS; i++) {
        total += counts[i].insns;
    }
    fprintf(out, "insns %" PRIu64 "\n", total);
    for (unsigned int i = 0; i < MAX_VCPUS; i++) {
        if (counts[i].insns != 0) {
            fprintf(out, "vcpu %u %" PRIu64 "\n", i, counts[i].insns);
        }
    }
    if (beyond_max != 0) {
        fprintf(out, "vcpus>=%d %" PRIu64 "\n", MAX_VCPUS, beyond_max);
    }
    fclose(out);
}
