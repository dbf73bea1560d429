/*
 * The backend operations every plugin API family shares (module.h):
 * QEMU's callbacks forwarded to the core, registrations, translation
 * queries, execution-time calls, and the installation.  Built into each
 * runtime module.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "module.h"

#include <string.h>

static qemu_plugin_id_t plugin; /* QEMU's id of this module */
static const CoreHooks *core;

/* QEMU's callbacks, forwarded to the core without QEMU's plugin id. */
void (*module_vcpu_started)(void);

static void on_vcpu_init(qemu_plugin_id_t id, unsigned int vcpu)
{
    (void)id;
    if (module_vcpu_started != NULL) {
        module_vcpu_started();
    }
    core->vcpu_init(vcpu);
}

static void on_vcpu_exit(qemu_plugin_id_t id, unsigned int vcpu)
{
    (void)id;
    core->vcpu_exit(vcpu);
}

static void on_vcpu_idle(qemu_plugin_id_t id, unsigned int vcpu)
{
    (void)id;
    core->vcpu_idle(vcpu);
}

static void on_flush(qemu_plugin_id_t id)
{
    (void)id;
    core->flush();
}

size_t module_copy_insn(const BackendInsn *insn, const void *data,
                        void *dest, size_t size)
{
    size_t n = qemu_plugin_insn_size(QINSN(insn));
    n = n < size ? n : size;
    memcpy(dest, data, n);
    return n;
}

void module_fatal_signal(int sig)
{
    core->fatal_signal(sig);
}

static void on_qemu_exit(qemu_plugin_id_t id, void *unused)
{
    (void)id, (void)unused;
    core->exit();
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    core->translate((BackendTB *)tb);
}

static void on_syscall(qemu_plugin_id_t id, unsigned int vcpu, int64_t num,
                       uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                       uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8)
{
    (void)id;
    core->syscall(vcpu, num, a1, a2, a3, a4, a5, a6, a7, a8);
}

static void on_syscall_ret(qemu_plugin_id_t id, unsigned int vcpu,
                           int64_t num, int64_t ret)
{
    (void)id;
    core->syscall_ret(vcpu, num, ret);
}

static void on_safepoint(qemu_plugin_id_t id)
{
    (void)id;
    core->safepoint();
}

void (*module_register_discon)(qemu_plugin_id_t id, int types,
                               ModuleDisconCb cb);

/* QEMU's discontinuity types: interrupt, exception, host call. */
static void on_discon(qemu_plugin_id_t id, unsigned int vcpu, int type,
                      uint64_t from_pc, uint64_t to_pc)
{
    (void)id;
    QIDiscontinuity kind = type == 1   ? QI_DISCON_INTERRUPT
                           : type == 2 ? QI_DISCON_EXCEPTION
                                       : QI_DISCON_HOSTCALL;
    core->discontinuity(vcpu, kind, from_pc, to_pc);
}

static void start(const CoreHooks *hooks)
{
    core = hooks;
    if (module_register_discon != NULL) {
        module_register_discon(plugin, 1 | 2 | 4, on_discon);
    }
    qemu_plugin_register_vcpu_init_cb(plugin, on_vcpu_init);
    qemu_plugin_register_vcpu_exit_cb(plugin, on_vcpu_exit);
    qemu_plugin_register_vcpu_idle_cb(plugin, on_vcpu_idle);
    qemu_plugin_register_vcpu_resume_cb(plugin, on_vcpu_idle);
    qemu_plugin_register_flush_cb(plugin, on_flush);
    qemu_plugin_register_atexit_cb(plugin, on_qemu_exit, NULL);
}

/* Registering NULL unregisters: nobody pays for an unused event. */
static void watch_translation(bool on)
{
    qemu_plugin_register_vcpu_tb_trans_cb(plugin, on ? on_translate : NULL);
}

static void watch_syscalls(bool on)
{
    qemu_plugin_register_vcpu_syscall_cb(plugin, on ? on_syscall : NULL);
}

static void watch_syscall_returns(bool on)
{
    qemu_plugin_register_vcpu_syscall_ret_cb(plugin,
                                             on ? on_syscall_ret : NULL);
}

