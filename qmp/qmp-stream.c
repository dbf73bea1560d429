/*
 * Splitting a QMP byte stream into messages (qmp-stream.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qmp-stream.h"

#include <stdarg.h>

struct QmpStream {
    GString *message;   /* the message so far (unless skipping) */
    gsize max_bytes;
    int max_depth;
    int depth;          /* open braces and brackets */
    gboolean in_string;
    gboolean escaped;   /* the previous byte in a string was a backslash */
    gboolean line;      /* a top-level non-structure, ending at newline */
    gboolean skipping;  /* refused: skip to the message's end or a newline */
};

QmpStream *qmp_stream_new(gsize max_bytes, int max_depth)
{
    QmpStream *s = g_new0(QmpStream, 1);
    s->message = g_string_new(NULL);
    s->max_bytes = max_bytes;
    s->max_depth = max_depth;
    return s;
}

void qmp_stream_free(QmpStream *s)
{
    g_string_free(s->message, TRUE);
    g_free(s);
}

/* The message ended: hand it over (unless refused), start the next. */
static void finish(QmpStream *s, QmpMessageFn fn, void *data)
{
    if (!s->skipping) {
        fn(s->message->str, s->message->len, NULL, data);
    }
    g_string_truncate(s->message, 0);
    s->depth = 0;
    s->in_string = s->escaped = s->line = s->skipping = FALSE;
}

/* Does @c end the message?  Tracks nesting outside strings. */
static gboolean ends_message(QmpStream *s, char c)
{
    if (s->line) {
        return c == '\n';
    }
    if (s->in_string) {
        if (s->escaped) {
            s->escaped = FALSE;
        } else if (c == '\\') {
            s->escaped = TRUE;
        } else if (c == '"') {
            s->in_string = FALSE;
        }
        return FALSE;
    }
    switch (c) {
    case '"':
        s->in_string = TRUE;
        return FALSE;
    case '{':
    case '[':
        s->depth++;
        return FALSE;
    case '}':
    case ']':
        return --s->depth == 0;
    default:
        return FALSE;
    }
}

/* Refuse the message in progress with @why (a printf format). */
G_GNUC_PRINTF(4, 5)
static void refuse(QmpStream *s, QmpMessageFn fn, void *data,
                   const char *why, ...)
{
    va_list ap;
    va_start(ap, why);
    g_autofree char *text = g_strdup_vprintf(why, ap);
    va_end(ap);
    fn(NULL, 0, text, data);
    s->skipping = TRUE;
    g_string_truncate(s->message, 0);
}

void qmp_stream_feed(QmpStream *s, const char *bytes, gsize len,
                     QmpMessageFn fn, void *data)
{
    for (gsize i = 0; i < len; i++) {
        char c = bytes[i];
        gboolean starting = s->message->len == 0 && !s->skipping;
        if (starting && g_ascii_isspace(c)) {
            continue; /* whitespace between messages */
        }
        if (starting && c != '{' && c != '[') {
            s->line = TRUE;
        }
        gboolean ends = ends_message(s, c);
        if (s->skipping) {
            if (ends || c == '\n') {
                finish(s, fn, data);
            }
            continue;
        }
        g_string_append_c(s->message, c);
        if (s->message->len > s->max_bytes) {
            refuse(s, fn, data, "JSON message too long (at most %"
                   G_GSIZE_FORMAT " bytes)", s->max_bytes);
        } else if (s->depth > s->max_depth) {
            refuse(s, fn, data, "JSON message nested too deep (at most %d "
                   "levels)", s->max_depth);
        }
        if (ends) {
            finish(s, fn, data);
        }
    }
}
