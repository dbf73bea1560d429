/*
 * The runtime: what QEMU sees of qemu-instr.  Installs itself into QEMU,
 * loads the start-up libraries, and keeps QEMU's callback registrations in
 * step with what the loaded libraries need, so that an unused event costs
 * nothing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_RUNTIME_H
#define QEMU_INSTR_RUNTIME_H

#include "qemu/backend.h"

/*
 * The QEMU the runtime runs in, as its backend presents it (set by
 * qi_runtime_install(), declared in qemu/backend.h).  The runtime lives in
 * libqemu-instr.so, not in the backend module: QEMU opens plugins
 * RTLD_LOCAL, so state shared with instrumentation libraries must sit in a
 * library they all link.
 */
extern const Backend *qemu;

/*
 * Register with QEMU exactly the events some active library handles, and
 * unregister the others.  Call after any change to the libraries or to
 * their handlers.
 */
void runtime_sync_callbacks(void);

/*
 * Ask for a safe point: QEMU flushes its translated code, stops calling us,
 * and then (on a vCPU thread, about 1 ms later) the runtime unloads disabled
 * libraries, frees the arena and registers its callbacks again.  Must be
 * called on a vCPU thread (inside one of our callbacks), where QEMU's reset
 * flushes the translation cache.
 */
void runtime_request_safepoint(void);

#endif /* QEMU_INSTR_RUNTIME_H */
