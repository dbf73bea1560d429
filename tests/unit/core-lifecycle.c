/*
 * Unit tests: a library's load and its errors (lifecycle.c, loader.c):
 * each broken library of tests/libs refused with one line naming it and
 * the cause, nothing left loaded; a file loaded twice gets two instances.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <sys/wait.h>

#include "core-harness.h"
#include "fake-backend.h"
#include "instrument/lifecycle.h"

static void start_empty(void)
{
    harness_capture_stderr();
    fake_install(FAKE_V2, NULL);
}

/* Load @path (with id @id, NULL: assigned); the error, to g_free. */
static char *load_error(const char *path, const char *id)
{
    g_autoptr(LibrarySpec) spec = library_spec_new(path, id);
    g_autoptr(GError) error = NULL;
    ck_assert_ptr_null(library_load(spec, &error));
    ck_assert_ptr_nonnull(error);
    return g_strdup(error->message);
}

START_TEST(test_broken_libraries)
{
    static const struct {
        const char *path, *message;
    } cases[] = {
        { TEST_LIB("no-init.so"),
          "library lib0 (" TEST_LIB("no-init.so") "): no qi_init function" },
        { TEST_LIB("no-version.so"),
          "library lib0 (" TEST_LIB("no-version.so") "): no qi_api_version "
          "symbol (not a qemu-instr library?)" },
        { TEST_LIB("init-fails.so"),
          "library lib0 (" TEST_LIB("init-fails.so") "): qi_init failed "
          "(returned 3): the test asked me to fail" },
        { CORE_TEST_LIBS "/none.so",
          "library lib0 (" CORE_TEST_LIBS "/none.so): file not found" },
    };
    start_empty();
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *message = load_error(cases[i].path, NULL);
        ck_assert_str_eq(message, cases[i].message);
        ck_assert_uint_eq(library_registry->len, 0);
    }
    /* A newer API than this runtime's. */
    g_autofree char *message = load_error(TEST_LIB("version-next.so"), NULL);
    g_autofree char *expected = g_strdup_printf(
        "library lib0 (%s): built for API version %d, this runtime provides "
        "versions %d to %d", TEST_LIB("version-next.so"), QI_API_VERSION + 1,
        QI_API_VERSION_MIN, QI_API_VERSION);
    ck_assert_str_eq(message, expected);
    ck_assert_uint_eq(library_registry->len, 0);
}
END_TEST

/* qi_init fails and says why with qi_set_error. */
static int refuse(const int *self, int argc, const char **argv)
{
    (void)argc;
    qi_set_error_by(self, "no luck with %s", argv[1]);
    return 2;
}

static const LibScript refusing = { .init = refuse };

START_TEST(test_init_fails)
{
    lib_script = &refusing;
    start_empty();
    g_autoptr(LibrarySpec) spec = library_spec_new(SCRIPTED_LIB, "r");
    g_ptr_array_add(spec->args, g_strdup("x=1"));
    g_autoptr(GError) error = NULL;
    ck_assert_ptr_null(library_load(spec, &error));
    ck_assert_str_eq(error->message, "library r (" SCRIPTED_LIB "): qi_init "
                                     "failed (returned 2): no luck with x=1");
    ck_assert_uint_eq(library_registry->len, 0);
    ck_assert_str_eq(harness_lib_log(), "init r");
}
END_TEST

/* Two loads of one file: two instances, each with its own globals. */
static const int *selves[2];

static int note_self(const int *self, int argc, const char **argv)
{
    (void)argc, (void)argv;
    selves[library_registry->len] = self;
    return 0;
}

static const LibScript noting = { .init = note_self };

START_TEST(test_same_file_twice)
{
    lib_script = &noting;
    harness_capture_stderr();
    const char *items[] = { SCRIPTED_ITEM, SCRIPTED_ITEM, NULL };
    fake_install(FAKE_V2, items);
    ck_assert_str_eq(harness_lib_log(), "init lib0 init lib1");
    ck_assert_uint_eq(library_registry->len, 2);
    Library *first = g_ptr_array_index(library_registry, 0);
    Library *second = g_ptr_array_index(library_registry, 1);
    ck_assert_str_eq(first->id, "lib0");
    ck_assert_str_eq(second->id, "lib1");
    ck_assert_str_eq(second->path, SCRIPTED_LIB);
    ck_assert_ptr_nonnull(selves[0]);
    ck_assert_ptr_nonnull(selves[1]);
    ck_assert_ptr_ne(selves[0], selves[1]);
    ck_assert(first->code_end <= second->code_start ||
              second->code_end <= first->code_start);

    /* An id is one library's. */
    g_autofree char *message = load_error(SCRIPTED_LIB, "lib1");
    ck_assert_str_eq(message, "library lib1 (" SCRIPTED_LIB "): id 'lib1' "
                              "is already used by " SCRIPTED_LIB);
    ck_assert_uint_eq(library_registry->len, 2);
}
END_TEST

/* At start-up, a broken library ends QEMU with its one line. */
static void start_broken(void)
{
    const char *items[] = { "lib=" TEST_LIB("no-init.so"), NULL };
    fake_install(FAKE_V2, items);
}

START_TEST(test_startup_error)
{
    g_autofree char *err = NULL;
    int status = harness_run_child(start_broken, &err);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 1);
    ck_assert_str_eq(err, "qemu-instr: library lib0 (" TEST_LIB("no-init.so")
                          "): no qi_init function\n");
}
END_TEST

Suite *lifecycle_suite(void)
{
    Suite *suite = suite_create("lifecycle");
    TCase *tc = tcase_create("errors");
    tcase_add_test(tc, test_broken_libraries);
    tcase_add_test(tc, test_init_fails);
    tcase_add_test(tc, test_same_file_twice);
    tcase_add_test(tc, test_startup_error);
    suite_add_tcase(suite, tc);
    return suite;
}
