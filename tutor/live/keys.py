"""Single key presses for --watch, behind one small interface: `read(timeout)` gives the next key (or None
when none came in time; "q" at the end of input). Three ways to get them: a POSIX terminal in cbreak mode
(termios), the Windows console (msvcrt), or lines from a pipe or a terminal without terminal control.

The platform modules are imported where they exist and left out where they do not: Windows has no termios,
POSIX has no msvcrt, and the tutor must import on both."""

from __future__ import annotations

import os
import select
import time
from typing import IO, Protocol

try:  # POSIX terminal control; absent on Windows
    import termios
    import tty
except ImportError:
    termios = tty = None  # type: ignore[assignment]
try:  # the Windows console; absent on POSIX
    import msvcrt
except ImportError:
    msvcrt = None  # type: ignore[assignment]


class KeyReader(Protocol):
    def __enter__(self) -> KeyReader: ...

    def __exit__(self, *exc: object) -> None: ...

    def read(self, timeout: float) -> str | None: ...


class LineKeys:
    """Keys from a stream that is not a terminal in cbreak mode: each character as it arrives (a pipe, or a
    terminal that sends whole lines)."""

    def __init__(self, stdin: IO[str]) -> None:
        self.stdin = stdin

    def __enter__(self) -> LineKeys:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def read(self, timeout: float) -> str | None:
        ready, _, _ = select.select([self.stdin], [], [], timeout)
        if not ready:
            return None
        char = os.read(self.stdin.fileno(), 1).decode(errors="ignore")
        return char or "q"  # end of input: quit


class TerminalKeys(LineKeys):
    """A POSIX terminal in cbreak mode: each key at once, without Enter; the terminal as it was afterwards."""

    def __enter__(self) -> TerminalKeys:
        self._saved = termios.tcgetattr(self.stdin.fileno())
        tty.setcbreak(self.stdin.fileno())
        return self

    def __exit__(self, *exc: object) -> None:
        termios.tcsetattr(self.stdin.fileno(), termios.TCSADRAIN, self._saved)


class WindowsKeys:  # pragma: no cover - Windows
    """The Windows console: msvcrt's key presses, polled."""

    def __enter__(self) -> WindowsKeys:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def read(self, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if msvcrt.kbhit():
                return msvcrt.getwch()
            time.sleep(0.05)
        return None


def key_reader(stdin: IO[str]) -> KeyReader:
    if msvcrt is not None:
        return WindowsKeys()
    if termios is not None and stdin.isatty():
        return TerminalKeys(stdin)
    return LineKeys(stdin)
