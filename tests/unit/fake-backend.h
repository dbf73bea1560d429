/*
 * A fake QEMU for unit tests of the runtime core: a Backend
 * (instrument/qemu/backend.h) that records what the core registers and
 * runs it as QEMU would, on the test's command.
 *
 * The test translates blocks (a vaddr and a number of 4-byte instructions
 * at vaddr, vaddr + 4, ...), executes them on a vCPU index of its choice,
 * announces vCPUs, delivers system calls, flushes, reaches the safe
 * points the core asks for, and ends the run.  Two families:
 *
 * - FAKE_V1 (QEMU 7.2's API v1): inline `*counter += n`, no scoreboards;
 *   in each scope (a block's entry, an instruction) the calls run first,
 *   then the inline additions, as QEMU 7.2 does.
 * - FAKE_V2 (QEMU 9.0+): scoreboards and conditional calls, no inline
 *   additions to plain memory; a scope's work runs in registration order.
 *
 * Like QEMU, the fake drops every registration at a reset and calls
 * nothing of the core until start() registers again; a reset is reached
 * (CoreHooks.safepoint) at the end of the block that asked for it, or
 * when the test calls fake_reach_safepoint().
 *
 * Not thread-safe: one thread drives it, except where a test says why.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_TESTS_FAKE_BACKEND_H
#define QEMU_INSTR_TESTS_FAKE_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "instrument/qemu/backend.h"

typedef enum FakeFamily { FAKE_V1, FAKE_V2 } FakeFamily;

/* What the core registered in a scope, in registration order. */
typedef enum FakeWorkKind {
    FAKE_EXEC,      /* tb_exec / insn_exec */
    FAKE_MEM,       /* insn_mem */
    FAKE_ADD,       /* tb_add / insn_add (v1) */
    FAKE_SCORE_ADD, /* tb_score_add / insn_score_add (v2) */
    FAKE_EXEC_IF,   /* tb_exec_if / insn_exec_if (v2) */
    FAKE_SCORE_STORE, /* tb_score_store / insn_score_store (v2) */
} FakeWorkKind;

typedef struct FakeWork {
    FakeWorkKind kind;
    BackendExecFn fn;               /* EXEC, EXEC_IF */
    void *data;                     /* EXEC, EXEC_IF */
    bool regs;
    const BackendMemCall *mem;      /* MEM */
    uint64_t *counter;              /* ADD */
    BackendScore *score;            /* SCORE_ADD, EXEC_IF, SCORE_STORE */
    uint64_t amount;                /* ADD, SCORE_ADD, SCORE_STORE */
    QICond cond;                    /* EXEC_IF */
    uint64_t value;                 /* EXEC_IF */
} FakeWork;

/* A translated block; lives until the next flush or reset. */
typedef struct FakeTB FakeTB;

/*
 * Before fake_install(): emulate a system-mode QEMU with @max_vcpus vCPUs
 * (user mode otherwise).
 */
void fake_set_system_mode(unsigned int max_vcpus);

/* Before fake_install(): emulate QEMU for x86-64 guests (AArch64 otherwise). */
void fake_set_x86(void);

/*
 * Before translating it: the instruction at @vaddr is a trap instead of a
 * nop (AArch64 `svc #0`, x86-64 `int $0x80`).
 */
void fake_set_svc(uint64_t vaddr);

/* The fake QEMU of @family, with fresh state.  Once per process. */
const Backend *fake_backend(FakeFamily family);

/*
 * Load the runtime into the fake QEMU: qi_runtime_install() with the
 * plugin items @items (NULL-terminated; NULL: none), then vCPU 0 starts.
 */
void fake_install(FakeFamily family, const char *const *items);

/* QEMU announces vCPU @vcpu / it exits / it goes idle (on this thread). */
void fake_vcpu_init(unsigned int vcpu);
void fake_vcpu_exit(unsigned int vcpu);
void fake_vcpu_idle(unsigned int vcpu);

/* vCPU @vcpu makes system call @num with first argument @a1, which returns @ret. */
void fake_syscall(unsigned int vcpu, int64_t num, uint64_t a1, int64_t ret);

/*
 * Translate the block of @n_insns instructions at @vaddr (replacing any
 * translation of it): the core's translate hook runs if it watches
 * translations.  Returns the block.
 */
FakeTB *fake_translate(uint64_t vaddr, size_t n_insns);

/*
 * What the core registered at @tb's entry (@insn < 0) or before its
 * instruction @insn: *@n items (the array lives as long as @tb).
 */
const FakeWork *fake_work(const FakeTB *tb, int insn, size_t *n);

/*
 * Run @tb on vCPU @vcpu: each scope's work as QEMU would, and each
 * instruction with memory calls makes one 8-byte load at 0x10000 +
 * 8 * its index.  Then, if a reset is pending, reach the safe point.
 */
void fake_exec(FakeTB *tb, unsigned int vcpu);

/*
 * Run @tb on vCPU @vcpu as far as its instruction @stop (not included):
 * the block's entry work, then the first @stop instructions (and their
 * work), as when instruction @stop faults.
 */
void fake_exec_until(FakeTB *tb, unsigned int vcpu, size_t stop);

/*
 * QEMU reports a discontinuity on vCPU @vcpu (v2 reports them, as QEMU
 * 10.1 does; v1 does not: nothing happens).
 */
void fake_discontinuity(unsigned int vcpu, QIDiscontinuity kind,
                        uint64_t from_pc, uint64_t to_pc);

/* Run the block at @vaddr on @vcpu, translating it first if not cached. */
void fake_run(unsigned int vcpu, uint64_t vaddr, size_t n_insns);

/* QEMU flushes its translated code (CoreHooks.flush). */
void fake_flush(void);

/*
 * Reach the pending safe point (drop every registration and block, then
 * CoreHooks.safepoint); false if no reset was pending.
 */
bool fake_reach_safepoint(void);

/* QEMU exits (CoreHooks.exit), its vCPUs stopped. */
void fake_exit(void);

/* Resets the core asked for so far. */
unsigned int fake_resets(void);

/* Instructions vCPU @vcpu has executed so far. */
uint64_t fake_insns_executed(unsigned int vcpu);

/* Are translations / system calls watched now? */
bool fake_watching_translation(void);
bool fake_watching_syscalls(void);

/* How often the core asked to catch fatal signals. */
unsigned int fake_fatal_signal_catches(void);

#endif /* QEMU_INSTR_TESTS_FAKE_BACKEND_H */
