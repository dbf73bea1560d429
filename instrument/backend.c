/*
 * The backend and its safe points (backend.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "backend.h"

#include <glib.h>

const Backend *backend;

/* 1 from a request until its safe point is done. */
static int safepoint_requested;

void backend_set(const Backend *b)
{
    backend = b;
}

void backend_request_safepoint(void)
{
    if (g_atomic_int_compare_and_exchange(&safepoint_requested, 0, 1)) {
        backend->reset();
    }
}

void backend_safepoint_done(void)
{
    g_atomic_int_set(&safepoint_requested, 0);
}
