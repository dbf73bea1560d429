/*
 * Test library: breaks the promise and handle rules on purpose, to test
 * that the runtime reports it, disables this library only, and keeps the
 * guest running.  bug=unset|foreign|stale|null-tb|null-promise chooses the
 * bug (null-*: a NULL handle given to qi_promise_new or qi_promise_set); the
 * first block
 * translated after skip=N blocks (default 0) commits it.  qi_fini writes
 * "fini" to out=FILE, proving it ran.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-instr/qi.h>

QI_EXPORT const int qi_api_version = QI_API_VERSION;

static FILE *out;
static const char *bug;
static long skip;
static QIPromise *previous_promise;
static QITB *previous_tb;

/* An emitted call that queries a handle of a block long translated. */
static void query_stale_tb(QICPU vcpu, const uint64_t *args)
{
    (void)vcpu, (void)args;
    qi_tb_vaddr(previous_tb);
}

static void tb_start(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    QIPromise *p = qi_promise_new(tb);
    bool now = skip-- == 0;
    if (now && strcmp(bug, "foreign") == 0) {
        QIArg arg = qi_arg_promise(previous_promise);
        qi_gen_tb_exec(tb, query_stale_tb, 1, &arg);
    }
    if (now && strcmp(bug, "stale") == 0) {
        qi_gen_tb_exec(tb, query_stale_tb, 0, NULL);
    }
    if (now && strcmp(bug, "null-tb") == 0) {
        qi_promise_new(NULL);
    }
    if (now && strcmp(bug, "null-promise") == 0) {
        qi_promise_set(NULL, 1);
    }
    if (!now || strcmp(bug, "unset") != 0) {
        qi_promise_set(p, 1);
    }
    previous_promise = p;
    previous_tb = tb;
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "out", "bug", "skip", NULL };
    const char *values[3];
    if (qi_args_parse(argc, argv, keys, values) != 0 ||
        (out = qi_open_output(values[0])) == NULL) {
        return -1;
    }
    bug = values[1] ? values[1] : "unset";
    skip = values[2] ? atol(values[2]) : 0;
    qi_event_set_guest_tb_before_trans(tb_start);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    fprintf(out, "fini\n");
    qi_close_output(out);
}
