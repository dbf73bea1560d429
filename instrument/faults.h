/*
 * A library's faults: it misbehaved (a bug) or failed; it is disabled (its
 * hooks are skipped from then on) and unloaded at the next safe point.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_FAULTS_H
#define QEMU_INSTR_FAULTS_H

#include <glib.h>
#include <stdbool.h>

#include "registry.h"

/*
 * Disable @lib because of a library bug: print @reason once, naming the
 * library, and skip its hooks from now on.  Returns true if this call
 * disabled it (false if it was already disabled).
 */
bool library_disable(Library *lib, const char *reason);

/*
 * Disable @lib because it failed (a window's qi_init): print @message, a
 * line that names the library, once, as a loss of results (report.h).
 * Returns true if this call disabled it.
 */
bool library_fail(Library *lib, const char *message);

/*
 * On a vCPU thread: disable @lib (if not NULL) for a bug described by
 * @fmt, and have it unloaded at the next safe point.
 */
void library_fault(Library *lib, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

#endif /* QEMU_INSTR_FAULTS_H */
