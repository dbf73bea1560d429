/*
 * The API of promises, arguments and emitted execution-time work:
 * qi_promise_*, qi_arg_*, qi_gen_* and qi_sees_discontinuities.  Work is
 * only checked and recorded here; translate.c registers it with QEMU once
 * the block's last hook has run.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>

#include "faults.h"
#include "retire.h"
#include "translate.h"

QIPromise *qi_promise_new(QITB *tb)
{
    return CHECK_TB(tb) ? translate_new_promise(tb) : NULL;
}

void qi_promise_set(QIPromise *p, uint64_t value)
{
    if (CHECK_PROMISE(p)) {
        p->value = value;
        p->set = true;
    }
}

QIArg qi_arg_const(uint64_t value)
{
    return (QIArg){ .value_ = value };
}

QIArg qi_arg_promise(QIPromise *p)
{
    return (QIArg){ .promise_ = p };
}

/*
 * Common checks of the qi_gen_*() calls: the handle's translation is the
 * current one, a function or counter is given, and every promise among the
 * arguments belongs to this block.  On failure the calling library has been
 * disabled and nothing is recorded.
 */
static bool valid_work(bool handle_ok, const void *target, size_t nargs,
                       const QIArg *args, const char *function)
{
    if (!handle_ok) {
        return false;
    }
    if (target == NULL || (nargs > 0 && args == NULL)) {
        library_fault(library_current, "%s: %s", function,
                        target == NULL ? "no function or counter given"
                                       : "NULL arguments with a count > 0");
        return false;
    }
    for (size_t i = 0; i < nargs; i++) {
        if (args[i].promise_ != NULL &&
            !translate_check_promise(args[i].promise_, function)) {
            return false;
        }
    }
    return true;
}

#define VALID_WORK(handle_check, target, nargs, args) \
    valid_work(handle_check, (const void *)(target), nargs, args, __func__)

void qi_gen_tb_exec(QITB *tb, QIExecFn fn, size_t nargs, const QIArg *args)
{
    if (VALID_WORK(CHECK_TB(tb), fn, nargs, args)) {
        translate_add_work(tb->translation,
                           (Work){ .kind = WORK_TB_EXEC,
                                   .library = tb->library,
                                   .fn = (void (*)(void))fn,
                                   .nargs = nargs },
                           args);
    }
}

void qi_gen_insn_exec(QIInsn *insn, QIExecFn fn, size_t nargs,
                      const QIArg *args)
{
    if (VALID_WORK(CHECK_INSN(insn), fn, nargs, args)) {
        translate_add_work(insn->translation,
                           (Work){ .kind = WORK_INSN_EXEC,
                                   .library = insn->library,
                                   .insn = insn->backend_insn,
                                   .fn = (void (*)(void))fn,
                                   .nargs = nargs },
                           args);
    }
}

void qi_gen_mem_exec(QIInsn *insn, QIMemAccess access, QIMemExecFn fn,
                     size_t nargs, const QIArg *args)
{
    if (access < QI_MEM_R || access > QI_MEM_RW) {
        library_fault(library_current, "qi_gen_mem_exec: invalid access %d",
                        (int)access);
        return;
    }
    if (VALID_WORK(CHECK_INSN(insn), fn, nargs, args)) {
        translate_add_work(insn->translation,
                           (Work){ .kind = WORK_MEM_EXEC,
                                   .library = insn->library,
                                   .insn = insn->backend_insn,
                                   .fn = (void (*)(void))fn,
                                   .access = access,
                                   .nargs = nargs },
                           args);
    }
}

void qi_gen_tb_counter_add(QITB *tb, uint64_t *counter, QIArg amount)
{
    if (VALID_WORK(CHECK_TB(tb), counter, 1, &amount)) {
        translate_add_work(tb->translation,
                           (Work){ .kind = WORK_TB_COUNTER,
                                   .library = tb->library,
                                   .counter = counter,
                                   .nargs = 1 },
                           &amount);
    }
}

