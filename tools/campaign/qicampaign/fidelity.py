# SPDX-License-Identifier: GPL-2.0-or-later
"""Capture fidelity: does each captured window run the code of the
interval the profile chose?

The capture step runs bbv inside every window too (partial=on, so its
vectors cover the whole window), and difference() compares the window's
vector (the sum of its lines) with the profiled interval's:

    difference = sum over blocks of |profiled - captured| / 2 / interval

where both vectors count instructions per block.  For the same code the
difference is 0; for none in common, 1 (both hold about `interval`
instructions): the fraction of the interval's instructions that ran in
other blocks.

Blocks are matched by what survives a rerun: the offset of their address
in its page, their instruction and byte counts, and bbv's symbol.  Block
ids are not comparable (bbv numbers blocks in order of translation, from
1 in each window), and QEMU 9 and later may map a dynamically linked
program's libraries at other pages from run to run (docs/campaigns.md).

Edges: a window starts and ends at the first block boundary at or after
its interval's start and end (docs/windows.md), s and e instructions late
(each less than the length of the block that crosses the border); its
vector then lacks the interval's first s instructions and holds e of the
next interval's.  A deterministic program's difference is thus at most
(s + e) / 2 / interval, and 0 when both borders are block boundaries; the
measure does not correct for it (a block is some tens of instructions, an
interval millions).
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


def read_vectors(bb_path, keys, indexes):
    """{index: instructions per block key} of the T lines of @bb_path whose
    index is in @indexes, read in one pass (an empty Counter for an index
    past its last line); with @indexes None, {None: the sum of all lines}."""
    vectors = {i: Counter() for i in (indexes or [None])}
    with open(bb_path) as f:
        lines = (line for line in f if line.startswith("T"))
        for i, line in enumerate(lines):
            vector = vectors.get(None if indexes is None else i)
            if vector is not None:
                for item in line[1:].split():
                    _, bid, count = item.split(":")
                    vector[keys[bid]] += int(count)
    return vectors


def difference(profiled, captured, interval):
    """The fraction of @interval's instructions in which the vectors
    differ (see the module's comment)."""
    blocks = set(profiled) | set(captured)
    return sum(abs(profiled[b] - captured[b]) for b in blocks) / 2 / interval


def vectors_prefix(out):
    """The capture step's bbv prefix for window %w's vectors."""
    return os.path.join(out, "fidelity", "bbv.%w")


def window_differences(profile_dir, capture_dir, points, interval):
    """The difference of every window (by window index): its vector
    against its point's interval in the profile."""
    # The profile's vectors can be large: its chosen lines in one pass.
    profiled = read_vectors(os.path.join(profile_dir, "prog.0.bb"),
                            read_bbmap(os.path.join(profile_dir, "prog.bbmap")),
                            {p.interval for p in points})
    result = []
    for i, p in enumerate(points):
        prefix = vectors_prefix(capture_dir).replace("%w", str(i))
        if os.path.exists(prefix + ".bbmap"):
            captured = read_vectors(prefix + ".0.bb",
                                    read_bbmap(prefix + ".bbmap"), None)[None]
        else:
            captured = Counter()   # the run never reached the window
        result.append(difference(profiled[p.interval], captured, interval))
    return result
