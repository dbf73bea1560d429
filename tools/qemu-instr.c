/*
 * qemu-instr: run QEMU with the qemu-instr runtime plugin.
 *
 * Finds QEMU, the runtime module for QEMU's plugin API (from its
 * --version) and the instrumentation libraries, turns the -instr options
 * into one -plugin option (launcher-args.c does the rewriting) and execs
 * QEMU.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "launcher-args.h"
#include "launcher-program.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Fallbacks so the file also compiles outside the build system. */
#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif
#ifndef QI_BINDIR
#define QI_BINDIR "/usr/local/bin"
#endif
#ifndef QI_MODULEDIR_INSTALLED
#define QI_MODULEDIR_INSTALLED "/usr/local/lib/qemu-instr"
#endif
#ifndef QI_LIBDIR_INSTALLED
#define QI_LIBDIR_INSTALLED "/usr/local/lib/qemu-instr/libraries"
#endif
#ifndef QI_MODULEDIR_BUILD
#define QI_MODULEDIR_BUILD "instrument/.libs"
#endif
#ifndef QI_LIBDIR_BUILD
#define QI_LIBDIR_BUILD "examples/.libs"
#endif

/* Installed, or run from the build tree (which uses the build's files)? */
static gboolean is_installed(void)
{
    g_autofree char *self = realpath("/proc/self/exe", NULL);
    g_autofree char *installed = realpath(QI_BINDIR "/qemu-instr", NULL);

    return self != NULL && installed != NULL && strcmp(self, installed) == 0;
}

/* Report @error on one line and return the exit status for it. */
static int fail(const GError *error)
{
    fprintf(stderr, "qemu-instr: %s\n", error->message);
    return EXIT_FAILURE;
}

/* Non-empty value of environment variable @name, else @fallback. */
static const char *env_or(const char *name, const char *fallback)
{
    const char *value = g_getenv(name);

    return value != NULL && *value != '\0' ? value : fallback;
}

/*
 * Does @path, a QEMU executable, have the TCG plugin API?  Builds without
 * it (Debian's static qemu-user >= 9.1) lack its symbols altogether.  A
 * script (a wrapper) is trusted.
 */
static gboolean has_plugin_api(const char *path)
{
    g_autoptr(GMappedFile) file = g_mapped_file_new(path, FALSE, NULL);
    if (file == NULL) {
        return TRUE; /* exec will report it */
    }
    const char *bytes = g_mapped_file_get_contents(file);
    gsize size = g_mapped_file_get_length(file);
    static const char symbol[] = "qemu_plugin_register_vcpu_tb_trans_cb";
    return (size >= 2 && bytes[0] == '#' && bytes[1] == '!') ||
           memmem(bytes, size, symbol, sizeof(symbol) - 1) != NULL;
}

/*
 * The runtime module for @qemu: @moduledir's one for QEMU's plugin API.
 * NULL with @error naming the binary, its version and what is supported.
 */
static char *module_for(const char *qemu, const char *moduledir,
                        GError **error)
{
    const char *argv[] = { qemu, "--version", NULL };
    g_autofree char *out = NULL;
    g_autofree char *version = NULL;
    QIPluginFamily family;
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &out, NULL, NULL, error) ||
        !qi_plugin_family(qemu, out, &family, &version, error)) {
        return NULL;
    }
    if (!has_plugin_api(qemu)) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                    "%s is QEMU %s built without TCG plugin support (e.g. "
                    "a static qemu-user); qemu-instr needs "
                    QI_SUPPORTED_QEMUS " built with --enable-plugins",
                    qemu, version);
        return NULL;
    }
    return g_build_filename(moduledir, qi_family_module(family), NULL);
}

/*
 * A descriptor QEMU inherits that holds @items (qi_items_pack()): an
 * anonymous memory file, sealed so that nothing changes it.  -1 with
 * @error set on failure.
 */
