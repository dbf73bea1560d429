/*
 * The runtime plugin module that QEMU loads with -plugin.  All of the
 * runtime lives in libqemu-instr.so (see runtime.h for why); this module
 * only gives QEMU the two symbols it looks for.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "runtime.h"

#define PLUGIN_EXPORT __attribute__((visibility("default")))

PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_ABI_VERSION;

PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                      const qemu_info_t *info, int argc,
                                      char **argv)
{
    return qi_runtime_install(id, info, argc, (const char *const *)argv);
}
