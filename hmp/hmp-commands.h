/*
 * HMP, the human monitor: its commands, independent of any socket.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_HMP_COMMANDS_H
#define QEMU_INSTR_HMP_COMMANDS_H

#include <glib.h>

#include "monitor/control-api.h"

/*
 * Run one command line @line (no newline) against @backend.  Words are
 * separated by blanks; double quotes (with \" and \\ escapes) and single
 * quotes group words, and '#' starts a comment, as with g_shell_parse_argv().
 * Returns the output to show (g_free it): empty, or lines each ending in
 * "\n"; errors are one line.  Sets *@quit to whether the command ends the
 * session.
 */
char *hmp_execute(const ControlBackend *backend, const char *line,
                  gboolean *quit);

#endif /* QEMU_INSTR_HMP_COMMANDS_H */
