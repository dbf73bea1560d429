#!/usr/bin/env python3
# qi-campaign's instruction counts (tools/campaign/qicampaign/numbers.py) on
# the cases of tests/unit/counts.txt that qi_count_parse() passes too
# (test-count.c).
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import sys

SRC = os.environ["TESTS_SRC"]
sys.path.insert(0, os.path.join(SRC, "..", "tools", "campaign"))
from qicampaign.numbers import parse_count  # noqa: E402

failed = cases = 0
with open(os.path.join(SRC, "unit", "counts.txt"), encoding="utf-8") as f:
    for line in f.read().split("\n"):
        if line.startswith("#") or line == "":
            continue
        text, expected = line.split("\t")
        want = None if expected == "refused" else int(expected)
        got = parse_count(text)
        cases += 1
        if got != want:
            print(f"FAIL: {text!r}: {got!r}, expected {want!r}")
            failed += 1
if cases != 33:
    print(f"FAIL: {cases} cases, expected 33")
    failed += 1
print(f"{cases - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
