"""Writing the tutor's own JSON files so that a reader (another tutor, the token service) or a crash never
sees half a file: a temporary file in the same directory, flushed to disk, then renamed over the old one."""

from __future__ import annotations

import errno
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any


def read_json(path: Path) -> Any:
    """The JSON in `path`, or None when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, data: Any, mode: int | None = None) -> None:
    """Atomically replaces `path` with `data`; `mode` (e.g. 0o600 for secrets) is set before it appears."""
    write_text(path, json.dumps(data, indent=1), mode)


def write_text(path: Path, text: str, mode: int | None = None) -> None:
    """Atomically replaces `path` with `text`. The file is created owner-only (0600, as mkstemp makes it)
    and never exists with wider rights than `mode`, which is set before it appears under its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as problem:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(problem, OSError) and problem.errno == errno.ENOSPC and not problem.filename:
            # A failed write names no file; the learner's sentence should say which one could not be saved.
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path)) from None
        raise


def keep_aside(path: Path) -> Path:
    """Renames a damaged file to `<name>.damaged-<time>` beside it (kept byte for byte, for the person who owns
    it) and returns the new path."""
    aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 1_000_000:06d}")
    os.replace(path, aside)
    return aside


def write_private(path: Path, data: bytes, exclusive: bool = False) -> None:
    """Writes a secret (a private key, one-time passwords) so that it exists only whole and only with mode
    0600: it is written to a temporary file, which mkstemp creates 0600 whatever the umask, flushed to disk
    and then put in place. `exclusive`: never replace an existing file (FileExistsError instead)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if exclusive:
            os.link(tmp, path)  # atomic, and fails if the name is taken
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def private_directory(path: Path) -> Path:
    """`path` (and missing parents) as a directory only its owner can enter (0700), also when it existed."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path
