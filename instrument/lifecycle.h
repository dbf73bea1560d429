/*
 * A library's life: loaded (qi_init), woken and put to sleep by its
 * windows, finished (guest_cpu_exit, qi_fini), unloaded.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_LIFECYCLE_H
#define QEMU_INSTR_LIFECYCLE_H

#include <glib.h>
#include <stdbool.h>

#include "monitor/control-api.h"
#include "registry.h"

/*
 * Load the library @spec describes: open it, check qi_api_version, run
 * qi_init and register it; with windows, register it asleep (its first
 * qi_init waits for its first window).  On failure returns NULL with @error
 * set to a one-line message naming the library and the cause; nothing is
 * left loaded.
 */
Library *library_load(const LibrarySpec *spec, GError **error);

/*
 * An asleep library's window starts: qi_init, then guest_cpu_enter for
 * every vCPU.  FALSE with @error set if qi_init failed (it stays asleep).
 */
bool library_wake(Library *lib, GError **error);

/*
 * Its window ends: it finishes as library_finish() says, then its hooks
 * are dropped and its outputs forgotten; it is asleep until its next
 * window.  At a safe point.
 */
void library_sleep(Library *lib);

/*
 * Finish @lib: guest_cpu_exit for every live vCPU, then qi_fini; nothing if
 * it was abandoned, crashed or is not running (asleep, or finished before;
 * it is finished from then on).  A crash inside is reported and ends only
 * this (signals.h).  Leaves it mapped and registered: at QEMU exit, other
 * guest threads may still be running code that calls into it.
 */
void library_finish(Library *lib);

/*
 * Unload @lib: finish it, unmap it and remove it from the registry.  The
 * caller guarantees that no hook or emitted call of @lib can run any more.
 */
void library_unload(Library *lib);

#endif /* QEMU_INSTR_LIFECYCLE_H */
