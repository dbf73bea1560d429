/*
 * Unit tests: QMP message splitting (qmp/qmp-stream.c) and the command
 * layer (qmp/qmp-dispatch.c) against a fake control backend.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "qmp/qmp-dispatch.h"
#include "qmp/qmp-stream.h"
#include "tests/unit/check-main.h"

/* ------------------------------------------------------------------ */
/* A fake backend: one library "lib0" can be loaded from /ok.so.      */

static GPtrArray *loaded; /* LibraryInfo * */

static char *fake_load(const LibrarySpec *spec, GError **error)
{
    if (strcmp(spec->path, "/ok.so") != 0) {
        g_set_error(error, G_FILE_ERROR, 0, "library lib0 (%s): file not found",
                    spec->path);
        return NULL;
    }
    const char *id = spec->id ? spec->id : "lib0";
    g_ptr_array_add(spec->args, NULL);
    g_ptr_array_add(loaded, library_info_new(id, spec->path,
                                             (char **)spec->args->pdata,
                                             spec->windows));
    g_ptr_array_set_size(spec->args, spec->args->len - 1);
    return g_strdup(id);
}

static gboolean fake_unload(const char *id, GError **error)
{
    for (guint i = 0; i < loaded->len; i++) {
        if (strcmp(((LibraryInfo *)g_ptr_array_index(loaded, i))->id, id) == 0) {
            g_ptr_array_remove_index(loaded, i);
            return TRUE;
        }
    }
    g_set_error(error, G_FILE_ERROR, 0, "no library with id '%s'", id);
    return FALSE;
}

static GPtrArray *fake_list(void)
{
    GPtrArray *copy = g_ptr_array_new_with_free_func(
        (GDestroyNotify)library_info_free);
    for (guint i = 0; i < loaded->len; i++) {
        LibraryInfo *l = g_ptr_array_index(loaded, i);
        g_ptr_array_add(l->args, NULL);
        g_ptr_array_add(copy, library_info_new(l->id, l->path,
                                               (char **)l->args->pdata,
                                               l->windows));
        g_ptr_array_set_size(l->args, l->args->len - 1);
    }
    return copy;
}

/* Events are the server's business, not tested here: no subscribe. */
static const ControlBackend fake = {
    .load = fake_load,
    .unload = fake_unload,
    .list = fake_list,
};
static QmpSession session;

static void setup(void)
{
    loaded = g_ptr_array_new_with_free_func((GDestroyNotify)library_info_free);
    session = (QmpSession){ .backend = &fake };
}

static void teardown(void)
{
    g_ptr_array_unref(loaded);
}

/* The reply to @request must be exactly @expected. */
static void assert_reply(const char *request, const char *expected)
{
    char *reply = qmp_dispatch(&session, request, strlen(request));
    ck_assert_str_eq(reply, expected);
    g_free(reply);
}

static void negotiate(void)
{
    assert_reply("{\"execute\":\"qmp_capabilities\"}", "{\"return\":{}}");
}

START_TEST(test_negotiation)
{
    assert_reply("{\"execute\":\"query-instr\"}",
                 "{\"error\":{\"class\":\"CommandNotFound\",\"desc\":"
                 "\"Expecting capabilities negotiation with "
                 "'qmp_capabilities'\"}}");
    negotiate();
    assert_reply("{\"execute\":\"qmp_capabilities\",\"id\":1}",
                 "{\"error\":{\"class\":\"CommandNotFound\",\"desc\":"
                 "\"Capabilities negotiation is already complete, command "
                 "ignored\"},\"id\":1}");
}
END_TEST

