# SPDX-License-Identifier: GPL-2.0-or-later
"""Where a campaign's results live, and which steps are finished.

A step writes into WORKLOAD/STEP.tmp and, once complete, records done.json
there and renames the directory to WORKLOAD/STEP: a directory rename is
atomic, so WORKLOAD/STEP exists only with every file complete, and a step
interrupted at any moment leaves only a .tmp directory, discarded by the
next attempt.  done.json holds the settings the results came from: if the
campaign file changes them, the step is stale and runs again.
"""

import fcntl
import json
import os
import shutil
import socket
import time

from .campaignfile import STEPS
from .oserrors import write_file


def workload_dir(campaign, workload):
    return os.path.join(campaign.output, workload.name)


def log_path(campaign, workload, step, suffix="log"):
    return os.path.join(workload_dir(campaign, workload), "logs",
                        f"{step}.{suffix}")


class Step:
    """One step of one workload: its directories and its record."""

    def __init__(self, campaign, workload, step):
        self.workload, self.step = workload, step
        self.final = os.path.join(workload_dir(campaign, workload), step)
        self.tmp = self.final + ".tmp"

    def record(self):
        """done.json of the finished step, or None."""
        try:
            with open(os.path.join(self.final, "done.json")) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def finished(self):
        """True if the step's results exist and match the settings."""
        r = self.record()
        return r is not None and r.get("settings") == \
            json.loads(json.dumps(self.workload.settings(self.step)))

    def begin(self):
        """A fresh, empty STEP.tmp (what a killed attempt left is dropped)."""
        shutil.rmtree(self.tmp, ignore_errors=True)
        os.makedirs(self.tmp)
        return self.tmp

    def commit(self, started):
        """Record the step as finished and make its results visible."""
        write_file(os.path.join(self.tmp, "done.json"), json.dumps(
            {"settings": self.workload.settings(self.step),
             "seconds": round(time.time() - started, 3),
             "host": socket.gethostname(),
             "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z")}, indent=1))
        if os.path.exists(self.final):
            shutil.rmtree(self.final)
        os.rename(self.tmp, self.final)


def steps(campaign, workload):
    return [Step(campaign, workload, s) for s in STEPS]


def next_step(campaign, workload):
    """The first step of @workload not finished, or None."""
    for s in steps(campaign, workload):
        if not s.finished():
            return s.step
    return None


def lock(campaign):
    """Hold OUTPUT/.lock for this process's life: two orchestrators on one
    output would run the same steps into the same directories.  Returns
    the open lock file, or None if another process holds it."""
    os.makedirs(campaign.output, exist_ok=True)
    f = open(os.path.join(campaign.output, ".lock"), "w")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        f.close()
        return None
    return f
