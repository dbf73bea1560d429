/*
 * raw-cond: a benchmark floor for QEMU 10 (plugin API v4).  Every block
 * gets one conditional callback that never fires: its condition compares a
 * per-vCPU scoreboard entry, which stays 0, with 1.  The generated code
 * loads the entry and branches at every block execution, the cost of
 * watching a flag that is almost never set (what an idle qemu-instr
 * monitor does).  The callback aborts: firing would be a bug.
 *
 * No arguments, no output.
 *
 * Build: cc -O2 -shared -fPIC -I QEMU10/include -o raw-cond.so raw-cond.c \
 *            $(pkg-config --cflags --libs glib-2.0)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static struct qemu_plugin_scoreboard *flags; /* one uint64_t per vCPU, 0 */

static void never_called(unsigned int vcpu_index, void *udata)
{
    (void)udata;
    fprintf(stderr, "raw-cond: the callback fired on vCPU %u\n", vcpu_index);
    abort();
}

static void vcpu_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    qemu_plugin_register_vcpu_tb_exec_cond_cb(
        tb, never_called, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_COND_EQ,
        qemu_plugin_scoreboard_u64(flags), 1, NULL);
}

static void plugin_exit(qemu_plugin_id_t id, void *p)
{
    (void)id, (void)p;
    qemu_plugin_scoreboard_free(flags);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    (void)info;
    if (argc > 0) {
        fprintf(stderr, "raw-cond: takes no arguments, got '%s'\n", argv[0]);
        return -1;
    }
    flags = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    qemu_plugin_register_vcpu_tb_trans_cb(id, vcpu_tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
