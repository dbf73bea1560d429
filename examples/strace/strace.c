/*
 * strace: the guest's system calls, by name, with their string arguments
 * read from guest memory, one line per call:
 *
 *     openat(AT_FDCWD, "/etc/passwd", 0x80000, 0) = 3
 *     write(1, "hello\n", 6) = 6
 *     read(3, 0x7ffd1000, 4096) = -2 ENOENT
 *     exit_group(0) = ?
 *
 * The guest_user_syscall event gives the call's number and raw argument
 * registers; a table per guest architecture (x86_64, aarch64) names the
 * call and says which arguments are strings (paths), buffers the guest
 * hands over (write: shown up to 32 bytes), file descriptors or plain
 * numbers.  Strings and buffers are read with qi_vcpu_read_memory() when
 * the call starts, as the kernel would read them.  The line is written
 * when the call returns (guest_user_syscall_ret), with the result: a
 * negative errno is shown with its name.  A call that never returns (exit,
 * exit_group, a successful execve) ends with "= ?" when its vCPU goes
 * away.  Calls the table does not know print as syscall_NUM(6 arguments
 * in hex); on other guest architectures every call does.
 *
 * Reading guest memory needs QEMU 9.2 or later (plugin API version 4).  On
 * an older QEMU the library says so once (qi_log) and shows the addresses
 * of strings and buffers instead.
 *
 * Arguments: out=FILE (default: standard error, which survives the guest
 * closing its own).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* strerrorname_np */
#endif
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <qemu-instr/qi.h>

QI_EXPORT const int qi_api_version = QI_API_VERSION;

/*
 * A system call: its number, name and arguments, one letter each:
 * d an int (file descriptor, count, flag word in decimal), f a directory
 * descriptor (AT_FDCWD by name), s a NUL-terminated string, b a buffer
 * whose length is the next argument, x a number in hex, o in octal.  A
 * leading '*' marks a call that returns an address (shown in hex).
 */
typedef struct Call {
    int num;
    const char *name;
    const char *args;
} Call;

static const Call x86_64_calls[] = {
    { 0, "read", "dxd" }, { 1, "write", "dbd" }, { 2, "open", "sxo" },
    { 3, "close", "d" }, { 4, "stat", "sx" }, { 5, "fstat", "dx" },
    { 6, "lstat", "sx" }, { 8, "lseek", "ddd" }, { 9, "mmap", "*xxxxdx" },
    { 10, "mprotect", "xxx" }, { 11, "munmap", "xx" }, { 12, "brk", "*x" },
    { 13, "rt_sigaction", "dxx" }, { 14, "rt_sigprocmask", "dxx" },
    { 16, "ioctl", "dxx" }, { 17, "pread64", "dxdd" },
    { 18, "pwrite64", "dbdd" }, { 21, "access", "so" }, { 32, "dup", "d" },
    { 33, "dup2", "dd" }, { 39, "getpid", "" }, { 56, "clone", "xxxxx" },
    { 57, "fork", "" }, { 59, "execve", "sxx" }, { 60, "exit", "d" },
    { 61, "wait4", "dxxx" }, { 62, "kill", "dd" }, { 63, "uname", "x" },
    { 72, "fcntl", "ddx" }, { 79, "getcwd", "xd" }, { 80, "chdir", "s" },
    { 82, "rename", "ss" }, { 83, "mkdir", "so" }, { 84, "rmdir", "s" },
    { 87, "unlink", "s" }, { 89, "readlink", "sxd" },
    { 158, "arch_prctl", "xx" }, { 202, "futex", "xdxxxx" },
    { 218, "set_tid_address", "x" }, { 231, "exit_group", "d" },
    { 257, "openat", "fsxo" }, { 258, "mkdirat", "fso" },
    { 262, "newfstatat", "fsxx" }, { 263, "unlinkat", "fsx" },
    { 267, "readlinkat", "fsxd" }, { 269, "faccessat", "fsox" },
    { 273, "set_robust_list", "xd" }, { 293, "pipe2", "xx" },
    { 302, "prlimit64", "ddxx" }, { 318, "getrandom", "xdx" },
    { 322, "execveat", "fsxxx" }, { 332, "statx", "fsxxx" },
    { 334, "rseq", "xdxx" }, { 439, "faccessat2", "fsox" },
};

