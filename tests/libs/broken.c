/*
 * Test library, built four times, each missing or breaking one part of the
 * library contract (see tests/local.mk):
 *   NO_INIT       exports qi_api_version but no qi_init
 *   NO_VERSION    exports qi_init but no qi_api_version
 *   VERSION_NEXT  declares the API version after this header's
 *   INIT_FAILS    qi_init explains itself with qi_set_error and returns 3
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <qemu-instr/qi.h>

#ifdef VERSION_NEXT
#define VERSION (QI_API_VERSION + 1)
#else
#define VERSION QI_API_VERSION
#endif

#ifndef NO_VERSION
QI_EXPORT const int qi_api_version = VERSION;
#endif

#ifndef NO_INIT
QI_EXPORT int qi_init(int argc, const char **argv)
{
    (void)argc, (void)argv;
#ifdef INIT_FAILS
    qi_set_error("the test asked me to fail");
    return 3;
#else
    return 0;
#endif
}
#endif
