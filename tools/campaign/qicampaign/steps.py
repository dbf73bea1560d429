# SPDX-License-Identifier: GPL-2.0-or-later
"""The three steps of a workload, as both engines run them.

profile: the workload under qemu-instr with bbv (basic-block vectors);
cluster: qi-simpoint on the vectors (simulation points and weights);
capture: the workload again, each capture library active only inside the
         windows of the simulation points' intervals, in one run.

run_step() is the whole of a task: the local engine calls it in a worker
thread, a Slurm array task through `qi-campaign task`.
"""

import ctypes
import glob
import os
import signal
import subprocess
import threading
import time

from . import fidelity, oserrors, state, validation
from .launcher import tool
from .results import read_points, read_profile


class StepFailed(Exception):
    """A step did not produce its results; the message says why."""


def instr_option(library, args, windows=()):
    """The value of one -instr option (commas in values doubled)."""
    parts = [f"file={library}"]
    parts += [f"window={start}:{end}" for start, end in windows]
    parts += ["arg=" + a.replace(",", ",,") for a in args]
    return ",".join(parts)


def _child_setup():
    """In the child, before exec:
    - SIGKILL when qi-campaign dies, even of SIGKILL, so that no QEMU goes
      on writing into a directory a rerun starts afresh (PR_SET_PDEATHSIG);
    - no address-space randomisation (as `setarch -R`): QEMU 9 and later
      place a guest's libraries where the host's mmap puts them, and the
      capture run must execute the blocks, at the addresses, the profile
      run did (ADDR_NO_RANDOMIZE);
    - every signal at its default action and none blocked: the guest
      inherits both, and programs run other code for a signal they find
      ignored (gzip under `nohup` runs 80 instructions fewer), so runs
      started from different shells, or by Slurm, would differ."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    libc.personality(0x0040000)     # ADDR_NO_RANDOMIZE
    for sig in range(1, signal.NSIG):
        if sig not in (signal.SIGKILL, signal.SIGSTOP):
            libc.signal(sig, 0)     # SIG_DFL
    empty = ctypes.create_string_buffer(128)   # a zeroed sigset_t
    libc.sigprocmask(2, empty, None)           # SIG_SETMASK


class Children:
    """The processes steps are running, so that an interrupted campaign
    can stop them (QEMU then finishes its libraries and exits)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._procs = set()
        self.stopping = False

    def run(self, argv, cwd, env, stdout, stderr):
        with self._lock:
            if self.stopping:
                raise StepFailed("interrupted")
            p = subprocess.Popen(argv, cwd=cwd, env=env, stdout=stdout,
                                 stderr=stderr, stdin=subprocess.DEVNULL,
                                 preexec_fn=_child_setup)
            self._procs.add(p)
        try:
            return p.wait()
        finally:
            with self._lock:
                self._procs.discard(p)

    def stop(self):
        with self._lock:
            self.stopping = True
            for p in self._procs:
                p.send_signal(signal.SIGTERM)


CHILDREN = Children()


def _run(argv, cwd, env, log, stdout_path):
    """Run @argv, stderr appended to @log, stdout to @stdout_path."""
    log.write("$ " + " ".join(argv) + "\n")
    log.flush()
    start = log.tell()
    # The guest's stderr is the log through a descriptor of its own, at
    # offset 0 (O_APPEND still writes at the end): through @log's, the
    # guest would start at the log's length, which differs between the
    # steps (their command lines), and programs act on it (Python runs
    # ~1000 instructions more at offset 243 than at 0), which moves the
    # capture's windows off the profiled intervals.
    err = os.open(log.name, os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC)
    try:
        with open(stdout_path, "wb") as out:
            status = CHILDREN.run(argv, cwd, env, out, err)
    finally:
        os.close(err)
    if status != 0:
        how = (f"killed by signal {-status}" if status < 0
               else f"exit status {status}")
        # The child's last word on stderr usually says why.
        with open(log.name, errors="replace") as f:
            f.seek(start)
            said = [line.strip() for line in f if line.strip()]
        raise StepFailed(f"{os.path.basename(argv[0])} failed ({how})"
                         + (f": {said[-1]}" if said else ""))


def _instr_outputs(out, library, path_of):
    """-instr for @library writing path_of(out, library), in a fresh
    subdirectory of @out (libraries do not make directories)."""
    path = path_of(out, library)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return f"out={path}"


def profile(c, w, out, log):
    """bbv's vectors, and the validation libraries over the whole run."""
    prefix = os.path.join(out, "prog")
    argv = [tool("qemu-instr"), w.qemu, "-instr",
            instr_option("bbv", [f"interval={w.interval}", f"out={prefix}"])]
    for lib in w.validate:
        argv += ["-instr", instr_option(lib, [_instr_outputs(
            out, lib, validation.whole_path)])]
    _run(argv + w.argv, w.directory, w.guest_env(), log,
         state.log_path(c, w, "profile", "stdout"))
    p = read_profile(out)
    if p.intervals < 2:   # nothing to cluster (qi-simpoint fails on one)
        raise StepFailed(f"{p.intervals} full intervals of {w.interval} "
                         f"instructions ({p.instructions} in all); SimPoint "
                         "needs 2 or more: choose a smaller interval")


