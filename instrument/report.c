/*
 * One-line diagnostics on stderr (see report.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "report.h"

#include <stdio.h>
#include <unistd.h>

/* The runtime's own standard error, which the guest cannot close. */
static FILE *stream;

void report_init(void)
{
    int fd = dup(STDERR_FILENO);
    stream = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (stream != NULL) {
        setvbuf(stream, NULL, _IOLBF, 0);
    }
}

void report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    /* One fprintf, so lines from several vCPU threads do not interleave. */
    fprintf(stream ? stream : stderr, "qemu-instr: %s\n", msg);
}
