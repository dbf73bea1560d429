/*
 * One-line diagnostics on the runtime's standard error, prefixed
 * "qemu-instr: ".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_REPORT_H
#define QEMU_INSTR_REPORT_H

#include <glib.h>
#include <stdbool.h>

/*
 * Keep a duplicate of standard error for the runtime's messages, so that
 * they still reach the user after the guest closed its fd 2.  Call before
 * the guest runs.
 */
void report_init(void);

/* Print one line: "qemu-instr: <message>\n". */
void report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/*
 * report() a loss of recorded results (a write error, a library's crash):
 * the run's exit status then says so (report_losses()).
 */
void report_loss(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/*
 * report_loss() from a signal handler: @message is written as one line
 * with write(2), without allocating.  Async-signal-safe.
 */
void report_loss_in_signal(const char *message);

/* Has report_loss() been called? */
bool report_losses(void);

#endif /* QEMU_INSTR_REPORT_H */
