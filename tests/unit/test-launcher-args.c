/*
 * Unit tests for the launcher's pure logic (tools/launcher-args.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "launcher-args.h"
#include "tests/unit/check-main.h"

#include <check.h>

#define PLUGIN "/rt/qemu-instr-plugin.so"

/* The fake filesystem's regular files. */
static const char *const fake_files[] = {
    "/libs1/syscalls.so", "/libs2/syscalls", "/libs2/bbv.so",
    "/default/bbv", "/work/local", NULL,
};

static gboolean fake_is_file(const char *path)
{
    return g_strv_contains(fake_files, path);
}

static char *const search_dirs[] = { "/libs1", "/libs2", "/default", NULL };
static const LibSearch search = { "/work", search_dirs, fake_is_file };

/* Parse @spec, expecting failure with exactly @message. */
static void check_spec_error(const char *spec, const char *message)
{
    g_autoptr(GError) error = NULL;

    ck_assert_ptr_null(qi_instr_spec_parse("-instr", spec, &error));
    ck_assert_ptr_nonnull(error);
    ck_assert_str_eq(error->message, message);
}

/* Rewrite @args (NULL-terminated) and compare with the words of @expected. */
static void check_argv(QIMode mode, const char *const *args,
                       const char *const *expected)
{
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) argv = qi_qemu_argv("/usr/bin/qemu", (char *const *)args,
                                      mode, PLUGIN, &search, NULL, NULL,
                                      &error);

    ck_assert_msg(argv != NULL, "unexpected error: %s",
                  error ? error->message : "");
    ck_assert_uint_eq(g_strv_length(argv),
                      g_strv_length((char **)expected));
    for (size_t i = 0; expected[i]; i++) {
        ck_assert_str_eq(argv[i], expected[i]);
    }
}

/* Rewrite @args, expecting failure with exactly @message. */
static void check_argv_error(QIMode mode, const char *const *args,
                             const char *message)
{
    g_autoptr(GError) error = NULL;

    ck_assert_ptr_null(qi_qemu_argv("/usr/bin/qemu", (char *const *)args,
                                    mode, PLUGIN, &search, NULL, NULL,
                                    &error));
    ck_assert_ptr_nonnull(error);
    ck_assert_str_eq(error->message, message);
}

START_TEST(spec_full)
{
    g_autoptr(QIInstrSpec) spec = qi_instr_spec_parse(
        "-instr", "arg=first,file=a.so,id=my_lib-1.0,arg=out=t.txt,arg=",
        NULL);

    ck_assert_ptr_nonnull(spec);
    ck_assert_str_eq(spec->file, "a.so");
    ck_assert_str_eq(spec->id, "my_lib-1.0");
    ck_assert_uint_eq(spec->args->len, 3);
    ck_assert_str_eq(g_ptr_array_index(spec->args, 0), "first");
    ck_assert_str_eq(g_ptr_array_index(spec->args, 1), "out=t.txt");
    ck_assert_str_eq(g_ptr_array_index(spec->args, 2), "");
}
END_TEST

START_TEST(spec_minimal)
{
    g_autoptr(QIInstrSpec) spec =
        qi_instr_spec_parse("-instr", "file=syscalls", NULL);

    ck_assert_ptr_nonnull(spec);
    ck_assert_str_eq(spec->file, "syscalls");
    ck_assert_ptr_null(spec->id);
    ck_assert_uint_eq(spec->args->len, 0);
}
END_TEST

START_TEST(spec_comma_escape)
{
    g_autoptr(QIInstrSpec) spec = qi_instr_spec_parse(
        "-instr", "file=a,,b.so,arg=x,,y,,,arg=,,,,,arg=z", NULL);

    ck_assert_ptr_nonnull(spec);
    ck_assert_str_eq(spec->file, "a,b.so");
    ck_assert_uint_eq(spec->args->len, 3);
    ck_assert_str_eq(g_ptr_array_index(spec->args, 0), "x,y,");
    ck_assert_str_eq(g_ptr_array_index(spec->args, 1), ",,");
    ck_assert_str_eq(g_ptr_array_index(spec->args, 2), "z");
}
END_TEST

