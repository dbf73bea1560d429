/*
 * The end of a run (finish.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "finish.h"

#include <fcntl.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "atfork.h"
#include "lifecycle.h"
#include "monitors.h"
#include "quiesce.h"
#include "report.h"

/* ---------------------------------------------------------------------- */
/* The libraries, each within the bound                                   */

/*
 * The libraries finish on the thread that ends the run (QEMU may hold
 * locks there that their calls into QEMU need); a watchdog thread takes
 * over from one that overruns.  Whoever claims a library finishes it.
 */
static GMutex claim_lock;
ATFORK_GUARD(claim_lock)
static GCond progress_cond;
static guint next_claim;       /* registry index + 1 of the next to finish */
static guint running_claim;    /* registry index + 1 of the one running */
static gint64 running_since;
static bool taken_over;
static int end_signal;         /* the signal the run ends with, or 0 */

static unsigned int timeout_seconds(void)
{
    const char *text = g_getenv("QEMU_INSTR_FINISH_TIMEOUT");
    guint64 value;
    if (text != NULL && g_ascii_string_to_unsigned(text, 10, 1, 86400, &value,
                                                   NULL)) {
        return (unsigned int)value;
    }
    return FINISH_TIMEOUT_DEFAULT;
}

/* Claim the next library to finish, last loaded first; NULL when done. */
static Library *claim(void)
{
    Library *lib = NULL;
    g_mutex_lock(&claim_lock);
    if (next_claim > 0) {
        running_claim = next_claim--;
        running_since = g_get_monotonic_time();
        lib = g_ptr_array_index(library_registry, running_claim - 1);
    } else {
        running_claim = 0;
    }
    g_cond_broadcast(&progress_cond);
    g_mutex_unlock(&claim_lock);
    return lib;
}

static void finish_claimed(void)
{
    for (Library *lib; (lib = claim()) != NULL;) {
        library_finish(lib);
    }
}

/* End the process as the run would have ended, without waiting more. */
static G_NORETURN void end_now(void)
{
    fflush(NULL);
    if (end_signal != 0) {
        signal(end_signal, SIG_DFL);
        sigset_t just;
        sigemptyset(&just);
        sigaddset(&just, end_signal);
        pthread_sigmask(SIG_UNBLOCK, &just, NULL);
        raise(end_signal);
    }
    _exit(EXIT_FAILURE); /* a loss was reported */
}

static gpointer watchdog(gpointer data)
{
    gint64 bound = GPOINTER_TO_UINT(data) * G_TIME_SPAN_SECOND;
    g_mutex_lock(&claim_lock);
    while (running_claim != 0) {
        guint watched = running_claim;
        gint64 deadline = running_since + bound;
        if (g_cond_wait_until(&progress_cond, &claim_lock, deadline) ||
            running_claim != watched) {
            continue;
        }
        Library *lib = g_ptr_array_index(library_registry, watched - 1);
        taken_over = true;
        g_mutex_unlock(&claim_lock);
        report_loss("library %s (%s) did not finish within %u s "
                    "(QEMU_INSTR_FINISH_TIMEOUT): its outputs may be "
                    "incomplete; the others finish and the run ends",
                    lib->id, lib->path, GPOINTER_TO_UINT(data));
        finish_claimed();
        end_now();
    }
    g_mutex_unlock(&claim_lock);
    return NULL;
}

static void finish_libraries(void)
{
    g_mutex_lock(&claim_lock);
    next_claim = library_registry->len;
    g_mutex_unlock(&claim_lock);
    Library *first = claim();
    if (first == NULL) {
        return;
    }
    /* The watchdog takes no signal a vCPU thread should get. */
    sigset_t all, before;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &before);
    GThread *thread = g_thread_try_new(
        "qi-watchdog", watchdog, GUINT_TO_POINTER(timeout_seconds()), NULL);
    pthread_sigmask(SIG_SETMASK, &before, NULL);

    library_finish(first);
    finish_claimed();
    g_mutex_lock(&claim_lock);
    bool lost = taken_over;
    g_mutex_unlock(&claim_lock);
    if (lost) {
        for (;;) {
            pause(); /* the watchdog ends the process */
        }
    }
    if (thread != NULL) {
        g_thread_join(thread);
    }
}

/* ---------------------------------------------------------------------- */
/* Once per run                                                           */

static GMutex run_lock;
ATFORK_GUARD(run_lock)
static GCond run_done_cond;
static enum { RUN_GOING, RUN_FINISHING, RUN_FINISHED } run_state;
static _Thread_local bool finishing_here;

void finish_run(FinishStop stop, int sig)
{
    if (finishing_here) {
        return; /* called again from inside the finishing */
    }
    g_mutex_lock(&run_lock);
    if (run_state != RUN_GOING) {
        if (run_state == RUN_FINISHING) {
            g_mutex_unlock(&run_lock);
            quiesce_park_if_inside();
            g_mutex_lock(&run_lock);
        }
        while (run_state != RUN_FINISHED) {
            g_cond_wait(&run_done_cond, &run_lock);
        }
        g_mutex_unlock(&run_lock);
        return;
    }
    run_state = RUN_FINISHING;
    end_signal = sig;
    g_mutex_unlock(&run_lock);

    finishing_here = true;
    if (stop != FINISH_NOTHING_STOPPED) {
        quiesce_stop_world(stop != FINISH_QEMU_STOPPED,
                           stop == FINISH_VCPUS_RUNNING);
    }
    monitors_stop();
    finish_libraries();
    fflush(NULL);
    finishing_here = false;

    g_mutex_lock(&run_lock);
    run_state = RUN_FINISHED;
    g_cond_broadcast(&run_done_cond);
    g_mutex_unlock(&run_lock);
}

/* ---------------------------------------------------------------------- */
/* After a crash                                                          */

/* The reaper's end of the pipe a crashing thread writes its signal to. */
static int crash_pipe[2] = { -1, -1 };
static pid_t reaper_pid;

static gpointer reap(gpointer unused)
{
    (void)unused;
    unsigned char sig;
    while (read(crash_pipe[0], &sig, 1) != 1) {
    }
    finish_run(FINISH_AFTER_CRASH, sig);
    /* Die of the crash's signal, as the process would have. */
    end_now();
}

void finish_start_reaper(void)
{
    if (reaper_pid == getpid()) {
        return;
    }
    reaper_pid = getpid();
    if (crash_pipe[0] >= 0) { /* the parent's, in a forked child */
        close(crash_pipe[0]);
        close(crash_pipe[1]);
    }
    if (!g_unix_open_pipe(crash_pipe, FD_CLOEXEC, NULL)) {
        crash_pipe[0] = crash_pipe[1] = -1;
        return;
    }
    sigset_t all, before;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &before);
    GThread *thread = g_thread_try_new("qi-reaper", reap, NULL, NULL);
    pthread_sigmask(SIG_SETMASK, &before, NULL);
    if (thread != NULL) {
        g_thread_unref(thread);
    }
}

G_NORETURN void finish_after_crash(int sig)
{
    quiesce_park_self_in_signal();
    unsigned char byte = (unsigned char)sig;
    if (crash_pipe[1] < 0 || write(crash_pipe[1], &byte, 1) != 1) {
        /* No reaper: die of the signal now, unfinished. */
        end_signal = sig;
        end_now();
    }
    sigset_t all;
    sigfillset(&all);
    for (;;) {
        sigsuspend(&all);
    }
}
