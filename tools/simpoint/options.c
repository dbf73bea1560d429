/*
 * qi-simpoint: command-line options.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "options.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK(qi-sp-options-error-quark, qi_sp_options_error)

typedef struct Option Option;

/* Parses @arg into the field at @field. */
typedef gboolean (*ParseFn)(const Option *opt, const char *arg, void *field,
                            GError **error);

struct Option {
    const char *name;         /* without the dash */
    const char *arg;          /* argument name; NULL for a flag */
    ParseFn parse;            /* NULL for a flag (a gboolean field) */
    size_t offset;            /* of the field in QiSpOptions */
    size_t size;              /* of the field */
    gint64 min, max;          /* bounds of an integer argument */
    const char *help;
};

static void bad_value(GError **error, const char *name, const char *arg,
                      const char *expected)
{
    g_set_error(error, QI_SP_OPTIONS_ERROR, 0, "-%s: '%s' is not %s",
                name, arg, expected);
}

/* A decimal integer in [@min, @max]. */
static gboolean parse_integer(const char *arg, gint64 min, gint64 max, gint64 *out)
{
    char *end;

    if (!*arg || g_ascii_isspace(*arg)) {
        return FALSE;
    }
    errno = 0;
    gint64 v = g_ascii_strtoll(arg, &end, 10);
    if (*end || errno || v < min || v > max) {
        return FALSE;
    }
    *out = v;
    return TRUE;
}

/* Store @v in an integer field of 4 or 8 bytes. */
static void store_int(void *field, size_t size, gint64 v)
{
    if (size == sizeof(int32_t)) {
        *(int32_t *)field = (int32_t)v;
    } else {
        *(int64_t *)field = v;
    }
}

static gboolean parse_string(const Option *opt, const char *arg, void *field,
                             GError **error)
{
    (void)opt;
    (void)error;
    char **s = field;
    g_free(*s);
    *s = g_strdup(arg);
    return TRUE;
}

/* An integer in [opt->min, opt->max]. */
static gboolean parse_int(const Option *opt, const char *arg, void *field,
                          GError **error)
{
    gint64 v;

    if (!parse_integer(arg, opt->min, opt->max, &v)) {
        g_autofree char *range = opt->min >= -1
            ? g_strdup_printf("an integer >= %" G_GINT64_FORMAT, opt->min)
            : g_strdup_printf("an integer from %" G_GINT64_FORMAT " to %"
                              G_GINT64_FORMAT, opt->min, opt->max);
        bad_value(error, opt->name, arg, range);
        return FALSE;
    }
    store_int(field, opt->size, v);
    return TRUE;
}

static gboolean parse_fraction(const Option *opt, const char *arg, void *field,
                               GError **error)
{
    char *end;
    errno = 0;
    double v = g_ascii_strtod(arg, &end);
    if (!*arg || *end || errno || !(v >= 0 && v <= 1)) {
        bad_value(error, opt->name, arg, "a number between 0 and 1");
        return FALSE;
    }
    *(double *)field = v;
    return TRUE;
}

static gboolean parse_on_off(const Option *opt, const char *arg, void *field,
                             GError **error)
{
    if (strcmp(arg, "on") && strcmp(arg, "off")) {
        bad_value(error, opt->name, arg, "'on' or 'off'");
        return FALSE;
    }
    *(gboolean *)field = strcmp(arg, "on") == 0;
    return TRUE;
}

static gboolean parse_iters(const Option *opt, const char *arg, void *field,
                            GError **error)
{
    if (strcmp(arg, "off") == 0) {
        *(unsigned *)field = G_MAXUINT;
        return TRUE;
    }
    gint64 v;
    if (!parse_integer(arg, 0, G_MAXINT, &v)) {
        bad_value(error, opt->name, arg, "an integer >= 0 or 'off'");
        return FALSE;
    }
    *(unsigned *)field = (unsigned)v;
    return TRUE;
}

static gboolean parse_initkm(const Option *opt, const char *arg, void *field,
                             GError **error)
{
    if (strcmp(arg, "samp") == 0) {
        *(QiInit *)field = QI_INIT_SAMPLE;
    } else if (strcmp(arg, "ff") == 0) {
        *(QiInit *)field = QI_INIT_FURTHEST;
    } else {
        bad_value(error, opt->name, arg, "'samp' or 'ff'");
        return FALSE;
    }
    return TRUE;
}

