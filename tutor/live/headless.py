"""The headless driver: plays a script of commands in the learner's real shell (the same shell, rc file and
marks as `tutor start`, under a PTY of its own), with nothing shown, and returns what the live engine said
after each one. What lesson tests are built on: a lesson is proven by playing it exactly as a learner's
`tutor start` would run it, against the real engine and registry.

A line of the script is a shell command or an in-shell word (`answer b`, `hint`), typed as the learner types
it. A `Password:` prompt on the way (`docker login`) gets the password given, or the practice password the
tutor made for this lesson; with none, the prompt is given up, as a learner pressing Ctrl-C would."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tutor.live.engine import LiveEngine
from tutor.live.marks import Prompt
from tutor.live.shell import LearnerShell


@dataclass(frozen=True)
class Played:
    """One line of the script: what was typed, what the shell reported at the prompt after it (the command's
    record, or the word), and the engine's events."""

    typed: str
    prompt: Prompt
    events: tuple[object, ...]


class Headless:
    """The learner's shell, opened once for a whole script (close() ends it)."""

    def __init__(self, engine: LiveEngine, password: str | None = None,
                 shell_env: Mapping[str, str] | None = None) -> None:
        self.engine = engine
        self.password = password
        self.shell = LearnerShell({"TUTOR_LESSON": engine.lesson.id, **(shell_env or {})})
        self.opened: tuple[object, ...] = ()  # what the engine said before the first command (taken words)
        opened: list[object] = []
        self.shell.read_until_prompt(_ignore, on_event=lambda taken: _keep(opened, engine.prompt(taken)))
        self.opened = tuple(opened)

    def play(self, script: Iterable[str]) -> list[Played]:
        played = []
        for line in script:
            prompt = self.shell.run(self.engine.typed(line), _ignore, lambda: self.password or self.engine.password)
            played.append(Played(line, prompt, tuple(self.engine.prompt(prompt))))
        return played

    def solve(self) -> list[Played]:
        """Plays each step's solution from the current step to the end, and stops at the first step its
        solution does not pass."""
        played: list[Played] = []
        while self.engine.session.step is not None:
            step_id = self.engine.session.progress.current
            played += self.solve_step()
            if self.engine.session.progress.current == step_id:
                break
        return played

    def solve_step(self, commands: list[str] | None = None) -> list[Played]:
        """Plays the current step's solution (`commands`, else the session's: its commands then its answer,
        `next` for a reading step), one line at a time, until the step changes."""
        session = self.engine.session
        step_id = session.progress.current
        played: list[Played] = []
        for command in session.solution() if commands is None else commands or ["next"]:
            played += self.play([command])
            if session.progress.current != step_id:
                break
        return played

    def close(self) -> None:
        self.shell.close()


def _ignore(_: bytes) -> None:
    """Output is captured by the shell's marks for the engine; nothing is shown."""


def _keep(into: list[object], events: list[object]) -> bytes:
    into.extend(events)
    return b""
