# SPDX-License-Identifier: GPL-2.0-or-later
"""The campaign's summary: OUTPUT/summary.md (one table row per workload)
and a phase plot per workload (OUTPUT/WORKLOAD/phases.png, by gnuplot)."""

import os
import subprocess

from . import state, validation
from .campaignfile import STEPS
from .oserrors import write_file
from .results import read_labels, read_points, read_profile, read_windows

# What makes a program run other code from run to run (docs/campaigns.md,
# "Reproducible runs"), named where a workload is not reproducible.
CAUSES = ("threads (their interleaving differs from run to run)",
          "the time (clock reads, timeouts)",
          "random numbers (getrandom, /dev/urandom)",
          "hash randomisation (Python's PYTHONHASHSEED: {seed}; other "
          "runtimes have their own seeds)",
          "memory addresses (QEMU 9 and later map the guest's memory where "
          "the host's mmap puts it: a library loaded over QMP, or address "
          "randomisation, moves it, and programs such as Python then run "
          "other code)",
          "inputs or files that changed between the steps")


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
    return _gnuplot(c, script, png)


def _gnuplot(c, script, png):
    """Run gnuplot's @script, which writes @png + ".tmp"; returns the
    plot's path relative to OUTPUT, or None if it failed."""
    try:
        r = subprocess.run(["gnuplot"], input=script, text=True,
                           capture_output=True)
    except OSError:
        return None
    if r.returncode != 0:
        return None
    os.rename(png + ".tmp", png)
    return os.path.relpath(png, c.output)


def validation_plot(c, w, table):
    """OUTPUT/WORKLOAD/validation.png: above, each metric's whole-program
    value and simulation-point estimate (per 1000 instructions) side by
    side, on a logarithmic axis (metrics differ by orders of magnitude);
    below, the estimate's relative error per metric, where small metrics'
    errors show too.  Returns its path relative to OUTPUT, or None if it
    failed."""
    wdir = state.workload_dir(c, w)
    data = os.path.join(wdir, "validation.dat")
    png = os.path.join(wdir, "validation.png")
    # gnuplot skips NaN (an error undefined: the whole-program value is 0)
    # and, on the logarithmic axis, values of 0.  The bars' labels are the
    # summary table's relative errors.
    write_file(data, "".join(
        f'"{lib} {name}" {whole!r} {est!r} '
        f'{"NaN" if err is None else repr(100 * err)} "{_error_cell(err)}"\n'
        for lib, name, whole, est, err in table))
    title = _gnuplot_string(w.name + ": whole program vs simulation points")
    out, dat = _gnuplot_string(png + ".tmp"), _gnuplot_string(data)
    script = f"""set terminal png size 1000,700
set output {out}
set multiplot layout 2,1 title {title} noenhanced
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -30 noenhanced
set key below
set lmargin 14
set ylabel 'per 1000 instructions'
set logscale y
plot {dat} using 2:xtic(1) title 'whole program', \\
     {dat} using 3 title 'weighted simulation points'
unset logscale y
set ylabel 'relative error (%)'
set yrange [*:*]
plot {dat} using 4:xtic(1) title 'estimate vs whole program' linecolor 3, \\
     {dat} using 0:4:5 with labels offset 0,0.7 notitle
unset multiplot
"""
    return _gnuplot(c, script, png)


def _percent(fraction):
    return f"{100 * fraction:.3g}%"


def _error_cell(fraction):
    """A relative error: three significant digits, never an exponent
    (None, undefined: a dash)."""
    if fraction is None:
        return "–"
    p = 100 * fraction
    return f"{p:+.0f}%" if abs(p) >= 100 else f"{p:+.3g}%"


def fidelity_cell(w, windows):
    """The fidelity column: the largest window difference, marked when
    it passes the workload's threshold."""
    worst = max(x.difference for x in windows)
    if worst > w.fidelity_threshold:
        return f"**{_percent(worst)}: not reproducible**"
    return _percent(worst)


