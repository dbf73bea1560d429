/*
 * icount: count the guest instructions executed, exactly, per vCPU.
 *
 * Each block gets, at translation, one emitted call that carries its
 * instruction count; at execution the call adds it to the running vCPU's
 * counter.  (An inline counter would be cheaper, but it is one location
 * shared by every vCPU and QEMU 7.2's inline add is not atomic, so
 * multi-threaded guests would lose counts.)
 *
 * Arguments: out=FILE (default: standard error).
 * Output: "insns TOTAL", then "vcpu INDEX COUNT" for each vCPU that ran.
 *
 * SPDX-License-Identifier: MIT
 */
#include <inttypes.h>
#include <stdio.h>

#include <qemu-instr/qi.h>

QI_EXPORT const int qi_api_version = QI_API_VERSION;

#define MAX_VCPUS 1024

/* One cache line per vCPU, so vCPU threads never write the same line. */
static struct {
    _Alignas(64) uint64_t insns;
} counts[MAX_VCPUS];
static uint64_t beyond_max; /* vCPUs past MAX_VCPUS share this, atomically */
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
    qi_gen_tb_exec(tb, block_executed, 1, &n_insns);
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "out", NULL };
    const char *path;
    if (qi_args_parse(argc, argv, keys, &path) != 0 ||
        (out = qi_open_output(path)) == NULL) {
        return -1;
    }
    qi_event_set_guest_tb_after_trans(block_translated);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
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
