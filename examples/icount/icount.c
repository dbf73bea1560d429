/*
 * icount: count the guest instructions executed, exactly, per vCPU.
 *
 * Each block adds its instruction count to a per-vCPU counter when it
 * starts executing.  The runtime makes that addition inline wherever QEMU
 * allows it (see QICounter in qi.h): exact with any number of vCPUs.
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

static QICounter *insns;
static FILE *out;

static void block_translated(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    qi_gen_tb_count(tb, insns, qi_arg_const(qi_tb_n_insns(tb)));
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "out", NULL };
    const char *path;
    if (qi_args_parse(argc, argv, keys, &path) != 0 ||
        (out = qi_open_output(path)) == NULL) {
        return -1;
    }
    insns = qi_counter_new();
    qi_event_set_guest_tb_after_trans(block_translated);
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
