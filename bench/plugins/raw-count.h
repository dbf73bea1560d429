/*
 * What the raw QEMU 10 counting plugins (raw-inline.c, raw-exact.c) share:
 * their argument (out=FILE) and their report, in icount's format, of a
 * per-vCPU scoreboard of instruction counts.  Header-only: each plugin is
 * built from its one .c file.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef RAW_COUNT_H
#define RAW_COUNT_H

#include <inttypes.h>
#include <stdio.h>

#include <glib.h>
#include <qemu-plugin.h>

/*
 * Read the plugin's arguments (out=FILE only) into *@out_path; false
 * after one line on stderr naming @plugin and the bad argument.
 */
static inline bool raw_count_args(const char *plugin, int argc, char **argv,
                                  char **out_path)
{
    for (int i = 0; i < argc; i++) {
        g_auto(GStrv) tokens = g_strsplit(argv[i], "=", 2);
        if (g_strcmp0(tokens[0], "out") == 0 && tokens[1] != NULL) {
            g_free(*out_path);
            *out_path = g_strdup(tokens[1]);
        } else {
            fprintf(stderr, "%s: bad argument '%s' (expected out=FILE)\n",
                    plugin, argv[i]);
            return false;
        }
    }
    return true;
}

/*
 * Write "insns TOTAL", then "vcpu INDEX COUNT" for each vCPU that ran, of
 * @counts (one uint64_t per vCPU) to @out_path (NULL: QEMU's log).
 */
static inline void raw_count_report(const char *plugin,
                                    struct qemu_plugin_scoreboard *counts,
                                    const char *out_path)
{
    qemu_plugin_u64 insns = qemu_plugin_scoreboard_u64(counts);
    g_autoptr(GString) report = g_string_new(NULL);

    g_string_append_printf(report, "insns %" PRIu64 "\n",
                           qemu_plugin_u64_sum(insns));
    for (int i = 0; i < qemu_plugin_num_vcpus(); i++) {
        uint64_t n = qemu_plugin_u64_get(insns, i);
        if (n != 0) {
            g_string_append_printf(report, "vcpu %d %" PRIu64 "\n", i, n);
        }
    }
    if (out_path == NULL) {
        qemu_plugin_outs(report->str);
    } else {
        g_autoptr(GError) error = NULL;
        if (!g_file_set_contents(out_path, report->str, report->len, &error)) {
            fprintf(stderr, "%s: %s\n", plugin, error->message);
        }
    }
}

#endif /* RAW_COUNT_H */
