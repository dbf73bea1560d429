# SPDX-License-Identifier: GPL-2.0-or-later
"""The local engine: a bounded pool of workers, each running one
workload's steps in order, with progress on the terminal."""

import concurrent.futures
import signal
import threading
import time

from . import state
from .campaignfile import STEPS
from .results import count_intervals
from .steps import CHILDREN, run_step


class LocalEngine:
    def __init__(self, campaign, jobs, report_every, say):
        self.c, self.jobs, self.report_every = campaign, jobs, report_every
        self.lock = threading.Lock()   # for current
        self.current = {}    # workload name -> step running
        self.failed = {}     # workload name -> (step, reason)
        self.say = say

    def chain(self, w):
        for step in STEPS:
            if state.Step(self.c, w, step).finished():
                continue
            if CHILDREN.stopping:
                return
            with self.lock:
                self.current[w.name] = step
            self.say(f"{w.name}: {step} started")
            t = time.time()
            reason = run_step(self.c, w, step)
            with self.lock:
                del self.current[w.name]
            if reason is not None:
                if not CHILDREN.stopping:
                    self.failed[w.name] = (step, reason)
                    self.say(f"{w.name}: {step} FAILED: {reason} (log: "
                             f"{state.log_path(self.c, w, step)})")
                return
            self.say(f"{w.name}: {step} done in {time.time() - t:.1f} s")

    def progress(self):
        """One line: what runs now (a profile's intervals so far)."""
        with self.lock:
            running = [(name, step) for name, step in self.current.items()]
        parts = []
        for name, step in running:
            if step == "profile":
                w = self.c.workload(name)
                n = count_intervals(state.Step(self.c, w, step).tmp)
                parts.append(f"{name} profile ({n} intervals)")
            else:
                parts.append(f"{name} {step}")
        if parts:
            self.say("running: " + ", ".join(parts))

    def run(self):
        """Run every unfinished step.  Returns {workload: (step, reason)}
        for failures, or None if interrupted."""
        todo = [w for w in self.c.workloads
                if state.next_step(self.c, w) is not None]
        self.say(f"{len(self.c.workloads)} workloads, "
                 f"{len(self.c.workloads) - len(todo)} already finished; "
                 f"{self.jobs} at a time")
        interrupted = []

        def stop(signum, frame):
            if not interrupted:
                self.say(f"{signal.Signals(signum).name}: stopping; "
                         "a rerun continues from the finished steps")
            interrupted.append(signum)
            CHILDREN.stop()
        old = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            with concurrent.futures.ThreadPoolExecutor(self.jobs) as pool:
                futures = [pool.submit(self.chain, w) for w in todo]
                while futures:
                    _, pending = concurrent.futures.wait(
                        futures, timeout=self.report_every)
                    for f in futures:
                        if f.done():
                            f.result()   # a bug in a worker shows here
                    futures = list(pending)
                    if futures:
                        self.progress()
        finally:
            for s, h in old.items():
                signal.signal(s, h)
        return None if interrupted else self.failed
