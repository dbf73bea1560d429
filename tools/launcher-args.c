/*
 * Pure logic of the qemu-instr launcher (see launcher-args.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "launcher-args.h"

#include "common/charsets.h"

#include <stdio.h>
#include <string.h>

/* qemu-user 7.2 options that take a value (linux-user/main.c arg_table). */
static const char *const user_value_options[] = {
    "L", "s", "cpu", "E", "U", "0", "r", "g", "B", "R", "d", "dfilter", "D",
    "p", "seed", "trace", "plugin",
    "t", "tb-size", /* QEMU 10 */
    NULL,
};

/* The QEMU-style options the launcher consumes; each takes a value. */
static const char *const launcher_qemu_options[] = {
    "instr", "instr-qmp", "instr-hmp", NULL,
};

#define HELP_DESCRIPTION \
    "QEMU options handled by qemu-instr (all others go to QEMU unchanged):\n" \
    "  -instr file=LIB[,id=ID][,arg=VALUE]...\n" \
    "      Load instrumentation library LIB: a path, or a name looked up as\n" \
    "      DIR/LIB and DIR/LIB.so in the library directories, then as ./LIB.\n" \
    "      ID names this instance (A-Z a-z 0-9 _ . -).  Each arg=VALUE is\n" \
    "      passed to the library's qi_init(), in order.  ',,' is a literal\n" \
    "      comma.  Repeatable.\n" \
    "  -instr-qmp SPEC   Serve QMP on SPEC (e.g. unix:/tmp/qi.sock)\n" \
    "  -instr-hmp SPEC   Serve an HMP console on SPEC\n" \
    "  -instr-stop-after-windows\n" \
    "      End the run once every library given windows is past its last\n" \
    "      one (the rest of the guest does not run; exit status 0)\n" \
    "\n" \
    "Environment:\n" \
    "  QEMU_INSTR_PLUGIN\n" \
    "      Runtime module to load instead of the one matching QEMU's plugin\n" \
    "      API (qemu-instr-v1.so or qemu-instr-v2.so in %s)\n" \
    "  QEMU_INSTR_LIBRARY_PATH\n" \
    "      Colon-separated library directories, searched before\n" \
    "      %s\n" \
    "\n" \
    "Example:\n" \
    "  qemu-instr qemu-x86_64 -instr file=syscalls,arg=out=trace.txt /bin/true\n"

/* The option parser; it writes into @opts. */
static GOptionContext *launcher_context(QILauncherOpts *opts)
{
    const GOptionEntry entries[] = {
        { "help", 'h', 0, G_OPTION_ARG_NONE, &opts->help,
          "Show this help and exit", NULL },
        { "version", 0, 0, G_OPTION_ARG_NONE, &opts->version,
          "Show the version and exit", NULL },
        { "plugin", 0, 0, G_OPTION_ARG_FILENAME, &opts->plugin,
          "Use PATH as the runtime plugin", "PATH" },
        { "dry-run", 0, 0, G_OPTION_ARG_NONE, &opts->dry_run,
          "Print the QEMU command line instead of running it", NULL },
        G_OPTION_ENTRY_NULL,
    };
    GOptionContext *ctx = g_option_context_new("QEMU-BINARY [QEMU-ARGS...]");

    /* Our own -h/--help entry: GOption's would exit() inside the parser. */
    g_option_context_set_help_enabled(ctx, FALSE);
    /* Stop at QEMU-BINARY: everything after it belongs to QEMU. */
    g_option_context_set_strict_posix(ctx, TRUE);
    g_option_context_add_main_entries(ctx, entries, NULL);
    return ctx;
}

gboolean qi_launcher_opts_parse(QILauncherOpts *opts, int *argc, char ***argv,
                                GError **error)
{
    g_autoptr(GOptionContext) ctx = launcher_context(opts);

    if (!g_option_context_parse(ctx, argc, argv, error)) {
        return FALSE;
    }
    if (*argc < 2 && !opts->help && !opts->version) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                    "missing QEMU-BINARY (see qemu-instr --help)");
        return FALSE;
    }
    return TRUE;
}

void qi_launcher_opts_clear(QILauncherOpts *opts)
{
    g_clear_pointer(&opts->plugin, g_free);
}

char *qi_launcher_help(const char *default_plugin, const char *default_libdir)
{
    QILauncherOpts unused = { 0 };
    g_autoptr(GOptionContext) ctx = launcher_context(&unused);
    g_autofree char *description =
        g_strdup_printf(HELP_DESCRIPTION, default_plugin, default_libdir);

    g_option_context_set_summary(
        ctx, "Run QEMU with qemu-instr instrumentation libraries loaded.");
    g_option_context_set_description(ctx, description);
    return g_option_context_get_help(ctx, TRUE, NULL);
}

