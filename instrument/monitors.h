/*
 * The wiring between the runtime and its monitors: the one place that knows
 * both the run-time control (control.h) and the monitors (qmp/, hmp/).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_MONITORS_H
#define QEMU_INSTR_MONITORS_H

#include <glib.h>

#include "options.h"

/*
 * Start the monitors @opts asks for (QMP, HMP), serving the control_runtime
 * backend, and if there are any turn control polling on.  Call before the
 * guest starts.  FALSE with a one-line @error if one cannot be started.
 */
gboolean monitors_start(const RuntimeOptions *opts, GError **error);

/* Stop listening and remove the sockets (at exit). */
void monitors_stop(void);

#endif /* QEMU_INSTR_MONITORS_H */
