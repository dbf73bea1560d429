/*
 * HMP commands (hmp-commands.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hmp-commands.h"

#include <stdarg.h>
#include <string.h>

typedef struct Command {
    const char *name;
    const char *usage; /* for help: the name and its arguments */
    const char *summary;
    void (*run)(const ControlBackend *backend, int argc, char **argv,
                GString *out, gboolean *quit);
} Command;

static void cmd_help(const ControlBackend *backend, int argc, char **argv,
                     GString *out, gboolean *quit);

/* Append one line to @out. */
G_GNUC_PRINTF(2, 3)
static void say(GString *out, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    g_string_append_vprintf(out, format, ap);
    va_end(ap);
    g_string_append_c(out, '\n');
}

/* Commands without arguments: is there none?  Complain if there is. */
static gboolean no_arguments(int argc, char **argv, GString *out)
{
    if (argc > 1) {
        say(out, "%s: too many arguments", argv[0]);
    }
    return argc == 1;
}

/* Append @word so that the command line reads it back as one word. */
static void append_word(GString *out, const char *word)
{
    if (word_is_plain(word, "=%")) {
        g_string_append(out, word);
        return;
    }
    g_string_append_c(out, '"');
    for (const char *c = word; *c; c++) {
        if (*c == '"' || *c == '\\') {
            g_string_append_c(out, '\\');
        }
        g_string_append_c(out, *c);
    }
    g_string_append_c(out, '"');
}

/* @word as append_word() writes it (g_free it). */
static char *quote_word(const char *word)
{
    GString *out = g_string_new(NULL);
    append_word(out, word);
    return g_string_free(out, FALSE);
}

/* @lib's windows as instr-load's options ("-w S:E ..."; g_free it). */
static char *windows_options(const LibraryInfo *lib)
{
    GString *text = g_string_new(NULL);
    for (guint i = 0; i < lib->windows->len; i++) {
        g_autofree char *w = library_window_text(
            &g_array_index(lib->windows, LibraryWindow, i));
        g_string_append_printf(text, "%s-w %s", i ? " " : "", w);
    }
    return g_string_free(text, FALSE);
}

/*
 * "info instr": a table of id, windows, path and arguments, one library a
 * line.  After the id, a line reads as instr-load's arguments for the same
 * library.
 */
static void info_instr(const ControlBackend *backend, GString *out)
{
    GPtrArray *list = backend->list();
    int id_width = strlen("ID"), path_width = strlen("PATH");
    int windows_width = strlen("WINDOWS");
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *windows = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < list->len; i++) {
        const LibraryInfo *lib = g_ptr_array_index(list, i);
        char *path = quote_word(lib->path);
        char *w = windows_options(lib);
        id_width = MAX(id_width, (int)strlen(lib->id));
        path_width = MAX(path_width, (int)strlen(path));
        windows_width = MAX(windows_width, (int)strlen(w));
        g_ptr_array_add(paths, path);
        g_ptr_array_add(windows, w);
    }
    if (list->len == 0) {
        say(out, "no libraries loaded");
    } else {
        say(out, "%-*s  %-*s  %-*s  ARGS", id_width, "ID", windows_width,
            "WINDOWS", path_width, "PATH");
    }
    for (guint i = 0; i < list->len; i++) {
        const LibraryInfo *lib = g_ptr_array_index(list, i);
        GString *row = g_string_new(NULL);
        g_string_printf(row, "%-*s  %-*s  %-*s ", id_width, lib->id,
                        windows_width, (char *)g_ptr_array_index(windows, i),
                        path_width, (char *)g_ptr_array_index(paths, i));
        for (guint a = 0; a < lib->args->len; a++) {
            g_string_append_c(row, ' ');
            append_word(row, g_ptr_array_index(lib->args, a));
        }
        say(out, "%s", g_strchomp(row->str)); /* no padding at the end */
        g_string_free(row, TRUE);
    }
    g_ptr_array_unref(windows);
    g_ptr_array_unref(paths);
    g_ptr_array_unref(list);
}

static void cmd_info(const ControlBackend *backend, int argc, char **argv,
                     GString *out, gboolean *quit)
{
    (void)quit;
    if (argc < 2) {
        say(out, "info: missing item (try 'info instr')");
    } else if (strcmp(argv[1], "instr") != 0) {
        say(out, "info: unknown item '%s' (try 'info instr')", argv[1]);
    } else if (argc > 2) {
        say(out, "info instr: too many arguments");
    } else {
        info_instr(backend, out);
    }
}

