/*
 * Monitor sockets (monitor-socket.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "monitor-socket.h"

#include <gio/gunixsocketaddress.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define MONITOR_ERROR g_quark_from_static_string("qemu-instr-monitor")

/* Room for a unix socket path, its NUL included. */
#define SUN_PATH_SIZE sizeof(((struct sockaddr_un *)0)->sun_path)

struct MonitorSocket {
    char *path;
    const char *option;
    const char *busy;
    GSocket *listener;
    MonitorClientFn serve;
    void *data;
    int clients; /* connected now, atomically updated */
    pid_t owner; /* the process serving it: a forked child does not */
};

/* Every listening monitor of this process, to refuse a second on a path. */
static GMutex sockets_lock;
static GPtrArray *sockets;

typedef struct Client {
    MonitorSocket *monitor;
    GSocket *socket;
} Client;

gboolean monitor_socket_send_all(GSocket *client, const char *data,
                                 gsize len)
{
    while (len > 0) {
        gssize n = g_socket_send(client, data, len, NULL, NULL);
        if (n <= 0) {
            return FALSE;
        }
        data += n;
        len -= n;
    }
    return TRUE;
}

static gpointer client_thread(gpointer data)
{
    Client *c = data;
    c->monitor->serve(c->socket, c->monitor->data);
    g_socket_close(c->socket, NULL);
    g_object_unref(c->socket);
    g_atomic_int_add(&c->monitor->clients, -1);
    g_free(c);
    return NULL;
}

static gpointer accept_thread(gpointer data)
{
    MonitorSocket *m = data;
    for (;;) {
        GSocket *socket = g_socket_accept(m->listener, NULL, NULL);
        if (socket == NULL) {
            return NULL; /* the listener was closed */
        }
        g_socket_set_blocking(socket, TRUE);
        if (g_atomic_int_add(&m->clients, 1) >= MONITOR_MAX_CLIENTS) {
            monitor_socket_send_all(socket, m->busy, strlen(m->busy));
            g_socket_close(socket, NULL);
            g_object_unref(socket);
            g_atomic_int_add(&m->clients, -1);
            continue;
        }
        Client *c = g_new0(Client, 1);
        c->monitor = m;
        c->socket = socket;
        g_thread_unref(g_thread_new("qemu-instr-client", client_thread, c));
    }
}

/* Make room for the socket at @path: only a stale socket may be replaced. */
static gboolean clear_path(const char *path, const char *option,
                           GError **error)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        return TRUE;
    }
    if (!S_ISSOCK(st.st_mode)) {
        g_set_error(error, MONITOR_ERROR, 0,
                    "%s=unix:%s: refusing to replace a file that is not a "
                    "socket", option, path);
        return FALSE;
    }
    unlink(path);
    return TRUE;
}

/*
 * The PATH of @spec, "unix:PATH[,server=on][,wait=off]" (QEMU's options
 * for a listening socket that does not wait for a client, which is what
 * a monitor here always is), or NULL with @error set.
 */
static char *spec_path(const char *spec, const char *option, GError **error)
{
    if (!g_str_has_prefix(spec, "unix:") || spec[5] == '\0' ||
        spec[5] == ',') {
        g_set_error(error, MONITOR_ERROR, 0,
                    "%s=%s: expected unix:PATH", option, spec);
        return NULL;
    }
    g_auto(GStrv) parts = g_strsplit(spec + 5, ",", -1);
    for (guint i = 1; parts[i] != NULL; i++) {
        static const char *const accepted[] = { "server", "server=on",
                                                "wait=off", "nowait", NULL };
        if (!g_strv_contains(accepted, parts[i])) {
            g_set_error(error, MONITOR_ERROR, 0,
                        "%s=%s: unsupported socket option '%s' (a monitor "
                        "socket is always a server that does not wait: "
                        "server=on and wait=off are accepted)", option, spec,
                        parts[i]);
            return NULL;
        }
    }
    if (strlen(parts[0]) >= SUN_PATH_SIZE) {
        g_set_error(error, MONITOR_ERROR, 0,
                    "%s=%s: socket path too long (%zu bytes, at most %zu)",
                    option, spec, strlen(parts[0]), SUN_PATH_SIZE - 1);
        return NULL;
    }
    return g_strdup(parts[0]);
}

