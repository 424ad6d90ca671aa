"""The record of one command the learner ran, as the live lesson sees it (text, exit code, output; never
keystrokes). Owned by the live package: the shell makes them, the engine passes them on, and a check that
looks at a command receives one as an argument (tutor.checks.run.Turn)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommandRecord:
    command: str
    exit_code: int | None
    output: str
