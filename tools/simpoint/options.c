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

/* Parses @arg into the field at @field; @name is for messages. */
typedef gboolean (*ParseFn)(const char *name, const char *arg, void *field,
                            GError **error);

typedef struct Option {
    const char *name;         /* without the dash */
    const char *arg;          /* argument name; NULL for a flag */
    ParseFn parse;            /* NULL for a flag (a gboolean field) */
    size_t offset;            /* of the field in QiSpOptions */
    const char *help;
} Option;

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

static gboolean parse_string(const char *name, const char *arg, void *field,
                             GError **error)
{
    (void)name;
    (void)error;
    char **s = field;
    g_free(*s);
    *s = g_strdup(arg);
    return TRUE;
}

/* An integer in [@min, @max], or @error naming what was @expected. */
static gboolean read_integer(const char *name, const char *arg, gint64 min,
                             gint64 max, const char *expected, gint64 *v,
                             GError **error)
{
    if (!parse_integer(arg, min, max, v)) {
        bad_value(error, name, arg, expected);
        return FALSE;
    }
    return TRUE;
}

static gboolean parse_positive(const char *name, const char *arg, void *field,
                               GError **error)
{
    gint64 v;
    gboolean ok = read_integer(name, arg, 1, G_MAXINT, "an integer >= 1", &v,
                               error);
    if (ok) {
        *(unsigned *)field = (unsigned)v;
    }
    return ok;
}

static gboolean parse_count(const char *name, const char *arg, void *field,
                            GError **error)
{
    gint64 v;
    gboolean ok = read_integer(name, arg, 0, G_MAXINT, "an integer >= 0", &v,
                               error);
    if (ok) {
        *(unsigned *)field = (unsigned)v;
    }
    return ok;
}

static gboolean parse_max_k(const char *name, const char *arg, void *field,
                            GError **error)
{
    gint64 v;
    gboolean ok = read_integer(name, arg, 1, G_MAXINT, "an integer >= 1", &v,
                               error);
    if (ok) {
        *(size_t *)field = (size_t)v;
    }
    return ok;
}

/* Any 64-bit integer; SimPoint's seeds are ints, negative ones included. */
static gboolean parse_seed(const char *name, const char *arg, void *field,
                           GError **error)
{
    gint64 v;
    gboolean ok = read_integer(name, arg, G_MININT64, G_MAXINT64,
                               "an integer", &v, error);
    if (ok) {
        *(uint64_t *)field = (uint64_t)v;
    }
    return ok;
}

static gboolean parse_fraction(const char *name, const char *arg, void *field,
                               GError **error)
{
    char *end;
    errno = 0;
    double v = g_ascii_strtod(arg, &end);
    if (!*arg || *end || errno || !(v >= 0 && v <= 1)) {
        bad_value(error, name, arg, "a number between 0 and 1");
        return FALSE;
    }
    *(double *)field = v;
    return TRUE;
}

static gboolean parse_on_off(const char *name, const char *arg, void *field,
                             GError **error)
{
    if (strcmp(arg, "on") && strcmp(arg, "off")) {
        bad_value(error, name, arg, "'on' or 'off'");
        return FALSE;
    }
    *(gboolean *)field = strcmp(arg, "on") == 0;
    return TRUE;
}

static gboolean parse_iters(const char *name, const char *arg, void *field,
                            GError **error)
{
    if (strcmp(arg, "off") == 0) {
        *(unsigned *)field = G_MAXUINT;
        return TRUE;
    }
    gint64 v;
    if (!parse_integer(arg, 1, G_MAXINT, &v)) {
        bad_value(error, name, arg, "an integer >= 1 or 'off'");
        return FALSE;
    }
    *(unsigned *)field = (unsigned)v;
    return TRUE;
}

static gboolean parse_initkm(const char *name, const char *arg, void *field,
                             GError **error)
{
    if (strcmp(arg, "samp") == 0) {
        *(QiInit *)field = QI_INIT_SAMPLE;
    } else if (strcmp(arg, "ff") == 0) {
        *(QiInit *)field = QI_INIT_FURTHEST;
    } else {
        bad_value(error, name, arg, "'samp' or 'ff'");
        return FALSE;
    }
    return TRUE;
}

/* -dim: field is QiSpOptions.dim; noProject sets no_project next to it. */
static gboolean parse_dim(const char *name, const char *arg, void *field,
                          GError **error)
{
    QiSpOptions *opts = (QiSpOptions *)((char *)field - offsetof(QiSpOptions, dim));
    if (strcmp(arg, "noProject") == 0) {
        opts->no_project = TRUE;
        return TRUE;
    }
    gint64 v;
    if (!parse_integer(arg, 1, 100000, &v)) {
        bad_value(error, name, arg, "an integer from 1 to 100000 or 'noProject'");
        return FALSE;
    }
    opts->no_project = FALSE;
    opts->dim = (size_t)v;
    return TRUE;
}

/* -k: field is QiSpOptions.k_values; "search" sets k_search. */
static gboolean parse_k(const char *name, const char *arg, void *field,
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
        g_set_error(error, QI_SP_OPTIONS_ERROR, 0, "-%s: %s", name, local->message);
        return FALSE;
    }
    opts->k_search = FALSE;
    return TRUE;
}

