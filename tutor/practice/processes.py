"""Detached background processes (the token service, the registry binary, the classroom service) that outlive
the tutor, and the proof that a recorded pid is still one of them before anything is signalled.

A pid alone proves nothing: after a reboot or a long time it names some other process, and a damaged state
file can hold anything (`-1` would mean "every process" to kill(2)). So the tutor records each process it
starts as its pid *and* its start time, and signals it only while a process with that pid, that start time
and the expected command line runs. Process identity, waiting and stopping go through psutil, which does
this the same way on Linux, macOS and Windows (there is no /proc on Windows, and `os.kill(pid, 0)` there
terminates the process instead of testing it)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

# Start times are read from the same kernel counter each time; two reads of one process agree to the
# microsecond, while a pid reused by a new process starts later by at least a scheduler tick.
SAME_START = 0.01


@dataclass(frozen=True)
class Recorded:
    """A process the tutor started (or found by what it runs): its pid and its start time (epoch seconds)."""

    pid: int
    started: float


def valid_pid(pid: object) -> bool:
    """A pid the tutor may ever look at: a positive int (not a bool, not -1 or 0, which kill(2) reads as
    "every process" or "my process group")."""
    return isinstance(pid, int) and not isinstance(pid, bool) and pid > 0


def _runs(line: Sequence[str], markers: Sequence[str]) -> bool:
    """Each marker is a whole argument of the command line (a path, a module name), not a substring."""
    return bool(line) and all(marker in line for marker in markers)


def _process(recorded: Recorded | None, markers: Sequence[str]) -> psutil.Process | None:
    """The live process `recorded` names, if it is provably the same one: same pid, same start time, and a
    command line with every marker. None for anything else."""
    if recorded is None or not valid_pid(recorded.pid) or not isinstance(recorded.started, (int, float)):
        return None
    try:
        process = psutil.Process(recorded.pid)
        if abs(process.create_time() - recorded.started) > SAME_START:
            return None  # the pid now belongs to a process started later
        if process.status() == psutil.STATUS_ZOMBIE or not _runs(process.cmdline(), markers):
            return None
        return process
    except (psutil.Error, OSError):
        return None


def alive(recorded: Recorded | None, markers: Sequence[str]) -> bool:
    return _process(recorded, markers) is not None


def identify(pid: int) -> Recorded:
    """The identity to record for a process just started (its start time is fixed at fork)."""
    return Recorded(pid, psutil.Process(pid).create_time())


def find(markers: Sequence[str]) -> list[Recorded]:
    """Every running process whose command line has all the markers: how the tutor finds its own processes
    when their record is lost or damaged (their command line names the tutor's own config or directory)."""
    return find_each(markers)[0]


def find_each(*marker_sets: Sequence[str]) -> list[list[Recorded]]:
    """`find` for several kinds of process at once, in one pass over the process table."""
    found: list[list[Recorded]] = [[] for _ in marker_sets]
    for process in psutil.process_iter(["cmdline", "create_time", "status"]):
        info = process.info
        if info["status"] == psutil.STATUS_ZOMBIE or not info["cmdline"]:
            continue
        for index, markers in enumerate(marker_sets):
            if _runs(info["cmdline"], markers):
                found[index].append(Recorded(process.pid, info["create_time"]))
    return found


def _detached() -> dict:
    """Popen arguments for a process that outlives the tutor and its terminal."""
    if os.name == "nt":  # pragma: no cover - Windows: no sessions; a new process group, no console window
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.DETACHED_PROCESS
                | subprocess.CREATE_NO_WINDOW}
    return {"start_new_session": True}


@dataclass
class Spawned:
    popen: subprocess.Popen
    recorded: Recorded

    def exited(self) -> bool:
        return self.popen.poll() is not None


def spawn(command: list[str], log: Path) -> Spawned:
    """Starts `command` detached, its output appended to `log`. Until it has exec'd, its command line is
    still ours, so callers watch the returned Popen while waiting for it to answer."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as handle:
        popen = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 close_fds=True, **_detached())
    return Spawned(popen, identify(popen.pid))


def _ended(process: psutil.Process, timeout: float) -> bool:
    """Waits until `process` has exited: gone, or a zombie whose parent (the tutor that started it, still
    running) has not reaped it yet. psutil's own wait() would count such a zombie as alive."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if process.status() == psutil.STATUS_ZOMBIE:
                try:
                    process.wait(0)  # our own child: reap it
                except (psutil.Error, OSError):
                    pass
                return True
        except psutil.NoSuchProcess:
            return True
        except (psutil.Error, OSError):
            return False
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)


def _end(process: psutil.Process, timeout: float) -> None:
    """terminate (SIGTERM; TerminateProcess on Windows), then kill if it is still there after `timeout`; then
    the same for any process it had started that outlived it (the classroom service's server runs the app in a
    worker process: stopped with its parent on Linux, but TerminateProcess on Windows or a kill leaves it
    holding the port). psutil checks the start time again before each signal, so a pid reused meanwhile is
    never signalled."""
    try:
        children = process.children(recursive=True)  # listed first: once the parent is gone, they are no one's
    except (psutil.Error, OSError):
        children = []
    for one in (process, *children):
        for signal_it in (one.terminate, one.kill):
            try:
                signal_it()
            except (psutil.Error, OSError):
                break  # gone already
            if _ended(one, timeout):
                break


def stop(recorded: Recorded | None, markers: Sequence[str], timeout: float = 5.0) -> bool:
    """Stops the process `recorded` names if it is provably ours; True if one was stopped."""
    process = _process(recorded, markers)
    if process is None:
        return False
    _end(process, timeout)
    return True


def stop_spawned(spawned: Spawned, timeout: float = 5.0) -> None:
    """Stops a process this run started (its Popen is proof enough, even before it has exec'd), and what it
    started in turn."""
    if spawned.exited():
        return
    try:
        process = psutil.Process(spawned.popen.pid)
    except psutil.Error:  # it exited meanwhile
        spawned.popen.poll()
        return
    _end(process, timeout)
    with contextlib.suppress(subprocess.TimeoutExpired):
        spawned.popen.wait(timeout)  # reaped: no zombie left


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.3)
        return probe.connect_ex((host, port)) == 0


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]
