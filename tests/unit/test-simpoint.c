/*
 * Unit tests for qi-simpoint (tools/simpoint/): the .bb reader, the
 * projection, k-means, the BIC and the choice of k, simulation points and
 * output formats, and the options.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "bbfile.h"
#include "dataset.h"
#include "bic.h"
#include "improved-kmeans.h"
#include "improved-rng.h"
#include "improved-search.h"
#include "input.h"
#include "options.h"
#include "project.h"
#include "ran2.h"
#include "sample.h"
#include "simpoints.h"
#include "sp32-kmeans.h"
#include "sp32-search.h"
#include "tests/unit/check-main.h"

#include <check.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static char *tmp_dir;

static void setup(void)
{
    g_autoptr(GError) error = NULL;
    tmp_dir = g_dir_make_tmp("test-simpoint-XXXXXX", &error);
    ck_assert_msg(tmp_dir != NULL, "%s", error ? error->message : "");
}

static void teardown(void)
{
    g_autoptr(GDir) dir = g_dir_open(tmp_dir, 0, NULL);
    const char *name;
    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename(tmp_dir, name, NULL);
        g_unlink(path);
    }
    g_rmdir(tmp_dir);
    g_clear_pointer(&tmp_dir, g_free);
}

/* Write @len bytes of @data to @name in the temporary directory. */
static char *write_bytes(const char *name, const char *data, gssize len)
{
    char *path = g_build_filename(tmp_dir, name, NULL);
    g_autoptr(GError) error = NULL;
    ck_assert_msg(g_file_set_contents(path, data, len, &error), "%s",
                  error ? error->message : "");
    return path;
}

static char *write_file(const char *name, const char *text)
{
    return write_bytes(name, text, -1);
}

/* Write @text gzip-compressed to @name in the temporary directory. */
static char *write_gz(const char *name, const char *text)
{
    char *path = g_build_filename(tmp_dir, name, NULL);
    gzFile gz = gzopen(path, "wb1");
    ck_assert_ptr_nonnull(gz);
    ck_assert_int_eq(gzwrite(gz, text, (unsigned)strlen(text)), (int)strlen(text));
    ck_assert_int_eq(gzclose(gz), Z_OK);
    return path;
}

static QiBBFile *read_path(const char *path)
{
    g_autoptr(GError) error = NULL;
    QiBBFile *bb = qi_bb_read(path, &error);
    ck_assert_msg(bb != NULL, "unexpected error: %s", error ? error->message : "");
    return bb;
}

/* Read @text as a file named @name; expect success. */
static QiBBFile *read_text(const char *name, const char *text)
{
    g_autofree char *path = write_file(name, text);
    return read_path(path);
}

/* Read @path; expect the error "<path>@message". */
static void check_path_error(const char *path, const char *message)
{
    g_autofree char *expected = g_strconcat(path, message, NULL);
    g_autoptr(GError) error = NULL;
    QiBBFile *bb = qi_bb_read(path, &error);
    ck_assert_ptr_null(bb);
    ck_assert_ptr_nonnull(error);
    ck_assert_str_eq(error->message, expected);
}

/* Read @text as the file "bad.bb"; expect the error "<path>@message". */
static void check_read_error(const char *text, const char *message)
{
    g_autofree char *path = write_file("bad.bb", text);
    check_path_error(path, message);
}

static char *slurp(const char *path)
{
    char *text = NULL;
    ck_assert(g_file_get_contents(path, &text, NULL, NULL));
    return text;
}

static char *tmp_path(const char *name)
{
    return g_build_filename(tmp_dir, name, NULL);
}

/* ------------------------------------------------------------------ */
/* The reader                                                          */

static const char good_text[] =
    "# a comment\n"                     /* 1 */
    "\n"                                /* 2 */
    "T:1:10 :2:30   \n"                 /* 3: interval 0 */
    "M ignored :0:0\n"                  /* 4 */
    "T\t:3:5\t:1:5 :4:2.5e1\r\n"        /* 5: interval 1 */
    "t:9:9\n"                           /* 6: not 'T' */
    " T:9:9\n"                          /* 7: first byte is not 'T' */
    "T:2:7:5:1\n";                      /* 8: interval 2, no separator */

static void check_good(const QiBBFile *bb)
{
    static const size_t offsets[] = { 0, 2, 5, 7 };
    static const uint32_t ids[] = { 1, 2, 3, 1, 4, 2, 5 };
    static const double counts[] = { 10, 30, 5, 5, 25, 7, 1 };
    static const double totals[] = { 40, 35, 8 };
    static const size_t lines[] = { 3, 5, 8 };

    ck_assert_uint_eq(bb->n_intervals, 3);
    ck_assert_uint_eq(bb->n_dims, 5);
    ck_assert_uint_eq(bb->n_pairs, 7);
    for (size_t i = 0; i < 4; i++) {
        ck_assert_uint_eq(bb->offsets[i], offsets[i]);
    }
    for (size_t p = 0; p < 7; p++) {
        ck_assert_uint_eq(bb->ids[p], ids[p]);
        ck_assert_double_eq(bb->counts[p], counts[p]);
    }
    for (size_t i = 0; i < 3; i++) {
        ck_assert_double_eq(bb->totals[i], totals[i]);
        ck_assert_uint_eq(bb->lines[i], lines[i]);
    }
    ck_assert_uint_eq(bb->warnings->len, 0);
}

START_TEST(test_parse_good)
{
    g_autoptr(QiBBFile) bb = read_text("good.bb", good_text);
    check_good(bb);
    g_autofree char *base = g_path_get_basename(bb->path);
    ck_assert_str_eq(base, "good.bb");
}
END_TEST

START_TEST(test_parse_gzip)
{
    g_autofree char *path = write_gz("good.bb.gz", good_text);
    g_autoptr(QiBBFile) bb = read_path(path);
    check_good(bb);

    /* Errors in compressed files name the line too. */
    g_autofree char *bad = write_gz("bad.bb.gz", "T:1:1\nT:0:1\n");
    check_path_error(bad, ":2: block id 0 (ids start at 1)");

    /* A truncated compressed file is a read error, not silent data loss. */
    g_autofree char *data = NULL;
    gsize len;
    ck_assert(g_file_get_contents(path, &data, &len, NULL));
    g_autofree char *cut = write_bytes("cut.bb.gz", data, (gssize)len / 2);
    g_autoptr(GError) error = NULL;
    ck_assert_ptr_null(qi_bb_read(cut, &error));
    g_autofree char *prefix = g_strconcat(cut, ": read error: ", NULL);
    ck_assert_msg(g_str_has_prefix(error->message, prefix), "%s", error->message);
}
END_TEST

