/*
 * The control interface's data (control-api.h): library specs and infos.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "control-api.h"

LibrarySpec *library_spec_new(const char *path, const char *id)
{
    LibrarySpec *spec = g_new0(LibrarySpec, 1);
    spec->path = g_strdup(path);
    spec->id = g_strdup(id);
    spec->args = g_ptr_array_new_with_free_func(g_free);
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
    g_free(spec);
}

gboolean library_id_is_valid(const char *id)
{
    if (id == NULL || *id == '\0') {
        return FALSE;
    }
    for (const char *c = id; *c; c++) {
        if (!g_ascii_isalnum(*c) && *c != '_' && *c != '.' && *c != '-') {
            return FALSE;
        }
    }
    return TRUE;
}

LibraryInfo *library_info_new(const char *id, const char *path,
                              char *const *args)
{
    LibraryInfo *info = g_new0(LibraryInfo, 1);
    info->id = g_strdup(id);
    info->path = g_strdup(path);
    info->args = g_ptr_array_new_with_free_func(g_free);
    for (char *const *a = args; a && *a; a++) {
        g_ptr_array_add(info->args, g_strdup(*a));
    }
    return info;
}

void library_info_free(LibraryInfo *info)
{
    if (info != NULL) {
        g_free(info->id);
        g_free(info->path);
        g_ptr_array_unref(info->args);
        g_free(info);
    }
}
