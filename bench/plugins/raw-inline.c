/*
 * raw-inline: a benchmark floor for QEMU 10 (plugin API v4), doing the
 * work of examples/icount directly: every block gets one per-vCPU inline
 * addition of its instruction count to a scoreboard entry, exact with any
 * number of vCPUs and with no call at execution.  This is the fastest
 * exact instruction count QEMU 10's API allows.
 *
 * Arguments: out=FILE (default: QEMU's log, shown with -d plugin).
 * Output, in icount's format: "insns TOTAL", then "vcpu INDEX COUNT" for
 * each vCPU that ran.
 *
 * Build: cc -O2 -shared -fPIC -I QEMU10/include -o raw-inline.so \
 *            raw-inline.c $(pkg-config --cflags --libs glib-2.0)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <qemu-plugin.h>

#include "raw-count.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static struct qemu_plugin_scoreboard *counts; /* one uint64_t per vCPU */
static char *out_path;

static void vcpu_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
        tb, QEMU_PLUGIN_INLINE_ADD_U64, qemu_plugin_scoreboard_u64(counts),
        qemu_plugin_tb_n_insns(tb));
}

static void plugin_exit(qemu_plugin_id_t id, void *p)
{
    (void)id, (void)p;
    raw_count_report("raw-inline", counts, out_path);
    qemu_plugin_scoreboard_free(counts);
    g_free(out_path);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    (void)info;
    if (!raw_count_args("raw-inline", argc, argv, &out_path)) {
        return -1;
    }
    counts = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    qemu_plugin_register_vcpu_tb_trans_cb(id, vcpu_tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
