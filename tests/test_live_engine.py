"""The live lesson's rules, fed scripted commands: nudge after repeated misses, a triggered hint against the
progressive ones, hints then the solution, skip and back, answers, the language switch, "not quite", the end.

The lesson here (tests/lessons/rules) checks only what the learner did (command, output, exit code, answer),
with the real check implementations: no Docker engine is asked anything, so these run in a blink. The same
rules against the real engine and registry are in test_not_quite.py, test_questions.py and the e2e tests;
the headless driver at the end plays lessons in a real shell, exactly as `tutor start` would."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import REPO, line_of

from tutor import progress
from tutor.checks.context import CheckContext
from tutor.checks.differences import Produced
from tutor.checks.run import evaluate_step
from tutor.checks.turn import Turn
from tutor.checks.verdict import Message, Status, StepReport, Verdict
from tutor.lesson.loader import load_lesson
from tutor.lesson.values import lesson_values
from tutor.live.engine import LiveEngine
from tutor.live.events import (
    Failure,
    Finished,
    InstructorSaid,
    LanguageChanged,
    Notice,
    Nudge,
    Opening,
    ShowHint,
    ShowNotQuite,
    ShowStep,
    ShowSteps,
    StepPassed,
    WordsTaken,
)
from tutor.live.record import CommandRecord
from tutor.live.session import NUDGE_AFTER, Session
from tutor.progress import LessonProgress

RULES = REPO / "tests" / "lessons" / "rules"


@pytest.fixture(scope="module")
def lesson():
    return load_lesson(RULES)


def ran(command: str, code: int = 0, output: str = "") -> CommandRecord:
    return CommandRecord(command, code, output)


def session_of(lesson, lang: str = "en", evaluate=None, produced=Produced, current: str | None = None) -> Session:
    """The pure session, with the real checks judging what the learner did (no check here asks Docker)."""
    values = lesson_values(lesson)
    ctx = CheckContext(live=True)

    def judged(step, record, answer):
        return evaluate_step(step, values, ctx, Turn(record, answer))

    return Session(lesson, values, lang, LessonProgress(lesson.id, current=current), evaluate or judged,
                   produced=produced)


def test_a_trigger_may_name_a_hint_written_under_another_step(tmp_path):
    """The lesson reader lets a trigger name any step's hint; the session looked only in the trigger's own step
    and the common hints, so such a trigger never answered (docker-push's push step fell through to the tag
    step's trigger of the same hint, and the lesson tests, counting by event, found its own never fired)."""
    copy = tmp_path / "rules"
    shutil.copytree(RULES, copy)
    manifest = copy / "lesson.yaml"
    text = manifest.read_text()
    manifest.write_text(text.replace("      - command_ran: {pattern: '^true$'}\n",
                                     "      - command_ran: {pattern: '^true$'}\n    triggers:\n"
                                     "      - output: \"read-only file system\"\n        hint: denied\n"))
    session = session_of(load_lesson(copy), current="finish")
    said = session.on_command(ran("touch /x", 1, "touch: cannot touch '/x': Read-only file system"))
    assert said == [ShowHint("Someone took your permission away.", category="denied",
                             trigger=line_of(manifest, '"read-only file system"'))]


def test_the_solution_of_each_step_is_what_hint_ends_with():
    """What --demo types, the headless driver plays and the lesson tests play: one answer, from the session."""
    session = session_of(load_lesson(RULES))
    solutions = []
    while session.step is not None:
        solutions.append(session.solution())
        session.word("skip")
    assert solutions == [["echo hello"], ["next"], ["answer b"], ["true"]]
    assert session.solution() == []


# --- commands ---------------------------------------------------------------------------------------------------
def test_a_right_command_passes_the_step_and_shows_the_next(lesson):
    session = session_of(lesson)
    assert session.on_command(ran("echo hello")) == [StepPassed("greet"), ShowStep("read")]
    assert session.progress.done == ("greet",) and session.progress.current == "read"


def test_a_failing_command_is_not_enough_when_the_exit_code_is_checked(lesson):
    session = session_of(lesson)
    assert session.on_command(ran("echo hello", code=1)) == []
    assert session.progress.current == "greet"


def test_a_nudge_comes_once_after_repeated_misses(lesson):
    session = session_of(lesson)
    said = [session.on_command(ran(f"ls {n}")) for n in range(NUDGE_AFTER + 2)]
    assert said == [[]] * (NUDGE_AFTER - 1) + [[Nudge()]] + [[]] * 2


def test_a_triggered_hint_comes_at_once_the_steps_own_first(lesson):
    session = session_of(lesson)
    [own] = session.on_command(ran("./greet.sh", 126, "bash: ./greet.sh: Permission denied"))
    manifest = RULES / "lesson.yaml"
    # The event names the trigger that chose it (the lesson tests count triggers by it).
    assert own == ShowHint("Someone took your permission away.", category="denied",
                           trigger=line_of(manifest, '"permission denied"'))
    [common] = session.on_command(ran("ech hello", 127, "bash: ech: command not found"))
    assert common == ShowHint("Check the spelling.", category="not-found",  # the lesson's own, for every step
                              trigger=line_of(manifest, '"command not found"'))
    # Misses answered by a triggered hint need no nudge: the learner was told what went wrong.
    assert session.on_command(ran("ech hello", 127, "bash: ech: command not found"))[-1] != Nudge()


def test_progressive_hints_then_the_solution(lesson):
    session = session_of(lesson)
    first, second, solution = (session.word("hint")[0] for _ in range(3))
    assert (first.number, first.total, first.markdown) == (1, 2, "The command is `echo`.")
    assert (second.number, second.markdown) == (2, "Say `hello`.")  # the learner's values filled in
    assert solution.solution and solution.markdown == "```bash\necho hello\n```"
    assert session.progress.hints_used == 3


def test_the_solution_of_a_question_is_its_answer(lesson):
    session = session_of(lesson, current="choose")
    hint, solution = session.word("hint")[0], session.word("hint")[0]
    assert hint.number == 1 and solution.solution and solution.answer == "b" and solution.markdown == ""


# --- words ------------------------------------------------------------------------------------------------------
def test_skip_and_back(lesson):
    session = session_of(lesson)
    assert session.word("skip") == [ShowStep("read")]  # skipped: not done
    assert session.progress.done == ()
    assert session.word("back") == [ShowStep("greet")]
    assert session.word("back") == [ShowStep("greet")]  # the first step has nothing before it


def test_next_passes_a_reading_step_only(lesson):
    session = session_of(lesson)
    assert session.word("next") == [Notice("session.next_needs_checks")]
    session.word("skip")
    assert session.word("next") == [StepPassed("read"), ShowStep("choose")]
    assert session.word("next") == [Notice("session.answer_needed")]


def test_answers(lesson):
    session = session_of(lesson, current="choose")
    assert session.word("answer") == [Notice("session.answer_usage")]
    assert session.word("answer", ("a",)) == [ShowHint("The first one is wrong.", category="answer-a")]
    assert session.word("answer", ("c",)) == [Notice("session.answer_wrong", {"answer": "c"})]
    assert session.word("answer", ("B",)) == [StepPassed("choose"), ShowStep("finish")]
    assert session.word("answer", ("b",)) == [Notice("session.no_question")]


def test_the_language_switch(lesson):
    session = session_of(lesson)
    assert session.word("lang", ("id",)) == [LanguageChanged("id"), ShowStep("greet")]
    assert session.word("hint")[0].markdown == "Perintahnya `echo`."
    [common] = session.on_command(ran("ech hello", 127, "bash: ech: command not found"))
    assert common.markdown == "Periksa ejaannya."
    assert session.word("lang", ("fr",)) == [Notice("session.lang_usage")]
    assert session.lang == "id"


def test_steps_and_the_end(lesson):
    session = session_of(lesson)
    session.on_command(ran("echo hello"))
    [steps] = session.word("steps")
    assert isinstance(steps, ShowSteps) and steps.standing.done == ("greet",) and steps.standing.current == "read"
    session.word("next"), session.word("answer", ("b",))
    passed, end = session.on_command(ran("true"))
    assert passed == StepPassed("finish") and isinstance(end, Finished)
    assert end.standing.done == ("greet", "read", "choose", "finish") and end.standing.current is None
    assert session.progress.finished and len(session.progress.completions) == 1
    [again] = session.word("hint")  # after the end, every word says so
    assert isinstance(again, Finished) and again.standing.done == end.standing.done


def test_a_name_close_to_the_expected_one_is_not_quite(lesson):
    """The rule alone, on a scripted state: the step's image check failing for budi's name (as
    image_exists reports it when the image is missing) while the command made siti's. Against the real
    engine: test_not_quite.py."""
    expected = "127.0.0.1:5000/budi/app"
    failing = StepReport("greet", (Verdict("image_exists", {"ref": expected}, Status.FAIL,
                                           Message("check.image_exists.expected", {"ref": expected}),
                                           Message("check.found.no_image", {"ref": f"{expected}:latest"})),))
    made = Produced(frozenset({"127.0.0.1:5000/siti/app:latest"}), present=frozenset({"app:latest"}))
    session = session_of(lesson, evaluate=lambda step, record, answer: failing, produced=lambda: made)
    [finding] = session.on_command(ran("docker tag app 127.0.0.1:5000/siti/app"))
    assert isinstance(finding, ShowNotQuite)
    assert (finding.finding.made, finding.finding.expected) == ("127.0.0.1:5000/siti/app:latest",
                                                                 "127.0.0.1:5000/budi/app:latest")
    assert [d.key for d in finding.finding.differences] == ["check.diff.other_user"]
    assert not any(isinstance(event, ShowNotQuite)
                   for event in session_of(lesson, evaluate=lambda s, r, a: failing).on_command(ran("ls")))


# --- the engine around the session -------------------------------------------------------------------------------
class Subscriber:
    """A subscriber of the engine's own interface (what the classroom's reporter is), recording what it is
    told and bringing one instructor message."""

    def __init__(self) -> None:
        self.events: list[tuple[object, str | None]] = []
        self.closed = False
        self.messages = ["Break: 10 minutes"]

    def seen(self, event, current) -> None:
        self.events.append((event, current))

    def news(self) -> list[object]:
        said, self.messages = [InstructorSaid(text) for text in self.messages], []
        return said

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def engine_of(lesson, **options) -> LiveEngine:
    return LiveEngine(lesson, "en", lesson_values(lesson), "127.0.0.1:5000", "budi", **options)


def test_the_engine_saves_progress_and_tells_its_subscribers(lesson, home):
    subscriber = Subscriber()
    engine = engine_of(lesson, subscribers=[subscriber])
    opening = engine.opening()
    assert isinstance(opening, Opening) and opening.current == "greet" and not opening.resumed
    events = engine.command(ran("echo hello"))
    assert events[:2] == [StepPassed("greet"), ShowStep("read")]
    assert [e.text for e in events[2:]] == ["Break: 10 minutes"]  # the subscriber's news, after the events
    assert [(type(event).__name__, current) for event, current in subscriber.events] == [
        ("Opening", "greet"), ("StepPassed", "read"), ("ShowStep", "read")]
    assert progress.load(lesson.id).done == ("greet",)
    engine.close()
    assert subscriber.closed
    again = engine_of(lesson)
    assert again.opening().resumed and again.session.progress.current == "read"  # where the learner left
    again.close()


def test_a_failure_is_one_event_and_the_lesson_goes_on(lesson, home, monkeypatch):
    engine = engine_of(lesson)
    engine.opening()
    monkeypatch.setenv("TUTOR_HOME", "/proc/tutor-home")  # progress can no longer be saved (even by root)
    [failed] = engine.command(ran("echo hello"))
    assert isinstance(failed, Failure) and failed.key == "error.internal"
    monkeypatch.setenv("TUTOR_HOME", str(home))
    assert engine.word("back")[0] == ShowStep("greet")  # still there
    engine.close()


def test_words_the_shell_keeps_are_said_and_typed_in_another_spelling(lesson, home):
    engine = engine_of(lesson)
    assert engine.words_taken(("answer", "lang", "bahasa")) == [
        WordsTaken(("answer", "lang", "bahasa")),
        Notice("session.word_taken", {"word": "answer", "other": "jawab"}),
        Notice("session.word_unavailable", {"word": "lang"}),  # both spellings are the shell's
        Notice("session.word_unavailable", {"word": "bahasa"})]
    assert engine.typed("answer b") == "jawab b" and engine.typed("hint") == "hint"
    engine.close()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_what_the_tutor_says_to_type_avoids_the_words_the_shell_keeps(home, lang):
    """QA finding 10: with `hint` and `check` the learner's own commands, the footer, the nudge and the help
    line still said `hint` and `check`; with both spellings of check taken, `tutor check LESSON` still works."""
    from tutor.environment import Environment
    from tutor.lesson.loader import load_named
    from tutor.ui.live import LiveView

    lesson = load_named("docker-push")
    engine = LiveEngine(lesson, lang, lesson_values(lesson), "127.0.0.1:5000", "budi")
    view = LiveView(Environment(lang))
    try:
        view.opening(engine.opening())
        taken = engine.words_taken(("hint", "check", "periksa", "jawab"))
        said = " ".join(view.events(taken).split())
        assert "type tutor check docker-push" in said or "ketik tutor check docker-push" in said
        shown = " ".join(view.events([ShowStep("tag"), Nudge(), Notice("session.next_needs_checks"),
                                      Notice("session.answer_needed")]).split())
        stuck = "Stuck?" if lang == "en" else "Bingung?"
        assert f"{stuck} petunjuk" in shown and f"{stuck} Type petunjuk" in shown.replace("Ketik", "Type")
        assert "tutor check docker-push" in shown and "answer a" in shown  # jawab is the shell's: answer
        for said_before in ("Stuck? hint", "Type hint", "type check", "ketik periksa", "ketik jawab"):
            assert said_before not in shown
    finally:
        engine.close()



def test_what_the_learner_typed_is_shown_as_text_never_as_markup(home):
    """`answer [/]` and an error's own words holding brackets: shown as typed, not a MarkupError."""
    from tutor.environment import Environment
    from tutor.lesson.loader import load_named
    from tutor.ui.live import LiveView

    view = LiveView(Environment("en"))
    view.lesson = load_named("docker-push")
    said = view.events([Notice("session.answer_wrong", {"answer": "[/]"}),
                        Failure("error.internal", {"error": "x [/] y"})])
    assert "[/]" in said and "x [/] y" in said


def test_check_and_why_read_a_login_made_elsewhere(home, tmp_path, monkeypatch, docker_client):
    """`check` is judged again now: a login made in another terminal (or by Docker Desktop) counts. The words
    used to judge the config.json read at the last command."""
    import base64
    import json

    from tutor.lesson.loader import load_named

    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "docker"))
    (tmp_path / "docker").mkdir()
    lesson = load_named("docker-push")
    progress.save(LessonProgress(lesson.id, current="login", registry="127.0.0.1:5000", user="budi"))
    engine = LiveEngine(lesson, "en", lesson_values(lesson, "127.0.0.1:5000", "budi"), "127.0.0.1:5000", "budi")
    try:
        engine.opening()
        assert StepPassed("login") not in engine.word("answer", ("a",))  # not logged in yet
        auth = base64.b64encode(b"budi:pw").decode()
        (tmp_path / "docker" / "config.json").write_text(json.dumps({"auths": {"127.0.0.1:5000": {"auth": auth}}}))
        assert StepPassed("login") in engine.word("check")
    finally:
        engine.close()

