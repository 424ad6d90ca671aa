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


@pytest.mark.slow  # two real processes (spawned: fresh interpreters) racing for the file
def test_two_tutors_updating_at_once_lose_nothing(tmp_path):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_add_hints, args=(str(tmp_path), 40)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert progress.load("docker-push").hints_used == 80


def test_a_damaged_file_is_never_read_as_empty_nor_moved_by_a_reader_or_writer(tmp_path):
    damaged = b'{"docker-push": {"current": "tag", '
    progress.progress_file().write_bytes(damaged)
    for touch in (lambda: progress.load("docker-push"), progress.all_progress,
                  lambda: progress.mark("docker-push", current="login"), lambda: progress.forget("docker-push")):
        with pytest.raises(progress.DamagedProgress) as raised:
            touch()
        assert raised.value.key == "error.progress_damaged" and raised.value.exit_code == 10
    assert progress.progress_file().read_bytes() == damaged  # only recover() sets it aside, and says where
    assert list(tmp_path.glob("progress.broken-*.json")) == []


def test_a_lock_held_too_long_is_one_sentence(monkeypatch):
    monkeypatch.setattr(progress, "LOCK_TIMEOUT", 0.2)
    progress.mark("docker-push", current="tag")
    with FileLock(str(progress.progress_file()) + ".lock"):
        with pytest.raises(StateError) as raised:
            progress.mark("docker-push", current="push")
    assert raised.value.key == "error.progress_locked"
    assert progress.load("docker-push").current == "tag"


# --- a damaged file is said, never taken for "no progress", never crashes (exit 10, one sentence) ---------
DAMAGED = {
    "done is a number": '{"docker-push": {"current": "tag", "done": 5}}',
    "started is text": '{"docker-push": {"current": "tag", "started": "yesterday"}}',
    "done is one word": '{"docker-push": {"current": "tag", "done": "registry"}}',
    "an entry is a list": '{"docker-push": ["tag"]}',
    "the file is a list": '[1, 2]',
    "hints are a bool": '{"docker-push": {"hints_used": true}}',
    "cut short": '{"docker-push": {"current": "tag", ',
}


@pytest.mark.parametrize("content", list(DAMAGED.values()), ids=list(DAMAGED))
def test_progress_of_a_damaged_file_is_one_sentence_and_exit_10(tutor, tmp_path, content):
    home = tmp_path / "tutor-home"
    home.mkdir()
    (home / "progress.json").write_text(content)
    for lang in ("en", "id"):
        result = tutor("progress", "--lang", lang)
        assert result.exit_code == 10, (result.stdout, result.stderr)
        said = " ".join(result.stderr.split())
        assert str(home / "progress.json") in said
        assert ("is damaged" if lang == "en" else "rusak") in said, said
        assert "No lesson started" not in result.stdout and "Belum ada pelajaran" not in result.stdout
        assert "Something went wrong" not in said and "Terjadi kesalahan" not in said
        assert len(result.stderr.strip().splitlines()) <= 3  # one sentence, wrapped at most
    assert (home / "progress.json").read_text() == content  # a reader never touches it


def test_a_done_list_is_never_split_into_characters():
    progress.progress_file().write_text('{"docker-push": {"current": "tag", "done": "registry"}}')
    with pytest.raises(StateError) as raised:
        progress.load("docker-push")
    assert raised.value.exit_code == 10 and raised.value.values["field"] == "done"


def test_recover_sets_a_damaged_file_aside_byte_for_byte_and_says_where(tmp_path):
    damaged = b'{"docker-push": {"current": "tag", '
    progress.progress_file().write_bytes(damaged)
    aside = progress.recover()
    assert aside is not None and aside.read_bytes() == damaged and aside.parent == tmp_path
    assert not progress.progress_file().exists()
    assert progress.recover() is None  # nothing damaged any more
    progress.mark("docker-push", current="login")
    assert progress.recover() is None and progress.load("docker-push").current == "login"


# --- completions: finishing a lesson is remembered ----------------------------------------------------
def _finish(lesson, hints: int = 0, start=None):
    from tutor.live.session import Session

    start = start or progress.LessonProgress(lesson.id, registry="r", user="budi")
    session = Session(lesson, {}, "en", start, lambda step, record, answer: None, progress.save)
    for _ in range(hints):
        session.next_hint()
    while session.step is not None:
        session.word("skip") if session.step.id != "image" else session._advance(True)
    return session


def test_finishing_records_a_completion_kept_across_attempts():
    from tutor.lesson.loader import load_named

    lesson = load_named("docker-push")
    _finish(lesson, hints=2)
    first = progress.load("docker-push")
    assert first.finished and len(first.completions) == 1
    done = first.completions[0]
    assert done.hints == 2 and done.steps == 1 and done.at == first.finished and done.registry == "r"
    again = progress.new_attempt(first, registry="r", user="budi")
    assert again.current is None and again.finished is None and again.done == () and again.hints_used == 0
    assert again.completions == first.completions
    _finish(lesson, start=again)
    assert len(progress.load("docker-push").completions) == 2


def test_an_old_finished_record_counts_as_a_completion():
    progress.progress_file().write_text(
        '{"docker-push": {"current": null, "done": ["registry"], "hints_used": 3, "finished": 1700000000.0, '
        '"seconds": 120.0, "started": 1699999000.0}}')
    [done] = progress.load("docker-push").completions
    assert (done.at, done.seconds, done.hints, done.steps) == (1700000000.0, 120.0, 3, 1)


def test_progress_shows_completed_lessons(tutor, tmp_path, monkeypatch):
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "tutor-home"))
    from tutor.lesson.loader import load_named

    _finish(load_named("docker-push"), hints=1)
    progress.save(progress.new_attempt(progress.load("docker-push"), registry="r", user="budi"))
    shown = " ".join(tutor("progress").stdout.split())
    assert "Completed" in shown and "1×" in shown and "1 hint" in shown
    shown_id = " ".join(tutor("progress", "--lang", "id").stdout.split())
    assert "Tamat" in shown_id and "1×" in shown_id and "1 petunjuk" in shown_id


def test_start_says_it_set_a_damaged_file_aside_and_that_a_finished_lesson_starts_anew(tmp_path):
    from learner import Live

    from tutor.lesson.loader import load_named
    from tutor.ui.session import when

    lesson = load_named("docker-push")
    values = {"registry": "r", "user": "budi"}
    progress.progress_file().write_text('{"docker-push": {"done": "registry"}}')
    live = Live(lesson, values, "r", "budi", "en")
    opening = "".join(live.opened.split())  # the long path may be wrapped anywhere
    [aside] = tmp_path.glob("progress.broken-*.json")
    assert "".join(f"Your progress file was damaged: it is kept as {aside}".split()) in opening
    assert aside.read_text() == '{"docker-push": {"done": "registry"}}'
    live.close()

    _finish(lesson, hints=1)
    finished_at = progress.load("docker-push").finished
    live = Live(lesson, values, "r", "budi", "id")  # as `tutor --lang id start` makes it
    opening = " ".join(live.opened.split())
    assert f"Anda sudah menamatkan pelajaran ini pada {when(finished_at)}" in opening
    assert "Ini percobaan baru" in opening and "rusak" not in opening
    assert live.session.progress.current == "registry" and live.session.progress.done == ()
    assert len(progress.load("docker-push").completions) == 1  # the new attempt keeps the completion
    live.close()