def not_reproducible(w, windows):
    """Lines saying which windows pass the threshold, and the likely
    causes; [] if none does."""
    bad = [x for x in windows if x.difference > w.fidelity_threshold]
    if not bad:
        return []
    lines = [f"**{w.name} is not reproducible**: the capture ran other code "
             f"than the profile in {len(bad)} of {len(windows)} windows "
             f"(difference above {_percent(w.fidelity_threshold)}, "
             "fidelity-threshold): "
             + ", ".join(f"window {x.window} (interval {x.interval}) "
                         f"{_percent(x.difference)}" for x in bad)
             + ".  Its captures do not show the profiled intervals.  "
             "Likely causes:", ""]
    seed = w.guest_env().get("PYTHONHASHSEED")
    seed = ("fixed to 0 by qi-campaign" if seed == "0" else
            f"this workload's environment sets {seed!r}" if seed is not None
            else "not set")
    lines += [f"- {cause.format(seed=seed)}" for cause in CAUSES]
    return lines


def validation_lines(c, w, table):
    """The workload's validation table and plot."""
    lines = ["", f"### {w.name}: validation", "",
             "| library | metric (per 1000 instructions) | whole program | "
             "simulation points | relative error |", "|---|---|---|---|---|"]
    for lib, name, whole, est, err in table:
        lines.append(f"| {lib} | {name} | {whole:.6g} | {est:.6g} | "
                     + _error_cell(err) + " |")
    plot_path = validation_plot(c, w, table)
    if plot_path:
        lines += ["", f"![validation of {w.name}]({plot_path})"]
    return lines


def row(c, w):
    """The workload's table row, its plot's path (or None), and the lines
    of its section below the table (fidelity, validation)."""
    records = {s.step: s.record() if s.finished() else None
               for s in state.steps(c, w)}
    nxt = state.next_step(c, w)
    status = "done" if nxt is None else f"**{nxt} not finished**"
    insns = intervals = clusters = points = files = fidelity = "–"
    plot_path = None
    notes = []
    if records["profile"]:
        p = read_profile(state.Step(c, w, "profile").final)
        insns = f"{p.instructions:,}"
        intervals = f"{p.intervals} × {w.interval:,}"
    if records["cluster"]:
        pts = read_points(state.Step(c, w, "cluster").final)
        clusters = str(len(pts))
        points = ", ".join(f"{p.interval} ({p.weight:.3g})" for p in pts)
        plot_path = plot(c, w)
    d = state.Step(c, w, "capture").final
    if records["capture"] and os.path.exists(os.path.join(d, "windows.tsv")):
        windows = read_windows(d)
        names = [n for x in windows for n in x.files]
        total = sum(os.path.getsize(os.path.join(d, n)) for n in names)
        files = f"{len(names)} ({_size(total)})" if names else "none"
        fidelity = fidelity_cell(w, windows)
        notes += not_reproducible(w, windows)
        if os.path.exists(os.path.join(d, "validation.tsv")):
            notes += validation_lines(
                c, w, validation.read_tsv(os.path.join(d, "validation.tsv")))
    times = [_seconds(records[s]) if records[s] else "–" for s in STEPS]
    return ([w.name, status, insns, intervals, clusters, points, files,
             fidelity] + times, plot_path, notes)


def write(c):
    """Write OUTPUT/summary.md (through a temporary name); returns its path."""
    head = ["workload", "status", "instructions", "intervals", "clusters",
            "simulation points: interval (weight)", "capture files",
            "fidelity", "profile", "cluster", "capture"]
    lines = [f"# Campaign {os.path.basename(c.path)}", "",
             "| " + " | ".join(head) + " |",
             "|" + "---|" * len(head)]
    sections = []
    for w in c.workloads:
        cells, plot_path, notes = row(c, w)
        lines.append("| " + " | ".join(cells) + " |")
        section = notes[:]
        if plot_path:
            section = ["", f"![phases of {w.name}]({plot_path})"] + section
        if section:
            sections.append((w, section))
    lines.append("")
    lines.append("Capture files are in WORKLOAD/capture/, one per capture, "
                 "window and vCPU; windows.tsv maps a window to its interval "
                 "and its files.  Fidelity: the largest difference between "
                 "a captured window's block vector and its profiled "
                 "interval's, as a fraction of the interval's instructions "
                 "(docs/campaigns.md).")
    for w, section in sections:
        lines += ["", f"## {w.name}"] + section
    out = os.path.join(c.output, "summary.md")
    write_file(out, "\n".join(lines) + "\n")
    return out
