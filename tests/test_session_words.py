"""Every in-shell word as the very first input of every step, through the real live engine (its own evaluate,
the real checks, the real Docker engine), in both languages: a word may be refused, never crash."""

from __future__ import annotations

import pytest
from learner import Live

from tutor.lesson.loader import load_named
from tutor.lesson.values import lesson_values
from tutor.progress import LessonProgress

WORDS = [("hint",), ("check",), ("why",), ("next",), ("answer", "x"), ("skip",), ("back",), ("steps",),
         ("lang",), ("lang", "id"), ("lang", "en")]
INTERNAL = ("Something went wrong inside the tutor", "Terjadi kesalahan di dalam tutor")


@pytest.fixture
def live(tmp_path, monkeypatch, docker_client):
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "docker"))
    (tmp_path / "docker").mkdir()
    lesson = load_named("docker-push")
    # A registry nobody runs: the push checks say so in one sentence, which is an answer too.
    values = lesson_values(lesson, "127.0.0.1:9", "budi")

    def at(step_id: str, lang: str) -> Live:
        from tutor import progress

        progress.save(LessonProgress("docker-push", current=step_id, registry="127.0.0.1:9", user="budi"))
        made = Live(lesson, values, "127.0.0.1:9", "budi", lang)
        assert made.session.progress.current == step_id
        return made

    yield lesson, at


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_word_first_in_every_step_never_crashes(live, lang):
    lesson, at = live
    for step_id in lesson.step_ids:
        for name, *args in WORDS:
            lesson_now = at(step_id, lang)
            try:
                shown = lesson_now.word(name, *args)
            finally:
                lesson_now.close()
            assert shown.strip(), (step_id, name)
            assert not any(text in shown for text in INTERNAL), (step_id, name, shown)
