/*
 * qemu-instr: the instrumentation library API, version 2.
 *
 * SPDX-License-Identifier: MIT
 *
 * Copyright (c) 2026 The qemu-instr developers
 *
 * Permission is hereby granted, free of charge, to any person obtaining a
 * copy of this software and associated documentation files (the "Software"),
 * to deal in the Software without restriction, including without limitation
 * the rights to use, copy, modify, merge, publish, distribute, sublicense,
 * and/or sell copies of the Software, and to permit persons to whom the
 * Software is furnished to do so, subject to the following conditions:
 * The above copyright notice and this permission notice shall be included in
 * all copies or substantial portions of the Software.
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.
 */

/*
 * An instrumentation library is a shared object that exports the symbols
 * below, links libqemu-instr (`pkg-config --cflags --libs qemu-instr`) and is
 * loaded into a running QEMU by qemu-instr:
 *
 *     #include <qemu-instr/qi.h>
 *     QI_EXPORT const int qi_api_version = QI_API_VERSION;
 *     QI_EXPORT int qi_init(int argc, const char **argv) { ... return 0; }
 *     QI_EXPORT void qi_fini(void) { ... }              (optional)
 *
 * Model.  A library registers *translation-time* hooks, called once when QEMU
 * translates a block of guest code, and *execution-time* hooks, called every
 * time guest code runs.  Translation hooks describe the block once and emit
 * execution-time work for it: calls to library functions (qi_gen_*_exec) or
 * inline counter additions (qi_gen_*_counter_add).  Arguments of emitted work
 * are constants or *promises*: values the library only learns later in the
 * same translation, such as the block's instruction count.
 *
 * Threads.  QEMU runs one thread per vCPU.  Every hook may run concurrently
 * on different vCPU threads; the @vcpu argument says which vCPU is calling.
 * A library that keeps per-vCPU state indexes it with qi_cpu_index().
 *
 * Ownership.  The runtime knows which library is calling: registrations made
 * by one library never affect another, and several libraries can be loaded at
 * once.  Handles (QITB, QIInsn, QIPromise) belong to the runtime and are valid
 * only during the translation of the block they came from.
 */
#ifndef QEMU_INSTR_QI_H
#define QEMU_INSTR_QI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * QI_API_VERSION: the API version this header describes.
 *
 * How the API grows: a new version only adds (functions, types, enum
 * values, events); nothing a version declares changes meaning or goes away.
 * So a runtime of version N loads every library built for versions 1..N,
 * and refuses a library built for a later version.  A library that uses
 * only version 1 may declare 1 and run on every runtime.
 *
 * Version 2 added counter objects (QICounter, qi_gen_*_count),
 * conditional calls (qi_gen_*_exec_if), qi_vcpu_count(), and guest memory
 * and register reads (qi_vcpu_read_memory, qi_vcpu_read_register).
 */
#define QI_API_VERSION 2

/** QI_EXPORT: marks the qi_* entry points a library exports. */
#define QI_EXPORT __attribute__((visibility("default")))

/*
 * Printf-style format checking for the variadic functions below.  Public
 * API, so it must compile with any C compiler: only GCC-compatible ones get
 * the attribute.
 */
#if defined(__GNUC__)
#define QI_PRINTF(fmt_index, first_arg) \
    __attribute__((format(printf, fmt_index, first_arg)))
#else
#define QI_PRINTF(fmt_index, first_arg)
#endif

/* ------------------------------------------------------------------------ */
/* Entry points a library exports                                           */
/* ------------------------------------------------------------------------ */

/*
 * qi_api_version: mandatory.  The API version the library was built for
 * (normally QI_API_VERSION); the library is refused at load if it is 0 or
 * later than the runtime's.
 *
 * qi_init: mandatory.  Called once after loading, with the arguments given
 * on the command line or by the monitor (`-instr file=lib.so,arg=a,arg=b`
 * gives argc = 3, argv = {"lib.so", "a", "b", NULL}; argv[0] is the library's
 * path).  argv and its strings live until qi_fini returns.  Register hooks
 * here.  Return 0 on success; any other value refuses the load (set a reason
 * with qi_set_error() first).
 *
 * qi_fini: optional.  Called once before the library is unloaded: at QEMU
 * exit, on instr-unload, or when the runtime disables a faulty library.
 * guest_cpu_exit has already run for every vCPU.  No hook of the library
 * runs after it returns.
 */

