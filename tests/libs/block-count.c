/*
 * Test library: counts executions of the block that starts at addr=ADDR
 * (hex), exactly, from any number of vCPUs; writes "execs N" to out=FILE.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <qemu-instr/qi.h>

QI_EXPORT const int qi_api_version = QI_API_VERSION;

static FILE *out;
static uint64_t addr, execs;

static void block_executed(QICPU vcpu, const uint64_t *args)
{
    (void)vcpu, (void)args;
    __atomic_fetch_add(&execs, 1, __ATOMIC_RELAXED);
}

static void block_translated(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    if (qi_tb_vaddr(tb) == addr) {
        qi_gen_tb_exec(tb, block_executed, 0, NULL);
    }
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "out", "addr", NULL };
    const char *values[2];
    if (qi_args_parse(argc, argv, keys, values) != 0 ||
        (out = qi_open_output(values[0])) == NULL) {
        return -1;
    }
    addr = values[1] ? strtoull(values[1], NULL, 16) : 0;
    qi_event_set_guest_tb_before_trans(block_translated);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    fprintf(out, "execs %" PRIu64 "\n", execs);
    qi_close_output(out);
}
