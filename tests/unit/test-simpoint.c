/*
 * Unit tests for qi-simpoint (tools/simpoint/): the .bb reader, the
 * projection, k-means, the BIC and the choice of k, simulation points and
 * output formats, and the options.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "bbfile.h"
#include "bic.h"
#include "kmeans.h"
#include "options.h"
#include "project.h"
#include "rng.h"
#include "search.h"
#include "simpoints.h"

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

/* Run @call with FILE *f writing to a string; store the string in @out. */
#define CAPTURE(out, call)                                            \
    do {                                                              \
        char *buf_ = NULL;                                            \
        size_t len_ = 0;                                              \
        FILE *f = open_memstream(&buf_, &len_);                       \
        ck_assert_ptr_nonnull(f);                                     \
        call;                                                         \
        fclose(f);                                                    \
        (out) = buf_;                                                 \
    } while (0)

static QiClusterParams default_params(void)
{
    return (QiClusterParams) {
        .num_init_seeds = 5, .max_iters = 100, .seed = QI_SP_DEFAULT_SEED_KM,
        .init = QI_INIT_SAMPLE, .bic_threshold = 0.9, .threads = 0,
    };
}

/* Projected points of a .bb file with SimPoint's defaults. */
typedef struct Projected {
    double *x;
    double *w;
    QiPoints pts;
} Projected;

static Projected project_default(const QiBBFile *bb, gboolean fixed_length)
{
    g_autoptr(GError) error = NULL;
    Projected p;
    p.x = qi_project(bb, 15, QI_SP_DEFAULT_SEED_PROJ, &error);
    ck_assert_msg(p.x != NULL, "%s", error ? error->message : "");
    p.w = qi_interval_weights(bb, fixed_length);
    p.pts = (QiPoints) { .x = p.x, .w = p.w, .n = bb->n_intervals, .dim = 15 };
    return p;
}

