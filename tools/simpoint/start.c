/*
 * qi-simpoint: initial centres given by the user.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "start.h"

#include <string.h>

QiDataset *qi_start_from_centers(const char *path, const QiDataset *data,
                                 GError **error)
{
    QiDataset *c = qi_dataset_read(path, FALSE, error);

    if (c && c->cols != data->cols) {
        g_set_error(error, QI_DATASET_ERROR, 0, "%s: centres of dimension %zu, "
                    "vectors of dimension %zu", path, c->cols, data->cols);
        g_clear_pointer(&c, qi_dataset_free);
    }
    return c;
}

QiDataset *qi_start_from_labels(const char *path, const QiDataset *data,
                                GError **error)
{
    size_t len;
    g_autofree char *text = qi_read_file(path, &len, error);

    if (!text) {
        return NULL;
    }
    g_autoptr(GHashTable) numbers = g_hash_table_new(g_str_hash, g_str_equal);
    size_t *labels = g_new(size_t, MAX(data->rows, 1));
    char *p = text;

    for (size_t i = 0; i < data->rows; i++) {
        p += strspn(p, " \t\n\r\v\f");
        if (!*p) {
            g_set_error(error, QI_DATASET_ERROR, 0, "%s: %zu labels for %zu "
                        "intervals", path, i, data->rows);
            g_free(labels);
            return NULL;
        }
        char *word = p;
        p += strcspn(p, " \t\n\r\v\f");
        if (*p) {
            *p++ = '\0';
        }
        gpointer number;
        if (!g_hash_table_lookup_extended(numbers, word, NULL, &number)) {
            number = GSIZE_TO_POINTER(g_hash_table_size(numbers));
            g_hash_table_insert(numbers, word, number);
        }
        labels[i] = GPOINTER_TO_SIZE(number);
    }

    QiDataset *c = qi_dataset_new(g_hash_table_size(numbers), data->cols,
                                  "centres", error);
    if (c) {
        memset(c->w, 0, c->rows * sizeof(double));
        for (size_t i = 0; i < data->rows; i++) {
            double *centre = qi_dataset_row(c, labels[i]);
            const double *x = qi_dataset_row(data, i);

            for (size_t j = 0; j < c->cols; j++) {
                centre[j] += x[j] * data->w[i];
            }
            c->w[labels[i]] += data->w[i];
        }
        for (size_t l = 0; l < c->rows; l++) {
            double *centre = qi_dataset_row(c, l);
            for (size_t j = 0; j < c->cols; j++) {
                centre[j] /= c->w[l];
            }
        }
    }
    g_free(labels);
    return c;
}
