/*
 * Test library: executions of one block per vCPU, counted by an emitted
 * call with per-vCPU counters, to check per-vCPU exactness on a
 * multi-threaded guest.  addr=ADDRESS picks the block (the one starting
 * there); out=FILE receives "VCPU:EXECUTIONS" for each vCPU that ran it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <qemu-instr/qi.h>

QI_EXPORT const int qi_api_version = QI_API_VERSION;

#define MAX_VCPUS 64

static struct {
    _Alignas(64) uint64_t execs;
} counts[MAX_VCPUS];
static uint64_t block_addr;
static FILE *out;

static void block_executed(QICPU vcpu, const uint64_t *args)
{
    (void)args;
    unsigned int i = qi_cpu_index(vcpu);
    if (i < MAX_VCPUS) {
        counts[i].execs++;
    }
}

static void tb_end(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    if (qi_tb_vaddr(tb) == block_addr) {
        qi_gen_tb_exec(tb, block_executed, 0, NULL);
    }
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "addr", "out", NULL };
    const char *v[2];
    if (qi_args_parse(argc, argv, keys, v) != 0 ||
        (out = qi_open_output(v[1])) == NULL) {
        return -1;
    }
    block_addr = v[0] != NULL ? strtoull(v[0], NULL, 0) : 0;
    qi_event_set_guest_tb_after_trans(tb_end);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    for (unsigned int i = 0; i < MAX_VCPUS; i++) {
        if (counts[i].execs != 0) {
            fprintf(out, "%u:%" PRIu64 "\n", i, counts[i].execs);
        }
    }
    qi_close_output(out);
}