START_TEST(test_load_query_unload)
{
    negotiate();
    assert_reply("{\"execute\":\"instr-load\",\"arguments\":{\"path\":"
                 "\"/ok.so\",\"args\":[\"a\",\"b=1\"]},\"id\":\"x\"}",
                 "{\"return\":{\"id\":\"lib0\"},\"id\":\"x\"}");
    assert_reply("{\"execute\":\"query-instr\"}",
                 "{\"return\":[{\"id\":\"lib0\",\"path\":\"/ok.so\","
                 "\"args\":[\"a\",\"b=1\"],\"windows\":[]}]}");
    assert_reply("{\"execute\":\"instr-load\",\"arguments\":{\"path\":"
                 "\"/ok.so\",\"id\":\"w\",\"windows\":[\"10K:20K\","
                 "\"30000:1G\"]}}", "{\"return\":{\"id\":\"w\"}}");
    assert_reply("{\"execute\":\"query-instr\"}",
                 "{\"return\":[{\"id\":\"lib0\",\"path\":\"/ok.so\","
                 "\"args\":[\"a\",\"b=1\"],\"windows\":[]},{\"id\":\"w\","
                 "\"path\":\"/ok.so\",\"args\":[],\"windows\":"
                 "[\"10000:20000\",\"30000:1000000000\"]}]}");
    assert_reply("{\"execute\":\"instr-unload\",\"arguments\":{\"id\":"
                 "\"w\"}}", "{\"return\":{}}");
    assert_reply("{\"execute\":\"instr-unload\",\"arguments\":{\"id\":"
                 "\"lib0\"}}", "{\"return\":{}}");
    assert_reply("{\"execute\":\"query-instr\"}", "{\"return\":[]}");
    assert_reply("{\"execute\":\"query-commands\"}",
                 "{\"return\":[{\"name\":\"qmp_capabilities\"},{\"name\":"
                 "\"instr-load\"},{\"name\":\"instr-unload\"},{\"name\":"
                 "\"query-instr\"},{\"name\":\"query-commands\"}]}");
}
END_TEST

