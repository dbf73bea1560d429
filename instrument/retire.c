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
#include "classify.h"
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
    bool *traps;                /* x86 system mode: retires where it traps */
    BackendInsn *last;          /* during its translation only */
    size_t n_counts, n_calls;   /* filled so far */
    BackendScore **counts;
    LeftEarlyCall *calls;
};

/*
 * Where a guest signal handler finds the signal: the register holding its
 * number (the handler's first argument), the registers pointing at the
 * siginfo and the ucontext QEMU wrote (plus an offset), and the offset of
 * the interrupted pc in that ucontext (the kernel's layouts, which QEMU
 * reproduces).  Measured on QEMU 7.2, 10.0 and 10.2, with and without
 * SA_SIGINFO (docs/discontinuities.md); without it the siginfo is not
 * written, the rest is.
 */
typedef struct SignalFrame {
    const char *target;
    const char *signo_register;
    const char *info_register;
    uint64_t info_offset;
    const char *context_register;
    uint64_t context_offset;
    uint64_t pc_offset;
} SignalFrame;

static const SignalFrame frames[] = {
    /* rt_sigframe: rsi = &info, rdx = &uc; uc_mcontext at 40, rip at +128 */
    { "x86_64", "rdi", "rsi", 0, "rdx", 0, 40 + 16 * 8 },
    /* rt_sigframe at sp: info, then uc at 128; uc_mcontext at 176, pc at
     * +8 (fault_address) +31*8 (regs) +8 (sp) */
    { "aarch64", "x0", "sp", 0, "sp", 128, 176 + 8 + 31 * 8 + 8 },
};

/* The registers of frame's, found once the guest's first vCPU started. */
typedef struct FrameRegisters {
    int signo, info, context;
} FrameRegisters;

static RetireNotify notify;
static unsigned int seen;
static int wanted;
/*
 * Per vCPU: the RetireLedger * of the block it runs, or 0 (none, or
 * already taken back).  Before the block's last instruction starts, the
 * ledger's address gets REACHED_END added: a value below it at the next
 * block's entry means the block was left early.
 */
static BackendScore *current;
#define REACHED_END (UINT64_C(1) << 63) /* above every host pointer */
static const SignalFrame *frame;    /* user mode, when signals are seen */
static FrameRegisters frame_registers; /* see signal_registers() */
/*
 * System mode, per vCPU: the ledger of the block an exception was raised
 * in, whose correction waits for the interrupt QEMU reports next (its
 * from_pc is the faulting instruction; the exception's may be the block's
 * start).
 */
static uintptr_t *exception_in;
/* System mode on AArch64: an exception is reported once (x86-64: twice). */
static bool exception_reported_once;

static GMutex handlers_lock;
ATFORK_GUARD(handlers_lock)
static GHashTable *handlers;        /* guest addresses of signal handlers */

/* QEMU_INSTR_EXACT=insns where nothing is seen. */
static bool per_insn;

bool retire_init(RetireNotify fn, char **why)
{
    notify = fn;
    const char *exact = g_getenv("QEMU_INSTR_EXACT");
    if (exact != NULL && strcmp(exact, "insns") != 0 &&
        strcmp(exact, "blocks") != 0) {
        *why = g_strdup_printf("QEMU_INSTR_EXACT='%s': expected insns or "
                               "blocks", exact);
        return false;
    }
    per_insn = exact != NULL && strcmp(exact, "insns") == 0;
    if (backend->tb_score_store == NULL) {
        return true; /* no way to know the current block */
    }
    seen |= QI_SEEN_RESUMES;
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
    current = backend->score_new();
    if (backend->system_emulation) {
        exception_in = g_new0(uintptr_t, backend->max_vcpus);
        exception_reported_once = strcmp(backend->target_name, "aarch64") == 0;
    }
    /* The exact mode is for QEMUs where faults go unseen. */
    per_insn = per_insn && !(seen & (backend->system_emulation
                                         ? QI_SEEN_EXCEPTIONS
                                         : QI_SEEN_SIGNALS));
    return true;
}

