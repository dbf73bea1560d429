#!/usr/bin/env python3
# A library whose qi_init (10 s) and qi_fini (6 s) outlast the 5-second
# safe-point timeout: its load and unload get their replies, a request
# made meanwhile on another connection waits its turn and succeeds, and
# the guest and QEMU go on.
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from qmp_client import QMP, Checks, Guest, build_guest, example_library, work_dir

work = work_dir()
t = Checks()
slow = os.path.join(os.environ["TESTLIBS"], "slow.so")
icount = example_library("icount")
spin = build_guest(work, "spin.S", "-DITERS=%d" % 10 ** 12)
guest = Guest(work, [os.environ["QEMU_X86_64"], spin])


def in_thread(client, *args, **kwargs):
    """Send a command on @client from a thread; returns a result holder."""
    result = {}

    def run():
        result["reply"] = client.cmd(*args, **kwargs)
        result["at"] = time.monotonic()
    thread = threading.Thread(target=run)
    thread.start()
    result["thread"] = thread
    return result


try:
    a = QMP(guest.qmp_path)
    b = QMP(guest.qmp_path)
    time.sleep(0.2)
    start = time.monotonic()
    load = in_thread(a, "instr-load", path=slow, id="slow",
                     args=["init=10", "fini=6"])
    time.sleep(1)
    out = os.path.join(work, "icount.txt")
    queued = in_thread(b, "instr-load", path=icount, id="ic",
                       args=["out=" + out])
    load["thread"].join(60)
    queued["thread"].join(60)
    t.eq("slow load replies", {"return": {"id": "slow"}}, load.get("reply"))
    t.true("after its 10-s qi_init", load["at"] - start >= 10,
           "%.1f s" % (load["at"] - start))
    t.eq("load queued meanwhile succeeds", {"return": {"id": "ic"}},
         queued.get("reply"))
    t.true("guest still running", guest.alive())

    start = time.monotonic()
    t.eq("slow unload replies", {"return": {}},
         a.cmd("instr-unload", id="slow"))
    t.true("after its 6-s qi_fini", time.monotonic() - start >= 6)
    t.eq("icount still loaded", ["ic"],
         [lib["id"] for lib in b.cmd("query-instr")["return"]])
    t.eq("icount unloads", {"return": {}}, b.cmd("instr-unload", id="ic"))
    with open(out) as f:
        t.true("icount counted", int(f.read().split()[1]) > 0)
    t.true("guest still running at the end", guest.alive())
    t.eq("nothing on QEMU's stderr", "", guest.errors())
finally:
    guest.stop()
print("# %d checks passed" % t.passed)
