/*
 * Unit tests: the HMP monitor (hmp/), its commands with a fake backend and
 * its server over a real unix socket.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hmp/hmp-commands.h"
#include "hmp/hmp-server.h"
#include "monitor/monitor-socket.h"
#include "tests/unit/check-main.h"

#define PROMPT "(qemu-instr) "
#define BANNER "qemu-instr monitor - type 'help' for more information\n"

/* The fake backend: records the last request, answers as told. */
static struct {
    int loads, unloads;
    LibrarySpec *spec;      /* copy of the last load request */
    char *unload_id;        /* the last unload request */
    const char *error;      /* fail requests with this message, if set */
    GPtrArray *libraries;   /* LibraryInfo *: what "list" reports */
} fake;

static gboolean fake_fails(GError **error)
{
    if (fake.error != NULL) {
        g_set_error_literal(error, g_quark_from_static_string("fake"), 0,
                            fake.error);
    }
    return fake.error != NULL;
}

static char *fake_load(const LibrarySpec *spec, GError **error)
{
    fake.loads++;
    library_spec_free(fake.spec);
    fake.spec = library_spec_new(spec->path, spec->id);
    for (guint i = 0; i < spec->args->len; i++) {
        g_ptr_array_add(fake.spec->args,
                        g_strdup(g_ptr_array_index(spec->args, i)));
    }
    g_array_append_vals(fake.spec->windows, spec->windows->data,
                        spec->windows->len);
    return fake_fails(error) ? NULL : g_strdup(spec->id ? spec->id : "lib0");
}

static gboolean fake_unload(const char *id, GError **error)
{
    fake.unloads++;
    g_free(fake.unload_id);
    fake.unload_id = g_strdup(id);
    return !fake_fails(error);
}

static GPtrArray *fake_list(void)
{
    GPtrArray *list =
        g_ptr_array_new_with_free_func((GDestroyNotify)library_info_free);
    for (guint i = 0; i < fake.libraries->len; i++) {
        LibraryInfo *info = g_ptr_array_index(fake.libraries, i);
        LibraryInfo *copy = library_info_new(info->id, info->path, NULL,
                                             info->windows);
        for (guint a = 0; a < info->args->len; a++) {
            g_ptr_array_add(copy->args,
                            g_strdup(g_ptr_array_index(info->args, a)));
        }
        g_ptr_array_add(list, copy);
    }
    return list;
}

/* HMP sends no events: it never subscribes. */
static const ControlBackend fake_backend = {
    .load = fake_load,
    .unload = fake_unload,
    .list = fake_list,
};

static void fake_reset(void)
{
    library_spec_free(fake.spec);
    g_free(fake.unload_id);
    if (fake.libraries != NULL) {
        g_ptr_array_unref(fake.libraries);
    }
    memset(&fake, 0, sizeof(fake));
    fake.libraries =
        g_ptr_array_new_with_free_func((GDestroyNotify)library_info_free);
}

/* A library loaded with @args and the windows @windows ("S:E" each). */
static void fake_add_library_in(const char *id, const char *path,
                                const char *const *args,
                                const char *const *windows)
{
    LibrarySpec *spec = library_spec_new(path, id);
    for (const char *const *w = windows; *w; w++) {
        ck_assert(library_spec_add_window(spec, *w, NULL));
    }
    g_ptr_array_add(fake.libraries, library_info_new(id, path,
                                                     (char *const *)args,
                                                     spec->windows));
    library_spec_free(spec);
}

static void fake_add_library(const char *id, const char *path,
                             const char *const *args)
{
    static const char *const always[] = { NULL };
    fake_add_library_in(id, path, args, always);
}

/* Run @line; check its output and whether it quit. */
static void assert_run(const char *line, const char *expected,
                       gboolean expect_quit)
{
    gboolean quit = !expect_quit;
    char *out = hmp_execute(&fake_backend, line, &quit);
    ck_assert_str_eq(out, expected);
    ck_assert_int_eq(quit, expect_quit);
    g_free(out);
}