bool retire_per_insn(void)
{
    return per_insn;
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
                                BackendInsn *const *insns,
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
    l->last = insns[n_insns - 1];
    if (backend->system_emulation && !exception_reported_once) {
        /* Read at the interrupt after an exception (x86-64's pattern). */
        l->traps = arena_alloc(n_insns * sizeof(bool));
        for (size_t i = 0; i < n_insns; i++) {
            uint8_t bytes[16];
            size_t n = backend->insn_read(insns[i], bytes, sizeof bytes);
            l->traps[i] = classify_traps(bytes, n, insn_vaddrs[i]);
        }
    }
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

/* The ledger of the block vCPU @vcpu runs (or NULL). */
static const RetireLedger *peek_current(unsigned int vcpu)
{
    return (const RetireLedger *)(uintptr_t)(
        backend->score_get(current, vcpu) & ~REACHED_END);
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

/*
 * Were vCPU @vcpu's block left at @pc, the index of @pc in it, or -1:
 * not in it, or not where it can have been left (a block whose last
 * instruction started can only have been left there; at any other of its
 * addresses, a later block starts).  *@l: the block (or NULL).
 */
static long departure(unsigned int vcpu, uint64_t pc, const RetireLedger **l)
{
    uint64_t slot = backend->score_get(current, vcpu);
    *l = (const RetireLedger *)(uintptr_t)(slot & ~REACHED_END);
    long index = *l != NULL ? insn_index(*l, pc) : -1;
    return (slot & REACHED_END) && index != (long)(*l)->n_insns - 1 ? -1
                                                                    : index;
}

/* vCPU @vcpu has left its block: a second report takes nothing back. */
static void forget_current(unsigned int vcpu)
{
    backend->score_set(current, vcpu, 0);
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
 * vCPU @vcpu left its block @l at instruction @index (-1: not in the
 * block, nothing to take back): the instructions before it retired, and
 * it too when @retires.
 */
static void leave_at(unsigned int vcpu, const RetireLedger *l, long index,
                     bool retires)
{
    size_t retired = (size_t)index + (retires ? 1 : 0);
    if (l != NULL && index >= 0 && retired < l->n_insns) {
        left_early(vcpu, l, retired);
    }
}

/*
 * System mode (measured, docs/discontinuities.md).  On x86-64 an exception
 * is reported twice, as an exception whose from_pc is the block's start
 * when a helper raised it, then as an interrupt whose from_pc is the
 * faulting (or trapping) instruction.  On AArch64 it is reported once, as
 * an exception whose from_pc is the instruction that did not retire (a
 * faulting access, brk, udf) or, after a trap (svc, hvc, smc), the
 * instruction after it, outside the block.  A true interrupt is taken between
 * blocks: its from_pc is the next block's start, which may be the block
 * just run (a loop), so its index 0 takes nothing back.  A host call
 * completes.  In user mode the callbacks take nothing back: memory faults
 * have none, AArch64 reports nothing, and a helper's exception names the
 * block's start; the signal frame (below) is exact for them all.
 */
static void system_discontinuity(unsigned int vcpu, QIDiscontinuity kind,
                                 uint64_t from_pc)
{
    uintptr_t slot = (uintptr_t)peek_current(vcpu);
    if (kind == QI_DISCON_EXCEPTION && !exception_reported_once) {
        exception_in[vcpu] = slot; /* corrected at the interrupt to come */
        return;
    }
    bool after_exception = exception_in[vcpu] != 0 &&
                           exception_in[vcpu] == slot;
    exception_in[vcpu] = 0;
    const RetireLedger *l;
    long index = departure(vcpu, from_pc, &l);
    forget_current(vcpu);
    if (kind == QI_DISCON_HOSTCALL) {
        leave_at(vcpu, l, index, true);
    } else if (kind == QI_DISCON_EXCEPTION) { /* AArch64's one report */
        leave_at(vcpu, l, index, false);
    } else if (after_exception) {
        leave_at(vcpu, l, index, index >= 0 && l->traps[index]);
    } else if (index > 0) {
        leave_at(vcpu, l, index, false);
    }
}

void retire_discontinuity(unsigned int vcpu_index, QIDiscontinuity kind,
                          uint64_t from_pc, uint64_t to_pc)
{
    if (current != NULL && exception_in != NULL &&
        vcpu_index < backend->max_vcpus) {
        system_discontinuity(vcpu_index, kind, from_pc);
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

/* The signals an instruction raises. */
static bool fault_signal(uint64_t signo)
{
    return signo == 4 /* SIGILL */ || signo == 5 /* SIGTRAP */ ||
           signo == 7 /* SIGBUS */ || signo == 8 /* SIGFPE */ ||
           signo == 11 /* SIGSEGV */;
}

/*
 * The entry of a guest signal handler (before the block's store): if an
 * instruction's fault brought the vCPU here, its block was left at the
 * interrupted pc, which did not retire (a trap's frame names the next
 * instruction: nothing of its block is left).  QEMU delivers other signals
 * between blocks, where the pc is the next block's start: in the block
 * just run only if it loops to itself, at index 0, where the siginfo's
 * code tells a fault (> 0, sent by the kernel) from a kill().  Without
 * SA_SIGINFO there is no siginfo: index 0 counts as a fault.  A plain
 * call of the handler function finds a pc outside the vCPU's block.
 */
/*
 * The frame's registers, looked up once (any vCPU thread may be first: a
 * handler runs after the first vCPU started, when registers are known).
 */
static const FrameRegisters *signal_registers(void)
{
    static gsize found;
    if (g_once_init_enter(&found)) {
        frame_registers = (FrameRegisters){
            find_register(frame->signo_register),
            find_register(frame->info_register),
            find_register(frame->context_register),
        };
        g_once_init_leave(&found, 1);
    }
    return &frame_registers;
}

static void handler_entered(unsigned int vcpu, void *data)
{
    FrameRegisters regs = *signal_registers();
    uint64_t signo = 0, pc, info_signo, info_code;
    if (regs.signo < 0 ||
        backend->read_register(regs.signo, &signo,
                               sizeof signo) <= 0 ||
        !fault_signal(signo) ||
        !read_u64(regs.context,
                  frame->context_offset + frame->pc_offset, &pc)) {
        return;
    }
    const RetireLedger *l;
    long index = departure(vcpu, pc, &l);
    if (index == 0 &&
        read_u64(regs.info, frame->info_offset, &info_signo) &&
        read_u64(regs.info, frame->info_offset + 8, &info_code) &&
        (uint32_t)info_signo == (uint32_t)signo &&
        (int32_t)(uint32_t)info_code <= 0) {
        return; /* sent by a process, between blocks */
    }
    if (index >= 0) {
        forget_current(vcpu);
        leave_at(vcpu, l, index, false);
        notify(vcpu, QI_DISCON_SIGNAL, pc, (uint64_t)(uintptr_t)data);
    }
}

/*
 * A block starts while the previous one's last instruction never did, and
 * nobody reported why (a report takes the block back and clears the
 * slot, which also lands here, with nothing to do): QEMU stopped it and
 * resumes inside it, at this block's start.  Self-modifying code does so:
 * a store into the running block's page makes QEMU drop the block and go
 * on after the store.
 */
static void resumed_inside(unsigned int vcpu, void *data)
{
    const RetireLedger *now = data;
    const RetireLedger *left = peek_current(vcpu);
    long index = left != NULL ? insn_index(left, now->vaddr) : -1;
    if (index > 0) {
        left_early(vcpu, left, (size_t)index);
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
    backend->tb_exec_if(tb, current, QI_COND_LT, REACHED_END, resumed_inside,
                        l, false);
    backend->tb_score_store(tb, current, (uint64_t)(uintptr_t)l);
    backend->insn_score_store(l->last, current,
                              (uint64_t)(uintptr_t)l | REACHED_END);
}

void retire_forget_blocks(void)
{
    unsigned int n = vcpus_count();
    for (unsigned int i = 0; current != NULL && i < n; i++) {
        backend->score_set(current, i, 0);
    }
}
