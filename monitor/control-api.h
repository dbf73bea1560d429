/*
 * The control interface: all that a monitor (qmp/, hmp/) knows of what it
 * controls.  The runtime implements it (instrument/control.c); unit tests
 * substitute fakes.  Plain data and an ops table, nothing of the runtime's
 * internals.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_CONTROL_API_H
#define QEMU_INSTR_CONTROL_API_H

#include "common/charsets.h"  /* library_id_is_valid() */

#include <glib.h>

/*
 * An instruction window: the library runs while the first vCPU's
 * instruction count is in [start, end) (docs/windows.md).
 */
typedef struct LibraryWindow {
    guint64 start, end;
} LibraryWindow;

/* One library to load: where from, under which id, with which arguments. */
typedef struct LibrarySpec {
    char *path;
    char *id;       /* NULL: the runtime picks one */
    GPtrArray *args; /* char *, owned */
    GArray *windows; /* LibraryWindow, in order, disjoint; empty: always */
} LibrarySpec;

/* A spec for @path under @id (NULL: any), with no arguments yet. */
LibrarySpec *library_spec_new(const char *path, const char *id);

/* Free @spec and everything it owns; NULL is ignored. */
void library_spec_free(LibrarySpec *spec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(LibrarySpec, library_spec_free)

/*
 * Add the window @text ("START:END", instruction counts, each with an
 * optional K, M or G suffix for 10^3, 10^6, 10^9) to @spec.  FALSE with
 * @error set if it is malformed, empty, or does not start at or after the
 * end of the window before it.
 */
gboolean library_spec_add_window(LibrarySpec *spec, const char *text,
                                 GError **error);

/* @w as library_spec_add_window() reads it: "START:END" (g_free it). */
char *library_window_text(const LibraryWindow *w);

/* A loaded library, as monitors report it. */
typedef struct LibraryInfo {
    char *id;
    char *path;
    GPtrArray *args; /* char *, as given (without argv[0]) */
    GArray *windows; /* LibraryWindow, as given; empty: always runs */
} LibraryInfo;

/*
 * A copy of @id, @path, @args (NULL-terminated; NULL: none) and @windows
 * (LibraryWindow; NULL: none).
 */
LibraryInfo *library_info_new(const char *id, const char *path,
                              char *const *args, const GArray *windows);

/* Free @info and everything it owns; NULL is ignored. */
void library_info_free(LibraryInfo *info);

/*
 * Something changed: @event is "INSTR_LOAD" or "INSTR_UNLOAD".  Called on
 * the thread of the monitor that asked for the change.
 */
typedef void (*ControlListener)(const char *event, const LibraryInfo *library,
                                void *data);

/* What a monitor can do; every op may be called from any thread. */
typedef struct ControlBackend {
    /*
     * Load the library @spec describes; returns its id (g_free it), or NULL
     * with @error set to a one-line message.
     */
    char *(*load)(const LibrarySpec *spec, GError **error);
    /* Unload library @id; FALSE with @error set if there is none, etc. */
    gboolean (*unload)(const char *id, GError **error);
    /* The loaded libraries, in load order (free with g_ptr_array_unref). */
    GPtrArray *(*list)(void);
    /*
     * From now on, call @listener with @data after every change made through
     * this backend.  Only monitors that send events (QMP) call it.
     */
    void (*subscribe)(ControlListener listener, void *data);
} ControlBackend;

#endif /* QEMU_INSTR_CONTROL_API_H */
