"""--demo with a password the tutor does not know (a real registry, a classroom): it never hangs at the login
prompt, never shows what the person types, and hands that one prompt to the person, unseen."""

from __future__ import annotations

import subprocess
import sys

import pexpect
import pytest
from learner import ANSI, PROMPT, Learner
from realdocker import REGISTRY_BINARY

pytestmark = pytest.mark.skipif(not REGISTRY_BINARY, reason="registry binary missing")
PASSWORD = "demo-secret-77"


@pytest.fixture
def real_registry(room):
    """The practice registry, but named with --registry like any real one: the tutor made no password."""
    env = room.env
    port = room.address.rsplit(":", 1)[1]
    tutor = [sys.executable, "-m", "tutor"]
    assert subprocess.run([*tutor, "practice", "up", "--port", port], env=env, capture_output=True).returncode == 0
    added = subprocess.run([*tutor, "practice", "add-user", "budi", "--password-stdin"], env=env,
                           input=PASSWORD + "\n", capture_output=True, text=True)
    assert added.returncode == 0, added.stderr
    return room


def _demo(room, lang: str = "en") -> Learner:
    screen = Learner.__new__(Learner)
    screen.child = pexpect.spawn(sys.executable, ["-m", "tutor", "start", "docker-push", "--demo", "--registry",
                                                  room.address, "--user", "budi", "--lang", lang], env=room.env,
                                 encoding="utf-8", timeout=60, dimensions=(50, 120), codec_errors="replace")
    screen.seen = ""
    return screen


def test_the_person_types_the_password_unseen_and_the_demo_goes_on(real_registry):
    screen = _demo(real_registry)
    shown = screen.expect("answer b")  # the demo is typing: whatever the person types now is not shown
    screen.child.send("zzz-typed-keys")
    shown += screen.expect("The tutor does not know the password of budi on " + real_registry.address)
    shown += screen.expect("then press Enter.")
    screen.child.sendline(PASSWORD)
    shown += screen.expect("Login Succeeded")
    shown += screen.expect("Lesson complete!")
    screen.child.expect(pexpect.EOF, timeout=30)
    shown += ANSI.sub("", screen.seen + (screen.child.before or ""))
    assert "zzz-typed-keys" not in shown and PASSWORD not in shown


def test_already_logged_in_the_demo_leaves_the_login_out(real_registry):
    env = {"DOCKER_CONFIG": real_registry.env["DOCKER_CONFIG"]}
    import os

    login = subprocess.run(["docker", "login", real_registry.address, "-u", "budi", "--password-stdin"],
                           input=PASSWORD + "\n", capture_output=True, text=True, env={**os.environ, **env})
    assert login.returncode == 0, login.stderr
    screen = _demo(real_registry, "id")
    shown = screen.expect(f"Docker sudah login ke {real_registry.address}: demo melewati docker login")
    shown += screen.expect("Pelajaran selesai!")
    assert f"{PROMPT}docker login" not in shown, shown[-6000:]  # never typed


def test_without_a_terminal_to_ask_the_login_is_left_out(real_registry):
    done = subprocess.run([sys.executable, "-m", "tutor", "start", "docker-push", "--demo", "--registry",
                           real_registry.address, "--user", "budi"], env=real_registry.env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=300)
    said = " ".join(ANSI.sub("", done.stdout).split())
    assert "No password was given: the demo leaves this login out." in said
    assert "Lesson complete!" in said and done.returncode == 0, done.stderr[-2000:]


def test_the_demo_pauses_between_steps_draws_the_prompt_first_and_speaks_as_a_demo(tmp_path, monkeypatch):
    """QA finding 9, in the learner's real shell, on the rules lesson (no Docker needed): the demo pauses
    `pace` seconds after each step but the last (the pause is recorded, not timed), every command is typed
    after the prompt is drawn, and nothing asks the person to type: the tutor does."""
    import io
    import re
    from types import SimpleNamespace

    from conftest import REPO
    from learner import PROMPT

    from tutor.environment import Environment
    from tutor.lesson.loader import load_lesson
    from tutor.lesson.values import lesson_values
    from tutor.live.demo import _Demo
    from tutor.live.engine import LiveEngine
    from tutor.live.shell import LearnerShell
    from tutor.ui.live import LiveView

    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TUTOR_PS1", PROMPT)
    monkeypatch.setenv("HOME", str(tmp_path))
    lesson = load_lesson(REPO / "tests" / "lessons" / "rules")
    screen = io.BytesIO()
    env = Environment("en", stdout=SimpleNamespace(flush=lambda: None, buffer=screen))
    engine = LiveEngine(lesson, "en", lesson_values(lesson), "127.0.0.1:5000", "budi", demo=True)
    view = LiveView(env)
    shell = LearnerShell({"TUTOR_LESSON": lesson.id})
    pauses: list[float] = []
    try:
        env.write(view.opening(engine.opening()).encode())
        _Demo(shell, engine, view, env, terminal=False, pace=1.5, pause=pauses.append).steps()
    finally:
        shell.close()
        engine.close()
    assert engine.finished
    assert pauses == [1.5] * (len(lesson.steps) - 1)  # after each step, not after the last
    shown = " ".join(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07", "", screen.getvalue().decode()).split())
    for typed in ("echo hello", "next", "answer b", "true"):
        assert f"{PROMPT}{typed}" in shown, typed  # the prompt, then the command typed after it
    assert "This is a demonstration" in shown and "The demonstration ends here" in shown
    for person in ("Type the commands yourself", "Type exit", "type next", "In this shell you can also type"):
        assert person not in shown, person
