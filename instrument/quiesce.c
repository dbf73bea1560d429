/*
 * Stopping the world before the libraries finish (quiesce.h).
 *
 * Counts, not per-vCPU states: QEMU 7.2 does not say which vCPU a thread
 * runs when it translates, but each thread knows whether it sits in a
 * system call or has parked.  The world is still when every live vCPU but
 * the stopper's own is parked or in a system call.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "quiesce.h"

#include <glib.h>
#include <pthread.h>
#include <unistd.h>

#include "backend.h"

/* Set once, by the thread that stops the world. */
static int stopping;
static _Thread_local bool stopper;

/* Threads inside a gate, and this thread's nesting of gates. */
static int in_flight;
static _Thread_local int depth;

/* Live vCPUs, and how many of them run no guest code. */
static int live;
static int in_syscall;
static int parked;
static _Thread_local bool this_in_syscall;

static int polls_needed;

/* A forked child has one thread, the forking one, in no system call. */
static void forked_child(void)
{
    live = 1;
    in_syscall = 0;
    parked = 0;
    in_flight = depth > 0;
    this_in_syscall = false;
}

/* pthread_atfork() for this file's counts, once. */
static void watch_forks(void)
{
    static int watching;
    if (g_atomic_int_compare_and_exchange(&watching, 0, 1)) {
        pthread_atfork(NULL, NULL, forked_child);
    }
}

/* How long vCPUs that QEMU holds are waited for (see the header). */
#define VCPU_WAIT_US (500 * 1000)
#define WAIT_STEP_US 1000

/* This thread runs no guest code again: parked, no longer in a call. */
static void count_as_parked(void)
{
    quiesce_note_syscall(false);
    __atomic_add_fetch(&parked, 1, __ATOMIC_SEQ_CST);
}

/* Never returns: the process ends around this thread. */
static G_NORETURN void park(void)
{
    count_as_parked();
    for (;;) {
        pause();
    }
}

static bool must_park(void)
{
    return __atomic_load_n(&stopping, __ATOMIC_SEQ_CST) && !stopper;
}

void quiesce_enter(void)
{
    if (depth++ > 0) {
        return;
    }
    /* Paired with quiesce_stop_world(): set stopping, then read in_flight. */
    __atomic_add_fetch(&in_flight, 1, __ATOMIC_SEQ_CST);
    if (G_UNLIKELY(must_park())) {
        depth--;
        __atomic_sub_fetch(&in_flight, 1, __ATOMIC_SEQ_CST);
        park();
    }
}

void quiesce_leave(void)
{
    if (--depth == 0) {
        __atomic_sub_fetch(&in_flight, 1, __ATOMIC_SEQ_CST);
    }
}

void quiesce_note_syscall(bool now_in_syscall)
{
    if (this_in_syscall != now_in_syscall) {
        this_in_syscall = now_in_syscall;
        __atomic_add_fetch(&in_syscall, now_in_syscall ? 1 : -1,
                           __ATOMIC_SEQ_CST);
    }
}

bool quiesce_note_init(void)
{
    watch_forks();
    int n = __atomic_add_fetch(&live, 1, __ATOMIC_SEQ_CST);
    /* QEMU 9.0+ stop every vCPU themselves on every way out. */
    return n == 2 && backend->score_new == NULL && !backend->system_emulation &&
           g_atomic_int_compare_and_exchange(&polls_needed, 0, 1);
}

void quiesce_note_exit(void)
{
    quiesce_note_syscall(false);
    __atomic_sub_fetch(&live, 1, __ATOMIC_SEQ_CST);
}

bool quiesce_polls_needed(void)
{
    return g_atomic_int_get(&polls_needed);
}

/* Park a vCPU that runs translated code (see quiesce_emit_poll). */
static void poll(unsigned int vcpu_index, void *unused)
{
    (void)vcpu_index, (void)unused;
    if (G_UNLIKELY(must_park())) {
        park();
    }
}

void quiesce_emit_poll(BackendTB *tb)
{
    if (quiesce_polls_needed()) {
        backend->tb_exec(tb, poll, NULL, false);
    }
}

/* Wait until @still() is false, for at most @limit_us (0: no limit). */
static void wait_while(bool (*still)(void), unsigned long limit_us)
{
    for (unsigned long waited = 0; still() && (limit_us == 0 ||
                                               waited < limit_us);
         waited += WAIT_STEP_US) {
        g_usleep(WAIT_STEP_US);
    }
}

static bool calls_in_flight(void)
{
    /* The stopper may itself be inside a gate. */
    return __atomic_load_n(&in_flight, __ATOMIC_SEQ_CST) > (depth > 0);
}

static int stopper_vcpus;

static bool vcpus_running(void)
{
    return __atomic_load_n(&parked, __ATOMIC_SEQ_CST) +
           __atomic_load_n(&in_syscall, __ATOMIC_SEQ_CST) + stopper_vcpus <
           __atomic_load_n(&live, __ATOMIC_SEQ_CST);
}

void quiesce_stop_world(bool vcpus_run, bool on_vcpu)
{
    if (!g_atomic_int_compare_and_exchange(&stopping, 0, 1)) {
        return;
    }
    stopper = true;
    /* The stopper's own system-call state does not matter any more. */
    quiesce_note_syscall(false);
    stopper_vcpus = on_vcpu ? 1 : 0;
    wait_while(calls_in_flight, 0);
    if (vcpus_run && quiesce_polls_needed()) {
        wait_while(vcpus_running, VCPU_WAIT_US);
    }
}

/* Leave every gate this thread is in (without the bookkeeping of park()). */
static void leave_all(void)
{
    if (depth > 0) {
        depth = 0;
        __atomic_sub_fetch(&in_flight, 1, __ATOMIC_SEQ_CST);
    }
}

void quiesce_park_if_inside(void)
{
    if (depth > 0) {
        leave_all();
        park();
    }
}

void quiesce_park_self_in_signal(void)
{
    leave_all();
    count_as_parked();
}
