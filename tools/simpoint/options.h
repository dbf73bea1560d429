/*
 * qi-simpoint: command-line options, named and spelled as SimPoint 3.2's
 * (a single dash, then a long name; the value is the next argument).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_OPTIONS_H
#define QI_SIMPOINT_OPTIONS_H

#include "search.h"

#include <glib.h>
#include <stdint.h>
#include <stdio.h>

/** SimPoint 3.2's default -seedproj. */
#define QI_SP_DEFAULT_SEED_PROJ 2042712918
/** SimPoint 3.2's default -seedkm. */
#define QI_SP_DEFAULT_SEED_KM 493575226
/** The most k values a -k list may hold. */
#define QI_SP_MAX_K_VALUES 100000

/** The error domain of qi_sp_options_parse(); every error uses code 0. */
#define QI_SP_OPTIONS_ERROR (qi_sp_options_error_quark())

/** Parsed options; strings and k_values belong to the structure. */
typedef struct QiSpOptions {
    char *fv_file;            /* -loadFVFile */
    gboolean k_search;        /* -k search (default) */
    GArray *k_values;         /* size_t: -k list, in the order given */
    size_t max_k;             /* -maxK; 0 if not given */
    gboolean no_project;      /* -dim noProject */
    size_t dim;               /* -dim, default 15 */
    uint64_t seed_proj;       /* -seedproj (any integer) */
    uint64_t seed_km;         /* -seedkm (any integer) */
    unsigned num_init_seeds;  /* -numInitSeeds, default 5 */
    unsigned iters;           /* -iters, default 100; "off": G_MAXUINT */
    gboolean fixed_length;    /* -fixedLength on|off, default on */
    double bic_threshold;     /* -bicThreshold, default 0.9 */
    QiInit init;              /* -initkm samp|ff, default samp */
    char *save_simpoints;     /* -saveSimpoints */
    char *save_weights;       /* -saveSimpointWeights */
    char *save_labels;        /* -saveLabels */
    unsigned threads;         /* -threads (qi-simpoint only), 0: all processors */
    unsigned verbose;         /* -verbose */
    gboolean help;            /* -h, -help, --help */
} QiSpOptions;

/** The quark of QI_SP_OPTIONS_ERROR. */
GQuark qi_sp_options_error_quark(void);

/** Set @opts to the defaults. */
void qi_sp_options_init(QiSpOptions *opts);

/** Free what @opts holds (not @opts itself). */
void qi_sp_options_clear(QiSpOptions *opts);

/**
 * Parse @argv[1 .. @argc) into @opts (initialised by qi_sp_options_init())
 * and check that the options make sense together.  Returns FALSE with
 * @error set ("-maxK: 'x' is not an integer >= 1") on the first problem.
 * With -h, parsing succeeds with opts->help set and no further checks.
 */
gboolean qi_sp_options_parse(QiSpOptions *opts, int argc, char **argv,
                             GError **error);

/**
 * Parse SimPoint's -k list syntax "R(,R)*", R := k | start:end |
 * start:step:end (inclusive, reverse ranges allowed, step > 0) and append
 * the values to @out (size_t).  Returns FALSE with @error set if malformed.
 */
gboolean qi_sp_parse_k_list(const char *text, GArray *out, GError **error);

/** Print the usage text (every option, its argument and default) to @f. */
void qi_sp_options_usage(FILE *f);

#endif /* QI_SIMPOINT_OPTIONS_H */
