/*
 * The libraries' output files (qi_open_output, qi_close_output): who
 * writes which file, so that two libraries never write the same one, and
 * write errors that are reported rather than lost.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_OUTPUTS_H
#define QEMU_INSTR_OUTPUTS_H

/*
 * In a forked child: close @owner's (a Library *) open outputs without
 * writing what is buffered, which is the parent's to write.
 */
void outputs_abandon(const void *owner);

/* Forget the outputs of @owner (a Library *), which is going away. */
void outputs_forget(const void *owner);

#endif /* QEMU_INSTR_OUTPUTS_H */