static const Call aarch64_calls[] = {
    { 17, "getcwd", "xd" }, { 23, "dup", "d" }, { 24, "dup3", "ddx" },
    { 25, "fcntl", "ddx" }, { 29, "ioctl", "dxx" }, { 34, "mkdirat", "fso" },
    { 35, "unlinkat", "fsx" }, { 38, "renameat", "fsfs" },
    { 48, "faccessat", "fsox" }, { 49, "chdir", "s" },
    { 56, "openat", "fsxo" }, { 57, "close", "d" }, { 59, "pipe2", "xx" },
    { 61, "getdents64", "dxd" }, { 62, "lseek", "ddd" },
    { 63, "read", "dxd" }, { 64, "write", "dbd" }, { 67, "pread64", "dxdd" },
    { 68, "pwrite64", "dbdd" }, { 78, "readlinkat", "fsxd" },
    { 79, "newfstatat", "fsxx" }, { 80, "fstat", "dx" }, { 93, "exit", "d" },
    { 94, "exit_group", "d" }, { 96, "set_tid_address", "x" },
    { 98, "futex", "xdxxxx" }, { 99, "set_robust_list", "xd" },
    { 129, "kill", "dd" }, { 134, "rt_sigaction", "dxx" },
    { 135, "rt_sigprocmask", "dxx" }, { 160, "uname", "x" },
    { 172, "getpid", "" }, { 214, "brk", "*x" }, { 215, "munmap", "xx" },
    { 220, "clone", "xxxxx" }, { 221, "execve", "sxx" },
    { 222, "mmap", "*xxxxdx" }, { 226, "mprotect", "xxx" },
    { 260, "wait4", "dxxx" }, { 261, "prlimit64", "ddxx" },
    { 278, "getrandom", "xdx" }, { 281, "execveat", "fsxxx" },
    { 291, "statx", "fsxxx" }, { 293, "rseq", "xdxx" },
    { 439, "faccessat2", "fsox" },
};

#define MAX_STRING 256 /* bytes of a string shown */
#define MAX_BUFFER 32  /* bytes of a buffer shown */

static FILE *out;
static GHashTable *names; /* number -> Call */
/*
 * Per vCPU (qi_vcpu_max() slots, each used only by its vCPU's thread):
 * the text of the call it is in, until the call returns.
 */
static char **pending;

/* Append @len bytes at @p to @s as a C string literal; "..." if @cut. */
static void append_quoted(GString *s, const char *p, size_t len, bool cut)
{
    g_string_append_c(s, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = p[i];
        switch (c) {
        case '\n': g_string_append(s, "\\n"); break;
        case '\t': g_string_append(s, "\\t"); break;
        case '"': g_string_append(s, "\\\""); break;
        case '\\': g_string_append(s, "\\\\"); break;
        default:
            if (c >= 0x20 && c < 0x7f) {
                g_string_append_c(s, c);
            } else {
                g_string_append_printf(s, "\\x%02x", c);
            }
        }
    }
    g_string_append(s, cut ? "\"..." : "\"");
}

/*
 * Append the guest string at @addr (NUL-terminated, or a buffer of @len
 * bytes when @len >= 0), or its address where memory cannot be read.
 */
static void append_memory(GString *s, QICPU vcpu, uint64_t addr, int64_t len)
{
    char buf[MAX_STRING];
    size_t n = 0, limit = len >= 0 ? (size_t)MIN(len, MAX_BUFFER) : MAX_STRING;
    bool readable = true;
    /* Byte by byte: a string may end just before an unmapped page. */
    while (n < limit && (readable = qi_vcpu_read_memory(vcpu, addr + n,
                                                        &buf[n], 1) == 0) &&
           (len >= 0 || buf[n] != '\0')) {
        n++;
    }
    if (addr == 0 || !readable) {
        g_string_append_printf(s, "0x%" PRIx64, addr);
    } else {
        append_quoted(s, buf, n, len >= 0 ? (uint64_t)len > n : n == limit);
    }
}