def test_watch_mode_sees_no_commands_but_takes_answers(lesson, home):
    engine = engine_of(lesson, watch=True)
    engine.session.progress = replace(engine.session.progress, current="choose")
    assert engine.state_changed() == [Notice("session.answer_now")]  # nothing to do but answer
    assert engine.word("answer", ("b",)) == [StepPassed("choose"), ShowStep("finish")]
    report = engine.evaluate_now()
    assert [v.status for v in report.verdicts] == [Status.NOT_APPLICABLE]  # a command check, in --watch
    engine.close()


def test_watch_mode_says_a_step_judged_by_output_passes_on_next(lesson, home):
    """greet is judged by the command and its exit code, which --watch never sees: it says so (the key to press
    is the view's) and `next` passes it, where a shell's `next` still waits for the checks."""
    engine = engine_of(lesson, watch=True)
    assert engine.state_changed() == [Notice("session.done_on_request")]
    assert engine.word("next") == [StepPassed("greet"), ShowStep("read")]
    engine.close()
    home_engine = engine_of(lesson)
    home_engine.session.restart_step("greet")
    assert home_engine.word("next") == [Notice("session.next_needs_checks")]
    home_engine.close()


# --- the headless driver: the real shell, the real marks -----------------------------------------------------
@pytest.fixture
def shell_home(home, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))  # no rc file of the machine's own
    monkeypatch.setenv("TUTOR_SHELL", "bash")
    return home


