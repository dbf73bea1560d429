/*
 * QMP's command layer: validating requests, negotiating capabilities, and
 * running the qemu-instr commands against a control backend.  No I/O here,
 * so that it is unit-testable.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_QMP_DISPATCH_H
#define QEMU_INSTR_QMP_DISPATCH_H

#include <glib.h>

#include "monitor/control-api.h"

/* One client's state. */
typedef struct QmpSession {
    const ControlBackend *backend;
    gboolean negotiated; /* qmp_capabilities succeeded */
} QmpSession;

/* The greeting sent to a new client (JSON text, no line end). */
char *qmp_greeting(void);

/*
 * The reply to one request, @message its JSON text (@len bytes).  Returns
 * JSON text without a line end.  Never fails: bad requests get error
 * replies.
 */
char *qmp_dispatch(QmpSession *session, const char *message, gsize len);

/*
 * The reply to a message refused unread (qmp-stream.h), @why saying why:
 * a GenericError (JSON text without a line end).
 */
char *qmp_refusal(const char *why);

/* An event announcing @library (JSON text, with QMP's timestamp). */
char *qmp_event(const char *name, const LibraryInfo *library);

#endif /* QEMU_INSTR_QMP_DISPATCH_H */
