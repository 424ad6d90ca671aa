"""`tutor reset LESSON` (without --cleanup) forgets the lesson's completion history only when the learner says
so (QA finding 11): at a terminal it asks, default no; without one it says --yes in one sentence and wipes
nothing; --yes does it. A lesson never finished has no history to lose and is reset as before."""

from __future__ import annotations

import os
import sys

import pexpect
import pytest

from tutor import progress
from tutor.progress import Completion, LessonProgress


@pytest.fixture
def finished_twice(tutor):
    """The `tutor` fixture sets TUTOR_HOME; a learner who finished docker-push twice and started again."""
    progress.save(LessonProgress("docker-push", current="tag", registry="127.0.0.1:5000", user="budi",
                                 completions=(Completion(1.0, 60.0, 0, 8), Completion(2.0, 50.0, 1, 8))))
    return tutor


@pytest.mark.parametrize(("lang", "sentence"), [
    ("en", "Resetting docker-push forgets that you finished it 2 times: run `tutor reset docker-push --yes`"),
    ("id", "Mengatur ulang docker-push menghapus catatan bahwa Anda sudah menyelesaikannya 2 kali: jalankan "
           "`tutor reset docker-push --yes`"),
])
def test_without_a_terminal_it_says_yes_in_one_sentence_and_wipes_nothing(finished_twice, lang, sentence):
    before = progress.load("docker-push")
    result = finished_twice("reset", "docker-push", "--lang", lang)
    assert result.exit_code == 1
    assert " ".join(result.stderr.split()).startswith(f"✗ {sentence}"), result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2 and "Traceback" not in result.stderr  # one sentence, wrapped
    assert progress.load("docker-push") == before


def test_yes_forgets_the_history(finished_twice):
    result = finished_twice("reset", "docker-push", "--yes")
    assert result.exit_code == 0 and "Progress of docker-push cleared." in result.stdout
    assert progress.load("docker-push") is None


def test_a_lesson_never_finished_is_reset_without_asking(tutor):
    progress.save(LessonProgress("docker-push", current="tag"))
    result = tutor("reset", "docker-push")
    assert result.exit_code == 0 and progress.load("docker-push") is None


@pytest.mark.slow  # the tutor in a fresh process under a real PTY
@pytest.mark.parametrize(("answer", "kept"), [("n", True), ("", True), ("y", False)])
def test_at_a_terminal_it_asks(finished_twice, answer, kept):
    child = pexpect.spawn(sys.executable, ["-m", "tutor", "reset", "docker-push"], env={**os.environ},
                          encoding="utf-8", timeout=60)
    try:
        child.expect("You finished docker-push 2 times")
        child.expect(r"\[y/N\]")
        child.sendline(answer)
        child.expect(pexpect.EOF)
        said = " ".join(child.before.split())
    finally:
        child.close()
    assert (progress.load("docker-push") is not None) is kept
    assert child.exitstatus == (1 if kept else 0)
    assert ("Progress of docker-push cleared." in said) is not kept and ("Nothing removed." in said) is kept, said


@pytest.mark.parametrize(("lang", "line"), [
    ("en", "- the record that you finished docker-push 2 times"),
    ("id", "- catatan bahwa Anda sudah menyelesaikan docker-push 2 kali"),
])
def test_cleanup_names_the_finished_attempts_in_the_plan_confirmed(finished_twice, docker_client, docker_config,
                                                                   lang, line):
    """Review finding: `tutor reset LESSON --cleanup` forgot the finished attempts with the progress, and the plan
    the learner confirms said only "the progress of docker-push". The plan names them, so what is confirmed is
    what goes: shown when the learner says no (nothing forgotten), and when --yes forgets them."""
    before = progress.load("docker-push")
    declined = finished_twice("reset", "docker-push", "--cleanup", "--lang", lang, input="n\n")
    assert declined.exit_code == 1 and line in declined.stdout, declined.stdout + declined.stderr
    assert progress.load("docker-push") == before
    done = finished_twice("reset", "docker-push", "--cleanup", "--yes", "--lang", lang)
    assert done.exit_code == 0 and line in done.stdout, done.stdout + done.stderr
    assert progress.load("docker-push") is None


def test_cleanup_of_a_lesson_never_finished_names_no_finished_attempts(tutor, docker_client, docker_config):
    progress.save(LessonProgress("docker-push", current="tag"))
    declined = tutor("reset", "docker-push", "--cleanup", input="n\n")
    assert declined.exit_code == 1 and "- the progress of docker-push" in declined.stdout, declined.stdout
    assert "finished" not in declined.stdout
