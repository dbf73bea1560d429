/*
 * Where a library's file= value is found (libsearch.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "libsearch.h"

#include <string.h>

static gboolean is_regular_file(const char *path)
{
    return g_file_test(path, G_FILE_TEST_IS_REGULAR);
}

char *lib_search_resolve(const LibSearch *search, const char *file)
{
    static const char *const suffixes[] = { "", ".so" };
    gboolean (*is_file)(const char *) =
        search->is_file ? search->is_file : is_regular_file;

    if (strchr(file, '/') != NULL) {
        return g_canonicalize_filename(file, search->cwd);
    }
    for (char *const *dir = search->dirs; dir && *dir; dir++) {
        for (size_t i = 0; i < G_N_ELEMENTS(suffixes); i++) {
            g_autofree char *path =
                g_strdup_printf("%s/%s%s", *dir, file, suffixes[i]);
            if (is_file(path)) {
                return g_canonicalize_filename(path, search->cwd);
            }
        }
    }
    g_autofree char *local = g_build_filename(search->cwd, file, NULL);
    if (is_file(local)) {
        return g_steal_pointer(&local);
    }
    return NULL;
}
