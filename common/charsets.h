/*
 * Which characters a library id may hold, and which words need no quoting:
 * one rule for the launcher, the runtime's options and the monitors.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_CHARSETS_H
#define QEMU_INSTR_CHARSETS_H

#include <glib.h>

/** The characters of a library id; ids end up in file names (%p, %w). */
#define LIBRARY_ID_CHARS \
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-"

/**
 * Characters that never need quoting in a word of a shell command line nor
 * of an HMP command.  Not '=' (a shell reads a first word NAME=VALUE as an
 * assignment) nor '%'; HMP, which has neither problem, adds them.
 */
#define PLAIN_WORD_CHARS LIBRARY_ID_CHARS "+/,:@"

/** Is @id usable as a library id (non-empty, LIBRARY_ID_CHARS only)? */
gboolean library_id_is_valid(const char *id);

/**
 * Can @word be written as it is: non-empty, and only PLAIN_WORD_CHARS or
 * characters of @extra ("" for none)?
 */
gboolean word_is_plain(const char *word, const char *extra);

#endif /* QEMU_INSTR_CHARSETS_H */
