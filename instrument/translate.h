/*
 * The translation pipeline: for each block QEMU translates, run every
 * library's translation hooks, collect the execution-time work they emit,
 * resolve promises, and only then register that work with QEMU.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_TRANSLATE_H
#define QEMU_INSTR_TRANSLATE_H

#include "qemu/backend.h"
#include "registry.h"

/*
 * One translation in progress on this thread.  Each library gets handles of
 * its own, naming the library and the translation's generation: a handle
 * used after its block's translation is recognised, and blamed on the right
 * library, instead of trusted.  Block and instruction handles live in a
 * per-thread buffer reused by the next translation and freed only when the
 * thread exits (so a handle kept until a later translation on the same
 * thread is not caught, but checking it reads valid memory); promises live in
 * the arena (valid memory until QEMU flushes its code), so a promise from
 * another block always is.
 */
typedef struct Translation Translation;

struct QITB {
    Translation *translation;
    uint64_t generation;
    Library *library;
    uint64_t vaddr;
    QIInsn *insns;  /* this library's handles of the block's instructions */
};

struct QIInsn {
    Translation *translation;
    uint64_t generation;
    Library *library;
    uint64_t vaddr;
    BackendInsn *backend_insn;
    const void *data;   /* the bytes, copied on the first qi_insn_data() */
};

struct QIPromise {
    Translation *translation;
    uint64_t generation;
    Library *owner;
    const char *hook;   /* where it was created, for the unset-promise error */
    uint64_t pc;
    uint64_t value;
    bool set;
};

/* QEMU's tb_trans callback. */
void translate_block(BackendTB *tb);

/*
 * Validate a handle given to API function @function: it must belong to the
 * translation running on this thread.  On failure, disable the library the
 * handle was given to, with a message naming @function, and return false.
 */
bool translate_check_tb(const QITB *tb, const char *function);
bool translate_check_insn(const QIInsn *insn, const char *function);
bool translate_check_promise(const QIPromise *p, const char *function);

#define CHECK_TB(tb) translate_check_tb(tb, __func__)
#define CHECK_INSN(insn) translate_check_insn(insn, __func__)
#define CHECK_PROMISE(p) translate_check_promise(p, __func__)

/* The translation running on this thread (NULL if none). */
Translation *translate_current(void);

/* Emitted work, recorded for the current library by the qi_gen_*() API. */
typedef enum WorkKind {
    WORK_TB_EXEC,
    WORK_INSN_EXEC,
    WORK_MEM_EXEC,
    WORK_TB_COUNTER,    /* plain uint64_t counters */
    WORK_INSN_COUNTER,
    WORK_TB_COUNT,      /* QICounter */
    WORK_INSN_COUNT,
    WORK_TB_EXEC_IF,
    WORK_INSN_EXEC_IF,
    WORK_TB_COUNT_INSNS, /* retired instructions (retire.h) */
    WORK_TB_LEFT_EARLY,
} WorkKind;

typedef struct Work {
    WorkKind kind;
    Library *library;
    BackendInsn *insn;             /* NULL for block-level work */
    void (*fn)(void);              /* QIExecFn or QIMemExecFn */
    uint64_t *counter;
    QICounter *qicounter;          /* counts and conditions */
    QICond cond;
    QIMemAccess access;
    /*
     * Slice of the translation's arguments: the call's, or the amount of
     * a count; a conditional call's comparison value comes first.
     */
    guint first_arg, nargs;
} Work;

struct Translation {
    uint64_t generation;         /* unique per translation, 0 = none */
    BackendTB *backend_tb;
    uint64_t vaddr;
    size_t n_insns;
    BackendInsn **backend_insns; /* insns_room of them */
    uint64_t *insn_vaddrs;
    size_t insns_room;
    char *handles;               /* the libraries' QITB and QIInsn handles */
    size_t handles_size;
    /*
     * Earlier, smaller handle buffers: kept until the thread exits, so that
     * checking a stale handle never reads freed memory.
     */
    GPtrArray *retired_handles;
    const char *hook;            /* the hook running now, for messages */
    uint64_t hook_pc;
    GPtrArray *promises;         /* QIPromise *, created in this translation */
    GArray *work;                /* Work, in emission order */
    GArray *args;                /* QIArg, sliced by Work */
};

/* A new promise of @tb's library, created in the hook running now. */
QIPromise *translate_new_promise(const QITB *tb);

/* Record @work (which names its library), with a copy of its @args. */
void translate_add_work(Translation *t, Work work, const QIArg *args);

#endif /* QEMU_INSTR_TRANSLATE_H */
