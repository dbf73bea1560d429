# SPDX-License-Identifier: GPL-2.0-or-later
"""File-system errors as one line naming the path and the cause."""

import contextlib
import os


def text(e):
    """'PATH: cause' for an OSError (or just the cause if it names none)."""
    cause = e.strerror or str(e)
    if e.filename is None:
        return cause
    extra = f" -> {e.filename2}" if e.filename2 is not None else ""
    return f"{e.filename}{extra}: {cause}"


@contextlib.contextmanager
def naming(path):
    """Give an OSError raised inside that names no file (a failed write or
    close: a full disk) the name @path."""
    try:
        yield
    except OSError as e:
        if e.filename is not None:
            raise
        raise OSError(e.errno, e.strerror or str(e), path) from e


def write_file(path, content):
    """Write @content to @path through PATH.tmp and a rename, so that @path
    is complete or unchanged; errors name the file."""
    tmp = path + ".tmp"
    try:
        with naming(tmp), open(tmp, "w") as f:
            f.write(content)
        os.rename(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
