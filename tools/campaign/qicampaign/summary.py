# SPDX-License-Identifier: GPL-2.0-or-later
"""The campaign's summary: OUTPUT/summary.md (one table row per workload)
and a phase plot per workload (OUTPUT/WORKLOAD/phases.png, by gnuplot)."""

import os
import subprocess

from . import state
from .campaignfile import STEPS
from .oserrors import write_file
from .results import read_labels, read_points, read_profile


def _seconds(record):
    s = record["seconds"]
    if s < 10:
        return f"{s:.2f} s"
    return f"{s:.1f} s" if s < 60 else f"{int(s // 60)} min {s % 60:.0f} s"


def _size(n):
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000


def _gnuplot_string(text):
    """@text as a single-quoted gnuplot string: nothing in one runs (a
    double-quoted one runs `backquoted` text as a shell command).  Control
    characters, which would end the line, become spaces."""
    text = "".join(" " if ord(ch) < 0x20 or ord(ch) == 0x7f else ch
                   for ch in text)
    return "'" + text.replace("'", "''") + "'"


def plot(c, w):
    """OUTPUT/WORKLOAD/phases.png: the cluster of every interval over the
    run.  Returns its path relative to OUTPUT, or None if it failed."""
    cluster_dir = state.Step(c, w, "cluster").final
    wdir = state.workload_dir(c, w)
    data, png = os.path.join(wdir, "phases.dat"), os.path.join(wdir, "phases.png")
    labels = read_labels(cluster_dir)
    rows = [f"{i} {i * w.interval / 1e9:.9g} {label}\n"
            for i, label in enumerate(labels)]
    rows.append("\n\n")   # gnuplot's index 1: the simulation points
    rows += [f"{p.interval} {p.interval * w.interval / 1e9:.9g} "
             f"{labels[p.interval]}\n" for p in read_points(cluster_dir)]
    write_file(data, "".join(rows))
    title = _gnuplot_string(w.name + ": " + " ".join(w.argv))
    out, dat = _gnuplot_string(png + ".tmp"), _gnuplot_string(data)
    script = f"""set terminal png size 1000,300
set output {out}
set title {title} noenhanced
set xlabel 'instructions executed (billions)'
set ylabel 'cluster (phase)'
set ytics 1
set yrange [-0.5:{w.maxk - 0.5}]
set grid ytics
set key below
plot {dat} index 0 using 2:3 with points pointtype 5 pointsize 0.8 title 'interval of {w.interval} instructions', \\
     {dat} index 1 using 2:3 with points pointtype 6 pointsize 2.5 title 'simulation point'
"""
    try:
        r = subprocess.run(["gnuplot"], input=script, text=True,
                           capture_output=True)
    except OSError:
        return None
    if r.returncode != 0:
        return None
    os.rename(png + ".tmp", png)
    return os.path.relpath(png, c.output)


def row(c, w):
    """The workload's table row, and its plot's path (or None)."""
    records = {s.step: s.record() if s.finished() else None
               for s in state.steps(c, w)}
    nxt = state.next_step(c, w)
    status = "done" if nxt is None else f"**{nxt} not finished**"
    insns = intervals = clusters = points = files = "–"
    plot_path = None
    if records["profile"]:
        p = read_profile(state.Step(c, w, "profile").final)
        insns = f"{p.instructions:,}"
        intervals = f"{p.intervals} × {w.interval:,}"
    if records["cluster"]:
        pts = read_points(state.Step(c, w, "cluster").final)
        clusters = str(len(pts))
        points = ", ".join(f"{p.interval} ({p.weight:.3g})" for p in pts)
        plot_path = plot(c, w)
    if records["capture"]:
        d = state.Step(c, w, "capture").final
        names = [n for n in sorted(os.listdir(d))
                 if n not in ("done.json", "windows.tsv")]
        total = sum(os.path.getsize(os.path.join(d, n)) for n in names)
        files = f"{len(names)} ({_size(total)})" if names else "none"
    times = [_seconds(records[s]) if records[s] else "–" for s in STEPS]
    return ([w.name, status, insns, intervals, clusters, points, files]
            + times, plot_path)


def write(c):
    """Write OUTPUT/summary.md (through a temporary name); returns its path."""
    head = ["workload", "status", "instructions", "intervals", "clusters",
            "simulation points: interval (weight)", "capture files",
            "profile", "cluster", "capture"]
    lines = [f"# Campaign {os.path.basename(c.path)}", "",
             "| " + " | ".join(head) + " |",
             "|" + "---|" * len(head)]
    plots = []
    for w in c.workloads:
        cells, plot_path = row(c, w)
        lines.append("| " + " | ".join(cells) + " |")
        if plot_path:
            plots.append((w, plot_path))
    lines.append("")
    lines.append("Capture files are in WORKLOAD/capture/, one per capture "
                 "and window; windows.tsv maps a window to its interval.")
    for w, path in plots:
        lines += ["", f"## {w.name}", "", f"![phases of {w.name}]({path})"]
    out = os.path.join(c.output, "summary.md")
    write_file(out, "\n".join(lines) + "\n")
    return out
