/*
 * Splitting a QMP byte stream into JSON messages.  QMP does not delimit
 * messages: a message ends where its outermost object (or array) closes.
 * Anything else at the top level is taken up to the end of its line, so
 * that garbage gets an error reply instead of stalling the stream.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_QMP_STREAM_H
#define QEMU_INSTR_QMP_STREAM_H

#include <glib.h>

/*
 * A complete message of @len bytes, or (@message NULL) one that exceeded
 * the stream's limit and was discarded.
 */
typedef void (*QmpMessageFn)(const char *message, gsize len, void *data);

typedef struct QmpStream QmpStream;

/* A stream whose messages may be at most @max_message bytes long. */
QmpStream *qmp_stream_new(gsize max_message);
void qmp_stream_free(QmpStream *s);

/* Feed @len bytes; @fn is called for each message they complete. */
void qmp_stream_feed(QmpStream *s, const char *bytes, gsize len,
                     QmpMessageFn fn, void *data);

#endif /* QEMU_INSTR_QMP_STREAM_H */
