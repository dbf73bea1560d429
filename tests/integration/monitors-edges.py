#!/usr/bin/env python3
# Monitor edge cases, each with an exact outcome: socket paths too long for
# a unix socket, QMP and HMP on one path, QEMU's ",server=on,wait=off"
# options, the 17th client, library names (not paths) in instr-load,
# oversized and too-deep QMP messages, and a socket path that another
# instance holds or has taken over.
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import shutil
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from qmp_client import QMP, Checks, build_guest, example_library, work_dir

work = work_dir()
t = Checks()
qemu = os.environ["QEMU_X86_64"]
spin = build_guest(work, "spin.S", "-DITERS=%d" % 10 ** 12)


def refused(what, monitor_args, message):
    """The launcher with @monitor_args exits 1 with one line, @message."""
    run = subprocess.run([os.environ["QI"], qemu] + monitor_args + [spin],
                         stdin=subprocess.DEVNULL, capture_output=True,
                         text=True, timeout=60)
    t.eq(what, (1, "qemu-instr: " + message + "\n"),
         (run.returncode, run.stderr))


def start(monitor_args, socket_path, guest=None, cwd=None):
    """QEMU serving @monitor_args, running @guest (default: spin) in @cwd;
    returns it once @socket_path exists."""
    proc = subprocess.Popen([os.environ["QI"], qemu] + monitor_args +
                            (guest or [spin]), cwd=cwd,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 30
    while not os.path.exists(socket_path):
        assert proc.poll() is None and time.time() < deadline, "no socket"
        time.sleep(0.01)
    return proc


long_path = os.path.join(work, "s" * (120 - len(work)))
refused("a path too long for a unix socket",
        ["-instr-qmp", "unix:" + long_path],
        "qmp=unix:%s: socket path too long (%d bytes, at most 107)"
        % (long_path, len(long_path)))
t.true("nothing left behind", not os.path.exists(long_path[:107]))

both = os.path.join(work, "both.sock")
refused("QMP and HMP on one path",
        ["-instr-qmp", "unix:" + both, "-instr-hmp", "unix:" + both],
        "hmp=unix:%s: qmp already listens on %s" % (both, both))

refused("a socket option qemu-instr does not serve",
        ["-instr-qmp", "unix:" + both + ",reconnect=1"],
        "qmp=unix:%s,reconnect=1: unsupported socket option 'reconnect=1' "
        "(a monitor socket is always a server that does not wait: server=on "
        "and wait=off are accepted)" % both)

# QEMU's own spelling of a listening socket works as it does in QEMU.
qmp_path = os.path.join(work, "q.sock")
proc = start(["-instr-qmp", "unix:" + qmp_path + ",server=on,wait=off"],
             qmp_path)
try:
    clients = [QMP(qmp_path) for _ in range(16)]
    t.true("QMP on unix:PATH,server=on,wait=off",
           clients[0].cmd("query-instr") == {"return": []})
    t.eq("no file named after the options", ["q.sock"],
         sorted(f for f in os.listdir(work) if f.startswith("q.sock")))

    # The 17th client gets a QMP error, then the connection closes.
    extra = socket.socket(socket.AF_UNIX)
    extra.settimeout(30)
    extra.connect(qmp_path)
    answer = extra.makefile("rb").read().decode()
    t.eq("17th client: a QMP error and EOF",
         '{"error": {"class": "GenericError", "desc": "too many clients '
         '(at most 16)"}}\r\n', answer)

    # A library name resolves as with -instr.
    out = os.path.join(work, "icount.txt")
    t.eq("instr-load by name", {"return": {"id": "ic"}},
         clients[1].cmd("instr-load", path="icount", id="ic",
                        args=["out=" + out]))
    t.eq("the name resolved to the installed library", example_library("icount"),
         clients[1].cmd("query-instr")["return"][0]["path"])
    t.eq("unknown name", {"error": {"class": "GenericError",
         "desc": "library lib0 (nosuchlib): no such library in %s or %s"
         % (os.path.dirname(example_library("icount")), os.getcwd())}},
         clients[1].cmd("instr-load", path="nosuchlib"))
    t.eq("NUL in a path", {"error": {"class": "GenericError",
         "desc": "JSON strings may not contain NUL (\\u0000)"}},
         (clients[2].send_raw('{"execute": "instr-load", "arguments": '
                              '{"path": "icount\\u0000junk"}}\n'),
          clients[2].reply())[1])

    # Oversized and too-deep messages get an error, and the connection
    # stays in step: the next command is answered.
    query = '{"execute": "query-instr", "id": 7}\n'
    answer = (clients[3].send_raw(query), clients[3].reply())[1]
    t.eq("query-instr answered", 7, answer["id"])
    too_long = {"error": {"class": "GenericError",
                "desc": "JSON message too long (at most 65536 bytes)"}}
    too_deep = {"error": {"class": "GenericError",
                "desc": "JSON message nested too deep (at most 1024 levels)"}}
    for what, text, error in (
            ("100,000 '[' and a newline", "[" * 100000 + "\n", too_deep),
            ("100,000 'x' and a newline", "x" * 100000 + "\n", too_long),
            ("a 70 KB string", '{"execute": "query-instr", "id": "%s"}'
             % ("x" * 70000), too_long),
            ("1025 levels, closed", "[" * 1025 + "]" * 1025, too_deep),
            ("1025 levels, never closed", "[" * 1025 + "\n", too_deep)):
        clients[3].send_raw(text)
        t.eq(what + ": an error", error, clients[3].reply())
        t.eq(what + ": the next command is answered", answer,
             (clients[3].send_raw(query), clients[3].reply())[1])
    t.eq("1024 levels are parsed", {"error": {"class": "GenericError",
         "desc": "QMP input must be a JSON object"}},
         (clients[3].send_raw("[" * 1024 + "]" * 1024),
          clients[3].reply())[1])
finally:
    proc.kill()
    proc.wait()
t.eq("nothing on QEMU's stderr", "", proc.stderr.read())

# Names and relative paths in instr-load are looked up as -instr does: a
# name in the library directories, then in QEMU's start directory; a
# relative path from the start directory, even after the guest's chdir.
start_dir = os.path.join(work, "start")
os.mkdir(start_dir)
os.mkdir(os.path.join(start_dir, "sub"))
shutil.copy(example_library("icount"), os.path.join(start_dir, "wset.so"))
names = os.path.join(work, "names.sock")
proc = start(["-instr-qmp", "unix:" + names], names,
             guest=["/bin/sh", "-c", "cd / && while :; do :; done"],
             cwd=start_dir)
try:
    q = QMP(names)
    deadline = time.time() + 30
    while os.readlink("/proc/%d/cwd" % proc.pid) != "/":
        assert time.time() < deadline, "the guest did not chdir"
        time.sleep(0.01)
    wset = os.path.join(start_dir, "wset.so")
    for path in ("wset.so", "sub/../wset.so"):
        out = os.path.join(work, "wset.txt")
        t.eq("instr-load %s after the guest's chdir" % path,
             {"return": {"id": "w"}},
             q.cmd("instr-load", path=path, id="w", args=["out=" + out]))
        t.eq("%s reported as the file in the start directory" % path,
             [wset], [lib["path"] for lib in q.cmd("query-instr")["return"]])
        t.eq("unload %s" % path, {"return": {}},
             q.cmd("instr-unload", id="w"))
    t.eq("a name found nowhere", {"error": {"class": "GenericError",
         "desc": "library lib0 (wset): no such library in %s or %s"
         % (os.path.dirname(example_library("icount")), start_dir)}},
         q.cmd("instr-load", path="wset"))
finally:
    proc.kill()
    proc.wait()

# A socket another instance listens on is refused, and that instance stays
# reachable; a stale socket (its process gone) is replaced.
shared = os.path.join(work, "shared.sock")
first = start(["-instr-qmp", "unix:" + shared], shared)
try:
    for option in ("qmp", "hmp"):
        refused("%s on a live socket" % option,
                ["-instr-" + option, "unix:" + shared],
                "%s=unix:%s: another process is listening there"
                % (option, shared))
    t.eq("the first instance is still reachable", {"return": []},
         QMP(shared).cmd("query-instr"))

    # Replaced behind its back, the first instance's socket path is not
    # removed at its exit: the second instance keeps it.
    os.unlink(shared)
    second = start(["-instr-qmp", "unix:" + shared], shared)
    try:
        first.terminate()
        first.wait(timeout=60)
        t.eq("the second instance is reachable after the first exits",
             {"return": []}, QMP(shared).cmd("query-instr"))
    finally:
        second.terminate()
        second.wait(timeout=60)
    t.true("an instance removes its own socket at exit",
           not os.path.exists(shared))
finally:
    first.kill()
    first.wait()

stale = socket.socket(socket.AF_UNIX)
stale.bind(shared)
stale.close()
stale_inode = os.stat(shared).st_ino
proc = start(["-instr-qmp", "unix:" + shared], shared)
try:
    deadline = time.time() + 30
    while os.stat(shared).st_ino == stale_inode:
        assert proc.poll() is None and time.time() < deadline, "not replaced"
        time.sleep(0.01)
    t.eq("a stale socket is replaced", {"return": []},
         QMP(shared).cmd("query-instr"))
finally:
    proc.kill()
    proc.wait()

# The temporary name used to be PATH.PID.tmp: one made in advance (here a
# directory, which cannot be removed as a file would be by another user's)
# blocked start-up.  The shell's pid is QEMU's: the launcher and QEMU exec.
blocked = os.path.join(work, "blocked.sock")
proc = subprocess.Popen(
    ["sh", "-c", 'mkdir "$1.$$.tmp" && shift && exec "$@"', "sh", blocked,
     os.environ["QI"], qemu, "-instr-qmp", "unix:" + blocked, spin],
    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
    stderr=subprocess.PIPE, text=True)
try:
    deadline = time.time() + 30
    while not os.path.exists(blocked):
        assert proc.poll() is None, "exited: " + proc.stderr.read()
        assert time.time() < deadline, "no socket"
        time.sleep(0.01)
    t.eq("the old temporary name does not block start-up", {"return": []},
         QMP(blocked).cmd("query-instr"))
    t.eq("nothing but the socket and the old name next to it",
         ["blocked.sock", "blocked.sock.%d.tmp" % proc.pid],
         sorted(f for f in os.listdir(work) if f.startswith("blocked.sock")))
finally:
    proc.kill()
    proc.wait()
t.eq("nothing on stderr", "", proc.stderr.read())
print("# %d checks passed" % t.passed)
