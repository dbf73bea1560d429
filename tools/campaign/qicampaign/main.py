# SPDX-License-Identifier: GPL-2.0-or-later
"""qi-campaign's command line (see docs/qi-campaign.1)."""

import argparse
import sys
import threading
import time

from . import oserrors, state, summary
from .campaignfile import STEPS, CampaignError, load
from .local import LocalEngine
from .slurm import SlurmEngine, SlurmError
from .steps import run_step

USAGE = """qi-campaign [--engine local|slurm] [--jobs N] [--poll SECONDS] [--check] CAMPAIGN
       qi-campaign task STEP CAMPAIGN INDEX   (one Slurm array task)"""


def task(argv):
    """One step of one workload (a Slurm array task): exit 0 if finished."""
    if len(argv) != 3 or argv[0] not in STEPS or not argv[2].isdigit():
        print("usage: " + USAGE.splitlines()[1].strip(), file=sys.stderr)
        return 2
    c = load(argv[1])
    if int(argv[2]) >= len(c.workloads):
        print(f"qi-campaign: no workload with index {argv[2]}", file=sys.stderr)
        return 2
    w = c.workloads[int(argv[2])]
    reason = run_step(c, w, argv[0])
    if reason is not None:
        print(f"qi-campaign: {w.name}: {argv[0]} failed: {reason} "
              f"(log: {state.log_path(c, w, argv[0])})", file=sys.stderr)
        return 1
    return 0


def check(c):
    """Print what a run would do."""
    print(f"output: {c.output}")
    for w in c.workloads:
        nxt = state.next_step(c, w)
        todo = "finished" if nxt is None else \
            "to run: " + ", ".join(STEPS[STEPS.index(nxt):])
        caps = ", ".join(x.name for x in w.captures) or "no capture"
        print(f"{w.name}: interval {w.interval}, maxK {w.maxk}, {caps}; {todo}")
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv[:1] == ["task"]:
            return task(argv[1:])
        p = argparse.ArgumentParser(prog="qi-campaign", usage=USAGE)
        p.add_argument("--engine", choices=("local", "slurm"), default="local")
        p.add_argument("--jobs", type=int, metavar="N",
                       help="workloads at a time (local engine; default: the "
                       "campaign file's jobs, else the number of CPUs)")
        p.add_argument("--poll", type=float, default=None, metavar="SECONDS",
                       help="progress every SECONDS (default 5 local, "
                       "30 slurm)")
        p.add_argument("--check", action="store_true",
                       help="check the campaign file, print what would run")
        p.add_argument("campaign")
        args = p.parse_args(argv)
        if args.jobs is not None and args.jobs < 1:
            p.error("--jobs must be at least 1")
        if args.poll is not None and args.poll <= 0:
            p.error("--poll must be more than 0 seconds")
        c = load(args.campaign)
        if args.check:
            return check(c)
        held = state.lock(c)   # until exit
        if held is None:
            raise CampaignError(f"{c.output}: another qi-campaign is "
                                "running this campaign")
        started = time.time()

        say_lock = threading.RLock()   # whole lines; handlers say too

        def say(text):
            with say_lock:
                print(f"[{time.time() - started:6.1f} s] {text}", flush=True)
        if args.engine == "local":
            engine = LocalEngine(c, args.jobs or c.jobs, args.poll or 5, say)
        else:
            engine = SlurmEngine(c, args.poll or 30, say)
        failed = engine.run()
        path = summary.write(c)
        if failed is None:
            print(f"qi-campaign: interrupted; summary so far: {path}")
            return 130
        for name, (step, reason) in sorted(failed.items()):
            w = c.workload(name)
            print(f"qi-campaign: {name}: {step} failed: {reason} "
                  f"(log: {state.log_path(c, w, step)})", file=sys.stderr)
        print(f"qi-campaign: {len(c.workloads) - len(failed)} of "
              f"{len(c.workloads)} workloads finished in "
              f"{time.time() - started:.1f} s; summary: {path}")
        return 1 if failed else 0
    except CampaignError as e:
        print(f"qi-campaign: {e}", file=sys.stderr)
        return 2
    except SlurmError as e:
        print(f"qi-campaign: {e}", file=sys.stderr)
        return 1
    except OSError as e:   # the output's file system: full, read-only...
        print(f"qi-campaign: {oserrors.text(e)}", file=sys.stderr)
        return 1
