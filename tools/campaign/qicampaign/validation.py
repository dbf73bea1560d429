# SPDX-License-Identifier: GPL-2.0-or-later
"""Validation of the simulation points, as SimPoint's papers do it: each
metric of the `validate` libraries over the whole program (the profile
step runs them) against its weighted estimate from the windows (the
capture step runs them inside every window):

    whole     = count / instructions * 1000           (whole run)
    estimate  = sum over windows of weight * count_w / instructions_w * 1000
    error     = (estimate - whole) / whole

Metric libraries print lines `metric instructions N` and `metric NAME
COUNT` (examples/common/metric.h).  Each window's library starts cold
(qi_init at the window's start: empty caches, fresh predictors): no
warm-up, so the estimate includes cold-start effects a simulator with
warm-up would not.
"""

import os
import re

from .oserrors import write_file

METRIC_RE = re.compile(r"metric ([A-Za-z0-9._-]+) ([0-9]+)")


class MetricsError(Exception):
    """A metric output is missing or malformed; the message says which."""


def library_name(library):
    """A validation library's file stem ("cache" for /x/cache.so)."""
    return os.path.basename(library).split(".")[0]


def whole_path(out, library):
    """The profile step's output of @library over the whole run."""
    return os.path.join(out, "metrics", library_name(library) + ".txt")


def window_path(out, library):
    """The capture step's output of @library, %w for the window."""
    return os.path.join(out, "metrics", library_name(library) + ".%w.txt")


def read_metrics(path):
    """{name: count} of a metric output, "instructions" included."""
    try:
        with open(path) as f:
            found = dict(m.groups() for m in map(METRIC_RE.fullmatch,
                                                 f.read().splitlines()) if m)
    except OSError as e:
        raise MetricsError(f"{path}: {e.strerror}")
    if "instructions" not in found:
        raise MetricsError(f"{path}: no 'metric instructions N' line "
                           "(examples/common/metric.h)")
    if int(found["instructions"]) == 0:
        raise MetricsError(f"{path}: 0 instructions")
    return {k: int(v) for k, v in found.items()}


def per_kilo(metrics):
    """{name: count per 1000 instructions}, instructions left out."""
    n = metrics["instructions"]
    return {k: v * 1000 / n for k, v in metrics.items() if k != "instructions"}


def rows(profile_dir, capture_dir, points, libraries):
    """[(library, metric, whole, estimate, relative error or None)]."""
    result = []
    for lib in libraries:
        whole = per_kilo(read_metrics(whole_path(profile_dir, lib)))
        estimate = dict.fromkeys(whole, 0.0)
        for i, p in enumerate(points):
            path = window_path(capture_dir, lib).replace("%w", str(i))
            for name, value in per_kilo(read_metrics(path)).items():
                if name in estimate:
                    estimate[name] += p.weight * value
        for name in whole:
            w, e = whole[name], estimate[name]
            error = (e - w) / w if w else (0.0 if e == 0 else None)
            result.append((library_name(lib), name, w, e, error))
    return result


def write_tsv(path, table):
    """validation.tsv: the rows, full precision."""
    lines = ["library\tmetric\twhole_per_1000\testimate_per_1000\t"
             "relative_error"]
    for lib, name, w, e, err in table:
        lines.append(f"{lib}\t{name}\t{w!r}\t{e!r}\t"
                     + ("-" if err is None else repr(err)))
    write_file(path, "\n".join(lines) + "\n")


def read_tsv(path):
    """The rows of validation.tsv."""
    with open(path) as f:
        next(f)
        return [(lib, name, float(w), float(e),
                 None if err.strip() == "-" else float(err))
                for lib, name, w, e, err in (line.split("\t") for line in f)]