START_TEST(spec_errors)
{
    check_spec_error("id=x", "-instr 'id=x': missing file= (every -instr "
                             "needs file=LIBRARY)");
    check_spec_error("", "-instr '': missing file= (every -instr needs "
                         "file=LIBRARY)");
    check_spec_error("file=a.so,colour=red",
                     "-instr 'file=a.so,colour=red': unknown key 'colour' "
                     "(expected file, id, window or arg)");
    check_spec_error("file=a.so,arg",
                     "-instr 'file=a.so,arg': item 'arg' is not key=value");
    check_spec_error("file=a.so,",
                     "-instr 'file=a.so,': item '' is not key=value");
    check_spec_error("file=a.so,file=b.so",
                     "-instr 'file=a.so,file=b.so': file= given twice");
    check_spec_error("file=a.so,id=x,id=y",
                     "-instr 'file=a.so,id=x,id=y': id= given twice");
    check_spec_error("file=", "-instr 'file=': file= is empty");
    check_spec_error("file=a.so,id=", "-instr 'file=a.so,id=': id= is empty");
    check_spec_error("file=a.so,id=a/b",
                     "-instr 'file=a.so,id=a/b': id 'a/b' may only contain "
                     "A-Z a-z 0-9 _ . -");
    check_spec_error("file=a.so,id=a,,b",
                     "-instr 'file=a.so,id=a,,b': id 'a,b' may only contain "
                     "A-Z a-z 0-9 _ . -");
}
END_TEST

START_TEST(spec_error_names_option)
{
    g_autoptr(GError) error = NULL;

    ck_assert_ptr_null(qi_instr_spec_parse("--instr", "it's", &error));
    ck_assert_str_eq(error->message,
                     "--instr 'it'\\''s': item 'it's' is not key=value");
}
END_TEST

START_TEST(escape)
{
    g_autofree char *none = qi_plugin_escape("/a/b.so");
    g_autofree char *some = qi_plugin_escape(",a,,b,");

    ck_assert_str_eq(none, "/a/b.so");
    ck_assert_str_eq(some, ",,a,,,,b,,");
}
END_TEST

START_TEST(mode)
{
    g_autoptr(GError) error = NULL;
    QIMode mode;

    ck_assert(qi_qemu_mode("qemu-x86_64", &mode, NULL));
    ck_assert_int_eq(mode, QI_MODE_USER);
    ck_assert(qi_qemu_mode("/usr/bin/qemu-aarch64", &mode, NULL));
    ck_assert_int_eq(mode, QI_MODE_USER);
    ck_assert(qi_qemu_mode("/opt/qemu-system-x86_64", &mode, NULL));
    ck_assert_int_eq(mode, QI_MODE_SYSTEM);
    ck_assert(!qi_qemu_mode("ls", &mode, &error));
    ck_assert_str_eq(error->message, "'ls' is not a QEMU binary (expected "
                                     "qemu-TARGET or qemu-system-TARGET)");
    ck_assert(!qi_qemu_mode("/qemu-x86_64/ls", &mode, NULL));
    ck_assert(!qi_qemu_mode("qemu-", &mode, NULL));
}
END_TEST

START_TEST(lib_dirs)
{
    g_auto(GStrv) only_default = qi_lib_dirs(NULL, "/default");
    g_auto(GStrv) with_env = qi_lib_dirs(":/a::/b:", "/default");
    const char *const expected[] = { "/a", "/b", "/default", NULL };

    ck_assert_uint_eq(g_strv_length(only_default), 1);
    ck_assert_str_eq(only_default[0], "/default");
    ck_assert(g_strv_equal((const char *const *)with_env, expected));
}
END_TEST

