"""A learner at the keyboard of `tutor start`: pexpect drives the real tutor in the learner's real shell, and
`room` gives each test its own tutor home, Docker config and practice port (a pytest plugin: conftest.py)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pexpect
import pytest
from realdocker import docker_cli, free_port

from tutor.environment import Environment
from tutor.live.engine import LiveEngine
from tutor.ui.live import LiveView

PROMPT = "learner$ "
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b]*\x1b\\|[│╭╮╰╯▌]")  # colours, links, panel borders


def keyboard_signals_as_at_a_terminal() -> None:
    """A test run started in the background of a non-interactive shell (`scripts/test &`) inherits SIGINT
    ignored, and so would the tutor: a learner's terminal delivers Ctrl-C, so the tutor starts with the default."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Learner:
    def __init__(self, env: dict, lang: str, *extra: str) -> None:
        self.env, self.lang = env, lang
        self.child = pexpect.spawn(sys.executable, ["-m", "tutor", "start", "docker-push", "--user", "budi",
                                                    "--lang", lang, *extra], env=env, encoding="utf-8",
                                   timeout=60, dimensions=(50, 120), codec_errors="replace",
                                   preexec_fn=keyboard_signals_as_at_a_terminal)
        self.password: str | None = None
        self.seen = ""

    def expect(self, text: str) -> str:
        """Waits for `text` (ANSI colour codes ignored) and returns what came before it."""
        pattern = r"\s*".join(re.escape(word) for word in text.split())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            plain = ANSI.sub("", self.seen)
            match = re.search(pattern, plain)
            if match:
                self.seen = plain[match.end():]  # consume up to the match, keep what follows
                return plain[: match.start()]
            try:
                self.seen += self.child.read_nonblocking(65536, timeout=1)
            except pexpect.TIMEOUT:
                continue
        raise AssertionError(f"never saw {text!r}; last output:\n{ANSI.sub('', self.seen)[-3000:]}")

    def start(self) -> None:
        before = self.expect(PROMPT)
        self.seen_before_prompt = before
        found = re.search(r"Password:\s*(\S+)", before)
        self.password = found.group(1) if found else None

    def run(self, command: str, then: str | None = None) -> str:
        self.child.sendline(command)
        return self.expect(then or PROMPT)

    def login(self, address: str, password: str | None = None) -> None:
        self.child.sendline(f"docker login {address} -u budi")
        self.expect("Password:")
        self.child.sendline(password or self.password)

    def close(self) -> None:
        if self.child.isalive():
            self.child.sendline("exit")
            try:
                self.child.expect(pexpect.EOF, timeout=10)
            except pexpect.TIMEOUT:
                self.child.terminate(force=True)


@pytest.fixture
def room(tmp_path, docker_client):
    """A private tutor home, Docker config and practice port for one learner."""
    port = free_port()
    (tmp_path / "docker").mkdir()
    env = {**os.environ, "TUTOR_HOME": str(tmp_path / "home"), "DOCKER_CONFIG": str(tmp_path / "docker"),
           "TUTOR_PRACTICE_PORT": str(port), "TUTOR_PRACTICE_LAUNCH": "binary", "TUTOR_PS1": PROMPT,
           "TUTOR_DEMO_DELAY": "0", "TUTOR_DEMO_PACE": "0", "COLUMNS": "120", "LINES": "50", "HOME": str(tmp_path)}
    had_app = bool(docker_client.images.list(name="fastapi-app"))
    learners: list[Learner] = []

    def learner(lang: str = "en", *extra: str) -> Learner:
        one = Learner(env, lang, *extra)
        learners.append(one)
        one.start()
        return one

    learner.address = f"127.0.0.1:{port}"
    learner.env = env
    learner.home = tmp_path / "home"
    yield learner
    for one in learners:
        one.close()
    subprocess.run([sys.executable, "-m", "tutor", "practice", "down", "--purge"], env=env, capture_output=True)
    for name in ("budi/fastapi-app", "fastapi-app", "siti/fastapi-app", "username_anda/fastapi-app"):
        docker_cli("rmi", f"{learner.address}/{name}")
    if not had_app:
        docker_cli("rmi", "fastapi-app")




class Live:
    """The live engine as `tutor start` makes it, and the view that renders it, with the shell left out: a
    test passes what the shell would report (a Prompt with a command record, a word) and reads what the
    learner would see."""

    def __init__(self, lesson, values, registry: str, user: str, lang: str = "en", watch: bool = False) -> None:
        self.engine = LiveEngine(lesson, lang, values, registry, user, watch=watch)
        self.session = self.engine.session
        self.view = LiveView(Environment(lang))
        self.opened = self.view.opening(self.engine.opening())

    def at_prompt(self, prompt) -> str:
        return self.view.events(self.engine.prompt(prompt))

    def word(self, name: str, *args: str) -> str:
        return self.view.events(self.engine.word(name, tuple(args)))

    def polled(self) -> str:
        return self.view.events(self.engine.state_changed())

    def close(self) -> None:
        self.engine.close()