START_TEST(test_errors)
{
    negotiate();
#define GENERIC(desc) "{\"error\":{\"class\":\"GenericError\",\"desc\":\"" desc "\"}}"
    assert_reply("[1]", GENERIC("QMP input must be a JSON object"));
    /* A NUL would cut the path: "icount.so\u0000junk" must not load. */
    assert_reply("{\"execute\":\"instr-load\",\"arguments\":{\"path\":"
                 "\"/ok.so\\u0000junk\"}}",
                 GENERIC("JSON strings may not contain NUL (\\\\u0000)"));
    assert_reply("{\"execute\":\"instr-load\",\"arguments\":{\"path\":"
                 "\"/ok.so\",\"args\":[\"a\\u0000\"]}}",
                 GENERIC("JSON strings may not contain NUL (\\\\u0000)"));
    /* An escaped backslash followed by "u0000" is no NUL: the path is
     * given to the backend whole. */
    assert_reply("{\"execute\":\"instr-load\",\"arguments\":{\"path\":"
                 "\"/a\\\\u0000.so\"},\"id\":1}",
                 "{\"error\":{\"class\":\"GenericError\",\"desc\":"
                 "\"library lib0 (/a\\\\u0000.so): file not found\"},"
                 "\"id\":1}");
    assert_reply("{}", GENERIC("QMP input lacks member 'execute'"));
    assert_reply("{\"execute\":1}",
                 GENERIC("QMP input member 'execute' must be a string"));
    assert_reply("{\"execute\":\"x\",\"arguments\":[]}",
                 GENERIC("QMP input member 'arguments' must be an object"));
    assert_reply("{\"execute\":\"x\",\"colour\":1}",
                 GENERIC("QMP input member 'colour' is unexpected"));
    assert_reply("{\"execute\":\"nope\"}",
                 "{\"error\":{\"class\":\"CommandNotFound\",\"desc\":"
                 "\"The command nope has not been found\"}}");
    assert_reply("{\"execute\":\"instr-load\"}",
                 GENERIC("Parameter 'path' is missing"));
    assert_reply("{\"execute\":\"instr-load\",\"arguments\":{\"path\":3}}",
                 GENERIC("Parameter 'path' expects a string"));
    assert_reply("{\"execute\":\"instr-load\",\"arguments\":{\"path\":\"/ok.so\","
                 "\"args\":[1]}}",
                 GENERIC("Parameter 'args' expects a list of strings"));
    assert_reply("{\"execute\":\"instr-load\",\"arguments\":{\"path\":\"/ok.so\","
                 "\"id\":\"a b\"}}",
                 GENERIC("Parameter 'id': invalid id 'a b' (use letters, "
                         "digits, '_', '.' and '-')"));
    assert_reply("{\"execute\":\"instr-load\",\"arguments\":{\"path\":\"/x.so\"}}",
                 GENERIC("library lib0 (/x.so): file not found"));
    assert_reply("{\"execute\":\"instr-unload\",\"arguments\":{\"id\":\"z\","
                 "\"force\":true}}",
                 GENERIC("Parameter 'force' is unexpected"));
    assert_reply("{\"execute\":\"instr-unload\",\"arguments\":{\"id\":\"z\"}}",
                 GENERIC("no library with id 'z'"));
    char *reply = qmp_refusal("JSON message too long (at most 100 bytes)");
    ck_assert_str_eq(reply, GENERIC("JSON message too long (at most 100 bytes)"));
    g_free(reply);
    reply = qmp_dispatch(&session, "{bad", 4);
    ck_assert(g_str_has_prefix(reply, "{\"error\":{\"class\":\"GenericError\","
                                      "\"desc\":\"JSON parse error, "));
    g_free(reply);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Stream splitting                                                   */

static void collect(const char *message, gsize len, const char *refused,
                    void *data)
{
    g_ptr_array_add(data, message ? g_strndup(message, len)
                                  : g_strdup_printf("<%s>", refused));
}

/* The messages @input splits into, fed @chunk bytes at a time, joined by
 * '|' (refusals as "<why>"). */
static char *split_deep(const char *input, gsize limit, int depth,
                        gsize chunk)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    QmpStream *s = qmp_stream_new(limit, depth);
    for (gsize i = 0; i < strlen(input); i += chunk) {
        qmp_stream_feed(s, input + i, MIN(chunk, strlen(input) - i), collect,
                        out);
    }
    qmp_stream_free(s);
    g_ptr_array_add(out, NULL);
    char *joined = g_strjoinv("|", (char **)out->pdata);
    g_ptr_array_unref(out);
    return joined;
}

static char *split(const char *input, gsize limit, gsize chunk)
{
    return split_deep(input, limit, 8, chunk);
}

START_TEST(test_stream)
{
    const char *input =
        " {\"a\":{\"b\":[1,2]}}\n{\"s\":\"}{\\\"\"}garbage here\n[3]\n";
    const char *expected =
        "{\"a\":{\"b\":[1,2]}}|{\"s\":\"}{\\\"\"}|garbage here\n|[3]";
    /* Any chunking gives the same messages. */
    for (gsize chunk = 1; chunk <= strlen(input); chunk++) {
        char *got = split(input, 100, chunk);
        ck_assert_str_eq(got, expected);
        g_free(got);
    }
    char *got = split("{\"long\":\"0123456789\"}{\"ok\":1}", 10, 3);
    ck_assert_str_eq(got, "<JSON message too long (at most 10 bytes)>|"
                          "{\"ok\":1}");
    g_free(got);
}
END_TEST

/* The messages @input splits into, whatever its chunking, must be
 * @expected. */
static void assert_split(const char *input, gsize limit, int depth,
                         const char *expected)
{
    for (gsize chunk = 1; chunk <= strlen(input); chunk++) {
        char *got = split_deep(input, limit, depth, chunk);
        ck_assert_str_eq(got, expected);
        g_free(got);
    }
}

/*
 * A refused message is skipped to its end or the next newline, whichever
 * comes first: the messages after it are read as sent (issue 17: 100,000
 * '[' and a newline used to swallow everything after them).
 */