/* Resolve @file, expecting @path. */
static void check_resolve(const char *file, const char *path)
{
    g_autofree char *resolved = qi_lib_resolve(&search, file, NULL);

    ck_assert_ptr_nonnull(resolved);
    ck_assert_str_eq(resolved, path);
}

START_TEST(resolve)
{
    /* Paths are made absolute and never checked. */
    check_resolve("/x/y.so", "/x/y.so");
    check_resolve("./y.so", "/work/y.so");
    check_resolve("sub/../y.so", "/work/y.so");
    /* Names: dirs in order, NAME before NAME.so, then the cwd. */
    check_resolve("syscalls", "/libs1/syscalls.so");
    check_resolve("bbv", "/libs2/bbv.so");
    check_resolve("bbv.so", "/libs2/bbv.so");
    check_resolve("local", "/work/local");
}
END_TEST

START_TEST(resolve_not_found)
{
    g_autoptr(GError) error = NULL;

    ck_assert_ptr_null(qi_lib_resolve(&search, "nope", &error));
    ck_assert_str_eq(error->message,
                     "no library 'nope' in /libs1:/libs2:/default");
}
END_TEST

START_TEST(argv_no_instr)
{
    const char *const args[] = { "-d", "in_asm", "/bin/true", NULL };
    const char *const expected[] = { "/usr/bin/qemu", "-plugin", PLUGIN,
                                     "-d", "in_asm", "/bin/true", NULL };
    const char *const no_args[] = { NULL };
    const char *const bare[] = { "/usr/bin/qemu", "-plugin", PLUGIN, NULL };

    check_argv(QI_MODE_USER, args, expected);
    check_argv(QI_MODE_SYSTEM, no_args, bare);
}
END_TEST

START_TEST(argv_user)
{
    const char *const args[] = {
        "-instr", "file=syscalls,id=s,arg=out=t.txt,arg=a,,b",
        "-0", "-instr",          /* a value, not an option */
        "--E", "X=1",
        "--instr", "file=/abs,,dir/bbv.so",
        "-strace",               /* a flag: the next word is an option */
        "-instr", "file=bbv,arg=",
        "/bin/prog", "-instr", "file=guest", "--instr", NULL,
    };
    const char *const expected[] = {
        "/usr/bin/qemu", "-plugin",
        PLUGIN ",lib=/libs1/syscalls.so,libid=s,libarg=out=t.txt,libarg=a,,b"
               ",lib=/abs,,dir/bbv.so,lib=/libs2/bbv.so,libarg=",
        "-0", "-instr", "--E", "X=1", "-strace",
        "/bin/prog", "-instr", "file=guest", "--instr", NULL,
    };

    check_argv(QI_MODE_USER, args, expected);
}
END_TEST

START_TEST(argv_user_value_options)
{
    const char *const args[] = {
        "-L", "-instr", "-s", "-instr", "-cpu", "-instr", "-E", "-instr",
        "-U", "-instr", "-r", "-instr", "-g", "-instr", "-B", "-instr",
        "-R", "-instr", "-d", "-instr", "-D", "-instr", "-p", "-instr",
        "-seed", "-instr", "-trace", "-instr", "--plugin", "-instr",
        "-instr", "file=bbv", "prog", NULL,
    };
    g_autoptr(GPtrArray) expected = g_ptr_array_new();

    g_ptr_array_add(expected, "/usr/bin/qemu");
    g_ptr_array_add(expected, "-plugin");
    g_ptr_array_add(expected, PLUGIN ",lib=/libs2/bbv.so");
    for (size_t i = 0; i < 30; i++) {
        g_ptr_array_add(expected, (char *)args[i]);
    }
    g_ptr_array_add(expected, "prog");
    g_ptr_array_add(expected, NULL);
    check_argv(QI_MODE_USER, args, (const char *const *)expected->pdata);
}
END_TEST

