/*
 * Retired instructions across discontinuities (qi.h, API version 4).
 *
 * Work at a block's entry counts the block as if it ran to its end.  To
 * take back what did not retire when a vCPU leaves a block early, the
 * runtime keeps, for each block translated while someone needs it, a
 * ledger: the block's instruction addresses, the counters that count its
 * instructions, the libraries' left-early calls.  Each block stores its
 * ledger in the running vCPU's slot at entry (an inline store), so at a
 * discontinuity the slot names the block being left.  Two sources tell
 * the runtime a block was left early:
 *
 *  - system mode, QEMU 10.1 and later: QEMU's discontinuity callbacks
 *    (interrupts, exceptions, host calls), with the pc left;
 *  - user mode, QEMU 9.2 and later: the entry of a guest signal handler
 *    (known from the guest's rt_sigaction calls), where a call reads the
 *    signal's number and the interrupted pc from the signal frame.  In
 *    user mode QEMU reports no memory fault and nothing on AArch64, and
 *    names a block's start for some exceptions: the frame is exact.
 *
 *  - QEMU 9.1 and later: a block that starts inside the block just left,
 *    whose last instruction never started (before it starts, the slot is
 *    marked, and the next block's entry tests the mark inline): QEMU
 *    resumed inside it without a word, as it does after a store rewrote
 *    the running block (self-modifying code).
 *
 * After a correction the slots are cleared, so that one departure is never
 * taken back twice (an exception that also becomes a guest signal).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_RETIRE_H
#define QEMU_INSTR_RETIRE_H

#include "qemu/backend.h"
#include "registry.h"

/* Who hears of each discontinuity after the corrections (the event). */
typedef void (*RetireNotify)(unsigned int vcpu_index, QIDiscontinuity kind,
                             uint64_t from_pc, uint64_t to_pc);

/*
 * Set up for the backend in place; @notify is called after corrections.
 * Reads QEMU_INSTR_EXACT: "insns" asks for retire_per_insn().  False with
 * a one-line reason in *@why (to g_free) for another value.
 */
bool retire_init(RetireNotify notify, char **why);

/*
 * Count retired instructions one by one (the opt-in exact mode), because
 * QEMU_INSTR_EXACT=insns and this QEMU lets the runtime see no fault (no
 * signal in user mode, no exception in system mode).  Then every
 * instruction that started counts, a faulting one too.
 */
bool retire_per_insn(void);

/* What this QEMU lets the runtime see: a mask of QIDiscontinuitySeen. */
unsigned int retire_seen(void);

/*
 * Someone needs ledgers (a count of retired instructions, a left-early
 * call, the discontinuity event, windows): every block translated from
 * now on stores its ledger.  Once on, stays on.
 */
void retire_want(void);

/* One block's ledger, built during its translation (arena memory). */
typedef struct RetireLedger RetireLedger;

/*
 * A ledger for the block being translated, with room for @n_counts counted
 * counters and @n_calls left-early calls; NULL when none is needed (nothing
 * seen, or nobody wants ledgers): the other functions then do nothing.
 * @insn_vaddrs: the block's @n_insns instruction addresses, copied;
 * @insns: its instructions (system mode reads which ones trap).
 */
RetireLedger *retire_ledger_new(uint64_t vaddr, size_t n_insns,
                                const uint64_t *insn_vaddrs,
                                BackendInsn *const *insns,
                                size_t n_counts, size_t n_calls);

/* @c counts the block's instructions at its entry: take back the tail. */
void retire_ledger_count(RetireLedger *l, QICounter *c);

/* Call @fn(vcpu, retired, @args) of @lib when the block is left early. */
void retire_ledger_call(RetireLedger *l, const Library *lib, QILeftEarlyFn fn,
                        const uint64_t *args);

/*
 * Register the ledger's work at @tb's entry: at a signal handler's
 * entry the frame reading, then the store of the ledger in the vCPU's
 * slot.  Call before any other block-entry work.
 */
void retire_ledger_emit(BackendTB *tb, RetireLedger *l);

/*
 * QEMU reported a discontinuity (CoreHooks.discontinuity): correct, then
 * notify.
 */
void retire_discontinuity(unsigned int vcpu_index, QIDiscontinuity kind,
                          uint64_t from_pc, uint64_t to_pc);

/*
 * The guest calls rt_sigaction(@sig, @act, ...) (user mode, at the system
 * call's start, on the vCPU's thread): learn the handler it installs.
 */
void retire_note_sigaction(uint64_t act);

/*
 * QEMU is about to drop its translated code and the arena: forget every
 * vCPU's block.  No vCPU runs guest code.
 */
void retire_forget_blocks(void);

#endif /* QEMU_INSTR_RETIRE_H */
