/*
 * Parsing the runtime plugin's arguments (see options.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "options.h"

#include <string.h>

#define OPTIONS_ERROR g_quark_from_static_string("qemu-instr-options")

void runtime_options_free(RuntimeOptions *opts)
{
    if (opts == NULL) {
        return;
    }
    g_ptr_array_unref(opts->libraries);
    g_free(opts->qmp);
    g_free(opts->hmp);
    g_free(opts->libpath);
    g_free(opts);
}

/* A monitor item: only the first one counts, so refuse repeats. */
static gboolean set_once(char **slot, const char *key, const char *value,
                         GError **error)
{
    if (*slot != NULL) {
        g_set_error(error, OPTIONS_ERROR, 0, "plugin option '%s' given twice",
                    key);
        return FALSE;
    }
    *slot = g_strdup(value);
    return TRUE;
}

static gboolean parse_item(RuntimeOptions *opts, const char *item,
                           GError **error)
{
    const char *eq = strchr(item, '=');
    if (eq == NULL) {
        g_set_error(error, OPTIONS_ERROR, 0,
                    "plugin option '%s' is not key=value", item);
        return FALSE;
    }
    g_autofree char *key = g_strndup(item, eq - item);
    const char *value = eq + 1;
    LibrarySpec *last = opts->libraries->len
        ? g_ptr_array_index(opts->libraries, opts->libraries->len - 1)
        : NULL;

    if (strcmp(key, "lib") == 0) {
        if (*value == '\0') {
            g_set_error(error, OPTIONS_ERROR, 0,
                        "plugin option 'lib=' needs a library path");
            return FALSE;
        }
        g_ptr_array_add(opts->libraries, library_spec_new(value, NULL));
        return TRUE;
    }
    if (strcmp(key, "libid") == 0 || strcmp(key, "libarg") == 0 ||
        strcmp(key, "libwindow") == 0) {
        if (last == NULL) {
            g_set_error(error, OPTIONS_ERROR, 0,
                        "plugin option '%s' comes before any lib=", item);
            return FALSE;
        }
        if (strcmp(key, "libarg") == 0) {
            g_ptr_array_add(last->args, g_strdup(value));
            return TRUE;
        }
        if (strcmp(key, "libwindow") == 0) {
            if (!library_spec_add_window(last, value, error)) {
                g_prefix_error(error, "library '%s': ", last->path);
                return FALSE;
            }
            return TRUE;
        }
        if (last->id != NULL) {
            g_set_error(error, OPTIONS_ERROR, 0,
                        "library '%s' has two ids ('%s' and '%s')", last->path,
                        last->id, value);
            return FALSE;
        }
        if (!library_id_is_valid(value)) {
            g_set_error(error, OPTIONS_ERROR, 0,
                        "library '%s': invalid id '%s' (use letters, digits, "
                        "'_', '.' and '-')", last->path, value);
            return FALSE;
        }
        last->id = g_strdup(value);
        return TRUE;
    }
    if (strcmp(key, "qmp") == 0) {
        return set_once(&opts->qmp, key, value, error);
    }
    if (strcmp(key, "hmp") == 0) {
        return set_once(&opts->hmp, key, value, error);
    }
    if (strcmp(key, "libpath") == 0) {
        return set_once(&opts->libpath, key, value, error);
    }
    g_set_error(error, OPTIONS_ERROR, 0,
                "unknown plugin option '%s' (expected lib, libid, libarg, "
                "libwindow, qmp, hmp or libpath)", key);
    return FALSE;
}

RuntimeOptions *runtime_options_parse(int argc, const char *const *argv,
                                      GError **error)
{
    RuntimeOptions *opts = g_new0(RuntimeOptions, 1);
    opts->libraries =
        g_ptr_array_new_with_free_func((GDestroyNotify)library_spec_free);
    for (int i = 0; i < argc; i++) {
        if (!parse_item(opts, argv[i], error)) {
            runtime_options_free(opts);
            return NULL;
        }
    }
    return opts;
}
