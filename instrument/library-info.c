/*
 * LibraryInfo: a loaded library as monitors describe it (library.h).  Kept
 * apart from library.c so that monitor code can be tested without QEMU.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "library.h"

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
