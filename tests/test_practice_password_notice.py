"""A practice account whose password the tutor replaces at `tutor start` (not logged in there as that user, or
--demo) is told that the old password stopped working (QA finding 12: it was replaced silently). The real
practice registry and the real start preparation."""

from __future__ import annotations

import pytest
from realdocker import REGISTRY_BINARY, docker_login, free_port

from tutor.app.start import prepare
from tutor.docker.engine import DockerEnv
from tutor.environment import Environment
from tutor.lesson.loader import load_named
from tutor.live.engine import LiveEngine
from tutor.ui.live import LiveView


@pytest.fixture
def practice_home(tmp_path, monkeypatch, docker_client, docker_config, app_image):
    if not REGISTRY_BINARY:
        pytest.skip("registry binary missing")
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TUTOR_PRACTICE_LAUNCH", "binary")
    monkeypatch.setenv("TUTOR_PRACTICE_PORT", str(free_port()))
    yield
    from tutor.practice import launcher

    launcher.down(purge=True)


def _opening_text(prepared, lang: str) -> str:
    lesson = load_named("docker-push")
    engine = LiveEngine(lesson, lang, prepared.values, prepared.registry, prepared.user, password=prepared.password,
                        password_replaced=prepared.password_replaced)
    try:
        return " ".join(LiveView(Environment(lang)).opening(engine.opening()).split())
    finally:
        engine.close()


def test_a_replaced_password_is_said(practice_home):
    docker, lesson = DockerEnv(), load_named("docker-push")
    first = prepare(docker, lesson, None, "siti", demo=False)
    assert first.password and not first.password_replaced  # a new account: nothing was replaced
    assert "no longer works" not in _opening_text(first, "en")

    again = prepare(docker, lesson, None, "siti", demo=False)  # not logged in: a new password, the old one gone
    assert again.password and again.password != first.password and again.password_replaced
    assert "The password siti had before no longer works" in _opening_text(again, "en")
    assert "Password siti yang lama tidak berlaku lagi" in _opening_text(again, "id")

    assert docker_login(again.registry, "siti", again.password).returncode == 0
    kept = prepare(docker, lesson, None, "siti", demo=False)  # logged in as siti: nothing replaced
    assert kept.password is None and not kept.password_replaced
    demo = prepare(docker, lesson, None, "siti", demo=True)  # the demo types a fresh one: and says so
    assert demo.password and demo.password_replaced
