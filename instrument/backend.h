/*
 * The QEMU the core runs in, as its backend presents it (qemu/backend.h),
 * and the safe points the core asks of it.
 *
 * The core lives in libqemu-instr.so, not in the backend module: QEMU opens
 * plugins RTLD_LOCAL, so state shared with instrumentation libraries must
 * sit in a library they all link.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_BACKEND_H
#define QEMU_INSTR_BACKEND_H

#include "qemu/backend.h"

/* The backend, set once by backend_set() before anything else runs. */
extern const Backend *backend;

void backend_set(const Backend *b);

/*
 * Ask for a safe point: QEMU flushes its translated code, stops calling us,
 * and then (on a vCPU thread, about 1 ms later) calls CoreHooks.safepoint,
 * where the runtime unloads disabled libraries, frees the arena and
 * registers its callbacks again.  Must be called on a vCPU thread (inside
 * one of our callbacks), where QEMU's reset flushes the translation cache.
 * Requests made before the safe point is reached are one request.
 */
void backend_request_safepoint(void);

/* At the safe point, once it is done: later requests ask for another. */
void backend_safepoint_done(void);

#endif /* QEMU_INSTR_BACKEND_H */
