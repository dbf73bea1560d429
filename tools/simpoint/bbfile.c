/*
 * qi-simpoint: reader of SimPoint 3.2 frequency-vector (.bb) files.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "bbfile.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

G_DEFINE_QUARK(qi-bb-error-quark, qi_bb_error)

/* One line at a time from a (possibly compressed) file. */
typedef struct Reader {
    gzFile gz;
    const char *path;
    char *buf;
    size_t cap;
    size_t len;       /* bytes in buf, newline included */
    bool newline;     /* the line ended with '\n' */
    size_t lineno;    /* 1-based number of the line in buf */
} Reader;

/*
 * The distinct block ids met so far, numbered in order of appearance, so
 * that memory follows the ids that occur rather than the largest one.
 */
typedef struct Seen {
    GHashTable *index;   /* id -> its number + 1 */
    GArray *ids;         /* uint32_t: number -> id */
    GArray *interval;    /* size_t: number -> last interval index + 1 */
} Seen;

static void set_error(GError **error, const char *path, size_t lineno,
                      const char *format, ...) G_GNUC_PRINTF(4, 5);

/* "path:line: message", or "path: message" when @lineno is 0. */
static void set_error(GError **error, const char *path, size_t lineno,
                      const char *format, ...)
{
    va_list ap;

    va_start(ap, format);
    g_autofree char *message = g_strdup_vprintf(format, ap);
    va_end(ap);
    if (lineno) {
        g_set_error(error, QI_BB_ERROR, 0, "%s:%zu: %s", path, lineno, message);
    } else {
        g_set_error(error, QI_BB_ERROR, 0, "%s: %s", path, message);
    }
}

/* The text of the pair starting at @p, for messages (at most 40 bytes). */
static char *pair_text(const char *p)
{
    size_t n = 0;

    while (p[n] && !g_ascii_isspace(p[n])) {
        n++;
    }
    if (n > 40) {
        return g_strdup_printf("%.37s...", p);
    }
    return g_strndup(p, n);
}

/*
 * Read the next line into r->buf.  Returns 1 for a line, 0 at the end of the
 * file, -1 on a read or decompression error.
 */
static int read_line(Reader *r, GError **error)
{
    r->len = 0;
    r->newline = false;
    for (;;) {
        if (r->cap - r->len < 2) {
            r->cap = r->cap ? 2 * r->cap : 4096;
            r->buf = g_realloc(r->buf, r->cap);
        }
        if (!gzgets(r->gz, r->buf + r->len, (int)MIN(r->cap - r->len, (size_t)G_MAXINT))) {
            int code;
            const char *message = gzerror(r->gz, &code);

            if (code != Z_OK) {
                set_error(error, r->path, 0, "read error: %s",
                          code == Z_ERRNO ? g_strerror(errno) : message);
                return -1;
            }
            break;
        }
        r->len += strlen(r->buf + r->len);
        if (r->len > 0 && r->buf[r->len - 1] == '\n') {
            r->newline = true;
            break;
        }
    }
    if (r->len == 0) {
        return 0;
    }
    r->lineno++;
    return 1;
}

/* Parse an unsigned decimal block id at *@p; false if there are no digits. */
static bool parse_id(const char **p, uint64_t *id)
{
    const char *s = *p;
    uint64_t v = 0;

    if (!g_ascii_isdigit(*s)) {
        return false;
    }
    for (; g_ascii_isdigit(*s); s++) {
        v = MIN(v * 10 + (uint64_t)(*s - '0'), (uint64_t)UINT32_MAX + 1);
    }
    *p = s;
    *id = v;
    return true;
}

/*
 * Parse a non-negative count at *@p: digits with an optional fraction and
 * exponent, ending at white space, the end of the line or the next pair's ':'
 * (SimPoint 3.2 reads ":1:5:2:7" as two pairs too).  Returns 0 on success, -1 if malformed, -2 if out of range.
 */
static int parse_count(const char **p, double *count)
{
    const char *s = *p;
    char *end;

    if (!g_ascii_isdigit(*s) && !(*s == '.' && g_ascii_isdigit(s[1]))) {
        return -1;
    }
    /* Only a plain decimal number: no sign, hex, "inf" or "nan". */
    for (const char *q = s; *q && *q != ':' && !g_ascii_isspace(*q); q++) {
        if (!g_ascii_isdigit(*q) && !strchr(".eE+-", *q)) {
            return -1;
        }
    }
    errno = 0;
    *count = g_ascii_strtod(s, &end);
    if (end == s || (*end && *end != ':' && !g_ascii_isspace(*end))) {
        return -1;
    }
    if (errno == ERANGE && !isfinite(*count)) {
        return -2;
    }
    *p = end;
    return 0;
}

