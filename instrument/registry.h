/*
 * The registry of loaded libraries: what the runtime knows of each
 * (Library), the list of them, and the "current library" that tells API
 * calls who is calling.  Loading and the life cycle are lifecycle.h's.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_REGISTRY_H
#define QEMU_INSTR_REGISTRY_H

#include <glib.h>
#include <ltdl.h>
#include <stdbool.h>
#include <sys/types.h>

#include "monitor/control-api.h"
#include "qemu-instr/qi.h"
#include "symbols.h"

/*
 * A library's event handlers, as set with qi_event_set_*().  A hook may
 * set them on one vCPU thread while others read them: access them with
 * HANDLER() and library_set_handler().
 */
typedef struct LibraryHandlers {
    void (*cpu_enter)(QICPU vcpu);
    void (*cpu_exit)(QICPU vcpu);
    void (*syscall)(QICPU vcpu, uint64_t num, uint64_t a1, uint64_t a2,
                    uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
                    uint64_t a7, uint64_t a8);
    void (*syscall_ret)(QICPU vcpu, uint64_t num, uint64_t ret);
    void (*tb_before)(QICPU vcpu, QITB *tb);
    void (*insn_before)(QICPU vcpu, QITB *tb, QIInsn *insn);
    void (*tb_after)(QICPU vcpu, QITB *tb);
    int (*fork_child)(QICPU vcpu);
    void (*flush)(void);
    void (*discontinuity)(QICPU vcpu, QIDiscontinuity kind, uint64_t from_pc,
                          uint64_t to_pc);
} LibraryHandlers;

/* Where a loaded library is in its life. */
typedef enum LibraryState {
    /*
     * Loaded, but outside its windows: qi_init has not run for window
     * Library.window (the next one), or qi_fini has run for the last one.
     */
    LIBRARY_ASLEEP,
    /* qi_init has returned 0: its hooks run. */
    LIBRARY_RUNNING,
    /* Finished at the end of the run (or unloaded): never runs again. */
    LIBRARY_FINISHED,
} LibraryState;

typedef struct Library {
    char *id;
    char *path;
    int argc;
    char **argv;        /* argv[0] = path, NULL-terminated; lives until unload */
    lt_dlhandle handle;
    dev_t dev;          /* the file's identity, to spot a second load */
    ino_t ino;
    void (*fini)(void);
    LibraryHandlers on;
    char *init_error;   /* set by qi_set_error() */
    bool reads_registers; /* qi_request_registers() was called */
    /*
     * Set (once, atomically) when the library misbehaved: its hooks are
     * skipped from then on, and it is unloaded at the next safe point.
     */
    int disabled;
    /*
     * Switched off in a forked child: its state and outputs are the
     * parent's, so it is unloaded without guest_cpu_exit or qi_fini.
     */
    bool abandoned;
    /* Set (once, atomically) when its code crashed: it is not finished. */
    int crashed;
    /* Where its code is mapped, to blame crashes on it (signals.h). */
    uintptr_t code_start, code_end;
    uintptr_t load_base;  /* what its symbols' values are relative to */
    Symbols *symbols;     /* its functions, NULL if unknown */
    int (*init)(int argc, const char **argv); /* its qi_init */
    /* Instruction windows (windows.h), empty for a library that always runs. */
    GArray *windows;      /* LibraryWindow */
    unsigned int window;  /* the current or next window */
    LibraryState state;
    uint64_t window_base; /* the first vCPU's count at load (windows.c) */
} Library;

/*
 * The library whose code is running on this thread (NULL when QEMU or the
 * runtime itself runs).  Set around every call into a library.
 */
extern _Thread_local Library *library_current;

/* Make @lib current and return the previous one, to restore afterwards. */
static inline Library *library_enter(Library *lib)
{
    Library *prev = library_current;
    library_current = lib;
    return prev;
}

/*
 * The loaded libraries, in load order.  Changed only while no vCPU runs
 * guest code (at start-up, or at a safe point), with registry_lock held
 * for monitor threads' library_list(); hooks read it without locking.
 */
extern GPtrArray *library_registry;

/* Create the (empty) registry; once, before anything else here. */
void registry_init(void);

/* Add @lib, the last loaded; remove it (it is not freed). */
void registry_add(Library *lib);
void registry_remove(Library *lib);

/* Is @lib registered (not just being loaded)? */
bool registry_holds(const Library *lib);

/* Is a library from the file @dev, @ino loaded? */
bool registry_file_loaded(dev_t dev, ino_t ino);

/* "lib0", "lib1", ...: the first id not taken, to g_free(). */
char *registry_next_id(void);

/*
 * The library whose code holds @pc, or NULL.  Without a lock: from any
 * thread, even in a signal handler (the registry changes only at safe
 * points, when no library code runs).
 */
Library *registry_library_at(uintptr_t pc);

/*
 * The loaded libraries, in load order, as LibraryInfo (free the array with
 * g_ptr_array_unref).  Safe from any thread.
 */
GPtrArray *library_list(void);

/* Find a loaded library by id, or NULL. */
Library *library_find(const char *id);

/* Is @lib still allowed to run? */
static inline bool library_is_active(const Library *lib)
{
    return !g_atomic_int_get(&lib->disabled);
}

/* @lib's handler @field, read atomically (NULL if none). */
#define HANDLER(lib, field) __atomic_load_n(&(lib)->on.field, __ATOMIC_ACQUIRE)

/* Set @lib's handler @field to @fn, atomically. */
#define library_set_handler(lib, field, fn) \
    __atomic_store_n(&(lib)->on.field, (fn), __ATOMIC_RELEASE)

/*
 * Call handler @field of every active library that has one, each as the
 * current library.  The registry only changes while no vCPU runs guest code,
 * so no lock is needed.
 */
#define CALL_HANDLERS(field, ...)                                            \
    do {                                                                     \
        for (guint i_ = 0; i_ < library_registry->len;   \
             i_++) {                                                         \
            Library *lib_ = g_ptr_array_index(library_registry, i_);         \
            __typeof__(lib_->on.field) fn_ = HANDLER(lib_, field);           \
            if (fn_ != NULL && library_is_active(lib_)) {                    \
                Library *prev_ = library_enter(lib_);                        \
                fn_(__VA_ARGS__);                                            \
                library_enter(prev_);                                        \
            }                                                                \
        }                                                                    \
    } while (0)

#endif /* QEMU_INSTR_REGISTRY_H */
