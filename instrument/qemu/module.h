/*
 * What the two runtime modules share: the backend operations that are the
 * same in every plugin API family (module.c), and the export marker for
 * the two symbols QEMU looks up in a plugin.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_QEMU_MODULE_H
#define QEMU_INSTR_QEMU_MODULE_H

#include "api.h"
#include "backend.h"

#define MODULE_EXPORT __attribute__((visibility("default")))

/* The backend's opaque handles are QEMU's. */
#define QTB(tb) ((struct qemu_plugin_tb *)(tb))
#define QINSN(insn) ((struct qemu_plugin_insn *)(insn))

/* QEMU's callback flags for a call that may (@regs) read registers. */
#define MODULE_CB_FLAGS(regs) \
    ((regs) ? QEMU_PLUGIN_CB_R_REGS : QEMU_PLUGIN_CB_NO_REGS)

/* Called in a vCPU's context when QEMU announces it, if set. */
extern void (*module_vcpu_started)(void);

/* QEMU's id of this plugin, set by module_init(). */
extern qemu_plugin_id_t module_plugin_id;

/*
 * Fill in @backend's common operations and what @info says of QEMU, and
 * remember @id.  Call first in qemu_plugin_install().
 */
void module_init(Backend *backend, qemu_plugin_id_t id,
                 const qemu_info_t *info);

#endif /* QEMU_INSTR_QEMU_MODULE_H */
