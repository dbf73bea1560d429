/*
 * Stopping the world before the libraries finish.
 *
 * A library's qi_fini must not run while a vCPU runs one of its hooks or
 * emitted calls, or translates a block: it would free or write what they
 * use.  Every entry from QEMU into the runtime on a vCPU thread passes a
 * gate (quiesce_enter/quiesce_leave); once the world is stopping, a vCPU
 * that reaches a gate parks there for good (the process is ending).
 *
 * QEMU's own exit path (exit_group, and on QEMU 9.0+ a guest's death of a
 * signal) has already stopped every vCPU and dropped all translated code
 * before the runtime finishes: only calls in flight outside translated
 * code (system-call hooks) need draining then.  QEMU 7.2's death of a
 * signal stops nothing, so with several vCPUs every translated block
 * starts with a poll that is a gate too (quiesce_emit_poll), and the
 * finisher waits until every vCPU has parked or sits in a system call.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_QUIESCE_H
#define QEMU_INSTR_QUIESCE_H

#include <stdbool.h>

#include "qemu/backend.h"

/*
 * Around every entry from QEMU into the runtime on a vCPU thread.  Once
 * the world is stopping, quiesce_enter() does not return on any thread
 * but the one that stops it.
 */
void quiesce_enter(void);
void quiesce_leave(void);

/*
 * The calling vCPU thread is (@in_syscall) or is no longer in a system
 * call: it runs no guest code meanwhile.  Called by the system-call hooks.
 */
void quiesce_note_syscall(bool in_syscall);

/*
 * A vCPU starts.  Returns true when new blocks need a poll from now on
 * (quiesce_emit_poll): the caller must have QEMU drop its translated code.
 */
bool quiesce_note_init(void);

/* The calling vCPU thread's vCPU is gone: it will not run again. */
void quiesce_note_exit(void);

/*
 * Start block @tb with a poll, if vCPUs must be stopped at blocks (QEMU
 * 7.2 with more than one vCPU).
 */
void quiesce_emit_poll(BackendTB *tb);

/* Do new blocks need a poll (quiesce_emit_poll)?  Changes at most once. */
bool quiesce_polls_needed(void);

/*
 * Stop the world: from now on every other thread parks at its next gate.
 * Returns once no other thread is inside the runtime or a library; with
 * @vcpus_running (QEMU did not stop them), also once every vCPU has
 * parked, sits in a system call or is gone, or after a short bound (a
 * vCPU held inside QEMU, e.g. by QEMU's own exclusive section, runs no
 * guest code either).  @on_vcpu: the caller is itself a vCPU thread
 * (not counted as running).  Only the first call stops; later ones
 * return at once.
 */
void quiesce_stop_world(bool vcpus_running, bool on_vcpu);

/*
 * The calling thread waits for another one that stops the world: if it
 * is inside a gate, it parks for good (it would run library code after
 * the libraries finished); otherwise returns.
 */
void quiesce_park_if_inside(void);

/*
 * The calling thread will never leave the runtime (it crashed in a
 * library): count it as parked.  Async-signal-safe.
 */
void quiesce_park_self_in_signal(void);

#endif /* QEMU_INSTR_QUIESCE_H */
