# SPDX-License-Identifier: GPL-2.0-or-later
"""Reading the steps' outputs back: bbv's .bbmap header, qi-simpoint's
.simpoints/.weights/.labels."""

import os
import re
from collections import namedtuple

Profile = namedtuple("Profile", "interval intervals instructions")
Point = namedtuple("Point", "interval cluster weight")
Window = namedtuple("Window", "window interval weight difference files")


def read_profile(directory):
    """Interval size, full intervals and total instructions of vCPU 0, from
    prog.bbmap's header (bbv writes it at the end of the run)."""
    size = full = partial = 0
    with open(os.path.join(directory, "prog.bbmap")) as f:
        for line in f:
            if not line.startswith("#"):
                break
            m = re.match(r"# qemu-instr bbv: interval ([0-9]+)", line)
            if m:
                size = int(m.group(1))
            m = re.match(r"# vcpu 0: ([0-9]+) full intervals, ([0-9]+) "
                         r"instructions in the last", line)
            if m:
                full, partial = int(m.group(1)), int(m.group(2))
    return Profile(size, full, full * size + partial)


def count_intervals(directory):
    """Intervals bbv has written so far (a running profile's progress)."""
    try:
        with open(os.path.join(directory, "prog.0.bb"), "rb") as f:
            return sum(1 for line in f if line.startswith(b"T"))
    except OSError:
        return 0


def read_points(directory):
    """The simulation points, by interval."""
    def pairs(name):
        with open(os.path.join(directory, name)) as f:
            return [line.split() for line in f if line.strip()]
    weights = {int(c): float(w) for w, c in pairs("weights")}
    return sorted(Point(int(i), int(c), weights[int(c)])
                  for i, c in pairs("simpoints"))


def read_labels(directory):
    """The cluster of every interval, in order."""
    with open(os.path.join(directory, "labels")) as f:
        return [int(line.split()[0]) for line in f if line.strip()]


def read_windows(directory):
    """The capture step's windows.tsv: fidelity and files of each window."""
    with open(os.path.join(directory, "windows.tsv")) as f:
        next(f)
        return [Window(int(c[0]), int(c[1]), float(c[3]), float(c[6]),
                       [] if c[7] == "-" else c[7].split(","))
                for c in (line.rstrip("\n").split("\t") for line in f)]
