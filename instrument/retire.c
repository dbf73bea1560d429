/*
 * Retired instructions across discontinuities (retire.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "retire.h"

#include <glib.h>
#include <string.h>

#include "arena.h"
#include "atfork.h"
#include "backend.h"
#include "counters.h"
#include "vcpus.h"

typedef struct LeftEarlyCall {
    const Library *library;
    QILeftEarlyFn fn;
    const uint64_t *args;
} LeftEarlyCall;

struct RetireLedger {
    uint64_t vaddr;
    size_t n_insns;
    uint64_t *insn_vaddrs;
    size_t n_counts, n_calls;   /* filled so far */
    BackendScore **counts;
    LeftEarlyCall *calls;
};

/*
 * Where a guest signal handler finds the signal: the registers pointing at
 * the siginfo and the ucontext QEMU wrote (plus an offset), and the offset
 * of the interrupted pc in that ucontext (the kernel's layouts, which QEMU
 * reproduces).  docs/discontinuities.md has the measurements.
 */
typedef struct SignalFrame {
    const char *target;
    const char *info_register;
    uint64_t info_offset;
    const char *context_register;
    uint64_t context_offset;
    uint64_t pc_offset;
} SignalFrame;

static const SignalFrame frames[] = {
    /* rt_sigframe: rsi = &info, rdx = &uc; uc_mcontext at 40, rip at +128 */
    { "x86_64", "rsi", 0, "rdx", 0, 40 + 16 * 8 },
    /* rt_sigframe at sp: info, then uc at 128; uc_mcontext at 176, pc at
     * +8 (fault_address) +31*8 (regs) +8 (sp) */
    { "aarch64", "sp", 0, "sp", 128, 176 + 8 + 31 * 8 + 8 },
};

static RetireNotify notify;
static unsigned int seen;
static int wanted;
static BackendScore *current;       /* per vCPU: RetireLedger * or 0 */
static const SignalFrame *frame;    /* user mode, when signals are seen */
static int info_register = -1, context_register = -1;

static GMutex handlers_lock;
ATFORK_GUARD(handlers_lock)
static GHashTable *handlers;        /* guest addresses of signal handlers */

void retire_init(RetireNotify fn)
{
    notify = fn;
    if (backend->tb_score_store == NULL) {
        return; /* no way to know the current block */
    }
    if (backend->reports_discontinuities) {
        seen |= QI_SEEN_EXCEPTIONS;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(frames); i++) {
        if (!backend->system_emulation && backend->read_memory != NULL &&
            backend->read_register != NULL &&
            strcmp(backend->target_name, frames[i].target) == 0) {
            frame = &frames[i];
            seen |= QI_SEEN_SIGNALS;
            handlers = g_hash_table_new(g_int64_hash, g_int64_equal);
        }
    }
    if (seen != 0) {
        current = backend->score_new();
    }
}

unsigned int retire_seen(void)
{
    return seen;
}

void retire_want(void)
{
    g_atomic_int_set(&wanted, 1);
}

/* ---------------------------------------------------------------------- */
/* Ledgers                                                               */

RetireLedger *retire_ledger_new(uint64_t vaddr, size_t n_insns,
                                const uint64_t *insn_vaddrs,
                                size_t n_counts, size_t n_calls)
{
    if (seen == 0 || !g_atomic_int_get(&wanted)) {
        return NULL;
    }
    RetireLedger *l = arena_alloc(sizeof(RetireLedger));
    l->vaddr = vaddr;
    l->n_insns = n_insns;
    l->insn_vaddrs = arena_alloc(n_insns * sizeof(uint64_t));
    memcpy(l->insn_vaddrs, insn_vaddrs, n_insns * sizeof(uint64_t));
    l->counts = arena_alloc(n_counts * sizeof(BackendScore *));
    l->calls = arena_alloc(n_calls * sizeof(LeftEarlyCall));
    return l;
}

void retire_ledger_count(RetireLedger *l, QICounter *c)
{
    if (l != NULL) {
        l->counts[l->n_counts++] = counter_score(c);
    }
}

void retire_ledger_call(RetireLedger *l, const Library *lib, QILeftEarlyFn fn,
                        const uint64_t *args)
{
    if (l != NULL) {
        l->calls[l->n_calls++] = (LeftEarlyCall){ lib, fn, args };
    }
}

/* The ledger of the block vCPU @vcpu runs, then none. */
static const RetireLedger *take_current(unsigned int vcpu)
{
    const RetireLedger *l =
        (const RetireLedger *)(uintptr_t)backend->score_get(current, vcpu);
    if (l != NULL) {
        backend->score_set(current, vcpu, 0);
    }
    return l;
}

/* The index of the instruction at @pc in @l, or -1. */
static long insn_index(const RetireLedger *l, uint64_t pc)
{
    for (size_t i = 0; i < l->n_insns; i++) {
        if (l->insn_vaddrs[i] == pc) {
            return (long)i;
        }
    }
    return -1;
}

