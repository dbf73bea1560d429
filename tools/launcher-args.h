/*
 * Pure logic of the qemu-instr launcher: launcher options, -instr specs,
 * library name resolution and the rewriting of QEMU's command line.
 *
 * Nothing here execs, reads the environment or touches the filesystem; the
 * caller passes the current directory, the search directories and a file
 * test, so everything is unit-testable.  Errors are G_OPTION_ERROR errors
 * whose message is one line without the "qemu-instr: " prefix.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_LAUNCHER_ARGS_H
#define QEMU_INSTR_LAUNCHER_ARGS_H

#include "common/libsearch.h"

#include <glib.h>

/* The launcher's own options (those before QEMU-BINARY). */
typedef struct QILauncherOpts {
    gboolean help;
    gboolean version;
    gboolean dry_run;
    char *plugin; /* --plugin=PATH, NULL if not given */
} QILauncherOpts;

/*
 * Parse the launcher options at the front of @argv (argv[0] is the
 * launcher).  On success @argc and @argv hold argv[0], QEMU-BINARY and QEMU's
 * arguments, untouched.  Fails on an unknown option, or when QEMU-BINARY is
 * missing and neither --help nor --version was given.
 */
gboolean qi_launcher_opts_parse(QILauncherOpts *opts, int *argc, char ***argv,
                                GError **error);

/* Free what qi_launcher_opts_parse() stored in @opts. */
void qi_launcher_opts_clear(QILauncherOpts *opts);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(QILauncherOpts, qi_launcher_opts_clear)

/*
 * The --help text; @default_plugin (where the runtime modules are) and
 * @default_libdir are shown as the defaults of QEMU_INSTR_PLUGIN and the
 * library search path.
 */
char *qi_launcher_help(const char *default_plugin, const char *default_libdir);

/* How QEMU parses its command line. */
typedef enum QIMode {
    QI_MODE_USER,   /* qemu-TARGET: options end at the guest program */
    QI_MODE_SYSTEM, /* qemu-system-TARGET: every argument is an option */
} QIMode;

/*
 * Tell user from system mode by the basename of @qemu; fails if it is not
 * named qemu-TARGET or qemu-system-TARGET.
 */
gboolean qi_qemu_mode(const char *qemu, QIMode *mode, GError **error);

/*
 * The runtime module serving a QEMU: the plugin API family of its version.
 * Family v1 serves plugin API version 1 from QEMU 6.1 (the first to export
 * qemu_plugin_insn_symbol, which the module needs) to 8.2; family v2 serves
 * versions 2-5 (QEMU 9.0-10.2) and QEMU 11.x, expected (untested) to keep
 * accepting version 2.
 */
typedef enum QIPluginFamily {
    QI_FAMILY_V1,   /* module qemu-instr-v1.so */
    QI_FAMILY_V2,   /* module qemu-instr-v2.so */
} QIPluginFamily;

/* Supported QEMU releases, as messages state them. */
#define QI_SUPPORTED_QEMUS \
    "QEMU 6.1-8.2 (plugin API v1), 9.0-10.2 (plugin API v2-v5) and 11.x " \
    "(untested)"

/*
 * The plugin API version of QEMU release @major.@minor (5 for 10.2), 0 for
 * a release qemu-instr does not serve (before 6.1, after 10.2 before 11.0,
 * 12.0 and later), or -1 for 11.x, whose version is not known here.
 */
int qi_qemu_plugin_api(unsigned major, unsigned minor);

/*
 * The family of the QEMU whose `--version` printed @version_output
 * ("qemu-x86_64 version 10.0.2 (Debian ...)").  Fails, naming @qemu, the
 * version and what is supported, for a version without a known family, or
 * when @version_output holds no version.  Stores "X.Y.Z" in @version (free
 * it) when not NULL.
 */
gboolean qi_plugin_family(const char *qemu, const char *version_output,
                          QIPluginFamily *family, char **version,
                          GError **error);

/* The module file name of @family ("qemu-instr-v1.so", ...). */
const char *qi_family_module(QIPluginFamily family);

/*
 * One parsed `-instr file=PATH[,id=ID][,window=START:END]...[,arg=VALUE]...`,
 * commas unescaped.  Windows are checked by the runtime.
 */
typedef struct QIInstrSpec {
    char *file;
    char *id;           /* NULL if not given */
    GPtrArray *args;    /* char *, owned, in order */
    GPtrArray *windows; /* char *, owned, in order */
} QIInstrSpec;

/*
 * Parse @spec, the value of option @opt ("-instr" or "--instr", used in
 * messages).  Items are comma-separated key=value pairs, ",," is a literal
 * comma.  Returns NULL and sets @error on a bad spec.
 */
QIInstrSpec *qi_instr_spec_parse(const char *opt, const char *spec,
                                 GError **error);

/* Free @spec (NULL is fine). */
void qi_instr_spec_free(QIInstrSpec *spec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QIInstrSpec, qi_instr_spec_free)

/*
 * The library search directories: the non-empty entries of the
 * colon-separated @env_path (may be NULL), then @default_dir.
 */
char **qi_lib_dirs(const char *env_path, const char *default_dir);

/*
 * Resolve the file= value @file to an absolute path, as
 * lib_search_resolve() does.  Returns NULL and sets @error ("no library
 * 'NAME' in DIR1:DIR2") if the name is not found.
 */
char *qi_lib_resolve(const LibSearch *search, const char *file,
                     GError **error);

/* @value escaped for QEMU's option parser: each ',' doubled. */
char *qi_plugin_escape(const char *value);

/*
 * Build QEMU's argv: @qemu_path, then `-plugin PLUGIN,lib=...,libid=...,
 * libarg=...,qmp=...,hmp=...,libpath=...` made from the -instr, -instr-qmp
 * and -instr-hmp options found in @args (libpath, the library search
 * directories joined with ':', only with a monitor) (NULL-terminated QEMU
 * arguments), then @args without those options.  In user mode scanning
 * stops at the guest program or "--".  When not NULL, @items gets the
 * plugin's items after PLUGIN, unescaped ("lib=PATH", ...; NULL-terminated,
 * free with g_strfreev) and @program the index in the result of the guest
 * program (user mode: the first word that is neither an option nor an
 * option's value, or the one after "--"), or -1 if there is none.  Returns
 * NULL and sets @error on a bad option.
 */
char **qi_qemu_argv(const char *qemu_path, char *const *args, QIMode mode,
                    const char *plugin, const LibSearch *search,
                    char ***items, int *program, GError **error);

/*
 * The -plugin value that names the runtime @plugin and holds @items
 * inline, each comma doubled: what a user types without the launcher.
 */
char *qi_plugin_inline(const char *plugin, char *const *items);

/*
 * The plugin item that tells the runtime to read its other items from a
 * file descriptor: the launcher passes them so, as a single argument of
 * QEMU's is limited by the kernel (128 KiB).
 */
#define QI_ITEMS_FD_KEY "itemsfd"

/* The -plugin value naming @plugin and the descriptor @fd of its items. */
char *qi_plugin_by_fd(const char *plugin, int fd);

/* @items as the runtime reads them from a descriptor: each NUL-terminated. */
GBytes *qi_items_pack(char *const *items);

/* @argv as one shell command line, quoting words that need it. */
char *qi_shell_join(char *const *argv);

#endif /* QEMU_INSTR_LAUNCHER_ARGS_H */
