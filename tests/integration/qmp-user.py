#!/usr/bin/env python3
# Run-time control over QMP in user mode: load and unload libraries while a
# guest spins in already-translated code; events, errors, reloading.
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from qmp_client import (QMP, Checks, Guest, build_guest, example_library,
                        read_file, work_dir)

work = work_dir()
t = Checks()
libs = os.environ["TESTLIBS"]
icount = example_library("icount")
ITERS = 10 ** 12  # far longer than the test: the guest is killed at the end
spin = build_guest(work, "spin.S", "-DITERS=%d" % ITERS)
guest = Guest(work, [os.environ["QEMU_X86_64"], spin])
try:
    a = QMP(guest.qmp_path)
    b = QMP(guest.qmp_path)
    t.eq("greeting names qemu-instr", "qemu-instr",
         a.greeting["QMP"]["version"]["package"].split()[0])
    t.eq("socket is private", 0o600, os.stat(guest.qmp_path).st_mode & 0o777)
    t.eq("nothing loaded", {"return": []}, a.cmd("query-instr"))

    # Load icount while the guest spins; it counts from then on.
    time.sleep(0.2)
    out = os.path.join(work, "icount.txt")
    t.eq("instr-load replies with the id", {"return": {"id": "lib0"}},
         a.cmd("instr-load", path=icount, args=["out=" + out]))
    event = b.wait_event("INSTR_LOAD", "lib0")
    t.eq("other client sees INSTR_LOAD", {"id": "lib0", "path": icount,
         "args": ["out=" + out], "windows": []}, event["data"])
    t.true("event has a timestamp", event["timestamp"]["seconds"] > 0)
    t.eq("query-instr lists it",
         {"return": [{"id": "lib0", "path": icount, "args": ["out=" + out],
                      "windows": []}]},
         a.cmd("query-instr"))

    # The recorder proves that no call arrives after the unload reply.
    rec = os.path.join(work, "recorder.txt")
    t.eq("load recorder", {"return": {"id": "rec"}},
         a.cmd("instr-load", path=os.path.join(libs, "recorder.so"), id="rec",
               args=["out=" + rec]))
    time.sleep(0.2)
    t.eq("unload recorder", {"return": {}}, a.cmd("instr-unload", id="rec"))
    calls = read_file(rec)
    time.sleep(0.3)
    t.true("recorder was called", calls.startswith("calls ") and
           int(calls.split()[1]) > 0, calls)
    t.eq("no call after the unload reply", calls, read_file(rec))
    t.true("guest still running after unload", guest.alive())

    time.sleep(0.2)
    t.eq("unload icount", {"return": {}}, a.cmd("instr-unload", id="lib0"))
    t.eq("other client sees INSTR_UNLOAD", icount,
         b.wait_event("INSTR_UNLOAD", "lib0")["data"]["path"])
    count = int(read_file(out).split()[1])
    t.true("icount counted part of the run", 0 < count < 4 * ITERS + 4,
           str(count))

    # Unloaded means unmapped: the file can go, a new copy loads afresh.
    copy = os.path.join(work, "copy.so")
    for round in (1, 2):
        shutil.copy(icount, copy)
        t.eq("load copy, round %d" % round, {"return": {"id": "c"}},
             a.cmd("instr-load", path=copy, id="c",
                   args=["out=%s.%d" % (out, round)]))
        t.eq("unload copy, round %d" % round, {"return": {}},
             a.cmd("instr-unload", id="c"))
        os.unlink(copy)
    fresh = [int(read_file("%s.%d" % (out, r)).split()[1]) for r in (1, 2)]
    t.true("reloaded library starts from zero", fresh[1] < count, str(fresh))

    # Errors: each an error reply; the connection and the guest stay up.
    def error(what, reply, desc):
        t.eq(what, {"error": {"class": "GenericError", "desc": desc}}, reply)
    error("unknown id", a.cmd("instr-unload", id="nope"),
          "no library with id 'nope'")
    a.cmd("instr-load", path=icount, id="x", args=["out=" + out])
    error("duplicate id", a.cmd("instr-load", path=icount, id="x"),
          "library x (%s): id 'x' is already used by %s" % (icount, icount))
    error("file not found", a.cmd("instr-load", path="/nonexistent.so"),
          "library lib0 (/nonexistent.so): file not found")
    error("no qi_init", a.cmd("instr-load", path=libs + "/no-init.so"),
          "library lib0 (%s/no-init.so): no qi_init function" % libs)
    error("undefined symbol", a.cmd("instr-load",
                                    path=libs + "/unresolved.so"),
          "library lib0 (%s/unresolved.so): undefined symbol: "
          "qi_test_nowhere_defined" % libs)
    t.true("guest alive after the refused load", guest.alive())
    error("wrong version", a.cmd("instr-load", path=libs + "/version-next.so"),
          "library lib0 (%s/version-next.so): built for API version 5, this "
          "runtime provides versions 1 to 4" % libs)
    error("qi_init fails", a.cmd("instr-load", path=libs + "/init-fails.so"),
          "library lib0 (%s/init-fails.so): qi_init failed (returned 3): "
          "the test asked me to fail" % libs)
    a.send_raw('{"execute": "query-instr", "id": {"n": [1]}}\n{oops}\n')
    t.eq("id echoed", {"n": [1]}, a.reply()["id"])
    t.true("malformed JSON answered",
           a.reply()["error"]["desc"].startswith("JSON parse error"))
    a.send_raw('{"execute": "query-instr", "arguments": {"x": "%s"}}\n'
               % ("y" * 70000))
    error("oversized message", a.reply(),
          "JSON message too long (at most 65536 bytes)")
    t.eq("still serving after errors", "x",
         a.cmd("query-instr")["return"][0]["id"])
    t.true("guest still running", guest.alive())
    t.eq("nothing on QEMU's stderr", "", guest.errors())
finally:
    guest.stop()
    shutil.rmtree(work)
print("# %d checks passed" % t.passed)
