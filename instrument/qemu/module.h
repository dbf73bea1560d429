/*
 * What the two runtime modules share: the backend operations that are the
 * same in every plugin API family, and the installation (module.c).  Each
 * family's backend-vN.c defines qemu_plugin_version and
 * qemu_plugin_install(), which sets up the family's own operations and
 * calls module_install().
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

/*
 * Backend.insn_read for QEMUs whose qemu_plugin_insn_data() returns a
 * pointer to the encoding (API v1 and v2): copy up to @size bytes of
 * @data, the encoding of @insn, to @dest.
 */
size_t module_copy_insn(const BackendInsn *insn, const void *data,
                        void *dest, size_t size);

/* QEMU kills itself with signal @sig (CoreHooks.fatal_signal). */
void module_fatal_signal(int sig);

/* Called in a vCPU's context when QEMU announces it, if set. */
extern void (*module_vcpu_started)(void);

/*
 * QEMU's qemu_plugin_register_vcpu_discon_cb (QEMU 10.1 and later), looked
 * up by the family's qemu_plugin_install(); NULL when QEMU lacks it.
 */
typedef void (*ModuleDisconCb)(qemu_plugin_id_t id, unsigned int vcpu_index,
                               int type, uint64_t from_pc, uint64_t to_pc);
extern void (*module_register_discon)(qemu_plugin_id_t id, int types,
                                      ModuleDisconCb cb);

/*
 * Complete @backend, a family's backend set up for the QEMU @info
 * describes, with the common operations, and install the runtime with it
 * (qi_runtime_install).  From qemu_plugin_install(), whose arguments the
 * others are.
 */
int module_install(Backend *backend, qemu_plugin_id_t id,
                   const qemu_info_t *info, int argc, char **argv);

#endif /* QEMU_INSTR_QEMU_MODULE_H */
