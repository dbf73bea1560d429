/*
 * Execution-time events: the qi_event_set_*() API and the fan-out of QEMU's
 * vCPU and system-call callbacks to the libraries (events.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "events.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "control.h"
#include "finish.h"
#include "counters.h"
#include "library.h"
#include "outputs.h"
#include "report.h"
#include "runtime.h"
#include "signals.h"
#include "vcpus.h"

/*
 * The library calling an API function, or NULL (with a message) when the
 * caller is not running inside one of our calls into a library.
 */
static Library *calling_library(const char *function)
{
    if (library_current == NULL) {
        report("%s called outside qi_init or a hook: ignored", function);
    }
    return library_current;
}

/* Each setter stores the caller's handler and refreshes QEMU's callbacks. */
#define DEFINE_EVENT_SETTER(event, field)                                    \
    void qi_event_set_##event(__typeof__(((LibraryHandlers *)0)->field) fn)  \
    {                                                                        \
        Library *lib = calling_library("qi_event_set_" #event);              \
        if (lib != NULL) {                                                   \
            library_set_handler(lib, field, fn);                             \
            if (g_ptr_array_find(library_registry, lib, NULL)) {             \
                runtime_sync_callbacks();                                    \
            }                                                                \
        }                                                                    \
    }

DEFINE_EVENT_SETTER(guest_cpu_enter, cpu_enter)
DEFINE_EVENT_SETTER(guest_cpu_exit, cpu_exit)
DEFINE_EVENT_SETTER(guest_user_syscall, syscall)
DEFINE_EVENT_SETTER(guest_user_syscall_ret, syscall_ret)
DEFINE_EVENT_SETTER(guest_tb_before_trans, tb_before)
DEFINE_EVENT_SETTER(guest_insn_before_trans, insn_before)
DEFINE_EVENT_SETTER(guest_tb_after_trans, tb_after)
DEFINE_EVENT_SETTER(guest_fork_child, fork_child)
DEFINE_EVENT_SETTER(flush, flush)

/* Set in a forked child by fork() itself; acted on at its first callback. */
static int forked;

static void in_forked_child(void)
{
    g_atomic_int_set(&forked, 1);
}

/* The guest's system call numbers we act on, when known for its target. */
static bool calls_known;
static int64_t execve_num, execveat_num, rt_sigaction_num, exit_group_num;

void events_init(void)
{
    static const struct {
        const char *target;
        int64_t execve, execveat, rt_sigaction, exit_group;
    } calls[] = {
        { "x86_64", 59, 322, 13, 231 },
        { "aarch64", 221, 281, 134, 94 },
        { "riscv64", 221, 281, 134, 94 },
        { "i386", 11, 358, 174, 252 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(calls); i++) {
        if (qemu->target_name != NULL &&
            strcmp(qemu->target_name, calls[i].target) == 0) {
            calls_known = true;
            execve_num = calls[i].execve;
            execveat_num = calls[i].execveat;
            rt_sigaction_num = calls[i].rt_sigaction;
            exit_group_num = calls[i].exit_group;
        }
    }
    pthread_atfork(NULL, NULL, in_forked_child);
}

/*
 * The guest forked and this is the child, on its only vCPU, before any
 * guest code: the parent's outputs are the parent's.  Each library drops
 * its streams unwritten, then follows the child or is switched off.
 */
static void child_started(unsigned int vcpu_index)
{
    signals_refresh(); /* the child has its own threads to start */
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
        runtime_request_safepoint();
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
                qemu->system_emulation ? "QEMU's maxcpus"
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
    if (!qemu->system_emulation && !g_atomic_int_get(&seen) &&
        g_atomic_int_compare_and_exchange(&seen, 0, 1)) {
        signals_refresh();
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
    runtime_request_safepoint();
}

void events_syscall(unsigned int vcpu_index, int64_t num,
                    uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                    uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8)
{
    on_vcpu_thread(vcpu_index);
    if (G_UNLIKELY(calls_known &&
                   (num == execve_num || num == execveat_num))) {
        exec_called();
    }
    if (G_UNLIKELY(calls_known && num == exit_group_num)) {
        g_atomic_int_set(&exit_status, (int)(a1 & 0xff));
    }
    CALL_HANDLERS(syscall, qicpu(vcpu_index), num, a1, a2, a3, a4, a5, a6,
                  a7, a8);
}

void events_syscall_ret(unsigned int vcpu_index, int64_t num, int64_t ret)
{
    on_vcpu_thread(vcpu_index);
    if (G_UNLIKELY(g_atomic_int_get(&forked)) &&
        g_atomic_int_compare_and_exchange(&forked, 1, 0)) {
        child_started(vcpu_index);
    }
    if (G_UNLIKELY(calls_known && num == rt_sigaction_num)) {
        signals_refresh(); /* QEMU may have changed its handlers */
    }
    CALL_HANDLERS(syscall_ret, qicpu(vcpu_index), num, ret);
}
