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

/** SimPoint 3.2's default -seedsample. */
#define QI_SP_DEFAULT_SEED_SAMPLE 385089224

/** Parsed options; strings and k_values belong to the structure. */
typedef struct QiSpOptions {
    /* input */
    char *fv_file;            /* -loadFVFile */
    char *load_vectors_txt;   /* -loadVectorsTxtFmt */
    char *load_vectors_bin;   /* -loadVectorsBinFmt */
    gboolean gzipped;         /* -inputVectorsGzipped (gzip is detected anyway) */
    int num_fvs;              /* -numFVs, 0 if not given */
    int fv_dim;               /* -FVDim, 0 if not given */
    char *load_proj_txt;      /* -loadProjMatrixTxtFmt */
    char *load_proj_bin;      /* -loadProjMatrixBinFmt */
    char *load_vector_weights;/* -loadVectorWeights */
    char *load_init_ctrs;     /* -loadInitCtrs */
    char *load_init_labels;   /* -loadInitLabels */
    /* clustering */
    gboolean k_search;        /* -k search (default) */
    GArray *k_values;         /* size_t: -k list, in the order given */
    size_t max_k;             /* -maxK; 0 if not given */
    gboolean no_project;      /* -dim noProject */
    size_t dim;               /* -dim, default 15 */
    int32_t seed_proj;        /* -seedproj */
    int32_t seed_km;          /* -seedkm */
    int32_t seed_sample;      /* -seedsample */
    int sample_size;          /* -sampleSize, <= 0: all intervals */
    unsigned num_init_seeds;  /* -numInitSeeds, default 5 */
    unsigned iters;           /* -iters, default 100; "off": G_MAXUINT */
    gboolean fixed_length;    /* -fixedLength on|off, default on */
    double bic_threshold;     /* -bicThreshold, default 0.9 */
    double coverage;          /* -coveragePct, default 1 */
    QiInit init;              /* -initkm samp|ff, default samp */
    /* output */
    gboolean save_all;        /* -saveAll */
    char *save_simpoints;     /* -saveSimpoints */
    char *save_weights;       /* -saveSimpointWeights */
    char *save_labels;        /* -saveLabels */
    char *save_vector_weights;/* -saveVectorWeights */
    char *save_init_ctrs;     /* -saveInitCtrs */
    char *save_final_ctrs;    /* -saveFinalCtrs */
    char *save_vectors_txt;   /* -saveVectorsTxtFmt */
    char *save_vectors_bin;   /* -saveVectorsBinFmt */
    char *save_proj_txt;      /* -saveProjMatrixTxtFmt */
    char *save_proj_bin;      /* -saveProjMatrixBinFmt */
    /* qi-simpoint's own */
    gboolean improved;        /* -improved */
    unsigned threads;         /* -threads, 0: all processors */
    unsigned verbose;         /* -verbose */
    gboolean help;            /* -h, -help, --help */
    guint64 given;            /* bit i: the i-th option of the table was given */
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

/** Whether option @name (without the dash) was on the command line. */
gboolean qi_sp_options_given(const QiSpOptions *opts, const char *name);

/** Print the usage text (every option, its argument and default) to @f. */
void qi_sp_options_usage(FILE *f);

#endif /* QI_SIMPOINT_OPTIONS_H */