static int items_fd(char *const *items, GError **error)
{
    g_autoptr(GBytes) packed = qi_items_pack(items);
    gsize size;
    const char *data = g_bytes_get_data(packed, &size);
    int fd = memfd_create("qemu-instr-items", MFD_ALLOW_SEALING);

    for (gsize done = 0; fd >= 0 && done < size;) {
        ssize_t n = write(fd, data + done, size - done);
        if (n < 0 && errno != EINTR) {
            int saved = errno;
            close(fd);
            fd = -1;
            errno = saved;
        }
        done += n > 0 ? (gsize)n : 0;
    }
    if (fd < 0 || fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW |
                                             F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
        int saved = errno;
        if (fd >= 0) {
            close(fd);
        }
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved),
                    "cannot pass the libraries' options to QEMU: %s",
                    g_strerror(saved));
        return -1;
    }
    return fd;
}

int main(int argc, char **argv)
{
    g_auto(QILauncherOpts) opts = { 0 };
    g_autoptr(GError) error = NULL;
    gboolean installed = is_installed();
    const char *moduledir =
        installed ? QI_MODULEDIR_INSTALLED : QI_MODULEDIR_BUILD;
    const char *default_libdir =
        installed ? QI_LIBDIR_INSTALLED : QI_LIBDIR_BUILD;
    QIMode mode;

    g_set_prgname("qemu-instr");
    if (!qi_launcher_opts_parse(&opts, &argc, &argv, &error)) {
        return fail(error);
    }
    if (opts.help) {
        g_autofree char *help = qi_launcher_help(moduledir, default_libdir);
        fputs(help, stdout);
        return EXIT_SUCCESS;
    }
    if (opts.version) {
        puts("qemu-instr " PACKAGE_VERSION);
        return EXIT_SUCCESS;
    }
    if (!qi_qemu_mode(argv[1], &mode, &error)) {
        return fail(error);
    }

    /* With a '/' this only checks that argv[1] is an executable file. */
    g_autofree char *qemu = g_find_program_in_path(argv[1]);
    if (qemu == NULL) {
        fprintf(stderr, "qemu-instr: QEMU binary '%s' %s\n", argv[1],
                strchr(argv[1], '/') ? "is not an executable file"
                                     : "not found in PATH");
        return EXIT_FAILURE;
    }

    g_autofree char *cwd = g_get_current_dir();
    const char *chosen = opts.plugin ? opts.plugin
                                     : env_or("QEMU_INSTR_PLUGIN", NULL);
    g_autofree char *matching =
        chosen ? NULL : module_for(qemu, moduledir, &error);
    if (chosen == NULL && matching == NULL) {
        return fail(error);
    }
    /* Absolute, or QEMU's dlopen() would search the library path. */
    g_autofree char *plugin =
        g_canonicalize_filename(chosen ? chosen : matching, cwd);
    g_auto(GStrv) dirs =
        qi_lib_dirs(g_getenv("QEMU_INSTR_LIBRARY_PATH"), default_libdir);
    const LibSearch search = { cwd, dirs, NULL };
    g_auto(GStrv) items = NULL;
    int program;
    g_auto(GStrv) qemu_argv = qi_qemu_argv(qemu, argv + 2, mode, plugin,
                                           &search, &items, &program, &error);
    if (qemu_argv == NULL) {
        return fail(error);
    }
    if (program >= 0) {
        char *found = qi_program_find(qemu_argv[program], g_getenv("PATH"),
                                      &error);
        if (found == NULL) {
            return fail(error);
        }
        g_free(qemu_argv[program]);
        qemu_argv[program] = found;
    }

    /* --dry-run shows the items inline: a command a user can run as is. */
    if (!opts.dry_run && items[0] != NULL) {
        int fd = items_fd(items, &error);
        if (fd < 0) {
            return fail(error);
        }
        g_free(qemu_argv[2]);
        qemu_argv[2] = qi_plugin_by_fd(plugin, fd);
    }

    if (opts.dry_run) {
        g_autofree char *line = qi_shell_join(qemu_argv);
        puts(line);
        return EXIT_SUCCESS;
    }
    execv(qemu_argv[0], qemu_argv);
    fprintf(stderr, "qemu-instr: cannot execute %s: %s\n", qemu_argv[0],
            g_strerror(errno));
    return 127;
}
