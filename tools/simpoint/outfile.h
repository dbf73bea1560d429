/*
 * qi-simpoint: writing one output file, with errors that name it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_OUTFILE_H
#define QI_SIMPOINT_OUTFILE_H

#include <glib.h>
#include <stdio.h>

/** The error domain of qi_write_file() (code 0). */
#define QI_OUTFILE_ERROR (qi_outfile_error_quark())

/** The quark of QI_OUTFILE_ERROR. */
GQuark qi_outfile_error_quark(void);

/** Writes the contents of a file to @f from @data. */
typedef void (*QiWriteFn)(FILE *f, const void *data);

/**
 * Create (or truncate) @path, fill it with @fill(f, @data) and close it.
 * Returns FALSE with @error ("cannot write 'path': reason") on failure.
 */
gboolean qi_write_file(const char *path, QiWriteFn fill, const void *data,
                       GError **error);

#endif /* QI_SIMPOINT_OUTFILE_H */
