/*
 * The runtime's life cycle inside QEMU (runtime.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "arena.h"
#include "classify.h"
#include "control.h"
#include "events.h"
#include "library.h"
#include "monitors.h"
#include "options.h"
#include "report.h"
#include "translate.h"
#include "vcpus.h"
#include "windows.h"

const Backend *qemu;

/* Does any active library handle the event at @offset in LibraryHandlers? */
static bool handled(size_t offset)
{
    for (guint i = 0; i < library_registry->len; i++) {
        Library *lib = g_ptr_array_index(library_registry, i);
        void *fn = __atomic_load_n((void **)((char *)&lib->on + offset),
                                   __ATOMIC_ACQUIRE);
        if (fn != NULL && library_is_active(lib)) {
            return true;
        }
    }
    return false;
}

#define HANDLED(field) handled(offsetof(LibraryHandlers, field))

void runtime_sync_callbacks(void)
{
    /* Registering NULL unregisters: nobody pays for an unused event. */
    /* With a monitor, every block polls for requests (see control.h). */
    bool translates = HANDLED(tb_before) || HANDLED(insn_before) ||
                      HANDLED(tb_after) || control_enabled() ||
                      windows_pending();
    qemu->watch_translation(translates);
    /* System calls also tell translation hooks which vCPU a thread runs. */
    qemu->watch_syscalls(HANDLED(syscall) || translates);
    /* Returns also hand a forked child's libraries over (events.h). */
    qemu->watch_syscall_returns(library_registry->len > 0);
}

/*
 * QEMU flushed its translated code: nothing refers to the arena any more,
 * and the libraries may free what their blocks' emitted work used.
 */
static void runtime_flush(void)
{
    arena_free_all();
    CALL_HANDLERS(flush);
}

/* A block is translated: the guest runs, past QEMU's set-up. */
static void runtime_translate(BackendTB *tb)
{
    events_guest_running();
    translate_block(tb);
}

static void runtime_exit(void);
static void runtime_safepoint(void);

/* What the backend calls: the core's handlers of QEMU's events. */
static const CoreHooks hooks = {
    .vcpu_init = events_vcpu_init,
    .vcpu_exit = events_vcpu_exit,
    .vcpu_idle = events_vcpu_idle,
    .flush = runtime_flush,
    .exit = runtime_exit,
    .translate = runtime_translate,
    .syscall = events_syscall,
    .syscall_ret = events_syscall_ret,
    .safepoint = runtime_safepoint,
};

static int safepoint_requested;

/*
 * The safe point: QEMU has flushed its translated code and unregistered all
 * our callbacks, so no library code can be entered from QEMU.
 */
static void runtime_safepoint(void)
{
    arena_free_all();
    for (guint i = library_registry->len; i > 0; i--) {
        Library *lib = g_ptr_array_index(library_registry, i - 1);
        if (!library_is_active(lib)) {
            library_unload(lib);
        }
    }
    control_apply();
    windows_apply();
    qemu->start(&hooks);
    runtime_sync_callbacks();
    g_atomic_int_set(&safepoint_requested, 0);
    control_complete();
}

void runtime_request_safepoint(void)
{
    if (g_atomic_int_compare_and_exchange(&safepoint_requested, 0, 1)) {
        qemu->reset();
    }
}

void runtime_finish(void)
{
    static int finished;
    if (!g_atomic_int_compare_and_exchange(&finished, 0, 1)) {
        return;
    }
    monitors_stop();
    for (guint i = library_registry->len; i > 0; i--) {
        library_finish(g_ptr_array_index(library_registry, i - 1));
    }
    fflush(NULL);
}

/*
 * QEMU exits: finish.  A guest that exits with status 0 (exit_group) while
 * results were lost gets status 1: scripts must not take the run for a
 * success.  A guest dying of a signal keeps that signal as its status.
 */
static void runtime_exit(void)
{
    runtime_finish();
    if (report_losses() && events_exit_status() == 0) {
        _exit(EXIT_FAILURE);
    }
}

/*
 * A start-up error: report it, finish what was loaded, and stop QEMU before
 * the guest runs.  Exiting here rather than failing qemu_plugin_install()
 * keeps the diagnosis to our one line; _exit because nothing else needs
 * cleaning up yet, and other libraries' exit handlers must not run from
 * inside QEMU's plugin loading (one deadlocked in an ASan build).
 */
static G_NORETURN void startup_failure(const char *message)
{
    report("%s", message);
    runtime_finish();
    fflush(NULL);
    _exit(EXIT_FAILURE);
}

int qi_runtime_install(const Backend *backend, int argc,
                       const char *const *argv)
{
    qemu = backend;
    report_init();
    library_registry_init();
    g_autoptr(GError) error = NULL;
    RuntimeOptions *opts = runtime_options_parse(argc, argv, &error);
    if (opts == NULL) {
        startup_failure(error->message);
    }
    library_set_search_path(opts->libpath);
    g_autofree char *why = NULL;
    if (!vcpus_init_max(qemu->max_vcpus, &why)) {
        startup_failure(why);
    }
    classify_set_target(qemu->target_name);
    events_init();
    if (lt_dlinit() != 0) {
        startup_failure("cannot initialise libltdl");
    }
    qemu->start(&hooks);
    for (guint i = 0; i < opts->libraries->len; i++) {
        if (library_load(g_ptr_array_index(opts->libraries, i), &error) ==
            NULL) {
            startup_failure(error->message);
        }
    }
    windows_apply();
    if (!monitors_start(opts, &error)) {
        startup_failure(error->message);
    }
    runtime_options_free(opts);
    runtime_sync_callbacks();
    return 0;
}
