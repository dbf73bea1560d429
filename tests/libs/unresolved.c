/*
 * Test library that needs a function nothing defines: lazy binding would
 * accept it and kill the guest at the first call; the runtime must refuse
 * it at load, naming the symbol.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <qemu-instr/qi.h>

QI_EXPORT const int qi_api_version = QI_API_VERSION;

void qi_test_nowhere_defined(void);

static void block(QICPU vcpu, const uint64_t *args)
{
    (void)vcpu, (void)args;
    qi_test_nowhere_defined();
}

static void translated(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    qi_gen_tb_exec(tb, block, 0, NULL);
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    (void)argc, (void)argv;
    qi_event_set_guest_tb_after_trans(translated);
    return 0;
}
