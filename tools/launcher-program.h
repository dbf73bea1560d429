/*
 * The guest program of a user-mode QEMU, found as a shell finds a command:
 * QEMU itself opens the word it is given as a path, so a bare name would
 * only work in the current directory, and a missing program makes some
 * QEMUs exit without a word.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_LAUNCHER_PROGRAM_H
#define QEMU_INSTR_LAUNCHER_PROGRAM_H

#include <glib.h>

/* The search path when PATH is unset, as for execvp(). */
#define QI_DEFAULT_PATH "/bin:/usr/bin"

/*
 * The path QEMU is to run for the guest program @name.  A name with a '/'
 * is that path; any other is looked up in the colon-separated @path (NULL:
 * QI_DEFAULT_PATH) in order, an empty entry standing for the current
 * directory as in the shell (the current directory is otherwise not
 * searched).  The program must be a regular file that may be read (QEMU
 * reads it) and executed.  Returns NULL and sets @error to one line without
 * the "qemu-instr: " prefix ("xz: not found in PATH (/usr/bin:/bin)",
 * "./prog: Permission denied", ...) otherwise.
 */
char *qi_program_find(const char *name, const char *path, GError **error);

#endif /* QEMU_INSTR_LAUNCHER_PROGRAM_H */
