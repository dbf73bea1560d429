/*
 * Opening a library's file: where a name is found, what makes a file
 * unloadable (told apart before libltdl, which calls most failures "file
 * not found"), symbols bound at once, a private copy for a file loaded
 * twice, and where its code is mapped.  Knows nothing of the registry.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_LOADER_H
#define QEMU_INSTR_LOADER_H

#include <glib.h>
#include <ltdl.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Look library names (paths without '/') up in @dirs, ':'-separated (NULL:
 * none), then in the current directory, as the launcher's -instr does; the
 * current directory now (QEMU's at start-up) is also what relative paths
 * are relative to, whatever the guest's is later.  Before any load.
 */
void loader_set_search_path(const char *dirs);

/*
 * The absolute file a library path names (see loader_set_search_path).
 * NULL with @error set for a name found nowhere.
 */
char *loader_resolve(const char *path, GError **error);

/*
 * Open the shared object @path with libltdl, with every symbol bound now
 * (libltdl binds lazily: a missing symbol would kill the guest at its first
 * use).  Sets @dev and @ino to the file's identity; when @loaded(@dev,
 * @ino) says the file is loaded already, opens a private copy (the dynamic
 * loader maps a file once, so the two would share their globals).  NULL
 * with @error set to the reason, which does not name the file.
 */
lt_dlhandle loader_open(const char *path, bool (*loaded)(dev_t, ino_t),
                        dev_t *dev, ino_t *ino, GError **error);

/* Where the object holding @symbol is mapped. */
typedef struct LoaderCode {
    uintptr_t start, end; /* its executable segments; 0, 0 if unknown */
    uintptr_t base;       /* what its symbols' values are relative to */
} LoaderCode;

LoaderCode loader_locate_code(const void *symbol);

#endif /* QEMU_INSTR_LOADER_H */
