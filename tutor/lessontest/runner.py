"""Plays a lesson's tests in one language, through what `tutor start` runs: its preflight (app/start.py:
practice registry, account, practice image), the live engine (the same Session, checks, triggers, diagnoses
and "not quite") and the headless driver typing into the learner's real shell. It asserts:

1. on a fresh state the first step is the current one and nothing is done; no step passes before its
   solution (a harmless command at each step's start must not pass it);
2. after each step's solution its checks pass and the next step begins;
3. each mistake gets exactly its expected answer, whose text exists in every language of the lesson;
4. after the whole lesson `tutor check` passes, and after the tests' `final` break it fails.

(5, the engine left as found, is the caller's: it spans every language, app/lessontest.py.)
Each mistake starts from its step's start state: the local names and the Docker config are put back, and the
step restarts (hints, misses, answer forgotten)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tutor.app.check import run_checks
from tutor.app.start import prepare
from tutor.checks.verdict import Status
from tutor.docker.engine import DockerEnv
from tutor.lesson.model import Lesson, Step
from tutor.lesson.questions import question_options
from tutor.lesson.template import fill
from tutor.lessontest import sandbox
from tutor.lessontest.spec import Action, Expect, LessonTests, Mistake
from tutor.live.engine import LiveEngine
from tutor.live.events import Failure, Finished, Notice, ShowHint, ShowNotQuite, ShowStep, StepPassed
from tutor.live.headless import Headless, Played
from tutor.live.hints import named_hint

NEUTRAL = "true"  # typed at each step's start: a command that does nothing must not pass a step
USER = "budi"  # the practice account the tests play as


@dataclass(frozen=True)
class Failed:
    """One assertion that did not hold, where its cause is written."""

    path: str
    line: int
    key: str  # a `lessontest.` message
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Exercised:
    """What the mistakes made the tutor do (the coverage report compares it with what the lesson declares)."""

    hints: set[str] = field(default_factory=set)  # hint names shown as the expected answer
    triggers: set[int] = field(default_factory=set)  # lesson.yaml lines of triggers that fired and were expected
    answers: set[tuple[str, str]] = field(default_factory=set)  # (step, wrong option) answered
    kinds: set[str] = field(default_factory=set)  # check kinds that kept a step from passing on a mistake
    network: dict[str, str] = field(default_factory=dict)  # hint name -> why its mistake cannot be played here


def together(runs: Iterable[Exercised]) -> Exercised:
    """What several runs exercised (one language's runs on each platform): the coverage counts them as one."""
    found = Exercised()
    for each in runs:
        found.hints |= each.hints
        found.triggers |= each.triggers
        found.answers |= each.answers
        found.kinds |= each.kinds
        found.network.update(each.network)
    return found


@dataclass
class LanguageRun:
    lang: str
    platform: str | None = None  # the platform whose steps were played (a lesson with `only:`), else None
    failures: list[Failed] = field(default_factory=list)
    exercised: Exercised = field(default_factory=Exercised)
    mistakes: int = 0
    steps_passed: int = 0
    steps: int = 0  # the steps of the lesson as played (its platform's)

    @property
    def label(self) -> str:
        """The language, and the platform when the lesson has steps for some platforms only: `en`, `en/macos`."""
        return f"{self.lang}/{self.platform}" if self.platform else self.lang


class _Play:
    def __init__(self, lesson: Lesson, tests: LessonTests, lang: str, docker: DockerEnv,
                 place: sandbox.Place) -> None:
        self.lesson, self.tests, self.lang, self.docker, self.place = lesson, tests, lang, docker, place
        self.run = LanguageRun(lang, lesson.platform, steps=len(lesson.steps))
        prepared = prepare(docker, lesson, None, USER, demo=False)
        self.password = prepared.password or ""
        self.values = {**prepared.values, "port": str(place.port)}
        self.engine = LiveEngine(lesson, lang, prepared.values, prepared.registry, prepared.user,
                                 password=prepared.password)
        self.engine.opening()
        self.player = Headless(self.engine, shell_env=place.env)
        self.manifest = str(lesson.directory / "lesson.yaml")
        self.server: sandbox.PlainHttpServer | None = None

    def fail(self, path: str, line: int, key: str, **values: object) -> None:
        self.run.failures.append(Failed(path, line, key, {k: str(v) for k, v in values.items()}))

    def filled(self, command: str) -> str:
        return fill(command, {**self.values, "password": self.password})

    def act(self, actions: tuple[Action, ...]) -> bool:
        for action in actions:
            if action.image:
                sandbox.make_image(self.docker, self.filled(action.image))
            elif action.registry_stopped:
                sandbox.stop_registry()
            elif action.plain_http:
                self.server = sandbox.PlainHttpServer()
                self.values["server"] = self.server.address
            elif action.shell:
                done = sandbox.run_shell(self.filled(action.shell), self.place)
                if done.code != 0:
                    said = done.output.strip()
                    if self.password:
                        said = said.replace(self.password, "***")
                    if done.timed_out:
                        self.fail(self.tests.path, action.line, "lessontest.setup_timed_out",
                                  seconds=sandbox.SHELL_SECONDS, output=said[-300:])
                    else:
                        self.fail(self.tests.path, action.line, "lessontest.setup_failed", code=done.code,
                                  output=said[-300:])
                    return False
        return True

    # --- the whole lesson ---------------------------------------------------------------------------------------
    def play(self) -> LanguageRun:
        session = self.engine.session
        first = self.lesson.steps[0]
        if session.progress.current != first.id or session.progress.done:
            self.fail(self.manifest, first.line, "lessontest.first_step_done", step=first.id)
            return self.run
        if not self.act(self.tests.setup):
            return self.run
        for step in self.lesson.steps:
            if session.progress.current != step.id:
                self.fail(self.manifest, step.line, "lessontest.step_not_begun", step=step.id,
                          current=session.progress.current or "-")
                return self.run
            if not self.step(step):
                return self.run
            self.run.steps_passed += 1
        self.final()
        return self.run

    def step(self, step: Step) -> bool:
        start = sandbox.keep_step_state(self.docker, self.place)
        if step.checks and not self.no_free_pass(step, start):
            return False
        for mistake in self.tests.of(step.id).mistakes:
            if not mistake.for_platform(self.lesson.platform):
                continue  # another platform's mistake (its helper, its vault): played in that platform's run
            if mistake.needs_network:
                if mistake.expect.hint:
                    self.run.exercised.network[mistake.expect.hint] = mistake.needs_network
                continue
            self.mistake(step, mistake)
            self.run.mistakes += 1
            sandbox.back_to(self.docker, self.place, start)
            self.engine.restart_step(step.id)
        return self.solve(step)

    def no_free_pass(self, step: Step, start: sandbox.StepState) -> bool:
        [played] = self.player.play([NEUTRAL])
        if any(isinstance(event, StepPassed) for event in played.events):
            self.fail(self.manifest, step.line, "lessontest.free_pass", step=step.id, command=NEUTRAL)
            return False
        sandbox.back_to(self.docker, self.place, start)
        self.engine.restart_step(step.id)
        return True

    def solve(self, step: Step) -> bool:
        given = self.tests.of(step.id).solution
        played = self.player.solve_step([self.filled(command) for command in given] if given is not None else None)
        events = [event for line in played for event in line.events]
        following = self.engine.session.progress.current
        passed = any(isinstance(e, StepPassed) and e.step_id == step.id for e in events)
        began = any(isinstance(e, (ShowStep, Finished)) for e in events)
        if not passed or not began or following == step.id:
            report = self.engine.evaluate_now()
            failing = [f"{v.kind}: {v.found.text(self.lang)}" for v in report.verdicts if v.status is Status.FAIL]
            line = self.tests.of(step.id).line or step.line
            path = self.tests.path if self.tests.of(step.id).line else self.manifest
            self.fail(path, line, "lessontest.solution_failed", step=step.id,
                      found="; ".join(failing) or _said(events))
            return False
        return True

    # --- one mistake --------------------------------------------------------------------------------------------
    def mistake(self, step: Step, mistake: Mistake) -> None:
        path, line = self.tests.path, mistake.line
        if not self.act(mistake.setup):
            self._registry_back(mistake)
            return
        self.player.password = self.filled(mistake.password) if mistake.password else None
        try:
            played = self.player.play([self.filled(command) for command in mistake.typed])
        finally:
            self.player.password = None
            self._registry_back(mistake)
        for line_played in played:
            if any(isinstance(event, StepPassed) for event in line_played.events):
                self.fail(path, line, "lessontest.mistake_passed", name=mistake.name, step=step.id)
                return
        report = self.engine.session.last_report
        if report is not None:
            self.run.exercised.kinds |= {v.kind for v in report.verdicts if v.status is Status.FAIL}
        last = played[-1]
        problem = _judged(mistake.expect, last.events)
        if problem:
            self.fail(path, line, "lessontest.wrong_answer_by_tutor", name=mistake.name, expected=_wanted(
                mistake.expect), said=problem)
            return
        self.exercised(mistake, last)
        word, _, option = mistake.typed[-1].strip().partition(" ")
        if word in ("answer", "jawab") and option and (mistake.expect.wrong_answer or mistake.expect.hint):
            self.run.exercised.answers.add((step.id, option.strip().lower()))

    def _registry_back(self, mistake: Mistake) -> None:
        if any(action.registry_stopped for action in mistake.setup):
            sandbox.start_registry(self.place.port)
        if self.server is not None:
            self.server.close()
            self.server = None

    def exercised(self, mistake: Mistake, last: Played) -> None:
        hint = mistake.expect.hint
        if not hint:
            return
        missing = [lang for lang, text in self.lesson.texts.items() if not (named_hint(text, hint) or "").strip()]
        for lang in missing:
            self.fail(self.tests.path, mistake.line, "lessontest.hint_missing", name=hint,
                      file=f"{lang}.md")
        if missing:
            return
        self.run.exercised.hints.add(hint)
        # The trigger that chose the hint, as the session says (its diagnosis included), never guessed here.
        self.run.exercised.triggers |= {event.trigger for event in last.events
                                        if isinstance(event, ShowHint) and event.trigger is not None}

    # --- after the whole lesson -------------------------------------------------------------------------------
    def final(self) -> None:
        checked = run_checks(self.lesson)
        if not checked.ok:
            failing = [r.step_id for r in checked.reports if r.status is Status.FAIL]
            self.fail(self.manifest, 1, "lessontest.check_fails_at_end", steps=", ".join(failing))
            return
        final = self.tests.final
        if final is None:
            return
        if not self.act(final.setup):
            return
        self.player.play([self.filled(command) for command in final.typed])
        if run_checks(self.lesson).ok:
            self.fail(self.tests.path, final.line, "lessontest.check_passes_after_break")

    def close(self) -> None:
        try:
            self.player.close()
        finally:
            self.engine.close()


def play_language(lesson: Lesson, tests: LessonTests, lang: str, docker: DockerEnv) -> LanguageRun:
    """The lesson's tests in `lang` (for the steps of `lesson.platform`, when it was selected for one: the
    tests of the other platforms' steps are not played), in a throwaway place of their own; the local names the
    run made are put away before it returns."""
    before = sandbox.EngineState.take(docker)
    try:
        with sandbox.throwaway_place() as place:
            play = _Play(lesson, tests, lang, docker, place)
            try:
                return play.play()
            finally:
                play.close()
    finally:
        sandbox.put_names_back(docker, before.names, before.images)


def wrong_options(lesson: Lesson, lang: str) -> list[tuple[Step, str]]:
    """Every wrong option of every question of the lesson (in `lang`'s text)."""
    found = []
    for step in lesson.steps:
        correct = [str(c.args["correct"]) for c in step.checks if c.kind == "answer"]
        if correct:
            body = lesson.step_text(step.id, lang)[0].body
            found += [(step, option) for option in question_options(body) if option not in correct]
    return found


def _answers(events) -> tuple[list[str], list[ShowNotQuite], list[object]]:
    hints = [e.category or "" for e in events if isinstance(e, ShowHint)]
    not_quite = [e for e in events if isinstance(e, ShowNotQuite)]
    other = [e for e in events if isinstance(e, (Failure, Notice)) and getattr(e, "key", "") != "session.answer_now"]
    return hints, not_quite, other


def _judged(expect: Expect, events: tuple[object, ...]) -> str | None:
    """None when `events` are exactly the expected answer; else what the tutor said instead."""
    hints, not_quite, other = _answers(events)
    if expect.wrong_answer:
        ok = not hints and not not_quite and [getattr(e, "key", "") for e in other] == ["session.answer_wrong"]
        return None if ok else _said(events)
    if other:
        return _said(events)
    if hints != ([expect.hint] if expect.hint else []):
        return _said(events)
    if (expect.not_quite is None) != (not not_quite):
        return _said(events)
    if expect.not_quite:
        made = [d.key.split(".", 2)[2] for d in not_quite[0].finding.differences]
        if sorted(made) != sorted(expect.not_quite):
            return _said(events)
    return None


def _wanted(expect: Expect) -> str:
    if expect.wrong_answer:
        return "wrong_answer"
    parts = [f"hint {expect.hint}"] if expect.hint else []
    if expect.not_quite is not None:
        parts.append("not_quite " + (",".join(expect.not_quite) or "(any)"))
    return " + ".join(parts) or "not_yet"


def _said(events) -> str:
    """What the tutor answered, in the tests' own words: `hint NAME`, `not_quite DIFFS`, a notice or failure's
    key, `step passed`, or `nothing`."""
    said = []
    for event in events:
        if isinstance(event, ShowHint):
            said.append(f"hint {event.category or ('solution' if event.solution else event.number)}")
        elif isinstance(event, ShowNotQuite):
            said.append("not_quite " + ",".join(d.key.split(".", 2)[2] for d in event.finding.differences))
        elif isinstance(event, (Notice, Failure)):
            said.append(event.key)
        elif isinstance(event, StepPassed):
            said.append(f"step {event.step_id} passed")
    return "; ".join(said) or "nothing"
