/*
 * Who calls the API: the calling library, and what an error it reports
 * (qi_set_error) does to it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_CALLER_H
#define QEMU_INSTR_CALLER_H

#include <stdarg.h>
#include <stdbool.h>

#include "registry.h"

/*
 * The library calling: the one whose qi_api_version is at @version (the
 * *_by functions), else the current one (qi_init, hooks, qi_fini), else
 * the one whose code holds @caller (execution-time calls, which QEMU
 * calls directly).  Sets *@executing unless it is the current one.  NULL
 * when none is found.
 */
Library *caller_library(const int *version, const void *caller,
                        bool *executing);

/*
 * The calling library (see caller_library) reports an error: in its
 * qi_init, why qi_init fails; on a vCPU thread, a fault that stops its
 * emitted work now; elsewhere it is disabled.  Nothing if no library is
 * found.
 */
void caller_set_error(const int *version, const void *caller,
                      const char *fmt, va_list ap) G_GNUC_PRINTF(3, 0);

/* caller_set_error() with the arguments given here. */
void caller_error(const int *version, const void *caller, const char *fmt,
                  ...) G_GNUC_PRINTF(3, 4);

#endif /* QEMU_INSTR_CALLER_H */
