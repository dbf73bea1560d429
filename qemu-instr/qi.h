/*
 * qemu-instr: the instrumentation library API, version 3.
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
 *
 * Pointers.  Every pointer argument below is non-NULL unless its
 * documentation says "may be NULL".  A NULL (or stale) handle is a library
 * bug: the runtime disables the calling library with a one-line message
 * naming the function, instead of crashing.
 *
 * Errors.  A library reports a fatal problem with qi_set_error() from any
 * of its code: during qi_init() the load fails with that reason; later the
 * library is disabled with it.  qi_log() prints other messages.
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
 * How the API grows (the rule every version follows, as SQLite's does):
 *
 *  - A new version only adds: functions, types, enum values, events.
 *    Nothing a version declares is removed, renamed or changes meaning,
 *    and the layout of the public structs (QICPU, QIArg, QIMemInfo) and
 *    the values of existing enum constants never change.
 *  - A runtime of version N loads every library whose qi_api_version lies
 *    between QI_API_VERSION_MIN and N.  QI_API_VERSION_MIN is 1 and stays
 *    1: every library ever built still loads.
 *  - A library built for a version later than the runtime's is refused at
 *    load with one line: "built for API version M, this runtime provides
 *    versions 1 to N".  Libraries are bound at load, so a library that
 *    declares an older version but calls a function the runtime lacks is
 *    refused too ("undefined symbol: qi_...").  To run on older runtimes,
 *    declare the oldest version whose functions the library calls: each
 *    function below names the version that added it (no mention: 1).
 *
 * Version 2 added counter objects (QICounter, qi_gen_*_count),
 * conditional calls (qi_gen_*_exec_if), qi_vcpu_count(), guest memory
 * and register reads (qi_vcpu_read_memory, qi_vcpu_read_register),
 * qi_close_output() and the fork event.
 *
 * Version 3 added instruction classes and direct branch targets
 * (qi_insn_class, qi_insn_branch_target, qi_insn_fallthrough,
 * qi_can_classify, qi_guest_arch), the flush event, the vCPU bound
 * (qi_vcpu_max), the log channel (qi_log), qi_set_error() outside
 * qi_init(), and prototypes of the entry points.
 *
 * Version 4 added retired-instruction counting across discontinuities:
 * qi_gen_tb_count_insns(), qi_gen_tb_left_early(), the discontinuity
 * event and qi_sees_discontinuities().
 */
#define QI_API_VERSION 4

/** QI_API_VERSION_MIN: the oldest qi_api_version a runtime loads. */
#define QI_API_VERSION_MIN 1

/*
 * QI_ENTRY_POINT_: the visibility of the entry points declared below, so
 * that they are exported even from a library built with
 * -fvisibility=hidden.  Private to this header.
 */
#define QI_ENTRY_POINT_ __attribute__((visibility("default")))

/**
 * QI_EXPORT: marks the definitions of the qi_* entry points a library
 * exports.  Their declarations below already give them default
 * visibility; in C++ it gives them C linkage (GCC ignores a visibility
 * attribute on a C++ variable's redeclaration, with a warning).
 */
#ifdef __cplusplus
#define QI_EXPORT extern "C"
#else
#define QI_EXPORT QI_ENTRY_POINT_
#endif

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
 * The three entry points are declared here, so that a library defining one
 * with another type does not compile.
 */

/**
 * qi_api_version: mandatory.  The API version the library was built for,
 * normally QI_API_VERSION (see there for which versions a runtime loads).
 * Define it as `QI_EXPORT const int qi_api_version = QI_API_VERSION;`.
 */
QI_ENTRY_POINT_ extern const int qi_api_version;

