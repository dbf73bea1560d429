/*
 * A library's life (lifecycle.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lifecycle.h"

#include <string.h>

#include "counters.h"
#include "loader.h"
#include "outputs.h"
#include "signals.h"
#include "vcpus.h"

#define LIBRARY_ERROR g_quark_from_static_string("qemu-instr-library")

/* What @lib's qi_fini left behind: its counters and unclosed outputs. */
static void drop_leftovers(Library *lib)
{
    counters_free_owned_by(lib);
    outputs_forget(lib);
}

static void library_free(Library *lib)
{
    drop_leftovers(lib);
    g_free(lib->id);
    g_free(lib->path);
    g_strfreev(lib->argv);
    g_free(lib->init_error);
    symbols_free(lib->symbols);
    g_array_unref(lib->windows);
    g_free(lib);
}

/* Open @lib's file and find its entry points; sets @error on failure. */
static bool library_open(Library *lib, GError **error)
{
    g_autoptr(GError) why = NULL;
    lib->handle = loader_open(lib->path, registry_file_loaded, &lib->dev,
                              &lib->ino, &why);
    if (lib->handle == NULL) {
        g_set_error(error, LIBRARY_ERROR, 0, "library %s (%s): %s", lib->id,
                    lib->path, why->message);
        return false;
    }
    const int *version = lt_dlsym(lib->handle, "qi_api_version");
    lib->init = (int (*)(int, const char **))lt_dlsym(lib->handle, "qi_init");
    lib->fini = (void (*)(void))lt_dlsym(lib->handle, "qi_fini");
    if (version == NULL) {
        g_set_error(error, LIBRARY_ERROR, 0,
                    "library %s (%s): no qi_api_version symbol (not a "
                    "qemu-instr library?)", lib->id, lib->path);
    } else if (*version < QI_API_VERSION_MIN || *version > QI_API_VERSION) {
        g_set_error(error, LIBRARY_ERROR, 0,
                    "library %s (%s): built for API version %d, this runtime "
                    "provides versions %d to %d", lib->id, lib->path, *version,
                    QI_API_VERSION_MIN, QI_API_VERSION);
    } else if (lib->init == NULL) {
        g_set_error(error, LIBRARY_ERROR, 0,
                    "library %s (%s): no qi_init function", lib->id,
                    lib->path);
    } else {
        LoaderCode code = loader_locate_code(version);
        lib->code_start = code.start;
        lib->code_end = code.end;
        lib->load_base = code.base;
        lib->symbols = symbols_read(lib->path);
        return true;
    }
    lt_dlclose(lib->handle);
    lib->handle = NULL;
    return false;
}

static void send_cpu_enter(QICPU vcpu, void *data)
{
    Library *lib = data;
    void (*cpu_enter)(QICPU) = HANDLER(lib, cpu_enter);
    if (cpu_enter != NULL && library_is_active(lib)) {
        Library *prev = library_enter(lib);
        cpu_enter(vcpu);
        library_enter(prev);
    }
}

static void send_cpu_exit(QICPU vcpu, void *data)
{
    Library *lib = data;
    void (*cpu_exit)(QICPU) = HANDLER(lib, cpu_exit);
    if (cpu_exit != NULL) {
        Library *prev = library_enter(lib);
        cpu_exit(vcpu);
        library_enter(prev);
    }
}

/* Run qi_init; FALSE with @error set if it failed. */
static bool start(Library *lib, GError **error)
{
    g_clear_pointer(&lib->init_error, g_free);
    Library *prev = library_enter(lib);
    int rc = lib->init(lib->argc, (const char **)lib->argv);
    library_enter(prev);
    if (rc != 0) {
        g_set_error(error, LIBRARY_ERROR, 0,
                    "library %s (%s): qi_init failed (returned %d)%s%s",
                    lib->id, lib->path, rc, lib->init_error ? ": " : "",
                    lib->init_error ? lib->init_error : "");
        return false;
    }
    return true;
}

Library *library_load(const LibrarySpec *spec, GError **error)
{
    if (spec->id != NULL && library_find(spec->id) != NULL) {
        g_set_error(error, LIBRARY_ERROR, 0,
                    "library %s (%s): id '%s' is already used by %s", spec->id,
                    spec->path, spec->id, library_find(spec->id)->path);
        return NULL;
    }
    g_autofree char *id = spec->id ? g_strdup(spec->id) : registry_next_id();
    g_autoptr(GError) unresolved = NULL;
    g_autofree char *path = loader_resolve(spec->path, &unresolved);
    if (path == NULL) {
        g_set_error(error, LIBRARY_ERROR, 0, "library %s (%s): %s", id,
                    spec->path, unresolved->message);
        return NULL;
    }
    Library *lib = g_new0(Library, 1);
    lib->id = g_steal_pointer(&id);
    lib->path = g_steal_pointer(&path);
    lib->argc = 1 + spec->args->len;
    lib->argv = g_new0(char *, lib->argc + 1);
    lib->argv[0] = g_strdup(lib->path);
    for (guint i = 0; i < spec->args->len; i++) {
        lib->argv[i + 1] = g_strdup(g_ptr_array_index(spec->args, i));
    }
    lib->windows = g_array_copy(spec->windows);
    bool asleep = lib->windows->len > 0;
    lib->state = asleep ? LIBRARY_ASLEEP : LIBRARY_RUNNING;
    lib->window_base = UINT64_MAX; /* set when windows.c first sees it */
    if (!library_open(lib, error) || (!asleep && !start(lib, error))) {
        if (lib->handle != NULL) {
            lt_dlclose(lib->handle);
        }
        library_free(lib);
        return NULL;
    }

    registry_add(lib);
    if (!asleep) {
        vcpus_foreach(send_cpu_enter, lib);
    }
    return lib;
}

bool library_wake(Library *lib, GError **error)
{
    if (!start(lib, error)) {
        return false;
    }
    lib->state = LIBRARY_RUNNING;
    vcpus_foreach(send_cpu_enter, lib);
    return true;
}

void library_sleep(Library *lib)
{
    library_finish(lib);
    memset(&lib->on, 0, sizeof(lib->on));
    lib->reads_registers = false;
    drop_leftovers(lib);
    lib->state = LIBRARY_ASLEEP;
    lib->window++;
}

/* guest_cpu_exit for every vCPU, then qi_fini. */
static void finish_now(Library *lib)
{
    vcpus_foreach(send_cpu_exit, lib);
    if (lib->fini != NULL) {
        Library *prev = library_enter(lib);
        lib->fini();
        library_enter(prev);
    }
}

void library_finish(Library *lib)
{
    if (!lib->abandoned && lib->state == LIBRARY_RUNNING &&
        !g_atomic_int_get(&lib->crashed)) {
        signals_run_guarded(lib, finish_now);
    }
    lib->state = LIBRARY_FINISHED; /* never twice */
}

void library_unload(Library *lib)
{
    library_finish(lib);
    lt_dlclose(lib->handle);
    registry_remove(lib);
    library_free(lib);
}
