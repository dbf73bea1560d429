/*
 * One-line diagnostics on stderr, prefixed "qemu-instr: ".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_REPORT_H
#define QEMU_INSTR_REPORT_H

#include <glib.h>

/* Print one line: "qemu-instr: <message>\n". */
void report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

#endif /* QEMU_INSTR_REPORT_H */
