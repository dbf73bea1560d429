/*
 * Test library for the core's unit tests (test-core): what it does is
 * scripted by the test program that loads it, which defines
 * scripted_init() and scripted_fini() (core-harness.h).  It passes its
 * own qi_api_version, which tells two loaded copies of it apart.  Not
 * linked with libqemu-instr: the test program, which holds the core,
 * provides every qi_* function.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <qemu-instr/qi.h>

int scripted_init(const int *self, int argc, const char **argv);
void scripted_fini(const int *self);

QI_EXPORT const int qi_api_version = QI_API_VERSION;

QI_EXPORT int qi_init(int argc, const char **argv)
{
    return scripted_init(&qi_api_version, argc, argv);
}

QI_EXPORT void qi_fini(void)
{
    scripted_fini(&qi_api_version);
}