START_TEST(test_parse_errors)
{
    check_read_error("T:1:1\n\nT:0:5\n", ":3: block id 0 (ids start at 1)");
    check_read_error("T:1:5 :x:3\n",
                     ":1: malformed pair ':x:3' (expected :<id>:<count>)");
    check_read_error("T:1:5\nT:1\n",
                     ":2: malformed pair ':1' (expected :<id>:<count>)");
    check_read_error("T:1:-5\n",
                     ":1: malformed pair ':1:-5' (expected :<id>:<count>)");
    check_read_error("T:1:5x\n",
                     ":1: malformed pair ':1:5x' (expected :<id>:<count>)");
    check_read_error("T:1:nan\n",
                     ":1: malformed pair ':1:nan' (expected :<id>:<count>)");
    check_read_error("#\nT 1 5\n",
                     ":2: malformed pair '1' (expected :<id>:<count>)");
    check_read_error("Total: 3\n",
                     ":1: malformed pair 'otal:' (expected :<id>:<count>)");
    check_read_error("T:1:1\nT\n",
                     ":2: interval line without any :<id>:<count> pair");
    check_read_error("T:1:1\nT   \nT:1:1\n",
                     ":2: interval line without any :<id>:<count> pair");
    check_read_error("T:1:1 :2:2 :1:3\n",
                     ":1: block id 1 appears twice in this interval");
    check_read_error("T:1:0 :2:0\n", ":1: interval with a total count of 0");
    check_read_error("T:2147483648:1\n",
                     ":1: block id too large in pair ':2147483648:1' "
                     "(at most 2147483647)");
    check_read_error("T:1:1e999\n", ":1: count out of range in pair ':1:1e999'");
    check_read_error("# nothing\nM:1:1\n", ": no intervals (no line starts with 'T')");
    check_read_error("", ": no intervals (no line starts with 'T')");

    g_autofree char *missing = g_build_filename(tmp_dir, "missing.bb", NULL);
    check_path_error(missing, ": No such file or directory");
}
END_TEST

START_TEST(test_parse_warnings)
{
    /* SimPoint 3.2 drops a last line without a newline: we keep it, warn. */
    g_autoptr(QiBBFile) bb = read_text("nonl.bb", "T:1:1\nT:2:2");
    ck_assert_uint_eq(bb->n_intervals, 2);
    ck_assert_uint_eq(bb->warnings->len, 1);
    g_autofree char *expected = g_strconcat(bb->path, ":2: no newline at end of "
        "file; SimPoint 3.2 would drop this interval", NULL);
    ck_assert_str_eq(g_ptr_array_index(bb->warnings, 0), expected);

    /* SimPoint 3.2 rejects lines of 1 MiB or more: we read them, warn. */
    GString *text = g_string_new("# long line\nT");
    uint32_t n = 0;
    while (text->len < 1100000) {
        g_string_append_printf(text, ":%u:1 ", ++n);
    }
    g_string_append(text, "\nT:1:1\n");
    g_autoptr(QiBBFile) big = read_text("long.bb", text->str);
    ck_assert_uint_eq(big->n_intervals, 2);
    ck_assert_uint_eq(big->n_dims, n);
    ck_assert_uint_eq(big->offsets[1], n);
    ck_assert_uint_eq(big->warnings->len, 1);
    g_autofree char *long_expected = g_strdup_printf("%s:2: line of %zu bytes; "
        "SimPoint 3.2 rejects lines of 1048575 bytes or more", big->path,
        strchr(text->str + 12, '\n') - (text->str + 12) + 1);
    ck_assert_str_eq(g_ptr_array_index(big->warnings, 0), long_expected);
    g_string_free(text, TRUE);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The generator                                                       */

START_TEST(test_ran2_first_outputs)
{
    /* From Numerical Recipes' ran2, computed independently (outputs
     * rounded to float as SimPoint's randFloat() does). */
    static const struct {
        int64_t seed;
        float f[4];
        int32_t i[4];
    } cases[] = {
        { 493575226, { 0x1.6cfabp-2f, 0x1.4b449ep-2f, 0x1.488c94p-1f, 0x1.07d7ep-1f },
          { 765416960, 694719424, 1378034944, 1106638848 } },
        { 2042712918, { 0x1.2dbd86p-4f, 0x1.2768d2p-2f, 0x1.d4c156p-2f, 0x1.da5bd8p-1f },
          { 158198832, 619518528, 983050944, 1989604864 } },
        { 0, { 0x1.243ae4p-2f, 0x1.037054p-2f, 0x1.7ed8dcp-4f, 0x1.378ce8p-1f },
          { 612850816, 544082560, 200722144, 1306737152 } },
        { -7, { 0x1.cee8e8p-2f, 0x1.c6eb2cp-1f, 0x1.4580c8p-2f, 0x1.315eb2p-1f },
          { 970792192, 1908067072, 682629376, 1280814208 } },
    };

    for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
        QiRan2 a, b;
        qi_ran2_init(&a, cases[c].seed);
        qi_ran2_init(&b, cases[c].seed);
        for (int j = 0; j < 4; j++) {
            ck_assert_float_eq(qi_ran2_float(&a), cases[c].f[j]);
            ck_assert_int_eq(qi_ran2_int(&b), cases[c].i[j]);
        }
    }
    /* Seeds 7 and -7 give the same stream. */
    QiRan2 p, m;
    qi_ran2_init(&p, 7);
    qi_ran2_init(&m, -7);
    for (int j = 0; j < 100; j++) {
        ck_assert_float_eq(qi_ran2_float(&p), qi_ran2_float(&m));
    }
    /* Integers above 2^30 are multiples of 2^7 (float precision). */
    for (int j = 0; j < 1000; j++) {
        int32_t v = qi_ran2_int(&p);
        ck_assert(v >= 0);
        ck_assert(v < (1 << 30) || v % 128 == 0);
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* The projection                                                      */

START_TEST(test_projection)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(QiDataset) m = qi_projection_matrix(9, 5, 4, &error);
    QiRan2 rng;

    /* Row by row from one generator: 2 u - 1. */
    qi_ran2_init(&rng, 9);
    for (size_t i = 0; i < 20; i++) {
        ck_assert_double_eq(m->x[i], (double)qi_ran2_float(&rng) * 2.0 - 1.0);
    }
    ck_assert_double_eq(m->w[0], 0.2);

    /* Normalised by the interval's sum, then projected; weights by total. */
    g_autoptr(QiBBFile) bb = read_text("p.bb", "T:1:1 :2:3\nT:5:4\n");
    g_autoptr(QiDataset) rows = qi_projection_pick(m, bb, &error);
    g_autoptr(QiDataset) x = qi_project(bb, rows, &error);
    ck_assert_ptr_nonnull(x);
    for (int j = 0; j < 4; j++) {
        ck_assert_double_eq(x->x[j], 0.25 * m->x[j] + 0.75 * m->x[4 + j]);
        ck_assert_double_eq(x->x[4 + j], m->x[16 + j]);
    }
    ck_assert_double_eq(x->w[0], 0.5);
    ck_assert_double_eq(x->w[1], 0.5);

    /* noProject: the normalised vectors themselves. */
    g_autoptr(QiDataset) raw = qi_project_none(bb, &error);
    static const double expected[] = { 0.25, 0.75, 0, 0, 0, 0, 0, 0, 0, 1 };
    ck_assert_mem_eq(raw->x, expected, sizeof(expected));

    /* Only the rows of the ids that occur, drawn as the whole matrix. */
    g_autoptr(QiDataset) drawn = qi_projection_rows(9, bb, 4, &error);
    ck_assert_uint_eq(drawn->rows, 3);
    ck_assert_mem_eq(drawn->x, rows->x, 12 * sizeof(double));
    ck_assert_mem_eq(rows->x + 8, m->x + 16, 4 * sizeof(double));
}
END_TEST

/* Sparse ids: memory follows the ids that occur, numbered in id order. */
START_TEST(test_sparse_ids)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(QiBBFile) bb =
        read_text("s.bb", "T:2000000000:1 :7:3\nT:7:2 :2147483647:5 :3:1\n");
    static const uint32_t used[] = { 3, 7, 2000000000, 2147483647 };
    static const uint32_t columns[] = { 2, 1, 1, 3, 0 };

    ck_assert_uint_eq(bb->n_dims, 2147483647);
    ck_assert_uint_eq(bb->n_used, 4);
    ck_assert_mem_eq(bb->used, used, sizeof(used));
    ck_assert_mem_eq(bb->columns, columns, sizeof(columns));

    /* Each interval is the sum of its ids' rows, in file order. */
    g_autoptr(QiDataset) m = qi_dataset_new(4, 2, "m", &error);
    for (size_t i = 0; i < 8; i++) {
        m->x[i] = (double)(1u << i);
    }
    g_autoptr(QiDataset) x = qi_project(bb, m, &error);
    ck_assert_double_eq(x->x[0], 0.25 * 16 + 0.75 * 4);
    ck_assert_double_eq(x->x[1], 0.25 * 32 + 0.75 * 8);
    ck_assert_double_eq(x->x[2], 0.25 * 4 + 0.625 * 64 + 0.125 * 1);
    ck_assert_double_eq(x->x[3], 0.25 * 8 + 0.625 * 128 + 0.125 * 2);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Datasets and their files                                            */

START_TEST(test_dataset_files)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(QiDataset) d = qi_dataset_new(2, 3, "test", &error);
    static const double values[] = { 0.1, -2.5, 1e-300, 3, 0, 1.0 / 3 };
    memcpy(d->x, values, sizeof(values));
    d->w[0] = 0.25;
    d->w[1] = 0.75;

    g_autofree char *txt = tmp_path("d.txt");
    g_autofree char *bin = tmp_path("d.bin");
    ck_assert(qi_dataset_write(d, txt, FALSE, &error));
    ck_assert(qi_dataset_write(d, bin, TRUE, &error));
    g_autofree char *text = slurp(txt);
    ck_assert_str_eq(text, "2:w\n"
                     "0.25 3: 0.10000000000000000555 -2.5 1.0000000000000000251e-300 \n"
                     "0.75 3: 3 0 0.33333333333333331483 \n");
    for (int binary = 0; binary < 2; binary++) {
        g_autoptr(QiDataset) r = qi_dataset_read(binary ? bin : txt, binary, &error);
        ck_assert_msg(r != NULL, "%s", error ? error->message : "");
        ck_assert_uint_eq(r->rows, 2);
        ck_assert_uint_eq(r->cols, 3);
        ck_assert_mem_eq(r->x, values, sizeof(values));
        ck_assert_double_eq(r->w[1], 0.75);
    }

    /* Without weights, each row weighs 1/rows; bad files are errors. */
    g_autofree char *plain = write_file("plain.txt", "4:1: 5\n1: 6\n1: 7\n1: 8\n");
    g_autoptr(QiDataset) p = qi_dataset_read(plain, FALSE, &error);
    ck_assert_double_eq(p->w[3], 0.25);
    ck_assert_double_eq(p->x[3], 8);
    g_autofree char *bad = write_file("bad.txt", "2:w\n1 2: 1 2\n1 3: 1 2 3\n");
    ck_assert_ptr_null(qi_dataset_read(bad, FALSE, &error));
    ck_assert(strstr(error->message, "rows of different lengths"));
    g_clear_error(&error);
    g_autofree char *cut = write_file("cut.bin", "\2\0\0\0\1\0\0");
    ck_assert_ptr_null(qi_dataset_read(cut, TRUE, &error));
    ck_assert(strstr(error->message, "file ends too early"));
}
END_TEST

