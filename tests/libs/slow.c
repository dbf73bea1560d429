/*
 * Test library that takes its time: qi_init sleeps init=SECONDS, qi_fini
 * sleeps fini=SECONDS (default 0 each).  For run-time loads and unloads
 * that outlast the monitors' 5-second safe-point timeout.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <unistd.h>

#include <qemu-instr/qi.h>

QI_EXPORT const int qi_api_version = QI_API_VERSION;

static unsigned fini_seconds;

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "init", "fini", NULL };
    const char *v[2];
    if (qi_args_parse(argc, argv, keys, v) != 0) {
        return -1;
    }
    fini_seconds = v[1] ? (unsigned)atoi(v[1]) : 0;
    sleep(v[0] ? (unsigned)atoi(v[0]) : 0);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    sleep(fini_seconds);
}
