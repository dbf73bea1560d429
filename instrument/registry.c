/*
 * The registry of loaded libraries (registry.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "registry.h"

#include <string.h>

#include "atfork.h"

_Thread_local Library *library_current;
GPtrArray *library_registry;

/*
 * Held while the registry changes and while monitor threads read it (hooks
 * do not need it: the registry only changes while vCPUs are stopped).
 */
static GMutex registry_lock;
ATFORK_GUARD(registry_lock)

void registry_init(void)
{
    library_registry = g_ptr_array_new();
}

void registry_add(Library *lib)
{
    g_mutex_lock(&registry_lock);
    g_ptr_array_add(library_registry, lib);
    g_mutex_unlock(&registry_lock);
}

void registry_remove(Library *lib)
{
    g_mutex_lock(&registry_lock);
    g_ptr_array_remove(library_registry, lib);
    g_mutex_unlock(&registry_lock);
}

bool registry_holds(const Library *lib)
{
    return g_ptr_array_find(library_registry, lib, NULL);
}

bool registry_file_loaded(dev_t dev, ino_t ino)
{
    for (guint i = 0; i < library_registry->len; i++) {
        const Library *other = g_ptr_array_index(library_registry, i);
        if (other->dev == dev && other->ino == ino) {
            return true;
        }
    }
    return false;
}

Library *registry_library_at(uintptr_t pc)
{
    for (guint i = 0; pc != 0 && i < library_registry->len; i++) {
        Library *lib = g_ptr_array_index(library_registry, i);
        if (pc >= lib->code_start && pc < lib->code_end) {
            return lib;
        }
    }
    return NULL;
}

GPtrArray *library_list(void)
{
    GPtrArray *list =
        g_ptr_array_new_with_free_func((GDestroyNotify)library_info_free);
    g_mutex_lock(&registry_lock);
    for (guint i = 0; i < library_registry->len; i++) {
        Library *lib = g_ptr_array_index(library_registry, i);
        g_ptr_array_add(list, library_info_new(lib->id, lib->path,
                                               lib->argv + 1, lib->windows));
    }
    g_mutex_unlock(&registry_lock);
    return list;
}

Library *library_find(const char *id)
{
    for (guint i = 0; i < library_registry->len; i++) {
        Library *lib = g_ptr_array_index(library_registry, i);
        if (strcmp(lib->id, id) == 0) {
            return lib;
        }
    }
    return NULL;
}

char *registry_next_id(void)
{
    for (unsigned n = 0;; n++) {
        char *id = g_strdup_printf("lib%u", n);
        if (library_find(id) == NULL) {
            return id;
        }
        g_free(id);
    }
}
