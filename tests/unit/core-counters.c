/*
 * Unit tests: per-vCPU counters and conditional calls (counters.c) on the
 * v1 emulation and on v2's scoreboards.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "core-harness.h"
#include "fake-backend.h"
#include "instrument/counters.h"

/*
 * The library's blocks count their instructions in a QICounter and
 * themselves in a plain counter; with_condition, they also call
 * on_ten_or_more when the running vCPU's count is >= 10.
 */
static QICounter *insns;
static uint64_t blocks;
static bool with_condition;
static unsigned int cond_calls[2];

static void on_ten_or_more(QICPU vcpu, const uint64_t *args)
{
    ck_assert_ptr_null(args);
    cond_calls[qi_cpu_index(vcpu)]++;
}

static void translated(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    qi_gen_tb_count(tb, insns, qi_arg_const(qi_tb_n_insns(tb)));
    qi_gen_tb_counter_add(tb, &blocks, qi_arg_const(1));
    if (with_condition) {
        qi_gen_tb_exec_if(tb, insns, QI_COND_GE, qi_arg_const(10),
                          on_ten_or_more, 0, NULL);
    }
}

static int counting_init(const int *self, int argc, const char **argv)
{
    (void)self, (void)argc, (void)argv;
    insns = qi_counter_new();
    qi_event_set_guest_tb_before_trans(translated);
    return 0;
}

static const LibScript counting = { .init = counting_init };

static void start_counting(FakeFamily family, bool condition)
{
    lib_script = &counting;
    with_condition = condition;
    harness_capture_stderr();
    const char *items[] = { SCRIPTED_ITEM, NULL };
    fake_install(family, items);
}

/* The kinds of @tb's block-entry work, e.g. "ADD ADD". */
static char *kinds(const FakeTB *tb)
{
    static const char *const names[] = {
        [FAKE_EXEC] = "EXEC", [FAKE_MEM] = "MEM", [FAKE_ADD] = "ADD",
        [FAKE_SCORE_ADD] = "SCORE_ADD", [FAKE_EXEC_IF] = "EXEC_IF",
        [FAKE_SCORE_STORE] = "SCORE_STORE",
    };
    size_t n;
    const FakeWork *work = fake_work(tb, -1, &n);
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < n; i++) {
        g_string_append_printf(s, "%s%s", i ? " " : "", names[work[i].kind]);
    }
    return g_string_free(s, FALSE);
}

/*
 * v1, one vCPU: counts are inline additions.  A second vCPU asks for a
 * safe point; from then on counts are calls, each vCPU adding to its own
 * value (and blocks poll for the end of the run first).
 */
START_TEST(test_v1_inline_then_calls)
{
    start_counting(FAKE_V1, false);
    FakeTB *tb = fake_translate(0x1000, 4);
    g_autofree char *one = kinds(tb);
    ck_assert_str_eq(one, "ADD ADD");
    size_t n;
    const FakeWork *work = fake_work(tb, -1, &n);
    ck_assert_uint_eq(work[0].amount, 4);
    ck_assert_ptr_eq(work[1].counter, &blocks);
    ck_assert_uint_eq(work[1].amount, 1);
    for (int i = 0; i < 3; i++) {
        fake_exec(tb, 0);
    }
    ck_assert_uint_eq(counter_get(insns, 0), 12);
    ck_assert_uint_eq(blocks, 3);
    ck_assert_uint_eq(fake_resets(), 0);

    fake_vcpu_init(1);
    ck_assert_uint_eq(fake_resets(), 1);
    ck_assert(fake_reach_safepoint());
    tb = fake_translate(0x1000, 4);
    g_autofree char *two = kinds(tb);
    ck_assert_str_eq(two, "EXEC EXEC ADD");
    fake_exec(tb, 1);
    fake_exec(tb, 1);
    ck_assert_uint_eq(counter_get(insns, 0), 12);
    ck_assert_uint_eq(counter_get(insns, 1), 8);
    ck_assert_uint_eq(counter_sum(insns), 20);
    ck_assert_uint_eq(blocks, 5);
    ck_assert_uint_eq(fake_resets(), 1);
}
END_TEST

/*
 * A count and a condition on it in one scope run in emission order: on
 * v1 both are calls (QEMU 7.2 would run an inline addition after the
 * test), on v2 a scoreboard addition and an inline test.  Each vCPU's
 * own value is tested.
 */
START_TEST(test_conditional_calls)
{
    start_counting((FakeFamily)_i, true);
    FakeTB *tb = fake_translate(0x1000, 4);
    g_autofree char *scope = kinds(tb);
    ck_assert_str_eq(scope, _i == FAKE_V1 ? "EXEC ADD EXEC"
                                          : "SCORE_ADD EXEC EXEC_IF");
    for (int i = 0; i < 4; i++) {
        fake_exec(tb, 0);
    }
    ck_assert_uint_eq(counter_get(insns, 0), 16);
    ck_assert_uint_eq(cond_calls[0], 2); /* at 12 and 16 */
    ck_assert_uint_eq(blocks, 4);

    fake_vcpu_init(1);
    /* v1: the world must be stoppable at blocks now; v2 needs nothing. */
    ck_assert_uint_eq(fake_resets(), _i == FAKE_V1 ? 1 : 0);
    fake_reach_safepoint();
    for (int i = 0; i < 3; i++) {
        fake_run(1, 0x1000, 4);
    }
    ck_assert_uint_eq(counter_get(insns, 1), 12);
    ck_assert_uint_eq(cond_calls[1], 1);
    ck_assert_uint_eq(cond_calls[0], 2);
    ck_assert_uint_eq(counter_sum(insns), 28);
    ck_assert_uint_eq(blocks, 7);
}
END_TEST

/* Values set from outside run time: v2 ignores vCPUs QEMU has not announced. */
START_TEST(test_get_set)
{
    start_counting((FakeFamily)_i, false);
    counter_set(insns, 0, 41);
    counter_set(insns, 5, 7);
    ck_assert_uint_eq(counter_get(insns, 0), 41);
    ck_assert_uint_eq(counter_get(insns, 5), _i == FAKE_V1 ? 7 : 0);
    ck_assert_uint_eq(counter_sum(insns), 41); /* only announced vCPUs */
    fake_run(0, 0x1000, 4);
    ck_assert_uint_eq(counter_get(insns, 0), 45);
}
END_TEST

Suite *counters_suite(void)
{
    Suite *suite = suite_create("counters");
    TCase *tc = tcase_create("emulation");
    tcase_add_test(tc, test_v1_inline_then_calls);
    tcase_add_loop_test(tc, test_conditional_calls, FAKE_V1, FAKE_V2 + 1);
    tcase_add_loop_test(tc, test_get_set, FAKE_V1, FAKE_V2 + 1);
    suite_add_tcase(suite, tc);
    return suite;
}
