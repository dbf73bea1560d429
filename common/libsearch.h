/*
 * Where a library's file= value (a path or a name) is found: one rule for
 * the launcher's -instr (tools/launcher-args.c) and for libraries loaded
 * later through a monitor (instrument/library.c), so a name means the same
 * file either way.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_LIBSEARCH_H
#define QEMU_INSTR_LIBSEARCH_H

#include <glib.h>

/** Where library names are looked up. */
typedef struct LibSearch {
    const char *cwd;    /* absolute directory: of relative paths, and searched
                           last for names */
    char *const *dirs;  /* NULL-terminated, searched in order; NULL: none */
    gboolean (*is_file)(const char *path); /* is @path a regular file?
                                              NULL: ask the file system */
} LibSearch;

/**
 * The absolute file that @file names.  With a '/' it is a path (made
 * absolute against @search->cwd and canonical, not checked); otherwise a
 * name: the first of DIR/NAME, DIR/NAME.so over @search->dirs that is a
 * file, else CWD/NAME if that is a file.  NULL if a name is found nowhere;
 * g_free() the result.
 */
char *lib_search_resolve(const LibSearch *search, const char *file);

#endif /* QEMU_INSTR_LIBSEARCH_H */
