/*
 * The API of a library's own affairs: its errors and messages, its
 * identity, its arguments, retranslation and register access.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdarg.h>

#include "args.h"
#include "backend.h"
#include "caller.h"
#include "report.h"

void qi_set_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    caller_set_error(NULL, __builtin_return_address(0), fmt, ap);
    va_end(ap);
}

void qi_set_error_by(const int *library, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    caller_set_error(library, __builtin_return_address(0), fmt, ap);
    va_end(ap);
}

void qi_log_by(const int *library, const char *fmt, ...)
{
    bool executing;
    Library *lib =
        caller_library(library, __builtin_return_address(0), &executing);
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (lib != NULL) {
        g_autofree char *file = g_path_get_basename(lib->path);
        report("%s (%s): %s", lib->id, file, message);
    } else {
        report("%s", message);
    }
}

const char *qi_library_id(void)
{
    bool executing;
    Library *lib =
        caller_library(NULL, __builtin_return_address(0), &executing);
    return lib ? lib->id : NULL;
}

const char *qi_library_id_by(const int *library)
{
    bool executing;
    Library *lib =
        caller_library(library, __builtin_return_address(0), &executing);
    return lib ? lib->id : NULL;
}

int qi_args_parse(int argc, const char **argv, const char *const *keys,
                  const char **values)
{
    g_autofree char *why = NULL;
    int rc = args_parse(argc, argv, keys, values, &why);
    if (rc != 0) {
        caller_error(NULL, NULL, "%s", why);
    }
    return rc;
}

void qi_retranslate(void)
{
    backend_request_safepoint();
}

void qi_request_registers(void)
{
    if (library_current != NULL) {
        library_current->reads_registers = true;
    }
}
