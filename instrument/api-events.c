/*
 * The API of execution-time events: qi_event_set_*.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "callbacks.h"
#include "registry.h"
#include "report.h"

/*
 * The library calling an API function, or NULL (with a message) when the
 * caller is not running inside one of our calls into a library.
 */
static Library *calling_library(const char *function)
{
    if (library_current == NULL) {
        report("%s called outside qi_init or a hook: ignored", function);
    }
    return library_current;
}

/* Each setter stores the caller's handler and refreshes QEMU's callbacks. */
#define DEFINE_EVENT_SETTER(event, field)                                    \
    void qi_event_set_##event(__typeof__(((LibraryHandlers *)0)->field) fn)  \
    {                                                                        \
        Library *lib = calling_library("qi_event_set_" #event);              \
        if (lib != NULL) {                                                   \
            library_set_handler(lib, field, fn);                             \
            if (registry_holds(lib)) {                                       \
                callbacks_sync();                                            \
            }                                                                \
        }                                                                    \
    }

DEFINE_EVENT_SETTER(guest_cpu_enter, cpu_enter)
DEFINE_EVENT_SETTER(guest_cpu_exit, cpu_exit)
DEFINE_EVENT_SETTER(guest_user_syscall, syscall)
DEFINE_EVENT_SETTER(guest_user_syscall_ret, syscall_ret)
DEFINE_EVENT_SETTER(guest_tb_before_trans, tb_before)
DEFINE_EVENT_SETTER(guest_insn_before_trans, insn_before)
DEFINE_EVENT_SETTER(guest_tb_after_trans, tb_after)
DEFINE_EVENT_SETTER(guest_fork_child, fork_child)
DEFINE_EVENT_SETTER(flush, flush)
DEFINE_EVENT_SETTER(discontinuity, discontinuity)
