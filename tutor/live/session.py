"""The step state machine of a live lesson: the current step, evaluating it after each command, choosing a
hint, advancing. Pure: no terminal, no rich, no Docker; what it needs of the world comes in as functions
(evaluate, diagnose, produced, save), and what happened goes out as events (tutor/live/events.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import replace

from tutor.checks.differences import Produced, not_quite
from tutor.checks.verdict import Status, StepReport
from tutor.errors import TutorError
from tutor.i18n import LANGUAGES
from tutor.lesson.model import Lesson, Step
from tutor.lesson.template import fill, fill_markdown
from tutor.live.events import (
    Finished,
    LanguageChanged,
    Notice,
    Nudge,
    ShowHint,
    ShowNotQuite,
    ShowStep,
    ShowSteps,
    ShowVerdicts,
    Standing,
    StepPassed,
)
from tutor.live.hints import named_hint
from tutor.live.record import CommandRecord
from tutor.progress import LessonProgress, finished_attempt

NUDGE_AFTER = 3  # unsuccessful commands in one step before reminding that `hint` exists


Evaluate = Callable[[Step, CommandRecord | None, "str | None"], StepReport]  # step, last command, answer
# A diagnosis (tutor/checks/diagnoses.py) by name, on the command that just ran: the values for its hint, or None.
Diagnose = Callable[[str, CommandRecord], "Mapping[str, str] | None"]


class Session:
    def __init__(self, lesson: Lesson, values: Mapping[str, str], lang: str, progress: LessonProgress,
                 evaluate: Evaluate, save: Callable[[LessonProgress], None] = lambda p: None,
                 diagnose: Diagnose = lambda name, record: None, produced: Callable[[], Produced] = Produced) -> None:
        """`produced`: what Docker gained since it was last asked (new names, pushes); read after each command."""
        self.lesson, self.values, self.lang = lesson, values, lang
        self._evaluate, self._save, self._diagnose, self._produced = evaluate, save, diagnose, produced
        ids = lesson.step_ids
        first_open = next((s for s in ids if s not in progress.done), None)
        current = progress.current if progress.current in ids else first_open
        self.progress = replace(progress, current=current)
        self.hint_index = 0  # progressive hints shown in the current step
        self.misses = 0
        self.nudged = False
        self.last_report: StepReport | None = None
        self.answer: str | None = None  # the learner's answer to the current step's question
        self.wrong_answer: str | None = None  # the last wrong one, which `why` explains
        self.started = time.monotonic()
        self.last_digest: str | None = None
        # The last command the learner ran: `check` and `why` judge it again (a step that wants `docker images`
        # looks at the last one), so it stays when the step changes, as the shell's history does.
        self.last_command: CommandRecord | None = None

    # --- state --------------------------------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.progress.current is None

    @property
    def step(self) -> Step | None:
        return self.lesson.step(self.progress.current) if self.progress.current else None

    def standing(self) -> Standing:
        return Standing(self.progress.current, self.progress.done, self.progress.hints_used, self.elapsed(),
                        self.last_digest)

    def _text(self, step_id: str):
        return self.lesson.step_text(step_id, self.lang)[0]

    def _move_to(self, step_id: str | None) -> None:
        self.hint_index, self.misses, self.nudged, self.last_report = 0, 0, False, None
        self.answer = self.wrong_answer = None
        self.progress = replace(self.progress, current=step_id, seconds=self.elapsed())
        self.started = time.monotonic()  # elapsed() is now folded into progress.seconds
        if step_id is None and not self.progress.finished:  # the end: this attempt counts as a completion
            self.progress = finished_attempt(self.progress, time.time(), len(self.progress.done))
        self._save(self.progress)

    def _advance(self, passed: bool, report: StepReport | None = None) -> list:
        step_id = self.progress.current
        events: list = []
        if passed and step_id not in self.progress.done:
            self.progress = replace(self.progress, done=self.progress.done + (step_id,))
        if passed:
            digest = _registry_digest(report)
            self.last_digest = digest or self.last_digest
            events.append(StepPassed(step_id, digest))
        ids = self.lesson.step_ids
        following = ids[ids.index(step_id) + 1:]
        nxt = next((s for s in following if s not in self.progress.done), None)
        self._move_to(nxt)
        events.append(ShowStep(nxt) if nxt else Finished(self.standing()))
        return events

    # --- what happened --------------------------------------------------------------------------------------
    def _check(self, record: CommandRecord | None, answer: str | None = None) -> list | None:
        """Evaluates the current step (with `answer`, else the learner's answer); when its checks pass,
        advances and returns the events, else None."""
        step = self.step
        self.last_report = self._evaluate(step, record or self.last_command, answer or self.answer)
        if step.checks and self.last_report.status is Status.PASS:
            return self._advance(True, self.last_report)
        return None

    def _question_open(self) -> bool:
        """The step asks a question that is still unanswered, and nothing else in it is missing: the learner
        did the commands and should now answer."""
        failing = [v for v in self.last_report.verdicts if v.status is Status.FAIL] if self.last_report else []
        return bool(failing) and self.answer is None and all(v.kind == "answer" for v in failing)

    def _judged_on_request(self) -> bool:
        """Nothing in the step can be judged here (its checks read a command's output, which --watch does not
        see; or a registry's record that only the practice registry keeps): the learner says when it is done."""
        return bool(self.step and self.step.checks and self.last_report
                    and self.last_report.status is Status.NOT_APPLICABLE)

    def _asks_question(self) -> bool:
        return any(check.kind == "answer" for check in self.step.checks) if self.step else False

    def on_command(self, record: CommandRecord) -> list:
        if self.step is None:
            return []
        self.last_command = record
        made = self._produced()
        try:
            passed = self._check(record)
        except TutorError:
            # The step's checks cannot look (the registry is down, the credential helper is missing): when the
            # learner's own command met the same trouble, its hint says what to do; else the failure is said.
            found = self.triggered_hint(self.step, record)
            if found is None:
                raise
            self.misses += 1
            return [found]
        if passed is not None:
            return passed
        if self._question_open():
            return [Notice("session.answer_now")]
        if self._judged_on_request() and self.triggered_hint(self.step, record) is None:
            return [Notice("session.done_on_request")]
        finding = not_quite(made, self.last_report)
        events: list = [ShowNotQuite(finding)] if finding else []
        found = self.triggered_hint(self.step, record)
        if found:
            events.append(found)
        self.misses += 1
        if self.misses >= NUDGE_AFTER and not self.nudged and not found and not finding:
            self.nudged = True
            events.append(Nudge())
        return events

    def restart_step(self, step_id: str) -> None:
        """`step_id` again as it began: its hints, misses and answer forgotten (the lesson tests play each
        mistake of a step from its start)."""
        self._move_to(step_id)

    def on_state_change(self) -> list:
        """Watch mode: something changed in Docker (or time passed); the step passes when its checks do."""
        if self.step is None or not self.step.checks:
            return []
        made = self._produced()
        passed = self._check(None)
        if passed is not None:
            return passed
        if self._question_open():
            return [Notice("session.answer_now")]  # watch mode says it once
        if self._judged_on_request():
            return [Notice("session.done_on_request")]  # the same: once
        finding = not_quite(made, self.last_report)
        return [ShowNotQuite(finding)] if finding else []

    def triggered_hint(self, step: Step, record: CommandRecord) -> ShowHint | None:
        """The hint of the first trigger the output matches: the current step's, then the lesson's, then any
        other step's (a learner who pushes before tagging is at the tag step, but did a push). A trigger naming
        a diagnosis matches only when the diagnosis finds its cause, whose values fill the hint. The event names
        the trigger that chose it (its lesson.yaml line): the lesson tests count what fired, never guess it."""
        output = record.output
        candidates = [(step.id, trigger) for trigger in step.triggers]
        candidates += [(step.id, trigger) for trigger in self.lesson.triggers]
        candidates += [(other.id, trigger) for other in self.lesson.steps if other.id != step.id
                       for trigger in other.triggers]
        for owner, trigger in candidates:
            if not trigger.matches(output):
                continue
            found = self._diagnose(trigger.diagnosis, record) if trigger.diagnosis else {}
            text = self._named_hint(owner, trigger.hint) if found is not None else None
            if text:
                return ShowHint(fill_markdown(text, {**self.values, **found}), category=trigger.hint,
                                trigger=trigger.line)
        return None

    def _named_hint(self, step_id: str, name: str) -> str | None:
        """In the learner's language, else in the first other language that has it."""
        languages = [self.lang] + [lang for lang in self.lesson.texts if lang != self.lang]
        return next((text for lang in languages
                     if (text := named_hint(self.lesson.texts[lang], name, step_id)) is not None), None)

    # --- in-shell words -----------------------------------------------------------------------------------
    def word(self, name: str, args: tuple[str, ...] = ()) -> list:
        if name == "lang":
            if len(args) == 1 and args[0] in LANGUAGES:
                self.lang = args[0]
                return [LanguageChanged(self.lang)] + ([ShowStep(self.progress.current)] if self.step else [])
            return [Notice("session.lang_usage")]
        if name == "steps":
            return [ShowSteps(self.standing())]
        if self.step is None:
            return [Finished(self.standing())]
        if name == "hint":
            return [self.next_hint()]
        if name == "why":
            return self._why()
        if name == "check":
            return self._check(None) or [ShowVerdicts(self.last_report)]
        if name == "next":
            if not self.step.checks:
                return self._advance(True)  # a reading step is done when the learner says so
            passed = self._check(None)
            if passed is not None:
                return passed
            if self._judged_on_request():
                return self._advance(True)  # so is a step nothing here can judge (said on arriving)
            return [Notice("session.answer_needed" if self._asks_question() else "session.next_needs_checks")]
        if name == "answer":
            return self._answer(args)
        if name == "skip":
            return self._advance(False)
        if name == "back":
            ids = self.lesson.step_ids
            index = ids.index(self.progress.current)
            if index == 0:
                return [ShowStep(self.progress.current)]
            self._move_to(ids[index - 1])
            return [ShowStep(self.progress.current)]
        return []

    def _why(self) -> list:
        """The checks judged again now (the learner may have fixed things elsewhere since the last command, or
        undone them): a step that now passes advances, as with `check`. A wrong answer just given stays
        explained ("your answer: a") until another is given."""
        passed = self._check(None, self.answer or self.wrong_answer)
        return passed or [ShowVerdicts(self.last_report)]

    def _answer(self, args: tuple[str, ...]) -> list:
        """`answer X`: right, the step passes (or waits for its commands); wrong, the hint written for that
        option (a named hint `answer-X`), else a plain "not quite"."""
        if not self._asks_question():
            return [Notice("session.no_question")]
        if len(args) != 1:
            return [Notice("session.answer_usage")]
        self.answer, self.wrong_answer = args[0].strip().lower(), None
        passed = self._check(None)
        if passed is not None:
            return passed
        if not any(v.kind == "answer" and v.status is Status.FAIL for v in self.last_report.verdicts):
            return [Notice("session.answer_right_commands_left")]
        wrong, self.answer = self.answer, None
        self.wrong_answer = wrong
        self.misses += 1
        text = self._named_hint(self.progress.current, f"answer-{wrong}")
        if text:
            return [ShowHint(fill_markdown(text, self.values), category=f"answer-{wrong}")]
        return [Notice("session.answer_wrong", {"answer": wrong})]

    def next_hint(self) -> ShowHint:
        text = self._text(self.progress.current)
        hints = text.hints
        self.progress = replace(self.progress, hints_used=self.progress.hints_used + 1)
        self._save(self.progress)
        if self.hint_index < len(hints):
            self.hint_index += 1
            return ShowHint(fill_markdown(hints[self.hint_index - 1], self.values), self.hint_index, len(hints))
        commands = "\n".join(fill(command, self.values) for command in text.commands)
        answer = next((check.args["correct"] for check in self.step.checks if check.kind == "answer"), None)
        if not commands and not answer:
            return ShowHint(fill_markdown(hints[-1], self.values) if hints else "", len(hints), len(hints))
        # The answer is said by the UI, in the words of the learner's mode (`answer b`, `jawab b`, or keys).
        return ShowHint(f"```bash\n{commands}\n```" if commands else "", solution=True, answer=answer)

    def solution(self) -> list[str]:
        """What solves the current step, typed as the learner types it: its commands, then the answer to its
        question; `next` for a reading step; nothing at the end. What --demo types, the headless driver plays
        and the lesson tests play when their tests.yaml gives no solution of its own."""
        step = self.step
        if step is None:
            return []
        if not step.checks:
            return ["next"]
        return solution_commands(step, self._text(step.id).commands, self.values) or ["next"]

    def restart_clock(self) -> None:
        """After progress.seconds took in the time so far (saving on the way out)."""
        self.started = time.monotonic()

    def elapsed(self) -> float:
        if self.finished:  # the attempt's time stopped at the end (summary and `steps` say the same later)
            return self.progress.seconds
        return self.progress.seconds + (time.monotonic() - self.started)


def _registry_digest(report: StepReport | None) -> str | None:
    """The digest an in_registry check found the image under, if the report has one."""
    for verdict in report.verdicts if report else ():
        if verdict.kind == "in_registry" and verdict.found.values.get("digest"):
            return verdict.found.values["digest"]
    return None


def solution_commands(step: Step, commands: tuple[str, ...] | list[str], values: Mapping[str, str]) -> list[str]:
    """What solves a step, typed: its commands, then `answer X` for a question it asks (the last hint, and
    what --demo types)."""
    typed = [fill(command, values) for command in commands]
    return typed + [f"answer {check.args['correct']}" for check in step.checks if check.kind == "answer"]