/**
 * qi_init() - mandatory: set the library up.
 * @argc: number of strings in @argv (at least 1).
 * @argv: the arguments given on the command line or by the monitor, not
 *        NULL, NULL-terminated: `-instr file=lib.so,arg=a,arg=b` gives
 *        argc = 3, argv = {"lib.so", "a", "b", NULL}; argv[0] is the
 *        library's path.  @argv and its strings live until qi_fini()
 *        returns.
 *
 * Called once after loading.  Register hooks here.  Return 0 on success.
 *
 * Failure contract: any other value refuses the load.  The runtime prints
 * one line naming the library, the value returned and the reason given
 * with qi_set_error() (if any); at start-up QEMU then exits with status 1
 * before the guest runs, and a monitor's instr-load answers with that
 * line.  The library's hooks never run, qi_fini() is NOT called, and the
 * library is unloaded: free what qi_init() allocated before returning.
 */
QI_ENTRY_POINT_ int qi_init(int argc, const char **argv);

/**
 * qi_fini() - optional: the library is about to be unloaded.
 *
 * Called once, only after a successful qi_init(): at QEMU exit, on
 * instr-unload, or after the runtime disabled the library (qi_set_error()
 * outside qi_init(), or a misuse of the API).  A library loaded with
 * instruction windows gets a qi_init() and a qi_fini() per window
 * (docs/windows.md).  guest_cpu_exit has already
 * run for every vCPU.
 *
 * While qi_fini() runs, and after it returns, no hook or emitted call of
 * the library runs on any vCPU and no block is being translated: at the
 * end of a run (the guest's exit, its death of a signal however often
 * sent, a crash in another library) every vCPU is stopped first; at
 * instr-unload and at a window's end the runtime is at a safe point where
 * no vCPU runs guest code.  So qi_fini() may free what the hooks use.  It
 * may run on a thread that is not a vCPU's.  If it has not returned after
 * QEMU_INSTR_FINISH_TIMEOUT seconds (default 10) at the end of a run, the
 * runtime names the library in one line, finishes the others and ends the
 * process without it.
 */