/* ------------------------------------------------------------------ */
/* k-means                                                             */

/* 3 well-separated groups of 10 points in 2-D, interleaved: point i is in
 * group i % 3, at (100 g, -50 g) plus a small deterministic offset. */
enum { GROUPS = 3, PER_GROUP = 10, NG = GROUPS * PER_GROUP };
static double group_x[NG * 2], group_w[NG];

static QiPoints group_points(void)
{
    QiRng rng = qi_rng_derive(1, 2, 3);
    for (int i = 0; i < NG; i++) {
        int g = i % GROUPS;
        group_x[2 * i] = 100.0 * g + qi_rng_uniform(&rng) * 3;
        group_x[2 * i + 1] = -50.0 * g + qi_rng_uniform(&rng) * 3;
        group_w[i] = 1.0 / NG;
    }
    return (QiPoints) { .x = group_x, .w = group_w, .n = NG, .dim = 2 };
}

/* The labels put exactly the points of each group together. */
static void check_groups(const uint32_t *labels)
{
    for (int i = 0; i < NG; i++) {
        for (int j = 0; j < NG; j++) {
            ck_assert_msg((labels[i] == labels[j]) == (i % GROUPS == j % GROUPS),
                          "points %d and %d", i, j);
        }
    }
}

static QiClusterParams default_params(void)
{
    return (QiClusterParams) {
        .num_init_seeds = 5, .max_iters = 100, .seed = QI_SP_DEFAULT_SEED_KM,
        .init = QI_INIT_SAMPLE, .bic_threshold = 0.9,
    };
}

/* The search of one mode, as qi-simpoint's main() chooses it. */
static QiSearch *search(gboolean improved, const QiPoints *pts, const size_t *ks,
                        size_t n_ks, size_t max_k, const QiClusterParams *params)
{
    g_autoptr(GError) error = NULL;
    QiSearch *s = improved
        ? qi_improved_search(pts, pts, ks, n_ks, max_k, params)
        : qi_sp32_search(pts, pts, ks, n_ks, max_k, params, &error);

    ck_assert_msg(s, "%s", error ? error->message : "");
    return s;
}