/* ------------------------------------------------------------------------ */
/* Handles                                                                   */
/* ------------------------------------------------------------------------ */

/**
 * QICPU: a vCPU, as passed to every hook.
 *
 * Passed by value; compare vCPUs and index per-vCPU state with
 * qi_cpu_index().  The member is private to the runtime.
 */
typedef struct QICPU {
    unsigned int opaque_index_;
} QICPU;

/** QITB: a translation block being translated (opaque). */
typedef struct QITB QITB;

/** QIInsn: one guest instruction of a block being translated (opaque). */
typedef struct QIInsn QIInsn;

/** QIPromise: a value to be set later in the same translation (opaque). */
typedef struct QIPromise QIPromise;

/**
 * QIArg: an argument of emitted execution-time work.
 *
 * Build it with qi_arg_const() or qi_arg_promise(); the members are private
 * to the runtime.
 */
typedef struct QIArg {
    uint64_t value_;
    QIPromise *promise_;
} QIArg;

/* ------------------------------------------------------------------------ */
/* Library services                                                          */
/* ------------------------------------------------------------------------ */

/**
 * qi_set_error() - explain why qi_init() is about to fail.
 * @fmt: printf-style format of a one-line reason (no trailing newline).
 *
 * The runtime prints the reason, prefixed by the library's id and path, when
 * qi_init() returns non-zero.  Calling it again replaces the reason.
 */
void qi_set_error(const char *fmt, ...) QI_PRINTF(1, 2);

/**
 * qi_library_id() - the id of the calling library.
 *
 * Returns the id given with `-instr ...,id=ID` (or instr-load), or the one the
 * runtime assigned ("lib0", "lib1", ...).  The string lives until qi_fini()
 * returns.  Useful for naming output files when a library is loaded twice.
 */
const char *qi_library_id(void);

/**
 * qi_cpu_index() - the index of a vCPU.
 * @vcpu: a vCPU passed to a hook.
 *
 * Indexes are small and dense: 0 for the first vCPU.  In user mode each
 * guest thread is a vCPU, and QEMU may reuse the index of a thread that
 * exited for a later one.
 */
unsigned int qi_cpu_index(QICPU vcpu);
/*
 * Expanded inline: execution-time calls ask for it at every block, where a
 * call into libqemu-instr would cost as much as their whole work.  The
 * function above stays exported, e.g. for (qi_cpu_index) or bindings.
 */
#define qi_cpu_index(vcpu) ((vcpu).opaque_index_)

/**
 * qi_args_parse() - read qi_init()'s "KEY=VALUE" arguments.
 * @argc: qi_init()'s argc (argv[0], the library path, is skipped).
 * @argv: qi_init()'s argv.
 * @keys: NULL-terminated list of the keys the library accepts.
 * @values: receives, for each key in @keys (same order), its value, or NULL
 *          when the key was not given.  The strings are argv's.
 *
 * Returns 0, or -1 after qi_set_error() naming the offending argument: one
 * that is not KEY=VALUE, an unknown key (the message lists @keys), or a key
 * given twice.  Typical use: `return qi_args_parse(argc, argv, keys, v);`
 * at the top of qi_init().
 */
int qi_args_parse(int argc, const char **argv, const char *const *keys,
                  const char **values);

/**
 * qi_open_output() - open a library's output stream.
 * @path: file to create or truncate; NULL or "-" for QEMU's standard error.
 *
 * In user mode the guest shares QEMU's file descriptors and may close its
 * standard error before the library writes its results at exit; the stream
 * returned for "-" is a duplicate that survives that.  "%p" in @path
 * stands for the process id (for outputs of forked children), "%w" for
 * the index of the library's instruction window (0 without windows; see
 * docs/windows.md), "%%" for "%".  Two libraries may
 * not write the same file: opening a file another library has open fails.
 * Returns NULL after qi_set_error() naming @path and the cause.  Close it
 * with qi_close_output().
 */
FILE *qi_open_output(const char *path);

/**
 * qi_close_output() - close a stream from qi_open_output().
 *
 * If anything written to it was lost (a write error, a full disk), the
 * runtime reports it in one line naming the library and the file, on a
 * stream of its own that survives the guest closing its standard error.
 * Returns 0, or -1 after such a report.  (API version 2.)
 */
int qi_close_output(FILE *f);

