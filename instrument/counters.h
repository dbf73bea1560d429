/*
 * Per-vCPU counters (QICounter) and the emitted work built on them:
 * inline additions and conditional calls.  On a backend with scoreboards
 * (v2+) they map one to one onto QEMU's; on v1 the runtime keeps the
 * values and emulates: inline additions while the guest has had a single
 * vCPU, then a call per addition; a call that tests each conditional one.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_COUNTERS_H
#define QEMU_INSTR_COUNTERS_H

#include "qemu/backend.h"

/*
 * A new counter, zero on every vCPU, owned by @owner (a Library *, freed
 * with it), or by the runtime (NULL; never freed).
 */
QICounter *counter_new(const void *owner);

/* Free @c if it is a live counter (else nothing: a library's bad handle). */
void counter_delete(QICounter *c);

/*
 * Its value on vCPU @vcpu_index; with scoreboards, 0 for a vCPU QEMU has
 * not announced.
 */
uint64_t counter_get(const QICounter *c, unsigned int vcpu_index);

/*
 * Set its value on vCPU @vcpu_index; with scoreboards, ignored for a vCPU
 * QEMU has not announced.
 */
void counter_set(QICounter *c, unsigned int vcpu_index, uint64_t value);

/* The sum over every vCPU. */
uint64_t counter_sum(const QICounter *c);

/*
 * Register, during a translation, `@c[running vCPU] += @amount` at the
 * entry of @tb, or before @insn when it is not NULL.  @ordered: it must
 * run in registration order with the scope's calls (never inline on v1,
 * where QEMU runs inline operations after calls).
 */
void counter_emit_add(BackendTB *tb, BackendInsn *insn, QICounter *c,
                      uint64_t amount, bool ordered);

/*
 * Register a call of @fn(@data) at the entry of @tb (or before @insn) that
 * runs only when `@c[running vCPU] @cond @value` holds; with @regs it may
 * read registers.
 */
void counter_emit_exec_if(BackendTB *tb, BackendInsn *insn, QICounter *c,
                          QICond cond, uint64_t value, BackendExecFn fn,
                          void *data, bool regs);

/*
 * Register `*@counter += @amount` (the API's plain uint64_t counters):
 * inline on v1, an atomic addition in a call on v2+.
 */
void counter_emit_plain_add(BackendTB *tb, BackendInsn *insn,
                            uint64_t *counter, uint64_t amount);

/*
 * A vCPU was announced.  On v1, the second one ends inline counting: all
 * code is translated again and counts with calls from then on.
 */
void counters_vcpu_init(void);

/* Its scoreboard on v2+ (NULL on v1). */
BackendScore *counter_score(const QICounter *c);

/* Free the counters @owner (a Library *) left behind at its unload. */
void counters_free_owned_by(const void *owner);

#endif /* QEMU_INSTR_COUNTERS_H */