/* The number of block @id, numbering it if it is new. */
static size_t seen_number(Seen *seen, uint32_t id)
{
    gpointer value = g_hash_table_lookup(seen->index, GUINT_TO_POINTER(id));

    if (value) {
        return GPOINTER_TO_SIZE(value) - 1;
    }
    size_t number = seen->ids->len, never = 0;
    g_array_append_val(seen->ids, id);
    g_array_append_val(seen->interval, never);
    g_hash_table_insert(seen->index, GUINT_TO_POINTER(id),
                        GSIZE_TO_POINTER(number + 1));
    return number;
}

/*
 * Parse the 'T' line in @r, interval number @index: append its pairs to @ids
 * and @counts (and their ids' numbers in @seen to @numbers), set *@total to
 * the sum of its counts and raise *@max_id.
 */
static bool parse_interval(const Reader *r, size_t index, Seen *seen,
                           GArray *ids, GArray *numbers, GArray *counts,
                           double *total, uint32_t *max_id, GError **error)
{
    const char *p = r->buf + 1;
    size_t pairs = 0;

    *total = 0;
    for (;;) {
        while (g_ascii_isspace(*p)) {
            p++;
        }
        if (!*p) {
            break;
        }

        const char *start = p;
        uint64_t id;
        double count;

        if (*p++ != ':' || !parse_id(&p, &id) || *p++ != ':') {
            g_autofree char *text = pair_text(start);
            set_error(error, r->path, r->lineno,
                      "malformed pair '%s' (expected :<id>:<count>)", text);
            return false;
        }
        int rc = parse_count(&p, &count);
        if (rc < 0) {
            g_autofree char *text = pair_text(start);
            set_error(error, r->path, r->lineno, rc == -1
                      ? "malformed pair '%s' (expected :<id>:<count>)"
                      : "count out of range in pair '%s'", text);
            return false;
        }
        if (id == 0) {
            set_error(error, r->path, r->lineno, "block id 0 (ids start at 1)");
            return false;
        }
        if (id > QI_BB_MAX_ID) {
            g_autofree char *text = pair_text(start);
            set_error(error, r->path, r->lineno,
                      "block id too large in pair '%s' (at most %u)",
                      text, QI_BB_MAX_ID);
            return false;
        }
        uint32_t id32 = (uint32_t)id;
        size_t number = seen_number(seen, id32);
        size_t *last = &g_array_index(seen->interval, size_t, number);
        if (*last == index + 1) {
            set_error(error, r->path, r->lineno,
                      "block id %" G_GUINT64_FORMAT " appears twice in this interval",
                      id);
            return false;
        }
        *last = index + 1;

        uint32_t number32 = (uint32_t)number;
        g_array_append_val(ids, id32);
        g_array_append_val(numbers, number32);
        g_array_append_val(counts, count);
        *total += count;
        *max_id = MAX(*max_id, id32);
        pairs++;
    }
    if (pairs == 0) {
        set_error(error, r->path, r->lineno,
                  "interval line without any :<id>:<count> pair");
        return false;
    }
    if (!(*total > 0)) {
        set_error(error, r->path, r->lineno, "interval with a total count of 0");
        return false;
    }
    if (!isfinite(*total)) {
        set_error(error, r->path, r->lineno, "interval total count out of range");
        return false;
    }
    return true;
}

static int compare_ids(gconstpointer a, gconstpointer b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return (x > y) - (x < y);
}

/*
 * Set bb->used to the distinct ids @seen_ids in increasing order and
 * bb->columns to each pair's place in it, from @numbers, the pairs' numbers
 * in order of appearance.  Increasing order keeps every sum over ids in the
 * order SimPoint adds them.
 */
static void number_by_id(QiBBFile *bb, GArray *seen_ids, GArray *numbers)
{
    size_t n = seen_ids->len;
    g_autofree uint32_t *rank = g_new(uint32_t, MAX(n, 1));

    bb->n_used = n;
    bb->used = g_memdup2(seen_ids->data, MAX(n, 1) * sizeof(uint32_t));
    qsort(bb->used, n, sizeof(uint32_t), compare_ids);
    for (size_t i = 0; i < n; i++) {
        uint32_t id = g_array_index(seen_ids, uint32_t, i);
        uint32_t *at = bsearch(&id, bb->used, n, sizeof(uint32_t), compare_ids);
        rank[i] = (uint32_t)(at - bb->used);
    }
    bb->columns = g_array_steal(numbers, NULL);
    for (size_t p = 0; p < bb->n_pairs; p++) {
        bb->columns[p] = rank[bb->columns[p]];
    }
}

