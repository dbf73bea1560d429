/*
 * Who calls the API (caller.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "caller.h"

#include <dlfcn.h>

#include "faults.h"
#include "translate.h"

Library *caller_library(const int *version, const void *caller,
                               bool *executing)
{
    *executing = true;
    /*
     * The object holding @version, told apart by its load address (dladdr
     * is thread-safe, unlike libltdl's lookups).
     */
    Dl_info object, lib_object;
    bool known = version != NULL && dladdr(version, &object) != 0;
    for (guint i = 0; known && i < library_registry->len; i++) {
        Library *lib = g_ptr_array_index(library_registry, i);
        if (dladdr((const void *)lib->code_start, &lib_object) != 0 &&
            lib_object.dli_fbase == object.dli_fbase) {
            *executing = lib != library_current;
            return lib;
        }
    }
    if (library_current != NULL) {
        *executing = false;
        return library_current;
    }
    for (guint i = 0; i < library_registry->len; i++) {
        Library *lib = g_ptr_array_index(library_registry, i);
        if ((uintptr_t)caller >= lib->code_start &&
            (uintptr_t)caller < lib->code_end) {
            return lib;
        }
    }
    return NULL;
}

void caller_set_error(const int *version, const void *caller,
                      const char *fmt, va_list ap)
{
    bool executing;
    Library *lib = caller_library(version, caller, &executing);
    if (lib == NULL) {
        return;
    }
    g_autofree char *reason = g_strdup_vprintf(fmt, ap);
    if (!registry_holds(lib) || lib->state != LIBRARY_RUNNING) {
        /*
         * In qi_init (at load, or as its window starts): why it fails.
         * (After it finished, nothing reads it.)
         */
        g_free(lib->init_error);
        lib->init_error = g_steal_pointer(&reason);
    } else if (executing || translate_current() != NULL) {
        /* On a vCPU thread: stop its emitted work now (translate.h). */
        library_fault(lib, "%s", reason);
    } else {
        library_disable(lib, reason);
    }
}

void caller_error(const int *version, const void *caller, const char *fmt,
                  ...)
{
    va_list ap;
    va_start(ap, fmt);
    caller_set_error(version, caller, fmt, ap);
    va_end(ap);
}
