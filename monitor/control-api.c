/*
 * The control interface's data (control-api.h): library specs and infos.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "control-api.h"

#include "qemu-instr/count.h"

LibrarySpec *library_spec_new(const char *path, const char *id)
{
    LibrarySpec *spec = g_new0(LibrarySpec, 1);
    spec->path = g_strdup(path);
    spec->id = g_strdup(id);
    spec->args = g_ptr_array_new_with_free_func(g_free);
    spec->windows = g_array_new(FALSE, FALSE, sizeof(LibraryWindow));
    return spec;
}

void library_spec_free(LibrarySpec *spec)
{
    if (spec == NULL) {
        return;
    }
    g_free(spec->path);
    g_free(spec->id);
    g_ptr_array_unref(spec->args);
    g_array_unref(spec->windows);
    g_free(spec);
}

#define CONTROL_API_ERROR g_quark_from_static_string("qemu-instr-window")

gboolean library_spec_add_window(LibrarySpec *spec, const char *text,
                                 GError **error)
{
    g_auto(GStrv) ends = g_strsplit(text, ":", -1);
    LibraryWindow w;
    if (g_strv_length(ends) != 2 || !qi_count_parse(ends[0], &w.start) ||
        !qi_count_parse(ends[1], &w.end)) {
        g_set_error(error, CONTROL_API_ERROR, 0, "window '%s' is not "
                    "START:END (instruction counts, e.g. 300M:400M)", text);
        return FALSE;
    }
    if (w.end <= w.start) {
        g_set_error(error, CONTROL_API_ERROR, 0,
                    "window '%s' is empty: END must be above START", text);
        return FALSE;
    }
    if (spec->windows->len > 0) {
        const LibraryWindow *prev = &g_array_index(
            spec->windows, LibraryWindow, spec->windows->len - 1);
        if (w.start < prev->end) {
            g_set_error(error, CONTROL_API_ERROR, 0,
                        "window '%s' starts before the end of the window "
                        "before it (%" G_GUINT64_FORMAT "): give windows in "
                        "order, without overlaps", text, prev->end);
            return FALSE;
        }
    }
    g_array_append_val(spec->windows, w);
    return TRUE;
}

char *library_window_text(const LibraryWindow *w)
{
    return g_strdup_printf("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                           w->start, w->end);
}

LibraryInfo *library_info_new(const char *id, const char *path,
                              char *const *args, const GArray *windows)
{
    LibraryInfo *info = g_new0(LibraryInfo, 1);
    info->id = g_strdup(id);
    info->path = g_strdup(path);
    info->args = g_ptr_array_new_with_free_func(g_free);
    for (char *const *a = args; a && *a; a++) {
        g_ptr_array_add(info->args, g_strdup(*a));
    }
    info->windows = g_array_new(FALSE, FALSE, sizeof(LibraryWindow));
    if (windows != NULL) {
        g_array_append_vals(info->windows, windows->data, windows->len);
    }
    return info;
}

void library_info_free(LibraryInfo *info)
{
    if (info != NULL) {
        g_free(info->id);
        g_free(info->path);
        g_ptr_array_unref(info->args);
        g_array_unref(info->windows);
        g_free(info);
    }
}