/**
 * qi_retranslate() - translate all guest code again.
 *
 * Discards QEMU's translated code, so that every block runs the libraries'
 * translation hooks again before it next executes.  For a library whose
 * translation-time choices depend on something that changed: e.g. icount
 * counts inline while only one vCPU exists and switches to per-vCPU calls
 * when a second appears.  Call it from a hook (guest_cpu_enter included):
 * it takes effect before the calling vCPU runs more guest code, and other
 * vCPUs stop at their next block boundary.  When vCPUs are created before
 * the guest starts (system mode), there is no code to discard yet.
 */
void qi_retranslate(void);

/* ------------------------------------------------------------------------ */
/* Execution-time events                                                     */
/* ------------------------------------------------------------------------ */

/*
 * Each setter installs the calling library's handler for one event and
 * replaces its previous one; NULL disables the event for that library.
 * Setters may be called from qi_init() or from any hook of the library.
 */

/**
 * qi_event_set_guest_cpu_enter() - a vCPU starts.
 * @fn: called when a vCPU is created, and once for every existing vCPU
 *      right after qi_init() returns (so a library loaded while the guest
 *      runs sees every vCPU).  In system mode QEMU creates vCPUs on its main
 *      thread.
 */
void qi_event_set_guest_cpu_enter(void (*fn)(QICPU vcpu));

/**
 * qi_event_set_guest_cpu_exit() - a vCPU stops.
 * @fn: called when a vCPU goes away (a guest thread exits), and once for
 *      every live vCPU when the library is unloaded or QEMU exits, before
 *      qi_fini().
 */
void qi_event_set_guest_cpu_exit(void (*fn)(QICPU vcpu));

/**
 * qi_event_set_guest_user_syscall() - a guest system call starts (user mode).
 * @fn: called before QEMU carries out system call @num with its eight raw
 *      argument registers @a1..@a8 (unused ones hold whatever the guest left).
 */
void qi_event_set_guest_user_syscall(void (*fn)(QICPU vcpu, uint64_t num,
        uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
        uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8));

/**
 * qi_event_set_guest_user_syscall_ret() - a guest system call returned.
 * @fn: called with the call's number and its raw return value (a negative
 *      errno, as the guest sees it).  System calls that do not return (exit,
 *      exit_group, a successful execve) have no such event.
 */
void qi_event_set_guest_user_syscall_ret(void (*fn)(QICPU vcpu, uint64_t num,
                                                    uint64_t ret));

/**
 * qi_event_set_guest_fork_child() - the guest forked: this is the child.
 * @fn: called in the new child process (user mode), on its vCPU, before it
 *      runs guest code.  The library's state is a copy of the parent's at
 *      the fork.  Its streams from qi_open_output() are already closed in
 *      the child, with nothing written: they belong to the parent.  Return
 *      0 to follow the child, typically after resetting counts and opening
 *      outputs of its own ("%p" in a path is the process id); any other
 *      value switches the library off in the child, as happens to a
 *      library that sets no handler (with one line saying so).  Either way
 *      the parent's outputs are exactly those of a run whose children did
 *      nothing.  (API version 2.)
 *
 * A child that calls execve runs its new program natively, outside QEMU,
 * uninstrumented.
 */
void qi_event_set_guest_fork_child(int (*fn)(QICPU vcpu));

/* ------------------------------------------------------------------------ */
/* Translation-time events                                                   */
/* ------------------------------------------------------------------------ */

/*
 * For each block QEMU translates, every library's hooks run in this order:
 * guest_tb_before_trans, guest_insn_before_trans for each instruction in
 * guest order, guest_tb_after_trans.  Hooks run on the translating vCPU's
 * thread.  A block may be translated more than once (after a flush, or when
 * guest code changes).
 */

/** qi_event_set_guest_tb_before_trans() - a block's translation starts. */
void qi_event_set_guest_tb_before_trans(void (*fn)(QICPU vcpu, QITB *tb));

/** qi_event_set_guest_insn_before_trans() - an instruction of the block. */
void qi_event_set_guest_insn_before_trans(void (*fn)(QICPU vcpu, QITB *tb,
                                                     QIInsn *insn));

/**
 * qi_event_set_guest_tb_after_trans() - the block's translation ends.
 *
 * Last chance to set promises: once this hook returns, every promise created
 * for the block must hold a value.
 */
void qi_event_set_guest_tb_after_trans(void (*fn)(QICPU vcpu, QITB *tb));

