/*
 * Unit tests: instruction windows (windows.c), on the v1 path (a call
 * per block) and the v2 path (a scoreboard and an inline condition).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>

#include "core-harness.h"
#include "fake-backend.h"

/* qi_init and qi_fini log the first vCPU's instruction count. */
static int init_at(const int *self, int argc, const char **argv)
{
    (void)self, (void)argc, (void)argv;
    harness_log("at %" PRIu64, fake_insns_executed(0));
    return 0;
}

static void fini_at(const int *self)
{
    (void)self;
    harness_log("at %" PRIu64, fake_insns_executed(0));
}

static const LibScript log_count = { init_at, fini_at };

/*
 * window=10:25 with blocks of 4 instructions: qi_init at the end of the
 * block that reaches 10 (12), qi_fini at the end of the one that reaches
 * 25 (28); a safe point each; then blocks stop counting.
 */
START_TEST(test_window_boundaries)
{
    lib_script = &log_count;
    harness_capture_stderr();
    const char *items[] = { SCRIPTED_ITEM, "libwindow=10:25", NULL };
    fake_install((FakeFamily)_i, items);
    ck_assert_str_eq(harness_lib_log(), "");
    ck_assert(fake_watching_translation());

    FakeTB *tb = fake_translate(0x1000, 4);
    size_t n;
    const FakeWork *work = fake_work(tb, -1, &n);
    if (_i == FAKE_V1) {
        ck_assert_uint_eq(n, 1);
        ck_assert_int_eq(work[0].kind, FAKE_EXEC);
    } else {
        /*
         * The block's ledger first (windows count retired instructions):
         * the test whether the previous block reached its end, then the
         * store of this block as the vCPU's current one.
         */
        ck_assert_uint_eq(n, 4);
        ck_assert_int_eq(work[0].kind, FAKE_EXEC_IF);
        ck_assert_int_eq(work[1].kind, FAKE_SCORE_STORE);
        ck_assert_int_eq(work[2].kind, FAKE_SCORE_ADD);
        ck_assert_uint_eq(work[2].amount, 4);
        ck_assert_int_eq(work[3].kind, FAKE_EXEC_IF);
        ck_assert_int_eq(work[3].cond, QI_COND_GE);
        ck_assert_uint_eq(work[3].value, 10);
    }
    for (int i = 0; i < 10; i++) {
        fake_run(0, 0x1000, 4);
    }
    ck_assert_str_eq(harness_lib_log(), "init lib0 at 12 fini lib0 at 28");
    ck_assert_uint_eq(fake_resets(), 2);
    ck_assert(!fake_watching_translation());
    char *err = harness_stderr();
    ck_assert_str_eq(err, "");
    g_free(err);
}
END_TEST

/* Only the first vCPU's count matters: another's blocks move no window. */
START_TEST(test_window_first_vcpu_only)
{
    lib_script = &log_count;
    harness_capture_stderr();
    const char *items[] = { SCRIPTED_ITEM, "libwindow=10:25", NULL };
    fake_install((FakeFamily)_i, items);
    fake_vcpu_init(1);
    fake_reach_safepoint(); /* v1: a second vCPU retranslates */
    for (int i = 0; i < 10; i++) {
        fake_run(1, 0x1000, 4);
    }
    ck_assert_str_eq(harness_lib_log(), "");
    for (int i = 0; i < 3; i++) {
        fake_run(0, 0x1000, 4);
    }
    ck_assert_str_eq(harness_lib_log(), "init lib0 at 12");
}
END_TEST

Suite *windows_suite(void)
{
    Suite *suite = suite_create("windows");
    TCase *tc = tcase_create("boundaries");
    tcase_add_loop_test(tc, test_window_boundaries, FAKE_V1, FAKE_V2 + 1);
    tcase_add_loop_test(tc, test_window_first_vcpu_only, FAKE_V1,
                        FAKE_V2 + 1);
    suite_add_tcase(suite, tc);
    return suite;
}