START_TEST(argv_user_double_dash)
{
    const char *const args[] = { "-instr", "file=bbv", "--", "-instr",
                                 "file=x", NULL };
    const char *const expected[] = { "/usr/bin/qemu", "-plugin",
                                     PLUGIN ",lib=/libs2/bbv.so", "--",
                                     "-instr", "file=x", NULL };

    check_argv(QI_MODE_USER, args, expected);
}
END_TEST

START_TEST(argv_system)
{
    const char *const args[] = {
        "-m", "64", "-kernel", "k.elf", "-instr", "file=bbv,id=b",
        "-device", "isa-debug-exit", "--instr", "file=syscalls", NULL,
    };
    const char *const expected[] = {
        "/usr/bin/qemu", "-plugin",
        PLUGIN ",lib=/libs2/bbv.so,libid=b,lib=/libs1/syscalls.so",
        "-m", "64", "-kernel", "k.elf", "-device", "isa-debug-exit", NULL,
    };

    check_argv(QI_MODE_SYSTEM, args, expected);
}
END_TEST

START_TEST(argv_monitors)
{
    const char *const args[] = {
        "-instr-hmp", "unix:/h,s", "--instr-qmp", "unix:/q.sock",
        "-instr", "file=bbv", "prog", "-instr-qmp", "guest", NULL,
    };
    const char *const expected[] = {
        "/usr/bin/qemu", "-plugin",
        PLUGIN ",lib=/libs2/bbv.so,qmp=unix:/q.sock,hmp=unix:/h,,s,"
        "libpath=/libs1:/libs2:/default",
        "prog", "-instr-qmp", "guest", NULL,
    };

    check_argv(QI_MODE_USER, args, expected);
}
END_TEST

START_TEST(argv_plugin_escaped)
{
    g_auto(GStrv) commas = qi_qemu_argv("q", (char *[]){ NULL },
                                        QI_MODE_USER, "/a,b/p.so", &search,
                                        NULL, NULL, NULL);
    g_auto(GStrv) equals = qi_qemu_argv("q", (char *[]){ NULL },
                                        QI_MODE_USER, "/a=b,c/p.so", &search,
                                        NULL, NULL, NULL);

    ck_assert_str_eq(commas[2], "/a,,b/p.so");
    ck_assert_str_eq(equals[2], "file=/a=b,,c/p.so");

    g_autofree char *by_fd = qi_plugin_by_fd("/a=b,c/p.so", 7);
    ck_assert_str_eq(by_fd, "file=/a=b,,c/p.so,itemsfd=7");
}
END_TEST

/* The items unescaped, packed for a descriptor, and the guest program. */
static void check_items(QIMode mode, const char *const *args,
                        const char *const *expected_items, int program)
{
    g_auto(GStrv) items = NULL;
    int found = -2;
    g_auto(GStrv) argv = qi_qemu_argv("/usr/bin/qemu", (char *const *)args,
                                      mode, PLUGIN, &search, &items, &found,
                                      NULL);

    ck_assert_ptr_nonnull(argv);
    ck_assert_uint_eq(g_strv_length(items),
                      g_strv_length((char **)expected_items));
    for (size_t i = 0; expected_items[i]; i++) {
        ck_assert_str_eq(items[i], expected_items[i]);
    }
    ck_assert_int_eq(found, program);
}

