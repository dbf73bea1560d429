# SPDX-License-Identifier: GPL-2.0-or-later
"""The campaign file: GLib's key-file format, read with GLib.KeyFile.

GLib parses; this module only checks what the keys mean.  GLib's own errors
carry no line numbers, so every key's line is found by a scan of the file
(find_lines), and every error names the file, the line, the group and the key.
"""

import os
import re
import shutil
import tempfile

import gi

gi.require_version("GLib", "2.0")
from gi.repository import GLib  # noqa: E402

from .launcher import library_problem  # noqa: E402
from .numbers import COUNT_MAX, scale_count  # noqa: E402

STEPS = ("profile", "cluster", "capture")

# Slurm resources a step's tasks may ask for (keys STEP-RESOURCE): the
# form sbatch takes, and what to call a wrong value.
RESOURCES = {
    "time": (r"([0-9]+-)?[0-9]+(:[0-9]+){0,2}",
             "a Slurm time (MINUTES, H:MM:SS or DAYS-HH:MM:SS)"),
    "memory": (r"[0-9]+[KMGT]?", "a Slurm memory size (e.g. 4G, 500M)"),
}

# Keys of a workload group; all but command may also be given in [campaign]
# as defaults for every workload.
WORKLOAD_KEYS = {"command", "directory", "inputs", "environment", "qemu",
                 "interval", "maxk", "capture", "validate",
                 "fidelity-threshold"} | {
    f"{step}-{res}" for step in STEPS for res in RESOURCES}
CAMPAIGN_KEYS = (WORKLOAD_KEYS - {"command", "inputs"}) | {"output", "jobs"}
SLURM_KEYS = {"partition", "account", "options"}
CAPTURE_KEYS = {"library", "args"}

# Captures every campaign may name without defining them.  {out} is the
# capture step's output directory; %w the window's index (the runtime's).
BUILTIN_CAPTURES = {
    "bbltrace": ("bbv", ["trace={out}/bbltrace.%w"]),
    "memtrace": ("memtrace", ["out={out}/memtrace.%w"]),
    # One trace per window and vCPU: champsim.W.V.xz (docs/champsim.md).
    "champsim": ("champsim", ["out={out}/champsim.%w.xz"]),
}

# The default fidelity threshold: a window whose block vector differs from
# its profiled interval's by more than this fraction of its instructions
# makes the workload "not reproducible" (fidelity.py).
FIDELITY_THRESHOLD = 0.01

# The guest's PATH, unless a workload's environment sets one (see
# Workload.guest_env for why the environment is fixed).
GUEST_PATH = "/usr/local/bin:/usr/bin:/bin"

# The fixed environment every workload starts from (its environment= on
# top).  PYTHONHASHSEED=0: Python randomises its string hashes per run
# otherwise, which changes the instructions a Python program runs.
FIXED_ENVIRONMENT = {"PATH": GUEST_PATH, "PYTHONHASHSEED": "0"}

# The largest value qi-simpoint's -maxK takes (an int).
MAX_MAXK = 2**31 - 1

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class CampaignError(Exception):
    """An error in the campaign file, as one line."""


class Capture:
    def __init__(self, name, library, args):
        self.name, self.library, self.args = name, library, args


class Workload:
    """One workload's settings, defaults of [campaign] applied."""

    def __init__(self, index, name):
        self.index, self.name = index, name
        self.argv = []
        self.directory = None
        self.inputs = []
        self.environment = {}
        self.qemu = "qemu-x86_64"
        self.interval = 100_000_000
        self.maxk = 10
        self.captures = []
        self.validate = []    # metric libraries (validation.py)
        self.fidelity_threshold = FIDELITY_THRESHOLD
        self.resources = {}   # e.g. "profile-time" -> "1:00:00"

    def guest_env(self):
        """The guest's environment is fixed, not inherited: QEMU passes its
        own to the guest, and a different environment (a Slurm job's SLURM_*
        variables, another user's HOME) changes the instructions a program
        runs, which would move the captured windows off the profiled
        intervals."""
        env = dict(FIXED_ENVIRONMENT)
        env.update(self.environment)
        return env

    def settings(self, step):
        """What the result of @step depends on: a changed value makes the
        step (and the later ones) stale.  Each step includes the earlier."""
        s = {"qemu": self.qemu, "argv": self.argv,
             "directory": self.directory, "environment": self.guest_env(),
             "interval": self.interval, "validate": self.validate}
        if step in ("cluster", "capture"):
            s["maxk"] = self.maxk
        if step == "capture":
            s["captures"] = [[c.name, c.library, c.args] for c in self.captures]
        return s