#define assert_output(line, expected) assert_run(line, expected, FALSE)

static void assert_args(const char *const *expected)
{
    ck_assert_uint_eq(fake.spec->args->len, g_strv_length((char **)expected));
    for (guint i = 0; i < fake.spec->args->len; i++) {
        ck_assert_str_eq(g_ptr_array_index(fake.spec->args, i), expected[i]);
    }
}

START_TEST(test_help)
{
    fake_reset();
    assert_output("help",
        "help                                         list the commands\n"
        "info instr                                   list the loaded "
        "libraries\n"
        "instr-load [-i ID] [-w S:E]... PATH [ARG...] load a library (under "
        "id ID; only inside windows S:E)\n"
        "instr-unload ID                              unload a library\n"
        "quit                                         end this session\n");
    assert_output("help me", "help: too many arguments\n");
    ck_assert_int_eq(fake.loads + fake.unloads, 0);
}
END_TEST

START_TEST(test_blank_unknown_and_syntax)
{
    fake_reset();
    assert_output("", "");
    assert_output("  \t ", "");
    assert_output("# a comment", "");
    assert_output("foo", "unknown command: 'foo' (try 'help')\n");
    assert_output("  \"foo bar\" x", "unknown command: 'foo bar' (try 'help')\n");
    assert_output("HELP", "unknown command: 'HELP' (try 'help')\n");
    assert_output("instr-load \"/x.so",
                  "syntax error: unmatched quote or trailing backslash\n");
    assert_output("instr-load '/x.so",
                  "syntax error: unmatched quote or trailing backslash\n");
    assert_output("instr-load /x.so \\",
                  "syntax error: unmatched quote or trailing backslash\n");
    ck_assert_int_eq(fake.loads, 0);
}
END_TEST

START_TEST(test_info)
{
    fake_reset();
    assert_output("info instr", "no libraries loaded\n");
    assert_output("  info   instr  ", "no libraries loaded\n");
    const char *none[] = { NULL };
    const char *some[] = { "a", "b c", "say \"hi\"", "back\\slash", "", NULL };
    const char *two[] = { "10K:20K", "30000:1G", NULL };
    fake_add_library("lib0", "/usr/lib/icount.so", none);
    fake_add_library("my-long-id", "/tmp/a b.so", some);
    fake_add_library_in("w", "/w.so", none, two);
    assert_output("info instr",
        "ID          WINDOWS                             PATH                "
        "ARGS\n"
        "lib0                                            /usr/lib/icount.so\n"
        "my-long-id                                      \"/tmp/a b.so\"       "
        "a \"b c\" \"say \\\"hi\\\"\" \"back\\\\slash\" \"\"\n"
        "w           -w 10000:20000 -w 30000:1000000000  /w.so\n");
    assert_output("info", "info: missing item (try 'info instr')\n");
    assert_output("info foo", "info: unknown item 'foo' (try 'info instr')\n");
    assert_output("info instr x", "info instr: too many arguments\n");
}
END_TEST

START_TEST(test_info_reads_back)
{
    /* After the id, a line parsed as instr-load's arguments gives the
     * windows, path and args back. */
    fake_reset();
    const char *args[] = { "a b", "\"", "\\", "'", "$x", "#", "-i", "", NULL };
    const char *windows[] = { "1:2", "3:4", NULL };
    fake_add_library_in("x", "/x.so", args, windows);
    gboolean quit;
    char *out = hmp_execute(&fake_backend, "info instr", &quit);
    char **lines = g_strsplit(out, "\n", -1);
    char *command = g_strconcat("instr-load -i x ", lines[1] + 3, NULL);
    g_free(hmp_execute(&fake_backend, command, &quit));
    ck_assert_str_eq(fake.spec->path, "/x.so");
    assert_args(args);
    ck_assert_uint_eq(fake.spec->windows->len, 2);
    LibraryWindow *w = &g_array_index(fake.spec->windows, LibraryWindow, 1);
    ck_assert_uint_eq(w->start, 3);
    ck_assert_uint_eq(w->end, 4);
    g_free(command);
    g_strfreev(lines);
    g_free(out);
}
END_TEST