gboolean qi_qemu_mode(const char *qemu, QIMode *mode, GError **error)
{
    g_autofree char *base = g_path_get_basename(qemu);

    if (!g_str_has_prefix(base, "qemu-") || base[strlen("qemu-")] == '\0') {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "'%s' is not a QEMU binary (expected qemu-TARGET or "
                    "qemu-system-TARGET)", qemu);
        return FALSE;
    }
    *mode = g_str_has_prefix(base, "qemu-system-") ? QI_MODE_SYSTEM
                                                   : QI_MODE_USER;
    return TRUE;
}

/*
 * QEMU_PLUGIN_VERSION of each release series, from QEMU's
 * include/qemu/qemu-plugin.h: 0 in 4.2-5.2; 1 from 6.0 (6.0 lacks
 * qemu_plugin_insn_symbol, added in 6.1, so the v1 module cannot load
 * there); 2 in 9.0 (v1's inline functions removed), 3 in 9.1
 * (qemu_plugin_insn_data copies), 4 in 9.2 (qemu_plugin_read_memory_vaddr),
 * 5 in 10.1 (memory and register writes).
 */
static const struct {
    unsigned first, last;   /* major * 100 + minor, inclusive */
    int api;
} qemu_plugin_apis[] = {
    { 601, 802, 1 },
    { 900, 900, 2 },
    { 901, 901, 3 },
    { 902, 1000, 4 },
    { 1001, 1002, 5 },
    { 1100, 1199, -1 },
};

int qi_qemu_plugin_api(unsigned major, unsigned minor)
{
    unsigned release = major * 100 + minor;

    for (size_t i = 0; i < G_N_ELEMENTS(qemu_plugin_apis); i++) {
        if (release >= qemu_plugin_apis[i].first &&
            release <= qemu_plugin_apis[i].last) {
            return qemu_plugin_apis[i].api;
        }
    }
    return 0;
}

gboolean qi_plugin_family(const char *qemu, const char *version_output,
                          QIPluginFamily *family, char **version,
                          GError **error)
{
    const char *at = strstr(version_output, " version ");
    unsigned major = 0, minor = 0, micro = 0;
    int n = at ? sscanf(at, " version %u.%u.%u", &major, &minor, &micro) : 0;

    if (n < 2) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                    "%s printed no QEMU version for --version; qemu-instr "
                    "supports " QI_SUPPORTED_QEMUS, qemu);
        return FALSE;
    }
    int api = qi_qemu_plugin_api(major, minor);
    if (api == 0) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                    "%s is QEMU %u.%u.%u, which qemu-instr does not serve; "
                    "it supports " QI_SUPPORTED_QEMUS, qemu, major, minor,
                    micro);
        return FALSE;
    }
    *family = api == 1 ? QI_FAMILY_V1 : QI_FAMILY_V2;
    if (version != NULL) {
        *version = g_strdup_printf("%u.%u.%u", major, minor, micro);
    }
    return TRUE;
}

const char *qi_family_module(QIPluginFamily family)
{
    return family == QI_FAMILY_V1 ? "qemu-instr-v1.so" : "qemu-instr-v2.so";
}

/* Split @spec at single commas; ",," is a literal comma, as in QEMU. */
static GPtrArray *split_items(const char *spec)
{
    GPtrArray *items = g_ptr_array_new_with_free_func(g_free);

    if (*spec == '\0') {
        return items; /* no items at all, so the error is "missing file=" */
    }
    GString *item = g_string_new(NULL);
    for (const char *c = spec;; c++) {
        if (c[0] == ',' && c[1] == ',') {
            g_string_append_c(item, *c++);
        } else if (*c == ',' || *c == '\0') {
            g_ptr_array_add(items, g_string_free(item, FALSE));
            if (*c == '\0') {
                return items;
            }
            item = g_string_new(NULL);
        } else {
            g_string_append_c(item, *c);
        }
    }
}