class Campaign:
    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.directory = os.path.dirname(self.path)
        self.output = None
        self.jobs = os.cpu_count() or 1
        self.slurm = {"partition": None, "account": None, "options": []}
        self.workloads = []

    def workload(self, name):
        for w in self.workloads:
            if w.name == name:
                return w
        raise CampaignError(f"{self.path}: no workload '{name}'")


def find_lines(path, text):
    """{(group, key): line} and {group: line} for the file's text; raises
    CampaignError for a line that is neither a comment, a group nor a key,
    for a second [workload NAME] or [capture NAME] of one name and for a
    key given twice in a group (GLib would keep the last one silently;
    [campaign] and [slurm] may come more than once, their keys merged)."""
    keys, groups, group = {}, {}, None
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if s.startswith("[") and s.endswith("]"):
            group = s[1:-1]
            if group in groups and group not in ("campaign", "slurm"):
                raise CampaignError(f"{path}:{n}: [{group}]: defined twice "
                                    f"(first on line {groups[group]})")
            groups.setdefault(group, n)
        elif "=" in s and group is not None:
            key = s.split("=", 1)[0].strip()
            if (group, key) in keys:
                raise CampaignError(f"{path}:{n}: [{group}] {key}: given "
                                    f"twice (first on line {keys[(group, key)]})")
            keys[(group, key)] = n
        else:
            where = f" in [{group}]" if group is not None else ""
            raise CampaignError(f"{path}:{n}{where}: '{s}' is not a group, "
                                f"a key=value line or a comment")
    return keys, groups


class _Reader:
    """Typed access to a loaded key file; errors name file, line, group, key."""

    def __init__(self, path, keyfile, lines, group_lines):
        self.path, self.kf = path, keyfile
        self.lines, self.group_lines = lines, group_lines

    def error(self, group, key, message):
        if key is None:
            line = self.group_lines.get(group, 0)
            return CampaignError(f"{self.path}:{line}: [{group}]: {message}")
        line = self.lines.get((group, key), self.group_lines.get(group, 0))
        return CampaignError(f"{self.path}:{line}: [{group}] {key}: {message}")

    def has(self, group, key):
        # (PyGObject does not bind g_key_file_has_key)
        return self.kf.has_group(group) and key in self.kf.get_keys(group)[0]

    def string(self, group, key):
        value = self.kf.get_string(group, key).strip()
        if not value:
            raise self.error(group, key, "empty value")
        return value

    def strings(self, group, key):
        return [v.strip() for v in self.kf.get_string_list(group, key)
                if v.strip()]

    def positive(self, group, key, maximum=None):
        value = self.string(group, key)
        if not re.fullmatch(r"[0-9]+", value) or int(value) == 0:
            raise self.error(group, key,
                             f"'{value}' is not a positive integer")
        if maximum is not None and int(value) > maximum:
            raise self.error(group, key, f"'{value}' is out of range (at "
                             f"most {maximum})")
        return int(value)

    def count(self, group, key):
        value = self.string(group, key)
        n = scale_count(value)
        if not n:
            raise self.error(group, key, f"'{value}' is not a positive number "
                             "of instructions (digits, optionally K, M or G)")
        if n > COUNT_MAX:
            raise self.error(group, key, f"'{value}' is out of range (at "
                             f"most {COUNT_MAX} instructions)")
        return n

    def path_(self, group, key, base):
        return os.path.normpath(os.path.join(base, self.string(group, key)))

    def check_keys(self, group, allowed):
        for key in self.kf.get_keys(group)[0]:
            if key not in allowed:
                raise self.error(group, key, "unknown key (known: "
                                 + ", ".join(sorted(allowed)) + ")")


