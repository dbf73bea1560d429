/*
 * The API of output files: qi_open_output, qi_close_output.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "caller.h"
#include "outputs.h"

FILE *qi_open_output(const char *path)
{
    g_autofree char *why = NULL;
    FILE *f = outputs_open(path, library_current, &why);
    if (f == NULL) {
        caller_error(NULL, NULL, "%s", why);
    }
    return f;
}

int qi_close_output(FILE *f)
{
    return outputs_close(f);
}
