"""Every in-shell word (and every --watch key) as the very first input of every step, through the real `tutor
start` (pexpect, the learner's real shell) and `tutor start --watch`, in both languages: never an internal
error. The Indonesian run types the Indonesian words; --watch never shows an instruction meant for the shell."""

from __future__ import annotations

import re
import shutil
import sys
import time

import pexpect
import pytest
from conftest import replace_in
from learner import ANSI, Learner
from realdocker import REGISTRY_BINARY

pytestmark = pytest.mark.skipif(not REGISTRY_BINARY, reason="registry binary missing")

INTERNAL = re.compile(r"Something went wrong inside the tutor|Terjadi kesalahan di dalam tutor|Traceback")
BANNER = re.compile(r"(?:Step|Langkah) (\d+) (?:of|dari) (\d+)")
STEPS = 8
WORDS = {
    "en": {"hint": "hint", "check": "check", "why": "why", "next": "next", "answer": "answer x", "steps": "steps",
           "lang": "lang en", "back": "back", "skip": "skip"},
    "id": {"hint": "petunjuk", "check": "periksa", "why": "kenapa", "next": "lanjut", "answer": "jawab x",
           "steps": "langkah", "lang": "bahasa id", "back": "kembali", "skip": "lewati"},
}
# What only makes sense in the shell: typing a word. In --watch the learner presses keys.
SHELL_ONLY = re.compile(r"\b(?:type|ketik) (?:hint|check|next|answer|skip|exit|petunjuk|periksa|lanjut|jawab|lewati|"
                        r"keluar)\b|Stuck\? hint|Bingung\? petunjuk|\banswer [a-c]\b|\bjawab [a-c]\b", re.IGNORECASE)


class Walk:
    """Drives a session from step to step, always arriving afresh (by `skip` or `back`, which move to a step
    and start it over) before the input under test."""

    def __init__(self, send) -> None:
        self.send = send  # word -> what the tutor showed in answer
        self.position, self.fresh = 1, True
        self.seen = ""

    def say(self, word: str) -> str:
        shown = self.send(word)
        self.seen += shown
        assert not INTERNAL.search(shown), (word, self.position, shown[-2000:])
        banners = BANNER.findall(shown)
        moved = bool(banners) and int(banners[-1][0]) != self.position
        if banners:
            self.position = int(banners[-1][0])
        self.fresh = moved
        return shown

    def arrive(self, step: int, skip: str, back: str) -> None:
        for _ in range(4 * STEPS):
            if self.position == step and self.fresh:
                return
            if self.position > step:
                self.say(back)
            elif self.position == step == STEPS:  # the last step: skipping it would end the lesson
                self.say(back)
                self.say(skip)
            else:
                self.say(skip)
        raise AssertionError(f"could not arrive at step {step} afresh (at {self.position})")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_word_first_in_every_step_of_tutor_start(room, lang):
    learner = room(lang)
    if lang == "id":
        line = " ".join(learner.seen_before_prompt.split())
        assert "Di shell ini Anda juga bisa mengetik: petunjuk, periksa, kenapa, lanjut, jawab X, lewati, kembali, " \
               "langkah, bahasa id|en, keluar" in line
    words = WORDS[lang]
    walk = Walk(lambda word: learner.run(word))
    order = ["hint", "check", "why", "next", "answer", "steps", "lang", "back", "skip"]
    for step in range(1, STEPS + 1):
        for name in order:
            walk.arrive(step, words["skip"], words["back"])
            walk.say(words[name])
    assert ("Lesson complete!" if lang == "en" else "Pelajaran selesai!") in " ".join(walk.seen.split())


