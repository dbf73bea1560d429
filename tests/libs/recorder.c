/*
 * Test library: counts its emitted calls, one per block execution, and
 * proves none arrives after qi_fini: a late call is reported in out=FILE
 * (and, once the library is unmapped, would crash QEMU).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdio.h>

#include <qemu-instr/qi.h>

QI_EXPORT const int qi_api_version = QI_API_VERSION;

static FILE *out;
static uint64_t calls;
static int finished;

static void block_executed(QICPU vcpu, const uint64_t *args)
{
    (void)vcpu, (void)args;
    if (__atomic_load_n(&finished, __ATOMIC_RELAXED)) {
        fprintf(out, "call after qi_fini\n");
        fflush(out);
    }
    __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
}

static void block_translated(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    qi_gen_tb_exec(tb, block_executed, 0, NULL);
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "out", NULL };
    const char *path;
    if (qi_args_parse(argc, argv, keys, &path) != 0 ||
        (out = qi_open_output(path)) == NULL) {
        return -1;
    }
    qi_event_set_guest_tb_before_trans(block_translated);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    fprintf(out, "calls %" PRIu64 "\n", calls);
    fflush(out);
    __atomic_store_n(&finished, 1, __ATOMIC_RELAXED);
}
