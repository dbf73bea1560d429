/*
 * Unit tests: handles checked against the translation in progress
 * (translate.c).  A QITB or QIInsn kept from one translation and used in
 * a later one on another vCPU thread, a promise used in any later
 * translation, a handle used at run time: each disables the library with
 * one line naming the function and the block; it is unloaded at the next
 * safe point, after its qi_fini.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>

#include "core-harness.h"
#include "fake-backend.h"
#include "instrument/registry.h"

typedef enum Misuse { STALE_TB, STALE_INSN, STALE_PROMISE, TB_AT_RUN_TIME } Misuse;

static Misuse misuse;
static QITB *kept_tb;
static QIInsn *kept_insn;
static QIPromise *kept_promise;
static uint64_t answer = 1; /* what the misused query returned */
static unsigned int hooks_run;

static void query_kept_tb(QICPU vcpu, const uint64_t *args)
{
    (void)vcpu, (void)args;
    answer = qi_tb_vaddr(kept_tb);
}

static void never_called(QICPU vcpu, const uint64_t *args)
{
    (void)vcpu, (void)args;
    ck_abort_msg("work of a disabled library ran");
}

static void tb_before(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    hooks_run++;
    if (kept_tb == NULL) { /* the first block: keep its handles */
        ck_assert_uint_eq(qi_tb_vaddr(tb), 0x1000);
        kept_tb = tb;
        kept_promise = qi_promise_new(tb);
        qi_promise_set(kept_promise, 7);
        if (misuse == TB_AT_RUN_TIME) {
            qi_gen_tb_exec(tb, query_kept_tb, 0, NULL);
        }
        return;
    }
    switch (misuse) {
    case STALE_TB:
        answer = qi_tb_vaddr(kept_tb);
        break;
    case STALE_INSN:
        answer = qi_insn_vaddr(kept_insn);
        break;
    case STALE_PROMISE:
        qi_promise_set(kept_promise, 8);
        answer = 0;
        break;
    case TB_AT_RUN_TIME:
        break;
    }
    qi_gen_tb_exec(tb, never_called, 0, NULL);
}

static void insn_before(QICPU vcpu, QITB *tb, QIInsn *insn)
{
    (void)vcpu, (void)tb;
    if (kept_insn == NULL && qi_insn_vaddr(insn) == 0x1004) {
        kept_insn = insn;
    }
}

static int keeping_init(const int *self, int argc, const char **argv)
{
    (void)self, (void)argc, (void)argv;
    qi_event_set_guest_tb_before_trans(tb_before);
    qi_event_set_guest_insn_before_trans(insn_before);
    return 0;
}

static const LibScript keeping = { .init = keeping_init };

/*
 * Another vCPU translates the next block: QITB and QIInsn handles live in
 * a per-thread buffer that the same thread's next translation reuses
 * (translate.h), so only another thread's translation tells them stale.
 */
static gpointer translate_elsewhere(gpointer data)
{
    size_t *n = data;
    fake_work(fake_translate(0x2000, 4), -1, n);
    return NULL;
}

START_TEST(test_stale_handles)
{
    static const char *const messages[] = {
        [STALE_TB] = "qi_tb_vaddr: handle of block 0x1000 used in "
                     "guest_tb_before_trans at pc 0x2000, another block",
        [STALE_INSN] = "qi_insn_vaddr: handle of block 0x1004 used in "
                       "guest_tb_before_trans at pc 0x2000, another block",
        [STALE_PROMISE] = "qi_promise_set: handle of block 0x1000 used in "
                          "guest_tb_before_trans at pc 0x2000, another block",
        [TB_AT_RUN_TIME] = "qi_tb_vaddr: handle of block 0x1000 used "
                           "outside the translation of its block",
    };
    misuse = (Misuse)_i;
    lib_script = &keeping;
    harness_capture_stderr();
    const char *items[] = { SCRIPTED_ITEM, NULL };
    fake_install(FAKE_V2, items);

    FakeTB *first = fake_translate(0x1000, 4);
    ck_assert_uint_eq(fake_resets(), 0);
    size_t n = 1;
    if (misuse == TB_AT_RUN_TIME) {
        fake_exec(first, 0); /* reaches the safe point it asks for */
    } else {
        if (misuse == STALE_PROMISE) {
            fake_work(fake_translate(0x2000, 4), -1, &n);
        } else {
            g_thread_join(harness_thread(translate_elsewhere, &n));
        }
        ck_assert_uint_eq(n, 0); /* the disabled library's work is dropped */
        ck_assert(fake_reach_safepoint());
    }
    ck_assert_uint_eq(answer, 0);
    ck_assert_uint_eq(fake_resets(), 1);
    ck_assert_uint_eq(library_registry->len, 0);
    ck_assert_str_eq(harness_lib_log(), "init lib0 fini lib0");
    g_autofree char *err = harness_stderr();
    g_autofree char *expected = g_strdup_printf(
        "qemu-instr: library lib0 (%s) disabled: %s\n", SCRIPTED_LIB,
        messages[_i]);
    ck_assert_str_eq(err, expected);

    /* Unloaded: its hooks run no more. */
    unsigned int before = hooks_run;
    fake_run(0, 0x3000, 4);
    ck_assert_uint_eq(hooks_run, before);
}
END_TEST

Suite *handles_suite(void)
{
    Suite *suite = suite_create("handles");
    TCase *tc = tcase_create("retranslation");
    tcase_add_loop_test(tc, test_stale_handles, STALE_TB, TB_AT_RUN_TIME + 1);
    suite_add_tcase(suite, tc);
    return suite;
}
