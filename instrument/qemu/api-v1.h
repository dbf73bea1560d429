/*
 * What QEMU's plugin API version 1 (QEMU 6.1-8.2)
 * has beyond api.h: inline additions to any address, and instruction
 * bytes returned by pointer.
 * Written from QEMU's public API documentation.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_QEMU_API_V1_H
#define QEMU_INSTR_QEMU_API_V1_H

#include "api.h"

enum qemu_plugin_op {
    QEMU_PLUGIN_INLINE_ADD_U64,
};

void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb,
                                              enum qemu_plugin_op op,
                                              void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
                                                enum qemu_plugin_op op,
                                                void *ptr, uint64_t imm);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);

#endif /* QEMU_INSTR_QEMU_API_V1_H */
