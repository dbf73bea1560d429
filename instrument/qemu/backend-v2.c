/*
 * The v2+ backend and runtime module: QEMU's plugin API versions 2-5
 * (QEMU 9.0-10.2).  The module declares version 2, the lowest it serves,
 * and looks up what came later at run time (memory reads, discontinuity
 * callbacks), so a newer QEMU that still accepts version 2 loads it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <dlfcn.h>
#include <glib.h>
#include <string.h>

#include "api-v2.h"
#include "fatal.h"
#include "module.h"

/* A scoreboard of one uint64_t per vCPU, seen as its only field. */
#define ENTRY(score) \
    ((qemu_plugin_u64){ (struct qemu_plugin_scoreboard *)(score), 0 })

/* Functions whose presence or signature depends on QEMU's API version. */
static const void *(*insn_data_v2)(const struct qemu_plugin_insn *insn);
static size_t (*insn_data_v3)(const struct qemu_plugin_insn *insn,
                              void *dest, size_t len);
static bool (*read_memory_vaddr_v4)(uint64_t addr, GByteArray *data,
                                    size_t len);

static size_t insn_read(const BackendInsn *insn, void *dest, size_t size)
{
    if (insn_data_v3 != NULL) {
        return insn_data_v3(QINSN(insn), dest, size);
    }
    return module_copy_insn(insn, insn_data_v2(QINSN(insn)), dest, size);
}

static BackendScore *score_new(void)
{
    return (BackendScore *)qemu_plugin_scoreboard_new(sizeof(uint64_t));
}

static void score_free(BackendScore *score)
{
    qemu_plugin_scoreboard_free((struct qemu_plugin_scoreboard *)score);
}

static uint64_t score_get(BackendScore *score, unsigned int vcpu)
{
    return qemu_plugin_u64_get(ENTRY(score), vcpu);
}

static void score_set(BackendScore *score, unsigned int vcpu, uint64_t value)
{
    qemu_plugin_u64_set(ENTRY(score), vcpu, value);
}

static void tb_score_add(BackendTB *tb, BackendScore *score, uint64_t amount)
{
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
        QTB(tb), QEMU_PLUGIN_INLINE_ADD_U64, ENTRY(score), amount);
}

static void insn_score_add(BackendInsn *insn, BackendScore *score,
                           uint64_t amount)
{
    qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
        QINSN(insn), QEMU_PLUGIN_INLINE_ADD_U64, ENTRY(score), amount);
}

static void tb_score_store(BackendTB *tb, BackendScore *score, uint64_t value)
{
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
        QTB(tb), QEMU_PLUGIN_INLINE_STORE_U64, ENTRY(score), value);
}

static void insn_score_store(BackendInsn *insn, BackendScore *score,
                             uint64_t value)
{
    qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
        QINSN(insn), QEMU_PLUGIN_INLINE_STORE_U64, ENTRY(score), value);
}

static enum qemu_plugin_cond qemu_cond(QICond cond)
{
    static const enum qemu_plugin_cond map[] = {
        [QI_COND_EQ] = QEMU_PLUGIN_COND_EQ, [QI_COND_NE] = QEMU_PLUGIN_COND_NE,
        [QI_COND_LT] = QEMU_PLUGIN_COND_LT, [QI_COND_LE] = QEMU_PLUGIN_COND_LE,
        [QI_COND_GT] = QEMU_PLUGIN_COND_GT, [QI_COND_GE] = QEMU_PLUGIN_COND_GE,
    };
    return map[cond];
}

static void tb_exec_if(BackendTB *tb, BackendScore *score, QICond cond,
                       uint64_t value, BackendExecFn fn, void *data, bool regs)
{
    qemu_plugin_register_vcpu_tb_exec_cond_cb(QTB(tb), fn,
                                              MODULE_CB_FLAGS(regs),
                                              qemu_cond(cond), ENTRY(score),
                                              value, data);
}

static void insn_exec_if(BackendInsn *insn, BackendScore *score, QICond cond,
                         uint64_t value, BackendExecFn fn, void *data,
                         bool regs)
{
    qemu_plugin_register_vcpu_insn_exec_cond_cb(QINSN(insn), fn,
                                                MODULE_CB_FLAGS(regs),
                                                qemu_cond(cond), ENTRY(score),
                                                value, data);
}

static bool read_memory(uint64_t vaddr, void *dest, size_t len)
{
    g_autoptr(GByteArray) bytes = g_byte_array_sized_new(len);
    if (!read_memory_vaddr_v4(vaddr, bytes, len) || bytes->len < len) {
        return false;
    }
    memcpy(dest, bytes->data, len);
    return true;
}

/* The guest's registers, as QEMU describes them to the first vCPU. */
static GArray *registers; /* qemu_plugin_reg_descriptor */

static void load_registers(void)
{
    static gsize loaded;
    if (g_once_init_enter(&loaded)) {
        __atomic_store_n(&registers, qemu_plugin_get_registers(),
                         __ATOMIC_RELEASE);
        g_once_init_leave(&loaded, 1);
    }
}

static const char *register_name(int index)
{
    GArray *regs = __atomic_load_n(&registers, __ATOMIC_ACQUIRE);
    return regs != NULL && index >= 0 && (guint)index < regs->len
               ? g_array_index(regs, qemu_plugin_reg_descriptor, index).name
               : NULL;
}

static int read_register(int index, void *dest, size_t size)
{
    if (register_name(index) == NULL) {
        return -1;
    }
    g_autoptr(GByteArray) bytes = g_byte_array_new();
    int n = qemu_plugin_read_register(
        g_array_index(registers, qemu_plugin_reg_descriptor, index).handle,
        bytes);
    if (n > 0) {
        memcpy(dest, bytes->data, MIN((size_t)n, size));
    }
    return n;
}

static Backend backend_v2 = {
    .family = "v2+",
    .insn_read = insn_read,
    .score_new = score_new,
    .score_free = score_free,
    .score_get = score_get,
    .score_set = score_set,
    .tb_score_add = tb_score_add,
    .insn_score_add = insn_score_add,
    .tb_exec_if = tb_exec_if,
    .insn_exec_if = insn_exec_if,
    .register_name = register_name,
    .read_register = read_register,
    .catch_fatal_signals = fatal_signals_v2,
};

MODULE_EXPORT int qemu_plugin_version = 2;

/* The entry point QEMU calls after loading the module. */
MODULE_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                      const qemu_info_t *info, int argc,
                                      char **argv)
{
    module_vcpu_started = load_registers;
    /* The QEMU executable exports its plugin API to the global scope. */
    void *insn_data = dlsym(RTLD_DEFAULT, "qemu_plugin_insn_data");
    if (info->version.cur >= 3) {
        insn_data_v3 = insn_data;
    } else {
        insn_data_v2 = insn_data;
    }
    if (info->version.cur >= 3) {
        backend_v2.tb_score_store = tb_score_store;
        backend_v2.insn_score_store = insn_score_store;
    }
    module_register_discon =
        dlsym(RTLD_DEFAULT, "qemu_plugin_register_vcpu_discon_cb");
    if (info->version.cur >= 4) {
        read_memory_vaddr_v4 = dlsym(RTLD_DEFAULT,
                                     "qemu_plugin_read_memory_vaddr");
        backend_v2.read_memory = read_memory_vaddr_v4 ? read_memory : NULL;
    }
    return module_install(&backend_v2, id, info, argc, argv);
}
