/*
 * The libraries' output files (qi_open_output, qi_close_output): who
 * writes which file, so that two libraries never write the same one, and
 * write errors that are reported rather than lost.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_OUTPUTS_H
#define QEMU_INSTR_OUTPUTS_H

#include <stdio.h>

#include "registry.h"

/*
 * Open the output file @given ("%p": the process id, "%w": @lib's window
 * index, "%%": "%"; NULL or "-": a duplicate of standard error) for @lib
 * (NULL: no library).  NULL with a one-line reason in @why (to g_free())
 * if it cannot be written or another library writes it already.
 */
FILE *outputs_open(const char *given, const Library *lib, char **why);

/*
 * Close @f (NULL: nothing); a failed write (or close) is reported as a
 * loss naming the library and the file.  Returns 0, or -1 if it failed.
 */
int outputs_close(FILE *f);

/*
 * In a forked child: close @owner's (a Library *) open outputs without
 * writing what is buffered, which is the parent's to write.
 */
void outputs_abandon(const void *owner);

/* Forget the outputs of @owner (a Library *), which is going away. */
void outputs_forget(const void *owner);

#endif /* QEMU_INSTR_OUTPUTS_H */