static void reset(void)
{
    qemu_plugin_reset(plugin, on_safepoint);
}

static uint64_t tb_vaddr(const BackendTB *tb)
{
    return qemu_plugin_tb_vaddr(QTB(tb));
}

static size_t tb_n_insns(const BackendTB *tb)
{
    return qemu_plugin_tb_n_insns(QTB(tb));
}

static BackendInsn *tb_insn(const BackendTB *tb, size_t index)
{
    return (BackendInsn *)qemu_plugin_tb_get_insn(QTB(tb), index);
}

static uint64_t insn_vaddr(const BackendInsn *insn)
{
    return qemu_plugin_insn_vaddr(QINSN(insn));
}

static size_t insn_size(const BackendInsn *insn)
{
    return qemu_plugin_insn_size(QINSN(insn));
}

static char *insn_disas(const BackendInsn *insn)
{
    return qemu_plugin_insn_disas(QINSN(insn));
}

static const char *insn_symbol(const BackendInsn *insn)
{
    return qemu_plugin_insn_symbol(QINSN(insn));
}

static void tb_exec(BackendTB *tb, BackendExecFn fn, void *data, bool regs)
{
    qemu_plugin_register_vcpu_tb_exec_cb(QTB(tb), fn, MODULE_CB_FLAGS(regs),
                                         data);
}

static void insn_exec(BackendInsn *insn, BackendExecFn fn, void *data,
                      bool regs)
{
    qemu_plugin_register_vcpu_insn_exec_cb(QINSN(insn), fn,
                                           MODULE_CB_FLAGS(regs), data);
}

static void mem_trampoline(unsigned int vcpu, qemu_plugin_meminfo_t info,
                           uint64_t vaddr, void *data)
{
    const BackendMemCall *call = data;
    QIMemInfo mem = {
        .size_shift = qemu_plugin_mem_size_shift(info),
        .sign_extend = qemu_plugin_mem_is_sign_extended(info),
        .big_endian = qemu_plugin_mem_is_big_endian(info),
        .store = qemu_plugin_mem_is_store(info),
    };
    if (call->access & (mem.store ? QI_MEM_W : QI_MEM_R)) {
        call->fn((QICPU){ .opaque_index_ = vcpu }, vaddr, mem, call->args);
    }
}

static void insn_mem(BackendInsn *insn, const BackendMemCall *call,
                     bool regs)
{
    /*
     * QEMU 7.2 (API v1) filters memory callbacks wrongly: in translated code it
     * tests `rw & (access + 1)`, so an R callback runs at stores instead
     * of loads and a W one at loads as well as stores (a later upstream
     * fix tests `rw & access`); in helpers it stops at the first callback
     * whose filter does not match, skipping the next ones.  No value of rw
     * is right on both paths: ask for every access, filter in the
     * trampoline.
     */
    qemu_plugin_register_vcpu_mem_cb(QINSN(insn), mem_trampoline,
                                     MODULE_CB_FLAGS(regs),
                                     QEMU_PLUGIN_MEM_RW, (void *)call);
}


int module_install(Backend *backend, qemu_plugin_id_t id,
                   const qemu_info_t *info, int argc, char **argv)
{
    plugin = id;
    backend->api_version = info->version.cur;
    backend->target_name = info->target_name;
    backend->system_emulation = info->system_emulation;
    backend->max_vcpus =
        info->system_emulation ? (unsigned int)info->system.max_vcpus : 0;
    backend->start = start;
    backend->watch_translation = watch_translation;
    backend->watch_syscalls = watch_syscalls;
    backend->watch_syscall_returns = watch_syscall_returns;
    backend->reset = reset;
    backend->tb_vaddr = tb_vaddr;
    backend->tb_n_insns = tb_n_insns;
    backend->tb_insn = tb_insn;
    backend->insn_vaddr = insn_vaddr;
    backend->insn_size = insn_size;
    backend->insn_disas = insn_disas;
    backend->insn_symbol = insn_symbol;
    backend->tb_exec = tb_exec;
    backend->insn_exec = insn_exec;
    backend->insn_mem = insn_mem;
    backend->reports_discontinuities = module_register_discon != NULL;
    return qi_runtime_install(backend, argc, (const char *const *)argv);
}