START_TEST(argv_items_and_program)
{
    /* The flag becomes an item; after the program it is the guest's. */
    check_items(QI_MODE_USER,
                (const char *const[]){ "-instr-stop-after-windows", "prog",
                                       "-instr-stop-after-windows", NULL },
                (const char *const[]){ "stopafterwindows=on", NULL }, 3);
    check_items(QI_MODE_USER,
                (const char *const[]){ "-instr", "file=bbv,arg=a,,b,arg=",
                                       "-L", "/x", "-strace", "prog", "y",
                                       NULL },
                (const char *const[]){ "lib=/libs2/bbv.so", "libarg=a,b",
                                       "libarg=", NULL }, 6);
    check_items(QI_MODE_USER,
                (const char *const[]){ "-d", "in_asm", "--", "-prog", NULL },
                (const char *const[]){ NULL }, 6);
    check_items(QI_MODE_USER,
                (const char *const[]){ "--dfilter", "0x1", "-tb-size", "8",
                                       "--t", "34 35 1", "p", NULL },
                (const char *const[]){ NULL }, 9);
    check_items(QI_MODE_USER, (const char *const[]){ "-version", NULL },
                (const char *const[]){ NULL }, -1);
    check_items(QI_MODE_SYSTEM,
                (const char *const[]){ "k.elf", "-instr-qmp", "unix:/q",
                                       NULL },
                (const char *const[]){ "qmp=unix:/q",
                                       "libpath=/libs1:/libs2:/default",
                                       NULL }, -1);

    g_autoptr(GBytes) packed =
        qi_items_pack((char *[]){ "lib=/a,b", "libarg=", NULL });
    gsize size;
    const char *data = g_bytes_get_data(packed, &size);
    ck_assert_uint_eq(size, 17);
    ck_assert_mem_eq(data, "lib=/a,b\0libarg=\0", 17);
}
END_TEST

START_TEST(argv_errors)
{
    check_argv_error(QI_MODE_USER, (const char *const[]){ "-instr", NULL },
                     "-instr given without a value");
    check_argv_error(QI_MODE_SYSTEM,
                     (const char *const[]){ "-m", "1", "--instr-qmp", NULL },
                     "--instr-qmp given without a value");
    check_argv_error(QI_MODE_USER,
                     (const char *const[]){ "-instr", "id=x", "p", NULL },
                     "-instr 'id=x': missing file= (every -instr needs "
                     "file=LIBRARY)");
    check_argv_error(QI_MODE_USER,
                     (const char *const[]){ "--instr", "file=nope", NULL },
                     "--instr 'file=nope': no library 'nope' in "
                     "/libs1:/libs2:/default");
    check_argv_error(QI_MODE_USER,
                     (const char *const[]){ "-instr-qmp", "a", "-instr-qmp",
                                            "b", NULL },
                     "-instr-qmp given twice");
}
END_TEST

START_TEST(argv_duplicate_ids_pass)
{
    const char *const args[] = { "-instr", "file=bbv,id=x", "-instr",
                                 "file=bbv,id=x", "p", NULL };
    const char *const expected[] = {
        "/usr/bin/qemu", "-plugin",
        PLUGIN ",lib=/libs2/bbv.so,libid=x,lib=/libs2/bbv.so,libid=x", "p",
        NULL,
    };

    check_argv(QI_MODE_USER, args, expected);
}
END_TEST

/*
 * Parse launcher options from @words into @opts; returns the words left.
 * GOption shuffles the pointer array, so it gets a copy of it.
 */
static char **parse_opts(QILauncherOpts *opts, const char *const *words,
                         GError **error)
{
    int argc = g_strv_length((char **)words);
    g_autofree char **argv = g_memdup2(words, (argc + 1) * sizeof(char *));
    char **left = argv;
    g_autoptr(GStrvBuilder) result = g_strv_builder_new();

    if (!qi_launcher_opts_parse(opts, &argc, &left, error)) {
        return NULL;
    }
    for (int i = 0; i < argc; i++) {
        g_strv_builder_add(result, left[i]);
    }
    return g_strv_builder_end(result);
}

