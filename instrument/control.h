/*
 * Run-time control: loading and unloading libraries while the guest runs.
 *
 * Monitors (qmp/, hmp/) run on threads of their own.  They post requests
 * through the control_runtime backend (monitor/control-api.h); the runtime
 * applies them at its next safe point on a vCPU thread (QEMU flushes its
 * translated code there, see backend.h), and the calling thread blocks until
 * the change is in effect, or fails after 5 seconds without changing
 * anything.
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

#include "monitor/control-api.h"
#include "qemu/backend.h"

/* How long a request may wait for a vCPU to pick it up. */
#define CONTROL_TIMEOUT_SECONDS 5

/*
 * The runtime's backend (requests applied at safe points).  Its listeners
 * are called after every change it made, on the thread that asked for it.
 */
extern const ControlBackend control_runtime;

/* Turn polling on (a monitor exists).  Call before the guest starts. */
void control_enable(void);

/* Has control_enable() been called? */
gboolean control_enabled(void);

/*
 * The poll: called on vCPU threads (from blocks, system calls, idle); asks
 * for a safe point when a request is waiting.
 */
void control_poll(unsigned int vcpu_index, void *unused);

/* Make the block being translated poll (control enabled). */
void control_emit_poll(BackendTB *tb);

/* At the safe point: apply the waiting requests. */
void control_apply(void);

/*
 * Later at the same safe point, once the runtime has registered its
 * callbacks again: the applied requests are in effect, let their callers go.
 */
void control_complete(void);

#endif /* QEMU_INSTR_CONTROL_H */
