/*
 * The listening side of a monitor: a unix socket (mode 0600) and one thread
 * per connected client.  Shared by the QMP and HMP monitors.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_MONITOR_SOCKET_H
#define QEMU_INSTR_MONITOR_SOCKET_H

#include <gio/gio.h>

/* Serve one client until it disconnects; runs on a thread of its own. */
typedef void (*MonitorClientFn)(GSocket *client, void *data);

/* A listening socket and its accept thread. */
typedef struct MonitorSocket MonitorSocket;

/*
 * Listen on @spec ("unix:PATH", optionally with QEMU's ",server=on" and
 * ",wait=off", which describe what a monitor socket always is), calling
 * @serve for each client on a new thread.  @option names the option in
 * error messages (e.g. "qmp"); @busy (static) is sent to a client refused
 * because MONITOR_MAX_CLIENTS are connected.  A stale socket at PATH (its
 * process gone) is replaced; a socket that a process (this one or another)
 * listens on is refused, as are any other file and a PATH too long for a
 * unix socket.  Returns NULL with @error set to a one-line message.
 */
MonitorSocket *monitor_socket_listen(const char *spec, const char *option,
                                     const char *busy, MonitorClientFn serve,
                                     void *data, GError **error);

/*
 * Stop listening and remove the socket file if PATH still names it (not if
 * it was replaced meanwhile); clients are left alone.  In a forked child of
 * the guest, nothing: the socket is the parent's.
 */
void monitor_socket_close(MonitorSocket *m);

/* Write all of @len bytes of @data to @client; FALSE on error. */
gboolean monitor_socket_send_all(GSocket *client, const char *data,
                                 gsize len);

/* Most clients served at once; more are refused. */
#define MONITOR_MAX_CLIENTS 16

#endif /* QEMU_INSTR_MONITOR_SOCKET_H */
