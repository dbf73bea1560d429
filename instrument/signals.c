/*
 * Host signals (signals.h): fatal signals reach QEMU's exit path with the
 * libraries finished, and crashes in library code are blamed on the
 * library.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "signals.h"

#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <ucontext.h>

#include "backend.h"
#include "report.h"

/* The faults a library's bug raises. */
static const int fault_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE };

/* The handler ours stands in front of (QEMU's), per signal. */
static struct sigaction next_handler[NSIG];

/* What ends the run after a crash (signals_set_crash_handler). */
static void (*crash_handler)(int sig);

/* Armed while signals_run_guarded() runs a library's function. */
static _Thread_local sigjmp_buf *guard;
static _Thread_local Library *guarded;

/* The host pc of the faulting instruction. */
static uintptr_t fault_pc(const void *context)
{
    const ucontext_t *uc = context;
#if defined(__x86_64__)
    return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
    return (uintptr_t)uc->uc_mcontext.pc;
#else
    (void)uc;
    return 0;
#endif
}

/* A line built without allocation: we are in a signal handler. */
typedef struct Line {
    char text[768];
    size_t len;
} Line;

static void put(Line *line, const char *s)
{
    while (*s != '\0' && line->len < sizeof(line->text) - 1) {
        line->text[line->len++] = *s++;
    }
    line->text[line->len] = '\0';
}

static void put_hex(Line *line, uintptr_t value)
{
    char digits[2 * sizeof(value) + 1];
    size_t i = sizeof(digits) - 1;
    digits[i] = '\0';
    do {
        digits[--i] = "0123456789abcdef"[value & 0xf];
        value >>= 4;
    } while (value != 0);
    put(line, digits + i);
}

/* The last component of @path. */
static const char *file_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* "library ID (PATH) crashed: SIGSEGV at lib.so+0x1190 in fn<what>". */
static void report_crash(const Library *lib, int sig, uintptr_t pc,
                         const char *what)
{
    Line line = { .len = 0 };
    put(&line, "library ");
    put(&line, lib->id);
    put(&line, " (");
    put(&line, lib->path);
    put(&line, ") crashed: SIG");
    put(&line, sigabbrev_np(sig));
    put(&line, " at ");
    put(&line, file_name(lib->path));
    put(&line, "+0x");
    put_hex(&line, pc - lib->load_base);
    const char *function = symbols_find(lib->symbols, pc - lib->load_base);
    if (function != NULL) {
        put(&line, " in ");
        put(&line, function);
    }
    put(&line, what);
    report_loss_in_signal(line.text);
}

/* Let the handler we stand in front of have the signal. */
static void pass_on(int sig, siginfo_t *info, void *context)
{
    const struct sigaction *next = &next_handler[sig];
    if (next->sa_flags & SA_SIGINFO) {
        next->sa_sigaction(sig, info, context);
    } else if (next->sa_handler == SIG_DFL) {
        /* Returning re-executes the fault, which now kills. */
        signal(sig, SIG_DFL);
    } else if (next->sa_handler != SIG_IGN) {
        next->sa_handler(sig);
    }
}

static void on_fault(int sig, siginfo_t *info, void *context)
{
    uintptr_t pc = fault_pc(context);
    if (guarded != NULL) {
        report_crash(guarded, sig, pc, " while finishing; its outputs "
                     "are left as they were");
        siglongjmp(*guard, 1);
    }
    Library *lib = info->si_code > 0 ? registry_library_at(pc) : NULL;
    if (lib == NULL) {
        pass_on(sig, info, context);
        return;
    }
    if (g_atomic_int_compare_and_exchange(&lib->crashed, 0, 1)) {
        report_crash(lib, sig, pc, "; it is not finished, the other "
                     "libraries are");
    }
    /* Another thread finishes the others; this one stops here. */
    crash_handler(sig);
}

void signals_set_crash_handler(void (*handler)(int sig))
{
    crash_handler = handler;
}

/* The signals held back before the guest runs, and the first that came. */
static const int held_signals[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT,
                                    SIGALRM, SIGUSR1, SIGUSR2 };
static volatile sig_atomic_t held;

static void hold(int sig)
{
    if (held == 0) {
        held = sig;
    }
}

void signals_hold_until_guest_runs(void)
{
    /* QEMU 7.2 may kill itself before the guest's first block. */
    if (backend->catch_fatal_signals != NULL) {
        backend->catch_fatal_signals();
    }
    for (size_t i = 0; i < G_N_ELEMENTS(held_signals); i++) {
        struct sigaction current, ours = { .sa_handler = hold };
        sigfillset(&ours.sa_mask);
        if (sigaction(held_signals[i], NULL, &current) == 0 &&
            current.sa_handler == SIG_DFL) {
            sigaction(held_signals[i], &ours, NULL);
        }
    }
}

/* Give back what is still ours to its default; send what came meanwhile. */
static void release_held(void)
{
    static bool released;
    if (released) {
        return;
    }
    released = true;
    for (size_t i = 0; i < G_N_ELEMENTS(held_signals); i++) {
        struct sigaction current;
        if (sigaction(held_signals[i], NULL, &current) == 0 &&
            !(current.sa_flags & SA_SIGINFO) && current.sa_handler == hold) {
            signal(held_signals[i], SIG_DFL);
        }
    }
}

static void resend_held(void)
{
    int sig = held;
    if (sig != 0) {
        held = 0;
        kill(getpid(), sig); /* through the handlers now in place */
    }
}

void signals_refresh(void)
{
    release_held();
    if (backend->catch_fatal_signals != NULL) {
        backend->catch_fatal_signals();
    }
    for (size_t i = 0; i < G_N_ELEMENTS(fault_signals); i++) {
        int sig = fault_signals[i];
        struct sigaction current;
        sigaction(sig, NULL, &current);
        if ((current.sa_flags & SA_SIGINFO) &&
            current.sa_sigaction == on_fault) {
            continue;
        }
        next_handler[sig] = current;
        struct sigaction ours = {
            .sa_sigaction = on_fault,
            .sa_flags = SA_SIGINFO | (current.sa_flags & SA_ONSTACK),
        };
        sigfillset(&ours.sa_mask);
        sigaction(sig, &ours, NULL);
    }
    resend_held();
}

bool signals_run_guarded(Library *lib, void (*fn)(Library *))
{
    sigjmp_buf here;
    sigjmp_buf *outer_guard = guard;
    Library *outer_lib = guarded, *outer_current = library_current;
    volatile bool finished = false;
    if (sigsetjmp(here, 1) == 0) {
        guard = &here;
        guarded = lib;
        fn(lib);
        finished = true;
    }
    guard = outer_guard;
    guarded = outer_lib;
    library_current = outer_current;
    return finished;
}