/* vCPU @vcpu left @l after @retired instructions: take back the rest. */
static void left_early(unsigned int vcpu, const RetireLedger *l,
                       size_t retired)
{
    uint64_t tail = l->n_insns - retired;
    for (size_t i = 0; i < l->n_counts; i++) {
        backend->score_set(l->counts[i], vcpu,
                           backend->score_get(l->counts[i], vcpu) - tail);
    }
    for (size_t i = 0; i < l->n_calls; i++) {
        if (library_is_active(l->calls[i].library)) {
            l->calls[i].fn(qicpu(vcpu), (uint32_t)retired, l->calls[i].args);
        }
    }
}

/*
 * vCPU @vcpu left its block at @pc, the first instruction that did not
 * retire; @at_start: even when @pc is the block's first instruction (an
 * asynchronous event at a block boundary leaves the previous block, whole).
 */
static void leave_at(unsigned int vcpu, uint64_t pc, bool at_start)
{
    const RetireLedger *l = take_current(vcpu);
    long index = l != NULL ? insn_index(l, pc) : -1;
    if (index > 0 || (index == 0 && at_start)) {
        left_early(vcpu, l, (size_t)index);
    }
}

void retire_discontinuity(unsigned int vcpu_index, QIDiscontinuity kind,
                          uint64_t from_pc, uint64_t to_pc)
{
    if (current != NULL) {
        leave_at(vcpu_index, from_pc, kind != QI_DISCON_INTERRUPT);
    }
    notify(vcpu_index, kind, from_pc, to_pc);
}

/* ---------------------------------------------------------------------- */
/* User-mode signals                                                     */

void retire_note_sigaction(uint64_t act)
{
    uint64_t handler;
    /* sa_handler comes first in the kernel's struct sigaction. */
    if (frame == NULL || act == 0 ||
        !backend->read_memory(act, &handler, sizeof handler) || handler <= 1) {
        return; /* no new action, SIG_DFL or SIG_IGN */
    }
    g_mutex_lock(&handlers_lock);
    if (!g_hash_table_contains(handlers, &handler)) {
        uint64_t *key = g_new(uint64_t, 1);
        *key = handler;
        g_hash_table_add(handlers, key);
    }
    g_mutex_unlock(&handlers_lock);
}

static bool is_handler(uint64_t vaddr)
{
    g_mutex_lock(&handlers_lock);
    bool known = g_hash_table_contains(handlers, &vaddr);
    g_mutex_unlock(&handlers_lock);
    return known;
}

static int find_register(const char *name)
{
    for (int i = 0; backend->register_name(i) != NULL; i++) {
        if (strcmp(backend->register_name(i), name) == 0) {
            return i;
        }
    }
    return -1;
}

static bool read_u64(int reg, uint64_t offset, uint64_t *value)
{
    uint64_t base = 0;
    return reg >= 0 && backend->read_register(reg, &base, sizeof base) > 0 &&
           backend->read_memory(base + offset, value, sizeof *value);
}

/* Signals an instruction raises; a kernel-sent one has si_code > 0. */
static bool synchronous(int32_t signo, int32_t code)
{
    return code > 0 && (signo == 4 /* SIGILL */ || signo == 5 /* SIGTRAP */ ||
                        signo == 7 /* SIGBUS */ || signo == 8 /* SIGFPE */ ||
                        signo == 11 /* SIGSEGV */);
}

/*
 * The entry of a guest signal handler (before the block's store): if a
 * synchronous signal brought the vCPU here, its block was left at the
 * interrupted pc.  Also reached by a plain call of the handler function:
 * the registers then point at no frame, or at one whose pc is not in the
 * vCPU's block.
 */
static void handler_entered(unsigned int vcpu, void *data)
{
    uint64_t handler = (uint64_t)(uintptr_t)data;
    if (info_register < 0) {
        info_register = find_register(frame->info_register);
        context_register = find_register(frame->context_register);
    }
    uint64_t signo_code, pc;
    if (!read_u64(info_register, frame->info_offset, &signo_code) ||
        !read_u64(context_register, frame->context_offset + frame->pc_offset,
                  &pc)) {
        return;
    }
    /* siginfo: si_signo, si_errno, si_code: the first and the third int. */
    uint64_t code_word;
    if (!read_u64(info_register, frame->info_offset + 8, &code_word)) {
        return;
    }
    int32_t signo = (int32_t)(uint32_t)signo_code;
    int32_t code = (int32_t)(uint32_t)code_word;
    if (synchronous(signo, code) &&
        backend->score_get(current, vcpu) != 0) {
        leave_at(vcpu, pc, true);
        notify(vcpu, QI_DISCON_SIGNAL, pc, handler);
    }
}

void retire_ledger_emit(BackendTB *tb, RetireLedger *l)
{
    if (l == NULL) {
        return;
    }
    if (frame != NULL && is_handler(l->vaddr)) {
        backend->tb_exec(tb, handler_entered, (void *)(uintptr_t)l->vaddr,
                         true);
    }
    backend->tb_score_store(tb, current, (uint64_t)(uintptr_t)l);
}

void retire_forget_blocks(void)
{
    unsigned int n = vcpus_count();
    for (unsigned int i = 0; current != NULL && i < n; i++) {
        backend->score_set(current, i, 0);
    }
}