def test_the_headless_driver_plays_a_lesson_in_the_learners_shell(lesson, shell_home):
    from tutor.live.headless import Headless

    engine = engine_of(lesson)
    engine.opening()
    player = Headless(engine)
    try:
        wrong = player.play(["ech hello", "hint"])
        assert wrong[0].prompt.command.exit_code == 127 and "command not found" in wrong[0].prompt.command.output
        assert wrong[0].events == (ShowHint("Check the spelling.", category="not-found",
                                            trigger=line_of(RULES / "lesson.yaml", '"command not found"')),)
        assert wrong[1].prompt.word.name == "hint" and wrong[1].events[0].number == 1
        solved = player.solve()
    finally:
        player.close()
        engine.close()
    assert [played.typed for played in solved] == ["echo hello", "next", "answer b", "true"]
    assert isinstance(solved[-1].events[-1], Finished)
    assert progress.load(lesson.id).finished


def test_the_headless_driver_types_a_word_the_shell_keeps_in_another_spelling(lesson, shell_home, tmp_path):
    from tutor.live.headless import Headless

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "answer").write_text("#!/bin/sh\necho mine\n")
    (bin_dir / "answer").chmod(0o755)
    engine = engine_of(lesson)
    engine.session.progress = replace(engine.session.progress, current="choose")
    player = Headless(engine, shell_env={"PATH": f"{bin_dir}:{Path(shutil.which('bash')).parent}:/usr/bin:/bin"})
    try:
        assert Notice("session.word_taken", {"word": "answer", "other": "jawab"}) in player.opened
        [played] = player.play(["answer b"])
    finally:
        player.close()
        engine.close()
    assert played.events[0] == StepPassed("choose")  # typed as `jawab b`


