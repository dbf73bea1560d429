#!/usr/bin/env python3
# Run-time control in system mode: a multiboot kernel spins forever under
# qemu-system-x86_64; icount is loaded and unloaded over QMP while it runs.
# A kernel halted with interrupts off makes requests time out cleanly.
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from qmp_client import (QMP, Checks, Guest, example_library, read_file,
                        work_dir)

if not os.environ.get("QEMU_SYSTEM_X86_64"):
    sys.exit(77)
work = work_dir()
t = Checks()
src = os.environ["GUEST_SRC"]


def build_kernel(variant):
    kernel = os.path.join(work, "kernel-%s.elf" % variant)
    subprocess.check_call([os.environ["CC"], "-m32", "-nostdlib", "-static",
                           "-D" + variant,
                           "-Wl,-T," + os.path.join(src, "kernel.ld"),
                           "-Wl,--build-id=none", "-o", kernel,
                           os.path.join(src, "kernel.S")])
    return kernel


def run_kernel(kernel):
    return Guest(work, [os.environ["QEMU_SYSTEM_X86_64"], "-display", "none",
                        "-monitor", "none", "-serial", "none", "-device",
                        "isa-debug-exit,iobase=0xf4,iosize=0x04",
                        "-kernel", kernel])


icount = example_library("icount")
guest = run_kernel(build_kernel("FOREVER"))
try:
    q = QMP(guest.qmp_path)
    time.sleep(0.5)  # firmware, then the kernel's endless loop
    counts = []
    for round in (1, 2):
        out = os.path.join(work, "icount.%d.txt" % round)
        t.eq("load in system mode, round %d" % round,
             {"return": {"id": "lib0"}},
             q.cmd("instr-load", path=icount, args=["out=" + out]))
        time.sleep(0.3)
        t.eq("unload in system mode, round %d" % round, {"return": {}},
             q.cmd("instr-unload", id="lib0"))
        counts.append(int(read_file(out).split()[1]))
    t.true("icount counted the spinning kernel", min(counts) > 100000,
           str(counts))
    t.true("guest still running", guest.alive())
    t.eq("nothing on QEMU's stderr", "", guest.errors())
    guest.stop()

    # A vCPU halted with interrupts off never runs again: the request
    # fails after the timeout, and nothing changes.
    guest = run_kernel(build_kernel("HALT"))
    q = QMP(guest.qmp_path)
    time.sleep(1)
    t.eq("load refused when no vCPU can apply it",
         {"error": {"class": "GenericError", "desc":
                    "not applied: no vCPU reached a safe point within 5 s (is every "
                    "vCPU halted or blocked?); nothing changed"}},
         q.cmd("instr-load", path=icount,
               args=["out=" + os.path.join(work, "never.txt")]))
    t.eq("nothing loaded", {"return": []}, q.cmd("query-instr"))
    t.true("qi_init never ran", not os.path.exists(
        os.path.join(work, "never.txt")))
finally:
    guest.stop()
    shutil.rmtree(work)
print("# %d checks passed" % t.passed)
