/*
 * The QMP monitor: QEMU's machine protocol on a unix socket, serving the
 * qemu-instr commands (instr-load, instr-unload, query-instr,
 * query-commands) and events (INSTR_LOAD, INSTR_UNLOAD) to any number of
 * clients.  See docs/monitors.md.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_QMP_SERVER_H
#define QEMU_INSTR_QMP_SERVER_H

#include <glib.h>

#include "monitor/control-api.h"

/* Longest message accepted, in bytes. */
#define QMP_MAX_MESSAGE (64 * 1024)

/* Deepest nesting of objects and arrays accepted in a message (as QEMU). */
#define QMP_MAX_DEPTH 1024

/*
 * Serve QMP on @spec ("unix:PATH") with @backend, whose changes become
 * events (it must implement subscribe).  FALSE with a one-line @error.
 */
gboolean qmp_start(const ControlBackend *backend, const char *spec,
                   GError **error);

/* Stop listening and remove the socket (at exit). */
void qmp_stop(void);

#endif /* QEMU_INSTR_QMP_SERVER_H */