static void on_syscall(QICPU vcpu, uint64_t num, uint64_t a1, uint64_t a2,
                       uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
                       uint64_t a7, uint64_t a8)
{
    (void)a7, (void)a8;
    const uint64_t a[6] = { a1, a2, a3, a4, a5, a6 };
    const Call *call = g_hash_table_lookup(names, GINT_TO_POINTER((int)num));
    GString *s = g_string_new(NULL);
    if (call == NULL) {
        g_string_append_printf(s, "syscall_%" PRIu64 "(0x%" PRIx64 ", 0x%"
                               PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ", 0x%"
                               PRIx64 ", 0x%" PRIx64 ")", num, a1, a2, a3, a4,
                               a5, a6);
    } else {
        g_string_append_printf(s, "%s(", call->name);
        const char *args = call->args + (call->args[0] == '*');
        for (int i = 0; args[i] != '\0'; i++) {
            g_string_append(s, i > 0 ? ", " : "");
            switch (args[i]) {
            case 'f':
                if ((int)a[i] == -100) {
                    g_string_append(s, "AT_FDCWD");
                    break;
                }
                /* fall through */
            case 'd': g_string_append_printf(s, "%d", (int)a[i]); break;
            case 'o': g_string_append_printf(s, "0%" PRIo64, a[i]); break;
            case 'x': g_string_append_printf(s, "0x%" PRIx64, a[i]); break;
            case 's': append_memory(s, vcpu, a[i], -1); break;
            case 'b': append_memory(s, vcpu, a[i], (int64_t)a[i + 1]); break;
            }
        }
        g_string_append_c(s, ')');
    }
    g_free(pending[qi_cpu_index(vcpu)]);
    pending[qi_cpu_index(vcpu)] = g_string_free(s, FALSE);
}

/* Print @vcpu's pending call with @result (one fprintf: lines stay whole). */
static void finish_call(QICPU vcpu, const char *result)
{
    char **text = &pending[qi_cpu_index(vcpu)];
    if (*text != NULL) {
        fprintf(out, "%s = %s\n", *text, result);
        g_clear_pointer(text, g_free);
    }
}

static void on_syscall_ret(QICPU vcpu, uint64_t num, uint64_t ret)
{
    const Call *call = g_hash_table_lookup(names, GINT_TO_POINTER((int)num));
    char result[64];
    int64_t r = (int64_t)ret;
    const char *name = r < 0 && r > -4096 ? strerrorname_np((int)-r) : NULL;
    if (name == NULL && call != NULL && call->args[0] == '*') {
        snprintf(result, sizeof(result), "0x%" PRIx64, ret);
    } else {
        snprintf(result, sizeof(result), "%" PRId64 "%s%s", r,
                 name ? " " : "", name ? name : "");
    }
    finish_call(vcpu, result);
}

/* A vCPU that goes away inside a call (exit, exit_group) never returns. */
static void on_cpu_exit(QICPU vcpu)
{
    finish_call(vcpu, "?");
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "out", NULL };
    const char *path;
    if (qi_args_parse(argc, argv, keys, &path) != 0 ||
        (out = qi_open_output(path)) == NULL) {
        return -1;
    }
    const Call *calls = NULL;
    size_t n = 0;
    if (strcmp(qi_guest_arch(), "x86_64") == 0) {
        calls = x86_64_calls, n = G_N_ELEMENTS(x86_64_calls);
    } else if (strcmp(qi_guest_arch(), "aarch64") == 0) {
        calls = aarch64_calls, n = G_N_ELEMENTS(aarch64_calls);
    } else {
        qi_log("no system call names for %s guests: numbers only",
               qi_guest_arch());
    }
    names = g_hash_table_new(NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        g_hash_table_insert(names, GINT_TO_POINTER(calls[i].num),
                            (gpointer)&calls[i]);
    }
    if (!qi_can_read_memory()) {
        qi_log("this QEMU cannot read guest memory (QEMU 9.2 or later "
               "can): strings and buffers are shown as addresses");
    }
    pending = g_new0(char *, qi_vcpu_max());
    qi_event_set_guest_user_syscall(on_syscall);
    qi_event_set_guest_user_syscall_ret(on_syscall_ret);
    qi_event_set_guest_cpu_exit(on_cpu_exit);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    qi_close_output(out);
    for (unsigned int i = 0; i < qi_vcpu_max(); i++) {
        g_free(pending[i]);
    }
    g_free(pending);
    g_hash_table_destroy(names);
}
