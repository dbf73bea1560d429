/*
 * Test library: a promise for the block's instruction count, created at the
 * start of the block's translation and set at its end, feeds both an
 * emitted call and an inline counter.  Both totals must equal the guest's
 * instruction count.  Prints "call N" and "inline N" to out=FILE.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdio.h>

#include <qemu-instr/qi.h>

/* Uses only API version 1, and says so: version-1 libraries still load. */
QI_EXPORT const int qi_api_version = 1;

static FILE *out;
static uint64_t by_call, by_inline;
/* The promise of the block this thread is translating. */
static _Thread_local QIPromise *n_insns;

static void block_executed(QICPU vcpu, const uint64_t *args)
{
    (void)vcpu;
    by_call += args[0];
}

static void tb_start(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    n_insns = qi_promise_new(tb);
    QIArg arg = qi_arg_promise(n_insns);
    qi_gen_tb_exec(tb, block_executed, 1, &arg);
    qi_gen_tb_counter_add(tb, &by_inline, arg);
}

static void tb_end(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    qi_promise_set(n_insns, qi_tb_n_insns(tb));
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "out", NULL };
    const char *path;
    if (qi_args_parse(argc, argv, keys, &path) != 0 ||
        (out = qi_open_output(path)) == NULL) {
        return -1;
    }
    qi_event_set_guest_tb_before_trans(tb_start);
    qi_event_set_guest_tb_after_trans(tb_end);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    fprintf(out, "call %" PRIu64 "\ninline %" PRIu64 "\n", by_call, by_inline);
    fclose(out);
}
