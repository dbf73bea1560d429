/*
 * Execution-time events: the fan-out of QEMU's vCPU and system-call
 * callbacks to the libraries, forks and execs (events.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "events.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "control.h"
#include "counters.h"
#include "faults.h"
#include "finish.h"
#include "outputs.h"
#include "registry.h"
#include "report.h"
#include "retire.h"
#include "signals.h"
#include "syscalls.h"
#include "vcpus.h"

/* Set in a forked child by fork() itself; acted on at its first callback. */
static int forked;

static void in_forked_child(void)
{
    g_atomic_int_set(&forked, 1);
}

/* The guest's system call numbers we act on, when known for its target. */
static bool calls_known;
static SyscallNumbers calls;

void events_init(void)
{
    calls_known = syscalls_of(backend->target_name, &calls);
    pthread_atfork(NULL, NULL, in_forked_child);
}

/*
 * Stand in front of QEMU's signal handlers (signals.h), with the thread
 * that ends the run after a crash started (again in a forked child).
 */
static void take_signals(void)
{
    finish_start_reaper();
    signals_refresh();
}

/*
 * The guest forked and this is the child, on its only vCPU, before any
 * guest code: the parent's outputs are the parent's.  Each library drops
 * its streams unwritten, then follows the child or is switched off.
 */
static void child_started(unsigned int vcpu_index)
{
    take_signals(); /* the child has its own threads to start */
    bool switched_off = false;
    for (guint i = 0; i < library_registry->len; i++) {
        Library *lib = g_ptr_array_index(library_registry, i);
        if (!library_is_active(lib)) {
            continue;
        }
        outputs_abandon(lib);
        int (*follow)(QICPU) = HANDLER(lib, fork_child);
        Library *prev = library_enter(lib);
        int rc = follow ? follow(qicpu(vcpu_index)) : -1;
        library_enter(prev);
        if (rc != 0) {
            g_autofree char *why = g_strdup_printf(
                "switched off in the guest's child process %d (%s)",
                (int)getpid(), follow ? "its guest_fork_child handler "
                "declined" : "it does not follow forks");
            lib->abandoned = true;
            switched_off |= library_disable(lib, why);
        }
    }
    if (switched_off) {
        backend_request_safepoint();
    }
}

/*
 * A vCPU index at or beyond qi_vcpu_max(), which libraries size their
 * per-vCPU arrays by: finish them (their results are written) and stop.
 */
static G_NORETURN void too_many_vcpus(unsigned int vcpu_index)
{
    report_loss("the guest needs vCPU index %u, beyond qemu-instr's bound of "
                "%u vCPUs (%s): stopping", vcpu_index, vcpus_max(),
                backend->system_emulation ? "QEMU's maxcpus"
                    : "set QEMU_INSTR_MAX_VCPUS for more");
    finish_run(FINISH_VCPUS_RUNNING, 0);
    _exit(EXIT_FAILURE);
}

void events_vcpu_init(unsigned int vcpu_index)
{
    if (vcpu_index >= vcpus_max()) {
        too_many_vcpus(vcpu_index);
    }
    vcpus_add(vcpu_index);
    counters_vcpu_init();
    CALL_HANDLERS(cpu_enter, qicpu(vcpu_index));
}

void events_vcpu_exit(unsigned int vcpu_index)
{
    CALL_HANDLERS(cpu_exit, qicpu(vcpu_index));
    vcpus_remove(vcpu_index);
}

/* The status the guest asked exit_group for, -1 before it did. */
static int exit_status = -1;

int events_exit_status(void)
{
    return g_atomic_int_get(&exit_status);
}

void events_guest_running(void)
{
    static int seen;
    if (!backend->system_emulation && !g_atomic_int_get(&seen) &&
        g_atomic_int_compare_and_exchange(&seen, 0, 1)) {
        take_signals();
    }
}

/* On the vCPU's own thread: learn the vCPU, and let waiting requests in. */
static void on_vcpu_thread(unsigned int vcpu_index)
{
    events_guest_running();
    vcpus_note_this_thread(vcpu_index);
    if (control_enabled()) {
        control_poll(vcpu_index, NULL);
    }
}

void events_vcpu_idle(unsigned int vcpu_index)
{
    on_vcpu_thread(vcpu_index);
}

/*
 * The guest calls execve.  If the call succeeds, the program it starts
 * replaces this process and runs natively, outside QEMU: nothing of ours
 * runs again, not even at exit.  So the libraries finish now, once per
 * process, and are switched off (should the call fail, the rest of the
 * process runs uninstrumented; a shell's PATH search fails a few times
 * before it succeeds).
 */
static void exec_called(void)
{
    static int finished;
    if (!g_atomic_int_compare_and_exchange(&finished, 0, 1)) {
        return;
    }
    report("process %d calls execve: the program it starts runs natively, "
           "outside QEMU, and is not instrumented; the libraries finish now",
           (int)getpid());
    finish_run(FINISH_NOTHING_STOPPED, 0);
    for (guint i = 0; i < library_registry->len; i++) {
        Library *lib = g_ptr_array_index(library_registry, i);
        g_atomic_int_set(&lib->disabled, 1); /* unloaded at the safe point */
    }
    backend_request_safepoint();
}

void events_syscall(unsigned int vcpu_index, int64_t num,
                    uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                    uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8)
{
    on_vcpu_thread(vcpu_index);
    if (G_UNLIKELY(calls_known &&
                   (num == calls.execve || num == calls.execveat))) {
        exec_called();
    }
    if (G_UNLIKELY(calls_known && num == calls.rt_sigaction)) {
        retire_note_sigaction(a2);
    }
    if (G_UNLIKELY(calls_known && num == calls.exit_group)) {
        g_atomic_int_set(&exit_status, (int)(a1 & 0xff));
    }
    CALL_HANDLERS(syscall, qicpu(vcpu_index), num, a1, a2, a3, a4, a5, a6,
                  a7, a8);
}

void events_discontinuity(unsigned int vcpu_index, QIDiscontinuity kind,
                          uint64_t from_pc, uint64_t to_pc)
{
    CALL_HANDLERS(discontinuity, qicpu(vcpu_index), kind, from_pc, to_pc);
}

void events_syscall_ret(unsigned int vcpu_index, int64_t num, int64_t ret)
{
    on_vcpu_thread(vcpu_index);
    if (G_UNLIKELY(g_atomic_int_get(&forked)) &&
        g_atomic_int_compare_and_exchange(&forked, 1, 0)) {
        child_started(vcpu_index);
    }
    if (G_UNLIKELY(calls_known && num == calls.rt_sigaction)) {
        take_signals(); /* QEMU may have changed its handlers */
    }
    CALL_HANDLERS(syscall_ret, qicpu(vcpu_index), num, ret);
}
