/*
 * HMP, the human monitor, on a unix socket: a prompt, one command a line.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_HMP_SERVER_H
#define QEMU_INSTR_HMP_SERVER_H

#include <glib.h>

#include "monitor/control-api.h"

/* The longest command line accepted, in bytes (without the newline). */
#define HMP_LINE_MAX 4096

/*
 * Serve HMP on @spec ("unix:PATH") with @backend, each client on a thread of
 * its own.  Returns FALSE with @error set to a one-line message if the
 * socket cannot be created.
 */
gboolean hmp_start(const ControlBackend *backend, const char *spec,
                   GError **error);

/* Stop listening and remove the socket (at exit). */
void hmp_stop(void);

#endif /* QEMU_INSTR_HMP_SERVER_H */