START_TEST(test_load)
{
    fake_reset();
    assert_output("instr-load /x/icount.so", "loaded as lib0\n");
    ck_assert_int_eq(fake.loads, 1);
    ck_assert_str_eq(fake.spec->path, "/x/icount.so");
    ck_assert_ptr_null(fake.spec->id);
    const char *none[] = { NULL };
    assert_args(none);

    assert_output("instr-load -i counter /x.so a \"b c\" "
                  "\"q\\\"uote\" \"back\\\\slash\" 'single q' -i \"\"",
                  "loaded as counter\n");
    ck_assert_str_eq(fake.spec->path, "/x.so");
    ck_assert_str_eq(fake.spec->id, "counter");
    const char *args[] = { "a", "b c", "q\"uote", "back\\slash", "single q",
                           "-i", "", NULL };
    assert_args(args);

    assert_output("\tinstr-load  \"/dir with space/l.so\"", "loaded as lib0\n");
    ck_assert_str_eq(fake.spec->path, "/dir with space/l.so");
    ck_assert_int_eq(fake.loads, 3);

    assert_output("instr-load -w 1K:2M -i w -w 3000000:4G /x.so -w",
                  "loaded as w\n");
    ck_assert_uint_eq(fake.spec->windows->len, 2);
    LibraryWindow *w = &g_array_index(fake.spec->windows, LibraryWindow, 0);
    ck_assert_uint_eq(w[0].start, 1000);
    ck_assert_uint_eq(w[0].end, 2000000);
    ck_assert_uint_eq(w[1].start, 3000000);
    ck_assert_uint_eq(w[1].end, 4000000000);
    const char *dash_w[] = { "-w", NULL };
    assert_args(dash_w);
}
END_TEST

START_TEST(test_load_errors)
{
    fake_reset();
    assert_output("instr-load", "instr-load: missing PATH\n");
    assert_output("instr-load -i x", "instr-load: missing PATH\n");
    assert_output("instr-load -i", "instr-load: -i needs an ID\n");
    assert_output("instr-load -i a -i b /x.so", "instr-load: -i given twice\n");
    assert_output("instr-load -x /x.so", "instr-load: unknown option '-x'\n");
    assert_output("instr-load -i a/b /x.so", "instr-load: invalid id 'a/b'\n");
    assert_output("instr-load -i \"\" /x.so", "instr-load: invalid id ''\n");
    assert_output("instr-load -i 'a b' /x.so", "instr-load: invalid id 'a b'\n");
    assert_output("instr-load -w", "instr-load: -w needs START:END\n");
    assert_output("instr-load -w 5 /x.so",
                  "instr-load: window '5' is not START:END (instruction "
                  "counts, e.g. 300M:400M)\n");
    assert_output("instr-load -w 2:1 /x.so",
                  "instr-load: window '2:1' is empty: END must be above "
                  "START\n");
    assert_output("instr-load -w 1x:2 /x.so",
                  "instr-load: window '1x:2' is not START:END (instruction "
                  "counts, e.g. 300M:400M)\n");
    assert_output("instr-load -w 5:9 -w 8:10 /x.so",
                  "instr-load: window '8:10' starts before the end of the "
                  "window before it (9): give windows in order, without "
                  "overlaps\n");
    assert_output("instr-load -w 1:20000000000G /x.so",
                  "instr-load: window '1:20000000000G' is not START:END "
                  "(instruction counts, e.g. 300M:400M)\n");
    ck_assert_int_eq(fake.loads, 0);
    fake.error = "library lib0 (/x.so): file not found";
    assert_output("instr-load /x.so",
                  "instr-load: library lib0 (/x.so): file not found\n");
    ck_assert_int_eq(fake.loads, 1);
}
END_TEST

