/*
 * Splitting a QMP byte stream into JSON messages.  QMP does not delimit
 * messages: a message ends where its outermost object (or array) closes.
 * Anything else at the top level is taken up to the end of its line, so
 * that garbage gets an error reply instead of stalling the stream.
 *
 * A message over the length or nesting limit is refused as soon as it
 * passes the limit, and the rest of it is skipped up to its end or the
 * next newline, whichever comes first (a newline cannot occur inside a
 * JSON string): from there the stream is in step again, as with QEMU.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_QMP_STREAM_H
#define QEMU_INSTR_QMP_STREAM_H

#include <glib.h>

/*
 * A complete message of @len bytes; or, with @message NULL, @refused says
 * in one line why the message in progress was refused and is skipped.
 */
typedef void (*QmpMessageFn)(const char *message, gsize len,
                             const char *refused, void *data);

typedef struct QmpStream QmpStream;

/*
 * A stream whose messages may be at most @max_bytes long and nest objects
 * and arrays at most @max_depth deep.
 */
QmpStream *qmp_stream_new(gsize max_bytes, int max_depth);

/* Free @s (a message in progress is dropped). */
void qmp_stream_free(QmpStream *s);

/* Feed @len bytes; @fn is called for each message they complete. */
void qmp_stream_feed(QmpStream *s, const char *bytes, gsize len,
                     QmpMessageFn fn, void *data);

#endif /* QEMU_INSTR_QMP_STREAM_H */