/* Store one key=value @item into @spec; the message lacks the option. */
static gboolean parse_item(QIInstrSpec *spec, const char *item,
                           GError **error)
{
    const char *eq = strchr(item, '=');
    if (eq == NULL) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "item '%s' is not key=value", item);
        return FALSE;
    }
    g_autofree char *key = g_strndup(item, eq - item);
    const char *value = eq + 1;

    if (strcmp(key, "arg") == 0 || strcmp(key, "window") == 0) {
        g_ptr_array_add(strcmp(key, "arg") == 0 ? spec->args : spec->windows,
                        g_strdup(value));
        return TRUE;
    }
    char **slot = strcmp(key, "file") == 0 ? &spec->file
                : strcmp(key, "id") == 0   ? &spec->id
                                           : NULL;
    if (slot == NULL) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "unknown key '%s' (expected file, id, window or arg)", key);
        return FALSE;
    }
    if (*slot != NULL) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "%s= given twice", key);
        return FALSE;
    }
    if (*value == '\0') {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "%s= is empty", key);
        return FALSE;
    }
    if (slot == &spec->id && !library_id_is_valid(value)) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "id '%s' may only contain A-Z a-z 0-9 _ . -", value);
        return FALSE;
    }
    *slot = g_strdup(value);
    return TRUE;
}

/* Prefix @error with the option as the user wrote it. */
static void prefix_option(GError **error, const char *opt, const char *spec)
{
    g_autofree char *quoted = g_shell_quote(spec);
    g_prefix_error(error, "%s %s: ", opt, quoted);
}

QIInstrSpec *qi_instr_spec_parse(const char *opt, const char *spec,
                                 GError **error)
{
    g_autoptr(QIInstrSpec) parsed = g_new0(QIInstrSpec, 1);
    g_autoptr(GPtrArray) items = split_items(spec);

    parsed->args = g_ptr_array_new_with_free_func(g_free);
    parsed->windows = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < items->len; i++) {
        if (!parse_item(parsed, g_ptr_array_index(items, i), error)) {
            prefix_option(error, opt, spec);
            return NULL;
        }
    }
    if (parsed->file == NULL) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "missing file= (every -instr needs file=LIBRARY)");
        prefix_option(error, opt, spec);
        return NULL;
    }
    return g_steal_pointer(&parsed);
}

void qi_instr_spec_free(QIInstrSpec *spec)
{
    if (spec == NULL) {
        return;
    }
    g_free(spec->file);
    g_free(spec->id);
    g_ptr_array_unref(spec->args);
    g_ptr_array_unref(spec->windows);
    g_free(spec);
}

char **qi_lib_dirs(const char *env_path, const char *default_dir)
{
    g_autoptr(GStrvBuilder) dirs = g_strv_builder_new();
    g_auto(GStrv) entries = g_strsplit(env_path ? env_path : "", ":", -1);

    for (char **entry = entries; *entry; entry++) {
        if (**entry != '\0') {
            g_strv_builder_add(dirs, *entry);
        }
    }
    g_strv_builder_add(dirs, default_dir);
    return g_strv_builder_end(dirs);
}

char *qi_lib_resolve(const LibSearch *search, const char *file,
                     GError **error)
{
    char *path = lib_search_resolve(search, file);

    if (path == NULL) {
        g_autofree char *searched = g_strjoinv(":", (char **)search->dirs);
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "no library '%s' in %s", file, searched);
    }
    return path;
}

char *qi_plugin_escape(const char *value)
{
    GString *escaped = g_string_new(value);

    g_string_replace(escaped, ",", ",,", 0);
    return g_string_free(escaped, FALSE);
}

/* Add the item "KEY=VALUE" to @items. */
static void add_item(GPtrArray *items, const char *key, const char *value)
{
    g_ptr_array_add(items, g_strdup_printf("%s=%s", key, value));
}

/* Add the runtime's items for `OPT SPEC` to @items. */
static gboolean add_instr(GPtrArray *items, const char *opt, const char *spec,
                          const LibSearch *search, GError **error)
{
    g_autoptr(QIInstrSpec) parsed = qi_instr_spec_parse(opt, spec, error);
    if (parsed == NULL) {
        return FALSE;
    }
    g_autofree char *path = qi_lib_resolve(search, parsed->file, error);
    if (path == NULL) {
        prefix_option(error, opt, spec);
        return FALSE;
    }
    add_item(items, "lib", path);
    if (parsed->id != NULL) {
        add_item(items, "libid", parsed->id);
    }
    for (guint i = 0; i < parsed->windows->len; i++) {
        add_item(items, "libwindow", g_ptr_array_index(parsed->windows, i));
    }
    for (guint i = 0; i < parsed->args->len; i++) {
        add_item(items, "libarg", g_ptr_array_index(parsed->args, i));
    }
    return TRUE;
}

/* The -plugin value's first item, @plugin escaped. */
static GString *plugin_head(const char *plugin)
{
    g_autofree char *escaped = qi_plugin_escape(plugin);
    /* QEMU reads a first item containing '=' as key=value: name the key. */
    GString *value = g_string_new(strchr(plugin, '=') ? "file=" : "");

    g_string_append(value, escaped);
    return value;
}

