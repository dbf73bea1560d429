/*
 * The seam between the runtime core and QEMU.
 *
 * QEMU's TCG plugin API comes in incompatible families: version 1 (QEMU
 * 6.1-8.2; 4.2-5.2's API was version 0, which no module serves) and
 * versions 2-5 (QEMU 9.0-10.2, which dropped v1's inline functions).  The
 * core reaches QEMU only through a Backend, one per family,
 * each built into its own runtime plugin module (QEMU refuses a module whose
 * qemu_plugin_version it does not serve, and resolves every symbol of it at
 * load).  Nothing outside instrument/qemu/ calls qemu_plugin_*.
 *
 * The backend sees the core only through CoreHooks, given to start().
 * Optional operations are NULL when the family lacks them; the core then
 * emulates them (see counters.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_QEMU_BACKEND_H
#define QEMU_INSTR_QEMU_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qemu-instr/qi.h"

/* QEMU's translation block and instruction handles, opaque to the core. */
typedef struct BackendTB BackendTB;
typedef struct BackendInsn BackendInsn;

/* Per-vCPU 64-bit values in memory QEMU owns (a scoreboard), zeroed. */
typedef struct BackendScore BackendScore;

/*
 * An execution-time call: QEMU's `void (*)(unsigned vcpu_index, void *)`,
 * which every family shares.  A library's QIExecFn has the same ABI.
 */
typedef void (*BackendExecFn)(unsigned int vcpu_index, void *data);

/*
 * A memory call: the backend decodes QEMU's access information, drops the
 * accesses @access does not want, and calls @fn with @args.
 */
typedef struct BackendMemCall {
    QIMemExecFn fn;
    QIMemAccess access;
    uint64_t args[];
} BackendMemCall;

/* The core's handlers of QEMU's events, called on the thread QEMU uses. */
typedef struct CoreHooks {
    void (*vcpu_init)(unsigned int vcpu_index);
    void (*vcpu_exit)(unsigned int vcpu_index);
    /* vCPU idle or resume (system mode), on the vCPU's own thread. */
    void (*vcpu_idle)(unsigned int vcpu_index);
    /* QEMU flushed its translated code. */
    void (*flush)(void);
    /* QEMU exits, its vCPUs stopped and its translated code dropped. */
    void (*exit)(void);
    /*
     * QEMU is about to kill itself with signal @sig without stopping its
     * vCPUs (QEMU 7.2 when the guest dies of a signal), on a vCPU thread.
     */
    void (*fatal_signal)(int sig);
    /* A block is being translated (watch_translation). */
    void (*translate)(BackendTB *tb);
    /* System calls (user mode; watch_syscalls / watch_syscall_returns). */
    void (*syscall)(unsigned int vcpu_index, int64_t num, uint64_t a1,
                    uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
                    uint64_t a6, uint64_t a7, uint64_t a8);
    void (*syscall_ret)(unsigned int vcpu_index, int64_t num, int64_t ret);
    /* The safe point reset() asked for, on a vCPU thread. */
    void (*safepoint)(void);
    /*
     * The vCPU left the flow of its instructions (reports_discontinuities),
     * on its own thread: @kind is QI_DISCON_INTERRUPT, _EXCEPTION or
     * _HOSTCALL, @from_pc and @to_pc as QEMU reports them.
     */
    void (*discontinuity)(unsigned int vcpu_index, QIDiscontinuity kind,
                          uint64_t from_pc, uint64_t to_pc);
} CoreHooks;

