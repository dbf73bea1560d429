/*
 * One-line diagnostics on stderr (see report.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "report.h"

#include <stdio.h>

void report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    /* One fprintf, so lines from several vCPU threads do not interleave. */
    fprintf(stderr, "qemu-instr: %s\n", msg);
}