START_TEST(opts)
{
    g_auto(QILauncherOpts) opts = { 0 };
    const char *const words[] = { "qemu-instr", "--plugin=/p.so", "--dry-run",
                                  "qemu-x86_64", "-h", "--plugin=x",
                                  "--", "prog", NULL };
    g_auto(GStrv) left = parse_opts(&opts, words, NULL);
    const char *const expected[] = { "qemu-instr", "qemu-x86_64", "-h",
                                     "--plugin=x", "--", "prog", NULL };

    ck_assert(g_strv_equal((const char *const *)left, expected));
    ck_assert_str_eq(opts.plugin, "/p.so");
    ck_assert(opts.dry_run);
    ck_assert(!opts.help);
    ck_assert(!opts.version);
}
END_TEST

START_TEST(opts_help_version)
{
    g_auto(QILauncherOpts) help = { 0 };
    g_auto(QILauncherOpts) version = { 0 };
    g_auto(GStrv) help_left =
        parse_opts(&help, (const char *const[]){ "qi", "-h", NULL }, NULL);
    g_auto(GStrv) version_left = parse_opts(
        &version, (const char *const[]){ "qi", "--version", NULL }, NULL);

    ck_assert(help.help);
    ck_assert_uint_eq(g_strv_length(help_left), 1);
    ck_assert(version.version);
    ck_assert_uint_eq(g_strv_length(version_left), 1);
}
END_TEST

START_TEST(opts_errors)
{
    g_auto(QILauncherOpts) opts = { 0 };
    g_autoptr(GError) unknown = NULL;
    g_autoptr(GError) missing = NULL;

    ck_assert_ptr_null(parse_opts(
        &opts, (const char *const[]){ "qi", "-instr", "qemu-x86_64", NULL },
        &unknown));
    ck_assert_ptr_nonnull(unknown);
    ck_assert_ptr_null(parse_opts(
        &opts, (const char *const[]){ "qi", "--dry-run", NULL }, &missing));
    ck_assert_str_eq(missing->message,
                     "missing QEMU-BINARY (see qemu-instr --help)");
}
END_TEST

START_TEST(help)
{
    g_autofree char *text = qi_launcher_help("/def/plugin.so", "/def/libs");

    ck_assert_ptr_nonnull(strstr(text, "--dry-run"));
    ck_assert_ptr_nonnull(strstr(text, "-instr file=LIB"));
    ck_assert_ptr_nonnull(strstr(text, "/def/plugin.so"));
    ck_assert_ptr_nonnull(strstr(text, "/def/libs"));
    ck_assert_ptr_nonnull(strstr(text, "QEMU_INSTR_LIBRARY_PATH"));
}
END_TEST

START_TEST(shell_join)
{
    const char *const argv[] = { "/usr/bin/qemu-x86_64", "-plugin",
                                 "/p.so,lib=/a b.so", "", "it's", "-d",
                                 NULL };
    g_autofree char *line = qi_shell_join((char *const *)argv);

    ck_assert_str_eq(line, "/usr/bin/qemu-x86_64 -plugin '/p.so,lib=/a b.so' "
                           "'' 'it'\\''s' -d");
}
END_TEST

/* The family qi_plugin_family() gives @output, or -1 if it refuses it. */
static int family_of(const char *output, char **version)
{
    QIPluginFamily family;
    g_autoptr(GError) error = NULL;

    return qi_plugin_family("q", output, &family, version, &error)
               ? (int)family : -1;
}

