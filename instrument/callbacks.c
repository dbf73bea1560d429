/*
 * QEMU's callback registrations (callbacks.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "callbacks.h"

#include "backend.h"
#include "control.h"
#include "registry.h"
#include "retire.h"
#include "windows.h"

/* Does any active library handle the event at @offset in LibraryHandlers? */
static bool handled(size_t offset)
{
    for (guint i = 0; i < library_registry->len; i++) {
        Library *lib = g_ptr_array_index(library_registry, i);
        void *fn = __atomic_load_n((void **)((char *)&lib->on + offset),
                                   __ATOMIC_ACQUIRE);
        if (fn != NULL && library_is_active(lib)) {
            return true;
        }
    }
    return false;
}

#define HANDLED(field) handled(offsetof(LibraryHandlers, field))

void callbacks_sync(void)
{
    /* Registering NULL unregisters: nobody pays for an unused event. */
    /* With a monitor, every block polls for requests (see control.h). */
    bool translates = HANDLED(tb_before) || HANDLED(insn_before) ||
                      HANDLED(tb_after) || control_enabled() ||
                      windows_pending();
    backend->watch_translation(translates);
    if (HANDLED(discontinuity)) {
        retire_want(); /* signals are seen through the blocks' ledgers */
    }
    /*
     * System calls also tell translation hooks which vCPU a thread runs,
     * and rt_sigaction where guest signal handlers are (retire.h).
     */
    backend->watch_syscalls(HANDLED(syscall) || translates ||
                            (retire_seen() & QI_SEEN_SIGNALS));
    /* Returns also hand a forked child's libraries over (events.h). */
    backend->watch_syscall_returns(library_registry->len > 0);
}