START_TEST(test_sp32_kmeans)
{
    QiPoints pts = group_points();
    g_autoptr(QiDataset) c = qi_dataset_new(GROUPS, 2, "c", NULL);
    uint32_t labels[NG];

    /* From one point of each group: the exact partition and group means. */
    memcpy(c->x, group_x, GROUPS * 2 * sizeof(double));
    ck_assert_uint_eq(qi_sp32_kmeans(&pts, c, 100, NULL), 1);
    qi_sp32_labels(&pts, c, labels, NULL);
    check_groups(labels);
    for (int g = 0; g < GROUPS; g++) {
        ck_assert_double_eq_tol(c->w[g], 1.0 / GROUPS, 1e-15);
    }

    /* Two centres on one point: the second cluster is empty and its centre
     * goes to the origin; at the limit the previous centres come back. */
    g_autoptr(QiDataset) d = qi_dataset_new(3, 2, "d", NULL);
    memcpy(d->x, group_x, 2 * sizeof(double));
    memcpy(d->x + 2, group_x, 2 * sizeof(double));
    memcpy(d->x + 4, group_x + 2, 2 * sizeof(double));
    g_autoptr(QiDataset) once = qi_dataset_copy(d);
    ck_assert_uint_eq(qi_sp32_kmeans(&pts, once, 1, NULL), 1);
    ck_assert_mem_eq(once->x, d->x, 6 * sizeof(double));      /* previous */
    g_autoptr(QiDataset) twice = qi_dataset_copy(d);
    ck_assert_uint_eq(qi_sp32_kmeans(&pts, twice, 100, NULL), 1);  /* converged */
    ck_assert_double_eq(twice->x[2], 0);                      /* origin */
    ck_assert_double_eq(twice->x[3], 0);
    ck_assert_double_eq(twice->w[1], 0);

    /* "samp" draws with replacement, mostly even intervals. */
    double x[6] = { 0, 1, 2, 3, 4, 5 }, w[6] = { 0 };
    QiPoints six = { x, w, 6, 1 };
    g_autoptr(QiDataset) s = qi_dataset_new(1000, 1, "s", NULL);
    QiRan2 rng;
    qi_sp32_init_sample(&six, 3, s);
    qi_ran2_init(&rng, 3);
    size_t even = 0;
    for (size_t i = 0; i < 1000; i++) {
        ck_assert_double_eq(s->x[i], (double)(qi_ran2_int(&rng) % 6));
        even += (int)s->x[i] % 2 == 0;
    }
    ck_assert_uint_gt(even, 990);

    /* Furthest first: one point per group. */
    qi_sp32_init_furthest(&pts, 11, c);
    qi_sp32_kmeans(&pts, c, 100, NULL);
    qi_sp32_labels(&pts, c, labels, NULL);
    check_groups(labels);
}
END_TEST

START_TEST(test_improved_kmeans)
{
    QiPoints pts = group_points();
    uint32_t labels[NG];
    double dist2[NG], weights[GROUPS], centers[GROUPS * 2];

    /* Furthest-first finds one point per group, hence the partition. */
    QiRng rng = qi_rng_derive(5, 0, 0);
    qi_improved_init_furthest(&pts, GROUPS, &rng, centers);
    qi_improved_kmeans(&pts, GROUPS, centers, 100, labels, dist2, weights, NULL);
    check_groups(labels);

    /* k = n: every point is a centre exactly once. */
    double x[5] = { 0, 1, 2, 3, 4 }, w[5] = { .2, .2, .2, .2, .2 }, c[5];
    QiPoints five = { x, w, 5, 1 };
    for (uint64_t s = 0; s < 20; s++) {
        QiRng r = qi_rng_derive(s, 5, 0);
        int seen[5] = { 0 };
        qi_improved_init_sample(&five, 5, &r, c);
        for (int i = 0; i < 5; i++) {
            seen[(int)c[i]]++;
        }
        for (int i = 0; i < 5; i++) {
            ck_assert_int_eq(seen[i], 1);
        }
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* BIC and the choice of k                                             */

START_TEST(test_bic_score)
{
    /* 1-D points 0, 2, 10, 12 in clusters {0, 2} and {10, 12}. */
    double x[4] = { 0, 2, 10, 12 }, w[4] = { .25, .25, .25, .25 };
    QiPoints pts = { x, w, 4, 1 };
    uint32_t labels[4] = { 0, 0, 1, 1 };
    double dist2[4] = { 1, 1, 1, 1 }, cw[2] = { .5, .5 };
    const double pi = 3.14159265358979;     /* SimPoint's */

    double loglik = 4 * (-(log(2 * pi * 1.0) + 1) / 2 + log(0.5));
    double expected = loglik - 4.0 / 2 * log(4.0);
    ck_assert_double_eq_tol(qi_bic_score(&pts, 2, labels, dist2, cw, 0), expected, 1e-12);
    ck_assert_double_eq_tol(qi_bic_distortion(&pts, dist2), 4.0, 1e-12);

    /* The improved mode's variance floor applies below it. */
    double floored = 4 * (-(log(2 * pi * 2.0) + 1) / 2 + log(0.5)) - 2 * log(4.0);
    ck_assert_double_eq_tol(qi_bic_score(&pts, 2, labels, dist2, cw, 2.0), floored, 1e-12);

    /* No spread at all: +infinity without a floor, finite with one. */
    double zero[4] = { 0 };
    ck_assert(isinf(qi_bic_score(&pts, 2, labels, zero, cw, 0)));
    ck_assert(isfinite(qi_bic_score(&pts, 2, labels, zero, cw, 1e-9)));
}
END_TEST

START_TEST(test_bic_choose)
{
    double scores[] = { 10, 100, 95, 50 };
    size_t ks[] = { 1, 30, 15, 8 };
    ck_assert_uint_eq(qi_bic_choose(scores, ks, 4, 0.9), 2);   /* >= 91 */
    ck_assert_uint_eq(qi_bic_choose(scores, ks, 4, 1.0), 1);
    ck_assert_uint_eq(qi_bic_choose(scores, ks, 4, 0.0), 0);
    ck_assert_uint_eq(qi_bic_choose(scores, ks, 4, 0.4), 3);   /* >= 46 */

    double inf[] = { 5, INFINITY, INFINITY, 7 };
    size_t ks2[] = { 1, 3, 2, 4 };
    ck_assert_uint_eq(qi_bic_choose(inf, ks2, 4, 0.9), 2);
    double all_inf[] = { INFINITY, INFINITY };
    size_t ks3[] = { 2, 1 };
    ck_assert_uint_eq(qi_bic_choose(all_inf, ks3, 2, 0.9), 1);
    ck_assert_uint_eq(qi_bic_choose(scores, ks, 1, 0.9), 0);
}
END_TEST

/* Phases A (blocks 1-3), B (blocks 4-6), A: @per * (3 + 4 + 3) intervals,
 * with counts varying by up to @noise in ~1e6. */
static char *phase_text(int per, int noise)
{
    GString *s = g_string_new("# phases A, B, A\n");
    QiRng rng = qi_rng_derive(per, noise, 0);
    for (int i = 0; i < 10 * per; i++) {
        int v[3];
        for (int j = 0; j < 3; j++) {
            v[j] = noise ? (int)qi_rng_below(&rng, 2 * noise + 1) - noise : 0;
        }
        if (i < 3 * per || i >= 7 * per) {
            g_string_append_printf(s, "T:1:%d :2:%d :3:%d \n", 1000000 + v[0],
                                   2000000 + v[1], 3000000 + v[2]);
        } else {
            g_string_append_printf(s, "T:4:%d :5:%d :6:%d \n", 500000 + v[0],
                                   500000 + v[1], 4000000 + v[2]);
        }
    }
    return g_string_free(s, FALSE);
}

static QiDataset *project_default(const QiBBFile *bb)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(QiDataset) m = qi_projection_rows(QI_SP_DEFAULT_SEED_PROJ, bb,
                                                15, &error);
    QiDataset *d = qi_project(bb, m, &error);
    for (size_t i = 0; i < d->rows; i++) {
        d->w[i] = 1.0 / (double)d->rows;       /* -fixedLength on */
    }
    return d;
}

/* The chosen clustering of @s has exactly the two phases as clusters. */
static void check_phases(const QiPoints *pts, const QiSearch *s)
{
    const QiRun *run = qi_search_chosen(s);
    size_t n = pts->n, per = n / 10;
    g_autofree uint32_t *labels = g_new(uint32_t, n);

    ck_assert_uint_eq(run->k, 2);
    qi_sp32_labels(pts, run->final, labels, NULL);
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_eq(labels[i] == labels[0], i < 3 * per || i >= 7 * per);
    }
    ck_assert_double_eq_tol(run->final->w[labels[0]], 0.6, 1e-12);
}