START_TEST(plugin_family)
{
    static const struct {
        const char *output;
        int family;
    } cases[] = {
        { "qemu-x86_64 version 7.2.22 (Debian 1:7.2+dfsg-7)\nCopyright", QI_FAMILY_V1 },
        { "QEMU emulator version 6.1.0\n", QI_FAMILY_V1 },
        { "qemu-x86_64 version 8.2.9\n", QI_FAMILY_V1 },
        { "qemu-x86_64 version 9.0.0\n", QI_FAMILY_V2 },
        { "QEMU emulator version 10.0.2 (Debian 1:10.0.2+ds-2)\n", QI_FAMILY_V2 },
        { "qemu-x86_64 version 10.2.2 (Debian 1:10.2.2+ds-1)\n", QI_FAMILY_V2 },
        { "qemu-aarch64 version 11.2.1\n", QI_FAMILY_V2 },
        { "QEMU emulator version 4.2.0\n", -1 },
        { "qemu-x86_64 version 5.2.0\n", -1 },
        { "qemu-x86_64 version 6.0.1\n", -1 },
        { "qemu-x86_64 version 8.3.0\n", -1 },
        { "qemu-x86_64 version 10.3.0\n", -1 },
        { "qemu-x86_64 version 12.0.0\n", -1 },
        { "qemu-x86_64 version x\n", -1 },
        { "", -1 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        ck_assert_msg(family_of(cases[i].output, NULL) == cases[i].family,
                      "%s", cases[i].output);
    }
    /* The version table: QEMU_PLUGIN_VERSION of each release series. */
    static const struct {
        unsigned major, minor;
        int api;
    } apis[] = {
        { 4, 2, 0 }, { 5, 2, 0 }, { 6, 0, 0 }, { 6, 1, 1 }, { 7, 2, 1 },
        { 8, 2, 1 }, { 9, 0, 2 }, { 9, 1, 3 }, { 9, 2, 4 }, { 10, 0, 4 },
        { 10, 1, 5 }, { 10, 2, 5 }, { 10, 3, 0 }, { 11, 1, -1 }, { 12, 0, 0 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(apis); i++) {
        ck_assert_msg(qi_qemu_plugin_api(apis[i].major, apis[i].minor) ==
                          apis[i].api,
                      "%u.%u", apis[i].major, apis[i].minor);
    }
    g_autofree char *version = NULL;
    family_of("QEMU emulator version 10.0.2 (Debian)", &version);
    ck_assert_str_eq(version, "10.0.2");
    ck_assert_str_eq(qi_family_module(QI_FAMILY_V1), "qemu-instr-v1.so");
    ck_assert_str_eq(qi_family_module(QI_FAMILY_V2), "qemu-instr-v2.so");
}
END_TEST

static Suite *launcher_suite(void)
{
    Suite *suite = suite_create("launcher-args");
    TCase *spec = tcase_create("spec");
    TCase *resolution = tcase_create("resolution");
    TCase *rewrite = tcase_create("rewrite");
    TCase *launcher = tcase_create("launcher");

    tcase_add_test(spec, spec_full);
    tcase_add_test(spec, spec_minimal);
    tcase_add_test(spec, spec_comma_escape);
    tcase_add_test(spec, spec_errors);
    tcase_add_test(spec, spec_error_names_option);
    tcase_add_test(spec, escape);
    suite_add_tcase(suite, spec);

    tcase_add_test(resolution, mode);
    tcase_add_test(resolution, lib_dirs);
    tcase_add_test(resolution, resolve);
    tcase_add_test(resolution, resolve_not_found);
    suite_add_tcase(suite, resolution);

    tcase_add_test(rewrite, argv_no_instr);
    tcase_add_test(rewrite, argv_user);
    tcase_add_test(rewrite, argv_user_value_options);
    tcase_add_test(rewrite, argv_user_double_dash);
    tcase_add_test(rewrite, argv_system);
    tcase_add_test(rewrite, argv_monitors);
    tcase_add_test(rewrite, argv_plugin_escaped);
    tcase_add_test(rewrite, argv_items_and_program);
    tcase_add_test(rewrite, argv_errors);
    tcase_add_test(rewrite, argv_duplicate_ids_pass);
    suite_add_tcase(suite, rewrite);

    tcase_add_test(launcher, opts);
    tcase_add_test(launcher, opts_help_version);
    tcase_add_test(launcher, opts_errors);
    tcase_add_test(launcher, help);
    tcase_add_test(launcher, shell_join);
    tcase_add_test(launcher, plugin_family);
    suite_add_tcase(suite, launcher);
    return suite;
}

int main(void)
{
    return run_suite(launcher_suite());
}
