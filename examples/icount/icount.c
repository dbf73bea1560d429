/*
 * icount: count the guest instructions retired, exactly, per vCPU.
 *
 * Each block adds its instruction count to a per-vCPU counter when it
 * starts executing (qi_gen_tb_count_insns()).  The runtime makes that
 * addition inline wherever QEMU allows it (see QICounter in qi.h), exact
 * with any number of vCPUs, and takes back the instructions of a block
 * left early (a fault, an interrupt) wherever QEMU lets it see that
 * (qi_sees_discontinuities(); docs/discontinuities.md).
 *
 * Arguments: out=FILE (default: standard error); "%p" in FILE is the
 * process id, and then each process the guest forks counts into a file of
 * its own, from its fork on (without "%p", children are not counted).
 * Output: "insns TOTAL", then "vcpu INDEX COUNT" for each vCPU that ran.
 *
 * SPDX-License-Identifier: MIT
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <qemu-instr/qi.h>

QI_EXPORT const int qi_api_version = QI_API_VERSION;

static QICounter *insns;
static const char *out_path;
static FILE *out;

static void block_translated(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    qi_gen_tb_count_insns(tb, insns);
}

/* In a forked child: count it from zero, into its own file. */
static int forked(QICPU vcpu)
{
    (void)vcpu;
    if (out_path == NULL || strstr(out_path, "%p") == NULL) {
        return -1; /* the one output is the parent's */
    }
    for (unsigned int i = 0; i < qi_vcpu_count(); i++) {
        qi_counter_set(insns, i, 0);
    }
    out = qi_open_output(out_path);
    return out != NULL ? 0 : -1;
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "out", NULL };
    if (qi_args_parse(argc, argv, keys, &out_path) != 0 ||
        (out = qi_open_output(out_path)) == NULL) {
        return -1;
    }
    insns = qi_counter_new();
    qi_event_set_guest_tb_after_trans(block_translated);
    qi_event_set_guest_fork_child(forked);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    fprintf(out, "insns %" PRIu64 "\n", qi_counter_sum(insns));
    for (unsigned int i = 0; i < qi_vcpu_count(); i++) {
        uint64_t count = qi_counter_get(insns, i);
        if (count != 0) {
            fprintf(out, "vcpu %u %" PRIu64 "\n", i, count);
        }
    }
    qi_close_output(out);
    qi_counter_free(insns);
}
