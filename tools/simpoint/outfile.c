/*
 * qi-simpoint: writing one output file, with errors that name it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "outfile.h"

#include <errno.h>

G_DEFINE_QUARK(qi-outfile-error-quark, qi_outfile_error)

gboolean qi_write_file(const char *path, QiWriteFn fill, const void *data,
                       GError **error)
{
    FILE *f = fopen(path, "wb");

    if (!f) {
        g_set_error(error, QI_OUTFILE_ERROR, 0, "cannot write '%s': %s", path,
                    g_strerror(errno));
        return FALSE;
    }
    fill(f, data);
    gboolean ok = !ferror(f);
    ok = fclose(f) == 0 && ok;
    if (!ok) {
        g_set_error(error, QI_OUTFILE_ERROR, 0, "error writing '%s': %s", path,
                    g_strerror(errno));
    }
    return ok;
}