void qi_gen_insn_counter_add(QIInsn *insn, uint64_t *counter, QIArg amount)
{
    if (VALID_WORK(CHECK_INSN(insn), counter, 1, &amount)) {
        translate_add_work(insn->translation,
                           (Work){ .kind = WORK_INSN_COUNTER,
                                   .library = insn->library,
                                   .insn = insn->backend_insn,
                                   .counter = counter,
                                   .nargs = 1 },
                           &amount);
    }
}

void qi_gen_tb_count(QITB *tb, QICounter *c, QIArg amount)
{
    if (VALID_WORK(CHECK_TB(tb), c, 1, &amount)) {
        translate_add_work(tb->translation,
                           (Work){ .kind = WORK_TB_COUNT,
                                   .library = tb->library,
                                   .qicounter = c,
                                   .nargs = 1 },
                           &amount);
    }
}

void qi_gen_insn_count(QIInsn *insn, QICounter *c, QIArg amount)
{
    if (VALID_WORK(CHECK_INSN(insn), c, 1, &amount)) {
        translate_add_work(insn->translation,
                           (Work){ .kind = WORK_INSN_COUNT,
                                   .library = insn->library,
                                   .insn = insn->backend_insn,
                                   .qicounter = c,
                                   .nargs = 1 },
                           &amount);
    }
}

/*
 * A conditional call's work: its comparison value, then its arguments, in
 * one slice.  FALSE (the library disabled) if anything is invalid.
 */
static bool add_exec_if(Translation *t, Work work, QIArg value, QIExecFn fn,
                        size_t nargs, const QIArg *args, const char *function)
{
    if (work.qicounter == NULL || fn == NULL ||
        (unsigned)work.cond > QI_COND_GE) {
        library_fault(work.library, "%s: %s", function,
                        fn == NULL ? "no function given"
                        : work.qicounter == NULL ? "no counter given"
                                                 : "invalid condition");
        return false;
    }
    if (!valid_work(true, (const void *)fn, 1, &value, function) ||
        !valid_work(true, (const void *)fn, nargs, args, function)) {
        return false;
    }
    QIArg *all = g_newa(QIArg, nargs + 1);
    all[0] = value;
    for (size_t i = 0; i < nargs; i++) {
        all[i + 1] = args[i];
    }
    work.fn = (void (*)(void))fn;
    work.nargs = nargs + 1;
    translate_add_work(t, work, all);
    return true;
}

void qi_gen_tb_exec_if(QITB *tb, QICounter *c, QICond cond, QIArg value,
                       QIExecFn fn, size_t nargs, const QIArg *args)
{
    if (CHECK_TB(tb)) {
        add_exec_if(tb->translation,
                    (Work){ .kind = WORK_TB_EXEC_IF, .library = tb->library,
                            .qicounter = c, .cond = cond },
                    value, fn, nargs, args, __func__);
    }
}

void qi_gen_insn_exec_if(QIInsn *insn, QICounter *c, QICond cond,
                         QIArg value, QIExecFn fn, size_t nargs,
                         const QIArg *args)
{
    if (CHECK_INSN(insn)) {
        add_exec_if(insn->translation,
                    (Work){ .kind = WORK_INSN_EXEC_IF,
                            .library = insn->library, .insn = insn->backend_insn,
                            .qicounter = c, .cond = cond },
                    value, fn, nargs, args, __func__);
    }
}

unsigned int qi_sees_discontinuities(void)
{
    return retire_seen();
}

void qi_gen_tb_count_insns(QITB *tb, QICounter *c)
{
    if (VALID_WORK(CHECK_TB(tb), c, 0, NULL)) {
        retire_want();
        translate_add_work(tb->translation,
                           (Work){ .kind = WORK_TB_COUNT_INSNS,
                                   .library = tb->library,
                                   .qicounter = c },
                           NULL);
    }
}

void qi_gen_tb_left_early(QITB *tb, QILeftEarlyFn fn, size_t nargs,
                          const QIArg *args)
{
    if (VALID_WORK(CHECK_TB(tb), fn, nargs, args)) {
        retire_want();
        translate_add_work(tb->translation,
                           (Work){ .kind = WORK_TB_LEFT_EARLY,
                                   .library = tb->library,
                                   .fn = (void (*)(void))fn,
                                   .nargs = nargs },
                           args);
    }
}