def load(path):
    """Read and check the campaign file at @path; raises CampaignError."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise CampaignError(f"{path}: {e.strerror}")
    except UnicodeDecodeError as e:
        raise CampaignError(f"{path}: not UTF-8 text ({e.reason} at byte "
                            f"{e.start})")
    lines, group_lines = find_lines(path, text)
    kf = GLib.KeyFile()
    try:
        kf.load_from_data(text, len(text.encode()), GLib.KeyFileFlags.NONE)
    except GLib.Error as e:
        raise CampaignError(f"{path}: {e.message}")
    r = _Reader(path, kf, lines, group_lines)
    c = Campaign(path)

    groups = kf.get_groups()[0]
    for g in groups:
        kind, _, name = g.partition(" ")
        if g in ("campaign", "slurm"):
            continue
        if kind not in ("workload", "capture") or not name:
            raise r.error(g, None, "unknown group (expected [campaign], "
                          "[slurm], [workload NAME] or [capture NAME])")
        if not NAME_RE.match(name):
            raise r.error(g, None, f"'{name}' is not a name (letters, digits, "
                          "'.', '_', '-'; not starting with '.' or '-')")

    captures = {n: Capture(n, lib, args)
                for n, (lib, args) in BUILTIN_CAPTURES.items()}
    for g in groups:
        if g.startswith("capture "):
            r.check_keys(g, CAPTURE_KEYS)
            if not r.has(g, "library"):
                raise r.error(g, None, "missing key 'library'")
            name = g.split(" ", 1)[1]
            args = r.strings(g, "args") if r.has(g, "args") else []
            # Its outputs must be the step's, one per window (see steps.py).
            outputs = [a for a in args if "{out}" in a]
            if not outputs:
                raise r.error(g, "args", "no argument writes into {out} "
                              "(e.g. out={out}/NAME.%w)")
            for a in outputs:
                if "%w" not in a:
                    raise r.error(g, "args", f"'{a}' has no %w: every "
                                  "window would write the same file")
            library = r.string(g, "library")
            if "/" in library:
                library = r.path_(g, "library", c.directory)
            captures[name] = Capture(name, library, args)

    defaults = Workload(-1, "campaign")
    if kf.has_group("campaign"):
        r.check_keys("campaign", CAMPAIGN_KEYS)
        _read_workload_keys(r, "campaign", defaults, c.directory, captures)
        if r.has("campaign", "output"):
            c.output = r.path_("campaign", "output", c.directory)
        if r.has("campaign", "jobs"):
            c.jobs = r.positive("campaign", "jobs")
    if c.output is None:
        stem = os.path.splitext(os.path.basename(c.path))[0]
        c.output = os.path.join(c.directory, stem + ".out")
    problem = _output_problem(c.output)
    if problem is not None:
        if r.has("campaign", "output"):
            raise r.error("campaign", "output", problem)
        raise CampaignError(f"{path}: the default output: {problem}")

    if kf.has_group("slurm"):
        r.check_keys("slurm", SLURM_KEYS)
        for key in ("partition", "account"):
            if r.has("slurm", key):
                c.slurm[key] = r.string("slurm", key)
        if r.has("slurm", "options"):
            c.slurm["options"] = r.strings("slurm", "options")

    for g in groups:
        if not g.startswith("workload "):
            continue
        r.check_keys(g, WORKLOAD_KEYS)
        w = Workload(len(c.workloads), g.split(" ", 1)[1])
        for attr in ("directory", "environment", "qemu", "interval", "maxk",
                     "captures", "validate", "fidelity_threshold",
                     "resources"):
            value = getattr(defaults, attr)
            setattr(w, attr, value.copy() if hasattr(value, "copy") else value)
        if not r.has(g, "command"):
            raise r.error(g, None, "missing key 'command'")
        _read_workload_keys(r, g, w, c.directory, captures)
        if w.directory is None:
            w.directory = c.directory
        _resolve_program(r, g, w)
        # QEMU is looked up in the caller's PATH: it runs with the guest's.
        qemu = shutil.which(w.qemu)
        if qemu is None:
            where = g if r.has(g, "qemu") or not r.has("campaign", "qemu") \
                else "campaign"
            raise r.error(where, "qemu", f"'{w.qemu}' not found in PATH")
        w.qemu = qemu
        for name in w.inputs:
            p = os.path.join(w.directory, name)
            if not os.path.exists(p):
                raise r.error(g, "inputs", f"'{p}' does not exist")
        c.workloads.append(w)
    if not c.workloads:
        raise CampaignError(f"{path}: no [workload NAME] group")
    _check_libraries(r, c)
    return c


def _output_problem(output):
    """Why @output cannot be (or be made) a directory qi-campaign writes
    in, or None.  Tried: a directory is made in its deepest existing part
    and removed, which tells what permissions alone do not (a read-only
    or full file system, /proc)."""
    there = output   # the deepest part that exists
    while not os.path.lexists(there):
        there = os.path.dirname(there)
    if not os.path.isdir(there):
        return (f"'{output}' is not a directory" if there == output else
                f"'{output}' cannot be created: '{there}' is not a directory")
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".qi-campaign-check.", dir=there))
    except OSError as e:
        why = f"cannot write in '{there}': {e.strerror}"
        return why if there == output else f"'{output}' cannot be created: {why}"
    return None


def _check_libraries(r, c):
    """Every library a run loads (bbv, the captures') can be found as
    qemu-instr will look for it."""
    seen = set()
    for w in c.workloads:
        for name, library in ([(None, "bbv")]
                              + [(x.name, x.library) for x in w.captures]
                              + [("validate", v) for v in w.validate]):
            if (w.qemu, library) in seen:
                continue
            seen.add((w.qemu, library))
            problem = library_problem(w.qemu, library)
            if problem is None:
                continue
            group = f"capture {name}"
            if name is None:
                raise CampaignError(f"{r.path}: the profile step's library "
                                    f"bbv: {problem}")
            if name == "validate":
                where = "workload " + w.name
                if not r.has(where, "validate"):
                    where = "campaign"
                raise r.error(where, "validate", f"'{library}': {problem}")
            if r.kf.has_group(group):
                raise r.error(group, "library", problem)
            where = "workload " + w.name
            if not r.has(where, "capture"):
                where = "campaign"
            raise r.error(where, "capture", f"built-in capture '{name}': "
                          f"{problem}")


def _read_workload_keys(r, g, w, base, captures):
    """The workload keys present in group @g, into @w."""
    if r.has(g, "command"):
        try:
            w.argv = GLib.shell_parse_argv(r.string(g, "command"))[1]
        except GLib.Error as e:
            raise r.error(g, "command", e.message)
    if r.has(g, "directory"):
        w.directory = r.path_(g, "directory", base)
        if not os.path.isdir(w.directory):
            raise r.error(g, "directory", f"'{w.directory}' is not a directory")
    if r.has(g, "inputs"):
        w.inputs = r.strings(g, "inputs")
    if r.has(g, "environment"):
        for item in r.strings(g, "environment"):
            var, eq, value = item.partition("=")
            if not eq or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", var):
                raise r.error(g, "environment",
                              f"'{item}' is not VARIABLE=VALUE")
            w.environment[var] = value
    if r.has(g, "qemu"):
        w.qemu = r.string(g, "qemu")
    if r.has(g, "interval"):
        w.interval = r.count(g, "interval")
    if r.has(g, "maxk"):
        w.maxk = r.positive(g, "maxk", MAX_MAXK)
    if r.has(g, "capture"):
        w.captures = []
        for name in r.strings(g, "capture"):
            if name not in captures:
                raise r.error(g, "capture", f"no capture '{name}' (built in: "
                              + ", ".join(sorted(BUILTIN_CAPTURES))
                              + "; others need a [capture NAME] group)")
            w.captures.append(captures[name])
    if r.has(g, "validate"):
        w.validate = []
        for library in r.strings(g, "validate"):
            if "/" in library:
                library = os.path.normpath(os.path.join(base, library))
            w.validate.append(library)
    if r.has(g, "fidelity-threshold"):
        value = r.string(g, "fidelity-threshold")
        m = re.fullmatch(r"([0-9]+(\.[0-9]*)?|\.[0-9]+)%", value)
        if m is None or float(m.group(1)) > 100:
            raise r.error(g, "fidelity-threshold", f"'{value}' is not a "
                          "percentage from 0% to 100% (e.g. 1%, 0.5%)")
        w.fidelity_threshold = float(m.group(1)) / 100
    for step in STEPS:
        for resource, (pattern, what) in RESOURCES.items():
            key = f"{step}-{resource}"
            if r.has(g, key):
                value = r.string(g, key)
                if not re.fullmatch(pattern, value):
                    raise r.error(g, key, f"'{value}' is not {what}")
                w.resources[key] = value


def _resolve_program(r, g, w):
    """QEMU runs a program by its path, without searching PATH (and fails
    silently): look a bare name up as a shell would, in the guest's PATH."""
    prog = w.argv[0]
    if "/" in prog:
        path = os.path.normpath(os.path.join(w.directory, prog))
    else:
        path = shutil.which(prog, path=w.environment.get("PATH", GUEST_PATH))
        if path is None:
            raise r.error(g, "command", f"'{prog}' not found in PATH "
                          f"({w.environment.get('PATH', GUEST_PATH)})")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise r.error(g, "command", f"'{path}' is not an executable file")
    w.argv[0] = path