START_TEST(test_search_two_phases)
{
    for (int noise = 0; noise <= 30; noise += 30) {
        g_autofree char *text = phase_text(10, noise);
        g_autoptr(QiBBFile) bb = read_text("aba.bb", text);
        g_autoptr(QiDataset) d = project_default(bb);
        QiPoints pts = qi_dataset_points(d);

        for (int improved = 0; improved < 2; improved++) {
            QiClusterParams params = default_params();
            params.min_variance = qi_variance_floor(bb);

            /* Binary search: k = 1, 5, 3, then the lower window. */
            QiSearch *s = search(improved, &pts, NULL, 0, 5, &params);
            ck_assert_uint_eq(((QiRun *)g_ptr_array_index(s->runs, 0))->k, 1);
            ck_assert_uint_eq(((QiRun *)g_ptr_array_index(s->runs, 1))->k, 5);
            ck_assert_uint_eq(((QiRun *)g_ptr_array_index(s->runs, 2))->k, 3);
            check_phases(&pts, s);
            qi_search_free(s);

            /* Every k from 1 to 6. */
            size_t ks[6] = { 1, 2, 3, 4, 5, 6 };
            s = search(improved, &pts, ks, 6, 0, &params);
            check_phases(&pts, s);
            qi_search_free(s);
        }
    }
}
END_TEST

START_TEST(test_search_order)
{
    /* Improved mode: a k's clustering does not depend on the order of the
     * k values; SimPoint's does (its seeds advance with the position). */
    g_autofree char *text = phase_text(10, 300000);
    g_autoptr(QiBBFile) bb = read_text("aba.bb", text);
    g_autoptr(QiDataset) d = project_default(bb);
    QiPoints pts = qi_dataset_points(d);
    size_t up[3] = { 4, 5, 6 }, down[3] = { 6, 5, 4 };
    gboolean differs = FALSE;

    for (int improved = 0; improved < 2; improved++) {
        QiClusterParams params = default_params();
        QiSearch *a = search(improved, &pts, up, 3, 0, &params);
        QiSearch *b = search(improved, &pts, down, 3, 0, &params);
        for (size_t i = 0; i < 3; i++) {
            const QiRun *ra = g_ptr_array_index(a->runs, i);
            const QiRun *rb = g_ptr_array_index(b->runs, 2 - i);
            gboolean same = ra->bic == rb->bic &&
                memcmp(ra->final->x, rb->final->x, ra->k * 15 * sizeof(double)) == 0;
            if (improved) {
                ck_assert(same);
            } else {
                differs |= !same;
            }
        }
        qi_search_free(a);
        qi_search_free(b);
    }
    ck_assert(differs);
}
END_TEST

/* A synthetic .bb file: @n intervals in runs of 12 phases over 3000 ids. */
static char *synthetic_bb(size_t n)
{
    QiRng rng = qi_rng_derive(2024, 0, 0);
    uint32_t blocks[12][60];
    GString *s = g_string_sized_new(n * 500);

    for (int p = 0; p < 12; p++) {
        for (int b = 0; b < 60; b++) {
            blocks[p][b] = 1 + (uint32_t)(p * 250 + b * 4 + qi_rng_below(&rng, 4));
        }
    }
    for (size_t i = 0; i < n;) {
        int p = (int)qi_rng_below(&rng, 12);
        size_t len = 5 + qi_rng_below(&rng, 200);
        for (size_t j = 0; j < len && i < n; j++, i++) {
            g_string_append_c(s, 'T');
            for (int b = 0; b < 60; b++) {
                unsigned count = 100 + (unsigned)b * 37 % 900 + (unsigned)qi_rng_below(&rng, 300);
                g_string_append_printf(s, ":%u:%u ", blocks[p][b], count);
            }
            g_string_append_c(s, '\n');
        }
    }
    return g_string_free(s, FALSE);
}