START_TEST(test_unload)
{
    fake_reset();
    assert_output("instr-unload lib0", "unloaded lib0\n");
    ck_assert_int_eq(fake.unloads, 1);
    ck_assert_str_eq(fake.unload_id, "lib0");
    assert_output("instr-unload", "instr-unload: expected exactly one ID\n");
    assert_output("instr-unload a b", "instr-unload: expected exactly one ID\n");
    ck_assert_int_eq(fake.unloads, 1);
    fake.error = "no library with id 'nope'";
    assert_output("instr-unload nope",
                  "instr-unload: no library with id 'nope'\n");
    ck_assert_str_eq(fake.unload_id, "nope");
}
END_TEST

START_TEST(test_quit)
{
    fake_reset();
    assert_run("quit", "", TRUE);
    assert_run("  quit  ", "", TRUE);
    assert_run("quit now", "quit: too many arguments\n", FALSE);
}
END_TEST

/* Mutations of these, and random bytes, make the fuzzed lines. */
static const char *const seeds[] = {
    "help", "info instr", "instr-load /x.so", "instr-unload lib0", "quit",
    "instr-load -i id /x.so a \"b c\" 'd e' \"\\\"\\\\\"", "info", "",
    "instr-load -i", "instr-unload", "# comment", NULL,
};
static const char *const pieces[] = {
    " ", "\t", "\"", "'", "\\", "\\\"", "-i", "#", "\r", "$", "`", "instr", NULL,
};

static char *random_line(GRand *rand, gsize max)
{
    gsize len = g_rand_int_range(rand, 0, max + 1);
    char *line = g_malloc(len + 1);
    for (gsize i = 0; i < len; i++) {
        line[i] = (char)g_rand_int_range(rand, 1, 256);
    }
    line[len] = '\0';
    return line;
}

static char *mutated_line(GRand *rand)
{
    guint n_seeds = G_N_ELEMENTS(seeds) - 1, n_pieces = G_N_ELEMENTS(pieces) - 1;
    GString *s = g_string_new(seeds[g_rand_int_range(rand, 0, n_seeds)]);
    for (int k = g_rand_int_range(rand, 1, 6); k > 0; k--) {
        gsize pos = g_rand_int_range(rand, 0, s->len + 1);
        switch (g_rand_int_range(rand, 0, 4)) {
        case 0:
            if (s->len > 0) {
                s->str[pos % s->len] = (char)g_rand_int_range(rand, 1, 256);
            }
            break;
        case 1:
            g_string_insert(s, pos, pieces[g_rand_int_range(rand, 0, n_pieces)]);
            break;
        case 2: {
            gsize len = g_rand_int_range(rand, 0, 8);
            g_string_erase(s, pos, MIN(s->len - pos, len));
            break;
        }
        default:
            g_string_insert(s, pos, seeds[g_rand_int_range(rand, 0, n_seeds)]);
        }
    }
    return g_string_free(s, FALSE);
}

START_TEST(test_fuzz_commands)
{
    fake_reset();
    const char *args[] = { "a b", "\"", "", NULL };
    fake_add_library("lib0", "/x y.so", args);
    GRand *rand = g_rand_new_with_seed(4);
    for (int i = 0; i < 20000; i++) {
        fake.error = i % 3 == 0 ? "it failed" : NULL;
        char *line = i % 4 == 0 ? random_line(rand, 300) : mutated_line(rand);
        gboolean quit;
        char *out = hmp_execute(&fake_backend, line, &quit);
        ck_assert_ptr_nonnull(out);
        ck_assert(*out == '\0' || g_str_has_suffix(out, "\n"));
        ck_assert(!quit || *out == '\0');
        g_free(out);
        g_free(line);
    }
    g_rand_free(rand);
}
END_TEST

