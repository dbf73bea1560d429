/*
 * qemu-instr: run QEMU with the qemu-instr runtime plugin.
 *
 * Finds QEMU, the runtime plugin and the instrumentation libraries, turns
 * the -instr options into one -plugin option (launcher-args.c does the
 * rewriting) and execs QEMU.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "launcher-args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Fallbacks so the file also compiles outside the build system. */
#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif
#ifndef QI_BINDIR
#define QI_BINDIR "/usr/local/bin"
#endif
#ifndef QI_PLUGIN_INSTALLED
#define QI_PLUGIN_INSTALLED "/usr/local/lib/qemu-instr/qemu-instr-plugin.so"
#endif
#ifndef QI_LIBDIR_INSTALLED
#define QI_LIBDIR_INSTALLED "/usr/local/lib/qemu-instr/libraries"
#endif
#ifndef QI_PLUGIN_BUILD
#define QI_PLUGIN_BUILD "instrument/.libs/qemu-instr-plugin.so"
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

static gboolean is_regular_file(const char *path)
{
    return g_file_test(path, G_FILE_TEST_IS_REGULAR);
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

int main(int argc, char **argv)
{
    g_auto(QILauncherOpts) opts = { 0 };
    g_autoptr(GError) error = NULL;
    gboolean installed = is_installed();
    const char *default_plugin =
        installed ? QI_PLUGIN_INSTALLED : QI_PLUGIN_BUILD;
    const char *default_libdir =
        installed ? QI_LIBDIR_INSTALLED : QI_LIBDIR_BUILD;
    QIMode mode;

    g_set_prgname("qemu-instr");
    if (!qi_launcher_opts_parse(&opts, &argc, &argv, &error)) {
        return fail(error);
    }
    if (opts.help) {
        g_autofree char *help = qi_launcher_help(default_plugin,
                                                 default_libdir);
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
    /* Absolute, or QEMU's dlopen() would search the library path. */
    g_autofree char *plugin = g_canonicalize_filename(
        opts.plugin ? opts.plugin : env_or("QEMU_INSTR_PLUGIN", default_plugin),
        cwd);
    g_auto(GStrv) dirs =
        qi_lib_dirs(g_getenv("QEMU_INSTR_LIBRARY_PATH"), default_libdir);
    const QILibSearch search = { cwd, dirs, is_regular_file };
    g_auto(GStrv) qemu_argv =
        qi_qemu_argv(qemu, argv + 2, mode, plugin, &search, &error);
    if (qemu_argv == NULL) {
        return fail(error);
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
