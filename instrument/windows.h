/*
 * Instruction windows: libraries that run only while the first vCPU's
 * instruction count is inside their windows (`-instr ...,window=S:E`,
 * QMP's "windows", HMP's -w; docs/windows.md).
 *
 * Outside its windows such a library is asleep (registry.h).  While any
 * library has a window to come, every block adds its instructions to the
 * first vCPU's count and, once the count reaches the next boundary (the
 * nearest window start or end of any library), asks for a safe point,
 * which QEMU reaches at the end of that block.  There windows_apply()
 * wakes (qi_init) and puts to sleep (qi_fini) the libraries whose windows
 * start or end.  So a window starts and ends at the first block boundary
 * at or after its START and END: at most one block late.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_WINDOWS_H
#define QEMU_INSTR_WINDOWS_H

#include <stdbool.h>

#include "qemu/backend.h"
#include "retire.h"

/* Does a library wait for, or run in, a window (blocks must count)? */
bool windows_pending(void);

/*
 * During a translation: count the @insns instructions @tb runs (if
 * windows_pending()); @ledger (may be NULL) takes back those that do not
 * retire.
 */
void windows_emit(BackendTB *tb, size_t insns, RetireLedger *ledger);

/*
 * Open and close the windows the first vCPU's count has reached, and aim at
 * the next boundary.  At start-up, after the libraries are loaded, and at
 * every safe point (which retranslates all code).  Returns true when
 * libraries were given windows and every one is past its last (the run
 * may end there: -instr-stop-after-windows).
 */
bool windows_apply(void);

/* The first vCPU's instruction count, as windows measure it. */
uint64_t windows_position(void);

#endif /* QEMU_INSTR_WINDOWS_H */
