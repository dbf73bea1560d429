/*
 * Unit tests: instruction counts "N[K|M|G]" (qemu-instr/count.h), on the
 * cases of tests/unit/counts.txt that qi-campaign's reader passes too
 * (test-numbers.py).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <glib.h>
#include <inttypes.h>

#include "qemu-instr/count.h"
#include "tests/unit/check-main.h"

START_TEST(test_cases)
{
    const char *src = g_getenv("TESTS_SRC");
    ck_assert_msg(src != NULL, "TESTS_SRC is not set");
    g_autofree char *path = g_build_filename(src, "unit", "counts.txt", NULL);
    g_autofree char *text = NULL;
    g_autoptr(GError) error = NULL;
    ck_assert_msg(g_file_get_contents(path, &text, NULL, &error), "%s",
                  error ? error->message : "");

    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    unsigned cases = 0;
    for (char **line = lines; *line != NULL; line++) {
        if (**line == '#' || **line == '\0') {
            continue;
        }
        g_auto(GStrv) f = g_strsplit(*line, "\t", -1);
        ck_assert_msg(g_strv_length(f) == 2, "%s: bad line '%s'", path, *line);
        uint64_t count = 42;
        bool ok = qi_count_parse(f[0], &count);
        if (g_str_equal(f[1], "refused")) {
            ck_assert_msg(!ok && count == 42, "'%s' is accepted", f[0]);
        } else {
            char expected[32];
            g_snprintf(expected, sizeof(expected), "%" PRIu64, count);
            ck_assert_msg(ok, "'%s' is refused", f[0]);
            ck_assert_str_eq(expected, f[1]);
        }
        cases++;
    }
    ck_assert_uint_eq(cases, 33);
}
END_TEST

int main(void)
{
    const TTest *const tests[] = {
        test_cases, NULL
    };
    return run_tests("count", tests);
}