#define FIELD(f) offsetof(QiSpOptions, f)

static const Option options[] = {
    { "loadFVFile", "FILE", parse_string, FIELD(fv_file),
      "frequency-vector (.bb) file to cluster, plain or gzip-compressed "
      "('-': standard input); required" },
    { "maxK", "K", parse_max_k, FIELD(max_k),
      "largest number of clusters for -k search; required with it" },
    { "k", "search|LIST", parse_k, FIELD(k_values),
      "'search' (default): SimPoint's binary search over 1..maxK; or the "
      "k values to try, LIST := R(,R)*, R := k | start:end | start:step:end" },
    { "dim", "D|noProject", parse_dim, FIELD(dim),
      "dimensions of the random linear projection (default 15); 'noProject' "
      "clusters the normalised vectors themselves" },
    { "seedproj", "SEED", parse_seed, FIELD(seed_proj),
      "random seed of the projection (default 2042712918)" },
    { "seedkm", "SEED", parse_seed, FIELD(seed_km),
      "random seed of the k-means initialisations (default 493575226)" },
    { "numInitSeeds", "N", parse_positive, FIELD(num_init_seeds),
      "k-means runs per k from different initialisations; the one with the "
      "best BIC is kept (default 5)" },
    { "iters", "N|off", parse_iters, FIELD(iters),
      "most k-means iterations per run (default 100); 'off': no limit" },
    { "initkm", "samp|ff", parse_initkm, FIELD(init),
      "initial centres: 'samp' k random intervals (default), 'ff' furthest first" },
    { "fixedLength", "on|off", parse_on_off, FIELD(fixed_length),
      "'on' (default): every interval weighs the same; 'off': intervals weigh "
      "their total count (variable-length intervals)" },
    { "bicThreshold", "T", parse_fraction, FIELD(bic_threshold),
      "choose the smallest k whose BIC reaches min + T * (max - min) "
      "(default 0.9)" },
    { "saveSimpoints", "FILE", parse_string, FIELD(save_simpoints),
      "write '<interval> <cluster>' for each simulation point" },
    { "saveSimpointWeights", "FILE", parse_string, FIELD(save_weights),
      "write '<weight> <cluster>' for each simulation point" },
    { "saveLabels", "FILE", parse_string, FIELD(save_labels),
      "write '<cluster> <distance to its centre>' for each interval" },
    { "threads", "N", parse_count, FIELD(threads),
      "k-means runs in parallel (default 0: one per processor); results do "
      "not depend on it" },
    { "verbose", "N", parse_count, FIELD(verbose),
      "1: report every k tried on standard error (default 0)" },
    { "h", NULL, NULL, FIELD(help), "show this help (also -help, --help)" },
    { "help", NULL, NULL, FIELD(help), NULL },
    { "-help", NULL, NULL, FIELD(help), NULL },
};

void qi_sp_options_init(QiSpOptions *opts)
{
    *opts = (QiSpOptions) {
        .k_search = TRUE,
        .k_values = g_array_new(FALSE, FALSE, sizeof(size_t)),
        .dim = 15,
        .seed_proj = QI_SP_DEFAULT_SEED_PROJ,
        .seed_km = QI_SP_DEFAULT_SEED_KM,
        .num_init_seeds = 5,
        .iters = 100,
        .fixed_length = TRUE,
        .bic_threshold = 0.9,
        .init = QI_INIT_SAMPLE,
    };
}

void qi_sp_options_clear(QiSpOptions *opts)
{
    g_clear_pointer(&opts->fv_file, g_free);
    g_clear_pointer(&opts->save_simpoints, g_free);
    g_clear_pointer(&opts->save_weights, g_free);
    g_clear_pointer(&opts->save_labels, g_free);
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
        if (!parse_integer(parts[i], 1, G_MAXINT, &v[i])) {
            g_set_error(error, QI_SP_OPTIONS_ERROR, 0,
                        "'%s' in '%s' is not an integer >= 1", parts[i], text);
            return FALSE;
        }
    }
    gint64 start = v[0], end = v[n - 1], step = n == 3 ? v[1] : 1;
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

/* The checks that involve several options. */
static gboolean validate(const QiSpOptions *opts, GError **error)
{
    if (!opts->fv_file) {
        g_set_error_literal(error, QI_SP_OPTIONS_ERROR, 0,
                            "-loadFVFile is required");
        return FALSE;
    }
    if (opts->k_search && opts->max_k == 0) {
        g_set_error_literal(error, QI_SP_OPTIONS_ERROR, 0,
                            "-maxK is required with -k search");
        return FALSE;
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
        if (!opt->parse(opt->name, argv[++i], field, error)) {
            return FALSE;
        }
    }
    return opts->help || validate(opts, error);
}

void qi_sp_options_usage(FILE *f)
{
    enum { COLUMN = 28, WIDTH = 79 };

    fputs("Usage: qi-simpoint -loadFVFile FILE -maxK K [OPTION...]\n"
          "Choose simulation points from SimPoint 3.2 frequency vectors (.bb) the\n"
          "way SimPoint 3.2 does by default.\n\nOptions:\n", f);
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