static void projected_free(Projected *p)
{
    g_free(p->x);
    g_free(p->w);
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
/* The projection                                                      */

START_TEST(test_projection_rows)
{
    double a[15], b[15], c[15], d[15];
    qi_project_row(42, 7, 15, a);
    qi_project_row(42, 7, 15, b);
    qi_project_row(42, 8, 15, c);
    qi_project_row(43, 7, 15, d);
    ck_assert_mem_eq(a, b, sizeof(a));
    ck_assert(memcmp(a, c, sizeof(a)) != 0);
    ck_assert(memcmp(a, d, sizeof(a)) != 0);

    /* Uniform in [-1, 1). */
    double lo = 1, hi = -1, sum = 0;
    for (uint32_t id = 1; id <= 10000; id++) {
        double row[15];
        qi_project_row(QI_SP_DEFAULT_SEED_PROJ, id, 15, row);
        for (int j = 0; j < 15; j++) {
            ck_assert(row[j] >= -1.0 && row[j] < 1.0);
            lo = MIN(lo, row[j]);
            hi = MAX(hi, row[j]);
            sum += row[j];
        }
    }
    ck_assert(lo < -0.999 && hi > 0.999);
    ck_assert(fabs(sum / 150000) < 0.01);
}
END_TEST

START_TEST(test_projection_data)
{
    g_autoptr(GError) error = NULL;
    double r1[4], r2[4], r5[4];
    qi_project_row(9, 1, 4, r1);
    qi_project_row(9, 2, 4, r2);
    qi_project_row(9, 5, 4, r5);

    /* Normalised by the interval's sum, then projected. */
    g_autoptr(QiBBFile) bb = read_text("p.bb", "T:1:1 :2:3\nT:5:2\n");
    g_autofree double *x = qi_project(bb, 4, 9, &error);
    ck_assert_ptr_nonnull(x);
    for (int j = 0; j < 4; j++) {
        ck_assert_double_eq_tol(x[j], 0.25 * r1[j] + 0.75 * r2[j], 1e-15);
        ck_assert_double_eq(x[4 + j], r5[j]);
    }

    /* The row of a block depends on its id only, not on the file... */
    g_autoptr(QiBBFile) other = read_text("q.bb", "T:5:7\n");
    g_autofree double *y = qi_project(other, 4, 9, &error);
    ck_assert_mem_eq(y, x + 4, 4 * sizeof(double));

    /* ...so renumbering the blocks changes the projection. */
    g_autoptr(QiBBFile) renumbered = read_text("r.bb", "T:2:1 :1:3\nT:5:2\n");
    g_autofree double *z = qi_project(renumbered, 4, 9, &error);
    ck_assert(memcmp(z, x, 4 * sizeof(double)) != 0);

    /* Same input and seed, same result. */
    g_autofree double *again = qi_project(bb, 4, 9, &error);
    ck_assert_mem_eq(again, x, 8 * sizeof(double));

    /* noProject: the normalised vectors themselves. */
    g_autofree double *raw = qi_project_none(bb, &error);
    static const double expected[] = { 0.25, 0.75, 0, 0, 0, 0, 0, 0, 0, 1 };
    ck_assert_mem_eq(raw, expected, sizeof(expected));
}
END_TEST

START_TEST(test_interval_weights)
{
    g_autoptr(QiBBFile) bb = read_text("w.bb", "T:1:1 :2:3\nT:5:2\nT:1:2\n");
    g_autofree double *fixed = qi_interval_weights(bb, TRUE);
    g_autofree double *var = qi_interval_weights(bb, FALSE);
    for (int i = 0; i < 3; i++) {
        ck_assert_double_eq(fixed[i], 1.0 / 3);
    }
    ck_assert_double_eq(var[0], 0.5);
    ck_assert_double_eq(var[1], 0.25);
    ck_assert_double_eq(var[2], 0.25);
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

START_TEST(test_kmeans_known_clusters)
{
    QiPoints pts = group_points();
    uint32_t labels[NG];
    double dist2[NG], weights[GROUPS], centers[GROUPS * 2];
    unsigned iters;

    /* From one point of each group: the exact partition and group means. */
    memcpy(centers, group_x, sizeof(centers));
    ck_assert(qi_kmeans_run(&pts, GROUPS, centers, 100, labels, dist2, weights, &iters));
    check_groups(labels);
    ck_assert_uint_eq(iters, 2);
    for (int g = 0; g < GROUPS; g++) {
        double mx = 0, my = 0;
        for (int i = g; i < NG; i += GROUPS) {
            mx += group_x[2 * i] / PER_GROUP;
            my += group_x[2 * i + 1] / PER_GROUP;
        }
        ck_assert_uint_eq(labels[g], g);
        ck_assert_double_eq_tol(centers[2 * g], mx, 1e-12);
        ck_assert_double_eq_tol(centers[2 * g + 1], my, 1e-12);
        ck_assert_double_eq_tol(weights[g], 1.0 / GROUPS, 1e-15);
    }

    /* Furthest-first finds one point per group, hence the partition too. */
    QiRng rng = qi_rng_derive(5, 0, 0);
    qi_kmeans_init_furthest(&pts, GROUPS, &rng, centers);
    qi_kmeans_run(&pts, GROUPS, centers, 100, labels, dist2, weights, NULL);
    check_groups(labels);

    /* The best of 5 random samplings (by BIC), for several seeds. */
    for (uint64_t seed = 0; seed < 10; seed++) {
        QiClusterParams params = default_params();
        params.seed = seed;
        QiClustering *c = qi_cluster_k(&pts, GROUPS, &params);
        qi_kmeans_assign(&pts, GROUPS, c->centers, labels, dist2, weights);
        check_groups(labels);
        ck_assert_uint_eq(c->non_empty, GROUPS);
        qi_clustering_free(c);
    }
}
END_TEST

START_TEST(test_kmeans_sample_init)
{
    /* k = n: every point is a centre exactly once. */
    double x[5] = { 0, 1, 2, 3, 4 }, w[5] = { .2, .2, .2, .2, .2 }, c[5];
    QiPoints pts = { x, w, 5, 1 };
    for (uint64_t s = 0; s < 20; s++) {
        QiRng rng = qi_rng_derive(s, 5, 0);
        int seen[5] = { 0 };
        qi_kmeans_init_sample(&pts, 5, &rng, c);
        for (int i = 0; i < 5; i++) {
            seen[(int)c[i]]++;
        }
        for (int i = 0; i < 5; i++) {
            ck_assert_int_eq(seen[i], 1);
        }
    }
}
END_TEST

/* Plain Lloyd's algorithm, for comparison with qi_kmeans_run(). */
static unsigned naive_lloyd(const QiPoints *pts, size_t k, double *centers,
                            unsigned max_iters, uint32_t *labels)
{
    size_t n = pts->n, dim = pts->dim;
    double *sums = g_new(double, k * dim), *wsum = g_new(double, k);
    unsigned iter = 0;

    while (iter < max_iters) {
        size_t changes = 0;
        for (size_t i = 0; i < n; i++) {
            double best = INFINITY;
            uint32_t label = 0;
            for (size_t c = 0; c < k; c++) {
                double d = 0;
                for (size_t j = 0; j < dim; j++) {
                    double t = pts->x[i * dim + j] - centers[c * dim + j];
                    d += t * t;
                }
                if (d < best) {
                    best = d;
                    label = (uint32_t)c;
                }
            }
            changes += iter == 0 || labels[i] != label;
            labels[i] = label;
        }
        iter++;
        if (iter > 1 && changes == 0) {
            break;
        }
        memset(sums, 0, k * dim * sizeof(double));
        memset(wsum, 0, k * sizeof(double));
        for (size_t i = 0; i < n; i++) {
            for (size_t j = 0; j < dim; j++) {
                sums[labels[i] * dim + j] += pts->w[i] * pts->x[i * dim + j];
            }
            wsum[labels[i]] += pts->w[i];
        }
        for (size_t c = 0; c < k; c++) {
            for (size_t j = 0; j < dim && wsum[c] > 0; j++) {
                centers[c * dim + j] = sums[c * dim + j] / wsum[c];
            }
        }
    }
    g_free(sums);
    g_free(wsum);
    return iter;
}

START_TEST(test_kmeans_matches_lloyd)
{
    enum { N = 600, D = 5 };
    static double x[N * D], w[N];
    QiRng rng = qi_rng_derive(77, 0, 0);
    for (int i = 0; i < N; i++) {
        int blob = (int)qi_rng_below(&rng, 9);
        for (int j = 0; j < D; j++) {
            x[i * D + j] = blob * (j % 2 ? 1.0 : -0.7) + qi_rng_uniform(&rng) * 2;
        }
        w[i] = (1.0 + (i % 3)) / (2.0 * N);   /* unequal weights, sum 1 */
    }
    QiPoints pts = { x, w, N, D };

    for (size_t k = 1; k <= 12; k++) {
        g_autofree double *c1 = g_new(double, k * D);
        g_autofree double *c2 = g_new(double, k * D);
        g_autofree double *dist2 = g_new(double, N);
        g_autofree double *cw = g_new(double, k);
        g_autofree uint32_t *l1 = g_new(uint32_t, N);
        g_autofree uint32_t *l2 = g_new(uint32_t, N);
        QiRng init = qi_rng_derive(k, 1, 2);
        unsigned it1, it2;

        qi_kmeans_init_sample(&pts, k, &init, c1);
        memcpy(c2, c1, k * D * sizeof(double));
        qi_kmeans_run(&pts, k, c1, 100, l1, dist2, cw, &it1);
        it2 = naive_lloyd(&pts, k, c2, 100, l2);
        ck_assert_uint_eq(it1, it2);
        ck_assert_mem_eq(l1, l2, N * sizeof(uint32_t));
        for (size_t j = 0; j < k * D; j++) {
            ck_assert_double_eq_tol(c1[j], c2[j], 1e-12);
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

    double sigma2 = 4.0 / 4;
    double loglik = 4 * (-(log(2 * G_PI * sigma2) + 1) / 2 + log(0.5));
    double expected = loglik - 4.0 / 2 * log(4.0);
    ck_assert_double_eq_tol(qi_bic_score(&pts, 2, labels, dist2, cw, 0), expected, 1e-12);
    ck_assert_double_eq_tol(qi_bic_score(&pts, 2, labels, dist2, cw, 0.5), expected, 1e-12);
    ck_assert_double_eq_tol(qi_kmeans_distortion(&pts, dist2), 4.0, 1e-12);

    /* The variance floor applies below it. */
    double floored = 4 * (-(log(2 * G_PI * 2.0) + 1) / 2 + log(0.5)) - 2 * log(4.0);
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
 * with counts varying by up to @noise in ~1e6 (none: identical intervals). */
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

/* The chosen clustering of @s has exactly the phases as clusters. */
static void check_phases(const QiPoints *pts, const QiSearch *s, double weight_a)
{
    const QiClustering *c = qi_search_chosen(s);
    size_t n = pts->n, per = n / 10;
    g_autofree uint32_t *labels = g_new(uint32_t, n);
    g_autofree double *dists = g_new(double, n);
    g_autofree QiSimPoint *sp = g_new(QiSimPoint, c->k);

    ck_assert_uint_eq(c->non_empty, 2);
    ck_assert_uint_eq(qi_simpoints_pick(pts, c, labels, dists, sp), 2);
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_eq(labels[i] == labels[0], i < 3 * per || i >= 7 * per);
    }
    for (size_t j = 0; j < 2; j++) {
        size_t at = sp[j].interval;
        gboolean a = sp[j].cluster == labels[0];
        ck_assert_uint_eq(labels[at], sp[j].cluster);     /* inside its phase */
        ck_assert_double_eq_tol(sp[j].weight, a ? weight_a : 1 - weight_a, 1e-12);
        ck_assert_uint_eq(sp[j].size, (a ? 6 : 4) * per);
    }
    ck_assert_double_eq_tol(sp[0].weight + sp[1].weight, 1.0, 1e-12);
}

START_TEST(test_bic_two_phases)
{
    static const struct { int per, noise; } cases[] = {
        { 1, 0 },       /* the 3 + 4 + 3 identical intervals */
        { 10, 0 },
        { 10, 1 },      /* 30 + 40 + 30, counts off by one */
        { 10, 30 },
    };

    for (size_t t = 0; t < G_N_ELEMENTS(cases); t++) {
        g_autofree char *text = phase_text(cases[t].per, cases[t].noise);
        g_autoptr(QiBBFile) bb = read_text("aba.bb", text);
        size_t n = bb->n_intervals;
        Projected p = project_default(bb, TRUE);
        QiClusterParams params = default_params();
        params.min_variance = qi_variance_floor(bb);

        QiSearch *s = qi_search_binary(&p.pts, 5, &params);
        ck_assert_uint_eq(s->ks[0], 1);
        ck_assert_uint_eq(s->ks[1], 5);
        ck_assert_uint_eq(s->ks[2], 3);
        ck_assert_uint_eq(s->ks[s->chosen], 2);
        check_phases(&p.pts, s, 0.6);
        qi_search_free(s);

        /* Every k from 1 to 10. */
        size_t ks[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
        s = qi_search_list(&p.pts, ks, 10, &params);
        ck_assert_uint_eq(s->ks[s->chosen], 2);
        check_phases(&p.pts, s, 0.6);
        qi_search_free(s);

        /* maxK beyond the number of intervals is capped; with identical
         * intervals in each phase, even k = n is fine.  (With noise, k close
         * to n overfits under SimPoint's BIC, as in SimPoint.) */
        if (cases[t].noise == 0) {
            s = qi_search_binary(&p.pts, n + 20, &params);
            ck_assert_uint_eq(s->ks[1], n);
            check_phases(&p.pts, s, 0.6);
            qi_search_free(s);
        }
        projected_free(&p);

        /* -fixedLength off: weights follow the intervals' lengths. */
        p = project_default(bb, FALSE);
        s = qi_search_binary(&p.pts, 5, &params);
        double a = 0, b = 0;
        for (size_t i = 0; i < n; i++) {
            *(i < 3 * n / 10 || i >= 7 * n / 10 ? &a : &b) += bb->totals[i];
        }
        check_phases(&p.pts, s, a / (a + b));
        qi_search_free(s);
        projected_free(&p);
    }
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

START_TEST(test_ten_thousand_intervals)
{
    g_autofree char *text = synthetic_bb(10000);
    g_autofree char *path = write_gz("big.bb.gz", text);
    g_autoptr(QiBBFile) bb = read_path(path);
    ck_assert_uint_eq(bb->n_intervals, 10000);
    Projected p = project_default(bb, TRUE);
    QiClusterParams params = default_params();

    params.threads = 2;
    QiSearch *s2 = qi_search_binary(&p.pts, 30, &params);
    params.threads = 1;
    QiSearch *s1 = qi_search_binary(&p.pts, 30, &params);

    /* Deterministic, whatever the number of threads. */
    const QiClustering *c1 = qi_search_chosen(s1), *c2 = qi_search_chosen(s2);
    ck_assert_uint_eq(s1->n_tried, s2->n_tried);
    ck_assert_uint_eq(c1->k, c2->k);
    ck_assert_uint_eq(c1->trial, c2->trial);
    ck_assert_mem_eq(c1->centers, c2->centers, c1->k * c1->dim * sizeof(double));

    g_autofree uint32_t *labels = g_new(uint32_t, 10000);
    g_autofree double *dists = g_new(double, 10000);
    g_autofree QiSimPoint *sp = g_new(QiSimPoint, c1->k);
    size_t n = qi_simpoints_pick(&p.pts, c1, labels, dists, sp);
    double total = 0;
    size_t sizes = 0;
    ck_assert(n >= 2 && n <= 30);
    for (size_t j = 0; j < n; j++) {
        total += sp[j].weight;
        sizes += sp[j].size;
        ck_assert_uint_lt(sp[j].interval, 10000);
        ck_assert_uint_eq(labels[sp[j].interval], sp[j].cluster);
    }
    ck_assert_double_eq_tol(total, 1.0, 1e-9);
    ck_assert_uint_eq(sizes, 10000);
    qi_search_free(s1);
    qi_search_free(s2);
    projected_free(&p);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Output formats                                                      */

START_TEST(test_output_formats)
{
    QiSimPoint sp[] = {
        { .cluster = 0, .interval = 7, .weight = 0.6, .size = 6 },
        { .cluster = 2, .interval = 3, .weight = 0.4, .size = 4 },
    };
    uint32_t labels[] = { 0, 2 };
    double dists[] = { 0.5, 1.25 };
    g_autofree char *simpoints = NULL, *weights = NULL, *lab = NULL;

    CAPTURE(simpoints, qi_simpoints_write(f, sp, 2));
    CAPTURE(weights, qi_weights_write(f, sp, 2));
    CAPTURE(lab, qi_labels_write(f, labels, dists, 2));
    ck_assert_str_eq(simpoints, "7 0\n3 2\n");
    ck_assert_str_eq(weights, "0.6 0\n0.4 2\n");
    ck_assert_str_eq(lab, "0 0.5\n2 1.25\n");
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
    ck_assert_uint_eq(o.seed_proj, 2042712918);
    ck_assert_uint_eq(o.seed_km, 493575226);
    ck_assert_uint_eq(o.num_init_seeds, 5);
    ck_assert_uint_eq(o.iters, 100);
    ck_assert(o.fixed_length);
    ck_assert_double_eq(o.bic_threshold, 0.9);
    ck_assert_int_eq(o.init, QI_INIT_SAMPLE);
    ck_assert_ptr_null(o.save_simpoints);
    ck_assert_uint_eq(o.threads, 0);
    qi_sp_options_clear(&o);
}
END_TEST

START_TEST(test_options_all)
{
    QiSpOptions o;
    g_autoptr(GError) error = NULL;
    const char *args[] = {
        "-loadFVFile", "x.bb.gz", "-k", "1:3,7,10:2:6", "-dim", "noProject",
        "-seedproj", "-5", "-seedkm", "7", "-numInitSeeds", "3", "-iters", "off",
        "-initkm", "ff", "-fixedLength", "off", "-bicThreshold", "0.5",
        "-saveSimpoints", "a", "-saveSimpointWeights", "b", "-saveLabels", "c",
        "-threads", "2", "-verbose", "1", NULL,
    };
    ck_assert_msg(parse(&o, args, &error), "%s", error ? error->message : "");
    static const size_t ks[] = { 1, 2, 3, 7, 10, 8, 6 };
    ck_assert(!o.k_search);
    ck_assert_uint_eq(o.k_values->len, G_N_ELEMENTS(ks));
    ck_assert_mem_eq(o.k_values->data, ks, sizeof(ks));
    ck_assert(o.no_project);
    ck_assert_uint_eq(o.seed_proj, (uint64_t)-5);
    ck_assert_uint_eq(o.seed_km, 7);
    ck_assert_uint_eq(o.num_init_seeds, 3);
    ck_assert_uint_eq(o.iters, G_MAXUINT);
    ck_assert_int_eq(o.init, QI_INIT_FURTHEST);
    ck_assert(!o.fixed_length);
    ck_assert_double_eq(o.bic_threshold, 0.5);
    ck_assert_str_eq(o.save_simpoints, "a");
    ck_assert_str_eq(o.save_weights, "b");
    ck_assert_str_eq(o.save_labels, "c");
    ck_assert_uint_eq(o.threads, 2);
    ck_assert_uint_eq(o.verbose, 1);
    qi_sp_options_clear(&o);

    const char *help[] = { "-h", NULL };
    ck_assert(parse(&o, help, &error));
    ck_assert(o.help);
    qi_sp_options_clear(&o);
    const char *fixed_k[] = { "-k", "5", "-loadFVFile", "x", NULL };
    ck_assert(parse(&o, fixed_k, &error));
    ck_assert_uint_eq(o.k_values->len, 1);
    qi_sp_options_clear(&o);
}
END_TEST

START_TEST(test_options_errors)
{
#define ERR(msg, ...) do {                                  \
        const char *a[] = { __VA_ARGS__, NULL };            \
        check_option_error(a, msg);                         \
    } while (0)
    ERR("-loadFVFile is required", "-maxK", "10");
    ERR("-maxK is required with -k search", "-loadFVFile", "f");
    ERR("option -maxK needs an argument (K)", "-loadFVFile", "f", "-maxK");
    ERR("-maxK: '0' is not an integer >= 1", "-maxK", "0");
    ERR("-maxK: '3x' is not an integer >= 1", "-maxK", "3x");
    ERR("unknown option '-foo'", "-foo");
    ERR("unknown option '--maxK'", "--maxK", "3");
    ERR("unexpected argument 'extra'", "extra");
    ERR("-fixedLength: 'maybe' is not 'on' or 'off'", "-fixedLength", "maybe");
    ERR("-bicThreshold: '1.5' is not a number between 0 and 1", "-bicThreshold", "1.5");
    ERR("-iters: '0' is not an integer >= 1 or 'off'", "-iters", "0");
    ERR("-dim: '0' is not an integer from 1 to 100000 or 'noProject'", "-dim", "0");
    ERR("-initkm: 'kpp' is not 'samp' or 'ff'", "-initkm", "kpp");
    ERR("-seedkm: 'x' is not an integer", "-seedkm", "x");
    ERR("-k: 'x' in '3:x' is not an integer >= 1", "-k", "3:x");
    ERR("-k: '1:2:3:4' is not k, start:end or start:step:end", "-k", "1:2:3:4");
    ERR("-k: empty list of k values", "-k", "");
    ERR("-k: '0' in '0' is not an integer >= 1", "-k", "0");
#undef ERR
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
    suite_add_tcase(suite, reader);

    TCase *proj = tcase_create("projection");
    tcase_add_checked_fixture(proj, setup, teardown);
    tcase_add_test(proj, test_projection_rows);
    tcase_add_test(proj, test_projection_data);
    tcase_add_test(proj, test_interval_weights);
    suite_add_tcase(suite, proj);

    TCase *km = tcase_create("kmeans");
    tcase_add_test(km, test_kmeans_known_clusters);
    tcase_add_test(km, test_kmeans_sample_init);
    tcase_add_test(km, test_kmeans_matches_lloyd);
    suite_add_tcase(suite, km);

    TCase *bic = tcase_create("bic");
    tcase_add_checked_fixture(bic, setup, teardown);
    tcase_set_timeout(bic, 120);
    tcase_add_test(bic, test_bic_score);
    tcase_add_test(bic, test_bic_choose);
    tcase_add_test(bic, test_bic_two_phases);
    tcase_add_test(bic, test_ten_thousand_intervals);
    suite_add_tcase(suite, bic);

    TCase *out = tcase_create("output");
    tcase_add_test(out, test_output_formats);
    suite_add_tcase(suite, out);

    TCase *opt = tcase_create("options");
    tcase_add_test(opt, test_options_defaults);
    tcase_add_test(opt, test_options_all);
    tcase_add_test(opt, test_options_errors);
    suite_add_tcase(suite, opt);

    SRunner *runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
