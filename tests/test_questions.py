"""Questions in a lesson: the `answer` check and the session's `answer X` word, on the real docker-push lesson
and the real check implementations (a question needs no Docker engine; the login step reads a private
Docker config)."""

from __future__ import annotations

import json

import pytest
from conftest import replace_in

from tutor.checks.context import CheckContext
from tutor.checks.run import evaluate_step
from tutor.checks.turn import Turn
from tutor.checks.verdict import Status
from tutor.lesson.catalog import find_lesson
from tutor.lesson.loader import load_lesson
from tutor.lesson.values import lesson_values
from tutor.live.events import Notice, ShowHint, ShowStep, ShowVerdicts, StepPassed
from tutor.live.session import Session
from tutor.progress import LessonProgress


@pytest.fixture
def session(tmp_path, monkeypatch, docker_client):
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "docker"))  # logged in nowhere
    (tmp_path / "docker").mkdir()
    lesson = load_lesson(find_lesson("docker-push"))
    values = lesson_values(lesson, "127.0.0.1:5000", "budi")
    ctx = CheckContext(session=True)

    def evaluate(step, record, answer):
        ctx.refresh()
        return evaluate_step(step, values, ctx, Turn(record, answer))

    yield Session(lesson, values, "en", LessonProgress("docker-push"), evaluate)
    ctx.close()


def test_a_question_step_passes_only_on_the_right_answer(session):
    assert session.progress.current == "registry"
    assert session.word("next") == [Notice("session.answer_needed")]
    assert session.word("answer") == [Notice("session.answer_usage")]
    [wrong] = session.word("answer", ("a",))
    assert isinstance(wrong, ShowHint) and wrong.category == "answer-a" and "docker tag" in wrong.markdown
    assert session.progress.current == "registry" and session.answer is None
    [why] = session.word("why")
    assert isinstance(why, ShowVerdicts)
    found = why.report.verdicts[0]
    assert found.status is Status.FAIL and found.found.text("en") == "your answer: a"  # the last try, explained
    assert "b" not in found.expected.text("en").split()  # `why` never names the right option
    passed = session.word("answer", ("B",))  # any case
    assert passed == [StepPassed("registry"), ShowStep("image")]
    assert session.word("answer", ("b",)) == [Notice("session.no_question")]


def test_the_last_hint_of_a_question_is_the_answer(session):
    hints = [session.word("hint")[0] for _ in range(3)]
    assert [h.solution for h in hints] == [False, False, True]
    assert hints[-1].answer == "b" and hints[-1].markdown == ""  # said by the UI in the learner's own words


def test_commands_and_a_question_pass_together_in_either_order(session, tmp_path):
    session.word("skip"), session.word("skip")  # past the registry and image steps
    assert session.progress.current == "login"
    # Answered first: right, but not logged in yet, so the step waits and keeps the answer.
    assert session.word("answer", ("a",)) == [Notice("session.answer_right_commands_left")]
    assert session.answer == "a"
    auth = {"auths": {"127.0.0.1:5000": {"auth": "YnVkaTpzZWNyZXQ="}}}  # budi:secret, as docker login writes
    (tmp_path / "docker" / "config.json").write_text(json.dumps(auth))
    assert session.word("check")[0] == StepPassed("login")
    # The other order: logged in first, then the tutor asks for the answer instead of staying quiet.
    session.word("back")
    assert session.progress.current == "login" and session.answer is None
    from tutor.live.record import CommandRecord

    asked = session.on_command(CommandRecord("docker login 127.0.0.1:5000 -u budi", 0, "Login Succeeded\n"))
    assert asked == [Notice("session.answer_now")]
    assert session.misses == 0  # not a miss: the commands were right
    wrong = session.word("answer", ("c",))
    assert wrong[0].category == "answer-c" and session.misses == 1
    assert session.word("answer", ("a",))[0] == StepPassed("login")


def test_outside_a_session_a_question_is_not_applicable():
    lesson = load_lesson(find_lesson("docker-push"))
    report = evaluate_step(lesson.step("registry"), lesson_values(lesson), CheckContext())
    assert [v.status for v in report.verdicts] == [Status.NOT_APPLICABLE]


def test_the_option_must_be_one_word(lesson_copy, tutor):
    replace_in(lesson_copy / "lesson.yaml", "      - answer: {correct: b}", '      - answer: {correct: "b c"}')
    result = tutor("validate", str(lesson_copy))
    assert result.exit_code == 1
    assert "argument 'correct' of check 'answer' must be one word: the learner types it after answer" in result.stdout


@pytest.mark.parametrize(("lang", "words"), [("en", "makes a new one"), ("id", "membuat password baru")])
def test_a_lost_practice_password_has_a_way_out_in_the_login_hints(lang, words):
    lesson = load_lesson(find_lesson("docker-push"))
    login = lesson.texts[lang].steps["login"]
    for text in (login.hints[-1], login.named_hints["wrong-password"]):
        assert "tutor practice add-user {{ user }}" in text and words in " ".join(text.split())
