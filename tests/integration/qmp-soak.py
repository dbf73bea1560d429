#!/usr/bin/env python3
# Soak: 200 load/unload cycles over QMP while a multi-threaded guest runs,
# with a library loaded for the whole run that must stay exact, and RSS
# growth bounded.  Then 10,000 random and mutated messages over the socket.
# SPDX-License-Identifier: GPL-2.0-or-later
import json
import os
import random
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from qmp_client import (QMP, Checks, Guest, build_guest, example_library,
                        expect_value, load_unload_cycles, read_file,
                        work_dir)


def closes(text):
    """Does every message in the line @text end within it, as QMP's message
    splitter sees them (objects and arrays nest outside strings; anything
    else runs to the end of the line)?"""
    started = line = in_string = escaped = False
    depth = 0
    for c in text + "\n":
        if not started:
            if c in " \t\n\r\f\v":
                continue
            started, line = True, c not in "{["
        if line:
            started = line = c != "\n"
        elif in_string:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
            started = depth != 0
    return not started


# scripts/test.sh runs the soaks on the oldest and the newest QEMU tested
# only (CI time); QI_SKIP_SOAKS=1 says so.
if os.environ.get("QI_SKIP_SOAKS") == "1":
    print("# skipped: QI_SKIP_SOAKS=1 (the soaks run on another QEMU)")
    sys.exit(77)

work = work_dir()
t = Checks()
guests = os.environ["GUESTS"]
threads = os.path.join(guests, "threads")
libs = os.environ["TESTLIBS"]
icount = example_library("icount")
loop = subprocess.check_output(["nm", threads], text=True)
addr = next(line.split()[0] for line in loop.splitlines()
            if line.split()[-1] == expect_value("threads", "LOOP_SYMBOL"))
# Four threads, each running the known loop many times: long enough to
# outlast the cycles below.
per_thread = 1500000000  # ~8 s bare: outlasts the cycles even on a loaded machine
execs_out = os.path.join(work, "execs.txt")
guest_argv = [os.environ["QEMU_X86_64"], "-instr",
              "file=%s/block-count.so,arg=addr=%s,arg=out=%s"
              % (libs, addr, execs_out),
              threads] + [str(per_thread)] * 4
guest = Guest(work, guest_argv)
try:
    q = QMP(guest.qmp_path)
    out = os.path.join(work, "icount.txt")
    rss = []

    def sample_rss(cycle):
        if cycle in (10, 199):
            rss.append(guest.rss_kib())
    load_unload_cycles(q, 200, icount, ["out=" + out], sample_rss)
    t.true("200 load/unload cycles while the guest ran", guest.alive(),
           "(the guest finished too early: raise per_thread)")
    t.true("RSS growth under 10 MB", rss[1] - rss[0] < 10 * 1024, str(rss))

    guest.proc.wait(timeout=900)
    t.eq("guest exit status", 0, guest.proc.returncode)
    t.eq("library loaded for the whole run is exact",
         "execs %d" % (4 * per_thread), read_file(execs_out).strip())
    t.eq("nothing on QEMU's stderr", "", guest.errors())

    # Fuzz a live socket (of a guest that spins until killed).
    guest = Guest(work, [os.environ["QEMU_X86_64"],
                         build_guest(work, "spin.S", "-DITERS=1000000000000")])
    q = QMP(guest.qmp_path)
    # Fuzz the live socket: every message gets an error or a reply.
    rng = random.Random(1)
    seeds = ['{"execute": "query-instr"}',
             '{"execute": "instr-unload", "arguments": {"id": "zz"}}',
             '{"execute": "query-commands", "id": [1, {"a": null}]}']
    for i in range(10000):
        m = list(rng.choice(seeds))
        for _ in range(rng.randrange(0, 6)):
            at = rng.randrange(len(m))
            m[at] = rng.choice('{}[]":,\\ ax0\x01')
        text = "".join(m)
        if not closes(text):
            text = seeds[0]  # QMP would wait for the rest of the message
        q.send_raw(text + "\n")
        q.reply()  # read as we go (a mutant may hold several messages)
    q.send_raw('{"execute": "query-instr", "id": "end"}\n')
    while True:
        last = q.reply()
        if last.get("id") == "end":
            break
    t.eq("still serving after 10,000 fuzz messages", [],
         [lib["id"] for lib in last["return"]])

    t.true("guest still running after the fuzz", guest.alive())
finally:
    guest.stop()
    shutil.rmtree(work)
print("# %d checks passed" % t.passed)
