/*
 * Library services of the API: error reporting, identity, vCPU indexes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "library.h"
#include "runtime.h"

void qi_set_error(const char *fmt, ...)
{
    if (library_current == NULL) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    g_free(library_current->init_error);
    library_current->init_error = g_strdup_vprintf(fmt, ap);
    va_end(ap);
}

const char *qi_library_id(void)
{
    return library_current ? library_current->id : NULL;
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
