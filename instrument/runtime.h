/*
 * The runtime: what QEMU sees of qemu-instr.  Installs itself into QEMU,
 * loads the start-up libraries, and keeps QEMU's callback registrations in
 * step with what the loaded libraries need, so that an unused event costs
 * nothing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_RUNTIME_H
#define QEMU_INSTR_RUNTIME_H

#include "qemu-plugin-abi.h"

/*
 * The runtime plugin's qemu_plugin_install().  Lives in libqemu-instr.so,
 * not in the plugin module: QEMU opens plugins RTLD_LOCAL, so state shared
 * with instrumentation libraries must sit in a library they all link.
 */
int qi_runtime_install(qemu_plugin_id_t id, const qemu_info_t *info,
                       int argc, const char *const *argv);

/* Our plugin id, for QEMU calls made outside qi_runtime_install(). */
qemu_plugin_id_t runtime_plugin_id(void);

/*
 * Register with QEMU exactly the events some active library handles, and
 * unregister the others.  Call after any change to the libraries or to
 * their handlers.
 */
void runtime_sync_callbacks(void);

#endif /* QEMU_INSTR_RUNTIME_H */