QI_ENTRY_POINT_ void qi_fini(void);

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
 * qi_set_error() - report a fatal error of the calling library.
 * @fmt: printf-style format of a one-line reason (no trailing newline),
 *       not NULL.
 *
 * In qi_init(): explains why qi_init() is about to fail; the runtime
 * prints the reason, prefixed by the library's id and path, when
 * qi_init() returns non-zero.  Calling it again replaces the reason.
 *
 * Anywhere else (any hook, emitted call, memory call or qi_fini(); since
 * API version 3): the library is disabled at once, with the line
 * "library ID (PATH) disabled: REASON" on the runtime's standard error.
 * Its hooks are not called any more.  Work it emitted runs until QEMU
 * next discards its translated code; called from a translation hook or an
 * execution-time call, the runtime asks for that at once (the calling
 * vCPU stops within its block, the others at their next block boundary),
 * and qi_fini() runs and the library is unloaded then; called elsewhere,
 * when the runtime next stops the vCPUs (a monitor request,
 * qi_retranslate(), another library's fault) or at exit.  The guest and
 * other libraries continue.  A later call does nothing.
 */
void qi_set_error(const char *fmt, ...) QI_PRINTF(1, 2);

/**
 * qi_log() - print a message of the calling library.
 * @fmt: printf-style format of one line (no trailing newline), not NULL.
 *
 * Prints "qemu-instr: ID (FILE): MESSAGE", ID being the library's id and
 * FILE its file name, on the runtime's own copy of standard error: lines
 * reach the user even after the guest closed its file descriptor 2.
 * Lines from several vCPU threads never interleave.  Usable from any code
 * of the library (qi_init, hooks, emitted calls, qi_fini).  A macro (see
 * below).  (API version 3.)
 */
#define qi_log(...) qi_log_by(&qi_api_version, __VA_ARGS__)

/**
 * qi_library_id() - the id of the calling library.
 *
 * Returns the id given with `-instr ...,id=ID` (or instr-load), or the one the
 * runtime assigned ("lib0", "lib1", ...).  The string lives until qi_fini()
 * returns.  Useful for naming output files when a library is loaded twice.
 */
const char *qi_library_id(void);

/*
 * Who is calling.  QEMU calls a library's emitted calls directly, so the
 * runtime cannot know which library runs there, unlike in hooks.  From API
 * version 3, qi_set_error(), qi_log() and qi_library_id() are macros that
 * pass the address of the caller's own qi_api_version, which names the
 * library wherever it calls from.  The functions qi_set_error() and
 * qi_library_id() stay exported for libraries built for versions 1 and 2
 * (and for calls written `(qi_set_error)(...)`): outside hooks they find
 * the library by their return address, which a compiler's tail call
 * hides.  The *_by functions are what the macros call; @library must be
 * &qi_api_version.
 */
void qi_set_error_by(const int *library, const char *fmt, ...) QI_PRINTF(2, 3);
void qi_log_by(const int *library, const char *fmt, ...) QI_PRINTF(2, 3);
const char *qi_library_id_by(const int *library);
#ifndef QI_BUILDING_RUNTIME /* the runtime defines the functions */
#define qi_set_error(...) qi_set_error_by(&qi_api_version, __VA_ARGS__)
#define qi_library_id() qi_library_id_by(&qi_api_version)
#endif

/**
 * qi_cpu_index() - the index of a vCPU.
 * @vcpu: a vCPU passed to a hook.
 *
 * Indexes are small and dense: 0 for the first vCPU, always below
 * qi_vcpu_max().  In user mode each guest thread is a vCPU, and QEMU may
 * reuse the index of a thread that exited for a later one.
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
 * @argv: qi_init()'s argv, not NULL.
 * @keys: NULL-terminated list of the keys the library accepts, not NULL.
 * @values: not NULL; receives, for each key in @keys (same order), its
 *          value, or NULL when the key was not given.  The strings are
 *          argv's.
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
 * @path: file to create or truncate; may be NULL: NULL or "-" for QEMU's
 *        standard error.
 *
 * In user mode the guest shares QEMU's file descriptors and may close its
 * standard error before the library writes its results at exit; the stream
 * returned for "-" is a duplicate that survives that.  "%p" in @path
 * stands for the process id (for outputs of forked children), "%w" for
 * the index of the library's instruction window (0 without windows; see
 * docs/windows.md), "%%" for "%".  Two libraries may
 * not write the same file: opening a file another library has open fails.
 * The stream remembers why a write failed, for qi_close_output(); it has no
 * descriptor of its own for the library (fileno() returns -1).
 * Returns NULL after qi_set_error() naming @path and the cause.  Close it
 * with qi_close_output().
 */
FILE *qi_open_output(const char *path);

/**
 * qi_close_output() - close a stream from qi_open_output().
 * @f: the stream, not NULL.
 *
 * If anything written to it was lost (a write error, a full disk), the
 * runtime reports it in one line naming the library, the file and the
 * cause of the first failed write ("No space left on device"), on a
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
 * replaces its previous one.  @fn may be NULL: NULL disables the event for
 * that library.  Setters may be called from qi_init() or from any hook of
 * the library.
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

/**
 * qi_event_set_flush() - QEMU discarded all its translated code.
 * @fn: called after QEMU flushed its translation cache: when a library is
 *      loaded or unloaded through a monitor, after qi_retranslate(), when
 *      a library is disabled, or when QEMU's cache is full.  Every block
 *      is translated again (translation hooks run again) before it next
 *      executes, and no emitted call or counter of a discarded block runs
 *      any more: records a library built for its blocks at translation
 *      (e.g. the data pointed to by emitted calls' arguments) may be freed
 *      here.  Called on one thread while no vCPU runs guest code.
 *      (API version 3.)
 */
void qi_event_set_flush(void (*fn)(void));

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

/**
 * qi_insn_fallthrough() - guest virtual address of the next instruction
 * in memory (qi_insn_vaddr() + qi_insn_size()): where a conditional
 * branch goes when it is not taken.  (API version 3.)
 */
uint64_t qi_insn_fallthrough(const QIInsn *insn);

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
/* Instruction classes (API version 3)                                       */
/* ------------------------------------------------------------------------ */

/**
 * QIInsnClass: flags of qi_insn_class().  An instruction that transfers
 * control nowhere but to the next instruction has none.
 * @QI_INSN_BRANCH: may transfer control elsewhere than the next
 *     instruction: jumps, conditional branches, calls, returns and the
 *     system instructions below.
 * @QI_INSN_CONDITIONAL: a branch taken or not depending on a condition
 *     (x86 jcc, jcxz/jecxz/jrcxz, loop/loope/loopne; AArch64 b.cond,
 *     cbz/cbnz, tbz/tbnz).
 * @QI_INSN_CALL: a call: saves a return address (x86 call, AArch64 bl,
 *     blr).
 * @QI_INSN_RETURN: a return (x86 ret, retf; AArch64 ret).
 * @QI_INSN_INDIRECT: the target comes from a register or memory, not from
 *     the encoding (returns included); qi_insn_branch_target() has none.
 * @QI_INSN_SYSTEM: enters or leaves the kernel or a debugger: x86
 *     syscall, sysenter, sysret, sysexit, int, int3, into, iret; AArch64
 *     svc, hvc, smc, brk, hlt, eret.  Always with QI_INSN_BRANCH.
 * @QI_INSN_UNKNOWN: the runtime cannot tell: the guest architecture is
 *     not one it decodes (see qi_insn_class()), or the bytes did not
 *     decode.  No other flag is set with it.
 */
typedef enum QIInsnClass {
    QI_INSN_BRANCH = 1u << 0,
    QI_INSN_CONDITIONAL = 1u << 1,
    QI_INSN_CALL = 1u << 2,
    QI_INSN_RETURN = 1u << 3,
    QI_INSN_INDIRECT = 1u << 4,
    QI_INSN_SYSTEM = 1u << 5,
    QI_INSN_UNKNOWN = 1u << 6,
} QIInsnClass;

/**
 * qi_guest_arch() - the guest architecture, as QEMU names its target:
 * "x86_64", "i386", "aarch64", "riscv64", ...  Never NULL; lives as long
 * as the QEMU process.
 */
const char *qi_guest_arch(void);

/**
 * qi_insn_class() - what kind of instruction @insn is: QIInsnClass flags,
 * or'ed.
 *
 * Decoded with Capstone for the guest architecture.  Architectures
 * decoded: x86_64, i386 (both from QEMU's x86 targets) and aarch64.  On
 * every other guest architecture (arm, riscv, ppc, s390x, mips, ...) the
 * answer is QI_INSN_UNKNOWN for every instruction.  Instructions newer
 * than the Capstone the runtime was built with (e.g. AArch64's
 * pointer-authenticated braa/retaa with Capstone 4) are QI_INSN_UNKNOWN.
 * QEMU does not tell plugins the vCPU's mode: x86_64 guests are decoded as
 * 64-bit code, i386 ones as 32-bit, so in system mode the 16- and 32-bit
 * code of firmware and boot loaders under qemu-system-x86_64 may be
 * misclassified (user mode runs only 64-bit code there).
 */
unsigned int qi_insn_class(const QIInsn *insn);

/**
 * qi_can_classify() - whether qi_insn_class() decodes this guest's
 * architecture (false: every instruction is QI_INSN_UNKNOWN).  Known from
 * qi_init() on.  (API version 3.)
 */
bool qi_can_classify(void);

/**
 * qi_insn_branch_target() - where a direct branch or call goes.
 * @target: not NULL; receives the guest virtual address the instruction
 *          transfers control to when taken.
 *
 * Returns true for a QI_INSN_BRANCH that is neither QI_INSN_INDIRECT nor
 * QI_INSN_SYSTEM; false (and @target untouched) otherwise.
 *
 * Was a conditional branch taken?  QEMU ends a block after every branch,
 * so the next block that starts on the same vCPU begins at the branch's
 * target (taken) or at qi_insn_fallthrough() (not taken): note the branch
 * in a per-vCPU slot when its block runs, and compare the next block's
 * address with them.  Cheaply, with no call in blocks that follow no
 * branch on QEMU 9.0 and later: in each block ending with a conditional
 * branch, qi_gen_tb_count() adds a pointer to the branch's record to a
 * per-vCPU QICounter (0 otherwise), and every block starts with
 * qi_gen_tb_exec_if(counter != 0) calling a function that gets the record
 * from qi_counter_get(), sets the counter back to 0 with
 * qi_counter_set(), and compares the block's address (a constant
 * argument) with the record's target.  Emit the test before the add.
 * examples/branches/branches.c does exactly this.
 */
bool qi_insn_branch_target(const QIInsn *insn, uint64_t *target);

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
 * @nargs: number of arguments in @args.
 * @args: may be NULL when @nargs is 0.
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
 * qi_counter_free() - free @c (may be NULL: nothing happens).  No
 * translated code may use it any more: call it in qi_fini(), in the flush
 * event, or after qi_retranslate() took effect.
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
 * qi_vcpu_max() - a bound on vCPU indexes, fixed for the whole run.
 *
 * Every qi_cpu_index() a library sees is below it, so per-vCPU arrays of
 * qi_vcpu_max() entries, allocated in qi_init(), need neither locking nor
 * growing.  System mode: QEMU's maximum number of vCPUs (-smp maxcpus).
 * User mode, where every guest thread is a vCPU: 1024, or the value of the
 * environment variable QEMU_INSTR_MAX_VCPUS (1 to 65536) given to QEMU.
 * A guest whose threads would need a vCPU index at or beyond the bound is
 * stopped when it creates that thread: the libraries are finished (their
 * results written) and QEMU exits with status 1 after one line saying so.
 * (API version 3.)
 */
unsigned int qi_vcpu_max(void);

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
/* Retired instructions and discontinuities (API version 4)                 */
/* ------------------------------------------------------------------------ */

/*
 * Work emitted at a block's entry runs when the block starts, as if it
 * were going to run to its end.  A block can be left early: an instruction
 * faults (a page fault, an undefined instruction, a load from a bad address
 * that the guest handles as a signal), an interrupt arrives (system mode),
 * a host call is made.  The instructions after the point of departure did
 * not retire, and when the guest resumes inside the block (after a handler
 * fixed the fault) QEMU runs the rest as a block of its own, counted again.
 * So a count of "instructions per block entry" is above the number of
 * instructions retired by the block's unexecuted tail, at each such event.
 *
 * The runtime follows each vCPU's current block and, where QEMU lets it see
 * the block left early (qi_sees_discontinuities()), takes the tail back
 * from the counts made with qi_gen_tb_count_insns() and tells the
 * block's qi_gen_tb_left_early() calls.  A faulting instruction is not
 * retired (it counts when it runs again and completes); a trapping one
 * (x86 int3, syscall, int N; AArch64 svc) is.  docs/discontinuities.md
 * says what QEMU reports, per version, mode and target.
 */

/** QIDiscontinuity: why a vCPU left the flow of its instructions. */
typedef enum QIDiscontinuity {
    /* Asynchronous: an interrupt (system mode). */
    QI_DISCON_INTERRUPT = 1,
    /* A synchronous exception raised by an instruction. */
    QI_DISCON_EXCEPTION = 2,
    /* A host call (semihosting, a hypervisor call QEMU handles). */
    QI_DISCON_HOSTCALL = 3,
    /*
     * User mode: a synchronous signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE,
     * SIGTRAP raised by an instruction) delivered to a guest handler.
     */
    QI_DISCON_SIGNAL = 4,
} QIDiscontinuity;

/** QIDiscontinuitySeen: which discontinuities this QEMU lets the runtime see. */
typedef enum QIDiscontinuitySeen {
    /* Interrupts, exceptions and host calls (QEMU 10.1 and later). */
    QI_SEEN_EXCEPTIONS = 1,
    /*
     * User mode: synchronous signals delivered to guest handlers, read from
     * the signal frame (QEMU 9.2 and later: registers and memory reads).
     */
    QI_SEEN_SIGNALS = 2,
    /*
     * Execution resuming inside the block just left, with no report from
     * QEMU: self-modifying code that rewrote the running block (QEMU 9.1
     * and later).  No event is sent for it.
     */
    QI_SEEN_RESUMES = 4,
} QIDiscontinuitySeen;

/**
 * qi_sees_discontinuities() - what the runtime sees of blocks left early
 * on this QEMU: a mask of QIDiscontinuitySeen, 0 on QEMU 7.2 and 9.0.
 *
 * Where it is 0, qi_gen_tb_count_insns() counts every block as if it ran
 * to its end and no left-early call or discontinuity event ever runs.
 */
unsigned int qi_sees_discontinuities(void);

/**
 * qi_gen_tb_count_insns() - add the block's retired instructions to the
 * running vCPU's value of @c.
 *
 * Adds the block's instruction count at its entry (inline, like
 * qi_gen_tb_count()), and takes back those that did not retire when the
 * runtime sees the block left early.  The correction is made before the
 * vCPU runs another instruction, so a value read in any later hook or
 * call is exact.  A condition tested at the block's entry
 * (qi_gen_tb_exec_if()) sees the full count.
 */
void qi_gen_tb_count_insns(QITB *tb, QICounter *c);

/**
 * QILeftEarlyFn: a call made when an execution of a block is left early.
 * @retired: how many of the block's instructions retired in that
 *           execution, below qi_tb_n_insns().
 * @args: the arguments given at emission, resolved.
 */
typedef void (*QILeftEarlyFn)(QICPU vcpu, uint32_t retired,
                              const uint64_t *args);

/**
 * qi_gen_tb_left_early() - call @fn each time an execution of the block
 * that has started is left before its last instruction retired, as far as
 * the runtime sees (qi_sees_discontinuities()).
 *
 * Runs on the vCPU's thread, after the runtime corrected the counts of
 * qi_gen_tb_count_insns() and before the discontinuity event.  For
 * libraries that count per block in their own structures (basic-block
 * vectors, hot blocks) and must take back the unretired tail.
 */
void qi_gen_tb_left_early(QITB *tb, QILeftEarlyFn fn, size_t nargs,
                          const QIArg *args);

/**
 * qi_event_set_discontinuity() - a vCPU left the flow of its instructions.
 * @fn: called on the vCPU's thread, after the runtime's corrections, with
 *      the kind and two addresses.  QI_DISCON_INTERRUPT, _EXCEPTION and
 *      _HOSTCALL pass on QEMU's report (QEMU 10.1 and later) as it is:
 *      @from_pc is the next instruction for an interrupt, the calling one
 *      for a host call, and for an exception the faulting instruction, or
 *      the start of its block when a helper raised it (x86 page faults,
 *      division by zero; in system mode QEMU then reports an interrupt
 *      naming the instruction); @to_pc is where the vCPU goes on.
 *      QI_DISCON_SIGNAL (user mode, QI_SEEN_SIGNALS): @from_pc is the pc
 *      the guest's signal frame holds, inside the block left, @to_pc the
 *      guest handler.  docs/discontinuities.md has QEMU's reports, measured.
 */
void qi_event_set_discontinuity(void (*fn)(QICPU vcpu, QIDiscontinuity kind,
                                           uint64_t from_pc, uint64_t to_pc));

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
 * @buf: not NULL; receives @len bytes.
 *
 * Valid only on the vCPU's own thread while it is stopped in the library:
 * in execution-time calls (emitted calls and memory calls) and in the
 * guest_user_syscall and guest_user_syscall_ret events.
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
 * @name: may be NULL (gives -1).
 *
 * Valid from the first guest_cpu_enter on (see qi_register_name()).
 */
int qi_register_find(const char *name);

/**
 * qi_vcpu_read_register() - read a guest register.
 * @vcpu: the vCPU running the execution-time call this is called from.
 * @reg: a register index (qi_register_find()).
 * @buf: not NULL; receives the value in the guest's byte order, at most
 *       @size bytes.
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
