/*
 * The end of every unit test's main(): run its Check suite, or its tests as
 * one test case.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_TESTS_CHECK_MAIN_H
#define QI_TESTS_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

/**
 * Run every test of @suite (Check's normal output), free it, and return the
 * exit status: EXIT_SUCCESS if all passed.
 */
static inline int run_suite(Suite *suite)
{
    SRunner *runner = srunner_create(suite);

    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/**
 * Run @tests (NULL-terminated) as the one test case of a suite named @name,
 * and return the exit status as run_suite() does.
 */
static inline int run_tests(const char *name, const TTest *const *tests)
{
    Suite *suite = suite_create(name);
    TCase *tc = tcase_create(name);

    for (; *tests != NULL; tests++) {
        tcase_add_test(tc, *tests);
    }
    suite_add_tcase(suite, tc);
    return run_suite(suite);
}

#endif /* QI_TESTS_CHECK_MAIN_H */