static gzFile open_input(const char *path, GError **error)
{
    gzFile gz;

    if (strcmp(path, "-") == 0) {
        int fd = dup(STDIN_FILENO);
        gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
        if (!gz && fd >= 0) {
            close(fd);
        }
    } else {
        gz = gzopen(path, "rb");
    }
    if (!gz) {
        set_error(error, path, 0, "%s", errno ? g_strerror(errno) : "cannot open");
        return NULL;
    }
    gzbuffer(gz, 256 * 1024);
    return gz;
}

QiBBFile *qi_bb_read(const char *path, GError **error)
{
    g_return_val_if_fail(path != NULL, NULL);

    errno = 0;
    gzFile gz = open_input(path, error);
    if (!gz) {
        return NULL;
    }

    Reader r = { .gz = gz, .path = path };
    g_autoptr(GHashTable) index = g_hash_table_new(NULL, NULL);
    g_autoptr(GArray) seen_ids = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    g_autoptr(GArray) seen_interval = g_array_new(FALSE, FALSE, sizeof(size_t));
    Seen seen = { index, seen_ids, seen_interval };
    g_autoptr(GArray) offsets = g_array_new(FALSE, FALSE, sizeof(size_t));
    g_autoptr(GArray) ids = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    g_autoptr(GArray) numbers = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    g_autoptr(GArray) counts = g_array_new(FALSE, FALSE, sizeof(double));
    g_autoptr(GArray) totals = g_array_new(FALSE, FALSE, sizeof(double));
    g_autoptr(GArray) lines = g_array_new(FALSE, FALSE, sizeof(size_t));
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    uint32_t max_id = 0;
    bool ok = true;
    int rc;

    size_t zero = 0;
    g_array_append_val(offsets, zero);
    while ((rc = read_line(&r, error)) > 0) {
        if (r.buf[0] != 'T') {
            continue;
        }

        size_t index = totals->len;
        double total;
        if (!parse_interval(&r, index, &seen, ids, numbers, counts, &total,
                            &max_id, error)) {
            ok = false;
            break;
        }
        size_t end = ids->len;
        g_array_append_val(offsets, end);
        g_array_append_val(totals, total);
        g_array_append_val(lines, r.lineno);

        if (r.len >= QI_BB_SIMPOINT_MAX_LINE) {
            g_ptr_array_add(warnings, g_strdup_printf(
                "%s:%zu: line of %zu bytes; SimPoint 3.2 rejects lines of %d "
                "bytes or more", path, r.lineno, r.len, QI_BB_SIMPOINT_MAX_LINE));
        }
        if (!r.newline) {
            g_ptr_array_add(warnings, g_strdup_printf(
                "%s:%zu: no newline at end of file; SimPoint 3.2 would drop "
                "this interval", path, r.lineno));
        }
    }
    if (rc < 0) {
        ok = false;
    }
    gzclose(gz);
    g_free(r.buf);
    if (!ok) {
        return NULL;
    }
    if (totals->len == 0) {
        set_error(error, path, 0, "no intervals (no line starts with 'T')");
        return NULL;
    }

    QiBBFile *bb = g_new0(QiBBFile, 1);
    bb->path = g_strdup(path);
    bb->n_intervals = totals->len;
    bb->n_dims = max_id;
    bb->n_pairs = ids->len;
    bb->offsets = g_array_steal(offsets, NULL);
    bb->ids = g_array_steal(ids, NULL);
    number_by_id(bb, seen_ids, numbers);
    bb->counts = g_array_steal(counts, NULL);
    bb->totals = g_array_steal(totals, NULL);
    bb->lines = g_array_steal(lines, NULL);
    bb->warnings = g_steal_pointer(&warnings);
    return bb;
}

void qi_bb_free(QiBBFile *bb)
{
    if (!bb) {
        return;
    }
    g_free(bb->path);
    g_free(bb->offsets);
    g_free(bb->ids);
    g_free(bb->used);
    g_free(bb->columns);
    g_free(bb->counts);
    g_free(bb->totals);
    g_free(bb->lines);
    if (bb->warnings) {
        g_ptr_array_unref(bb->warnings);
    }
    g_free(bb);
}