START_TEST(test_stream_resync)
{
#define LONG "<JSON message too long (at most 20 bytes)>"
#define DEEP "<JSON message nested too deep (at most 3 levels)>"
    /* Never closed: the newline ends it. */
    g_autofree char *brackets = g_strnfill(100000, '[');
    g_autofree char *unclosed = g_strconcat(brackets, "\n{\"ok\":1}", NULL);
    char *got = split_deep(unclosed, 20, 100000, 4096);
    ck_assert_str_eq(got, LONG "|{\"ok\":1}");
    g_free(got);
    got = split_deep(unclosed, 200000, 3, 4096);
    ck_assert_str_eq(got, DEEP "|{\"ok\":1}");
    g_free(got);
    /* Short but too deep, closed: it ends where it closes. */
    assert_split("[[[[]]]]{\"ok\":1}", 20, 3, DEEP "|{\"ok\":1}");
    assert_split("[[[]]]{\"ok\":1}", 20, 3, "[[[]]]|{\"ok\":1}");
    /* Refused, then closed: braces in its strings do not count. */
    assert_split("{\"s\":\"}}}}}}}}}}}}}}}}}}}}\"}[1]", 20, 3, LONG "|[1]");
    /* A line of garbage over the limit: skipped to its end. */
    assert_split("xxxxxxxxxxxxxxxxxxxxxxxxx}}}\n[2]", 20, 3, LONG "|[2]");
    /* Refused inside a string that a newline cuts: in step after it. */
    assert_split("{\"s\":\"xxxxxxxxxxxxxxxxxxxx\n{\"ok\":1}", 20, 3,
                 LONG "|{\"ok\":1}");
    /* A message of exactly the limit is no refusal; one byte more is. */
    assert_split("{\"s\":\"xxxxxxxxxxxx\"}[3]", 20, 3,
                 "{\"s\":\"xxxxxxxxxxxx\"}|[3]");
    assert_split("{\"s\":\"xxxxxxxxxxxxx\"}[3]", 20, 3, LONG "|[3]");
#undef LONG
#undef DEEP
}
END_TEST

/* Random and mutated messages never crash the layer and always get a reply. */
START_TEST(test_fuzz)
{
    static const char *const seeds[] = {
        "{\"execute\":\"qmp_capabilities\"}",
        "{\"execute\":\"instr-load\",\"arguments\":{\"path\":\"/ok.so\","
        "\"id\":\"a\",\"args\":[\"x\"]},\"id\":[1,{}]}",
        "{\"execute\":\"instr-unload\",\"arguments\":{\"id\":\"a\"}}",
        "{\"execute\":\"query-instr\"}",
    };
    GRand *rand = g_rand_new_with_seed(42);
    for (int i = 0; i < 20000; i++) {
        GString *m = g_string_new(seeds[g_rand_int_range(rand, 0, 4)]);
        int edits = g_rand_int_range(rand, 0, 8);
        for (int e = 0; e < edits && m->len > 0; e++) {
            gsize at = g_rand_int_range(rand, 0, m->len);
            switch (g_rand_int_range(rand, 0, 3)) {
            case 0: m->str[at] = (char)g_rand_int_range(rand, 1, 256); break;
            case 1: g_string_erase(m, at, 1); break;
            default: g_string_insert_c(m, at, "{}[]\":,\\x0"[g_rand_int_range(rand, 0, 11)]);
            }
        }
        char *reply = qmp_dispatch(&session, m->str, m->len);
        ck_assert(g_str_has_prefix(reply, "{\"return\"") ||
                  g_str_has_prefix(reply, "{\"error\""));
        g_free(reply);
        g_string_free(m, TRUE);
    }
    g_rand_free(rand);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("qmp");
    TCase *tc = tcase_create("qmp");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_negotiation);
    tcase_add_test(tc, test_load_query_unload);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_stream);
    tcase_add_test(tc, test_stream_resync);
    tcase_add_test(tc, test_fuzz);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(suite, tc);
    return run_suite(suite);
}