typedef struct Backend {
    /* "v1" or "v2+": the plugin API family, for messages. */
    const char *family;
    /* QEMU's current plugin API version, and what QEMU says of itself. */
    int api_version;
    const char *target_name;
    bool system_emulation;
    /* System mode: the most vCPUs the machine may have; 0 in user mode. */
    unsigned int max_vcpus;

    /*
     * Register the callbacks the core always has (vCPU life cycle, idle,
     * flush, exit) with @hooks; again after each safe point, because
     * QEMU's reset drops every registration.
     */
    void (*start)(const CoreHooks *hooks);
    /* Register or drop the translation and system-call callbacks. */
    void (*watch_translation)(bool on);
    void (*watch_syscalls)(bool on);
    void (*watch_syscall_returns)(bool on);
    /*
     * Flush QEMU's translated code and drop every registration, then call
     * hooks->safepoint on a vCPU thread.  Must be called on a vCPU thread
     * (only there does QEMU flush).
     */
    void (*reset)(void);

    /* Translation-time queries. */
    uint64_t (*tb_vaddr)(const BackendTB *tb);
    /*
     * The block's instructions as QEMU counts them: one more than it runs
     * when the last is a phantom (see phantom_insns).
     */
    size_t (*tb_n_insns)(const BackendTB *tb);
    /*
     * May tb_n_insns count a phantom x86 instruction last (phantom.h)?
     * QEMU before 8.2 (plugin API v1) on x86 guests: the core then checks
     * each block's last instruction and drops a phantom.
     */
    bool phantom_insns;
    BackendInsn *(*tb_insn)(const BackendTB *tb, size_t index);
    uint64_t (*insn_vaddr)(const BackendInsn *insn);
    size_t (*insn_size)(const BackendInsn *insn);
    /* Copy up to @size bytes of the encoding to @dest; returns the count. */
    size_t (*insn_read)(const BackendInsn *insn, void *dest, size_t size);
    /* Disassembly, to free with g_free(); symbol, NULL if none. */
    char *(*insn_disas)(const BackendInsn *insn);
    const char *(*insn_symbol)(const BackendInsn *insn);

    /*
     * Emitted execution-time work, registered during a translation.  With
     * @regs, the call may read registers (read_register).
     */
    void (*tb_exec)(BackendTB *tb, BackendExecFn fn, void *data, bool regs);
    void (*insn_exec)(BackendInsn *insn, BackendExecFn fn, void *data,
                      bool regs);
    /* @call lives as long as the translated code. */
    void (*insn_mem)(BackendInsn *insn, const BackendMemCall *call,
                     bool regs);
    /*
     * Inline, non-atomic `*counter += amount` at block or instruction
     * entry.  NULL on v2+, whose inline operations only write scoreboards.
     */
    void (*tb_add)(BackendTB *tb, uint64_t *counter, uint64_t amount);
    void (*insn_add)(BackendInsn *insn, uint64_t *counter, uint64_t amount);

    /*
     * Scoreboards: NULL on v1.  score_get/score_set take a vCPU index QEMU
     * has announced (vcpu_init).  Adds are inline, to the running vCPU's
     * value; conditional calls are tested inline: @fn runs only when the
     * running vCPU's value compares with @value as @cond says.
     */
    BackendScore *(*score_new)(void);
    void (*score_free)(BackendScore *score);
    uint64_t (*score_get)(BackendScore *score, unsigned int vcpu_index);
    void (*score_set)(BackendScore *score, unsigned int vcpu_index,
                      uint64_t value);
    void (*tb_score_add)(BackendTB *tb, BackendScore *score, uint64_t amount);
    void (*insn_score_add)(BackendInsn *insn, BackendScore *score,
                           uint64_t amount);
    /*
     * Inline `running vCPU's value of @score = @value` at block entry (or
     * before @insn), in registration order with the scope's other work.
     * NULL before plugin API version 3 (QEMU 9.1).
     */
    void (*tb_score_store)(BackendTB *tb, BackendScore *score,
                           uint64_t value);
    void (*insn_score_store)(BackendInsn *insn, BackendScore *score,
                             uint64_t value);
    void (*tb_exec_if)(BackendTB *tb, BackendScore *score, QICond cond,
                       uint64_t value, BackendExecFn fn, void *data,
                       bool regs);
    void (*insn_exec_if)(BackendInsn *insn, BackendScore *score, QICond cond,
                         uint64_t value, BackendExecFn fn, void *data,
                         bool regs);

    /*
     * Read @len bytes of guest virtual memory of the vCPU running this
     * execution-time call; false if unmapped.  NULL before API version 4.
     */
    bool (*read_memory)(uint64_t vaddr, void *dest, size_t len);

    /*
     * The guest's registers, known once a vCPU started (NULL before API
     * version 2): the name of register @index (NULL past the last one),
     * and, in a call registered with @regs, its value in target byte
     * order copied to @dest (at most @size bytes): returns the register's
     * size, or -1.
     */
    const char *(*register_name)(int index);
    int (*read_register)(int index, void *dest, size_t size);

    /*
     * QEMU reports interrupts, exceptions and host calls (QEMU 10.1 and
     * later): start() registers hooks->discontinuity for them.
     */
    bool reports_discontinuities;

    /*
     * User mode: see that the guest's death of a signal (a fault, or
     * SIGINT, SIGTERM, ... at their default action) runs hooks->exit
     * before QEMU dies of it, with the same signal.  Called on a vCPU
     * thread when the guest's first block is translated (QEMU has set up
     * its signal handlers by then) and after each guest rt_sigaction.
     */
    void (*catch_fatal_signals)(void);
} Backend;

/*
 * The runtime's entry point, called by a backend module's
 * qemu_plugin_install() with its Backend (which must live for the whole
 * run) and QEMU's plugin arguments.  Returns 0; start-up errors are
 * reported and end QEMU.  Exported by libqemu-instr.so.
 */
int qi_runtime_install(const Backend *backend, int argc,
                       const char *const *argv);

#endif /* QEMU_INSTR_QEMU_BACKEND_H */
