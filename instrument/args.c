/*
 * Libraries' KEY=VALUE arguments (args.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "args.h"

#include <glib.h>
#include <string.h>

int args_parse(int argc, const char **argv, const char *const *keys,
               const char **values, char **why)
{
    guint n_keys = g_strv_length((char **)keys);
    for (guint k = 0; k < n_keys; k++) {
        values[k] = NULL;
    }
    for (int i = 1; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        if (eq == NULL) {
            *why = g_strdup_printf("argument '%s' is not KEY=VALUE", argv[i]);
            return -1;
        }
        guint k = 0;
        while (k < n_keys && (strncmp(keys[k], argv[i], eq - argv[i]) != 0 ||
                              keys[k][eq - argv[i]] != '\0')) {
            k++;
        }
        if (k == n_keys) {
            g_autofree char *known = g_strjoinv(", ", (char **)keys);
            *why = g_strdup_printf("unknown argument '%.*s' (expected %s)",
                                   (int)(eq - argv[i]), argv[i], known);
            return -1;
        }
        if (values[k] != NULL) {
            *why = g_strdup_printf("argument '%s' given twice", keys[k]);
            return -1;
        }
        values[k] = eq + 1;
    }
    return 0;
}