/* ------------------------------------------------------------------------ */
/* Queries, valid during the translation of the block                       */
/* ------------------------------------------------------------------------ */

/** qi_tb_vaddr() - guest virtual address of the block's first instruction. */
uint64_t qi_tb_vaddr(const QITB *tb);

/**
 * qi_tb_n_insns() - number of guest instructions in the block.
 *
 * Known from the start of the translation in this runtime, but only
 * guaranteed by the API in guest_tb_after_trans.
 */
size_t qi_tb_n_insns(const QITB *tb);

/** qi_insn_vaddr() - guest virtual address of the instruction. */
uint64_t qi_insn_vaddr(const QIInsn *insn);

/** qi_insn_size() - size of the instruction's encoding, in bytes. */
size_t qi_insn_size(const QIInsn *insn);

/**
 * qi_insn_data() - the instruction's bytes (qi_insn_size() of them).
 *
 * Valid during the block's translation; copy them to keep them.
 */
const void *qi_insn_data(const QIInsn *insn);

/**
 * qi_insn_disas() - the instruction's disassembly.
 *
 * Returns a string the caller frees with free().
 */
char *qi_insn_disas(const QIInsn *insn);

/**
 * qi_insn_symbol() - name of the guest function holding the instruction.
 *
 * As QEMU 7.2 reports it from the guest binary's symbol table: the function
 * whose range contains the address.  Returns NULL when there is none (e.g.
 * code without function symbols).  The string lives as long as the QEMU
 * process.
 */
const char *qi_insn_symbol(const QIInsn *insn);

/* ------------------------------------------------------------------------ */
/* Promises                                                                  */
/* ------------------------------------------------------------------------ */

/**
 * qi_promise_new() - a value the library will know later in this block.
 * @tb: the block being translated.
 *
 * Use the promise with qi_arg_promise() in any emitted work of the same
 * block, then give it its value with qi_promise_set() before the block's
 * translation ends (guest_tb_after_trans at the latest).  A promise left
 * unset is a library bug: the runtime reports it, naming the library, the
 * hook and the guest pc, and disables the library.  The promise is freed by
 * the runtime when the block's translation ends.
 */
QIPromise *qi_promise_new(QITB *tb);

/**
 * qi_promise_set() - give a promise its value.
 *
 * May be called more than once; the last value wins.
 */
void qi_promise_set(QIPromise *p, uint64_t value);

/* ------------------------------------------------------------------------ */
/* Arguments of emitted work                                                 */
/* ------------------------------------------------------------------------ */

/** qi_arg_const() - an argument known now. */
QIArg qi_arg_const(uint64_t value);

/** qi_arg_promise() - an argument whose value @p will hold. */
QIArg qi_arg_promise(QIPromise *p);

/* ------------------------------------------------------------------------ */
/* Emitted execution-time work                                               */
/* ------------------------------------------------------------------------ */

/**
 * QIExecFn: an emitted execution-time call.
 * @vcpu: the vCPU running the code.
 * @args: the call's arguments, resolved, in the order they were given
 *        (NULL when there are none).
 *
 * The array is owned by the runtime and stays valid (and constant) for as
 * long as the translated code exists; functions may keep pointers into it.
 */
typedef void (*QIExecFn)(QICPU vcpu, const uint64_t *args);

/**
 * QIMemInfo: what a memory access did.
 * @size_shift: log2 of the access size in bytes (0 = 1 byte ... 3 = 8;
 *              4 = 16 for vector accesses on QEMU 9 and later).
 * @sign_extend: the loaded value is sign-extended.
 * @big_endian: the access is big-endian.
 * @store: true for a store, false for a load.
 */
typedef struct QIMemInfo {
    unsigned size_shift;
    bool sign_extend;
    bool big_endian;
    bool store;
} QIMemInfo;

/**
 * QIMemExecFn: an emitted call run at each memory access of an instruction.
 * @vaddr: guest virtual address accessed.
 */
typedef void (*QIMemExecFn)(QICPU vcpu, uint64_t vaddr, QIMemInfo info,
                            const uint64_t *args);

/** QIMemAccess: which memory accesses an emitted call wants. */
typedef enum {
    QI_MEM_R = 1,
    QI_MEM_W = 2,
    QI_MEM_RW = 3,
} QIMemAccess;

