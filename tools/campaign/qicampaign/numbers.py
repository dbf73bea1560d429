# SPDX-License-Identifier: GPL-2.0-or-later
"""Instruction counts as bbv's interval= takes them: digits, optional K/M/G."""

import re

_SCALE = {"": 1, "K": 10**3, "M": 10**6, "G": 10**9}


def parse_count(text):
    """The positive count @text means, or None."""
    m = re.fullmatch(r"([0-9]+)([KMG]?)", text)
    if m is None or int(m.group(1)) == 0:
        return None
    return int(m.group(1)) * _SCALE[m.group(2)]
