/*
 * syscalls: print every guest system call, one line each:
 *
 *     vcpu 0: syscall 1 (0x1, 0x402000, 0x6, 0x0, 0x0, 0x0) = 6
 *     vcpu 0: syscall 231 (0x3, 0x0, 0x0, 0x0, 0x0, 0x0) never returned
 *
 * Arguments: out=FILE (default: standard error).  The six arguments shown
 * are the first six argument registers; the return value is the guest's,
 * a negative errno on failure.
 *
 * SPDX-License-Identifier: MIT
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>

#include <qemu-instr/qi.h>

QI_EXPORT const int qi_api_version = QI_API_VERSION;

static FILE *out;
static GMutex lock;
/* vCPU index -> the call it is in, formatted, until the call returns. */
static GHashTable *pending;

static void on_syscall(QICPU vcpu, uint64_t num, uint64_t a1, uint64_t a2,
                       uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
                       uint64_t a7, uint64_t a8)
{
    (void)a7, (void)a8;
    char *call = g_strdup_printf(
        "vcpu %u: syscall %" PRIu64 " (0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64
        ", 0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ")",
        qi_cpu_index(vcpu), num, a1, a2, a3, a4, a5, a6);
    g_mutex_lock(&lock);
    g_hash_table_replace(pending, GUINT_TO_POINTER(qi_cpu_index(vcpu)), call);
    g_mutex_unlock(&lock);
}

static void on_syscall_ret(QICPU vcpu, uint64_t num, uint64_t ret)
{
    (void)num;
    gpointer key = GUINT_TO_POINTER(qi_cpu_index(vcpu));
    g_mutex_lock(&lock);
    const char *call = g_hash_table_lookup(pending, key);
    if (call != NULL) {
        fprintf(out, "%s = %" PRId64 "\n", call, (int64_t)ret);
        g_hash_table_remove(pending, key);
    }
    g_mutex_unlock(&lock);
}

/* A vCPU that goes away in a call (exit, exit_group) never sees it return. */
static void on_cpu_exit(QICPU vcpu)
{
    gpointer key = GUINT_TO_POINTER(qi_cpu_index(vcpu));
    g_mutex_lock(&lock);
    const char *call = g_hash_table_lookup(pending, key);
    if (call != NULL) {
        fprintf(out, "%s never returned\n", call);
        g_hash_table_remove(pending, key);
    }
    g_mutex_unlock(&lock);
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "out", NULL };
    const char *path;
    if (qi_args_parse(argc, argv, keys, &path) != 0) {
        return -1;
    }
    out = qi_open_output(path);
    if (out == NULL) {
        return -1;
    }
    pending = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    qi_event_set_guest_user_syscall(on_syscall);
    qi_event_set_guest_user_syscall_ret(on_syscall_ret);
    qi_event_set_guest_cpu_exit(on_cpu_exit);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    qi_close_output(out);
    g_hash_table_destroy(pending);
}