/* The monitor already listening on @path, or NULL.  Locked. */
static const MonitorSocket *listening_on(const char *path)
{
    for (guint i = 0; sockets != NULL && i < sockets->len; i++) {
        const MonitorSocket *m = g_ptr_array_index(sockets, i);
        if (strcmp(m->path, path) == 0) {
            return m;
        }
    }
    return NULL;
}

MonitorSocket *monitor_socket_listen(const char *spec, const char *option,
                                     const char *busy, MonitorClientFn serve,
                                     void *data, GError **error)
{
    g_autofree char *path = spec_path(spec, option, error);
    if (path == NULL) {
        return NULL;
    }
    g_mutex_lock(&sockets_lock);
    const MonitorSocket *other = listening_on(path);
    g_mutex_unlock(&sockets_lock);
    if (other != NULL) {
        g_set_error(error, MONITOR_ERROR, 0, "%s=%s: %s already listens on "
                    "%s", option, spec, other->option, path);
        return NULL;
    }
    if (!clear_path(path, option, error)) {
        return NULL;
    }
    GSocket *listener = g_socket_new(G_SOCKET_FAMILY_UNIX,
                                     G_SOCKET_TYPE_STREAM, 0, error);
    if (listener == NULL) {
        return NULL;
    }
    /*
     * Bound under a temporary name and renamed once listening, so that
     * the path never names a socket that refuses connections (unless the
     * temporary name would be too long: then bound directly).
     */
    g_autofree char *bound = g_strdup_printf("%s.%d.tmp", path, (int)getpid());
    if (strlen(bound) >= SUN_PATH_SIZE) {
        g_free(bound);
        bound = g_strdup(path);
    }
    unlink(bound);
    GSocketAddress *address = g_unix_socket_address_new(bound);
    /* Owner-only from the start: no window in which others can connect. */
    mode_t old_umask = umask(0177);
    gboolean ok = g_socket_bind(listener, address, FALSE, error) &&
                  g_socket_listen(listener, error);
    umask(old_umask);
    g_object_unref(address);
    if (ok && strcmp(bound, path) != 0 && rename(bound, path) != 0) {
        g_set_error(error, MONITOR_ERROR, 0, "cannot create %s: %s", path,
                    g_strerror(errno));
        unlink(bound);
        ok = FALSE;
    }
    if (!ok) {
        g_prefix_error(error, "%s=%s: ", option, spec);
        g_object_unref(listener);
        return NULL;
    }
    g_socket_set_blocking(listener, TRUE);
    MonitorSocket *m = g_new0(MonitorSocket, 1);
    m->path = g_steal_pointer(&path);
    m->option = option;
    m->busy = busy;
    m->listener = listener;
    m->owner = getpid();
    m->serve = serve;
    m->data = data;
    g_mutex_lock(&sockets_lock);
    if (sockets == NULL) {
        sockets = g_ptr_array_new();
    }
    g_ptr_array_add(sockets, m);
    g_mutex_unlock(&sockets_lock);
    /*
     * Signals are for QEMU's vCPU threads, which deliver them to the guest:
     * QEMU's handler cannot run on ours.  Client threads inherit the mask.
     */
    sigset_t all, before;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &before);
    g_thread_unref(g_thread_new("qemu-instr-monitor", accept_thread, m));
    pthread_sigmask(SIG_SETMASK, &before, NULL);
    return m;
}

void monitor_socket_close(MonitorSocket *m)
{
    /* A guest's forked child closes its copy; the socket is the parent's. */
    if (m->owner != getpid()) {
        return;
    }
    /* The accept thread may still use the listener: close, don't free. */
    g_socket_close(m->listener, NULL);
    unlink(m->path);
}