/**
 * qi_gen_tb_exec() - call @fn every time the block starts executing.
 * @nargs: number of arguments in @args (0 allows @args == NULL).
 * @args: copied; promises among them are resolved when the block's
 *        translation ends.
 */
void qi_gen_tb_exec(QITB *tb, QIExecFn fn, size_t nargs, const QIArg *args);

/** qi_gen_insn_exec() - call @fn every time, just before @insn executes. */
void qi_gen_insn_exec(QIInsn *insn, QIExecFn fn, size_t nargs,
                      const QIArg *args);

/**
 * qi_gen_mem_exec() - call @fn at each memory access @insn performs.
 * @access: which accesses: @fn is called for these only.
 *
 * Called after the access.  QEMU 7.2's own load/store filter is broken
 * (in translated code a loads-only callback runs at stores, not at loads,
 * and a stores-only one at both), so the runtime asks QEMU
 * for every access of @insn and drops the unwanted ones before calling @fn:
 * an instruction with only unwanted accesses still costs a call into the
 * runtime per access, though never one into the library.
 */
void qi_gen_mem_exec(QIInsn *insn, QIMemAccess access, QIMemExecFn fn,
                     size_t nargs, const QIArg *args);

/**
 * qi_gen_tb_counter_add() - add @amount to *@counter each time the block runs.
 *
 * On QEMU 7.2 (plugin API v1) generated inline, without a call; the
 * addition is not atomic and translated code is shared by all vCPUs, so
 * the count is exact only while a single vCPU runs.  QEMU 9.0 and later
 * can only add inline to memory QEMU manages, so there this is a call into
 * the runtime that adds atomically (exact, slower).  Prefer a QICounter
 * and qi_gen_tb_count(), inline and exact on both.  A promise amount is
 * resolved when the block's translation ends.  @counter must stay valid
 * until qi_fini() returns.
 */
void qi_gen_tb_counter_add(QITB *tb, uint64_t *counter, QIArg amount);

/** qi_gen_insn_counter_add() - inline addition before @insn executes. */
void qi_gen_insn_counter_add(QIInsn *insn, uint64_t *counter, QIArg amount);

/* ------------------------------------------------------------------------ */
/* Per-vCPU counters and conditional calls (API version 2)                   */
/* ------------------------------------------------------------------------ */

/**
 * QICounter: one 64-bit value per vCPU, owned by the runtime (opaque).
 *
 * Emitted counting (qi_gen_tb_count()) adds to the running vCPU's value, so
 * counts are exact with any number of vCPUs and no locking.  On QEMU 9.0
 * and later (plugin API v2+) the additions are inline operations on memory
 * QEMU manages (a scoreboard), with no call.  On QEMU 7.2 (v1) they are
 * inline while the guest has had a single vCPU; when a second vCPU appears
 * the runtime translates all code again and counts with a small call per
 * block from then on.
 */
typedef struct QICounter QICounter;

/**
 * qi_counter_new() - a counter whose every vCPU value is 0.
 *
 * Call from qi_init() or a hook.  Free it with qi_counter_free(), in
 * qi_fini() at the latest; the runtime frees the ones left when the
 * library is unloaded.
 */
QICounter *qi_counter_new(void);

/**
 * qi_counter_free() - free @c.  No translated code may use it any more:
 * call it in qi_fini(), or after qi_retranslate() took effect.
 */
void qi_counter_free(QICounter *c);

/**
 * qi_counter_get() - the value of vCPU @vcpu_index (0 if it never ran).
 *
 * Exact when read on that vCPU's thread (e.g. in one of its hooks) or
 * after it stopped; from another thread, a recent value.
 */
uint64_t qi_counter_get(const QICounter *c, unsigned int vcpu_index);

/** qi_counter_set() - set the value of vCPU @vcpu_index. */
void qi_counter_set(QICounter *c, unsigned int vcpu_index, uint64_t value);

/** qi_counter_sum() - the sum over every vCPU index qi_vcpu_count() covers. */
uint64_t qi_counter_sum(const QICounter *c);

/**
 * qi_vcpu_count() - one more than the highest vCPU index QEMU has announced
 * so far (0 before the first guest_cpu_enter).  Never decreases.
 */
unsigned int qi_vcpu_count(void);

/**
 * qi_gen_tb_count() - add @amount to the running vCPU's value of @c each
 * time the block starts executing.  A promise amount is resolved when the
 * block's translation ends.
 */
