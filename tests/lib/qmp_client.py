# A minimal QMP client for the integration tests (standard library only).
# SPDX-License-Identifier: GPL-2.0-or-later
import json
import os
import signal
import socket
import subprocess
import tempfile
import time


class QMP:
    """One QMP connection: greeting read, commands answered in order,
    events collected on the side."""

    def __init__(self, path, negotiate=True):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(30)
        self.sock.connect(path)
        self.file = self.sock.makefile("rw")
        self.events = []
        self.greeting = self.read()
        if negotiate:
            assert self.cmd("qmp_capabilities") == {"return": {}}

    def read(self):
        line = self.file.readline()
        if not line:
            raise EOFError("QMP connection closed")
        return json.loads(line)

    def send_raw(self, text):
        self.file.write(text)
        self.file.flush()

    def reply(self):
        """The next non-event message."""
        while True:
            message = self.read()
            if "event" in message:
                self.events.append(message)
            else:
                return message

    def cmd(self, name, **arguments):
        request = {"execute": name}
        if arguments:
            request["arguments"] = arguments
        self.send_raw(json.dumps(request) + "\n")
        return self.reply()

    def wait_event(self, name, library_id):
        """The event @name about library @library_id (earlier ones kept)."""
        def match(e):
            return e["event"] == name and e["data"]["id"] == library_id
        while not any(match(e) for e in self.events):
            self.events.append(self.read())
        event = next(e for e in self.events if match(e))
        self.events.remove(event)
        return event

    def close(self):
        self.sock.close()


class Guest:
    """QEMU under the launcher, with a QMP (and optionally HMP) socket."""

    def __init__(self, work, argv, hmp=False):
        self.qmp_path = os.path.join(work, "qmp.sock")
        self.hmp_path = os.path.join(work, "hmp.sock") if hmp else None
        for path in (self.qmp_path, self.hmp_path):
            if path and os.path.exists(path):
                os.unlink(path)  # left by an earlier, killed QEMU
        monitors = ["-instr-qmp", "unix:" + self.qmp_path]
        if hmp:
            monitors += ["-instr-hmp", "unix:" + self.hmp_path]
        self.stderr = open(os.path.join(work, "qemu.err"), "w+")
        self.proc = subprocess.Popen(
            [os.environ["QI"], argv[0]] + monitors + argv[1:],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=self.stderr)
        deadline = time.time() + 30
        while not os.path.exists(self.qmp_path):
            assert self.proc.poll() is None, "QEMU exited early: " + self.errors()[-1500:]
            assert time.time() < deadline, "no QMP socket"
            time.sleep(0.01)

    def alive(self):
        return self.proc.poll() is None

    def rss_kib(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])

    def stop(self):
        if self.alive():
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def errors(self):
        self.stderr.seek(0)
        return self.stderr.read()


class Checks:
    """Counts passed checks; the first failure ends the test."""

    def __init__(self):
        self.passed = 0

    def eq(self, what, expected, actual):
        if expected != actual:
            raise AssertionError("%s\n--- expected\n%r\n--- actual\n%r"
                                 % (what, expected, actual))
        self.passed += 1
        print("ok - " + what)

    def true(self, what, condition, detail=""):
        if not condition:
            raise AssertionError("%s %s" % (what, detail))
        self.passed += 1
        print("ok - " + what)


def work_dir():
    return tempfile.mkdtemp(prefix="qi-test.")


def expect_value(guest, key):
    """A value from tests/guests/GUEST.expect."""
    path = os.path.join(os.environ["GUEST_SRC"], guest + ".expect")
    with open(path) as f:
        for line in f:
            if line.startswith(key + "="):
                return line.split("=", 1)[1].strip().strip('"')
    raise KeyError(key)


def example_library(name):
    """The path of example library @name in the build tree."""
    return os.path.realpath(os.path.join(os.environ["MODULES"], "..", "..",
                                         "examples", ".libs", name + ".so"))


def build_guest(work, source, *flags):
    """Build a guest variant from tests/guests/SOURCE with extra flags."""
    out = os.path.join(work, os.path.basename(source).split(".")[0])
    src = os.path.join(os.environ["GUEST_SRC"], source)
    subprocess.check_call([os.environ["CC"], "-nostdlib", "-static", "-o",
                           out, src] + list(flags))
    return out


def load_unload_cycles(q, count, library, args, on_cycle=None):
    """@count times: load @library with @args over QMP connection @q as
    lib1, unload it; each reply checked.  Calls @on_cycle(cycle) after
    each."""
    for cycle in range(count):
        r = q.cmd("instr-load", path=library, args=args)
        if r != {"return": {"id": "lib1"}}:
            raise AssertionError("cycle %d: load: %r" % (cycle, r))
        r = q.cmd("instr-unload", id="lib1")
        if r != {"return": {}}:
            raise AssertionError("cycle %d: unload: %r" % (cycle, r))
        if on_cycle is not None:
            on_cycle(cycle)


def read_file(path):
    with open(path) as f:
        return f.read()
