/*
 * Write streams that keep the cause of their first failed write.
 *
 * A plain stdio stream only remembers that a write failed (ferror()); by the
 * time the writer closes it, errno tells nothing, and a buffer that failed
 * earlier may leave fclose() nothing to fail on.  A stream from
 * wstream_fdopen() or wstream_fopen() makes fclose() return EOF with errno
 * set to the errno of the first write that failed (ENOSPC on a full disk),
 * or of the flush or close() itself.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef QEMU_INSTR_WSTREAM_H
#define QEMU_INSTR_WSTREAM_H

#include <stdio.h>

/*
 * wstream_fdopen() - a buffered write stream on @fd, which it owns (fclose()
 * closes it).  Line-buffered on a terminal.  fileno() of the stream is -1.
 * Returns NULL with errno set (then @fd is closed).
 */
FILE *wstream_fdopen(int fd);

/*
 * wstream_fopen() - create or truncate @path (mode 0666 less the umask,
 * close-on-exec) and return a stream from wstream_fdopen() on it.
 * Returns NULL with errno set.
 */
FILE *wstream_fopen(const char *path);

#endif /* QEMU_INSTR_WSTREAM_H */
