/*
 * Write streams that keep the cause of their first failed write
 * (wstream.h): a fopencookie() stream whose write function records errno.
 *
 * SPDX-License-Identifier: MIT
 */
#include "wstream.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct Sink {
    int fd;
    int err; /* errno of the first failed write, or 0 */
} Sink;

/* All of @buf, or 0 (stdio's "error") after recording why. */
static ssize_t sink_write(void *cookie, const char *buf, size_t size)
{
    Sink *s = cookie;
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(s->fd, buf + done, size - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            int err = n < 0 ? errno : ENOSPC; /* write() of 0: no room */
            if (s->err == 0) {
                s->err = err;
            }
            errno = err;
            return 0;
        }
        done += (size_t)n;
    }
    return (ssize_t)size;
}

/* Closes the descriptor; the first write error, if any, becomes errno. */
static int sink_close(void *cookie)
{
    Sink *s = cookie;
    int err = s->err;
    if (close(s->fd) != 0 && err == 0) {
        err = errno;
    }
    free(s);
    if (err != 0) {
        errno = err;
        return -1;
    }
    return 0;
}

FILE *wstream_fdopen(int fd)
{
    Sink *s = malloc(sizeof(*s));
    FILE *f = NULL;
    if (s != NULL) {
        *s = (Sink){ .fd = fd };
        f = fopencookie(s, "w", (cookie_io_functions_t){
            .write = sink_write, .close = sink_close });
    }
    if (f == NULL) {
        int err = errno;
        free(s);
        close(fd);
        errno = err;
        return NULL;
    }
    if (isatty(fd)) {
        setvbuf(f, NULL, _IOLBF, 0);
    }
    return f;
}

FILE *wstream_fopen(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    return fd < 0 ? NULL : wstream_fdopen(fd);
}
