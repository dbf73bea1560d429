/*
 * Run-time control: loading and unloading libraries while the guest runs.
 *
 * Monitors (qmp/, hmp/) run on threads of their own.  They post requests
 * here; the runtime applies them at its next safe point on a vCPU thread
 * (QEMU flushes its translated code there, see runtime.h), and the calling
 * thread blocks until the change is in effect, or fails after 5 seconds
 * without changing anything.
 *
 * So that a request is noticed even while the guest spins in translated
 * code, enabling control makes every translated block poll: on QEMU 9.0
 * and later an inline test of a per-vCPU flag, on 7.2 a call to a tiny
 * function: the price of having a monitor (see docs/monitors.md).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_CONTROL_H
#define QEMU_INSTR_CONTROL_H

#include <glib.h>

#include "library.h"
#include "options.h"
#include "qemu/backend.h"

/* How long a request may wait for a vCPU to pick it up. */
#define CONTROL_TIMEOUT_SECONDS 5

/* What a monitor needs from the runtime; tests substitute their own. */
typedef struct ControlBackend {
    /*
     * Load the library @spec describes; returns its id (g_free it), or NULL
     * with @error set to a one-line message.
     */
    char *(*load)(const LibrarySpec *spec, GError **error);
    /* Unload library @id; FALSE with @error set if there is none, etc. */
    gboolean (*unload)(const char *id, GError **error);
    /* The loaded libraries, in load order (free with g_ptr_array_unref). */
    GPtrArray *(*list)(void);
} ControlBackend;

/*
 * Something changed: @event is "INSTR_LOAD" or "INSTR_UNLOAD".  Called on
 * the thread of the monitor that asked for the change.
 */
typedef void (*ControlListener)(const char *event, const LibraryInfo *library,
                                void *data);

/* The runtime's backend (requests applied at safe points). */
extern const ControlBackend control_runtime;

/* Tell @listener about every change made through the control_runtime backend. */
void control_add_listener(ControlListener listener, void *data);

/* Turn polling on (a monitor exists).  Call before the guest starts. */
void control_enable(void);
gboolean control_enabled(void);

/*
 * The poll: called on vCPU threads (from blocks, system calls, idle); asks
 * for a safe point when a request is waiting.
 */
void control_poll(unsigned int vcpu_index, void *unused);

/* Make the block being translated poll (control enabled). */
void control_emit_poll(BackendTB *tb);

/* At the safe point: apply waiting requests, then (after the runtime has
 * registered its callbacks again) let their callers go. */
void control_apply(void);
void control_complete(void);

#endif /* QEMU_INSTR_CONTROL_H */
