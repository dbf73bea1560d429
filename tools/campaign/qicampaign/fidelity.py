# SPDX-License-Identifier: GPL-2.0-or-later
"""Capture fidelity: does each captured window run the code of the
interval the profile chose?

The capture step runs bbv inside every window too (interval = the
campaign's, so a window's first vector covers exactly the instructions
from the window's start to one interval later), and difference() compares
that vector with the profiled interval's:

    difference = sum over blocks of |profiled - captured| / 2 / interval

where both vectors count instructions per block.  Both hold `interval`
instructions, so the difference is the fraction of the interval's
instructions that ran in other blocks: 0 for the same code, 1 for none
in common.

Blocks are matched by what survives a rerun: the offset of their address
in its page, their instruction and byte counts, and bbv's symbol.  Block
ids are not comparable (bbv numbers blocks in order of translation, from
1 in each window), and QEMU 9 and later may map a dynamically linked
program's libraries at other pages from run to run (docs/campaigns.md).

Edges: a window starts at the first block boundary at or after its
interval's start (docs/windows.md), s instructions late (s less than the
block's length); its vector then lacks the interval's first s instructions
and holds s of the next interval's.  A deterministic program's difference
is thus at most s / interval, and 0 when the interval starts at a block
boundary.
"""

import os
from collections import Counter


def read_bbmap(path):
    """{block id: matching key} of a .bbmap file."""
    keys = {}
    with open(path) as f:
        for line in f:
            if line.startswith("#"):
                continue
            bid, vaddr, insns, size, symbol = line.split(maxsplit=4)
            keys[bid] = (int(vaddr, 16) & 0xfff, int(insns), int(size),
                         symbol.strip())
    return keys


def read_vector(bb_path, keys, index):
    """Instructions per block key of the @index-th T line of @bb_path
    (an empty Counter if it has fewer)."""
    with open(bb_path) as f:
        lines = (line for line in f if line.startswith("T"))
        for i, line in enumerate(lines):
            if i == index:
                vector = Counter()
                for item in line[1:].split():
                    _, bid, count = item.split(":")
                    vector[keys[bid]] += int(count)
                return vector
    return Counter()


def difference(profiled, captured, interval):
    """The fraction of @interval's instructions in which the vectors
    differ (see the module's comment)."""
    blocks = set(profiled) | set(captured)
    return sum(abs(profiled[b] - captured[b]) for b in blocks) / 2 / interval


def vectors_prefix(out):
    """The capture step's bbv prefix for window %w's vectors."""
    return os.path.join(out, "fidelity", "bbv.%w")


def window_differences(profile_dir, capture_dir, points, interval):
    """The difference of every window (by window index): its first vector
    against its point's interval in the profile."""
    keys = read_bbmap(os.path.join(profile_dir, "prog.bbmap"))
    bb = os.path.join(profile_dir, "prog.0.bb")
    result = []
    for i, p in enumerate(points):
        prefix = vectors_prefix(capture_dir).replace("%w", str(i))
        if os.path.exists(prefix + ".bbmap"):
            wkeys = read_bbmap(prefix + ".bbmap")
            captured = read_vector(prefix + ".0.bb", wkeys, 0)
        else:
            captured = Counter()   # the run never reached the window
        result.append(difference(read_vector(bb, keys, p.interval), captured,
                                 interval))
    return result
