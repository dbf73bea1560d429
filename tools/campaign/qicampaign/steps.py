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

from . import oserrors, state
from .campaignfile import GUEST_PATH
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
    with open(stdout_path, "wb") as out:
        status = CHILDREN.run(argv, cwd, env, out, log)
    if status != 0:
        how = (f"killed by signal {-status}" if status < 0
               else f"exit status {status}")
        # The child's last word on stderr usually says why.
        with open(log.name, errors="replace") as f:
            f.seek(start)
            said = [line.strip() for line in f if line.strip()]
        raise StepFailed(f"{os.path.basename(argv[0])} failed ({how})"
                         + (f": {said[-1]}" if said else ""))


def guest_env(w):
    """The guest's environment is fixed, not inherited: QEMU passes its own
    to the guest, and a different environment (a Slurm job's SLURM_*
    variables, another user's HOME) changes the instructions a program
    runs, which would move the captured windows off the profiled intervals."""
    env = {"PATH": GUEST_PATH}
    env.update(w.environment)
    return env


def profile(c, w, out, log):
    prefix = os.path.join(out, "prog")
    argv = [tool("qemu-instr"), w.qemu, "-instr",
            instr_option("bbv", [f"interval={w.interval}", f"out={prefix}"])]
    _run(argv + w.argv, w.directory, guest_env(w), log,
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


def capture(c, w, out, log):
    """All captures of all simulation points in one run: a run costs the
    whole program whatever its windows, so one run per point would cost K."""
    if not w.captures:
        return
    points = read_points(state.Step(c, w, "cluster").final)
    windows = [(p.interval * w.interval, (p.interval + 1) * w.interval)
               for p in points]
    with open(os.path.join(out, "windows.tsv"), "w") as f:
        f.write("window\tinterval\tcluster\tweight\tstart\tend\n")
        for i, (p, (start, end)) in enumerate(zip(points, windows)):
            f.write(f"{i}\t{p.interval}\t{p.cluster}\t{p.weight}\t"
                    f"{start}\t{end}\n")
    argv = [tool("qemu-instr"), w.qemu]
    for cap in w.captures:
        args = [a.replace("{out}", out) for a in cap.args]
        argv += ["-instr", instr_option(cap.library, args, windows)]
    _run(argv + w.argv, w.directory, guest_env(w), log,
         state.log_path(c, w, "capture", "stdout"))
    # A window the run never reached writes nothing: the run differed from
    # the profiled one (a nondeterministic program, another input).
    for cap in w.captures:
        for a in cap.args:
            if "{out}" not in a:
                continue
            for i, p in enumerate(points):
                path = a.split("=", 1)[1].replace("{out}", out) \
                    .replace("%w", str(i))
                if not glob.glob(glob.escape(path) + "*"):
                    raise StepFailed(
                        f"capture {cap.name}: window {i} (interval "
                        f"{p.interval}) wrote no {path}: the run did not "
                        "reach it, unlike the profiled run")


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