def cluster(c, w, out, log):
    vectors = os.path.join(state.Step(c, w, "profile").final, "prog.0.bb")
    argv = [tool("qi-simpoint"), "-loadFVFile", vectors,
            "-maxK", str(w.maxk),
            "-saveSimpoints", os.path.join(out, "simpoints"),
            "-saveSimpointWeights", os.path.join(out, "weights"),
            "-saveLabels", os.path.join(out, "labels")]
    _run(argv, out, None, log, state.log_path(c, w, "cluster", "stdout"))


def window_files(out, cap, window):
    """The files capture @cap wrote for @window in @out (names), sorted:
    each {out} argument's path with %w the window, or that path with more
    after it (a vCPU's index, bbv's suffixes) or a vCPU's index before its
    compression suffix (champsim: champsim.W.V.xz)."""
    found = set()
    for a in cap.args:
        if "{out}" not in a:
            continue
        path = a.split("=", 1)[1].replace("{out}", out) \
            .replace("%w", str(window))
        stem, suffix = os.path.splitext(path)
        patterns = [glob.escape(path), glob.escape(path) + ".*"]
        if suffix in (".xz", ".gz"):
            patterns.append(glob.escape(stem) + ".[0-9]*" + suffix)
        for pattern in patterns:
            found.update(os.path.basename(f) for f in glob.glob(pattern))
    return sorted(found)


def _write_windows(out, points, windows, differences, files):
    """windows.tsv: each window's point, range, fidelity and files."""
    lines = ["window\tinterval\tcluster\tweight\tstart\tend\t"
             "difference\tfiles"]
    for i, (p, (start, end)) in enumerate(zip(points, windows)):
        lines.append(f"{i}\t{p.interval}\t{p.cluster}\t{p.weight}\t"
                     f"{start}\t{end}\t{differences[i]:.6f}\t"
                     + (",".join(files[i]) or "-"))
    oserrors.write_file(os.path.join(out, "windows.tsv"),
                        "\n".join(lines) + "\n")


def capture(c, w, out, log):
    """All captures of all simulation points in one run, which stops after
    the last window (-instr-stop-after-windows): a run costs the program up
    to its last window whatever their number, so one run per point would
    cost K.  bbv runs in every window too (fidelity.py), and the
    validation libraries (validation.py)."""
    if not w.captures and not w.validate:
        return
    points = read_points(state.Step(c, w, "cluster").final)
    windows = [(p.interval * w.interval, (p.interval + 1) * w.interval)
               for p in points]
    argv = [tool("qemu-instr"), w.qemu, "-instr-stop-after-windows"]
    for cap in w.captures:
        args = [a.replace("{out}", out) for a in cap.args]
        argv += ["-instr", instr_option(cap.library, args, windows)]
    fidelity_prefix = fidelity.vectors_prefix(out)
    os.makedirs(os.path.dirname(fidelity_prefix), exist_ok=True)
    argv += ["-instr", instr_option("bbv", [
        f"interval={w.interval}", "partial=on", f"out={fidelity_prefix}"],
        windows)]
    for lib in w.validate:
        argv += ["-instr", instr_option(lib, [_instr_outputs(
            out, lib, validation.window_path)], windows)]
    log.write("== the run stops after the last window: the guest's exit "
              "status and output are not the whole program's\n")
    _run(argv + w.argv, w.directory, w.guest_env(), log,
         state.log_path(c, w, "capture", "stdout"))
    # A window the run never reached writes nothing: the run differed from
    # the profiled one (a nondeterministic program, another input).
    files = [[] for _ in points]
    for cap in w.captures:
        for i, p in enumerate(points):
            written = window_files(out, cap, i)
            if not written:
                path = [a for a in cap.args if "{out}" in a][0]
                path = path.split("=", 1)[1].replace("{out}", out) \
                    .replace("%w", str(i))
                raise StepFailed(
                    f"capture {cap.name}: window {i} (interval "
                    f"{p.interval}) wrote no {path}: the run did not "
                    "reach it, unlike the profiled run")
            files[i] += written
    profile_dir = state.Step(c, w, "profile").final
    differences = fidelity.window_differences(profile_dir, out, points,
                                              w.interval)
    _write_windows(out, points, windows, differences, files)
    if w.validate:
        try:
            table = validation.rows(profile_dir, out, points, w.validate)
        except validation.MetricsError as e:
            raise StepFailed(f"validation: {e}")
        validation.write_tsv(os.path.join(out, "validation.tsv"), table)


RUNNERS = {"profile": profile, "cluster": cluster, "capture": capture}


def run_step(c, w, step):
    """Run @step of @w unless finished.  Returns None on success (or if
    already finished), else the one-line reason it failed."""
    s = state.Step(c, w, step)
    if s.finished():
        return None
    for earlier in state.steps(c, w):
        if earlier.step == step:
            break
        if not earlier.finished():
            return f"{earlier.step} is not finished"
    try:
        os.makedirs(os.path.dirname(state.log_path(c, w, step)), exist_ok=True)
        log = open(state.log_path(c, w, step), "a")
    except OSError as e:
        return f"cannot write its log: {oserrors.text(e)}"
    with log:
        started = time.time()
        log.write(f"== {step} of {w.name} started "
                  f"{time.strftime('%Y-%m-%d %H:%M:%S')} on {os.uname()[1]}\n")
        log.flush()
        try:
            RUNNERS[step](c, w, s.begin(), log)
            s.commit(started)
        except (StepFailed, OSError) as e:
            why = oserrors.text(e) if isinstance(e, OSError) else str(e)
            log.write(f"== failed: {why}\n")
            return why
        log.write(f"== done in {time.time() - started:.1f} s\n")
    return None
