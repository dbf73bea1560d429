/*
 * The QMP monitor's connections (qmp-server.h): greeting, request/reply
 * loop, and events broadcast to every client past negotiation.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qmp-server.h"

#include <string.h>

#include "monitor/monitor-socket.h"
#include "qmp-dispatch.h"
#include "qmp-stream.h"

typedef struct Client {
    GSocket *socket;
    QmpSession session;
    GMutex write_lock; /* replies and events come from different threads */
} Client;

static MonitorSocket *monitor;
static GMutex clients_lock;
static GPtrArray *clients; /* Client *, connected now */

/* Send @text and QMP's line end; FALSE if the client went away. */
static gboolean send_line(Client *c, const char *text)
{
    g_autofree char *line = g_strconcat(text, "\r\n", NULL);
    g_mutex_lock(&c->write_lock);
    gboolean ok = monitor_socket_send_all(c->socket, line, strlen(line));
    g_mutex_unlock(&c->write_lock);
    return ok;
}

static void on_message(const char *message, gsize len, const char *refused,
                       void *data)
{
    Client *c = data;
    g_autofree char *answer = message ? qmp_dispatch(&c->session, message, len)
                                      : qmp_refusal(refused);
    send_line(c, answer);
}

static void serve(GSocket *socket, void *backend)
{
    Client *c = g_new0(Client, 1);
    c->socket = socket;
    c->session.backend = backend;
    g_mutex_init(&c->write_lock);
    g_mutex_lock(&clients_lock);
    g_ptr_array_add(clients, c);
    g_mutex_unlock(&clients_lock);

    g_autofree char *greeting = qmp_greeting();
    QmpStream *stream = qmp_stream_new(QMP_MAX_MESSAGE, QMP_MAX_DEPTH);
    char buffer[4096];
    gssize n;
    if (send_line(c, greeting)) {
        while ((n = g_socket_receive(socket, buffer, sizeof(buffer), NULL,
                                     NULL)) > 0) {
            qmp_stream_feed(stream, buffer, n, on_message, c);
        }
    }
    qmp_stream_free(stream);

    g_mutex_lock(&clients_lock);
    g_ptr_array_remove(clients, c);
    g_mutex_unlock(&clients_lock);
    g_mutex_clear(&c->write_lock);
    g_free(c);
}

/* A library came or went: tell every client past negotiation. */
static void broadcast(const char *event, const LibraryInfo *library,
                      void *unused)
{
    (void)unused;
    g_autofree char *text = qmp_event(event, library);
    g_mutex_lock(&clients_lock);
    for (guint i = 0; i < clients->len; i++) {
        Client *c = g_ptr_array_index(clients, i);
        if (c->session.negotiated) {
            send_line(c, text);
        }
    }
    g_mutex_unlock(&clients_lock);
}

gboolean qmp_start(const ControlBackend *backend, const char *spec,
                   GError **error)
{
    clients = g_ptr_array_new();
    /* A refused client still gets QMP: an error object, then EOF. */
    static const char busy[] =
        "{\"error\": {\"class\": \"GenericError\", \"desc\": "
        "\"too many clients (at most " G_STRINGIFY(MONITOR_MAX_CLIENTS)
        ")\"}}\r\n";
    monitor = monitor_socket_listen(spec, "qmp", busy, serve,
                                    (void *)backend, error);
    if (monitor == NULL) {
        return FALSE;
    }
    backend->subscribe(broadcast, NULL);
    return TRUE;
}

void qmp_stop(void)
{
    if (monitor != NULL) {
        monitor_socket_close(monitor);
    }
}
