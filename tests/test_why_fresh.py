"""`why` in the shell judges the state as it is now, not as it was at the last command (QA finding 3): a
learner who fixed things in another terminal, or whose last try is old, is told the truth. Real checks, the
real Docker engine."""

from __future__ import annotations

import pytest
from realdocker import docker_cli

from tutor.checks.context import CheckContext
from tutor.checks.run import evaluate_step
from tutor.checks.turn import Turn
from tutor.checks.verdict import Status
from tutor.lesson.catalog import find_lesson
from tutor.lesson.loader import load_lesson
from tutor.lesson.values import lesson_values
from tutor.live.events import ShowStep, ShowVerdicts, StepPassed
from tutor.live.session import Session
from tutor.progress import LessonProgress


@pytest.fixture
def tag_step(tmp_path, monkeypatch, app_image, unique):
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "docker"))
    (tmp_path / "docker").mkdir()
    lesson = load_lesson(find_lesson("docker-push"))
    values = lesson_values(lesson, "127.0.0.1:9", f"why{unique}")
    ctx = CheckContext(session=True)

    def evaluate(step, record, answer):
        ctx.refresh()
        return evaluate_step(step, values, ctx, Turn(record, answer))

    session = Session(lesson, values, "en", LessonProgress("docker-push", current="tag"), evaluate)
    target = f"{values['target']}:latest"
    yield session, target
    ctx.close()
    docker_cli("rmi", target)


def test_why_looks_again_after_the_state_changed(tag_step):
    session, target = tag_step
    [before] = session.word("why")
    assert isinstance(before, ShowVerdicts) and before.report.status is Status.FAIL
    assert docker_cli("tag", "fastapi-app", target).returncode == 0  # done elsewhere, no command in this shell
    events = session.word("why")
    assert events == [StepPassed("tag"), ShowStep("images")]  # not the old "not there yet"


def test_why_after_the_state_went_back_says_what_is_missing_now(tag_step):
    session, target = tag_step
    assert docker_cli("tag", "fastapi-app", target).returncode == 0
    session.word("back")  # at login, then forward to the tag step again with the image already tagged
    session.restart_step("tag")
    assert docker_cli("rmi", target).returncode == 0
    [why] = session.word("why")
    assert isinstance(why, ShowVerdicts) and why.report.status is Status.FAIL
