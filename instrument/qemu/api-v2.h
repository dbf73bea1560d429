/*
 * What QEMU's plugin API versions 2-5 (QEMU 9.0-10.2) have beyond api.h and
 * the v2+ backend links against: scoreboards, conditional callbacks and
 * per-vCPU inline operations.  Written from QEMU's public API documentation
 * (include/qemu/qemu-plugin.h).  Functions that appeared after version 2,
 * or whose signature changed (qemu_plugin_insn_data in version 3,
 * qemu_plugin_read_memory_vaddr in version 4), are not declared here: the
 * backend looks them up at run time, so that one module serves every QEMU
 * whose minimum API version is 2.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_QEMU_API_V2_H
#define QEMU_INSTR_QEMU_API_V2_H

#include <glib.h>

#include "api.h"

struct qemu_plugin_scoreboard;

/* One 64-bit field of every vCPU's entry of a scoreboard. */
typedef struct {
    struct qemu_plugin_scoreboard *score;
    size_t offset;
} qemu_plugin_u64;

enum qemu_plugin_cond {
    QEMU_PLUGIN_COND_NEVER,
    QEMU_PLUGIN_COND_ALWAYS,
    QEMU_PLUGIN_COND_EQ,
    QEMU_PLUGIN_COND_NE,
    QEMU_PLUGIN_COND_LT,
    QEMU_PLUGIN_COND_LE,
    QEMU_PLUGIN_COND_GT,
    QEMU_PLUGIN_COND_GE,
};

enum qemu_plugin_op {
    QEMU_PLUGIN_INLINE_ADD_U64,
    QEMU_PLUGIN_INLINE_STORE_U64,
};

/* Conditional callbacks and per-vCPU inline operations */
void qemu_plugin_register_vcpu_tb_exec_cond_cb(struct qemu_plugin_tb *tb,
                                               qemu_plugin_vcpu_udata_cb_t cb,
                                               enum qemu_plugin_cb_flags flags,
                                               enum qemu_plugin_cond cond,
                                               qemu_plugin_u64 entry,
                                               uint64_t imm, void *userdata);
void qemu_plugin_register_vcpu_insn_exec_cond_cb(
        struct qemu_plugin_insn *insn, qemu_plugin_vcpu_udata_cb_t cb,
        enum qemu_plugin_cb_flags flags, enum qemu_plugin_cond cond,
        qemu_plugin_u64 entry, uint64_t imm, void *userdata);
void qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
        struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
        qemu_plugin_u64 entry, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
        struct qemu_plugin_insn *insn, enum qemu_plugin_op op,
        qemu_plugin_u64 entry, uint64_t imm);
/* Scoreboards: per-vCPU memory QEMU allocates and grows with the vCPUs */
struct qemu_plugin_scoreboard *qemu_plugin_scoreboard_new(size_t element_size);
void qemu_plugin_scoreboard_free(struct qemu_plugin_scoreboard *score);
uint64_t qemu_plugin_u64_get(qemu_plugin_u64 entry, unsigned int vcpu_index);
void qemu_plugin_u64_set(qemu_plugin_u64 entry, unsigned int vcpu_index,
                         uint64_t val);

/* Registers of the vCPU running a callback registered with R_REGS */
struct qemu_plugin_register;
typedef struct {
    struct qemu_plugin_register *handle;
    const char *name;
    const char *feature;
} qemu_plugin_reg_descriptor;
GArray *qemu_plugin_get_registers(void);
int qemu_plugin_read_register(struct qemu_plugin_register *handle,
                              GByteArray *buf);

#endif /* QEMU_INSTR_QEMU_API_V2_H */