/* -dim: field is QiSpOptions.dim; noProject sets no_project next to it. */
static gboolean parse_dim(const Option *opt, const char *arg, void *field,
                          GError **error)
{
    QiSpOptions *opts = (QiSpOptions *)((char *)field - offsetof(QiSpOptions, dim));
    if (strcmp(arg, "noProject") == 0) {
        opts->no_project = TRUE;
        return TRUE;
    }
    gint64 v;
    if (!parse_integer(arg, 1, G_MAXINT, &v)) {
        bad_value(error, opt->name, arg, "an integer >= 1 or 'noProject'");
        return FALSE;
    }
    opts->no_project = FALSE;
    opts->dim = (size_t)v;
    return TRUE;
}

/* -k: field is QiSpOptions.k_values; "search" sets k_search. */
static gboolean parse_k(const Option *opt, const char *arg, void *field,
                        GError **error)
{
    QiSpOptions *opts = (QiSpOptions *)((char *)field - offsetof(QiSpOptions, k_values));
    g_array_set_size(opts->k_values, 0);
    if (strcmp(arg, "search") == 0) {
        opts->k_search = TRUE;
        return TRUE;
    }
    g_autoptr(GError) local = NULL;
    if (!qi_sp_parse_k_list(arg, opts->k_values, &local)) {
        g_set_error(error, QI_SP_OPTIONS_ERROR, 0, "-%s: %s", opt->name,
                    local->message);
        return FALSE;
    }
    opts->k_search = FALSE;
    return TRUE;
}

#define FIELD(f) offsetof(QiSpOptions, f), sizeof(((QiSpOptions *)0)->f)
#define STRING(name, f, help) { name, "FILE", parse_string, FIELD(f), 0, 0, help }
#define INT(name, arg, f, min, max, help) \
    { name, arg, parse_int, FIELD(f), min, max, help }
#define FLAG(name, f, help) { name, NULL, NULL, FIELD(f), 0, 0, help }

