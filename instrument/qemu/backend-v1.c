/*
 * The v1 backend and runtime module: QEMU's plugin API version 1
 * (QEMU 6.1-8.2; tested on Debian 12's 7.2).
 * No scoreboards, conditional calls or memory reads: the core emulates
 * them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "api-v1.h"
#include "fatal.h"
#include "module.h"

static size_t insn_read(const BackendInsn *insn, void *dest, size_t size)
{
    return module_copy_insn(insn, qemu_plugin_insn_data(QINSN(insn)), dest,
                            size);
}

static void tb_add(BackendTB *tb, uint64_t *counter, uint64_t amount)
{
    qemu_plugin_register_vcpu_tb_exec_inline(QTB(tb),
                                             QEMU_PLUGIN_INLINE_ADD_U64,
                                             counter, amount);
}

static void insn_add(BackendInsn *insn, uint64_t *counter, uint64_t amount)
{
    qemu_plugin_register_vcpu_insn_exec_inline(QINSN(insn),
                                               QEMU_PLUGIN_INLINE_ADD_U64,
                                               counter, amount);
}

static Backend backend_v1 = {
    .family = "v1",
    .insn_read = insn_read,
    .tb_add = tb_add,
    .insn_add = insn_add,
    .catch_fatal_signals = fatal_signals_v1,
};

MODULE_EXPORT int qemu_plugin_version = 1;

/* The entry point QEMU calls after loading the module. */
MODULE_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                      const qemu_info_t *info, int argc,
                                      char **argv)
{
    /*
     * Only the x86 translator abandons instructions.  QEMU 8.2 (API v1
     * too) no longer counts them, and nothing in @info tells it from 7.2:
     * the check then finds none.
     */
    backend_v1.phantom_insns = strcmp(info->target_name, "x86_64") == 0 ||
                               strcmp(info->target_name, "i386") == 0;
    return module_install(&backend_v1, id, info, argc, argv);
}
