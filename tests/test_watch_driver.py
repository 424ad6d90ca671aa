"""The --watch driver itself (tutor/live/watch.py), run in this process with scripted keys: what it notices
without Docker reporting an event, and how soon. The learner's action is real (`docker login` against the real
practice registry); the keys are scripted because a person's keyboard is what the e2e tests drive
(tests/test_watch_lessons.py, tests/test_start_e2e.py)."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest
from conftest import REPO
from learner import ANSI
from realdocker import docker_cli, docker_login

from tutor.i18n import t
from tutor.lesson.loader import load_named
from tutor.lesson.values import lesson_values
from tutor.live import watch
from tutor.live.engine import LiveEngine

sys.path.insert(0, str(REPO / "benchmarks"))  # the watch loop's keys and screen, shared with bench_session
from _setup import CapturedScreen, QueuedKeys, watch_in_thread  # noqa: E402


class Screen(CapturedScreen):
    """The driver's screen, waited on."""

    def text(self) -> str:
        return " ".join(ANSI.sub("", self.seen.decode(errors="replace")).split())

    def wait_for(self, text: str, seconds: float = 30) -> float:
        """Seconds until `text` was on the screen."""
        began = time.monotonic()
        pattern = r"\s*".join(re.escape(word) for word in text.split())
        while not re.search(pattern, self.text()):
            assert time.monotonic() - began < seconds, f"never saw {text!r}: {self.text()[-1500:]}"
            time.sleep(0.01)
        return time.monotonic() - began


@pytest.fixture
def watching(practice, docker_config, app_image, monkeypatch):
    """A lesson's step under --watch, with the poll turned off: only Docker's events and the files' stamps can
    tell the driver anything."""
    monkeypatch.setattr(watch, "POLL_SECONDS", float("inf"))
    started = []

    def start(lesson_id: str, step_id: str) -> tuple[Screen, QueuedKeys]:
        lesson = load_named(lesson_id)
        engine = LiveEngine(lesson, "en", lesson_values(lesson, None, "budi", practice.address), practice.address,
                            "budi", watch=True)
        engine.session.restart_step(step_id)
        screen = Screen()
        keys, driver = watch_in_thread(engine, screen)
        started.append((engine, keys, driver))
        screen.wait_for("Keys: h hint")
        return screen, keys

    yield start
    for engine, keys, driver in started:
        keys.pressed.put("q")
        driver.join(timeout=30)
        engine.close()
        assert not driver.is_alive()


def test_a_login_is_noticed_from_docker_config_without_the_poll(watching, practice):
    """`docker login` makes no Docker event; it writes config.json, and that is seen at once."""
    screen, keys = watching("docker-push", "login")
    practice.add_user("budi", "budi-practice-pw")
    assert docker_login(practice.address, "budi", "budi-practice-pw").returncode == 0
    screen.wait_for(t("session.answer_now.watch", "en"), seconds=10)
    keys.pressed.put("a")
    keys.pressed.put("a")
    screen.wait_for("Done: Log in to the registry")


def test_a_token_made_in_another_terminal_is_noticed_without_the_poll(watching, practice):
    """`tutor practice token create` touches neither Docker nor its config: the token service's file says it."""
    screen, _ = watching("access-tokens", "create-read")
    practice.add_user("budi", "budi-practice-pw")
    made = subprocess.run([sys.executable, "-m", "tutor", "practice", "token", "create", "--user", "budi",
                           "--scope", "read", "--name", "laptop"], capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    screen.wait_for("Done: Make a read-only token", seconds=10)


def test_only_the_learners_own_record_of_logins_is_watched(watching, practice, monkeypatch, tmp_path):
    """The driver stats the learner's own file of the practice auth log, not the whole folder: another learner's
    login through the same token service ran every check of this learner's step again. A spy counts the looks
    (the real state_changed answers each); each login is a real `docker login` with a config of its own, so
    this learner's config.json does not change."""
    looks = []
    real = LiveEngine.state_changed
    monkeypatch.setattr(LiveEngine, "state_changed", lambda engine: looks.append(1) or real(engine))
    watching("access-tokens", "login-read")
    practice.add_user("siti", "siti-practice-pw")
    practice.add_user("budi", "budi-practice-pw")

    def login_elsewhere(user: str) -> None:
        assert docker_cli("login", practice.address, "-u", user, "--password-stdin", input=f"{user}-practice-pw\n",
                          env={"DOCKER_CONFIG": str(tmp_path / user)}).returncode == 0

    time.sleep(0.5)  # the opening's first look done
    before = len(looks)
    login_elsewhere("siti")
    time.sleep(0.5)  # ten ticks: enough for the driver to have noticed a change
    assert len(looks) == before, "another learner's login ran this learner's checks"
    login_elsewhere("budi")  # this learner's own record is watched: a look follows
    deadline = time.monotonic() + 10
    while len(looks) == before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(looks) > before, "this learner's own login was not noticed"


def test_off_the_practice_registry_only_docker_config_is_watched(practice, docker_config):
    from tutor.docker.config import config_path

    assert watch.evidence_files("registry.example:5000", "budi") == (config_path(),)
    own = watch.evidence_files(practice.address.replace("127.0.0.1", "localhost"), "budi")
    assert own[0] == config_path() and own[2].name == "budi.jsonl" and len(own) == 3
