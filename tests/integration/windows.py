#!/usr/bin/env python3
# Instruction windows (docs/windows.md), exact on the phases guest: a window
# starts and ends at the first block boundary at or after its START and END,
# so icount inside a window counts exactly the blocks between those two
# boundaries, computed here from phases.S's blocks.  Ten windows that tile
# the run agree with bbv's ten intervals within one block each and add up
# to the whole run; bbv inside phase B's window writes phase B's intervals.
# Over QMP, windows count from the load: a window closes (qi_fini, output
# complete) while the guest goes on.  Bad windows are refused in one line.
# SPDX-License-Identifier: GPL-2.0-or-later
import bisect
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from qmp_client import (QMP, Checks, Guest, build_guest, example_library,
                        expect_value, read_file, work_dir)


def phases_boundaries():
    """Every block boundary of the phases guest, as instruction counts."""
    na, nb = int(expect_value("phases", "NA")), int(expect_value("phases", "NB"))
    pass_a = [4] + [3] * (na - 1) + [2]          # phase_a, a_loop..., a_tail
    blocks = [3] + pass_a + [6] + [4] * (nb - 1) + [2] + pass_a + [3]
    counts, n = [0], 0
    for size in blocks:
        n += size
        counts.append(n)
    return counts


def first_at_or_after(bounds, x):
    return bounds[bisect.bisect_left(bounds, x)]


def bb_sums(path):
    """The instructions of each T line of a .bb file (T:id:n :id:n ...)."""
    sums = []
    for line in read_file(path).splitlines():
        fields = line.split(":")
        sums.append(sum(int(fields[i]) for i in range(2, len(fields), 2)))
    return sums


def icount_report(path):
    n = read_file(path).split("\n")[0].split()[1]
    return read_file(path), int(n)


def run(*args):
    p = subprocess.run([os.environ["QI"], os.environ["QEMU_X86_64"]] +
                       list(args), capture_output=True, text=True, cwd=work)
    return p.returncode, p.stderr


work = work_dir()
t = Checks()
icount = example_library("icount")
phases = os.path.join(os.environ["GUESTS"], "phases")
interval = int(expect_value("phases", "INTERVAL"))
total = int(expect_value("phases", "INSNS"))
bounds = phases_boundaries()
try:
    t.eq("the guest's blocks add up to its instructions", total, bounds[-1])

    # Phase B exactly, and a window whose end falls inside a_loop blocks.
    status, err = run("-instr", "file=icount,window=300K:700K,"
                      "window=100000:200000,arg=out=w%w.txt", phases)
    t.eq("windows out of order are refused",
         (1, "qemu-instr: library '%s': window '100000:200000' starts before "
          "the end of the window before it (700000): give windows in order, "
          "without overlaps\n" % icount), (status, err))
    status, err = run("-instr", "file=icount,window=100000:200000,"
                      "window=300K:700K,arg=out=w%w.txt", phases)
    t.eq("two windows: exit status, stderr", (0, ""), (status, err))
    want = first_at_or_after(bounds, 200000) - first_at_or_after(bounds, 100000)
    t.eq("window 100000:200000 ends at the first block boundary after 200000",
         "insns %d\nvcpu 0 %d\n" % (want, want),
         read_file(os.path.join(work, "w0.txt")))
    t.eq("...which is 2 instructions late (a_loop blocks are 3 long)",
         100002, want)
    t.eq("window 300K:700K is phase B exactly", "insns 400000\nvcpu 0 400000\n",
         read_file(os.path.join(work, "w1.txt")))

    # Ten windows tiling the run, against bbv's ten intervals.
    windows = ",".join("window=%d:%d" % (i * interval, (i + 1) * interval)
                       for i in range(10))
    status, err = run("-instr", "file=icount,%s,arg=out=t%%w.txt" % windows,
                      "-instr", "file=bbv,arg=out=bb,arg=interval=%d" % interval,
                      phases)
    t.eq("ten windows and bbv: exit status, stderr", (0, ""), (status, err))
    sums = bb_sums(os.path.join(work, "bb.0.bb"))
    counts = [icount_report(os.path.join(work, "t%d.txt" % i))[1]
              for i in range(10)]
    want = [first_at_or_after(bounds, (i + 1) * interval) -
            first_at_or_after(bounds, i * interval) for i in range(10)]
    t.eq("each window counts its blocks exactly", want, counts)
    t.true("each window is within one block of bbv's interval",
           all(abs(c - s) < 6 for c, s in zip(counts, sums)),
           "%r vs %r" % (counts, sums))
    t.eq("the windows add up to the run", total, sum(counts))

    # bbv inside phase B's window: its four intervals, all of phase B.
    status, err = run("-instr", "file=bbv,window=300K:700K,arg=out=b%%w,"
                      "arg=interval=%d" % interval, phases)
    t.eq("bbv in a window: exit status, stderr", (0, ""), (status, err))
    t.eq("four full intervals", [interval] * 4,
         bb_sums(os.path.join(work, "b0.0.bb")))
    symbols = {int(addr, 16): name for addr, _, name in
               (l.split() for l in subprocess.check_output(
                   ["nm", phases], text=True).splitlines())}
    names = sorted(symbols.get(int(l.split()[1], 16), l.split()[1]) for l in
                   read_file(os.path.join(work, "b0.bbmap")).splitlines()
                   if not l.startswith("#"))
    t.eq("only phase B's blocks", ["b_loop", "b_tail", "phase_b"], names)

    # A window the guest never reaches: the library never starts.
    status, err = run("-instr", "file=icount,window=2M:3M,arg=out=never.txt",
                      phases)
    t.eq("unreached window: exit status, stderr, no output", (0, "", False),
         (status, err, os.path.exists(os.path.join(work, "never.txt"))))

    # Over QMP: the window counts from the load; it closes while the guest
    # spins on, its output complete.  spin_loop blocks are 4 long, so a
    # window of 1,000,000 from a block boundary is exact.
    spin = build_guest(work, "spin.S", "-DITERS=%d" % 10 ** 12)
    guest = Guest(work, [os.environ["QEMU_X86_64"], spin])
    try:
        q = QMP(guest.qmp_path)
        time.sleep(0.2)
        out = os.path.join(work, "qmp.txt")
        t.eq("QMP: a bad window is refused",
             {"error": {"class": "GenericError", "desc":
                        "Parameter 'windows': window '5:5' is empty: END "
                        "must be above START"}},
             q.cmd("instr-load", path=icount, windows=["5:5"]))
        t.eq("QMP: load with a window", {"return": {"id": "lib0"}},
             q.cmd("instr-load", path=icount, windows=["0:1M"],
                   args=["out=" + out]))
        t.eq("QMP: query-instr shows the window",
             {"return": [{"id": "lib0", "path": icount, "args": ["out=" + out],
                          "windows": ["0:1000000"]}]}, q.cmd("query-instr"))
        deadline = time.time() + 60
        while read_file(out) == "" and time.time() < deadline:
            time.sleep(0.05)
        t.eq("QMP: the window's output, complete while the guest runs",
             "insns 1000000\nvcpu 0 1000000\n", read_file(out))
        t.true("QMP: the guest still runs", guest.alive())
        t.eq("QMP: unload after its window", {"return": {}},
             q.cmd("instr-unload", id="lib0"))
    finally:
        guest.stop()
finally:
    shutil.rmtree(work)
print("# %d checks passed" % t.passed)