@pytest.fixture
def absent_image_lesson(lesson_copy):
    """The docker-push lesson whose image is nowhere: in --watch no step passes by itself (the poll would pass
    the image step at once otherwise), so every key is pressed while its step is current. It declares no
    practice image either, or the tutor would make one of that name."""
    replace_in(lesson_copy / "lesson.yaml", "  image: fastapi-app\n", "  image: tutortest-absent-image\n")
    manifest = (lesson_copy / "lesson.yaml").read_text()
    declared = manifest[manifest.index("practice_image:"):manifest.index("\n\n", manifest.index("practice_image:"))]
    replace_in(lesson_copy / "lesson.yaml", declared, "")
    return lesson_copy


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_key_first_in_every_step_of_watch_mode(room, lang, absent_image_lesson):
    watcher = pexpect.spawn(sys.executable, ["-m", "tutor", "start", str(absent_image_lesson), "--watch", "--user",
                                             "budi", "--lang", lang], env=room.env, encoding="utf-8", timeout=60,
                            dimensions=(50, 120), codec_errors="replace")
    screen = Learner.__new__(Learner)
    screen.child, screen.seen = watcher, ""
    opening = screen.expect("Keys: h" if lang == "en" else "Tombol: h")
    # Every reply a key gets, to wait for it: (en, id) patterns.
    replies = {
        "h": r"Hint \d+ of|The solution|Petunjuk \d+ dari|Jawabannya",
        "c": r"Expected|Diharapkan", "w": r"Expected|Diharapkan",
        "n": r"This step ends with a question|finishes by itself|diakhiri sebuah pertanyaan|selesai sendiri",
        "ax": r"Not x|This step asks no question|Bukan x|Langkah ini tidak punya pertanyaan",
        "t": r"▶ \d+\.", "l": BANNER.pattern, "b": BANNER.pattern,
        "s": BANNER.pattern + r"|Lesson complete!|Pelajaran selesai!",  # the last step skipped: the end
    }

    def press(keys: str) -> str:
        watcher.send(keys)
        wanted = re.compile(replies[keys])
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            plain = ANSI.sub("", screen.seen)
            found = wanted.search(plain)
            if found:
                screen.seen = plain[found.end():]
                return plain[: found.end()]
            try:
                screen.seen += watcher.read_nonblocking(65536, timeout=0.5)
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                break
        raise AssertionError(f"no reply to {keys!r} at step {walk.position}: {ANSI.sub('', screen.seen)[-3000:]}")

    walk = Walk(press)
    walk.seen = opening
    for step in range(1, STEPS + 1):
        for keys in ("h", "c", "w", "n", "ax", "t", "l", "b", "s"):
            walk.arrive(step, "s", "b")
            walk.say(keys)
            if keys == "l":
                walk.say("l")  # back to the learner's language
    watcher.expect(pexpect.EOF, timeout=30)  # the last step skipped: the lesson is over, watch mode ends
    shown = " ".join((walk.seen + ANSI.sub("", screen.seen)).split())
    assert not INTERNAL.search(shown)
    wrong = SHELL_ONLY.findall(shown)
    assert wrong == [], f"instructions for the shell shown in --watch: {sorted(set(wrong))}"


def test_a_word_the_learners_shell_already_has_is_left_to_it_and_said(room, tmp_path):
    bin_dir = tmp_path / "own-bin"
    bin_dir.mkdir()
    (bin_dir / "check").write_text("#!/bin/sh\necho the-learners-own-check\n")
    (bin_dir / "check").chmod(0o755)
    room.env["PATH"] = f"{bin_dir}:{room.env['PATH']}"
    learner = room("en")
    said = " ".join(ANSI.sub("", learner.seen_before_prompt).split())
    assert "In this shell, check is already a command of yours, so it stays yours: for the tutor, type periksa." \
        in said
    assert "the-learners-own-check" in learner.run("check")
    learner.run("periksa", "Expected")  # the tutor's check, under its other name


def test_shell_only_words_are_found_by_the_watch_mode_filter():
    """The filter above finds what it must (so that the watch test cannot pass by finding nothing)."""
    from tutor.i18n import t
    from tutor.live.words import said_words

    for lang in ("en", "id"):
        for key in ("session.nudge", "session.answer_now", "session.footer.do", "session.finished_exit"):
            assert SHELL_ONLY.search(t(key, lang, **said_words(lang))), (key, lang)
            assert not SHELL_ONLY.search(t(key + ".watch", lang, **said_words(lang))), (key, lang)
    assert shutil.which("bash")
