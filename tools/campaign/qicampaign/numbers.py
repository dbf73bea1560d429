# SPDX-License-Identifier: GPL-2.0-or-later
"""Instruction counts "N[K|M|G]", read as qi_count_parse() reads them
(qemu-instr/count.h); tests/unit/counts.txt holds the cases both pass."""

import re

_SCALE = {"": 1, "K": 10**3, "M": 10**6, "G": 10**9}

# The largest count (64 bits, as bbv's interval= and windows take it).
COUNT_MAX = 2**64 - 1


def scale_count(text):
    """The count @text means, however large, or None if it is not one."""
    m = re.fullmatch(r"([0-9]+)([KMG]?)", text, flags=re.ASCII)
    if m is None:
        return None
    return int(m.group(1)) * _SCALE[m.group(2)]


def parse_count(text):
    """The count @text means (0 included), or None if it is not one or is
    above COUNT_MAX."""
    n = scale_count(text)
    return n if n is not None and n <= COUNT_MAX else None
