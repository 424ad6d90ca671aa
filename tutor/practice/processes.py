"""Detached background processes with pid files that survive the tutor's exit and see through reboots:
a pid is only "ours" when the process with that pid has the command line we started."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path


def cmdline(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None


def alive(pid: int | None, marker: str) -> bool:
    """True when `pid` runs and its command line contains `marker` (a stale pid file after a reboot, whose
    pid now belongs to something else, is not alive)."""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    line = cmdline(pid)
    if line is None:  # no /proc (macOS): the signal check is all we have
        return True
    if "<defunct>" in line or not line.strip():
        return False
    return marker in line


def spawn(command: list[str], log: Path) -> subprocess.Popen:
    """Starts `command` in its own session (it outlives the tutor). Until it has exec'd, /proc still shows
    our own command line, so callers watch the returned Popen while waiting for it to answer."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as handle:
        return subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, close_fds=True)


def stop(pid: int | None, marker: str, timeout: float = 5.0) -> None:
    if not alive(pid, marker):
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            finished, _ = os.waitpid(pid, os.WNOHANG)  # our own child: reap it
            if finished:
                return
        except ChildProcessError:
            pass
        if not alive(pid, marker):
            return
        time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.3)
        return probe.connect_ex((host, port)) == 0


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]