char *qi_plugin_inline(const char *plugin, char *const *items)
{
    GString *value = plugin_head(plugin);

    for (char *const *item = items; *item; item++) {
        g_autofree char *escaped = qi_plugin_escape(*item);
        g_string_append_printf(value, ",%s", escaped);
    }
    return g_string_free(value, FALSE);
}

char *qi_plugin_by_fd(const char *plugin, int fd)
{
    GString *value = plugin_head(plugin);

    g_string_append_printf(value, "," QI_ITEMS_FD_KEY "=%d", fd);
    return g_string_free(value, FALSE);
}

GBytes *qi_items_pack(char *const *items)
{
    GByteArray *packed = g_byte_array_new();

    for (char *const *item = items; *item; item++) {
        g_byte_array_append(packed, (const guint8 *)*item, strlen(*item) + 1);
    }
    return g_byte_array_free_to_bytes(packed);
}

/* "-opt" or "--opt" -> "opt"; NULL for a word that is not an option. */
static const char *option_name(const char *word)
{
    if (word[0] != '-') {
        return NULL;
    }
    return word[1] == '-' ? word + 2 : word + 1;
}

char **qi_qemu_argv(const char *qemu_path, char *const *args, QIMode mode,
                    const char *plugin, const LibSearch *search,
                    char ***items_out, int *program, GError **error)
{
    g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func(g_free);
    const char *qmp = NULL, *hmp = NULL;
    gboolean options_ended = FALSE, stop_after_windows = FALSE;
    int guest = -1;

    g_ptr_array_add(out, g_strdup(qemu_path));
    g_ptr_array_add(out, g_strdup("-plugin"));
    for (size_t i = 0; args[i]; i++) {
        const char *name = options_ended ? NULL : option_name(args[i]);

        if (name != NULL && strcmp(name, "instr-stop-after-windows") == 0) {
            stop_after_windows = TRUE; /* the launcher's one flag */
            continue;
        }
        if (name != NULL && g_strv_contains(launcher_qemu_options, name)) {
            const char *value = args[++i];
            if (value == NULL) {
                g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                            "%s given without a value", args[i - 1]);
                return NULL;
            }
            if (strcmp(name, "instr") == 0) {
                if (!add_instr(items, args[i - 1], value, search, error)) {
                    return NULL;
                }
                continue;
            }
            /* The runtime serves one monitor of each kind. */
            const char **slot = strcmp(name, "instr-qmp") == 0 ? &qmp : &hmp;
            if (*slot != NULL) {
                g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                            "%s given twice", args[i - 1]);
                return NULL;
            }
            *slot = value;
            continue;
        }
        if (mode == QI_MODE_USER && guest < 0 &&
            (options_ended || name == NULL)) {
            guest = (int)out->len; /* its index once -plugin's value is in */
        }
        g_ptr_array_add(out, g_strdup(args[i]));
        if (mode == QI_MODE_USER && !options_ended) {
            /* qemu-user stops at the guest program or after "--". */
            if (name == NULL || strcmp(args[i], "--") == 0) {
                options_ended = TRUE;
            } else if (g_strv_contains(user_value_options, name) &&
                       args[i + 1] != NULL) {
                g_ptr_array_add(out, g_strdup(args[++i]));
            }
        }
    }

    if (qmp != NULL) {
        add_item(items, "qmp", qmp);
    }
    if (hmp != NULL) {
        add_item(items, "hmp", hmp);
    }
    if (qmp != NULL || hmp != NULL) {
        /* Monitors resolve library names as -instr does. */
        g_autofree char *dirs = g_strjoinv(":", (char **)search->dirs);
        add_item(items, "libpath", dirs);
    }
    if (stop_after_windows) {
        add_item(items, "stopafterwindows", "on");
    }
    g_ptr_array_add(items, NULL);
    g_ptr_array_insert(out, 2, qi_plugin_inline(plugin, (char **)items->pdata));
    g_ptr_array_add(out, NULL);
    if (program != NULL) {
        *program = guest < 0 ? -1 : guest + 1;
    }
    if (items_out != NULL) {
        *items_out = (char **)g_ptr_array_free(g_steal_pointer(&items), FALSE);
    }
    return (char **)g_ptr_array_free(g_steal_pointer(&out), FALSE);
}

char *qi_shell_join(char *const *argv)
{
    GString *line = g_string_new(NULL);

    for (char *const *word = argv; *word; word++) {
        if (word != argv) {
            g_string_append_c(line, ' ');
        }
        if (word_is_plain(*word, "")) {
            g_string_append(line, *word);
        } else {
            g_autofree char *quoted = g_shell_quote(*word);
            g_string_append(line, quoted);
        }
    }
    return g_string_free(line, FALSE);
}