static const Option options[] = {
    STRING("loadFVFile", fv_file,
           "frequency-vector (.bb) file to project and cluster, plain or "
           "gzip-compressed ('-': standard input)"),
    STRING("loadVectorsTxtFmt", load_vectors_txt,
           "cluster the projected vectors of this text file instead "
           "(as saved by -saveVectorsTxtFmt)"),
    STRING("loadVectorsBinFmt", load_vectors_bin,
           "cluster the projected vectors of this binary file instead"),
    FLAG("inputVectorsGzipped", gzipped,
         "the input vectors are gzip-compressed (accepted for SimPoint's "
         "scripts; compression is detected anyway)"),
    INT("numFVs", "N", num_fvs, 1, G_MAXINT,
        "number of vectors of -loadFVFile (with -FVDim; checked)"),
    INT("FVDim", "N", fv_dim, 1, G_MAXINT,
        "largest block id of -loadFVFile (with -numFVs; checked)"),
    { "k", "search|LIST", parse_k, FIELD(k_values), 0, 0,
      "'search' (default): SimPoint's binary search over 1..maxK; or the "
      "k values to try, LIST := R(,R)*, R := k | start:end | start:step:end" },
    INT("maxK", "K", max_k, 1, G_MAXINT,
        "largest number of clusters for -k search; required with it"),
    { "dim", "D|noProject", parse_dim, FIELD(dim), 0, 0,
      "dimensions of the random linear projection (default 15); 'noProject' "
      "clusters the normalised vectors themselves" },
    INT("seedproj", "SEED", seed_proj, G_MININT32, G_MAXINT32,
        "random seed of the projection (default 2042712918)"),
    INT("seedkm", "SEED", seed_km, G_MININT32, G_MAXINT32,
        "random seed of the k-means initialisations (default 493575226)"),
    INT("seedsample", "SEED", seed_sample, G_MININT32, G_MAXINT32,
        "random seed of -sampleSize (default 385089224)"),
    INT("sampleSize", "N", sample_size, -1, G_MAXINT,
        "run k-means on N intervals drawn by weight (default -1: all)"),
    INT("numInitSeeds", "N", num_init_seeds, 1, G_MAXINT,
        "k-means runs per k from different initialisations; the one with the "
        "best BIC is kept (default 5)"),
    { "iters", "N|off", parse_iters, FIELD(iters), 0, 0,
      "most k-means iterations per run (default 100); 'off': no limit" },
    { "initkm", "samp|ff", parse_initkm, FIELD(init), 0, 0,
      "initial centres: 'samp' k random intervals (default), 'ff' furthest first" },
    { "fixedLength", "on|off", parse_on_off, FIELD(fixed_length), 0, 0,
      "'on' (default): every interval weighs the same; 'off': intervals weigh "
      "their total count (variable-length intervals)" },
    { "bicThreshold", "T", parse_fraction, FIELD(bic_threshold), 0, 0,
      "choose the smallest k whose BIC reaches min + T * (max - min) "
      "(default 0.9)" },
    { "coveragePct", "P", parse_fraction, FIELD(coverage), 0, 0,
      "also save simulation points and weights of the largest clusters "
      "covering P of the weight, to FILE.lptP (default 1: no such files)" },
    STRING("loadProjMatrixTxtFmt", load_proj_txt,
           "project with the matrix of this text file"),
    STRING("loadProjMatrixBinFmt", load_proj_bin,
           "project with the matrix of this binary file"),
    STRING("loadInitCtrs", load_init_ctrs,
           "start k-means from the centres of this text file (k is their number)"),
    STRING("loadInitLabels", load_init_labels,
           "start k-means from the clusters of these labels, one per interval"),
    STRING("loadVectorWeights", load_vector_weights,
           "interval weights, one number per interval (implies -fixedLength off)"),
    STRING("saveSimpoints", save_simpoints,
           "write '<interval> <cluster>' for each simulation point"),
    STRING("saveSimpointWeights", save_weights,
           "write '<weight> <cluster>' for each simulation point"),
    STRING("saveLabels", save_labels,
           "write '<cluster> <distance to its centre>' for each interval"),
    STRING("saveVectorWeights", save_vector_weights,
           "write the weight of each interval"),
    STRING("saveInitCtrs", save_init_ctrs,
           "write the initial centres (text format)"),
    STRING("saveFinalCtrs", save_final_ctrs,
           "write the final centres (text format)"),
    STRING("saveVectorsTxtFmt", save_vectors_txt,
           "write the projected vectors (text format)"),
    STRING("saveVectorsBinFmt", save_vectors_bin,
           "write the projected vectors (binary format)"),
    STRING("saveProjMatrixTxtFmt", save_proj_txt,
           "write the projection matrix (text format)"),
    STRING("saveProjMatrixBinFmt", save_proj_bin,
           "write the projection matrix (binary format)"),
    FLAG("saveAll", save_all,
         "save the files of every k tried, named FILE.run_<r>_k_<k>"),
    FLAG("improved", improved,
         "qi-simpoint's corrections of SimPoint 3.2's defects (see the manual); "
         "the default reproduces SimPoint 3.2 exactly"),
    INT("threads", "N", threads, 0, G_MAXINT,
        "k-means runs in parallel (default 0: one per processor); results do "
        "not depend on it"),
    INT("verbose", "N", verbose, 0, G_MAXINT,
        ">= 1: report every k tried on standard error (default 0)"),
    FLAG("h", help, "show this help (also -help, --help)"),
    FLAG("help", help, NULL),
    FLAG("-help", help, NULL),
};

G_STATIC_ASSERT(G_N_ELEMENTS(options) <= 64);

void qi_sp_options_init(QiSpOptions *opts)
{
    *opts = (QiSpOptions) {
        .k_search = TRUE,
        .k_values = g_array_new(FALSE, FALSE, sizeof(size_t)),
        .dim = 15,
        .seed_proj = QI_SP_DEFAULT_SEED_PROJ,
        .seed_km = QI_SP_DEFAULT_SEED_KM,
        .seed_sample = QI_SP_DEFAULT_SEED_SAMPLE,
        .sample_size = -1,
        .num_init_seeds = 5,
        .iters = 100,
        .fixed_length = TRUE,
        .bic_threshold = 0.9,
        .coverage = 1.0,
        .init = QI_INIT_SAMPLE,
    };
}

void qi_sp_options_clear(QiSpOptions *opts)
{
    for (size_t i = 0; i < G_N_ELEMENTS(options); i++) {
        if (options[i].parse == parse_string) {
            g_clear_pointer((char **)((char *)opts + options[i].offset), g_free);
        }
    }
    g_clear_pointer(&opts->k_values, g_array_unref);
}

