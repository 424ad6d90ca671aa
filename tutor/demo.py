"""`tutor start --demo`: the tutor types each step's commands into the learner's shell itself, at a pace a
room can follow on a projector.

Whatever the person at the keyboard types meanwhile is never shown (the terminal's echo is off for the whole
demo) and is dropped at the end, so it cannot run in their shell afterwards. A login prompt is answered with
the practice password the tutor made; when the tutor does not know the password (a real registry, a joined
classroom), the login is left out if Docker is already logged in there, else that one prompt is handed to
the person, still without echo.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from tutor.i18n import t
from tutor.session import solution_commands
from tutor.shell import LearnerShell, stdout_write, terminal_text

if TYPE_CHECKING:
    from tutor.start import LiveLesson

DEMO_DELAY = float(os.environ.get("TUTOR_DEMO_DELAY", "0.04"))  # seconds per typed character
PASSWORD_PROMPT = b"Password:"


@contextmanager
def keys_unseen() -> Iterator[bool]:
    """The person's terminal without echo (lines still end at Enter); afterwards, as it was, with whatever was
    typed meanwhile thrown away. Yields whether there is a terminal to ask a password from."""
    if not sys.stdin.isatty() or os.name != "posix":
        yield False
        return
    import termios

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    quiet = termios.tcgetattr(fd)
    quiet[3] &= ~(termios.ECHO | termios.ECHONL)
    termios.tcsetattr(fd, termios.TCSANOW, quiet)
    try:
        yield True
    finally:
        termios.tcsetattr(fd, termios.TCSAFLUSH, saved)


def _ask_password(terminal: bool, user: str, registry: str) -> str | None:
    """One line from the person, never echoed; None when there is no one to ask (no terminal, end of input)."""
    if not terminal:
        return None
    import termios

    termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)  # keys typed before the question are not the answer
    _say("demo.password_prompt", user=user, registry=registry)
    line = sys.stdin.readline()
    stdout_write(b"\r\n")  # Enter was not echoed either
    return line.rstrip("\r\n") or None


def _say(key: str, **values: str) -> None:
    from tutor.ui import live

    stdout_write(terminal_text(live.render(t(key, **values))))


def _type(shell: LearnerShell, text: str) -> None:
    for char in text:
        shell.child.send(char)
        if DEMO_DELAY:
            time.sleep(DEMO_DELAY)
    shell.child.send("\r")


def _logged_in_already(live_lesson: LiveLesson) -> bool:
    """The current step's logged_in checks pass already: Docker has the login the step asks for."""
    from tutor.checks.verdict import Status

    step = live_lesson.session.step
    report = live_lesson.evaluate_now(step)
    logins = [verdict for verdict in report.verdicts if verdict.kind == "logged_in"]
    return bool(logins) and all(verdict.status is Status.PASS for verdict in logins)


def _is_login(command: str) -> bool:
    words = command.split()
    return len(words) > 1 and words[1] == "login"  # docker login, podman login


def run_demo(shell: LearnerShell, live_lesson: LiveLesson) -> None:
    with keys_unseen() as terminal:
        _steps(shell, live_lesson, terminal)


def _steps(shell: LearnerShell, live_lesson: LiveLesson, terminal: bool) -> None:
    session = live_lesson.session
    prepared = live_lesson.prepared
    shell.read_until_prompt(stdout_write, on_event=live_lesson.on_prompt)  # the first prompt
    stdout_write(b"\r\n")
    attempts = 0
    while session.step is not None and attempts < 3 * len(live_lesson.lesson.steps):
        attempts += 1
        step_id = session.progress.current
        text, _ = live_lesson.lesson.step_text(step_id, session.lang)
        # A reading step (no checks) is passed by `next`; a checked step by its commands (and its answer).
        checked = session.step.checks
        commands = solution_commands(session.step, text.commands, prepared.values) if checked else []
        commands = commands or ["next"]
        for command in commands:
            if _is_login(command) and prepared.password is None and _logged_in_already(live_lesson):
                _say("demo.login_skipped", registry=prepared.registry, command=command)
                continue
            asked: list[bool] = []

            def answer_password(chunk: bytes, asked: list = asked) -> None:
                if PASSWORD_PROMPT not in chunk or asked:
                    return
                asked.append(True)
                password = prepared.password
                if password is None:  # not the tutor's to know: the person types it, unseen
                    password = _ask_password(terminal, prepared.user, prepared.registry)
                if password is None:
                    _say("demo.no_password")
                    shell.child.sendintr()  # gives the prompt up; the step is skipped below
                else:
                    shell.child.sendline(password)  # the login's own prompt does not echo it either

            _type(shell, live_lesson.typed(command))
            prompt = shell.read_until_prompt(stdout_write, answer_password)
            stdout_write(live_lesson.on_prompt(prompt))
            if session.progress.current != step_id:
                break
        else:
            if session.progress.current == step_id:  # the commands did not pass it: move on, say so
                _type(shell, live_lesson.typed("skip"))
                stdout_write(live_lesson.on_prompt(shell.read_until_prompt(stdout_write)))