static void cmd_instr_load(const ControlBackend *backend, int argc,
                           char **argv, GString *out, gboolean *quit)
{
    (void)quit;
    const char *id = NULL;
    g_autoptr(GPtrArray) windows = g_ptr_array_new();
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-i") != 0 && strcmp(argv[i], "-w") != 0) {
            say(out, "instr-load: unknown option '%s'", argv[i]);
            return;
        }
        if (strcmp(argv[i], "-i") == 0 && id != NULL) {
            say(out, "instr-load: -i given twice");
            return;
        }
        if (i + 1 == argc) {
            say(out, "instr-load: %s needs %s", argv[i],
                strcmp(argv[i], "-i") == 0 ? "an ID" : "START:END");
            return;
        }
        if (strcmp(argv[i++], "-i") == 0) {
            id = argv[i];
        } else {
            g_ptr_array_add(windows, argv[i]);
        }
    }
    if (i == argc) {
        say(out, "instr-load: missing PATH");
        return;
    }
    if (id != NULL && !library_id_is_valid(id)) {
        say(out, "instr-load: invalid id '%s'", id);
        return;
    }
    g_autoptr(LibrarySpec) spec = library_spec_new(argv[i], id);
    while (++i < argc) {
        g_ptr_array_add(spec->args, g_strdup(argv[i]));
    }
    GError *error = NULL;
    for (guint w = 0; w < windows->len; w++) {
        if (!library_spec_add_window(spec, windows->pdata[w], &error)) {
            say(out, "instr-load: %s", error->message);
            g_error_free(error);
            return;
        }
    }
    char *loaded = backend->load(spec, &error);
    if (loaded != NULL) {
        say(out, "loaded as %s", loaded);
        g_free(loaded);
    } else {
        say(out, "instr-load: %s", error->message);
        g_error_free(error);
    }
}

static void cmd_instr_unload(const ControlBackend *backend, int argc,
                             char **argv, GString *out, gboolean *quit)
{
    (void)quit;
    GError *error = NULL;
    if (argc != 2) {
        say(out, "instr-unload: expected exactly one ID");
    } else if (backend->unload(argv[1], &error)) {
        say(out, "unloaded %s", argv[1]);
    } else {
        say(out, "instr-unload: %s", error->message);
        g_error_free(error);
    }
}

static void cmd_quit(const ControlBackend *backend, int argc, char **argv,
                     GString *out, gboolean *quit)
{
    (void)backend;
    *quit = no_arguments(argc, argv, out);
}

static const Command commands[] = {
    { "help", "help", "list the commands", cmd_help },
    { "info", "info instr", "list the loaded libraries", cmd_info },
    { "instr-load", "instr-load [-i ID] [-w S:E]... PATH [ARG...]",
      "load a library (under id ID; only inside windows S:E)",
      cmd_instr_load },
    { "instr-unload", "instr-unload ID", "unload a library", cmd_instr_unload },
    { "quit", "quit", "end this session", cmd_quit },
    { NULL, NULL, NULL, NULL },
};

static void cmd_help(const ControlBackend *backend, int argc, char **argv,
                     GString *out, gboolean *quit)
{
    (void)backend, (void)quit;
    if (no_arguments(argc, argv, out)) {
        for (const Command *c = commands; c->name; c++) {
            say(out, "%-44s %s", c->usage, c->summary);
        }
    }
}

char *hmp_execute(const ControlBackend *backend, const char *line,
                  gboolean *quit)
{
    GString *out = g_string_new(NULL);
    GError *error = NULL;
    int argc;
    char **argv;
    *quit = FALSE;
    if (!g_shell_parse_argv(line, &argc, &argv, &error)) {
        /* A blank line (or only a #comment) is no command at all. */
        if (!g_error_matches(error, G_SHELL_ERROR,
                             G_SHELL_ERROR_EMPTY_STRING)) {
            say(out, "syntax error: unmatched quote or trailing backslash");
        }
        g_error_free(error);
        return g_string_free(out, FALSE);
    }
    const Command *c = commands;
    while (c->name != NULL && strcmp(c->name, argv[0]) != 0) {
        c++;
    }
    if (c->name != NULL) {
        c->run(backend, argc, argv, out, quit);
    } else {
        say(out, "unknown command: '%s' (try 'help')", argv[0]);
    }
    g_strfreev(argv);
    return g_string_free(out, FALSE);
}
