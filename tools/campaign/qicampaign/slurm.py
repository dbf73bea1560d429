# SPDX-License-Identifier: GPL-2.0-or-later
"""The Slurm engine: each step one job array (one task per workload, the
array index is the workload's position in the campaign file), the next
step's array depending task by task on the previous one
(--dependency=aftercorr), state read back with squeue (sacct for jobs
slurmctld has already forgotten).

Every array holds every unfinished workload, so that the arrays' indices
correspond; a task whose step is already finished exits at once.  The job
ids are kept in OUTPUT/slurm/jobs.json: a rerun while they are still queued
or running waits for them instead of submitting again.
"""

import json
import os
import shlex
import signal
import subprocess
import sys
import time

from . import state
from .campaignfile import STEPS
from .oserrors import write_file

ENDED = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY",
         "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "REVOKED",
         "SPECIAL_EXIT"}


class SlurmError(Exception):
    """A Slurm command failed; the message is its one-line error."""


def _command(argv):
    try:
        r = subprocess.run(argv, capture_output=True, text=True)
    except OSError as e:
        raise SlurmError(f"{argv[0]}: {e.strerror} (is Slurm's client "
                         "installed? Debian: slurm-client)")
    if r.returncode != 0:
        msg = (r.stderr.strip() or r.stdout.strip()).splitlines()
        raise SlurmError(f"{' '.join(argv[:2])}...: "
                         + (msg[-1] if msg else f"exit status {r.returncode}"))
    return r.stdout


def task_states(job_ids):
    """{(job id, task index): (state, reason)} of the array tasks, from
    squeue, or from sacct for jobs squeue no longer knows.  Raises
    SlurmError if squeue fails (e.g. slurmctld does not answer)."""
    states = {}
    try:
        out = _command(["squeue", "--noheader", "--array", "--states=all",
                        f"--jobs={','.join(job_ids)}", "--format=%F %K %T %r"])
    except SlurmError as e:
        if "Invalid job id" not in str(e):
            raise
        out = ""   # the one job asked for is purged
    for line in out.splitlines():
        job, task, st, reason = (line.split(None, 3) + [""])[:4]
        states[(job, task)] = (st, reason)
    missing = [j for j in job_ids if not any(k[0] == j for k in states)]
    if missing:
        try:
            out = _command(["sacct", "--noheader", "--parsable2",
                            "--allocations", f"--jobs={','.join(missing)}",
                            "--format=JobID,State"])
        except SlurmError:
            return states   # no accounting: the tasks' results decide
        for line in out.splitlines():
            job_task, st = line.split("|", 1)
            job, _, task = job_task.partition("_")
            states[(job, task)] = (st.split()[0], "")
    return states


def wrap_script(step, campaign_path):
    """The shell command of one array task (sbatch --wrap): this
    qi-campaign's `task STEP CAMPAIGN INDEX`, every word quoted for the
    shell, whatever characters the paths hold."""
    words = [sys.executable, os.path.realpath(sys.argv[0]), "task", step,
             campaign_path]
    return ("exec " + " ".join(shlex.quote(x) for x in words)
            + ' "$SLURM_ARRAY_TASK_ID"')


