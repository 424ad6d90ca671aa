"""The embedded shell driver: the learner's own shell under a PTY (shell.py), each prompt mark passed to the
live engine, and what the engine answers rendered right there in the shell's output, after the command's
output and before the next prompt. Needs a POSIX terminal."""

from __future__ import annotations

import os
import signal

from tutor.live.engine import LiveEngine
from tutor.live.marks import Prompt, Taken
from tutor.live.screen import Screen
from tutor.live.shell import LearnerShell
from tutor.terminal import terminal_text


def _install_hangup(shell: LearnerShell, engine: LiveEngine) -> None:
    """Closing the terminal (SIGHUP) or being told to stop (SIGTERM): save, end the shell, leave nothing."""

    def stop(signum, frame):
        try:
            engine.save()
        finally:
            shell.close()
            os._exit(128 + signum)

    signal.signal(signal.SIGHUP, stop)
    signal.signal(signal.SIGTERM, stop)


def run_embedded(engine: LiveEngine, screen: Screen, shell: LearnerShell) -> None:
    """Hands the terminal to the learner until they leave their shell."""

    def at_prompt(prompt: Prompt | Taken) -> bytes:
        return terminal_text(screen.events(engine.prompt(prompt)))

    _install_hangup(shell, engine)
    shell.interact(at_prompt)
