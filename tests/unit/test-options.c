/*
 * Unit tests: parsing the runtime plugin's arguments (instrument/options.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "instrument/options.h"
#include "tests/unit/check-main.h"

/* Parse @argv (NULL-terminated); on failure return NULL and the message. */
static RuntimeOptions *parse(const char *const *argv, char **message)
{
    GError *error = NULL;
    RuntimeOptions *opts =
        runtime_options_parse(g_strv_length((char **)argv), argv, &error);
    *message = error ? g_strdup(error->message) : NULL;
    g_clear_error(&error);
    return opts;
}

static void assert_error(const char *const *argv, const char *expected)
{
    char *message;
    RuntimeOptions *opts = parse(argv, &message);
    ck_assert_ptr_null(opts);
    ck_assert_str_eq(message, expected);
    g_free(message);
}

START_TEST(test_libraries_in_order)
{
    const char *argv[] = { "lib=/a.so", "libid=first", "libarg=x=1",
                           "libarg=", "libarg=a,b", "lib=/b.so", NULL };
    char *message;
    RuntimeOptions *opts = parse(argv, &message);
    ck_assert_ptr_nonnull(opts);
    ck_assert_uint_eq(opts->libraries->len, 2);
    LibrarySpec *a = g_ptr_array_index(opts->libraries, 0);
    LibrarySpec *b = g_ptr_array_index(opts->libraries, 1);
    ck_assert_str_eq(a->path, "/a.so");
    ck_assert_str_eq(a->id, "first");
    ck_assert_uint_eq(a->args->len, 3);
    ck_assert_str_eq(g_ptr_array_index(a->args, 0), "x=1");
    ck_assert_str_eq(g_ptr_array_index(a->args, 1), "");
    ck_assert_str_eq(g_ptr_array_index(a->args, 2), "a,b");
    ck_assert_str_eq(b->path, "/b.so");
    ck_assert_ptr_null(b->id);
    ck_assert_uint_eq(b->args->len, 0);
    ck_assert_ptr_null(opts->qmp);
    runtime_options_free(opts);
}
END_TEST

START_TEST(test_nothing_to_load)
{
    const char *argv[] = { NULL };
    char *message;
    RuntimeOptions *opts = parse(argv, &message);
    ck_assert_ptr_nonnull(opts);
    ck_assert_uint_eq(opts->libraries->len, 0);
    ck_assert(!opts->stop_after_windows);
    runtime_options_free(opts);
    const char *stop[] = { "stopafterwindows=on", NULL };
    opts = parse(stop, &message);
    ck_assert(opts->stop_after_windows);
    runtime_options_free(opts);
}
END_TEST

START_TEST(test_monitors)
{
    const char *argv[] = { "qmp=unix:/tmp/q,server", "hmp=unix:/tmp/h", NULL };
    char *message;
    RuntimeOptions *opts = parse(argv, &message);
    ck_assert_str_eq(opts->qmp, "unix:/tmp/q,server");
    ck_assert_str_eq(opts->hmp, "unix:/tmp/h");
    runtime_options_free(opts);
    const char *twice[] = { "qmp=unix:/a", "qmp=unix:/b", NULL };
    assert_error(twice, "plugin option 'qmp' given twice");
}
END_TEST

START_TEST(test_errors)
{
    const char *no_value[] = { "lib", NULL };
    assert_error(no_value, "plugin option 'lib' is not key=value");
    const char *empty[] = { "lib=", NULL };
    assert_error(empty, "plugin option 'lib=' needs a library path");
    const char *orphan[] = { "libarg=x", NULL };
    assert_error(orphan, "plugin option 'libarg=x' comes before any lib=");
    const char *unknown[] = { "lib=/a.so", "colour=red", NULL };
    assert_error(unknown, "unknown plugin option 'colour' (expected lib, "
                          "libid, libarg, libwindow, qmp, hmp, libpath, "
                          "stopafterwindows or itemsfd)");
    const char *stop_bad[] = { "stopafterwindows=yes", NULL };
    assert_error(stop_bad, "plugin option 'stopafterwindows=yes': expected "
                           "stopafterwindows=on");
    const char *two_ids[] = { "lib=/a.so", "libid=x", "libid=y", NULL };
    assert_error(two_ids, "library '/a.so' has two ids ('x' and 'y')");
    const char *bad_id[] = { "lib=/a.so", "libid=a/b", NULL };
    assert_error(bad_id, "library '/a.so': invalid id 'a/b' (use letters, "
                         "digits, '_', '.' and '-')");
}
END_TEST

/* A descriptor holding @size bytes of @data, at its end as the launcher leaves it. */
static int items_fd(const char *data, size_t size)
{
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    int fd = dup(fileno(f));
    fclose(f);
    ck_assert_int_eq(write(fd, data, size), (ssize_t)size);
    return fd;
}

START_TEST(test_items_fd)
{
    /* Items from a descriptor in place of itemsfd=, which is then closed. */
    static const char items[] = "libid=x\0libarg=a,b\0libarg=\0qmp=unix:/q";
    int fd = items_fd(items, sizeof(items));
    g_autofree char *item = g_strdup_printf("itemsfd=%d", fd);
    const char *argv[] = { "lib=/a.so", item, "lib=/b.so", NULL };
    char *message;
    RuntimeOptions *opts = parse(argv, &message);
    ck_assert_ptr_nonnull(opts);
    ck_assert_uint_eq(opts->libraries->len, 2);
    LibrarySpec *a = g_ptr_array_index(opts->libraries, 0);
    ck_assert_str_eq(a->id, "x");
    ck_assert_uint_eq(a->args->len, 2);
    ck_assert_str_eq(g_ptr_array_index(a->args, 0), "a,b");
    ck_assert_str_eq(g_ptr_array_index(a->args, 1), "");
    ck_assert_str_eq(opts->qmp, "unix:/q");
    ck_assert_int_eq(fcntl(fd, F_GETFD), -1);
    runtime_options_free(opts);

    int unterminated = items_fd("lib=/a.so", 9);
    g_autofree char *bad = g_strdup_printf("itemsfd=%d", unterminated);
    g_autofree char *expected = g_strdup_printf(
        "plugin option '%s': the last item is not NUL-terminated", bad);
    assert_error((const char *const[]){ bad, NULL }, expected);
    close(unterminated);

    int nested = items_fd("itemsfd=0", 10);
    g_autofree char *twice = g_strdup_printf("itemsfd=%d", nested);
    assert_error((const char *const[]){ twice, NULL },
                 "unknown plugin option 'itemsfd' (expected lib, libid, "
                 "libarg, libwindow, qmp, hmp, libpath, stopafterwindows "
                 "or itemsfd)");
    assert_error((const char *const[]){ "itemsfd=1000000", NULL },
                 "plugin option 'itemsfd=1000000': cannot read the items: "
                 "Bad file descriptor");
    assert_error((const char *const[]){ "itemsfd=-1", NULL },
                 "plugin option 'itemsfd=-1' needs a file descriptor number");
}
END_TEST

int main(void)
{
    const TTest *const tests[] = {
        test_libraries_in_order, test_nothing_to_load, test_monitors,
        test_errors, test_items_fd, NULL
    };
    return run_tests("options", tests);
}
