/*
 * Library services of the API: errors and messages, identity, vCPU indexes
 * and bounds.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "library.h"
#include "report.h"
#include "runtime.h"
#include "translate.h"
#include "vcpus.h"

/*
 * The library calling: the one whose qi_api_version is at @version (the
 * *_by functions), else the current one (qi_init, hooks, qi_fini), else
 * the one whose code holds @caller (execution-time calls, which QEMU
 * calls directly).  Sets *@executing unless it is the current one.  NULL
 * when none is found.
 */
static Library *caller_library(const int *version, const void *caller,
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

static void set_error(const int *version, const void *caller,
                      const char *fmt, va_list ap)
{
    bool executing;
    Library *lib = caller_library(version, caller, &executing);
    if (lib == NULL) {
        return;
    }
    g_autofree char *reason = g_strdup_vprintf(fmt, ap);
    if (!g_ptr_array_find(library_registry, lib, NULL) || lib->dormant) {
        /* In qi_init (at load, or as its window starts): why it fails. */
        g_free(lib->init_error);
        lib->init_error = g_steal_pointer(&reason);
    } else if (executing || translate_current() != NULL) {
        /* On a vCPU thread: stop its emitted work now (translate.h). */
        translate_fault(lib, "%s", reason);
    } else {
        library_disable(lib, reason);
    }
}

void qi_set_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error(NULL, __builtin_return_address(0), fmt, ap);
    va_end(ap);
}

void qi_set_error_by(const int *library, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error(library, __builtin_return_address(0), fmt, ap);
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

unsigned int qi_vcpu_max(void)
{
    return vcpus_max();
}

const char *qi_guest_arch(void)
{
    return qemu->target_name ? qemu->target_name : "unknown";
}

/* Parenthesised: defines the function, not qi.h's macro of the same name. */
unsigned int (qi_cpu_index)(QICPU vcpu)
{
    return vcpu.opaque_index_;
}

int qi_args_parse(int argc, const char **argv, const char *const *keys,
                  const char **values)
{
    guint n_keys = g_strv_length((char **)keys);
    for (guint k = 0; k < n_keys; k++) {
        values[k] = NULL;
    }
    for (int i = 1; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        if (eq == NULL) {
            qi_set_error("argument '%s' is not KEY=VALUE", argv[i]);
            return -1;
        }
        guint k = 0;
        while (k < n_keys && (strncmp(keys[k], argv[i], eq - argv[i]) != 0 ||
                              keys[k][eq - argv[i]] != '\0')) {
            k++;
        }
        if (k == n_keys) {
            g_autofree char *known = g_strjoinv(", ", (char **)keys);
            qi_set_error("unknown argument '%.*s' (expected %s)",
                         (int)(eq - argv[i]), argv[i], known);
            return -1;
        }
        if (values[k] != NULL) {
            qi_set_error("argument '%s' given twice", keys[k]);
            return -1;
        }
        values[k] = eq + 1;
    }
    return 0;
}

void qi_retranslate(void)
{
    runtime_request_safepoint();
}

bool qi_can_read_memory(void)
{
    return qemu->read_memory != NULL;
}

int qi_vcpu_read_memory(QICPU vcpu, uint64_t vaddr, void *buf, size_t len)
{
    (void)vcpu; /* QEMU reads through the vCPU running the call */
    return qemu->read_memory != NULL && qemu->read_memory(vaddr, buf, len)
               ? 0 : -1;
}

void qi_request_registers(void)
{
    if (library_current != NULL) {
        library_current->reads_registers = true;
    }
}

bool qi_can_read_registers(void)
{
    return qemu->read_register != NULL;
}

const char *qi_register_name(int index)
{
    return qemu->register_name ? qemu->register_name(index) : NULL;
}

int qi_register_find(const char *name)
{
    const char *known;
    for (int i = 0; name != NULL && (known = qi_register_name(i)) != NULL;
         i++) {
        if (strcmp(known, name) == 0) {
            return i;
        }
    }
    return -1;
}

int qi_vcpu_read_register(QICPU vcpu, int reg, void *buf, size_t size)
{
    (void)vcpu; /* QEMU reads the vCPU running the call */
    return qemu->read_register != NULL ? qemu->read_register(reg, buf, size)
                                       : -1;
}