START_TEST(test_threads)
{
    /* The same result on 1 and 3 threads, in both modes. */
    g_autofree char *text = synthetic_bb(3000);
    g_autofree char *path = write_gz("big.bb.gz", text);
    g_autoptr(QiBBFile) bb = read_path(path);
    g_autoptr(QiDataset) d = project_default(bb);
    QiPoints pts = qi_dataset_points(d);

    for (int improved = 0; improved < 2; improved++) {
        QiClusterParams params = default_params();
        params.threads = 3;
        QiSearch *s3 = search(improved, &pts, NULL, 0, 20, &params);
        params.threads = 1;
        QiSearch *s1 = search(improved, &pts, NULL, 0, 20, &params);
        const QiRun *c1 = qi_search_chosen(s1), *c3 = qi_search_chosen(s3);

        ck_assert_uint_eq(s1->runs->len, s3->runs->len);
        ck_assert_uint_eq(c1->k, c3->k);
        ck_assert_uint_eq(c1->trial, c3->trial);
        ck_assert_mem_eq(c1->final->x, c3->final->x, c1->k * 15 * sizeof(double));
        qi_search_free(s1);
        qi_search_free(s3);
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* Sampling                                                            */

START_TEST(test_sample)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(QiDataset) d = qi_dataset_new(50, 1, "d", &error);
    double total = 0;
    for (size_t i = 0; i < 50; i++) {
        d->x[i] = (double)i;
        d->w[i] = (double)(i % 5 + 1);
        total += d->w[i];
    }
    for (size_t i = 0; i < 50; i++) {
        d->w[i] /= total;
    }
    g_autoptr(QiDataset) a = qi_sample(d, 10, 42, &error);
    g_autoptr(QiDataset) b = qi_sample(d, 10, 42, &error);
    ck_assert_uint_eq(a->rows, 10);
    ck_assert_mem_eq(a->x, b->x, 10 * sizeof(double));
    double sum = 0;
    for (size_t i = 0; i < 10; i++) {
        sum += a->w[i];
        ck_assert(i == 0 || a->x[i] > a->x[i - 1]);         /* in order */
    }
    ck_assert_double_eq_tol(sum, 1.0, 1e-12);

    d->w[0] = 1;
    memset(d->w + 1, 0, 49 * sizeof(double));
    ck_assert_ptr_null(qi_sample(d, 2, 42, &error));
    ck_assert_str_eq(error->message, "-sampleSize 2: only 1 intervals have a positive weight");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Output files                                                        */

START_TEST(test_output_files)
{
    g_autoptr(GError) error = NULL;
    /* Points 0, 1, 10, 11, 12 (weights 0.2) and centres 0.5, 11, 100. */
    g_autoptr(QiDataset) d = qi_dataset_new(5, 1, "d", &error);
    static const double xs[] = { 0, 1, 10, 11, 12 };
    memcpy(d->x, xs, sizeof(xs));
    QiDataset *c = qi_dataset_new(3, 1, "c", &error);
    c->x[0] = 0.5;
    c->x[1] = 11;
    c->x[2] = 100;
    c->w[0] = 0.4;
    c->w[1] = 0.5;
    c->w[2] = 0.1;          /* no interval: written as -1 */
    QiRun *run = qi_run_new(3, qi_dataset_copy(c), c);
    QiSpOptions o;
    qi_sp_options_init(&o);
    o.save_simpoints = tmp_path("sp");
    o.save_weights = tmp_path("w");
    o.save_labels = tmp_path("l");
    o.coverage = 0.8;

    ck_assert(qi_save_run(&o, d, run, 1, &error));
    g_autofree char *sp = slurp(o.save_simpoints);
    g_autofree char *w = slurp(o.save_weights);
    g_autofree char *l = slurp(o.save_labels);
    g_autofree char *lpt_path = g_strconcat(o.save_simpoints, ".lpt0.8", NULL);
    g_autofree char *lpt = slurp(lpt_path);
    ck_assert_str_eq(sp, "0 0\n3 1\n-1 2\n");
    ck_assert_str_eq(w, "0.4 0\n0.5 1\n0.1 2\n");
    ck_assert_str_eq(l, "0 0.5\n0 0.5\n1 1\n1 0\n1 1\n");
    ck_assert_str_eq(lpt, "0 0\n3 1\n");

    /* -saveAll names the files after the run and k. */
    o.save_all = TRUE;
    ck_assert(qi_save_run(&o, d, run, 2, &error));
    g_autofree char *all = g_strconcat(o.save_simpoints, ".lpt0.8.run_2_k_3", NULL);
    ck_assert(g_file_test(all, G_FILE_TEST_EXISTS));
    qi_run_free(run);
    qi_sp_options_clear(&o);
}
END_TEST

START_TEST(test_largest_clusters)
{
    g_autoptr(QiDataset) c = qi_dataset_new(4, 1, "c", NULL);
    static const double w[] = { 0.3, 0.3, 0.4, 0 };
    memcpy(c->w, w, sizeof(w));
    g_autofree gboolean *all = qi_largest_clusters(c, 1.0);
    g_autofree gboolean *most = qi_largest_clusters(c, 0.6);
    g_autofree gboolean *half = qi_largest_clusters(c, 0.5);
    static const gboolean e_all[] = { TRUE, TRUE, TRUE, FALSE };
    static const gboolean e_most[] = { FALSE, TRUE, TRUE, FALSE };  /* ties: higher number first */
    ck_assert_mem_eq(all, e_all, sizeof(e_all));
    ck_assert_mem_eq(most, e_most, sizeof(e_most));
    ck_assert_mem_eq(half, e_most, sizeof(e_most));
}
END_TEST

/* ------------------------------------------------------------------ */
/* Options                                                             */

/* Parse the NULL-terminated @args (argv[0] is added). */
static gboolean parse(QiSpOptions *opts, const char *const *args, GError **error)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_ptr_array_add(argv, (gpointer)"qi-simpoint");
    for (size_t i = 0; args[i]; i++) {
        g_ptr_array_add(argv, (gpointer)args[i]);
    }
    qi_sp_options_init(opts);
    return qi_sp_options_parse(opts, (int)argv->len, (char **)argv->pdata, error);
}

static void check_option_error(const char *const *args, const char *message)
{
    QiSpOptions opts;
    g_autoptr(GError) error = NULL;
    ck_assert(!parse(&opts, args, &error));
    ck_assert_str_eq(error->message, message);
    qi_sp_options_clear(&opts);
}

START_TEST(test_options_defaults)
{
    QiSpOptions o;
    g_autoptr(GError) error = NULL;
    const char *args[] = { "-loadFVFile", "x.bb", "-maxK", "30", NULL };
    ck_assert(parse(&o, args, &error));
    ck_assert_str_eq(o.fv_file, "x.bb");
    ck_assert_uint_eq(o.max_k, 30);
    ck_assert(o.k_search);
    ck_assert_uint_eq(o.dim, 15);
    ck_assert(!o.no_project);
    ck_assert_int_eq(o.seed_proj, 2042712918);
    ck_assert_int_eq(o.seed_km, 493575226);
    ck_assert_int_eq(o.seed_sample, 385089224);
    ck_assert_int_eq(o.sample_size, -1);
    ck_assert_uint_eq(o.num_init_seeds, 5);
    ck_assert_uint_eq(o.iters, 100);
    ck_assert(o.fixed_length);
    ck_assert_double_eq(o.bic_threshold, 0.9);
    ck_assert_double_eq(o.coverage, 1.0);
    ck_assert_int_eq(o.init, QI_INIT_SAMPLE);
    ck_assert_ptr_null(o.save_simpoints);
    ck_assert(!o.improved && !o.save_all && !o.gzipped);
    ck_assert_uint_eq(o.threads, 0);
    ck_assert(qi_sp_options_given(&o, "maxK"));
    ck_assert(!qi_sp_options_given(&o, "k"));
    qi_sp_options_clear(&o);
}
END_TEST

START_TEST(test_options_all)
{
    QiSpOptions o;
    g_autoptr(GError) error = NULL;
    const char *args[] = {
        "-loadFVFile", "x.bb.gz", "-inputVectorsGzipped", "-k", "1:3,7,10:-2:6",
        "-dim", "noProject", "-seedkm", "-7", "-numInitSeeds", "3",
        "-iters", "off", "-initkm", "ff", "-fixedLength", "off",
        "-bicThreshold", "0.5", "-coveragePct", "0.25", "-saveAll",
        "-numFVs", "12", "-FVDim", "40", "-sampleSize", "6", "-seedsample", "9",
        "-saveSimpoints", "a", "-saveSimpointWeights", "b", "-saveLabels", "c",
        "-saveVectorWeights", "d", "-saveInitCtrs", "e", "-saveFinalCtrs", "f",
        "-saveVectorsTxtFmt", "g", "-saveVectorsBinFmt", "h",
        "-threads", "2", "-verbose", "1", "-improved", NULL,
    };
    ck_assert_msg(parse(&o, args, &error), "%s", error ? error->message : "");
    static const size_t ks[] = { 1, 2, 3, 7, 10, 8, 6 };
    ck_assert(!o.k_search);
    ck_assert_uint_eq(o.k_values->len, G_N_ELEMENTS(ks));
    ck_assert_mem_eq(o.k_values->data, ks, sizeof(ks));
    ck_assert(o.no_project && o.gzipped && o.save_all && o.improved);
    ck_assert_int_eq(o.seed_km, -7);
    ck_assert_uint_eq(o.num_init_seeds, 3);
    ck_assert_uint_eq(o.iters, G_MAXUINT);
    ck_assert_int_eq(o.init, QI_INIT_FURTHEST);
    ck_assert(!o.fixed_length);
    ck_assert_double_eq(o.bic_threshold, 0.5);
    ck_assert_double_eq(o.coverage, 0.25);
    ck_assert_int_eq(o.num_fvs, 12);
    ck_assert_int_eq(o.fv_dim, 40);
    ck_assert_int_eq(o.sample_size, 6);
    ck_assert_int_eq(o.seed_sample, 9);
    ck_assert_str_eq(o.save_simpoints, "a");
    ck_assert_str_eq(o.save_weights, "b");
    ck_assert_str_eq(o.save_labels, "c");
    ck_assert_str_eq(o.save_vector_weights, "d");
    ck_assert_str_eq(o.save_init_ctrs, "e");
    ck_assert_str_eq(o.save_final_ctrs, "f");
    ck_assert_str_eq(o.save_vectors_txt, "g");
    ck_assert_str_eq(o.save_vectors_bin, "h");
    ck_assert_uint_eq(o.threads, 2);
    ck_assert_uint_eq(o.verbose, 1);
    qi_sp_options_clear(&o);

    /* Projection files, loaded weights (which imply -fixedLength off). */
    const char *proj[] = {
        "-loadFVFile", "x", "-maxK", "3", "-dim", "4", "-loadProjMatrixBinFmt",
        "m", "-saveProjMatrixTxtFmt", "t", "-saveProjMatrixBinFmt", "u",
        "-loadVectorWeights", "w", "-iters", "0", NULL,
    };
    ck_assert_msg(parse(&o, proj, &error), "%s", error ? error->message : "");
    ck_assert_str_eq(o.load_proj_bin, "m");
    ck_assert_str_eq(o.save_proj_txt, "t");
    ck_assert_str_eq(o.save_proj_bin, "u");
    ck_assert_str_eq(o.load_vector_weights, "w");
    ck_assert(!o.fixed_length);
    ck_assert_uint_eq(o.iters, 0);
    qi_sp_options_clear(&o);

    /* Loaded vectors and a given start: one k, one run. */
    const char *start[] = {
        "-loadVectorsTxtFmt", "v", "-fixedLength", "on", "-loadInitLabels", "l",
        NULL,
    };
    ck_assert_msg(parse(&o, start, &error), "%s", error ? error->message : "");
    ck_assert_str_eq(o.load_vectors_txt, "v");
    ck_assert_str_eq(o.load_init_labels, "l");
    ck_assert(!o.k_search);
    ck_assert_uint_eq(o.num_init_seeds, 1);
    qi_sp_options_clear(&o);
    const char *ctrs[] = {
        "-loadVectorsBinFmt", "v", "-fixedLength", "off", "-loadInitCtrs", "c",
        "-saveInitCtrs", "i", "-saveFinalCtrs", "f", NULL,
    };
    ck_assert_msg(parse(&o, ctrs, &error), "%s", error ? error->message : "");
    ck_assert_str_eq(o.load_init_ctrs, "c");
    ck_assert(!o.fixed_length);
    qi_sp_options_clear(&o);

    const char *help[] = { "-h", NULL };
    ck_assert(parse(&o, help, &error));
    ck_assert(o.help);
    qi_sp_options_clear(&o);
}
END_TEST

START_TEST(test_options_errors)
{
#define ERR(msg, ...) do {                                  \
        const char *a[] = { __VA_ARGS__, NULL };            \
        check_option_error(a, msg);                         \
    } while (0)
    /* Values. */
    ERR("option -maxK needs an argument (K)", "-loadFVFile", "f", "-maxK");
    ERR("-maxK: '0' is not an integer >= 1", "-maxK", "0");
    ERR("-maxK: '3x' is not an integer >= 1", "-maxK", "3x");
    ERR("unknown option '-foo'", "-foo");
    ERR("unknown option '--maxK'", "--maxK", "3");
    ERR("unexpected argument 'extra'", "extra");
    ERR("-fixedLength: 'maybe' is not 'on' or 'off'", "-fixedLength", "maybe");
    ERR("-bicThreshold: '1.5' is not a number between 0 and 1", "-bicThreshold", "1.5");
    ERR("-coveragePct: '-0.1' is not a number between 0 and 1", "-coveragePct", "-0.1");
    ERR("-iters: '-1' is not an integer >= 0 or 'off'", "-iters", "-1");
    ERR("-dim: '0' is not an integer >= 1 or 'noProject'", "-dim", "0");
    ERR("-initkm: 'kpp' is not 'samp' or 'ff'", "-initkm", "kpp");
    ERR("-seedkm: 'x' is not an integer from -2147483648 to 2147483647", "-seedkm", "x");
    ERR("-seedproj: '2147483648' is not an integer from -2147483648 to 2147483647",
        "-seedproj", "2147483648");
    ERR("-seedsample: '' is not an integer from -2147483648 to 2147483647",
        "-seedsample", "");
    ERR("-numInitSeeds: '0' is not an integer >= 1", "-numInitSeeds", "0");
    ERR("-sampleSize: '-2' is not an integer >= -1", "-sampleSize", "-2");
    ERR("-numFVs: '0' is not an integer >= 1", "-numFVs", "0");
    ERR("-FVDim: 'x' is not an integer >= 1", "-FVDim", "x");
    ERR("-threads: '-1' is not an integer >= 0", "-threads", "-1");
    ERR("-verbose: 'v' is not an integer >= 0", "-verbose", "v");
    ERR("-k: 'x' in '3:x' is not an integer >= 1", "-k", "3:x");
    ERR("-k: '0' in '1:0:4' is not a non-zero integer", "-k", "1:0:4");
    ERR("-k: '1:2:3:4' is not k, start:end or start:step:end", "-k", "1:2:3:4");
    ERR("-k: empty list of k values", "-k", "");
    ERR("-k: '0' in '0' is not an integer >= 1", "-k", "0");
    /* Combinations, as SimPoint 3.2 checks them. */
    ERR("exactly one of -loadFVFile, -loadVectorsTxtFmt and -loadVectorsBinFmt "
        "is required", "-maxK", "10");
    ERR("exactly one of -loadFVFile, -loadVectorsTxtFmt and -loadVectorsBinFmt "
        "is required", "-loadFVFile", "f", "-loadVectorsBinFmt", "g", "-maxK", "2");
    ERR("-maxK is required with -k search", "-loadFVFile", "f");
    ERR("-maxK cannot be given with a list of k values", "-loadFVFile", "f",
        "-k", "3", "-maxK", "4");
    ERR("-k cannot be given with -loadInitCtrs or -loadInitLabels (k is the "
        "number of loaded clusters)", "-loadFVFile", "f", "-loadInitCtrs", "c",
        "-k", "3");
    ERR("-numInitSeeds cannot be given with -loadInitCtrs or -loadInitLabels "
        "(only that start is used)", "-loadFVFile", "f", "-loadInitLabels", "c",
        "-numInitSeeds", "3");
    ERR("-seedkm cannot be given with -loadInitCtrs or -loadInitLabels (only "
        "that start is used)", "-loadFVFile", "f", "-loadInitLabels", "c",
        "-seedkm", "3");
    ERR("-initkm cannot be given with -loadInitCtrs or -loadInitLabels (only "
        "that start is used)", "-loadFVFile", "f", "-loadInitLabels", "c",
        "-initkm", "ff");
    ERR("-maxK cannot be given with -loadInitCtrs or -loadInitLabels (only "
        "that start is used)", "-loadFVFile", "f", "-loadInitLabels", "c",
        "-maxK", "3");
    ERR("-bicThreshold cannot be given with -loadInitCtrs or -loadInitLabels "
        "(no search is done)", "-loadFVFile", "f", "-loadInitLabels", "c",
        "-bicThreshold", "0.5");
    ERR("-loadInitCtrs and -loadInitLabels cannot be given together",
        "-loadFVFile", "f", "-loadInitLabels", "c", "-loadInitCtrs", "d");
    ERR("-dim has no effect on vectors loaded with -loadVectorsTxtFmt or "
        "-loadVectorsBinFmt", "-loadVectorsTxtFmt", "v", "-maxK", "3", "-dim", "4");
    ERR("-seedproj has no effect on vectors loaded with -loadVectorsTxtFmt or "
        "-loadVectorsBinFmt", "-loadVectorsTxtFmt", "v", "-maxK", "3",
        "-seedproj", "4");
    ERR("-seedproj cannot be given with a loaded projection matrix",
        "-loadFVFile", "f", "-maxK", "3", "-seedproj", "4",
        "-loadProjMatrixTxtFmt", "m");
    ERR("-dim noProject uses no projection matrix to save", "-loadFVFile", "f",
        "-maxK", "3", "-dim", "noProject", "-saveProjMatrixBinFmt", "m");
    ERR("-dim noProject uses no projection: -seedproj has no effect",
        "-loadFVFile", "f", "-maxK", "3", "-dim", "noProject", "-seedproj", "1");
    ERR("no projection matrix is loaded or saved with -loadVectorsTxtFmt or "
        "-loadVectorsBinFmt", "-loadVectorsTxtFmt", "v", "-maxK", "3",
        "-saveProjMatrixTxtFmt", "m");
    ERR("-numFVs and -FVDim apply to -loadFVFile only", "-loadVectorsTxtFmt", "v",
        "-maxK", "3", "-numFVs", "3", "-FVDim", "3");
    ERR("-numFVs and -FVDim go together", "-loadFVFile", "f", "-maxK", "3",
        "-numFVs", "3");
    ERR("only one of -loadProjMatrixTxtFmt and -loadProjMatrixBinFmt may be "
        "given", "-loadFVFile", "f", "-maxK", "3", "-loadProjMatrixTxtFmt", "a",
        "-loadProjMatrixBinFmt", "b");
    ERR("-fixedLength on|off is required with -loadVectorsTxtFmt or "
        "-loadVectorsBinFmt", "-loadVectorsBinFmt", "v", "-maxK", "3");
    ERR("-seedsample requires -sampleSize", "-loadFVFile", "f", "-maxK", "3",
        "-seedsample", "3");
    ERR("-coveragePct requires -saveSimpoints or -saveSimpointWeights",
        "-loadFVFile", "f", "-maxK", "3", "-coveragePct", "0.5");
#undef ERR
}
END_TEST

