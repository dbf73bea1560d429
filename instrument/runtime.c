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
#include "finish.h"
#include "library.h"
#include "monitors.h"
#include "options.h"
#include "quiesce.h"
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
static void runtime_fatal_signal(int sig);
static void runtime_safepoint(void);

static void runtime_vcpu_init(unsigned int vcpu_index)
{
    if (quiesce_note_init()) {
        runtime_request_safepoint(); /* blocks without a poll must go */
    }
    events_vcpu_init(vcpu_index);
}

static void runtime_vcpu_exit(unsigned int vcpu_index)
{
    events_vcpu_exit(vcpu_index);
    quiesce_note_exit(vcpu_index);
}

/*
 * QEMU's events on vCPU threads pass the gate that stops them when the
 * run ends (quiesce.h).
 */
#define GATED(name, params, args)                                          \
    static void gated_##name params                                        \
    {                                                                      \
        quiesce_enter();                                                   \
        name args;                                                         \
        quiesce_leave();                                                   \
    }
GATED(runtime_vcpu_init, (unsigned int v), (v))
GATED(runtime_vcpu_exit, (unsigned int v), (v))
GATED(events_vcpu_idle, (unsigned int v), (v))
GATED(runtime_flush, (void), ())
GATED(runtime_translate, (BackendTB *tb), (tb))
GATED(runtime_safepoint, (void), ())

static void gated_syscall(unsigned int v, int64_t num, uint64_t a1,
                          uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
                          uint64_t a6, uint64_t a7, uint64_t a8)
{
    quiesce_enter();
    events_syscall(v, num, a1, a2, a3, a4, a5, a6, a7, a8);
    quiesce_note_syscall(v, true);
    quiesce_leave();
}

static void gated_syscall_ret(unsigned int v, int64_t num, int64_t ret)
{
    quiesce_enter();
    quiesce_note_syscall(v, false);
    events_syscall_ret(v, num, ret);
    quiesce_leave();
}

/* What the backend calls: the core's handlers of QEMU's events. */
static const CoreHooks hooks = {
    .vcpu_init = gated_runtime_vcpu_init,
    .vcpu_exit = gated_runtime_vcpu_exit,
    .vcpu_idle = gated_events_vcpu_idle,
    .flush = gated_runtime_flush,
    .exit = runtime_exit,
    .fatal_signal = runtime_fatal_signal,
    .translate = gated_runtime_translate,
    .syscall = gated_syscall,
    .syscall_ret = gated_syscall_ret,
    .safepoint = gated_runtime_safepoint,
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

/*
 * QEMU exits: finish.  A guest that exits with status 0 (exit_group) while
 * results were lost gets status 1: scripts must not take the run for a
 * success.  A guest dying of a signal keeps that signal as its status.
 */
static void runtime_exit(void)
{
    finish_run(FINISH_QEMU_STOPPED, 0);
    if (report_losses() && events_exit_status() == 0) {
        _exit(EXIT_FAILURE);
    }
}

/* QEMU 7.2 kills itself with a signal without stopping its vCPUs. */
static void runtime_fatal_signal(int sig)
{
    finish_run(FINISH_VCPUS_RUNNING, sig);
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
    finish_run(FINISH_QEMU_STOPPED, 0); /* no vCPU runs yet */
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
