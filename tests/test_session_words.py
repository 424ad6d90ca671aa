"""Every in-shell word as the very first input of every step, through the real LiveLesson (its own evaluate,
the real checks, the real engine), in both languages: a word may be refused, never crash."""

from __future__ import annotations

import pytest

from tutor.i18n import set_language
from tutor.lesson.loader import load_named
from tutor.lesson.values import lesson_values
from tutor.progress import LessonProgress
from tutor.start import LiveLesson, Prepared

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

    def at(step_id: str, lang: str) -> LiveLesson:
        from tutor import progress

        progress.save(LessonProgress("docker-push", current=step_id, registry="127.0.0.1:9", user="budi"))
        made = LiveLesson(lesson, Prepared(values, "127.0.0.1:9", "budi", None), lang)
        assert made.session.progress.current == step_id
        return made

    yield lesson, at
    set_language("en")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_word_first_in_every_step_never_crashes(live, lang):
    lesson, at = live
    for step_id in lesson.step_ids:
        for name, *args in WORDS:
            set_language(lang)
            lesson_now = at(step_id, lang)
            try:
                word = lesson_now.session.word
                shown = lesson_now.handle(lambda say=word, name=name, args=tuple(args): say(name, args))
            finally:
                lesson_now.close()
            shown = shown.decode()
            assert shown.strip(), (step_id, name)
            assert not any(text in shown for text in INTERNAL), (step_id, name, shown)