/* Start a server in a new directory; returns its socket's path. */
static char *start_server(void)
{
    char *dir = g_dir_make_tmp("test-hmp-XXXXXX", NULL);
    ck_assert_ptr_nonnull(dir);
    char *path = g_build_filename(dir, "hmp.sock", NULL);
    char *spec = g_strconcat("unix:", path, NULL);
    GError *error = NULL;
    ck_assert_msg(hmp_start(&fake_backend, spec, &error), "%s",
                  error ? error->message : "");
    g_free(spec);
    g_free(dir);
    return path;
}

static void remove_server(char *path)
{
    char *dir = g_path_get_dirname(path);
    unlink(path);
    rmdir(dir);
    g_free(dir);
    g_free(path);
}

static GSocket *client_connect(const char *path)
{
    GSocket *s = g_socket_new(G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, 0,
                              NULL);
    GSocketAddress *address = g_unix_socket_address_new(path);
    ck_assert(g_socket_connect(s, address, NULL, NULL));
    g_object_unref(address);
    g_socket_set_timeout(s, 10);
    return s;
}

/* What the server says before its next prompt; NULL if it hung up first. */
static char *read_prompt(GSocket *s)
{
    GString *text = g_string_new(NULL);
    char c;
    while (!g_str_has_suffix(text->str, PROMPT)) {
        /* A byte at a time: what follows the prompt is the next answer's. */
        if (g_socket_receive(s, &c, 1, NULL, NULL) != 1) {
            g_string_free(text, TRUE);
            return NULL;
        }
        g_string_append_c(text, c);
    }
    g_string_truncate(text, text->len - strlen(PROMPT));
    return g_string_free(text, FALSE);
}

static void send_bytes(GSocket *s, const char *data, gsize len)
{
    ck_assert(monitor_socket_send_all(s, data, len));
}

/* Send @len bytes of @data, expect @expected before the next prompt. */
static void converse(GSocket *s, const char *data, gsize len,
                     const char *expected)
{
    send_bytes(s, data, len);
    char *reply = read_prompt(s);
    ck_assert_ptr_nonnull(reply);
    ck_assert_str_eq(reply, expected);
    g_free(reply);
}

#define CONVERSE(s, literal, expected)                                       \
    converse(s, literal, sizeof(literal) - 1, expected)

START_TEST(test_server_session)
{
    fake_reset();
    char *path = start_server();
    GSocket *s = client_connect(path);
    char *banner = read_prompt(s);
    ck_assert_str_eq(banner, BANNER);
    g_free(banner);
    gboolean quit;
    char *help = hmp_execute(&fake_backend, "help", &quit);
    CONVERSE(s, "help\n", help);
    g_free(help);
    CONVERSE(s, "info instr\r\n", "no libraries loaded\n");
    CONVERSE(s, "\n", "");
    CONVERSE(s, "\r\n", "");
    CONVERSE(s, "instr-load -i a \"/x y.so\" 'p q'\n", "loaded as a\n");
    CONVERSE(s, "bad\n", "unknown command: 'bad' (try 'help')\n");
    /* Two lines in one write; one line in two writes. */
    CONVERSE(s, "instr-unload a\ninstr-unload b\n", "unloaded a\n");
    char *second = read_prompt(s);
    ck_assert_str_eq(second, "unloaded b\n");
    g_free(second);
    send_bytes(s, "info ", 5);
    CONVERSE(s, "instr\n", "no libraries loaded\n");
    CONVERSE(s, "help\0x\n", "line contains a NUL byte\n");
    CONVERSE(s, "quit now\n", "quit: too many arguments\n");
    send_bytes(s, "quit\n", 5);
    ck_assert_ptr_null(read_prompt(s)); /* hung up without a prompt */
    g_object_unref(s);
    s = client_connect(path); /* the server still runs */
    g_free(read_prompt(s));
    CONVERSE(s, "info instr\n", "no libraries loaded\n");
    g_object_unref(s);
    remove_server(path);
}
END_TEST