# --- a shipped lesson, played headlessly against the real engine and the practice registry ---------------------
def _renamed_copy(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """docker-push with every step id, its id and its image renamed: no code may know any of them."""
    import re

    from tutor.lesson.catalog import bundled_root

    target = tmp_path / "renamed"
    shutil.copytree(bundled_root() / "docker-push", target)
    manifest = (target / "lesson.yaml").read_text()
    steps = re.findall(r"^  - id: (\S+)$", manifest, re.MULTILINE)
    names = {step: f"part{number}" for number, step in enumerate(steps, start=1)}
    manifest = re.sub(r"^  - id: (\S+)$", lambda m: f"  - id: {names[m.group(1)]}", manifest, flags=re.MULTILINE)
    journey = manifest.index("journey:")
    end = manifest.index("\n\n", journey)
    manifest = manifest[:journey] + re.sub(r"^  - ([\w-]+):", lambda m: f"  - {names[m.group(1)]}:",
                                           manifest[journey:end], flags=re.MULTILINE) + manifest[end:]
    manifest = manifest.replace("id: docker-push", "id: tutortest-renamed")
    manifest = manifest.replace("  image: fastapi-app", "  image: tutortest-renamed-app")
    (target / "lesson.yaml").write_text(manifest)
    for lang in ("id", "en"):
        text = (target / f"{lang}.md").read_text()
        renamed = re.sub(r"\{#([\w-]+)\}", lambda m: "{#" + names.get(m.group(1), m.group(1)) + "}", text)
        (target / f"{lang}.md").write_text(renamed)
    return target, names


@pytest.mark.parametrize("renamed", [False, True], ids=["docker-push", "renamed"])
def test_a_shipped_lesson_plays_to_the_end_headlessly(renamed, practice, docker_config, app_image, tmp_path,
                                                     monkeypatch):
    """What `tutor start` runs, played by its solution: the engine, the checks, the learner's shell, the real
    registry. Renamed (every step, the lesson and its image), it plays the same: no code knows them."""
    from tutor.app.start import prepare
    from tutor.docker.engine import DockerEnv
    from tutor.environment import Environment
    from tutor.lesson.catalog import bundled_root
    from tutor.live.headless import Headless
    from tutor.ui.live import LiveView, journey_view

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("TUTOR_SHELL", "bash")
    directory = _renamed_copy(tmp_path)[0] if renamed else bundled_root() / "docker-push"
    lesson = load_lesson(directory)
    prepared = prepare(DockerEnv(), lesson, None, "budi", demo=False)
    image = lesson.practice_image.name
    assert DockerEnv().image(f"{image}:latest") is not None  # made by the tutor, under the lesson's own name
    engine = LiveEngine(lesson, "en", prepared.values, prepared.registry, prepared.user, password=prepared.password)
    view = LiveView(Environment("en"))
    view.opening(engine.opening())
    player = Headless(engine)
    try:
        played = player.solve()
    finally:
        player.close()
        engine.close()
        from realdocker import docker_cli

        docker_cli("rmi", f"{prepared.registry}/budi/{image}")
        if renamed:
            docker_cli("rmi", f"{image}:latest")
    end = played[-1].events[-1]
    assert isinstance(end, Finished), [(p.typed, p.events) for p in played]
    assert end.standing.done == lesson.step_ids and end.standing.digest.startswith("sha256:")
    parts = journey_view(lesson, prepared.values, end.standing.done)
    assert {span.style for span in parts.spans} == {"bold green"}  # every part of the picture lit
    card = " ".join(view.events([end]).split())
    assert f"{prepared.registry}/budi/{image}:latest" in card and end.standing.digest in card


def test_the_time_is_fixed_when_the_lesson_is_finished(lesson, monkeypatch):
    """QA finding 16: the summary's Time grew each time it was shown after finishing (`steps` at the end).
    The clock is the session's own `time.monotonic`, moved forward here rather than waited for."""
    import tutor.live.session as session_module

    now = [1000.0]
    monkeypatch.setattr(session_module.time, "monotonic", lambda: now[0])
    session = session_of(lesson, current="finish")
    now[0] += 42
    events = session.on_command(ran("true"))
    assert isinstance(events[-1], Finished) and round(events[-1].standing.seconds) == 42
    now[0] += 600  # the learner looks at `steps` ten minutes later
    assert round(session.standing().seconds) == 42
    [shown] = session.word("steps")
    assert round(shown.standing.seconds) == 42
