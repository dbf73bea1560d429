/*
 * One-line diagnostics on stderr (see report.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "report.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The runtime's own standard error, which the guest cannot close. */
static FILE *stream;
static int stream_fd = STDERR_FILENO;

void report_init(void)
{
    int fd = dup(STDERR_FILENO);
    stream = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (stream != NULL) {
        stream_fd = fd;
    }
    if (stream != NULL) {
        setvbuf(stream, NULL, _IOLBF, 0);
    }
}

static int losses;

static void vreport(const char *fmt, va_list ap)
{
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    /* One fprintf, so lines from several vCPU threads do not interleave. */
    fprintf(stream ? stream : stderr, "qemu-instr: %s\n", msg);
}

void report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fmt, ap);
    va_end(ap);
}

void report_loss(const char *fmt, ...)
{
    g_atomic_int_set(&losses, 1);
    va_list ap;
    va_start(ap, fmt);
    vreport(fmt, ap);
    va_end(ap);
}

void report_loss_in_signal(const char *message)
{
    g_atomic_int_set(&losses, 1);
    static const char prefix[] = "qemu-instr: ";
    char line[1024];
    size_t len = sizeof(prefix) - 1, n = strlen(message);
    memcpy(line, prefix, len);
    n = MIN(n, sizeof(line) - len - 1);
    memcpy(line + len, message, n);
    len += n;
    line[len++] = '\n';
    /* One write, so that it does not interleave with other lines. */
    ssize_t written = write(stream_fd, line, len);
    (void)written;
}

bool report_losses(void)
{
    return g_atomic_int_get(&losses);
}