/* Send @len 'x's then @ending; expect the command or "line too long". */
static void converse_long(GSocket *s, gsize len, const char *ending)
{
    char *word = g_strnfill(len, 'x');
    char *line = g_strconcat(word, ending, NULL);
    char *unknown = g_strdup_printf("unknown command: '%s' (try 'help')\n",
                                    word);
    converse(s, line, strlen(line),
             len <= HMP_LINE_MAX ? unknown : "line too long\n");
    g_free(unknown);
    g_free(line);
    g_free(word);
}

START_TEST(test_server_long_lines)
{
    fake_reset();
    char *path = start_server();
    GSocket *s = client_connect(path);
    g_free(read_prompt(s));
    converse_long(s, HMP_LINE_MAX, "\n");
    converse_long(s, HMP_LINE_MAX, "\r\n");
    converse_long(s, HMP_LINE_MAX + 1, "\n");
    converse_long(s, HMP_LINE_MAX + 1, "\r\n");
    converse_long(s, HMP_LINE_MAX + 2, "\n");
    converse_long(s, 1 << 20, "\n");
    CONVERSE(s, "info instr\n", "no libraries loaded\n");
    g_object_unref(s);
    remove_server(path);
}
END_TEST

/* Random bytes, NULs included, line after line: each gets an answer. */
START_TEST(test_server_fuzz)
{
    fake_reset();
    char *path = start_server();
    GSocket *s = client_connect(path);
    g_free(read_prompt(s));
    GRand *rand = g_rand_new_with_seed(7);
    for (int i = 0; i < 2000; i++) {
        gsize len = g_rand_int_range(rand, 0, i % 100 ? 200 : 20000);
        char *line = g_malloc(len + 1);
        for (gsize k = 0; k < len; k++) {
            do {
                line[k] = (char)g_rand_int_range(rand, 0, 256);
            } while (line[k] == '\n');
        }
        line[len] = '\n';
        send_bytes(s, line, len + 1);
        char *reply = read_prompt(s);
        ck_assert_ptr_nonnull(reply);
        g_free(reply);
        g_free(line);
    }
    g_rand_free(rand);
    /* A client that hangs up in the middle of a line harms no one. */
    GSocket *other = client_connect(path);
    send_bytes(other, "instr-load \"/x", 14);
    g_object_unref(other);
    CONVERSE(s, "info instr\n", "no libraries loaded\n");
    g_object_unref(s);
    remove_server(path);
}
END_TEST

START_TEST(test_start_errors)
{
    GError *error = NULL;
    ck_assert(!hmp_start(&fake_backend, "tcp:4444", &error));
    ck_assert_str_eq(error->message, "hmp=tcp:4444: expected unix:PATH");
    g_clear_error(&error);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("hmp");
    TCase *commands = tcase_create("commands");
    tcase_add_test(commands, test_help);
    tcase_add_test(commands, test_blank_unknown_and_syntax);
    tcase_add_test(commands, test_info);
    tcase_add_test(commands, test_info_reads_back);
    tcase_add_test(commands, test_load);
    tcase_add_test(commands, test_load_errors);
    tcase_add_test(commands, test_unload);
    tcase_add_test(commands, test_quit);
    tcase_add_test(commands, test_fuzz_commands);
    suite_add_tcase(suite, commands);
    TCase *server = tcase_create("server");
    tcase_set_timeout(server, 60);
    tcase_add_test(server, test_server_session);
    tcase_add_test(server, test_server_long_lines);
    tcase_add_test(server, test_server_fuzz);
    tcase_add_test(server, test_start_errors);
    suite_add_tcase(suite, server);
    return run_suite(suite);
}
