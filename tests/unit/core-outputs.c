/*
 * Unit tests: libraries' output paths (outputs.c): %p, %w and %%
 * expansion, files two libraries would share, write errors.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <unistd.h>

#include "core-harness.h"
#include "fake-backend.h"
#include "instrument/outputs.h"
#include "instrument/report.h"

/* A temporary directory for the test's outputs, removed by its end. */
static char *dir;

static void remove_dir(void)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    for (const char *name; d != NULL && (name = g_dir_read_name(d)) != NULL;) {
        g_autofree char *file = g_build_filename(dir, name, NULL);
        unlink(file);
    }
    g_clear_pointer(&d, g_dir_close);
    rmdir(dir);
}

static void make_dir(void)
{
    dir = g_dir_make_tmp("test-core-XXXXXX", NULL);
    ck_assert_ptr_nonnull(dir);
    atexit(remove_dir); /* each test is a process of its own */
}

/* Open @given for @lib; the file it created must be @expected in dir. */
static void expands_to(const char *given, const Library *lib,
                       const char *expected)
{
    g_autofree char *path = g_build_filename(dir, given, NULL);
    g_autofree char *why = NULL;
    FILE *f = outputs_open(path, lib, &why);
    ck_assert_msg(f != NULL, "%s: %s", given, why);
    ck_assert_int_eq(outputs_close(f), 0);
    g_autofree char *file = g_build_filename(dir, expected, NULL);
    ck_assert_msg(g_file_test(file, G_FILE_TEST_IS_REGULAR),
                  "%s: no file %s", given, expected);
    ck_assert_int_eq(unlink(file), 0);
}

START_TEST(test_expansion)
{
    make_dir();
    Library lib = { .id = "lib3", .window = 3 };
    g_autofree char *pid = g_strdup_printf("out-%d", (int)getpid());
    expands_to("out-%p", &lib, pid);
    expands_to("out-%w", &lib, "out-3");
    expands_to("out-%w", NULL, "out-0");
    expands_to("100%%", &lib, "100%");
    expands_to("a%%p%%w", &lib, "a%p%w");
    expands_to("%x-%", &lib, "%x-%");
    g_autofree char *mixed = g_strdup_printf("%%3%d", (int)getpid());
    expands_to("%%%w%p", &lib, mixed);
}
END_TEST

/* Errors: one line naming the file and the cause. */
START_TEST(test_open_errors)
{
    make_dir();
    Library a = { .id = "a" }, b = { .id = "b" };
    g_autofree char *missing = g_build_filename(dir, "no", "out", NULL);
    char *why = NULL;
    ck_assert_ptr_null(outputs_open(missing, &a, &why));
    g_autofree char *expected =
        g_strdup_printf("cannot write %s: No such file or directory", missing);
    ck_assert_str_eq(why, expected);
    g_clear_pointer(&why, g_free);

    /* One file, two libraries: the second is refused, the file kept. */
    g_autofree char *shared = g_build_filename(dir, "out-%w", NULL);
    g_autofree char *file = g_build_filename(dir, "out-0", NULL);
    FILE *first = outputs_open(shared, &a, &why);
    ck_assert_ptr_nonnull(first);
    fputs("a's", first);
    ck_assert_ptr_null(outputs_open(file, &b, &why));
    g_autofree char *taken =
        g_strdup_printf("cannot write %s: library a writes it already", file);
    ck_assert_str_eq(why, taken);
    g_clear_pointer(&why, g_free);
    ck_assert_int_eq(outputs_close(first), 0);
    g_autofree char *contents = NULL;
    ck_assert(g_file_get_contents(file, &contents, NULL, NULL));
    ck_assert_str_eq(contents, "a's");

    /* Once closed, another library may write it; /dev/null is shared. */
    FILE *again = outputs_open(file, &b, &why);
    ck_assert_ptr_nonnull(again);
    FILE *null_a = outputs_open("/dev/null", &a, &why);
    FILE *null_b = outputs_open("/dev/null", &b, &why);
    ck_assert_ptr_nonnull(null_a);
    ck_assert_ptr_nonnull(null_b);
    ck_assert_int_eq(outputs_close(again), 0);
    ck_assert_int_eq(outputs_close(null_a), 0);
    ck_assert_int_eq(outputs_close(null_b), 0);
}
END_TEST

/* A failed write is reported when the output closes, as a loss. */
START_TEST(test_write_error)
{
    harness_capture_stderr();
    Library a = { .id = "a" };
    char *why = NULL;
    FILE *f = outputs_open("/dev/full", &a, &why);
    ck_assert_ptr_nonnull(f);
    fputs("lost", f);
    ck_assert(!report_losses());
    ck_assert_int_eq(outputs_close(f), -1);
    ck_assert(report_losses());
    g_autofree char *err = harness_stderr();
    ck_assert_str_eq(err, "qemu-instr: library a: writing /dev/full failed: "
                          "No space left on device\n");
}
END_TEST

/* qi_open_output in each window's qi_init: %w is the window's index. */
static int open_window_output(const int *self, int argc, const char **argv)
{
    (void)self, (void)argc, (void)argv;
    g_autofree char *path = g_build_filename(dir, "w%w.out", NULL);
    FILE *f = qi_open_output(path);
    ck_assert_ptr_nonnull(f);
    return qi_close_output(f);
}

static const LibScript window_output = { .init = open_window_output };

START_TEST(test_window_index_in_path)
{
    make_dir();
    lib_script = &window_output;
    harness_capture_stderr();
    const char *items[] = { SCRIPTED_ITEM, "libwindow=4:8",
                            "libwindow=16:20", NULL };
    fake_install(FAKE_V2, items);
    for (int i = 0; i < 6; i++) {
        fake_run(0, 0x1000, 4);
    }
    ck_assert_str_eq(harness_lib_log(),
                     "init lib0 fini lib0 init lib0 fini lib0");
    for (int w = 0; w < 2; w++) {
        g_autofree char *name = g_strdup_printf("w%d.out", w);
        g_autofree char *file = g_build_filename(dir, name, NULL);
        ck_assert_msg(g_file_test(file, G_FILE_TEST_IS_REGULAR), "no %s",
                      name);
    }
}
END_TEST

Suite *outputs_suite(void)
{
    Suite *suite = suite_create("outputs");
    TCase *tc = tcase_create("paths");
    tcase_add_test(tc, test_expansion);
    tcase_add_test(tc, test_open_errors);
    tcase_add_test(tc, test_write_error);
    tcase_add_test(tc, test_window_index_in_path);
    suite_add_tcase(suite, tc);
    return suite;
}
