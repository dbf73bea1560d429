# SPDX-License-Identifier: GPL-2.0-or-later
"""qi-campaign's companion programs (qemu-instr, qi-simpoint), and the
launcher's answer to whether it can find a library."""

import os
import re
import subprocess
import sys


def tool(name):
    """@name from qi-campaign's own directory (an installed bindir, or the
    build tree's tools/), else from PATH."""
    here = os.path.dirname(os.path.realpath(sys.argv[0]))
    path = os.path.join(here, name)
    return path if os.access(path, os.X_OK) else name


def library_problem(qemu, library):
    """Why `qemu-instr QEMU -instr file=LIBRARY` would not find @library
    (a path: it must be a file; a name: the launcher looks it up as it will
    in the run), or None."""
    if "/" in library:
        if not os.path.exists(library):
            return f"'{library}' does not exist"
        return None if os.path.isfile(library) else f"'{library}' is not a file"
    argv = [tool("qemu-instr"), "--dry-run", qemu, "-instr", f"file={library}",
            "/bin/true"]
    try:
        r = subprocess.run(argv, capture_output=True, text=True,
                           stdin=subprocess.DEVNULL)
    except OSError as e:
        return f"cannot run {argv[0]}: {e.strerror}"
    if r.returncode == 0:
        return None
    said = r.stderr.strip().splitlines()
    if not said:
        return f"{argv[0]} --dry-run failed (exit status {r.returncode})"
    # "qemu-instr: -instr 'file=x': no library 'x' in DIR": the cause.
    return re.sub(r"^qemu-instr: -instr '[^']*': ", "", said[-1])