/* ------------------------------------------------------------------ */
/* Input files                                                         */

START_TEST(test_input_files)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *bb = write_file("in.bb", "T:1:1 :2:3\nT:2:4\nT:1:2 :2:2\n");
    g_autofree char *weights = write_file("w.txt", "1 2\n5\n");
    g_autofree char *short_w = write_file("s.txt", "1 2\n");
    g_autofree char *saved = tmp_path("vw.txt");
    g_autofree char *proj = tmp_path("proj.txt");
    QiSpOptions o;

    qi_sp_options_init(&o);
    o.fv_file = g_strdup(bb);
    o.load_vector_weights = g_strdup(weights);
    o.fixed_length = FALSE;
    o.dim = 2;
    o.save_vector_weights = g_strdup(saved);
    o.save_proj_txt = g_strdup(proj);
    QiInput *in = qi_input_load(&o, &error);
    ck_assert_msg(in != NULL, "%s", error ? error->message : "");
    ck_assert_double_eq(in->data->w[0], 0.125);
    ck_assert_double_eq(in->data->w[2], 0.625);
    g_autofree char *text = slurp(saved);
    ck_assert_str_eq(text, "0.125\n0.25\n0.625\n");
    qi_input_free(in);

    /* The saved matrix loads back and projects the same. */
    g_free(o.load_proj_txt);
    o.load_proj_txt = g_strdup(proj);
    g_clear_pointer(&o.save_proj_txt, g_free);
    in = qi_input_load(&o, &error);
    ck_assert_msg(in != NULL, "%s", error ? error->message : "");
    qi_input_free(in);

    /* Too few weights, or a size that -numFVs contradicts. */
    g_free(o.load_vector_weights);
    o.load_vector_weights = g_strdup(short_w);
    ck_assert_ptr_null(qi_input_load(&o, &error));
    g_autofree char *expected = g_strdup_printf("%s: 2 numbers, 3 expected "
                                                "(one per interval)", short_w);
    ck_assert_str_eq(error->message, expected);
    g_clear_error(&error);
    o.num_fvs = 4;
    o.fv_dim = 2;
    ck_assert_ptr_null(qi_input_load(&o, &error));
    g_autofree char *fvs = g_strdup_printf("%s: 3 intervals, but -numFVs is 4", bb);
    ck_assert_str_eq(error->message, fvs);
    qi_sp_options_clear(&o);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("simpoint");
    TCase *reader = tcase_create("reader");
    tcase_add_checked_fixture(reader, setup, teardown);
    tcase_add_test(reader, test_parse_good);
    tcase_add_test(reader, test_parse_gzip);
    tcase_add_test(reader, test_parse_errors);
    tcase_add_test(reader, test_parse_warnings);
    tcase_add_test(reader, test_sparse_ids);
    suite_add_tcase(suite, reader);

    TCase *gen = tcase_create("generator and projection");
    tcase_add_checked_fixture(gen, setup, teardown);
    tcase_add_test(gen, test_ran2_first_outputs);
    tcase_add_test(gen, test_projection);
    tcase_add_test(gen, test_dataset_files);
    tcase_add_test(gen, test_input_files);
    suite_add_tcase(suite, gen);

    TCase *km = tcase_create("kmeans");
    tcase_add_test(km, test_sp32_kmeans);
    tcase_add_test(km, test_improved_kmeans);
    tcase_add_test(km, test_sample);
    suite_add_tcase(suite, km);

    TCase *bic = tcase_create("bic and search");
    tcase_add_checked_fixture(bic, setup, teardown);
    tcase_set_timeout(bic, 60);
    tcase_add_test(bic, test_bic_score);
    tcase_add_test(bic, test_bic_choose);
    tcase_add_test(bic, test_search_two_phases);
    tcase_add_test(bic, test_search_order);
    tcase_add_test(bic, test_threads);
    suite_add_tcase(suite, bic);

    TCase *out = tcase_create("outputs");
    tcase_add_checked_fixture(out, setup, teardown);
    tcase_add_test(out, test_output_files);
    tcase_add_test(out, test_largest_clusters);
    suite_add_tcase(suite, out);

    TCase *opt = tcase_create("options");
    tcase_add_test(opt, test_options_defaults);
    tcase_add_test(opt, test_options_all);
    tcase_add_test(opt, test_options_errors);
    suite_add_tcase(suite, opt);

    return run_suite(suite);
}
