/*
 * The end of every unit test's main(): run its Check suite.
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

#endif /* QI_TESTS_CHECK_MAIN_H */