/* One range R of a -k list, appended to @out. */
static gboolean parse_k_range(const char *text, GArray *out, GError **error)
{
    g_auto(GStrv) parts = g_strsplit(text, ":", -1);
    guint n = g_strv_length(parts);
    gint64 v[3];

    if (n < 1 || n > 3) {
        g_set_error(error, QI_SP_OPTIONS_ERROR, 0,
                    "'%s' is not k, start:end or start:step:end", text);
        return FALSE;
    }
    for (guint i = 0; i < n; i++) {
        gboolean is_step = n == 3 && i == 1;   /* its sign is ignored */
        if (!parse_integer(parts[i], is_step ? -G_MAXINT : 1, G_MAXINT, &v[i]) ||
            (is_step && v[i] == 0)) {
            g_set_error(error, QI_SP_OPTIONS_ERROR, 0,
                        "'%s' in '%s' is not %s", parts[i], text,
                        is_step ? "a non-zero integer" : "an integer >= 1");
            return FALSE;
        }
    }
    gint64 start = v[0], end = v[n - 1], step = n == 3 ? ABS(v[1]) : 1;
    gint64 count = (start <= end ? end - start : start - end) / step + 1;
    if ((gint64)out->len + count > QI_SP_MAX_K_VALUES) {
        g_set_error(error, QI_SP_OPTIONS_ERROR, 0,
                    "more than %d k values", QI_SP_MAX_K_VALUES);
        return FALSE;
    }
    for (gint64 i = 0; i < count; i++) {
        size_t k = (size_t)(start <= end ? start + i * step : start - i * step);
        g_array_append_val(out, k);
    }
    return TRUE;
}

gboolean qi_sp_parse_k_list(const char *text, GArray *out, GError **error)
{
    g_auto(GStrv) ranges = g_strsplit(text, ",", -1);

    if (!*text) {
        g_set_error_literal(error, QI_SP_OPTIONS_ERROR, 0, "empty list of k values");
        return FALSE;
    }
    for (guint i = 0; ranges[i]; i++) {
        if (!parse_k_range(ranges[i], out, error)) {
            return FALSE;
        }
    }
    return TRUE;
}

static const Option *find_option(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(options); i++) {
        if (strcmp(options[i].name, name) == 0) {
            return &options[i];
        }
    }
    return NULL;
}

gboolean qi_sp_options_given(const QiSpOptions *opts, const char *name)
{
    const Option *opt = find_option(name);

    g_return_val_if_fail(opt != NULL, FALSE);
    return (opts->given >> (opt - options)) & 1;
}

/* A rule between options: @message applies when @broken. */
typedef struct Rule {
    gboolean broken;
    const char *message;
} Rule;

