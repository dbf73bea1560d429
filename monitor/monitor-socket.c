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
#include <sys/socket.h>
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
    dev_t dev;   /* the socket file's identity: at exit, path is removed */
    ino_t ino;   /* only if it still names our socket */
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

/*
 * May a monitor's socket take @path?  Yes if nothing is there or a stale
 * socket (one that refuses connections: its process is gone); not for any
 * other file, nor a socket that a process listens on, nor one we cannot
 * connect to to find out.  FALSE with @error set to the reason.
 */
static gboolean path_is_free(const char *path, GError **error)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        return TRUE;
    }
    if (!S_ISSOCK(st.st_mode)) {
        g_set_error(error, MONITOR_ERROR, 0,
                    "refusing to replace a file that is not a socket");
        return FALSE;
    }
    struct sockaddr_un address = { .sun_family = AF_UNIX };
    g_strlcpy(address.sun_path, path, sizeof(address.sun_path));
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int connected = fd < 0 ? -1
                           : connect(fd, (struct sockaddr *)&address,
                                     sizeof(address));
    int why = errno;
    if (fd >= 0) {
        close(fd);
    }
    if (connected == 0) {
        g_set_error(error, MONITOR_ERROR, 0,
                    "another process is listening there");
        return FALSE;
    }
    if (why != ECONNREFUSED) {
        g_set_error(error, MONITOR_ERROR, 0,
                    "cannot tell whether another process listens on the "
                    "socket there (connect: %s)", g_strerror(why));
        return FALSE;
    }
    return TRUE;
}

/* A socket listening at @at, owner-only (0600) from the start. */
static GSocket *listen_at(const char *at, GError **error)
{
    GSocket *listener = g_socket_new(G_SOCKET_FAMILY_UNIX,
                                     G_SOCKET_TYPE_STREAM, 0, error);
    if (listener == NULL) {
        return NULL;
    }
    GSocketAddress *address = g_unix_socket_address_new(at);
    mode_t old_umask = umask(0177);
    gboolean ok = g_socket_bind(listener, address, FALSE, error) &&
                  g_socket_listen(listener, error);
    umask(old_umask);
    g_object_unref(address);
    if (!ok) {
        g_clear_object(&listener);
    }
    return listener;
}

/*
 * Listen on @path, recording its inode in @m.  The socket is bound in a
 * private directory of an unpredictable name next to @path and renamed to
 * @path once listening: @path never names a socket that refuses
 * connections, and no one can occupy the temporary name beforehand.  (If
 * that name would be too long for a unix socket, @path is bound directly.)
 */
static GSocket *listen_on_path(const char *path, MonitorSocket *m,
                               GError **error)
{
    g_autofree char *dir = g_strdup_printf("%s.XXXXXX", path);
    gboolean direct = strlen(dir) + strlen("/s") >= SUN_PATH_SIZE;
    if (direct) {
        if (!path_is_free(path, error)) {
            return NULL;
        }
        unlink(path);
    } else if (g_mkdtemp_full(dir, 0700) == NULL) {
        g_set_error(error, MONITOR_ERROR, 0, "cannot create %s: %s", dir,
                    g_strerror(errno));
        return NULL;
    }
    g_autofree char *bound = direct ? g_strdup(path)
                                    : g_build_filename(dir, "s", NULL);
    GSocket *listener = listen_at(bound, error);
    struct stat st;
    if (listener != NULL && lstat(bound, &st) != 0) {
        g_set_error(error, MONITOR_ERROR, 0, "cannot create %s: %s", bound,
                    g_strerror(errno));
        g_clear_object(&listener);
    }
    if (listener != NULL && !direct) {
        if (!path_is_free(path, error)) {
            g_clear_object(&listener);
        } else if (rename(bound, path) != 0) {
            g_set_error(error, MONITOR_ERROR, 0, "cannot create %s: %s",
                        path, g_strerror(errno));
            g_clear_object(&listener);
        }
    }
    if (!direct) {
        unlink(bound); /* gone already once renamed */
        rmdir(dir);
    }
    if (listener != NULL) {
        m->dev = st.st_dev;
        m->ino = st.st_ino;
    }
    return listener;
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
    MonitorSocket *m = g_new0(MonitorSocket, 1);
    GSocket *listener = listen_on_path(path, m, error);
    if (listener == NULL) {
        g_prefix_error(error, "%s=%s: ", option, spec);
        g_free(m);
        return NULL;
    }
    g_socket_set_blocking(listener, TRUE);
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
    struct stat st;
    if (lstat(m->path, &st) == 0 && st.st_dev == m->dev &&
        st.st_ino == m->ino) {
        unlink(m->path);
    }
}
