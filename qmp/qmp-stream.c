/*
 * Splitting a QMP byte stream into messages (qmp-stream.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qmp-stream.h"

struct QmpStream {
    GString *message;   /* the message so far (unless discarding) */
    gsize max;
    int depth;          /* open braces and brackets */
    gboolean in_string;
    gboolean escaped;   /* the previous byte in a string was a backslash */
    gboolean line;      /* a top-level non-structure, ending at newline */
    gboolean discarding; /* over the limit: skip to the message's end */
};

QmpStream *qmp_stream_new(gsize max_message)
{
    QmpStream *s = g_new0(QmpStream, 1);
    s->message = g_string_new(NULL);
    s->max = max_message;
    return s;
}

void qmp_stream_free(QmpStream *s)
{
    g_string_free(s->message, TRUE);
    g_free(s);
}

static void finish(QmpStream *s, QmpMessageFn fn, void *data)
{
    if (!s->discarding) {
        fn(s->message->str, s->message->len, data);
    }
    g_string_truncate(s->message, 0);
    s->depth = 0;
    s->in_string = s->escaped = s->line = s->discarding = FALSE;
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

void qmp_stream_feed(QmpStream *s, const char *bytes, gsize len,
                     QmpMessageFn fn, void *data)
{
    for (gsize i = 0; i < len; i++) {
        char c = bytes[i];
        gboolean starting = s->message->len == 0 && !s->discarding;
        if (starting && g_ascii_isspace(c)) {
            continue; /* whitespace between messages */
        }
        if (starting && c != '{' && c != '[') {
            s->line = TRUE;
        }
        if (!s->discarding) {
            g_string_append_c(s->message, c);
            if (s->message->len > s->max) {
                fn(NULL, 0, data);
                s->discarding = TRUE;
                g_string_truncate(s->message, 0);
            }
        }
        if (ends_message(s, c)) {
            finish(s, fn, data);
        }
    }
}
