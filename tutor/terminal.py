"""The terminal the tutor runs in: its size now, and raw output to it."""

from __future__ import annotations

import os
import shutil
import sys


def terminal_size() -> os.terminal_size:
    """The learner's real terminal, asked directly: shutil.get_terminal_size would prefer COLUMNS and LINES
    from the environment, which stay the same when the window is resized."""
    for stream in (sys.stdout, sys.stdin):
        try:
            return os.get_terminal_size(stream.fileno())
        except (OSError, ValueError):
            continue
    return shutil.get_terminal_size((100, 30))


def terminal_text(text: str) -> bytes:
    """Tutor output written while the terminal is raw (during interact): newlines need carriage returns."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8", "replace")

