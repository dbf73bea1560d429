#!/usr/bin/env python3
# Run-time control latency: time from sending instr-load / instr-unload over
# QMP to the reply (the change is in effect then), while a guest spins in
# already-translated code.  Prints median and 95th percentile over N cycles.
#
#   bench/qmp-latency.py [--build DIR] [--cycles N]
#
# SPDX-License-Identifier: GPL-2.0-or-later
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "tests", "lib"))
from qmp_client import QMP, Guest  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--build", default=os.path.join(here, "..", "build"),
                    help="configured build tree (default: ./build)")
parser.add_argument("--cycles", type=int, default=100)
opts = parser.parse_args()
build = os.path.abspath(opts.build)
os.environ["QI"] = os.path.join(build, "tools", "qemu-instr")
icount = os.path.join(build, "examples", ".libs", "icount.so")

work = tempfile.mkdtemp(prefix="qi-bench.")
spin = os.path.join(work, "spin")
subprocess.check_call(["cc", "-nostdlib", "-static", "-DITERS=1000000000000",
                       "-o", spin,
                       os.path.join(here, "..", "tests", "guests", "spin.S")])
guest = Guest(work, ["qemu-x86_64", spin])
try:
    q = QMP(guest.qmp_path)
    load, unload = [], []
    for _ in range(opts.cycles):
        t0 = time.perf_counter()
        assert "return" in q.cmd("instr-load", path=icount,
                                 args=["out=" + os.path.join(work, "ic")])
        t1 = time.perf_counter()
        assert "return" in q.cmd("instr-unload", id="lib0")
        t2 = time.perf_counter()
        load.append((t1 - t0) * 1000)
        unload.append((t2 - t1) * 1000)
    for name, samples in (("instr-load", load), ("instr-unload", unload)):
        samples.sort()
        print("%-13s median %.2f ms, p95 %.2f ms, max %.2f ms (%d cycles)"
              % (name, statistics.median(samples),
                 samples[int(len(samples) * 0.95) - 1], samples[-1],
                 len(samples)))
finally:
    guest.stop()
