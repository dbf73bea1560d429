/*
 * The runtime: what QEMU sees of qemu-instr.  qi_runtime_install()
 * (declared in qemu/backend.h, called by a backend module) installs the
 * core into QEMU: it hands the backend the CoreHooks table, the core's
 * handlers of QEMU's events, each passing the gate that stops the world
 * at the end (quiesce.h); hands the lower layers what they call upwards
 * (the crash handler); loads the start-up libraries; and starts the
 * monitors.  At each safe point it unloads disabled libraries, applies
 * monitor requests and windows, and registers its callbacks again.
 *
 * Nothing in the core calls into this file: it is the top layer
 * (docs/architecture.md).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "arena.h"
#include "backend.h"
#include "callbacks.h"
#include "classify.h"
#include "control.h"
#include "events.h"
#include "finish.h"
#include "layout.h"
#include "lifecycle.h"
#include "loader.h"
#include "monitors.h"
#include "options.h"
#include "quiesce.h"
#include "report.h"
#include "retire.h"
#include "signals.h"
#include "translate.h"
#include "vcpus.h"
#include "windows.h"

/*
 * QEMU flushed its translated code: nothing refers to the arena any more,
 * and the libraries may free what their blocks' emitted work used.
 */
static void runtime_flush(void)
{
    retire_forget_blocks();
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
static G_NORETURN void stop_after_last_window(void);

/* -instr-stop-after-windows (plugin item stopafterwindows=on). */
static bool stop_after_windows;
static void runtime_fatal_signal(int sig);
static void runtime_safepoint(void);

static void runtime_vcpu_init(unsigned int vcpu_index)
{
    if (quiesce_note_init()) {
        backend_request_safepoint(); /* blocks without a poll must go */
    }
    events_vcpu_init(vcpu_index);
}

static void runtime_vcpu_exit(unsigned int vcpu_index)
{
    events_vcpu_exit(vcpu_index);
    quiesce_note_exit();
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
    quiesce_note_syscall(true);
    quiesce_leave();
}

static void gated_discontinuity(unsigned int v, QIDiscontinuity kind,
                                uint64_t from_pc, uint64_t to_pc)
{
    quiesce_enter();
    retire_discontinuity(v, kind, from_pc, to_pc);
    quiesce_leave();
}

static void gated_syscall_ret(unsigned int v, int64_t num, int64_t ret)
{
    quiesce_enter();
    quiesce_note_syscall(false);
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
    .discontinuity = gated_discontinuity,
};

/*
 * The safe point: QEMU has flushed its translated code and unregistered all
 * our callbacks, so no library code can be entered from QEMU.
 */
static void runtime_safepoint(void)
{
    retire_forget_blocks();
    arena_free_all();
    for (guint i = library_registry->len; i > 0; i--) {
        Library *lib = g_ptr_array_index(library_registry, i - 1);
        if (!library_is_active(lib)) {
            library_unload(lib);
        }
    }
    control_apply();
    if (windows_apply() && stop_after_windows) {
        stop_after_last_window();
    }
    backend->start(&hooks);
    callbacks_sync();
    backend_safepoint_done();
    control_complete();
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

/*
 * Every windowed library is past its last window and the user asked to
 * stop there: end the run at this safe point (no vCPU runs guest code),
 * as the guest's exit would.
 */
static G_NORETURN void stop_after_last_window(void)
{
    report("the run stopped after the last window, at instruction %" PRIu64
           " of vCPU 0 (-instr-stop-after-windows): the guest did not run "
           "to its end, and the exit status is not the program's",
           windows_position());
    finish_run(FINISH_QEMU_STOPPED, 0);
    fflush(NULL);
    _exit(report_losses() ? EXIT_FAILURE : EXIT_SUCCESS);
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

int qi_runtime_install(const Backend *module_backend, int argc,
                       const char *const *argv)
{
    backend_set(module_backend);
    report_init();
    registry_init();
    signals_set_crash_handler(finish_after_crash);
    if (!backend->system_emulation) {
        signals_hold_until_guest_runs();
    }
    g_autoptr(GError) error = NULL;
    RuntimeOptions *opts = runtime_options_parse(argc, argv, &error);
    if (opts == NULL) {
        startup_failure(error->message);
    }
    loader_set_search_path(opts->libpath);
    g_autofree char *why = NULL;
    if (!vcpus_init_max(backend->max_vcpus, &why)) {
        startup_failure(why);
    }
    classify_set_target(backend->target_name);
    events_init();
    if (!retire_init(events_discontinuity, &why)) {
        startup_failure(why);
    }
    if (lt_dlinit() != 0) {
        startup_failure("cannot initialise libltdl");
    }
    backend->start(&hooks);
    if (!backend->system_emulation) {
        layout_hold();
    }
    for (guint i = 0; i < opts->libraries->len; i++) {
        if (library_load(g_ptr_array_index(opts->libraries, i), &error) ==
            NULL) {
            startup_failure(error->message);
        }
    }
    stop_after_windows = opts->stop_after_windows;
    if (windows_apply() && stop_after_windows) {
        stop_after_last_window();
    }
    if (!monitors_start(opts, &error)) {
        startup_failure(error->message);
    }
    runtime_options_free(opts);
    layout_release();
    callbacks_sync();
    return 0;
}