void qi_gen_tb_count(QITB *tb, QICounter *c, QIArg amount);

/** qi_gen_insn_count() - the same, just before @insn executes. */
void qi_gen_insn_count(QIInsn *insn, QICounter *c, QIArg amount);

/** QICond: how a counter value compares with a constant. */
typedef enum QICond {
    QI_COND_EQ,
    QI_COND_NE,
    QI_COND_LT,
    QI_COND_LE,
    QI_COND_GT,
    QI_COND_GE,
} QICond;

/**
 * qi_gen_tb_exec_if() - call @fn at block entry only when the running
 * vCPU's value of @c compares with @value as @cond says.
 * @value: a constant or a promise (unsigned comparison).
 *
 * On QEMU 9.0 and later the test is generated inline, so a call that does
 * not fire costs no call at all: the way to watch for rare conditions such
 * as "this vCPU reached N instructions".  On QEMU 7.2 it is a call into the
 * runtime per execution, which tests and forwards.  Work emitted for the
 * same block runs in emission order: emit the qi_gen_tb_count() that the
 * condition depends on first.
 */
void qi_gen_tb_exec_if(QITB *tb, QICounter *c, QICond cond, QIArg value,
                       QIExecFn fn, size_t nargs, const QIArg *args);

/**
 * qi_has_inline_conditions() - whether this QEMU tests conditional calls
 * and adds to counters inline for any number of vCPUs (QEMU 9.0 and
 * later).  A library may pick another strategy where it does not, e.g. one
 * call per block doing all its work.
 */
bool qi_has_inline_conditions(void);

/** qi_gen_insn_exec_if() - the same, just before @insn executes. */
void qi_gen_insn_exec_if(QIInsn *insn, QICounter *c, QICond cond,
                         QIArg value, QIExecFn fn, size_t nargs,
                         const QIArg *args);

/* ------------------------------------------------------------------------ */
/* Guest state (API version 2)                                              */
/* ------------------------------------------------------------------------ */

/**
 * qi_can_read_memory() - whether qi_vcpu_read_memory() works on this QEMU
 * (plugin API version 4: QEMU 9.2 and later).
 */
bool qi_can_read_memory(void);

/**
 * qi_vcpu_read_memory() - copy guest virtual memory.
 * @vcpu: the vCPU running the execution-time call this is called from.
 * @vaddr: guest virtual address, in @vcpu's address space.
 * @buf: receives @len bytes.
 *
 * Valid only in execution-time calls (emitted calls and memory calls).
 * Returns 0, or -1 when the memory is not mapped, or when this QEMU cannot
 * read guest memory (see qi_can_read_memory()).
 */
int qi_vcpu_read_memory(QICPU vcpu, uint64_t vaddr, void *buf, size_t len);

/**
 * qi_request_registers() - let this library's emitted calls read registers.
 *
 * Call in qi_init().  From then on QEMU brings the guest registers up to
 * date before each execution-time call the library emits (which costs a
 * little), so that qi_vcpu_read_register() gives their current values.
 */
void qi_request_registers(void);

/**
 * qi_can_read_registers() - whether this QEMU can read guest registers
 * (plugin API version 2: QEMU 9.0 and later).
 */
bool qi_can_read_registers(void);

/**
 * qi_register_name() - the name of guest register @index, as the target's
 * GDB description names it ("rax", "rip", "x0", "pc", ...).
 *
 * Indexes are dense from 0: iterate until NULL to list the registers.
 * Known once the first vCPU started (guest_cpu_enter): NULL before, and
 * always NULL where qi_can_read_registers() is false.
 */
const char *qi_register_name(int index);

/**
 * qi_register_find() - the index of the register named @name, or -1.
 *
 * Valid from the first guest_cpu_enter on (see qi_register_name()).
 */
int qi_register_find(const char *name);

/**
 * qi_vcpu_read_register() - read a guest register.
 * @vcpu: the vCPU running the execution-time call this is called from.
 * @reg: a register index (qi_register_find()).
 * @buf: receives the value in the guest's byte order, at most @size bytes.
 *
 * Valid only in execution-time calls emitted by a library that called
 * qi_request_registers().  Returns the register's size in bytes (more
 * than @size means the value was cut), or -1: unknown register, or a QEMU
 * without register reads.
 */
int qi_vcpu_read_register(QICPU vcpu, int reg, void *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* QEMU_INSTR_QI_H */
