"""A background process's share of the CPU, lowered: a classroom's registry and token service run beside the
classroom service on the instructor's laptop, and while a room pushes (100 uploads, 100 token requests) they
must not take the CPU the service needs to answer the learners' events and the board.

Two levers, both best effort (a system without them, or a user not allowed to use them, changes nothing and
hears nothing):
- Linux's autogroup scheduling (on by default on desktop distributions) shares the CPU between sessions first,
  and each process the tutor starts leads a session of its own, so a plain nice value would only count inside
  that session: the session's own weight is set in /proc/PID/autogroup (proc(5));
- the plain nice value of every thread, for systems without autogroup (and macOS), where it is what counts.
  On Linux a nice value is per thread and new threads inherit their creator's, so every thread present is
  lowered (the caller does it once the process answers, when its threads are there)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

# Weight 335 against the service's 1024 (sched(7): each nice step is ~1.25x): the service gets three times their
# share when the CPU is short, and they still get a third of one when it is not (at 19 a busy machine made 100
# pushes take over ten minutes in the benchmark).
BACKGROUND_NICE = 5


def lower_cpu_weight(pid: int, nice: int = BACKGROUND_NICE) -> None:
    """Lowers process `pid`'s CPU weight to `nice` (never raises it: a value already lower is kept). Its
    autogroup only when it leads its own session: another session's weight (the instructor's terminal) is never
    touched."""
    autogroup = own_autogroup(pid)
    current = autogroup_nice(autogroup)
    if current is not None and current < nice:
        with contextlib.suppress(OSError):
            autogroup.write_text(str(nice))
    for thread in _threads(pid):
        with contextlib.suppress(OSError, AttributeError):  # a thread that ended meanwhile; no setpriority
            if os.getpriority(os.PRIO_PROCESS, thread) < nice:
                os.setpriority(os.PRIO_PROCESS, thread, nice)


def own_autogroup(pid: int) -> Path | None:
    """/proc/PID/autogroup when `pid` leads a session of its own (so the weight set there is its own, and no
    one else's); None otherwise, or without autogroup. AttributeError: no os.getsid (Windows)."""
    with contextlib.suppress(OSError, AttributeError):
        if os.getsid(pid) == pid:
            autogroup = Path(f"/proc/{pid}/autogroup")
            return autogroup if autogroup.exists() else None
    return None


def autogroup_nice(autogroup: Path | None) -> int | None:
    """The nice value of an autogroup ("/autogroup-123 nice 0", proc(5)); None when it cannot be read or reads
    unlike that: best effort, never an error for the instructor."""
    if autogroup is None:
        return None
    with contextlib.suppress(OSError, ValueError, IndexError):
        return int(autogroup.read_text().split()[-1])
    return None


def _threads(pid: int) -> list[int]:
    try:
        return [int(task.name) for task in Path(f"/proc/{pid}/task").iterdir()]
    except OSError:
        return [pid]  # no /proc (macOS): there a pid's priority is the whole process's
