/*
 * The HMP server (hmp-server.h): reads lines, runs them, prompts again.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hmp-server.h"

#include <string.h>

#include "hmp-commands.h"
#include "monitor/monitor-socket.h"

#define HMP_BANNER "qemu-instr monitor - type 'help' for more information\n"
#define HMP_PROMPT "(qemu-instr) "

/* One client's session: the line being read and where to answer. */
typedef struct Session {
    GSocket *client;
    const ControlBackend *backend;
    char line[HMP_LINE_MAX + 2]; /* the line, a '\r' before the '\n', a NUL */
    gsize len;
    gboolean too_long;
    gboolean quit;
} Session;

static gboolean send_text(Session *s, const char *text)
{
    return monitor_socket_send_all(s->client, text, strlen(text));
}

/* A whole line arrived (its '\n' dropped): answer it, then prompt. */
static gboolean end_of_line(Session *s)
{
    if (s->len > 0 && s->line[s->len - 1] == '\r') {
        s->len--;
    }
    gboolean ok;
    if (s->too_long || s->len > HMP_LINE_MAX) {
        ok = send_text(s, "line too long\n");
    } else if (memchr(s->line, '\0', s->len) != NULL) {
        ok = send_text(s, "line contains a NUL byte\n");
    } else {
        s->line[s->len] = '\0';
        char *out = hmp_execute(s->backend, s->line, &s->quit);
        ok = send_text(s, out);
        g_free(out);
    }
    s->len = 0;
    s->too_long = FALSE;
    return ok && !s->quit && send_text(s, HMP_PROMPT);
}

static void serve(GSocket *client, void *data)
{
    Session *s = g_new0(Session, 1);
    s->client = client;
    s->backend = data;
    char buf[4096];
    gssize n;
    gboolean ok = send_text(s, HMP_BANNER HMP_PROMPT);
    while (ok && (n = g_socket_receive(client, buf, sizeof(buf), NULL,
                                       NULL)) > 0) {
        for (gssize i = 0; ok && i < n; i++) {
            if (buf[i] == '\n') {
                ok = end_of_line(s);
            } else if (s->len < HMP_LINE_MAX + 1) {
                s->line[s->len++] = buf[i];
            } else {
                s->too_long = TRUE; /* drop the rest of the line */
            }
        }
    }
    g_free(s);
}

static MonitorSocket *monitor;

gboolean hmp_start(const ControlBackend *backend, const char *spec,
                   GError **error)
{
    static const char busy[] =
        "too many clients (at most " G_STRINGIFY(MONITOR_MAX_CLIENTS) ")\n";
    monitor = monitor_socket_listen(spec, "hmp", busy, serve,
                                    (void *)backend, error);
    return monitor != NULL;
}

void hmp_stop(void)
{
    if (monitor != NULL) {
        monitor_socket_close(monitor);
    }
}