class SlurmEngine:
    def __init__(self, campaign, poll, say):
        self.c, self.poll, self.say = campaign, poll, say
        self.dir = os.path.join(campaign.output, "slurm")
        self.jobs_file = os.path.join(self.dir, "jobs.json")

    def sbatch(self, step, workloads, after):
        w0 = workloads[0]
        # sbatch expands %X in --output: a '%' of the path is "%%".
        logs = self.dir.replace("%", "%%")
        argv = ["sbatch", "--parsable",
                "--array=" + ",".join(str(w.index) for w in workloads),
                f"--job-name=qi-campaign-{step}",
                f"--output={logs}/{step}-%A_%a.out",
                f"--chdir={self.c.output}", "--ntasks=1", "--cpus-per-task=1"]
        for key in ("partition", "account"):
            if self.c.slurm[key]:
                argv.append(f"--{key}={self.c.slurm[key]}")
        if f"{step}-time" in w0.resources:
            argv.append(f"--time={w0.resources[f'{step}-time']}")
        if f"{step}-memory" in w0.resources:
            argv.append(f"--mem={w0.resources[f'{step}-memory']}")
        argv += self.c.slurm["options"]
        if after:
            argv += [f"--dependency=aftercorr:{after}",
                     "--kill-on-invalid-dep=yes"]
        argv += ["--wrap", wrap_script(step, self.c.path)]
        return _command(argv).strip().split(";")[0]

    def submit(self, todo):
        """One chain of three arrays per set of resources (an array has one
        set); returns [{"step", "job", "workloads"}]."""
        groups = {}
        for w in todo:
            groups.setdefault(tuple(sorted(w.resources.items())), []).append(w)
        os.makedirs(self.dir, exist_ok=True)   # the tasks' --output
        jobs = []
        for workloads in groups.values():
            after = None
            for step in STEPS:
                after = self.sbatch(step, workloads, after)
                jobs.append({"step": step, "job": after,
                             "workloads": [w.name for w in workloads]})
                # Recorded at once: if a later sbatch fails, a rerun waits
                # for these instead of running the same tasks twice.
                write_file(self.jobs_file, json.dumps(jobs, indent=1))
                self.say(f"submitted {step} of {len(workloads)} workloads: "
                         f"job array {after}")
        return jobs

    def previous(self):
        """Jobs of an earlier run still queued or running, else None."""
        try:
            with open(self.jobs_file) as f:
                jobs = json.load(f)
        except (OSError, ValueError):
            return None
        states = task_states([j["job"] for j in jobs])
        if any(st not in ENDED for st, _ in states.values()):
            return jobs
        return None

    def wait(self, jobs):
        """Poll until every task has ended; returns their states."""
        by_job = {j["job"]: j["step"] for j in jobs}
        shown = None
        while True:
            try:
                states = task_states(list(by_job))
            except SlurmError as e:
                self.say(f"{e}; trying again in {self.poll:g} s")
                time.sleep(self.poll)
                continue
            counts = {}
            for (job, _), (st, _) in states.items():
                key = (STEPS.index(by_job[job]), by_job[job], st.lower())
                counts[key] = counts.get(key, 0) + 1
            line = "; ".join(f"{step} {n} {st}"
                             for (_, step, st), n in sorted(counts.items()))
            if line != shown:
                self.say(line or "no task known to squeue or sacct")
                shown = line
            if all(st in ENDED for st, _ in states.values()):
                return states
            time.sleep(self.poll)

    def run(self):
        """Submit (or rejoin) and wait.  Returns {workload: (step, reason)}
        for failures, or None if interrupted (the jobs go on)."""
        jobs = self.previous()
        if jobs is not None:
            self.say("waiting for the job arrays an earlier run submitted: "
                     + ", ".join(j["job"] for j in jobs))
        else:
            todo = [w for w in self.c.workloads
                    if state.next_step(self.c, w) is not None]
            self.say(f"{len(self.c.workloads)} workloads, "
                     f"{len(self.c.workloads) - len(todo)} already finished")
            if not todo:
                return {}
            jobs = self.submit(todo)

        def stop(signum, frame):
            raise KeyboardInterrupt
        old = signal.signal(signal.SIGTERM, stop)
        try:
            states = self.wait(jobs)
        except KeyboardInterrupt:
            self.say("stopped waiting; the jobs go on, and a rerun waits for "
                     "them (scancel --name=qi-campaign-profile,"
                     "qi-campaign-cluster,qi-campaign-capture stops them)")
            return None
        finally:
            signal.signal(signal.SIGTERM, old)
        return self.failures(jobs, states)

    def failures(self, jobs, states):
        failed = {}
        for w in self.c.workloads:
            step = state.next_step(self.c, w)
            if step is None or not any(w.name in j["workloads"] for j in jobs):
                continue
            job = next(j["job"] for j in jobs
                       if j["step"] == step and w.name in j["workloads"])
            st, reason = states.get((job, str(w.index)), ("unknown", ""))
            failed[w.name] = (step, _reason(self.c, w, step, job, st, reason))
        return failed


def _reason(c, w, step, job, st, reason):
    """Why @step of @w did not finish: the step's own last word in its log
    if its last attempt got that far, else Slurm's state and reason."""
    word = None
    try:
        with open(state.log_path(c, w, step)) as f:
            for line in f:
                if line.startswith("== ") and " started " in line:
                    word = None
                elif line.startswith("== failed: "):
                    word = line[len("== failed: "):].strip()
    except OSError:
        pass
    if word is not None:
        return word
    slurm_out = os.path.join(c.output, "slurm", f"{step}-{job}_{w.index}.out")
    why = f" ({reason})" if reason and reason != "None" else ""
    return f"Slurm {st}{why}; see {slurm_out}"
