#!/usr/bin/env python3
# Soak with forks: 200 QMP load/unload cycles of icount (out=...%p..., so it
# follows children) while the guest forks a child after every spin, and
# icount loaded for the whole run (it does not follow: switched off in each
# child with one line).  Exact: the whole-run count is the parent's alone,
# known by construction; every child that ran with the cycled icount wrote
# a file of its own with exactly its 5 instructions; every output file holds
# one complete report (no file written by two processes).  Then 50 cycles
# while a shell forks subshells and pipelines: no crash, every output whole.
# SPDX-License-Identifier: GPL-2.0-or-later
import glob
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from qmp_client import (QMP, Checks, Guest, build_guest, example_library,
                        expect_value, load_unload_cycles, read_file,
                        work_dir)

REPORT = re.compile(r"insns (\d+)\nvcpu 0 \1\n\Z")


def reports(pattern):
    """{pid: count} of the files matching @pattern (with * for the pid);
    fails on a file that is not exactly one complete report (a process that
    calls execve finishes its libraries first)."""
    counts = {}
    before, after = pattern.split("*")
    for path in glob.glob(pattern):
        pid = int(path[len(before):-len(after)])
        m = REPORT.match(read_file(path))
        if m is None:
            raise AssertionError("%s is not one report: %r"
                                 % (path, read_file(path)))
        counts[pid] = int(m.group(1))
    return counts


# scripts/test.sh runs the soaks on the oldest and the newest QEMU tested
# only (CI time); QI_SKIP_SOAKS=1 says so.
if os.environ.get("QI_SKIP_SOAKS") == "1":
    print("# skipped: QI_SKIP_SOAKS=1 (the soaks run on another QEMU)")
    sys.exit(77)

work = work_dir()
t = Checks()
icount = example_library("icount")
qemu = os.environ["QEMU_X86_64"]
children, spin = 8000, 200000
forks = build_guest(work, "forks.S", "-DCHILDREN=%d" % children,
                    "-DSPIN=%d" % spin)
parent_out = os.path.join(work, "parent.txt")
guest = Guest(work, [qemu, "-instr",
                     "file=%s,arg=out=%s" % (icount, parent_out), forks])
try:
    q = QMP(guest.qmp_path)
    load_unload_cycles(q, 200, icount,
                       ["out=" + os.path.join(work, "cycle.%p.txt")])
    t.true("200 load/unload cycles while the guest forked", guest.alive(),
           "(the guest finished too early: raise children)")
    guest.proc.wait(timeout=900)
    t.eq("guest exit status", int(expect_value("forks", "EXIT")),
         guest.proc.returncode)
    insns = 4 + children * (12 + 1 + 2 * spin)
    t.eq("whole-run icount: the parent's count alone",
         "insns %d\nvcpu 0 %d\n" % (insns, insns), read_file(parent_out))
    counts = reports(os.path.join(work, "cycle.*.txt"))
    t.true("the parent wrote its own cycle file", guest.proc.pid in counts)
    child_insns = int(expect_value("forks", "CHILD_INSNS"))
    others = {pid: n for pid, n in counts.items() if pid != guest.proc.pid}
    t.true("children ran with the cycled icount", len(others) > 0)
    t.eq("each of them counted exactly its own instructions",
         {child_insns}, set(others.values()))
    lines = guest.errors().splitlines()
    off = [l for l in lines if re.fullmatch(
        r"qemu-instr: library lib0 \(%s\) disabled: switched off in the "
        r"guest's child process \d+ \(its guest_fork_child handler declined\)"
        % re.escape(icount), l)]
    t.eq("one line per child for the library that does not follow",
         children, len(off))
    t.eq("nothing else on stderr", [], [l for l in lines if l not in off])

    # A shell forking subshells and pipelines (whose commands exec, and run
    # natively): 50 cycles, then it ends normally.
    shutil.rmtree(work)
    work = work_dir()
    script = ("i=0; while [ $i -lt 3000 ]; do (echo $i) | cat >/dev/null; "
              "( : ); i=$((i + 1)); done")
    guest = Guest(work, [qemu, "-instr", "file=%s,arg=out=%s/sh.%%p.txt"
                         % (icount, work), "/bin/sh", "-c", script])
    q = QMP(guest.qmp_path)
    load_unload_cycles(q, 50, icount,
                       ["out=" + os.path.join(work, "cycle.%p.txt")])
    t.true("50 cycles while the shell forked", guest.alive(),
           "(the shell finished too early)")
    guest.proc.wait(timeout=900)
    t.eq("shell exit status", 0, guest.proc.returncode)
    unexpected = [l for l in guest.errors().splitlines()
                  if not re.fullmatch(r"qemu-instr: process \d+ calls execve:"
                                      r" .*; the libraries finish now", l)]
    t.eq("nothing but execve notices on stderr", [], unexpected)
    whole = reports(os.path.join(work, "sh.*.txt"))
    t.true("the whole-run icount reported the shell and its subshells",
           guest.proc.pid in whole and len(whole) >= 3000, str(len(whole)))
    cycled = reports(os.path.join(work, "cycle.*.txt"))
    t.true("every cycled output is one complete report", len(cycled) > 0)
finally:
    guest.stop()
    shutil.rmtree(work, ignore_errors=True)
print("# %d checks passed" % t.passed)
