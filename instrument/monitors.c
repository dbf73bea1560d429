/*
 * Wiring the monitors to the runtime (monitors.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "monitors.h"

#include "control.h"
#include "hmp/hmp-server.h"
#include "qmp/qmp-server.h"

gboolean monitors_start(const RuntimeOptions *opts, GError **error)
{
    const ControlBackend *backend = &control_runtime;
    if ((opts->qmp != NULL && !qmp_start(backend, opts->qmp, error)) ||
        (opts->hmp != NULL && !hmp_start(backend, opts->hmp, error))) {
        return FALSE;
    }
    if (opts->qmp != NULL || opts->hmp != NULL) {
        control_enable();
    }
    return TRUE;
}

void monitors_stop(void)
{
    qmp_stop();
    hmp_stop();
}