/* SimPoint 3.2's checks of option combinations, in its order. */
static gboolean validate(QiSpOptions *opts, GError **error)
{
#define GIVEN(name) qi_sp_options_given(opts, name)
    gboolean loaded = opts->load_vectors_txt || opts->load_vectors_bin;
    gboolean start = opts->load_init_ctrs || opts->load_init_labels;
    gboolean load_proj = opts->load_proj_txt || opts->load_proj_bin;
    gboolean save_proj = opts->save_proj_txt || opts->save_proj_bin;
    int inputs = !!opts->fv_file + !!opts->load_vectors_txt + !!opts->load_vectors_bin;
    const Rule rules[] = {
        { inputs != 1, "exactly one of -loadFVFile, -loadVectorsTxtFmt and "
          "-loadVectorsBinFmt is required" },
        { start && GIVEN("k"), "-k cannot be given with -loadInitCtrs or "
          "-loadInitLabels (k is the number of loaded clusters)" },
        { start && GIVEN("numInitSeeds"), "-numInitSeeds cannot be given with "
          "-loadInitCtrs or -loadInitLabels (only that start is used)" },
        { start && GIVEN("seedkm"), "-seedkm cannot be given with "
          "-loadInitCtrs or -loadInitLabels (only that start is used)" },
        { start && GIVEN("initkm"), "-initkm cannot be given with "
          "-loadInitCtrs or -loadInitLabels (only that start is used)" },
        { start && GIVEN("maxK"), "-maxK cannot be given with "
          "-loadInitCtrs or -loadInitLabels (only that start is used)" },
        { start && GIVEN("bicThreshold"), "-bicThreshold cannot be given with "
          "-loadInitCtrs or -loadInitLabels (no search is done)" },
        { !start && opts->k_search && !GIVEN("maxK"),
          "-maxK is required with -k search" },
        { !start && !opts->k_search && GIVEN("maxK"),
          "-maxK cannot be given with a list of k values" },
        { loaded && GIVEN("dim"), "-dim has no effect on vectors loaded with "
          "-loadVectorsTxtFmt or -loadVectorsBinFmt" },
        { loaded && GIVEN("seedproj"), "-seedproj has no effect on vectors "
          "loaded with -loadVectorsTxtFmt or -loadVectorsBinFmt" },
        { load_proj && GIVEN("seedproj"), "-seedproj cannot be given with "
          "a loaded projection matrix" },
        { opts->no_project && save_proj, "-dim noProject uses no projection "
          "matrix to save" },
        { opts->no_project && GIVEN("seedproj"), "-dim noProject uses no "
          "projection: -seedproj has no effect" },
        { (load_proj || save_proj) && loaded, "no projection matrix is loaded "
          "or saved with -loadVectorsTxtFmt or -loadVectorsBinFmt" },
        { (GIVEN("numFVs") || GIVEN("FVDim")) && loaded, "-numFVs and -FVDim "
          "apply to -loadFVFile only" },
        { GIVEN("numFVs") != GIVEN("FVDim"), "-numFVs and -FVDim go together" },
        { opts->load_proj_txt && opts->load_proj_bin, "only one of "
          "-loadProjMatrixTxtFmt and -loadProjMatrixBinFmt may be given" },
        { opts->load_init_ctrs && opts->load_init_labels,
          "-loadInitCtrs and -loadInitLabels cannot be given together" },
        { loaded && !GIVEN("fixedLength"), "-fixedLength on|off is required "
          "with -loadVectorsTxtFmt or -loadVectorsBinFmt" },
        { GIVEN("seedsample") && !GIVEN("sampleSize"),
          "-seedsample requires -sampleSize" },
        { GIVEN("coveragePct") && !opts->save_simpoints && !opts->save_weights,
          "-coveragePct requires -saveSimpoints or -saveSimpointWeights" },
    };
#undef GIVEN

    for (size_t i = 0; i < G_N_ELEMENTS(rules); i++) {
        if (rules[i].broken) {
            g_set_error_literal(error, QI_SP_OPTIONS_ERROR, 0, rules[i].message);
            return FALSE;
        }
    }
    if (start) {
        opts->k_search = FALSE;
        opts->num_init_seeds = 1;
    }
    if (opts->load_vector_weights) {
        opts->fixed_length = FALSE;
    }
    return TRUE;
}

gboolean qi_sp_options_parse(QiSpOptions *opts, int argc, char **argv,
                             GError **error)
{
    for (int i = 1; i < argc; i++) {
        const char *word = argv[i];
        const Option *opt = word[0] == '-' ? find_option(word + 1) : NULL;

        if (!opt) {
            g_set_error(error, QI_SP_OPTIONS_ERROR, 0,
                        word[0] == '-' ? "unknown option '%s'"
                                       : "unexpected argument '%s'", word);
            return FALSE;
        }
        opts->given |= G_GUINT64_CONSTANT(1) << (opt - options);
        void *field = (char *)opts + opt->offset;
        if (!opt->parse) {
            *(gboolean *)field = TRUE;
            continue;
        }
        if (i + 1 >= argc) {
            g_set_error(error, QI_SP_OPTIONS_ERROR, 0,
                        "option -%s needs an argument (%s)", opt->name, opt->arg);
            return FALSE;
        }
        if (!opt->parse(opt, argv[++i], field, error)) {
            return FALSE;
        }
    }
    return opts->help || validate(opts, error);
}

void qi_sp_options_usage(FILE *f)
{
    enum { COLUMN = 28, WIDTH = 79 };

    fputs("Usage: qi-simpoint -loadFVFile FILE -maxK K [OPTION...]\n"
          "Choose simulation points from frequency vectors (.bb) exactly as\n"
          "SimPoint 3.2 does, with the same options and files.\n\nOptions:\n", f);
    for (size_t i = 0; i < G_N_ELEMENTS(options); i++) {
        const Option *o = &options[i];
        if (!o->help) {
            continue;
        }
        g_autofree char *head = g_strdup_printf("-%s%s%s", o->name,
                                                o->arg ? " " : "",
                                                o->arg ? o->arg : "");
        int column = fprintf(f, "  %s", head);
        g_auto(GStrv) words = g_strsplit(o->help, " ", -1);
        for (guint w = 0; words[w]; w++) {
            int len = (int)strlen(words[w]);
            if (column >= COLUMN && column + 1 + len > WIDTH) {
                fputc('\n', f);
                column = 0;
            }
            column += fprintf(f, "%*s%s", MAX(COLUMN - column, 1), "", words[w]);
        }
        fputc('\n', f);
    }
}
