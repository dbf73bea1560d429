/*
 * Unit tests of the runtime core (instrument/) on a fake QEMU
 * (fake-backend.h): one suite per concern, in core-*.c.  Each test runs
 * in a process of its own (Check's fork mode): the core's state is the
 * process's.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>

#include "core-harness.h"

int main(void)
{
    SRunner *runner = srunner_create(control_suite());
    srunner_add_suite(runner, windows_suite());
    srunner_add_suite(runner, counters_suite());
    srunner_add_suite(runner, outputs_suite());
    srunner_add_suite(runner, handles_suite());
    srunner_add_suite(runner, lifecycle_suite());
    srunner_add_suite(runner, finish_suite());
    srunner_add_suite(runner, retire_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
