"""The progress store: two tutors at once, a damaged file, a lock held too long."""

from __future__ import annotations

import multiprocessing
from dataclasses import replace

import pytest
from filelock import FileLock

from tutor import progress
from tutor.errors import StateError


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path))


def _add_hints(home: str, times: int) -> None:
    import os

    os.environ["TUTOR_HOME"] = home
    for _ in range(times):
        progress.update("docker-push", lambda p: replace(p, hints_used=p.hints_used + 1))


def test_two_tutors_updating_at_once_lose_nothing(tmp_path):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_add_hints, args=(str(tmp_path), 40)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert progress.load("docker-push").hints_used == 80


def test_a_damaged_file_is_read_as_empty_and_set_aside_only_by_a_writer(tmp_path):
    damaged = b'{"docker-push": {"current": "tag", '
    progress.progress_file().write_bytes(damaged)
    assert progress.load("docker-push") is None and progress.all_progress() == []
    assert progress.progress_file().read_bytes() == damaged  # a reader never moves it
    progress.mark("docker-push", current="login")
    aside = list(tmp_path.glob("progress.broken-*.json"))
    assert [path.read_bytes() for path in aside] == [damaged]  # kept for the learner, byte for byte
    assert progress.load("docker-push").current == "login"


def test_a_lock_held_too_long_is_one_sentence(monkeypatch):
    monkeypatch.setattr(progress, "LOCK_TIMEOUT", 0.2)
    progress.mark("docker-push", current="tag")
    with FileLock(str(progress.progress_file()) + ".lock"):
        with pytest.raises(StateError) as raised:
            progress.mark("docker-push", current="push")
    assert raised.value.key == "error.progress_locked"
    assert progress.load("docker-push").current == "tag"
