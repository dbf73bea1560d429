/*
 * qi-simpoint: writing one output file, with errors that name it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "outfile.h"

#include <errno.h>

#include "common/wstream.h"

G_DEFINE_QUARK(qi-outfile-error-quark, qi_outfile_error)

gboolean qi_write_file(const char *path, QiWriteFn fill, const void *data,
                       GError **error)
{
    FILE *f = wstream_fopen(path); /* fclose() says why a write failed */

    if (!f) {
        g_set_error(error, QI_OUTFILE_ERROR, 0, "cannot write '%s': %s", path,
                    g_strerror(errno));
        return FALSE;
    }
    fill(f, data);
    gboolean ok = fclose(f) == 0;
    if (!ok) {
        g_set_error(error, QI_OUTFILE_ERROR, 0, "error writing '%s': %s", path,
                    g_strerror(errno));
    }
    return ok;
}
