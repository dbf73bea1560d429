/*
 * qi-simpoint: the vectors to cluster, made as SimPoint 3.2 makes them from
 * its input options (-loadFVFile, -loadVectorsTxtFmt, -loadVectorsBinFmt,
 * projection and weight options), and the files it saves from them before
 * clustering (-saveProjMatrix*, -saveVectors*, -saveVectorWeights).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_INPUT_H
#define QI_SIMPOINT_INPUT_H

#include "dataset.h"
#include "options.h"

#include <glib.h>

/** The vectors to cluster and what the caller must report about them. */
typedef struct QiInput {
    QiDataset *data;          /* one row per interval, weights summing to 1 */
    double min_variance;      /* improved mode's BIC floor (0 for loaded vectors) */
    GPtrArray *warnings;      /* char *: "path:line: text" */
    char *what;               /* "<path>: <n> intervals, ..." for -verbose */
} QiInput;

/**
 * Load the vectors @opts name, weigh them and save what @opts asks to save
 * before clustering.  Returns NULL with @error set ("path:line: what is
 * wrong", or naming the option) on failure.
 */
QiInput *qi_input_load(const QiSpOptions *opts, GError **error);

/** Free @in; NULL is allowed. */
void qi_input_free(QiInput *in);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QiInput, qi_input_free)

/**
 * Read the whitespace-separated numbers of @path: exactly @n are expected.
 * Returns a g_free() array, or NULL with @error naming the file.
 */
double *qi_read_numbers(const char *path, size_t n, GError **error);

#endif /* QI_SIMPOINT_INPUT_H */
