/*
 * Test library that crashes on purpose: with at=exec (default) its
 * per-block call writes through a null pointer at the N-th block executed
 * (after=N, default 1000); with at=fini its qi_fini does.  For the
 * crash-attribution tests: the runtime must name this library and
 * crashy_exec / qi_fini, and still finish the other libraries.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include <qemu-instr/qi.h>

QI_EXPORT const int qi_api_version = QI_API_VERSION;

static unsigned long crash_after = 1000, executed;
static bool crash_in_fini;
static volatile int *nowhere; /* NULL, which the compiler cannot see */

/* The crash is the point: sanitizer builds must not report it first. */
#define CRASHES __attribute__((no_sanitize("undefined")))

CRASHES static void crashy_exec(QICPU vcpu, const uint64_t *args)
{
    (void)vcpu, (void)args;
    if (__atomic_add_fetch(&executed, 1, __ATOMIC_RELAXED) == crash_after) {
        *nowhere = 1;
    }
}

static void on_tb(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    qi_gen_tb_exec(tb, crashy_exec, 0, NULL);
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "at", "after", NULL };
    const char *v[2];
    if (qi_args_parse(argc, argv, keys, v) != 0) {
        return -1;
    }
    crash_in_fini = v[0] != NULL && strcmp(v[0], "fini") == 0;
    crash_after = v[1] ? strtoul(v[1], NULL, 10) : 1000;
    if (!crash_in_fini) {
        qi_event_set_guest_tb_before_trans(on_tb);
    }
    return 0;
}

CRASHES QI_EXPORT void qi_fini(void)
{
    if (crash_in_fini) {
        *nowhere = 1;
    }
}
