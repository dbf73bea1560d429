/*
 * Test library of API version 3's services.  Logs with qi_log() from
 * qi_init ("init: vcpu_max=N"), from the first execution-time call
 * ("exec: first block 0x..."), from the flush event ("flush N") and from
 * qi_fini ("fini: flushes=N blocks=N"), where blocks counts blocks
 * translated.  Arguments:
 *   retranslate=N  call qi_retranslate() in the translation of block N
 *   error=exec     qi_set_error() in the first execution-time call
 *   error=hook     qi_set_error() in the translation of the second block
 *   error=syscall  qi_set_error() in the first guest_user_syscall event
 * After qi_set_error(), nothing of the library but qi_fini runs: a hook
 * that still runs logs "hook after error".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-instr/qi.h>

QI_EXPORT const int qi_api_version = QI_API_VERSION;

static const char *error_at = "";
static long retranslate_at = -1;
static unsigned long blocks, flushes;
static int logged, failed;

static void first_exec(QICPU vcpu, const uint64_t *args)
{
    (void)vcpu;
    if (__atomic_exchange_n(&logged, 1, __ATOMIC_RELAXED) == 0) {
        qi_log("exec: first block 0x%" PRIx64 " (%s)", args[0],
               qi_library_id());
        if (strcmp(error_at, "exec") == 0) {
            failed = 1;
            qi_set_error("asked to fail in an emitted call at 0x%" PRIx64,
                         args[0]);
        }
    }
}

static void tb_translated(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    if (failed) {
        qi_log("hook after error");
    }
    unsigned long n = __atomic_add_fetch(&blocks, 1, __ATOMIC_RELAXED);
    if ((long)n == retranslate_at) {
        qi_retranslate();
    }
    if (n == 2 && strcmp(error_at, "hook") == 0) {
        failed = 1;
        qi_set_error("asked to fail in the translation of 0x%" PRIx64,
                     qi_tb_vaddr(tb));
        return;
    }
    QIArg pc = qi_arg_const(qi_tb_vaddr(tb));
    qi_gen_tb_exec(tb, first_exec, 1, &pc);
}

static void syscall_entered(QICPU vcpu, uint64_t num, uint64_t a1,
                            uint64_t a2, uint64_t a3, uint64_t a4,
                            uint64_t a5, uint64_t a6, uint64_t a7,
                            uint64_t a8)
{
    (void)vcpu, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5, (void)a6;
    (void)a7, (void)a8;
    if (failed) {
        qi_log("hook after error");
    }
    failed = 1;
    qi_set_error("asked to fail in system call %" PRIu64, num);
}

static void flushed(void)
{
    qi_log("flush %lu", ++flushes);
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "retranslate", "error", NULL };
    const char *v[2];
    if (qi_args_parse(argc, argv, keys, v) != 0) {
        return -1;
    }
    retranslate_at = v[0] ? atol(v[0]) : -1;
    error_at = v[1] ? v[1] : "";
    qi_log("init: vcpu_max=%u", qi_vcpu_max());
    qi_event_set_guest_tb_after_trans(tb_translated);
    qi_event_set_flush(flushed);
    if (strcmp(error_at, "syscall") == 0) {
        qi_event_set_guest_user_syscall(syscall_entered);
    }
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    qi_log("fini: flushes=%lu blocks=%lu", flushes, blocks);
}
