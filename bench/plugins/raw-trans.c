/*
 * raw-trans: a benchmark floor for QEMU 10 (plugin API v4).  It only
 * registers a translation callback, which does nothing: no callback or
 * inline operation is added to the generated code.  What it costs over
 * bare QEMU is what QEMU charges any plugin that watches translation.
 *
 * No arguments, no output.
 *
 * Build: cc -O2 -shared -fPIC -I QEMU10/include -o raw-trans.so raw-trans.c \
 *            $(pkg-config --cflags --libs glib-2.0)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static void vcpu_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id, (void)tb;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    (void)info;
    if (argc > 0) {
        fprintf(stderr, "raw-trans: takes no arguments, got '%s'\n", argv[0]);
        return -1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, vcpu_tb_trans);
    return 0;
}
