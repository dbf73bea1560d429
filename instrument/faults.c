/*
 * A library's faults (faults.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "faults.h"

#include "backend.h"
#include "report.h"

bool library_fail(Library *lib, const char *message)
{
    if (!g_atomic_int_compare_and_exchange(&lib->disabled, 0, 1)) {
        return false;
    }
    report_loss("%s", message);
    return true;
}

bool library_disable(Library *lib, const char *reason)
{
    if (!g_atomic_int_compare_and_exchange(&lib->disabled, 0, 1)) {
        return false;
    }
    report("library %s (%s) disabled: %s", lib->id, lib->path, reason);
    return true;
}

void library_fault(Library *lib, const char *fmt, ...)
{
    if (lib == NULL) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *reason = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (library_disable(lib, reason)) {
        backend_request_safepoint();
    }
}
