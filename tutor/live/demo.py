"""`tutor start --demo`: the tutor types each step's commands into the learner's shell itself, at a pace a
room can follow on a projector.

Whatever the person at the keyboard types meanwhile is never shown (the terminal's echo is off for the whole
demo) and is dropped at the end, so it cannot run in their shell afterwards. A login prompt is answered with
the practice password the tutor made; when the tutor does not know the password (a real registry, a joined
classroom), the login is left out if Docker is already logged in there, else that one prompt is handed to
the person, still without echo. Needs a POSIX terminal, like the embedded shell.
"""

from __future__ import annotations

import os
import termios
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tutor.checks.verdict import Status
from tutor.environment import Environment
from tutor.live.engine import LiveEngine
from tutor.live.screen import Screen
from tutor.live.shell import LearnerShell
from tutor.terminal import terminal_text

DEMO_DELAY = float(os.environ.get("TUTOR_DEMO_DELAY", "0.04"))  # seconds per typed character
# Seconds to pause after each step, so a room sees it pass before the next begins (--pace; tests set 0).
DEMO_PACE = float(os.environ.get("TUTOR_DEMO_PACE", "2"))


@contextmanager
def keys_unseen(env: Environment) -> Iterator[bool]:
    """The person's terminal without echo (lines still end at Enter); afterwards, as it was, with whatever was
    typed meanwhile thrown away. Yields whether there is a terminal to ask a password from."""
    if not env.interactive:
        yield False
        return
    fd = env.stdin.fileno()
    saved = termios.tcgetattr(fd)
    quiet = termios.tcgetattr(fd)
    quiet[3] &= ~(termios.ECHO | termios.ECHONL)
    termios.tcsetattr(fd, termios.TCSANOW, quiet)
    try:
        yield True
    finally:
        termios.tcsetattr(fd, termios.TCSAFLUSH, saved)


class _Demo:
    def __init__(self, shell: LearnerShell, engine: LiveEngine, screen: Screen, env: Environment,
                 terminal: bool, pace: float, pause: Callable[[float], None] = time.sleep) -> None:
        self.shell, self.engine, self.screen, self.env, self.terminal = shell, engine, screen, env, terminal
        self.pace, self.pause = pace, pause

    def show(self, text: str) -> None:
        self.env.write(terminal_text(text))

    def say(self, key: str, **values: str) -> None:
        self.show(self.screen.say(key, **values))

    def ask_password(self) -> str | None:
        """One line from the person, never echoed; None when there is no one to ask (no terminal, end of
        input)."""
        if not self.terminal:
            return None
        termios.tcflush(self.env.stdin.fileno(), termios.TCIFLUSH)  # keys typed before it are not the answer
        self.say("demo.password_prompt", user=self.engine.user, registry=self.engine.registry)
        line = self.env.stdin.readline()
        self.env.write(b"\r\n")  # Enter was not echoed either
        return line.rstrip("\r\n") or None

    def password(self) -> str | None:
        """The practice password the tutor made; else the person's, unseen; else none (said)."""
        password = self.engine.password or self.ask_password()
        if password is None:
            self.say("demo.no_password")  # the prompt is given up; the step is skipped below
        return password

    def logged_in_already(self) -> bool:
        """The current step's logged_in checks pass already: Docker has the login the step asks for."""
        logins = [verdict for verdict in self.engine.evaluate_now().verdicts if verdict.kind == "logged_in"]
        return bool(logins) and all(verdict.status is Status.PASS for verdict in logins)

    def run(self, command: str) -> None:
        prompt = self.shell.run(self.engine.typed(command), self.env.write, self.password, DEMO_DELAY)
        self.show(self.screen.events(self.engine.prompt(prompt)))
        self.shell.settle(self.env.write)  # the prompt drawn before the next command is typed

    def steps(self) -> None:
        engine, session = self.engine, self.engine.session
        # The first prompt: nothing ran yet, but the shell may have said which words it keeps for itself.
        self.shell.read_until_prompt(self.env.write,
                                     on_event=lambda taken: terminal_text(self.screen.events(engine.prompt(taken))))
        self.env.write(b"\r\n")
        self.shell.settle(self.env.write)
        attempts = 0
        while session.step is not None and attempts < 3 * len(engine.lesson.steps):
            attempts += 1
            step_id = session.progress.current
            # A reading step (no checks) is passed by `next`; a checked step by its commands (and its answer).
            for command in session.solution():
                if _is_login(command) and engine.password is None and self.logged_in_already():
                    self.say("demo.login_skipped", registry=engine.registry, command=command)
                    continue
                self.run(command)
                if session.progress.current != step_id:
                    break
            else:
                if session.progress.current == step_id:  # the commands did not pass it: move on, say so
                    self.run("skip")
            if session.step is not None and self.pace > 0:
                self.pause(self.pace)  # the room sees the step pass before the next one is typed


def _is_login(command: str) -> bool:
    words = command.split()
    return len(words) > 1 and words[1] == "login"  # docker login, podman login


def run_demo(engine: LiveEngine, screen: Screen, env: Environment, shell: LearnerShell,
             pace: float | None = None) -> None:
    """`pace`: seconds between steps (--pace), else TUTOR_DEMO_PACE, else 2."""
    with keys_unseen(env) as terminal:
        _Demo(shell, engine, screen, env, terminal, DEMO_PACE if pace is None else pace).steps()
