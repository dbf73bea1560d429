/*
 * Library ids and plain words (charsets.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "charsets.h"

#include <string.h>

gboolean library_id_is_valid(const char *id)
{
    return id != NULL && *id != '\0' &&
           id[strspn(id, LIBRARY_ID_CHARS)] == '\0';
}

gboolean word_is_plain(const char *word, const char *extra)
{
    for (const char *c = word; *c != '\0'; c++) {
        if (strchr(PLAIN_WORD_CHARS, *c) == NULL && strchr(extra, *c) == NULL) {
            return FALSE;
        }
    }
    return *word != '\0';
}
